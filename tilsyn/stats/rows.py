"""Plain rows the store returns for statistics (``Store.stats_data``).

NamedTuples rather than dataclasses: a national store yields tens of thousands of rows,
and tuples are cheap to build. Everything here is read-only data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

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
    """Year of the notice (``varsel``) event, else the stored year (imported history),
    else the year of ``created_at``."""
    notice: date | None
    final_report: date | None
    """Date of the ``endelig`` event (final report sent)."""
    closed: date | None
    """Date of the ``avsluttet`` event."""
    origin: str | None = None
    """None, "importert" or "syntetisk" (tilsyn.audit.history.Origin)."""
    office_id: str | None = None
    """The office that ran an imported audit (tilsyn.reference id); None: derived."""
    created: date | None = None
    """The day the audit was created in tilsyn."""


class ConclusionRow(NamedTuple):
    """The auditor's conclusion for one requirement of one audit."""

    audit_id: int
    requirement_ref: str
    outcome: str  # lovbrudd | merknad | ingen
    decided: date | None = None
    """The day the conclusion was last changed (for the ``--per`` cut-off)."""


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
    created: date | None = None
    """The day the order was opened (the final report)."""
    moved_on: date | None = None
    """The day the deadline was first moved (None: never)."""


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
    origin: str | None = None
    """None, "importert" (a survey loaded in bulk) or "syntetisk"."""


@dataclass(frozen=True)
class StatsData:
    """Everything the statistics are computed from, read in one snapshot."""

    audits: tuple[AuditRow, ...] = ()
    conclusions: tuple[ConclusionRow, ...] = ()
    breaches: tuple[BreachRow, ...] = ()
    violations: tuple[ViolationRow, ...] = ()
    self_assessments: tuple[SelfAssessmentRow, ...] = ()
    self_answers: dict[int, dict[str, str]] = field(default_factory=dict)
    """Self-assessment id → question ref → answer (only self-assessments with answers)."""
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
    explanations: tuple[tuple[str, str], ...] = ()
    """(question_ref, explanation) where the municipality explained its answer."""
    origin: str = "syntetisk"
    """Stored as the self-assessment's origin (a survey import sets "importert")."""
    log: tuple[tuple[str, Any], ...] = ()
    """Extra fields for its one log entry (an import names its file and rows)."""


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
    origin: str = "syntetisk"
    """Stored as the audit's origin."""


@dataclass(frozen=True)
class NewHistoricAudit:
    """A closed audit from past results (``tilsyn historikk importer``): conclusions per
    requirement only, read-only once stored."""

    municipality_number: str
    municipality_name: str
    county: str
    checklist: Checklist
    year: int
    office_id: str
    title: str
    regime: str
    case_number: str | None
    final_report: date | None
    closed: date | None
    conclusions: tuple[tuple[str, str], ...]
    """(requirement_ref, outcome)."""
    rows: str
    """The rows of the file it came from ("2-4")."""
