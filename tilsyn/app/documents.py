"""Use cases of the office's documents: producing a version (context, quality gate,
render, record), freezing a sent version, and the output rules every write obeys.

A final report is assembled here: the audit's view and its violations (tracked, or
planned by :func:`tilsyn.audit.plan.plan_violations`), the legal frame of the report's
date (:func:`tilsyn.app.legal.resolve_frame`), the deadlines
(:func:`tilsyn.audit.lifecycle.derive_deadlines`), the context
(:func:`tilsyn.report.context.build_context`), the quality gate
(:mod:`tilsyn.report.gate`), rendering (:mod:`tilsyn.report.render`) and the one
output door (:func:`tilsyn.files.write_file`).

Sent documents: when an event says a document was sent (varsel, forelopig, endelig,
palegg, avsluttet), the newest produced version of that kind — as it is on disk then, after any
light editing in Word — is copied to ``<workspace>/sendt/tilsyn-<id>/<kind>-v<n>.docx``,
made read-only, and its sha256 stored, in the event's transaction.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tilsyn.audit.values import DocumentKind, EventType, LanguageForm, Regime
from tilsyn.errors import TilsynError, UsageError
from tilsyn.files import OutputRules, sha256_file
from tilsyn.report import KINDS as DOCUMENT_KINDS
from tilsyn.report import MALFORMS

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from tilsyn.app.context import AppContext
    from tilsyn.audit.legal import LegalFrame
    from tilsyn.audit.lifecycle import Deadlines
    from tilsyn.audit.models import Audit, AuditView, DocumentVersion
    from tilsyn.audit.violation import Violation

KINDS = DOCUMENT_KINDS
"""Document kinds (``--type``) and what they are."""

LANGUAGE_FORMS = MALFORMS
"""Language forms a document can be written in (``--malform``)."""

SENT_ON: dict[str, str] = {
    EventType.NOTICE: DocumentKind.NOTICE,
    EventType.PRELIMINARY: DocumentKind.PRELIMINARY,
    EventType.FINAL: DocumentKind.FINAL,
    EventType.ORDER: DocumentKind.ORDER,
    EventType.CLOSED: DocumentKind.CLOSING,
}
"""The document an event says was sent."""


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


def document_kind(value: str) -> str:
    """A document kind as typed (æøå spellings accepted)."""
    from tilsyn.text import choose

    return choose(value, KINDS, what="dokumenttype")


def language_form(value: str) -> str:
    """A language form as typed (bokmål/bokmal, nynorsk)."""
    from tilsyn.text import choose

    return choose(value, list(LANGUAGE_FORMS), what="målform")


# --- where documents live -----------------------------------------------------------


def resolve_stored(ctx: AppContext, stored: str) -> Path:
    """A stored document path (relative to the workspace, or absolute) as a Path."""
    path = Path(stored)
    return path if path.is_absolute() else ctx.workspace.root / path


def stored_path(ctx: AppContext, path: Path) -> str:
    """A path as stored: relative to the workspace when inside it (portable), else absolute."""
    path = Path(path).resolve()
    try:
        return path.relative_to(ctx.workspace.root.resolve()).as_posix()
    except ValueError:
        return str(path)


def sent_path(ctx: AppContext, audit_id: int, kind: str, version: int, suffix: str) -> Path:
    """Where the frozen copy of a sent document lives."""
    return ctx.workspace.sent_dir / f"tilsyn-{audit_id}" / f"{kind}-v{version}{suffix}"


def output_rules(
    ctx: AppContext,
    *,
    owner: int | None = None,
    freeze: bool = False,
    conn: Connection | None = None,
) -> OutputRules:
    """The rules every write in this workspace obeys: sendt/ is frozen, and a document
    registered to an audit is overwritten only for that audit."""
    registered = {
        resolve_stored(ctx, path).resolve(): audit_id
        for audit_id, path in ctx.store.documents.registered_paths(conn=conn)
    }
    return OutputRules(
        frozen_dirs=(ctx.workspace.sent_dir,), registered=registered, owner=owner, freeze=freeze
    )


# --- producing a document -------------------------------------------------------------


def document_language(ctx: AppContext, view: AuditView) -> str:
    """The language form of the municipality's documents: nynorsk for a nynorsk
    municipality (its number, or the number that covers it now), else bokmål."""
    form = ctx.language_form(view.audit.municipality_number)
    return LanguageForm.NYNORSK if form == "nynorsk" else LanguageForm.BOKMAL


def violations_for(ctx: AppContext, view: AuditView, final: date) -> list[Violation]:
    """The tracked violations, or (before the final report is recorded) those a final
    report dated ``final`` leads to."""
    from tilsyn.audit.plan import plan_violations

    tracked = ctx.store.violations.all(view.audit.id)
    if tracked:
        return tracked
    weeks = ctx.weeks(view.audit).rectification
    return plan_violations(view, final, weeks=weeks, calendar=ctx.calendar)


def document_deadlines(ctx: AppContext, view: AuditView, kind: str, when: date) -> Deadlines:
    """The audit's deadlines as a document of ``kind`` dated ``when`` states them: the
    event the document stands for is assumed on its date when not recorded yet."""
    from tilsyn.audit.lifecycle import derive_deadlines

    assumed: dict[str, date] = (
        {kind: when} if kind in (EventType.NOTICE, EventType.PRELIMINARY) else {}
    )
    if kind == DocumentKind.FINAL:
        assumed = {EventType.FINAL: when}
    if kind == DocumentKind.ORDER:
        assumed = {EventType.FINAL: when}
        if view.audit.regime == Regime.KL1992:
            assumed[EventType.ORDER] = when
    return derive_deadlines(
        [(e.type, e.date) for e in view.events],
        ctx.weeks(view.audit),
        ctx.calendar,
        regime=view.audit.regime,
        assumed=assumed,
        decision=when,
    )


def report_context(
    ctx: AppContext,
    audit_id: int,
    kind: str,
    *,
    malform: str | None = None,
    report_date: date | None = None,
    version: int = 1,
    show_pseudonyms: bool = False,
) -> tuple[dict[str, Any], AuditView]:
    """The template context for one document, and the audit view it was built from."""
    doc, view, _ = _context_and_frame(
        ctx,
        audit_id,
        kind,
        malform=malform,
        report_date=report_date,
        version=version,
        show_pseudonyms=show_pseudonyms,
    )
    return doc, view


def _context_and_frame(
    ctx: AppContext,
    audit_id: int,
    kind: str,
    *,
    malform: str | None = None,
    report_date: date | None = None,
    version: int = 1,
    show_pseudonyms: bool = False,
) -> tuple[dict[str, Any], AuditView, LegalFrame]:
    from tilsyn.app.legal import check_checklist_date, resolve_frame, transitional_ok
    from tilsyn.report.context import ContextOptions, build_context

    view = ctx.store.audits.view(audit_id)
    malform = malform or document_language(ctx, view)
    when = report_date or date.today()
    final = view.event_date(EventType.FINAL) or when
    weeks = ctx.weeks(view.audit)
    deadlines = document_deadlines(ctx, view, kind, when)
    notice = view.event_date(EventType.NOTICE)
    check_checklist_date(
        ctx,
        view.checklist,
        when,
        transitional_ok=transitional_ok(view.audit, view.checklist, notice),
        what="dokumentdatoen",
    )
    frame = resolve_frame(
        view.audit, view.checklist, ctx.workspace.config, when, malform, notice=notice
    )
    options = ContextOptions(
        kind=kind,
        malform=malform,
        report_date=when,
        version=version,
        show_pseudonyms=show_pseudonyms,
    )
    signatories = team_signatories(ctx, view.audit).signatories
    violations = violations_for(ctx, view, final)
    if kind == DocumentKind.ORDER and view.audit.regime == Regime.KL1992:
        from tilsyn.audit.plan import overdue_for_order

        # kl. 1992 § 60 d: the order covers what is still open after its deadline.
        violations = overdue_for_order(violations, when)
    doc = build_context(
        view,
        frame,
        deadlines,
        weeks,
        options,
        violations,
        signatories,
        electronic_approval=ctx.workspace.config.electronic_approval,
    )
    return doc, view, frame


@dataclass(frozen=True)
class Signatories:
    """Who signs an audit's documents, and what stops or should be said about it."""

    signatories: list[tuple[str, str, str | None]]
    """(name, title, nynorsk title) of each signatory."""
    problems: list[str]
    warnings: list[str]


