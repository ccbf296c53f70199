"""The reminder letter (påminnelse) to a municipality whose feedback on an order is overdue.

Written in the municipality's language form from ``paminnelse_<form>.docx``: the
workspace's ``maler/`` folder first (an office's own copy), else the shipped template
(built by ``templates/build_reminder_templates.py``).

Template variables (all text unless said): ``kontor``, ``avdeling``, ``adresse``, ``dato``,
``saksnummer``, ``kommune``, ``tema``, ``endelig_dato``, ``svar_innen``,
``gammel_kommunelov`` (true under kommuneloven 1992: deadlines for a plan of measures and
rectification, no order yet), ``plan_forfalt`` / ``tilbakemelding_forfalt`` (true when a
plan of measures / feedback on rectification is overdue), ``palegg`` (list of ``nummer``,
``ref``, ``krav``, ``tittel``, ``tekst``, ``frist``, ``fristtype`` («frist», «frist for
plan for tiltak»), ``dager_over``, ``korreksjonspunkter`` (list of ``ref``, ``tekst``)),
and ``underskrivere`` (list of ``navn``, ``tittel``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tilsyn.errors import UsageError

if TYPE_CHECKING:
    from tilsyn.app.context import Session

REPLY_WEEKS = 2
"""The letter asks for a reply within this many weeks (moved to a working day)."""


def template_for(session: Session, language: str) -> Path:
    """The reminder template for ``language``: the office's own, else the shipped one."""
    from tilsyn.resources import templates_dir

    name = f"paminnelse_{language}.docx"
    own = session.workspace.templates_dir / name
    return own if own.is_file() else templates_dir() / name


def reminder_context(session: Session, audit_id: int, *, today: date) -> tuple[dict[str, Any],
                                                                             str]:
    """The template context of the reminder for ``audit_id``, and its language form.

    Raises UsageError when no feedback on the audit's orders is overdue on ``today``.
    """
    from tilsyn.audit.calendar import add_weeks, format_date
    from tilsyn.app.followup_views import overdue_kinds
    from tilsyn.municipalities import document_language
    from tilsyn.report.context import localized_violation

    view = session.view(audit_id)
    a = view.audit
    late = []
    for v in session.store.violations(audit_id):
        kinds = dict(overdue_kinds(v, today))
        kind = "tilbakemeldingsfrist" if "tilbakemeldingsfrist" in kinds else "planfrist"
        due = kinds.get(kind)
        if due is not None:
            late.append((v, due, kind))
    if not late:
        raise UsageError(
            f"Tilsyn {audit_id} har ingen pålegg der fristen for tilbakemelding er passert "
            f"per {today.isoformat()}; det er ingen påminnelse å skrive.")
    municipality = session.municipality(a.municipality_number)
    language = document_language(municipality)
    cfg = session.workspace.config
    final = view.event_date("endelig")

    def texts(v: Any) -> dict[str, Any]:
        """The violation's checklist texts in the letter's language form."""
        return localized_violation(
            {"requirement_ref": v.requirement_ref, "title": v.title,
             "order_text": v.order_text,
             "points": [{"ref_id": p.ref_id, "text": p.text} for p in v.points]},
            view.checklist, language)

    context = {
        "kontor": cfg.office_for_year(today.year, nynorsk=language == "nynorsk"),
        "avdeling": cfg.contact_for_year(today.year).department,
        "adresse": cfg.contact_for_year(today.year).address,
        "dato": format_date(today, language),
        "saksnummer": a.case_number or "",
        "kommune": municipality.display_name,
        "tema": _lower_first(view.checklist.text_in("title", language)),
        "endelig_dato": format_date(final, language) if final else "",
        "svar_innen": format_date(add_weeks(today, REPLY_WEEKS, session.calendar), language),
        "gammel_kommunelov": a.regime == "kl1992",
        "plan_forfalt": any(kind == "planfrist" for _, _, kind in late),
        "tilbakemelding_forfalt": any(kind != "planfrist" for _, _, kind in late),
        "palegg": [{
            "nummer": str(v.number), "ref": v.requirement_ref, "krav": v.requirement_ref,
            "tittel": t["title"], "tekst": t["order_text"], "frist": format_date(due, language),
            "fristtype": "frist for plan for tiltak" if kind == "planfrist" else "frist",
            "dager_over": str((today - due).days),
            # Points already assessed as rectified are not asked for again.
            "korreksjonspunkter": [{"ref": p.ref_id, "tekst": tp["text"]}
                                   for p, tp in zip(v.points, t["points"], strict=True)
                                   if p.assessment != "rettet"],
        } for v, due, kind in late for t in [texts(v)]],
        "underskrivere": [{"navn": s.name, "tittel": s.title} for s in cfg.signatories],
    }
    return context, language


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def write_reminder(session: Session, audit_id: int, folder: Path, *, today: date) -> Path:
    """Write the reminder letter for ``audit_id`` into ``folder``; returns the file."""
    from tilsyn.report.render import render_template

    context, language = reminder_context(session, audit_id, today=today)
    a = session.store.get_audit(audit_id)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    output = folder / f"paminnelse-tilsyn-{audit_id}-{a.municipality_name}-{today.isoformat()}.docx"
    title = "Påminning" if language == "nynorsk" else "Påminnelse"
    render_template(template_for(session, language), context, output,
                    properties={"title": f"{title} – {a.title}", "author": context["kontor"]})
    return output
