"""Use cases of the follow-up of violations: opening orders from the final report, each
step of their follow-up, whether an audit can be closed, the office's dashboard and
reminders, and the register of violations.

Each step reads the violation under lock, decides with the state machine of
:mod:`tilsyn.audit.violation`, and writes in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from tilsyn.audit import violation as states
from tilsyn.audit.values import EventType, PointAssessment
from tilsyn.errors import UsageError
from tilsyn.text import choose, guard_text, required_text

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from tilsyn.app.context import AppContext
    from tilsyn.audit.models import Audit
    from tilsyn.audit.violation import Violation


def open_violations(
    ctx: AppContext, audit_id: int, when: date, *, conn: Connection | None = None
) -> list[Violation]:
    """Track every confirmed violation of the audit from the final report dated ``when``.

    Idempotent: when the audit's violations are already tracked, nothing is created and
    the tracked ones are returned. Remarks (merknad) are not tracked.
    """
    from tilsyn.audit.plan import plan_violations

    store = ctx.store
    existing = store.violations.all(audit_id, conn=conn)
    if existing:
        return existing
    view = store.audits.view(audit_id, conn=conn)
    planned = plan_violations(
        view, when, weeks=ctx.weeks(view.audit).rectification, calendar=ctx.calendar
    )
    return store.violations.open(audit_id, planned, conn=conn)


def order_reason(when: date) -> str:
    """Why an order under kommuneloven 1992 § 60 d changes the rectification deadline."""
    return (
        "Pålegg om retting etter kommuneloven (1992) § 60 d, vedtak av "
        f"{when.isoformat()}: fristen for retting i den endelige rapporten gikk ut uten at "
        "lovbruddet var rettet."
    )


def apply_order(
    ctx: AppContext, audit_id: int, when: date, *, conn: Connection | None = None
) -> list[Violation]:
    """kl. 1992 § 60 d: the orders an order dated ``when`` covers (still open after their
    deadline) get the order's rectification deadline. Idempotent: once applied, their
    deadline is after ``when`` and they are not covered again."""
    from tilsyn.audit.calendar import add_weeks
    from tilsyn.audit.plan import overdue_for_order

    store = ctx.store
    audit, events = store.audits.events(audit_id, conn=conn)
    final = next((e.date for e in events if e.type == EventType.FINAL), None)
    due = add_weeks(when, ctx.weeks(audit).rectification, ctx.calendar)
    covered = overdue_for_order(store.violations.all(audit_id, conn=conn), when)
    for v in covered:
        status = states.deadline_step(v, new_deadline=due, final=final)
        store.violations.change_deadline(
            v,
            new_deadline=due,
            feedback_deadline=due,
            reason=order_reason(when),
            status=status,
            conn=conn,
        )
    return covered


def check_closable(audit_id: int, violations: Sequence[Violation]) -> None:
    """Refuse to close an audit while any of its violations is not closed."""
    open_ones = [v for v in violations if states.is_open(v.status or "")]
    if not open_ones:
        return
    raise UsageError(
        f"Tilsyn {audit_id} kan ikke avsluttes: {len(open_ones)} pålegg er ikke lukket. "
        "Lukk dem når retting er sannsynliggjort (tilsyn lovbrudd lukk TILSYN NR):",
        details=[
            f"  nr. {v.number} {v.requirement_ref} {v.title}: {states.label(v.status or '')}"
            for v in open_ones
        ],
    )


# --- the steps of the follow-up --------------------------------------------------------


def _final_date(ctx: AppContext, audit_id: int, conn: Connection) -> tuple[Audit, date | None]:
    audit, events = ctx.store.audits.events(audit_id, conn=conn, lock=True)
    return audit, next((e.date for e in events if e.type == EventType.FINAL), None)


def record_feedback(
    ctx: AppContext,
    audit_id: int,
    number: int,
    *,
    received: date,
    text: str,
    point: str | None = None,
    documents: Sequence[str] = (),
) -> Violation:
    """Record the municipality's feedback on order ``number`` (or one correction point)."""
    body = required_text(text, where="--tekst", what="Tilbakemeldingen")
    refs = [r for r in (guard_text(d, where="--dokument", max_length=300) for d in documents) if r]
    store = ctx.store
    with store.transaction() as conn:
        audit, final = _final_date(ctx, audit_id, conn)
        v = store.violations.get(audit_id, number, conn=conn, lock=True)
        states.check_changeable(v, audit.status)
        status, chosen = states.feedback_step(v, received=received, final=final, point_ref=point)
        store.violations.add_feedback(
            v,
            received=received,
            text=body,
            point=chosen,
            document_refs=refs,
            status=status,
            conn=conn,
        )
    return store.violations.get(audit_id, number)