def team_signatories(ctx: AppContext, audit: Audit) -> Signatories:
    """The audit's documents are signed by its team: the lead and one more of the team
    (the first auditor in the office's list of signatories), with the titles from that
    list (``[[underskrivere]]`` in tilsyn.toml). Never by someone outside the team."""
    config = ctx.workspace.config
    aid = audit.id
    problems: list[str] = []
    warnings: list[str] = []
    if not audit.lead:
        problems.append(
            f"Tilsyn {aid} har ingen tilsynsleder. Brev og rapporter underskrives av "
            "tilsynslederen og en annen i tilsynsgruppen; registrer dem med tilsyn endre "
            f"{aid} --tilsynsleder «Navn» --revisor «Navn»."
        )
        return Signatories([], problems, warnings)
    lead_key = " ".join(audit.lead.split()).casefold()
    others = [a for a in audit.auditors if " ".join(a.split()).casefold() != lead_key]
    second = next((a for a in others if config.signatory(a) is not None), None)
    if second is None and others:
        second = others[0]
    signers = [audit.lead] + ([second] if second else [])
    if second is None:
        warnings.append(
            f"Tilsyn {aid} har bare tilsynslederen i tilsynsgruppen, så dokumentet er "
            f"underskrevet av én person. Legg til en revisor: tilsyn endre {aid} --revisor "
            "«Navn»."
        )
    out: list[tuple[str, str, str | None]] = []
    for name in signers:
        role = "tilsynsleder" if name == audit.lead else "revisor"
        setting = config.signatory(name)
        if setting is None:
            problems.append(
                f"{name} ({role} i tilsyn {aid}) står ikke blant underskriverne i "
                f'tilsyn.toml, så tittelen mangler. Legg til [[underskrivere]] med navn = "{name}" '
                'og tittel = "…" (og eventuelt tittel_nynorsk = "…").'
            )
            continue
        out.append((setting.name, setting.title, setting.title_nynorsk))
    return Signatories(out, problems, warnings)


