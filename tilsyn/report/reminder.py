"""The reminder letter (påminnelse) to a municipality whose feedback on an order is overdue.

Written in the municipality's language form from ``paminnelse_<form>.docx``: the
workspace's ``maler/`` folder first (an office's own copy), else the shipped template
(built by ``templates/build_reminder_templates.py``).

Template variables (all text unless said): ``kontor``, ``avdeling``, ``adresse``,
``epost``, ``telefon``, ``dato``, ``saksnummer``, ``kommune``, ``tema``, ``endelig_dato``,
``svar_innen``, ``gammel_kommunelov`` (true under kommuneloven 1992: deadlines for a plan
of measures and rectification, no order yet), ``plan_forfalt`` /
``tilbakemelding_forfalt`` (true when a plan of measures / feedback on rectification is
overdue), ``palegg`` (list of ``nummer``, ``ref``, ``krav``, ``tittel``, ``tekst``,
``frist``, ``fristtype`` («frist», «frist for plan for tiltak»), ``dager_over``,
``dager_tekst`` («3 dagar over fristen» agreeing in number), ``korreksjonspunkter`` (list
of ``nr`` (1.1, 1.2 … as in the report), ``ref``, ``tekst``)), ``antall_palegg``,
``underskrivere`` (list of ``navn``, ``tittel``: the audit's team), ``mottaker`` and
``brev`` (the addressee block and the references, as in the other letters; see
docs/malkontekst.md) and ``logo`` (the letterhead's logo, or empty).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tilsyn.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from tilsyn.audit.calendar import Calendar
    from tilsyn.audit.legal import Office
    from tilsyn.audit.models import AuditView
    from tilsyn.audit.violation import Violation
    from tilsyn.files import OutputRules
    from tilsyn.report.context import Signer

REPLY_WEEKS = 2
"""The letter asks for a reply within this many weeks (moved to a working day)."""


def reminder_context(
    view: AuditView,
    violations: list[Violation],
    *,
    today: date,
    language: str,
    office: Office,
    signatories: Sequence[Signer],
    calendar: Calendar,
    administration_head: str = "",
    electronic_approval: bool = False,
) -> dict[str, Any]:
    """The template context of the reminder for the audit of ``view``; ``signatories``
    are the audit's team members who sign (name, title[, nynorsk title]),
    ``administration_head`` the title «v/» addresses on the date.

    Raises UsageError when no feedback on the audit's orders is overdue on ``today``.
    """
    from tilsyn.audit.calendar import add_weeks, format_date
    from tilsyn.audit.violation import overdue
    from tilsyn.report.context import (
        letter_block,
        localized_violation,
        recipient,
        signatory_entries,
    )

    a = view.audit
    late = []
    for v in violations:
        kinds = dict(overdue(v, today))
        kind = "tilbakemeldingsfrist" if "tilbakemeldingsfrist" in kinds else "planfrist"
        due = kinds.get(kind)
        if due is not None:
            late.append((localized_violation(v, view.checklist, language), v, due, kind))
    if not late:
        raise UsageError(
            f"Tilsyn {a.id} har ingen pålegg der fristen for tilbakemelding er passert "
            f"per {today.isoformat()}; det er ingen påminnelse å skrive."
        )
    final = view.event_date("endelig")
    return {
        "kontor": office.name,
        "avdeling": office.department,
        "adresse": office.address,
        "epost": office.email,
        "telefon": office.phone,
        "dato": format_date(today, language),
        "saksnummer": a.case_number or "",
        "kommune": f"{a.municipality_name} kommune",
        "tema": _lower_first(view.checklist.text_in("title", language)),
        "endelig_dato": format_date(final, language) if final else "",
        "svar_innen": format_date(add_weeks(today, REPLY_WEEKS, calendar), language),
        "gammel_kommunelov": a.regime == "kl1992",
        "plan_forfalt": any(kind == "planfrist" for *_, kind in late),
        "tilbakemelding_forfalt": any(kind != "planfrist" for *_, kind in late),
        "palegg": [
            {
                "nummer": str(v.number),
                "ref": v.requirement_ref,
                "krav": v.requirement_ref,
                "tittel": t.title,
                "tekst": t.order_text,
                "frist": format_date(due, language),
                "fristtype": "frist for plan for tiltak" if kind == "planfrist" else "frist",
                "dager_over": str((today - due).days),
                "dager_tekst": _days_over((today - due).days, language),
                # Points already assessed as rectified are not asked for again.
                "korreksjonspunkter": [
                    {"nr": f"{v.number}.{i}", "ref": p.ref_id, "tekst": tp.text}
                    for i, (p, tp) in enumerate(zip(v.points, t.points, strict=True), start=1)
                    if p.assessment != "rettet"
                ],
            }
            for t, v, due, kind in late
        ],
        "antall_palegg": len(late),
        "underskrivere": signatory_entries(signatories, language),
        "mottaker": recipient(a, a.municipality_name, administration_head),
        "brev": letter_block(a, electronic_approval=electronic_approval),
        "logo": "",
    }


def _days_over(days: int, language: str) -> str:
    """«1 dag over fristen» / «3 dagar over fristen» (bokmål «dager»)."""
    if days == 1:
        return "1 dag over fristen"
    return f"{days} {'dagar' if language == 'nynorsk' else 'dager'} over fristen"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def reminder_letter(
    view: AuditView,
    violations: list[Violation],
    folder: Path,
    *,
    today: date,
    language: str,
    office: Office,
    signatories: Sequence[Signer],
    calendar: Calendar,
    templates_dir: Path | None,
    rules: OutputRules,
    administration_head: str = "",
    electronic_approval: bool = False,
    logo: Path | None = None,
) -> Path:
    """Write the reminder letter for the audit of ``view`` into ``folder``; returns the file."""
    from tilsyn.report.render import render_template, template_path

    context = reminder_context(
        view,
        violations,
        today=today,
        language=language,
        office=office,
        signatories=signatories,
        calendar=calendar,
        administration_head=administration_head,
        electronic_approval=electronic_approval,
    )
    a = view.audit
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    output = folder / f"paminnelse-tilsyn-{a.id}-{a.municipality_name}-{today.isoformat()}.docx"
    title = "Påminning" if language == "nynorsk" else "Påminnelse"
    return render_template(
        template_path("paminnelse", language, templates_dir),
        context,
        output,
        rules=rules,
        properties={"title": f"{title} – {a.title}", "author": office.name},
        logo=logo,
    )