def assess(
    ctx: AppContext,
    audit_id: int,
    number: int,
    *,
    points: list[str] | None,
    outcome: str,
    reason: str,
) -> Violation:
    """Assess correction points (all when ``points`` is None) as rectified or not."""
    # As typed on the command line (the message lists these spellings).
    typed = {
        "rettet": PointAssessment.RECTIFIED,
        "ikke-tilstrekkelig": PointAssessment.INSUFFICIENT,
    }
    value = typed[choose(outcome.replace("_", "-"), list(typed), what="vurdering")]
    why = required_text(reason, where="--begrunnelse", what="Begrunnelsen")
    store = ctx.store
    with store.transaction() as conn:
        audit, _ = _final_date(ctx, audit_id, conn)
        v = store.violations.get(audit_id, number, conn=conn, lock=True)
        states.check_changeable(v, audit.status)
        chosen, status = states.assessment_step(v, point_refs=points, outcome=value)
        store.violations.assess(
            v,
            chosen,
            outcome=value,
            reason=why,
            status=status,
            status_reason=why if status == states.INSUFFICIENT else None,
            conn=conn,
        )
    return store.violations.get(audit_id, number)


def new_deadline(
    ctx: AppContext,
    audit_id: int,
    number: int,
    *,
    due: date,
    reason: str,
    feedback_due: date | None = None,
) -> tuple[Violation, list[str]]:
    """Set a new deadline; a date on a weekend or holiday moves to the next working day.

    Returns the violation and notes on moved dates (for the user).
    """
    from tilsyn.audit.calendar import describe_deadline, next_working_day

    why = required_text(reason, where="--begrunnelse", what="Begrunnelsen")
    notes = []
    moved = next_working_day(due, ctx.calendar)
    if moved != due:
        notes.append(f"Fristen er {describe_deadline(moved, due, ctx.calendar)}.")
    moved_feedback = None
    if feedback_due is not None:
        moved_feedback = next_working_day(feedback_due, ctx.calendar)
        if moved_feedback != feedback_due:
            notes.append(
                "Tilbakemeldingsfristen er "
                f"{describe_deadline(moved_feedback, feedback_due, ctx.calendar)}."
            )
    store = ctx.store
    with store.transaction() as conn:
        audit, final = _final_date(ctx, audit_id, conn)
        v = store.violations.get(audit_id, number, conn=conn, lock=True)
        states.check_changeable(v, audit.status)
        status = states.deadline_step(v, new_deadline=moved, final=final)
        store.violations.change_deadline(
            v,
            new_deadline=moved,
            feedback_deadline=moved_feedback or moved,
            reason=why,
            status=status,
            conn=conn,
        )
    return store.violations.get(audit_id, number), notes


def escalate(ctx: AppContext, audit_id: int, number: int, *, reason: str) -> Violation:
    """Escalate the follow-up of an order."""
    why = required_text(reason, where="--begrunnelse", what="Begrunnelsen")
    store = ctx.store
    with store.transaction() as conn:
        audit, _ = _final_date(ctx, audit_id, conn)
        v = store.violations.get(audit_id, number, conn=conn, lock=True)
        states.check_changeable(v, audit.status)
        status = states.after_escalation(v.status or "")
        store.violations.set_status(v, action="eskalert", status=status, reason=why, conn=conn)
    return store.violations.get(audit_id, number)


def close(
    ctx: AppContext,
    audit_id: int,
    number: int,
    *,
    note: str | None = None,
    closed_on: date | None = None,
) -> Violation:
    """Close an order whose correction points are all assessed as rectified.

    ``closed_on`` (default today) is the closing date the statistics and the closing
    letter use; it may not be before the final report.
    """
    text = guard_text(note, where="--notat")
    store = ctx.store
    with store.transaction() as conn:
        audit, final = _final_date(ctx, audit_id, conn)
        v = store.violations.get(audit_id, number, conn=conn, lock=True)
        states.check_changeable(v, audit.status)
        status = states.close_step(v, closed_on=closed_on, final=final)
        store.violations.set_status(
            v, action="lukket", status=status, reason=text, closed_on=closed_on, conn=conn
        )
    return store.violations.get(audit_id, number)


def reopen(ctx: AppContext, audit_id: int, number: int, *, reason: str) -> Violation:
    """Reopen a closed order (not once the audit is closed)."""
    why = required_text(reason, where="--begrunnelse", what="Begrunnelsen")
    store = ctx.store
    with store.transaction() as conn:
        audit, _ = _final_date(ctx, audit_id, conn)
        v = store.violations.get(audit_id, number, conn=conn, lock=True)
        status = states.after_reopen(v.status or "", audit_closed=audit.status == "avsluttet")
        store.violations.set_status(
            v, action="gjenåpnet", status=status, reason=why, reopened=True, conn=conn
        )
    return store.violations.get(audit_id, number)


