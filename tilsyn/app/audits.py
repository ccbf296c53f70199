"""Use cases of an audit: creating and changing it, its events (with what follows from
them), the register of received documents, interviews and the municipality's comments,
and the overview of one audit or all of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tilsyn.audit import lifecycle
from tilsyn.audit.values import EventType, Regime
from tilsyn.errors import NotFoundError, UsageError
from tilsyn.text import choose, fold, guard_text, required_text

if TYPE_CHECKING:
    from tilsyn.app.context import AppContext
    from tilsyn.audit.lifecycle import Deadline
    from tilsyn.audit.models import (
        Audit,
        AuditView,
        Comment,
        DocumentVersion,
        Event,
        Interview,
        LogEntry,
        ReceivedDocument,
    )
    from tilsyn.audit.scoring import Progress, RequirementResult
    from tilsyn.audit.violation import Violation

REGIMES = [Regime.KL2018, Regime.KL1992]


def create_audit(
    ctx: AppContext,
    *,
    municipality: str,
    checklist: str,
    case_number: str | None,
    lead: str | None,
    auditors: list[str],
    title: str | None,
    regime: str = Regime.KL2018,
) -> Audit:
    """Create an audit of one municipality on one checklist, pinned to its version."""
    m = ctx.registry.get(municipality)
    cl = ctx.checklist(checklist)
    regime = choose(regime, REGIMES, what="regime")
    title = guard_text(title, where="--tittel", max_length=300) or f"{cl.title} – {m.display_name}"
    return ctx.store.audits.create(
        municipality_number=m.number,
        municipality_name=m.name,
        county=m.county,
        checklist=cl,
        title=title,
        case_number=guard_text(case_number, where="--saksnummer", max_length=100),
        lead=guard_text(lead, where="--tilsynsleder", max_length=200),
        auditors=[
            a for a in (guard_text(x, where="--revisor", max_length=200) for x in auditors) if a
        ],
        regime=regime,
    )


def update_audit(ctx: AppContext, audit_id: int, **changes: Any) -> Audit:
    """Change audit details; ``None`` values are left as they are."""
    values: dict[str, Any] = {}
    limits = {"case_number": 100, "title": 300, "lead": 200}
    options = {"case_number": "--saksnummer", "title": "--tittel", "lead": "--tilsynsleder"}
    for key in ("case_number", "title", "lead"):
        if changes.get(key) is not None:
            values[key] = guard_text(changes[key], where=options[key], max_length=limits[key])
    if changes.get("auditors") is not None:
        values["auditors"] = [
            a
            for a in (guard_text(x, where="--revisor", max_length=200) for x in changes["auditors"])
            if a
        ]
    if changes.get("regime") is not None:
        values["regime"] = choose(changes["regime"], REGIMES, what="regime")
    for key in ("documentation_weeks", "comment_weeks", "rectification_weeks"):
        weeks = changes.get(key)
        if weeks is not None:
            if not 1 <= weeks <= 52:
                raise UsageError(f"En frist må være mellom 1 og 52 uker (fikk {weeks}).")
            values[key] = weeks
    if not values:
        raise UsageError("Ingenting å endre: oppgi minst ett valg (se tilsyn endre --help).")
    return ctx.store.audits.update(audit_id, **values)


# --- events ---------------------------------------------------------------------------


@dataclass(frozen=True)
class EventResult:
    """What recording an event did."""

    event: Event
    opened: tuple[Violation, ...] = ()
    """Orders opened by the final report."""
    sent: DocumentVersion | None = None
    """The document frozen as sent."""


def record_event(
    ctx: AppContext,
    audit_id: int,
    kind: str,
    when: date,
    *,
    note: str | None = None,
    correct: bool = False,
) -> EventResult:
    """Record a lifecycle event and what follows from it, all in one transaction:

    - ``varsel``/``forelopig``/``endelig``/``avsluttet``: the newest produced document of
      that kind is frozen as sent (:func:`tilsyn.app.documents.mark_sent`);
    - ``endelig``: every confirmed violation becomes a tracked order;
    - ``avsluttet``: refused while an order is not closed.
    """
    from tilsyn.app.documents import SENT_ON, mark_sent
    from tilsyn.app.followup import check_closable, open_violations
    from tilsyn.audit.calendar import check_span

    kind = lifecycle.event_type(kind)
    note = guard_text(note, where="--notat", max_length=2000)
    store = ctx.store
    with store.transaction() as conn:
        _, events = store.audits.events(audit_id, conn=conn, lock=True)
        check_span(when, [e.date for e in events], what=f"«{kind}» (--dato)")
        if correct:
            event_id, _ = lifecycle.event_to_correct(kind, [(e.id, e.type, e.date) for e in events])
            target = next(e for e in events if e.id == event_id)
            others = [(e.type, e.date) for e in events if e.id != event_id]
            lifecycle.check_dates(kind, when, others)
            event = store.audits.correct_event(
                audit_id,
                target,
                when,
                note=note,
                phase=lifecycle.phase([*others, (kind, when)]),
                conn=conn,
            )
            return EventResult(event)
        pairs = [(e.type, e.date) for e in events]
        if kind == EventType.CLOSED:
            check_closable(audit_id, store.violations.all(audit_id, conn=conn))
        lifecycle.check_event(kind, when, pairs)
        event = store.audits.add_event(
            audit_id,
            kind,
            when,
            note=note,
            phase=lifecycle.phase([*pairs, (kind, when)]),
            conn=conn,
        )
        opened: list[Violation] = []
        if kind == EventType.FINAL:
            opened = open_violations(ctx, audit_id, when, conn=conn)
        sent = mark_sent(ctx, audit_id, SENT_ON[kind], when, conn=conn) if kind in SENT_ON else None
    return EventResult(event, tuple(opened), sent)


# --- evidence -------------------------------------------------------------------------


def register_document(
    ctx: AppContext,
    audit_id: int,
    *,
    title: str,
    when: date | None,
    kind: str | None,
    path: Path | None,
) -> ReceivedDocument:
    """Register a received document (its path and sha256 are stored, not the file)."""
    from tilsyn.files import sha256_file

    title = required_text(title, where="--tittel", what="Tittelen", max_length=300)
    digest = None
    stored_path = None
    if path is not None:
        path = Path(path)
        if not path.is_file():
            raise NotFoundError(f"Finner ikke filen {path}.")
        stored_path = guard_text(str(path.resolve()), where="--fil", max_length=1000)
        digest = sha256_file(path)
    return ctx.store.evidence.add_document(
        audit_id,
        title=title,
        when=when,
        kind=guard_text(kind, where="--type", max_length=100),
        path=stored_path,
        sha256=digest,
    )


def register_interview(
    ctx: AppContext,
    audit_id: int,
    *,
    role: str,
    when: date,
    name: str | None = None,
    note: str | None = None,
) -> Interview:
    """Record an interview by role."""
    return ctx.store.evidence.add_interview(
        audit_id,
        role=required_text(role, where="--rolle", what="Rollen", max_length=200),
        when=when,
        name=guard_text(name, where="--navn", max_length=200),
        note=guard_text(note, where="--notat"),
    )


def register_comment(
    ctx: AppContext, audit_id: int, *, text: str, requirement: str | None, response: str | None
) -> Comment:
    """Record the municipality's comment (uttalelse) on the preliminary report."""
    store = ctx.store
    with store.transaction() as conn:
        _, events = store.audits.events(audit_id, conn=conn, lock=True)
        if not any(e.type == EventType.PRELIMINARY for e in events):
            raise UsageError(
                "Kommunens uttalelse kan først registreres når foreløpig rapport er sendt "
                f"(tilsyn hendelse {audit_id} forelopig)."
            )
        ref = None
        if requirement:
            ref = (
                store.audits.checklist_of(audit_id, conn=conn)
                .requirement_by_ref(requirement)
                .ref_id
            )
        return store.evidence.add_comment(
            audit_id,
            text=required_text(text, where="--tekst", what="Uttalelsen"),
            requirement_ref=ref,
            response=guard_text(response, where="--vurdering"),
            conn=conn,
        )