def check_procedure(
    ctx: AppContext, view: AuditView, kind: str, when: date, *, reason: str | None
) -> list[str]:
    """The rules of the procedure for a document of ``kind`` dated ``when`` (the same as
    for recording its event): problems for the quality gate; a kl. 1992 order before its
    time is refused at once."""
    from tilsyn.audit import lifecycle
    from tilsyn.audit.plan import check_order_letter

    aid = view.audit.id
    events = [(e.type, e.date) for e in view.events]
    if kind == DocumentKind.ORDER:
        sent = view.event_date(EventType.ORDER)
        if sent is not None:
            raise UsageError(
                f"Pålegget i tilsyn {aid} ble registrert sendt {sent.isoformat()}; det lages "
                "ikke på nytt. Følg opp påleggene med tilsyn lovbrudd."
            )
        check_order_letter(
            aid,
            regime=view.audit.regime,
            final=view.event_date(EventType.FINAL),
            violations=ctx.store.violations.all(aid),
            when=when,
        )
        return []
    if kind not in (DocumentKind.PRELIMINARY, DocumentKind.FINAL):
        return []
    recorded = view.event_date(kind)
    if recorded is not None and recorded <= when:
        # Already sent: a new version of a sent document (e.g. a corrected copy).
        return []
    deadlines = lifecycle.derive_deadlines(
        [e for e in events if e[0] != kind],
        ctx.weeks(view.audit),
        ctx.calendar,
        regime=view.audit.regime,
    )
    problems = lifecycle.binding_problems(
        kind,
        when,
        events,
        deadlines,
        comments_registered=bool(view.comments),
        audit_id=aid,
        action="lages",
    )
    return [] if reason else problems


