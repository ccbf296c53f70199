"""Records of the follow-up of violations, as the store returns them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class CorrectionPointRecord:
    """A correction point (korreksjonspunkt) under an order, with its assessment."""

    id: int
    ref_id: str
    text: str
    assessment: str | None  # None | rettet | ikke_tilstrekkelig
    assessment_reason: str | None
    assessed_at: str | None
    assessed_by: str | None


@dataclass(frozen=True)
class FeedbackRecord:
    """The municipality's feedback on an order (or on one correction point)."""

    id: int
    point_ref: str | None  # None: the feedback concerns the whole order
    received: date
    text: str
    document_refs: tuple[str, ...]
    created_at: str
    created_by: str


@dataclass(frozen=True)
class DeadlineChangeRecord:
    """A new rectification deadline and why it was set."""

    id: int
    old_deadline: date
    new_deadline: date
    reason: str
    created_at: str
    created_by: str


@dataclass(frozen=True)
class AppealRecord:
    """An appeal (klage) against an order."""

    id: int
    received: date
    forwarded: date | None
    outcome: str | None  # None (pending) | stadfestet | opphevet | endret
    outcome_date: date | None
    note: str | None
    created_at: str
    created_by: str

    @property
    def pending(self) -> bool:
        """The appeal has no outcome yet."""
        return self.outcome is None


@dataclass(frozen=True)
class ViolationRecord:
    """A tracked violation: the order to rectify, its correction points and history."""

    id: int
    audit_id: int
    number: int
    requirement_ref: str
    title: str
    order_text: str
    regime: str
    plan_deadline: date | None
    rectification_deadline: date
    feedback_deadline: date
    status: str
    status_reason: str | None
    created_at: str
    closed_at: str | None
    version: int
    points: tuple[CorrectionPointRecord, ...] = ()
    feedback: tuple[FeedbackRecord, ...] = ()
    deadline_changes: tuple[DeadlineChangeRecord, ...] = ()
    appeals: tuple[AppealRecord, ...] = ()

    @property
    def pending_appeal(self) -> AppealRecord | None:
        """The appeal still awaiting an outcome, if any."""
        for a in reversed(self.appeals):
            if a.pending:
                return a
        return None

    def point(self, ref: str) -> CorrectionPointRecord | None:
        """The correction point with ``ref`` (case-insensitive), or None."""
        for p in self.points:
            if p.ref_id.casefold() == ref.strip().casefold():
                return p
        return None


@dataclass(frozen=True)
class ViolationInput:
    """A violation to open from the final report."""

    number: int
    requirement_ref: str
    title: str
    order_text: str
    regime: str
    plan_deadline: date | None
    rectification_deadline: date
    feedback_deadline: date
    points: tuple[tuple[str, str], ...]  # (ref_id, text)