def resolve_document_numbers(view: AuditView, numbers: list[str]) -> tuple[int, ...]:
    """Document numbers typed as sources, checked against the register."""
    known = {d.number for d in view.documents}
    out = []
    for n in numbers:
        try:
            value = int(str(n).strip().lstrip("#"))
        except ValueError:
            raise UsageError(f"«{n}» er ikke et dokumentnummer (se tilsyn vis).") from None
        if value not in known:
            raise NotFoundError(
                f"Dokument nr. {value} finnes ikke i dokumentregisteret til tilsyn "
                f"{view.audit.id} (registrer det med tilsyn dokument)."
            )
        out.append(value)
    return tuple(out)


# --- overviews ------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditSummary:
    """Everything `tilsyn vis` shows about one audit."""

    view: AuditView
    deadlines: tuple[Deadline, ...]
    progress: Progress
    results: tuple[RequirementResult, ...]
    violations: tuple[Violation, ...]
    today: date
    integrity: tuple[str, ...] = ()
    """Sent copies that are missing or changed since they were sent (re-checked each time)."""


def summarize(ctx: AppContext, audit_id: int, *, today: date | None = None) -> AuditSummary:
    """The audit with its deadlines, progress, proposed conclusions and orders, and the
    sent copies whose checksum no longer matches."""
    from tilsyn.app.documents import changed_sent_copies
    from tilsyn.audit import scoring

    view = ctx.store.audits.view(audit_id)
    people = [p.pseudonym for p in view.participants()]
    deadlines = lifecycle.derive_deadlines(
        [(e.type, e.date) for e in view.events],
        ctx.weeks(view.audit),
        ctx.calendar,
        regime=view.audit.regime,
    )
    progress = scoring.progress(
        view.checklist, len(people), scoring.assessed_answers(view.checklist, view.answers, people)
    )
    return AuditSummary(
        view=view,
        deadlines=deadlines.process,
        progress=progress,
        results=tuple(scoring.score_audit(view.checklist, view.answers, people)),
        violations=tuple(ctx.store.violations.all(audit_id)),
        today=today or date.today(),
        integrity=tuple(changed_sent_copies(ctx, audit_id)),
    )


