"""Producing a document version: context, quality gate, render, record, optional PDF."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tilsyn.errors import UsageError
from tilsyn.report import KINDS, MALFORMS

if TYPE_CHECKING:
    from tilsyn.app.context import Session
    from tilsyn.workspace import Workspace


@dataclass(frozen=True)
class ProducedDocument:
    """What :func:`produce_document` wrote."""

    audit_id: int
    kind: str
    version: int
    malform: str
    path: Path
    sha256: str
    template: Path
    pdf: Path | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, Any]:
        """The --json output."""
        return {"tilsyn": self.audit_id, "type": self.kind, "versjon": self.version,
                "malform": self.malform, "fil": str(self.path), "sha256": self.sha256,
                "mal": str(self.template), "pdf": str(self.pdf) if self.pdf else None,
                "advarsler": list(self.warnings)}


def document_kind(value: str) -> str:
    """A document kind as typed (æøå spellings accepted)."""
    from tilsyn.text import choose

    return choose(value, KINDS, what="dokumenttype")


def language_form(value: str) -> str:
    """A language form as typed (bokmål/bokmal, nynorsk)."""
    from tilsyn.text import choose

    return choose(value, list(MALFORMS), what="målform")


def template_path(workspace: Workspace | None, kind: str, malform: str) -> Path:
    """The template to use: the workspace's own (maler/) before the shipped one."""
    from tilsyn.resources import templates_dir

    name = f"{kind}_{malform}.docx"
    if workspace is not None:
        own = workspace.templates_dir / name
        if own.is_file():
            return own
    return templates_dir() / name


def gather_violations(session: Session, audit_id: int, kind: str,
                      when: date) -> list[dict[str, Any]]:
    """Tracked violations, or (before the final report is sent) those it will lead to."""
    from tilsyn.report.context import violation_data

    tracked = session.store.followup_snapshot(audit_id)
    if tracked:
        return [{**v, "tracked": True} for v in tracked]
    from tilsyn.app.followup import plan_violations

    return [violation_data(v.number, v.requirement_ref, v.title, v.order_text,
                           v.plan_deadline, v.rectification_deadline, v.feedback_deadline,
                           list(v.points))
            for v in plan_violations(session, audit_id, when)]


def report_context(session: Session, audit_id: int, kind: str, *, malform: str | None = None,
                   report_date: date | None = None, version: int = 1,
                   show_pseudonyms: bool = False) -> tuple[dict[str, Any], Any]:
    """The template context for one document, and the audit view it was built from."""
    from tilsyn.municipalities import document_language
    from tilsyn.report.context import ContextOptions, build_context

    view = session.view(audit_id)
    if malform is None:
        try:
            malform = document_language(session.municipality(view.audit.municipality_number))
        except Exception:  # unknown number (e.g. a municipality not in the registry)
            malform = "bokmal"
    when = report_date or date.today()
    final_date = view.event_date("endelig") or when
    violations = gather_violations(session, audit_id, kind, final_date)
    options = ContextOptions(kind=kind, malform=malform, report_date=when, version=version,
                             show_pseudonyms=show_pseudonyms)
    ctx = build_context(view, session.workspace.config, session.calendar, options, violations)
    return ctx, view


def produce_document(session: Session, audit_id: int, kind: str, *,
                     malform: str | None = None, output: Path | None = None,
                     report_date: date | None = None, accept_unanswered: bool = False,
                     show_pseudonyms: bool = False, pdf: bool = False) -> ProducedDocument:
    """Produce the next version of a document for an audit (see ``tilsyn rapport``)."""
    from tilsyn.audit import scoring
    from tilsyn.report import gate
    from tilsyn.report.render import document_text, render_document, save_document, set_properties
    from tilsyn.app.sent import is_inside_sent_dir, stored_path
    from tilsyn.app.context import sha256_file

    kind = document_kind(kind)
    malform = language_form(malform) if malform else None
    version = session.store.next_document_version(audit_id, kind)
    ctx, view = report_context(session, audit_id, kind, malform=malform,
                               report_date=report_date, version=version,
                               show_pseudonyms=show_pseudonyms)
    malform = ctx["dokument"]["malform"]
    people = [p.pseudonym for p in view.participants()]
    open_slots = scoring.unanswered(view.checklist, view.answers, people)
    warnings = gate.check(view, kind, ctx, unanswered=open_slots,
                          accept_unanswered=accept_unanswered,
                          config_signatories=len(session.workspace.config.signatories))

    template = template_path(session.workspace, kind, malform)
    if output is None:
        session.workspace.output_dir.mkdir(parents=True, exist_ok=True)
        output = session.workspace.output_dir / f"tilsyn-{audit_id}-{kind}-v{version}.docx"
    output = Path(output)
    if output.suffix.lower() != ".docx":
        raise UsageError(f"Utfilen {output} må slutte på .docx.")
    if is_inside_sent_dir(session, output):
        raise UsageError(f"{output} ligger blant sendte dokumenter, som aldri overskrives; "
                         "velg en annen fil.")

    tpl = render_document(template, ctx, what=f"{ctx['dokument']['tittel']} for tilsyn {audit_id}")
    gate.check_rendered(kind, ctx, document_text(tpl.docx))
    set_properties(tpl, {
        "title": f"{ctx['dokument']['tittel']} – {ctx['kommune']['navn_kommune']}",
        "subject": ctx["tilsyn"]["tema"],
        "author": ctx["kontor"]["navn"],
        "identifier": ctx["tilsyn"]["saksnummer"],
        "keywords": f"tilsyn {audit_id}; {kind} v{version}",
        "language": "nn-NO" if malform == "nynorsk" else "nb-NO",
        "comments": f"Laget med tilsyn fra sjekklisten {ctx['tilsyn']['sjekkliste']} "
                    f"{ctx['tilsyn']['sjekkliste_versjon']}.",
    })
    save_document(tpl, output)
    digest = sha256_file(output)
    extra: dict[str, Any] = {"mal": str(template), "dato": ctx["dokument"]["dato_iso"]}
    if open_slots and accept_unanswered and kind == "endelig":
        extra["godtatt_ubesvarte"] = [gate.describe_slot(s) for s in open_slots]
    session.store.add_document_version(audit_id, kind=kind, version=version, language=malform,
                                       path=stored_path(session, output), sha256=digest,
                                       log_extra=extra)
    pdf_path = None
    if pdf:
        from tilsyn.report.pdf import convert_to_pdf

        pdf_path = convert_to_pdf(output)
    return ProducedDocument(audit_id, kind, version, malform, output.resolve(), digest,
                            template, pdf_path, tuple(warnings))