def appeal(
    ctx: AppContext,
    audit_id: int,
    number: int,
    *,
    received: date | None,
    forwarded: date | None = None,
    outcome: str | None = None,
    outcome_date: date | None = None,
    note: str | None = None,
) -> Violation:
    """Record an appeal against an order, or update the pending one."""
    if outcome is not None:
        outcome = choose(outcome, list(states.APPEAL_OUTCOMES), what="klageutfall")
    text = guard_text(note, where="--notat")
    store = ctx.store
    with store.transaction() as conn:
        _, final = _final_date(ctx, audit_id, conn)
        v = store.violations.get(audit_id, number, conn=conn, lock=True)
        pending, received_on, status = states.appeal_step(
            v,
            received=received,
            forwarded=forwarded,
            outcome=outcome,
            outcome_date=outcome_date,
            final=final,
        )
        store.violations.record_appeal(
            v,
            pending=pending,
            received=received_on,
            forwarded=forwarded,
            outcome=outcome,
            outcome_date=outcome_date,
            note=text,
            status=status,
            conn=conn,
        )
    return store.violations.get(audit_id, number)


# --- listings, dashboard, reminders, register -----------------------------------------


def list_violations(
    ctx: AppContext,
    *,
    open_only: bool = False,
    overdue_only: bool = False,
    municipality: str | None = None,
    audit_id: int | None = None,
    today: date | None = None,
) -> list[tuple[Violation, Audit]]:
    """Tracked violations across audits with their audit, filtered."""
    from tilsyn.text import fold

    today = today or date.today()
    audits = {a.id: a for a in ctx.store.audits.all()}
    out = []
    for v in ctx.store.violations.all(audit_id):
        assert v.audit_id is not None
        a = audits[v.audit_id]
        if open_only and not states.is_open(v.status or ""):
            continue
        if municipality and not (
            a.municipality_number == municipality.strip().zfill(4)
            or fold(municipality) in fold(a.municipality_name)
        ):
            continue
        if overdue_only and not states.overdue(v, today):
            continue
        out.append((v, a))
    return out


KIND_LABELS = {
    "dokumentasjon": "dokumentasjon",
    "uttalelse": "uttalelse til foreløpig rapport",
    "planfrist": "plan for tiltak",
    "tilbakemeldingsfrist": "tilbakemelding om retting",
    "rettefrist": "retting",
}
"""Deadline kinds of the dashboard and what they are for."""


@dataclass(frozen=True)
class DueItem:
    """A deadline of one audit (and possibly one violation) that is open."""

    audit: Audit
    kind: str  # a key of KIND_LABELS
    due: date
    violation: int | None
    note: str | None

    def days_left(self, today: date) -> int:
        """Days until the deadline (negative when overdue)."""
        return (self.due - today).days


def open_deadlines(ctx: AppContext, today: date) -> list[DueItem]:
    """Every deadline not yet met, across the office's audits (closed audits skipped)."""
    from tilsyn.audit import lifecycle

    items: list[DueItem] = []
    violations: dict[int, list[Violation]] = {}
    for v in ctx.store.violations.all():
        assert v.audit_id is not None
        violations.setdefault(v.audit_id, []).append(v)
    for o in ctx.store.audits.overview():
        a = o.audit
        if a.status == "avsluttet":
            continue
        found = lifecycle.derive_deadlines(
            list(o.events), ctx.weeks(a), ctx.calendar, regime=a.regime
        )
        for d in found.process:
            # Met, or no longer relevant: a later step was taken without it (e.g. the
            # final report was sent without comments from the municipality).
            if d.done is not None or d.superseded is not None:
                continue
            items.append(DueItem(a, d.key, d.due, None, None))
        for v in violations.get(a.id, []):
            note = states.appeal_text(v) if v.pending_appeal else None
            items.extend(
                DueItem(a, kind, due, v.number, note) for kind, due in states.open_deadlines(v)
            )
    items.sort(key=lambda i: (i.due, i.audit.id, i.violation or 0, i.kind))
    return items


@dataclass(frozen=True)
class Dashboard:
    """`tilsyn status`: audits by phase, deadlines coming up and overdue."""

    today: date
    days: int
    phases: dict[str, list[tuple[Audit, int]]]
    """Audits by phase, each with its number of open orders."""
    upcoming: list[DueItem]
    overdue: list[DueItem]