@dataclass(frozen=True)
class AuditListRow:
    """One row of `tilsyn liste`."""

    audit: Audit
    year: int
    progress: Progress
    deadlines: tuple[Deadline, ...]


def list_audits(
    ctx: AppContext,
    *,
    status: str | None = None,
    municipality: str | None = None,
    year: int | None = None,
    checklist: str | None = None,
) -> list[AuditListRow]:
    """Audits matching the filters, with progress and deadlines, in a fixed number of
    queries (it stays fast with thousands of audits)."""
    from tilsyn.audit import scoring

    if status:
        status = choose(status, lifecycle.PHASES, what="status")
    rows = []
    for o in ctx.store.audits.overview():
        a = o.audit
        if status and a.status != status:
            continue
        if municipality and not (
            a.municipality_number == municipality.zfill(4)
            or fold(municipality) in fold(a.municipality_name)
        ):
            continue
        if checklist and fold(checklist) != fold(a.checklist_id):
            continue
        notice = next((d for k, d in o.events if k == EventType.NOTICE), None)
        audit_year = notice.year if notice else int(a.created_at[:4])
        if year and audit_year != year:
            continue
        assessed_values = scoring.assessed_values(o.checklist)
        assessed = sum(n for value, n in o.answer_counts.items() if value in assessed_values)
        found = lifecycle.derive_deadlines(
            list(o.events), ctx.weeks(a), ctx.calendar, regime=a.regime
        )
        rows.append(
            AuditListRow(
                audit=a,
                year=audit_year,
                progress=scoring.progress(o.checklist, o.sampled, assessed),
                deadlines=found.process,
            )
        )
    return rows


def audit_log(
    ctx: AppContext, audit_id: int, *, verify: bool = False
) -> tuple[Audit, list[LogEntry], list[str]]:
    """The audit's change log, and (with ``verify``) every problem found: broken links or
    hashes in the chain, entries missing from its end (the anchor stored with the audit),
    rows that differ from what the log says (:func:`tilsyn.audit.replay.replay`), and sent
    copies that are missing or changed."""
    from tilsyn.app.documents import changed_sent_copies
    from tilsyn.audit.logchain import check_anchor
    from tilsyn.audit.replay import replay
    from tilsyn.store.base import audit_chain

    audit = ctx.store.audits.get(audit_id)
    chain = audit_chain(audit.uid)
    entries = ctx.store.log.entries(chain)
    problems: list[str] = []
    if verify:
        problems = ctx.store.log.verify(chain)
        count, head = ctx.store.log.anchor(audit.uid)
        problems += check_anchor([{"hash": e.hash} for e in entries], count, head)
        problems += replay(
            [{"action": e.action, "entity": e.entity, "old": e.old, "new": e.new} for e in entries],
            ctx.store.log.case_rows(audit_id),
        )
        problems += changed_sent_copies(ctx, audit_id)
    return audit, entries, problems
