"""The audit and what is recorded about it: one frozen model per concept.

The store maps its rows to these at its boundary; scoring, documents, workbooks and the
CLI use these, never database rows. Violations live in :mod:`tilsyn.audit.violation`,
self-assessments in :mod:`tilsyn.audit.selfassessment`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from tilsyn.audit.values import AnswerChangeKind, EventType, Phase, PointChoiceAction, Regime
from tilsyn.checklist.model import Checklist


@dataclass(frozen=True)
class Audit:
    """One inspection of one municipality on one theme."""

    id: int
    uid: str
    municipality_number: str
    municipality_name: str
    county: str
    checklist_id: str
    checklist_version: str
    case_number: str | None
    title: str
    lead: str | None
    auditors: tuple[str, ...]
    regime: Regime
    documentation_weeks: int | None
    comment_weeks: int | None
    rectification_weeks: int | None
    status: Phase
    created_at: str
    created_by: str
    origin: str | None = None
    """None (run in tilsyn), "importert" or "syntetisk" (tilsyn.audit.history.Origin)."""
    year: int | None = None
    """The audit's year where no notice date gives it (imported history)."""
    notice_planned: date | None = None
    """The notice date given at creation; the recorded notice event decides."""
    regime_reason: str | None = None
    """Why the regime was chosen; None when it follows from the notice date."""
    transitional: bool = False
    """The checklist is used after its period under a transitional rule."""
    recipient_address: str | None = None
    """The municipality's postal address as the auditor gave it (lines separated by «;»);
    None until given (letters then have the name only, and production warns)."""
    recipient_attention: str | None = None
    """The title after «v/» in the addressee block, when the municipality uses another
    than the law's on the letter's date (``kommunedirektøren``/``rådmannen``)."""
    their_reference: str | None = None
    """The municipality's reference («Deres ref.»)."""
    copy_to: tuple[str, ...] = ()
    """Recipients of copies of the letters and reports («Kopi til»)."""


@dataclass(frozen=True)
class Event:
    """A dated step in the audit's lifecycle."""

    id: int
    type: EventType
    date: date
    note: str | None


@dataclass(frozen=True)
class ReceivedDocument:
    """A document received from the municipality (register entry; the file stays put)."""

    number: int
    title: str
    date: date | None
    type: str | None
    path: str | None
    sha256: str | None


@dataclass(frozen=True)
class Interview:
    """An interview, by role (names only when the office records them).

    ``people`` is how many people took part (a group conversation is one interview with
    several people); None for interviews recorded before the count was kept.
    """

    id: int
    role: str
    date: date
    name: str | None
    note: str | None
    people: int | None = 1


@dataclass(frozen=True)
class Participant:
    """A sampled participant file, by pseudonym, with dates from the population list."""

    pseudonym: str
    position: int
    data: dict[str, Any]


@dataclass(frozen=True)
class Sample:
    """How participant files were sampled, and which."""

    method: str
    seed: str | None
    population_size: int | None
    population_file: str | None
    population_sha256: str | None
    requested: int | None
    created_at: str
    participants: tuple[Participant, ...]
    criteria: str | None = None
    """What a manually chosen sample was chosen by (``tilsyn utvalg --kriterier``)."""


@dataclass(frozen=True)
class Answer:
    """An answer to a control question (per participant for `deltaker` questions)."""

    question_ref: str
    participant: str  # '' for kommune questions
    answer: str
    observation: str | None
    sources: tuple[int, ...]
    proposed: str | None
    proposed_note: str | None
    override_reason: str | None
    updated_at: str
    updated_by: str
    version: int


@dataclass(frozen=True)
class Conclusion:
    """The auditor's conclusion for one requirement."""

    requirement_ref: str
    proposed: str | None
    outcome: str
    practice: str | None
    assessment: str | None
    conclusion: str | None
    reason: str | None
    updated_at: str
    updated_by: str
    version: int