def dashboard(ctx: AppContext, *, today: date | None = None, days: int = 14) -> Dashboard:
    """Audits by phase, deadlines in the next ``days`` days, and overdue items."""
    from tilsyn.audit import lifecycle

    today = today or date.today()
    phases: dict[str, list[tuple[Audit, int]]] = {p: [] for p in lifecycle.PHASES}
    open_counts: dict[int, int] = {}
    for v in ctx.store.violations.all():
        if states.is_open(v.status or "") and v.audit_id is not None:
            open_counts[v.audit_id] = open_counts.get(v.audit_id, 0) + 1
    for a in ctx.store.audits.all():
        phases.setdefault(a.status, []).append((a, open_counts.get(a.id, 0)))
    items = open_deadlines(ctx, today)
    horizon = _horizon(today, days)
    return Dashboard(
        today=today,
        days=days,
        phases=phases,
        upcoming=[i for i in items if today <= i.due <= horizon],
        overdue=[i for i in items if i.due < today],
    )


def _horizon(today: date, days: int) -> date:
    if not 0 <= days <= 3660:
        raise UsageError(f"--dager må være mellom 0 og 3660 (fikk {days}).")
    return today + timedelta(days=days)


@dataclass(frozen=True)
class Reminders:
    """`tilsyn paminnelser`: what falls due, and overdue feedback to remind about."""

    today: date
    days: int
    upcoming: list[DueItem]
    late_feedback: list[DueItem]

    @property
    def audits(self) -> list[int]:
        """Audits a reminder letter can be written for."""
        return sorted({i.audit.id for i in self.late_feedback})


def reminders(ctx: AppContext, *, today: date | None = None, days: int = 14) -> Reminders:
    """What falls due within ``days`` days, and which audits have overdue feedback
    (candidates for a reminder letter)."""
    today = today or date.today()
    items = open_deadlines(ctx, today)
    horizon = _horizon(today, days)
    return Reminders(
        today=today,
        days=days,
        upcoming=[i for i in items if today <= i.due <= horizon],
        late_feedback=[
            i for i in items if i.due < today and i.kind in ("tilbakemeldingsfrist", "planfrist")
        ],
    )


def export_register(ctx: AppContext, output: Path, *, today: date | None = None) -> int:
    """Write the office's register of violations (xlsx) to ``output``; returns its rows."""
    from tilsyn.app.documents import output_rules
    from tilsyn.workbook.register import register_rows, write_register

    output = Path(output)
    if output.suffix.lower() != ".xlsx":
        raise UsageError(f"Registeret skrives som Excel-fil; {output} må slutte på .xlsx.")
    today = today or date.today()
    audits = {a.id: a for a in ctx.store.audits.all()}
    rows = register_rows(
        ctx.store.violations.all(),
        audits,
        ctx.store.violations.final_report_dates(),
        today=today,
    )
    office = ctx.workspace.config.office_for_year(today.year)
    write_register(
        rows,
        output,
        title=f"Lovbruddsregister – {office} – {today.isoformat()}",
        rules=output_rules(ctx),
    )
    return len(rows)


def write_reminder(ctx: AppContext, audit_id: int, folder: Path, *, today: date) -> Path:
    """Write a reminder letter about overdue feedback for one audit into ``folder``."""
    from tilsyn.app.documents import (
        document_language,
        office_logo,
        output_rules,
        team_signatories,
    )
    from tilsyn.app.legal import office_on
    from tilsyn.audit.legal import administration_head_on
    from tilsyn.errors import QualityGateError
    from tilsyn.report.reminder import reminder_letter

    view = ctx.store.audits.view(audit_id)
    language = document_language(ctx, view)
    cfg = ctx.workspace.config
    signers = team_signatories(ctx, view.audit)
    if signers.problems:
        raise QualityGateError(
            f"Påminnelsen for tilsyn {audit_id} kan ikke underskrives; ingen fil ble skrevet:",
            details=[f"  - {p}" for p in signers.problems],
        )
    return reminder_letter(
        view,
        ctx.store.violations.all(audit_id),
        folder,
        today=today,
        language=language,
        office=office_on(cfg, view.audit.municipality_number, today, language),
        signatories=signers.signatories,
        calendar=ctx.calendar,
        templates_dir=ctx.workspace.templates_dir,
        rules=output_rules(ctx, owner=audit_id),
        administration_head=administration_head_on(today, view.audit.regime),
        electronic_approval=cfg.electronic_approval,
        logo=office_logo(ctx),
    )


def show_violation(ctx: AppContext, audit_id: int, number: int) -> tuple[Violation, Audit]:
    """One tracked violation with its audit."""
    return ctx.store.violations.get(audit_id, number), ctx.store.audits.get(audit_id)


def open_orders(ctx: AppContext, audit_id: int) -> list[Violation]:
    """The audit's orders that are not closed."""
    return [v for v in ctx.store.violations.all(audit_id) if not v.closed]