def produce_document(
    ctx: AppContext,
    audit_id: int,
    kind: str,
    *,
    malform: str | None = None,
    output: Path | None = None,
    report_date: date | None = None,
    accept_unanswered: bool = False,
    show_pseudonyms: bool = False,
    pdf: bool = False,
    reason: str | None = None,
) -> ProducedDocument:
    """Produce the next version of a document for an audit (see ``tilsyn rapport``).

    ``reason`` lets a report be written before a deadline that protects the municipality
    (the comment or documentation deadline); it is logged with the document."""
    from tilsyn.audit.scoring import unanswered
    from tilsyn.report import gate
    from tilsyn.report.context import complete_appendix
    from tilsyn.report.render import (
        document_text,
        render_document,
        save_document,
        set_properties,
        template_path,
    )
    from tilsyn.text import guard_text

    kind = document_kind(kind)
    malform = language_form(malform) if malform else None
    reason = guard_text(reason, where="--begrunnelse", max_length=2000)
    when = report_date or date.today()
    from tilsyn.files import check_target

    rules = output_rules(ctx, owner=audit_id)
    if output is not None:  # a target that may never be written is named first
        output = Path(output)
        if output.suffix.lower() != ".docx":
            raise UsageError(f"Utfilen {output} må slutte på .docx.")
        check_target(output, rules, what="dokumentet")
    procedure = check_procedure(ctx, ctx.store.audits.view(audit_id), kind, when, reason=reason)
    version = ctx.store.documents.next_version(audit_id, kind)
    doc, view, frame = _context_and_frame(
        ctx,
        audit_id,
        kind,
        malform=malform,
        report_date=when,
        version=version,
        show_pseudonyms=show_pseudonyms,
    )
    malform = doc["dokument"]["malform"]
    people = [p.pseudonym for p in view.participants()]
    open_slots = unanswered(view.assessed_checklist, view.answers, people)
    signers = team_signatories(ctx, view.audit)
    logo = office_logo(ctx)
    warnings = gate.check(
        view,
        kind,
        doc,
        unanswered=open_slots,
        accept_unanswered=accept_unanswered,
        signatory_problems=signers.problems,
        procedure=procedure,
        frame=frame,
    )
    warnings.extend(signers.warnings)
    warnings.extend(letter_warnings(view.audit))
    warnings.extend(_holiday_warnings(ctx, view, kind, when))

    template = template_path(kind, malform, ctx.workspace.templates_dir)
    if output is None:
        ctx.workspace.output_dir.mkdir(parents=True, exist_ok=True)
        output = ctx.workspace.output_dir / f"tilsyn-{audit_id}-{kind}-v{version}.docx"
    output = Path(output)
    check_target(output, rules, what="dokumentet")

    what = f"{doc['dokument']['tittel']} for tilsyn {audit_id}"
    tpl = render_document(template, doc, what=what, logo=logo)
    # The legal appendix lists every section the document cites, also those only the
    # template's own text cites: render again with the ones it missed.
    if complete_appendix(doc, document_text(tpl.docx)):
        tpl = render_document(template, doc, what=what, logo=logo)
    gate.check_rendered(kind, doc, document_text(tpl.docx))
    set_properties(
        tpl,
        {
            "title": f"{doc['dokument']['tittel']} – {doc['kommune']['navn_kommune']}",
            "subject": doc["tilsyn"]["tema"],
            "author": doc["kontor"]["navn"],
            "identifier": doc["tilsyn"]["saksnummer"],
            "keywords": f"tilsyn {audit_id}; {kind} v{version}",
            "language": "nn-NO" if malform == LanguageForm.NYNORSK else "nb-NO",
            "comments": (
                "Laga med tilsyn frå sjekklista"
                if malform == LanguageForm.NYNORSK
                else "Laget med tilsyn fra sjekklisten"
            )
            + f" {doc['tilsyn']['sjekkliste']} {doc['tilsyn']['sjekkliste_versjon']}.",
        },
    )
    written = save_document(tpl, output, rules=rules)
    digest = sha256_file(written)
    extra: dict[str, Any] = {"mal": str(template), "dato": doc["dokument"]["dato_iso"]}
    if reason:
        extra["begrunnelse"] = reason
    if open_slots and accept_unanswered and kind == DocumentKind.FINAL:
        extra["godtatt_ubesvarte"] = [s.describe() for s in open_slots]
    ctx.store.documents.add_version(
        audit_id,
        kind=kind,
        version=version,
        language=malform,
        path=stored_path(ctx, written),
        sha256=digest,
        log_extra=extra,
    )
    pdf_path = None
    if pdf:
        from tilsyn.report.pdf import convert_to_pdf

        pdf_path = convert_to_pdf(written, rules=rules)
    return ProducedDocument(
        audit_id, kind, version, malform, written, digest, template, pdf_path, tuple(warnings)
    )