@dataclass(frozen=True)
class Comment:
    """The municipality's comment on the preliminary report, and the office's response."""

    id: int
    requirement_ref: str | None
    text: str
    response: str | None


@dataclass(frozen=True)
class ScopedRequirement:
    """A requirement of the checklist that is not part of this audit (avgrenset bort)."""

    requirement_ref: str
    reason: str
    created_at: str
    created_by: str


@dataclass(frozen=True)
class Remark:
    """A remark (merknad): what the municipality should improve, with no order."""

    id: int
    requirement_ref: str
    text: str
    created_at: str
    created_by: str


@dataclass(frozen=True)
class PointChoice:
    """The auditor's choice to add or leave out one correction point of an order."""

    requirement_ref: str
    point_ref: str
    action: PointChoiceAction
    reason: str
    created_at: str
    created_by: str


@dataclass(frozen=True)
class DocumentVersion:
    """A produced document (report, letter); sent ones are immutable."""

    id: int
    kind: str
    version: int
    language: str
    path: str
    sha256: str
    sent: bool
    sent_at: str | None
    created_at: str
    audit_id: int | None = None


@dataclass(frozen=True)
class LogEntry:
    """One entry in the append-only, hash-chained audit log."""

    seq: int
    at: str
    user: str
    action: str
    entity: str
    old: Any
    new: Any
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class AuditView:
    """Everything known about one audit, for display, scoring, reports and workbooks."""

    audit: Audit
    checklist: Checklist
    events: tuple[Event, ...] = ()
    documents: tuple[ReceivedDocument, ...] = ()
    interviews: tuple[Interview, ...] = ()
    sample: Sample | None = None
    answers: tuple[Answer, ...] = ()
    conclusions: tuple[Conclusion, ...] = ()
    comments: tuple[Comment, ...] = ()
    document_versions: tuple[DocumentVersion, ...] = ()
    scoped: tuple[ScopedRequirement, ...] = ()
    remarks: tuple[Remark, ...] = ()
    point_choices: tuple[PointChoice, ...] = ()

    def is_scoped(self, requirement_ref: str) -> bool:
        """Whether the requirement is scoped out of this audit."""
        return any(s.requirement_ref == requirement_ref for s in self.scoped)

    @property
    def assessed_checklist(self) -> Checklist:
        """The checklist without the requirements scoped out of this audit: what the
        audit assesses, scores and reports on."""
        from tilsyn.audit.scope import without

        return without(self.checklist, {s.requirement_ref for s in self.scoped})

    def remarks_for(self, requirement_ref: str) -> tuple[Remark, ...]:
        """The remarks recorded on one requirement, in the order they were recorded."""
        return tuple(r for r in self.remarks if r.requirement_ref == requirement_ref)

    def event_date(self, kind: str) -> date | None:
        """Date of the first event of ``kind`` (None when not recorded)."""
        for e in self.events:
            if e.type == kind:
                return e.date
        return None

    def participants(self) -> tuple[Participant, ...]:
        """Sampled participant files, in sample order."""
        return self.sample.participants if self.sample else ()

    def answer(self, question_ref: str, participant: str = "") -> Answer | None:
        """The recorded answer for one slot."""
        for a in self.answers:
            if a.question_ref == question_ref and a.participant == participant:
                return a
        return None

    def conclusion(self, requirement_ref: str) -> Conclusion | None:
        """The recorded conclusion for a requirement."""
        for c in self.conclusions:
            if c.requirement_ref == requirement_ref:
                return c
        return None


@dataclass(frozen=True)
class AnswerInput:
    """One answer to write, already checked against the checklist."""

    question_ref: str
    participant: str
    answer: str
    observation: str | None = None
    sources: tuple[int, ...] = ()
    proposed: str | None = None
    proposed_note: str | None = None
    override_reason: str | None = None
    expected_version: int | None = None  # optimistic lock: the version the writer saw


@dataclass(frozen=True)
class AnswerChange:
    """What writing one answer did."""

    slot: tuple[str, str]
    kind: AnswerChangeKind
    old: str | None
    new: str
