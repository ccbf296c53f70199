"""The office dashboard (`tilsyn status`) and what falls due (`tilsyn paminnelser`).

Deadlines come from two places: the audit lifecycle (documentation after the notice,
comments after the preliminary report; ``Session.deadlines``) and the tracked
violations (plan of measures, feedback, rectification).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from tilsyn.audit import violation as states
from tilsyn.app.followup_views import appeal_text

if TYPE_CHECKING:
    from tilsyn.app.context import Session

KIND_LABELS = {
    "dokumentasjon": "dokumentasjon",
    "uttalelse": "uttalelse til foreløpig rapport",
    "planfrist": "plan for tiltak",
    "tilbakemeldingsfrist": "tilbakemelding om retting",
    "rettefrist": "retting",
}


@dataclass(frozen=True)
class DueItem:
    """A deadline of one audit (and possibly one violation) that is open."""

    audit_id: int
    municipality_number: str
    municipality_name: str
    case_number: str | None
    kind: str  # a key of KIND_LABELS
    due: date
    violation: int | None
    note: str | None

    def days_left(self, today: date) -> int:
        """Days until the deadline (negative when overdue)."""
        return (self.due - today).days

    def as_dict(self, today: date) -> dict[str, Any]:
        """Plain data for --json."""
        left = self.days_left(today)
        return {
            "tilsyn": self.audit_id,
            "kommune": {"nummer": self.municipality_number, "navn": self.municipality_name},
            "saksnummer": self.case_number,
            "frist": self.kind, "frist_tekst": KIND_LABELS[self.kind],
            "lovbrudd": self.violation,
            "ref": f"{self.audit_id}/{self.violation}" if self.violation else str(self.audit_id),
            "dato": self.due.isoformat(),
            "dager_igjen": max(left, 0), "dager_over": max(-left, 0),
            "merknad": self.note,
        }


def open_deadlines(session: Session, today: date) -> list[DueItem]:
    """Every deadline not yet met, across the office's audits (closed audits skipped)."""
    items: list[DueItem] = []
    violations: dict[int, list] = {}
    for v in session.store.violations():
        violations.setdefault(v.audit_id, []).append(v)
    for a in session.store.list_audits():
        if a.status == "avsluttet":
            continue

        def item(kind: str, due: date, violation: int | None = None,
                 note: str | None = None, a=a) -> DueItem:
            return DueItem(a.id, a.municipality_number, a.municipality_name, a.case_number,
                           kind, due, violation, note)

        view = session.view(a.id)
        for d in session.deadlines(view):
            # Met, or no longer relevant: a later step was taken without it (e.g. the
            # final report was sent without comments from the municipality).
            if d.done is not None or d.superseded is not None:
                continue
            items.append(item(d.key, d.due))
        for v in violations.get(a.id, []):
            if not states.is_open(v.status) or v.status == states.RECTIFIED:
                continue
            note = appeal_text(v) if v.pending_appeal else None
            awaiting = v.status in (states.OPEN, states.NEW_DEADLINE, states.ESCALATED)
            if v.plan_deadline is not None and v.status == states.OPEN and not v.feedback:
                items.append(item("planfrist", v.plan_deadline, v.number, note))
            if awaiting:
                items.append(item("tilbakemeldingsfrist", v.feedback_deadline, v.number, note))
            if v.status != states.FEEDBACK and not (
                    awaiting and v.feedback_deadline == v.rectification_deadline):
                items.append(item("rettefrist", v.rectification_deadline, v.number, note))
    items.sort(key=lambda i: (i.due, i.audit_id, i.violation or 0, i.kind))
    return items


def dashboard(session: Session, *, today: date | None = None, days: int = 14) -> dict[str, Any]:
    """Audits by phase, deadlines in the next ``days`` days, and overdue items."""
    from tilsyn.audit import lifecycle

    today = today or date.today()
    phases: dict[str, list[dict[str, Any]]] = {p: [] for p in lifecycle.PHASES}
    open_counts: dict[int, int] = {}
    for v in session.store.violations():
        if states.is_open(v.status):
            open_counts[v.audit_id] = open_counts.get(v.audit_id, 0) + 1
    for a in session.store.list_audits():
        phases.setdefault(a.status, []).append({
            "id": a.id, "kommune": f"{a.municipality_number} {a.municipality_name}",
            "sjekkliste": a.checklist_id, "saksnummer": a.case_number,
            "apne_palegg": open_counts.get(a.id, 0)})
    items = open_deadlines(session, today)
    horizon = today + timedelta(days=days)
    overdue = [i for i in items if i.due < today]
    upcoming = [i for i in items if today <= i.due <= horizon]
    return {
        "idag": today.isoformat(), "dager": days,
        "faser": [{"fase": p, "tekst": lifecycle.PHASES.get(p, p), "antall": len(rows),
                   "tilsyn": rows} for p, rows in phases.items()],
        "kommende": [i.as_dict(today) for i in upcoming],
        "forfalt": [i.as_dict(today) for i in overdue],
    }


def reminders(session: Session, *, today: date | None = None, days: int = 14) -> dict[str, Any]:
    """What falls due within ``days`` days, and which audits have overdue feedback
    (candidates for a reminder letter)."""
    today = today or date.today()
    items = open_deadlines(session, today)
    horizon = today + timedelta(days=days)
    upcoming = [i for i in items if today <= i.due <= horizon]
    late = [i for i in items if i.due < today and i.kind in ("tilbakemeldingsfrist",
                                                              "planfrist")]
    audits = sorted({i.audit_id for i in late})
    return {
        "idag": today.isoformat(), "dager": days,
        "kommende": [i.as_dict(today) for i in upcoming],
        "tilbakemelding_forfalt": [i.as_dict(today) for i in late],
        "brev_til_tilsyn": audits,
    }