def letter_warnings(audit: Audit) -> list[str]:
    """What a letter to the municipality lacks that only the auditor can give: its postal
    address (never derived)."""
    if audit.recipient_address:
        return []
    return [
        f"Tilsyn {audit.id} har ingen postadresse for {audit.municipality_name} kommune, så "
        "adressefeltet har bare kommunens navn. Sett adressen med: tilsyn endre "
        f"{audit.id} --postadresse «Postboks …, 0000 Sted»"
    ]


def office_logo(ctx: AppContext) -> Path | None:
    """The letterhead's logo (``[kontor] logo``), checked: None when not set."""
    from tilsyn.report.render import check_logo

    given = ctx.workspace.config.logo
    if not given:
        return None
    path = Path(given)
    if not path.is_absolute():
        path = ctx.workspace.root / path
    check_logo(path, setting=f"{ctx.workspace.config_path}: [kontor] logo = «{given}»")
    return path


def _holiday_warnings(ctx: AppContext, view: AuditView, kind: str, when: date) -> list[str]:
    from tilsyn.audit import lifecycle

    if view.event_date(kind) is not None and kind != DocumentKind.CLOSING:
        return []  # the deadlines were set when the document was sent
    deadlines = document_deadlines(ctx, view, kind, when)
    found = []
    for label, due, option in lifecycle.deadlines_set_by(kind, deadlines):
        w = lifecycle.holiday_warning(label, due, option, view.audit.id)
        if w:
            found.append(w)
    return found


# --- sent documents -------------------------------------------------------------------


def mark_sent(
    ctx: AppContext, audit_id: int, doc_kind: str, when: date, *, conn: Connection | None = None
) -> DocumentVersion | None:
    """Freeze the newest produced ``doc_kind`` document of the audit as sent on ``when``.

    Returns the sent version, or None when no document of that kind was produced with
    tilsyn (the event is recorded all the same). Run inside the event's transaction
    (``conn``): if anything fails, neither the event nor the sent mark is stored; a
    frozen copy already written with the same content is reused when the step is rerun.
    """
    from tilsyn.files import write_bytes

    versions = ctx.store.documents.versions(audit_id, doc_kind, conn=conn)
    if not versions:
        return None
    newest = versions[-1]
    if newest.sent:
        return newest
    source = resolve_stored(ctx, newest.path)
    if not source.is_file():
        raise TilsynError(
            f"{KINDS[doc_kind].capitalize()} versjon {newest.version} ({source}) finnes ikke "
            "lenger, så den sendte versjonen kan ikke tas vare på; hendelsen er ikke "
            f"registrert. Lag dokumentet på nytt (tilsyn rapport {audit_id} --type "
            f"{doc_kind}) og registrer hendelsen igjen."
        )
    target = sent_path(ctx, audit_id, doc_kind, newest.version, source.suffix or ".docx")
    data = source.read_bytes()
    if target.exists():
        # A rerun after an interrupted event: reuse the copy if it is this document.
        if target.read_bytes() != data:
            raise TilsynError(
                f"{target} finnes allerede med et annet innhold og blir ikke overskrevet; "
                "hendelsen er ikke registrert. Kontroller filen."
            )
        os.chmod(target, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(
            target,
            data,
            rules=output_rules(ctx, owner=audit_id, freeze=True, conn=conn),
            what="den sendte kopien",
        )
        os.chmod(target, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    return ctx.store.documents.mark_sent(
        audit_id,
        newest.id,
        when=when,
        frozen_path=stored_path(ctx, target),
        sha256=sha256_file(target),
        conn=conn,
    )


def changed_sent_copies(ctx: AppContext, audit_id: int | None = None) -> list[str]:
    """Sent copies whose file is missing or whose checksum no longer matches the store."""
    problems = []
    for version in ctx.store.documents.sent_versions(audit_id):
        path = resolve_stored(ctx, version.path)
        where = f"tilsyn {version.audit_id}: {version.kind} v{version.version} ({version.path})"
        if not path.is_file():
            problems.append(f"{where}: den sendte kopien mangler")
        elif sha256_file(path) != version.sha256:
            problems.append(f"{where}: den sendte kopien er endret etter at den ble sendt")
    return problems
