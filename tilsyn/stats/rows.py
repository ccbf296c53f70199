"""Plain rows the store returns for statistics (``Store.stats_data``).

NamedTuples rather than dataclasses: a national store yields a few hundred thousand
answer rows, and tuples are cheap to build. Everything here is read-only data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from tilsyn.checklist.model import Checklist


class AuditRow(NamedTuple):
    """One audit, with the dates statistics need."""

    id: int
    municipality_number: str
    municipality_name: str
    county: str
    checklist_id: str
    checklist_version: str
    status: str
    year: int
    """Year of the notice (``varsel``) event, else of ``created_at``."""
    notice: date | None
    final_report: date | None
    """Date of the ``endelig`` event (final report sent)."""
    closed: date | None
    """Date of the ``avsluttet`` event."""


class ConclusionRow(NamedTuple):
    """The auditor's conclusion for one requirement of one audit."""

    audit_id: int
    requirement_ref: str
    outcome: str  # lovbrudd | merknad | ingen


class BreachRow(NamedTuple):
    """How many answers of one audit to one question have a value that can mean breach."""

    audit_id: int
    question_ref: str
    answer: str
    count: int


class ViolationRow(NamedTuple):
    """A tracked violation (order) with its deadlines and closure."""

    id: int
    audit_id: int
    requirement_ref: str
    status: str
    closed: date | None
    first_deadline: date
    """The rectification deadline first set (before any deadline change)."""
    deadline: date
    """The rectification deadline now."""
    deadline_moved: bool


class SelfAssessmentRow(NamedTuple):
    """One self-assessment (a municipality's answers in one year)."""

    id: int
    municipality_number: str
    municipality_name: str
    county: str
    checklist_id: str
    checklist_version: str
    year: int
    audit_id: int | None
    status: str


class SelfAnswerRow(NamedTuple):
    """One answer in a self-assessment."""

    self_assessment_id: int
    question_ref: str
    answer: str


@dataclass(frozen=True)
class StatsData:
    """Everything the statistics are computed from, read in one snapshot."""

    audits: tuple[AuditRow, ...] = ()
    conclusions: tuple[ConclusionRow, ...] = ()
    breaches: tuple[BreachRow, ...] = ()
    violations: tuple[ViolationRow, ...] = ()
    self_assessments: tuple[SelfAssessmentRow, ...] = ()
    self_answers: tuple[SelfAnswerRow, ...] = ()
    checklists: dict[tuple[str, str], Checklist] = field(default_factory=dict)
    """Checklist snapshots by (id, version): one per version, not per audit."""


# --- input of the bulk insert (synthetic data) ---------------------------------------


@dataclass(frozen=True)
class NewViolation:
    """A violation to insert, already followed up (or still open)."""

    number: int
    requirement_ref: str
    title: str
    order_text: str
    regime: str
    plan_deadline: date | None
    rectification_deadline: date
    """The deadline now (after a change, if any)."""
    feedback_deadline: date
    status: str
    created_at: str
    closed_at: str | None = None
    first_deadline: date | None = None
    """Set when the deadline was moved: the original deadline (a deadline change row)."""
    move_reason: str | None = None
    points: tuple[tuple[str, str], ...] = ()
    """Correction points (ref_id, text); assessed as rectified when the order is closed."""


@dataclass(frozen=True)
class NewSelfAssessment:
    """A self-assessment to insert."""

    municipality_number: str
    municipality_name: str
    county: str
    checklist: Checklist
    year: int
    status: str
    created_at: str
    answers: tuple[tuple[str, str], ...]
    """(question_ref, answer)."""


@dataclass(frozen=True)
class NewAudit:
    """An audit to insert with everything that happened in it."""

    municipality_number: str
    municipality_name: str
    county: str
    checklist: Checklist
    title: str
    regime: str
    status: str
    created_at: str
    events: tuple[tuple[str, date], ...]
    participants: tuple[str, ...]
    answers: tuple[tuple[str, str, str], ...]
    """(question_ref, participant or '', answer)."""
    conclusions: tuple[tuple[str, str | None, str], ...]
    """(requirement_ref, proposed, outcome)."""
    violations: tuple[NewViolation, ...] = ()
    self_assessment: NewSelfAssessment | None = None
    """A self-assessment made before this audit (linked to it)."""
