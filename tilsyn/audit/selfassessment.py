"""Self-assessment (egenvurdering): the municipality answers the checklist's control
questions (ja/nei/ikke relevant, an explanation, its own documents), as Udir's RefLex
does for schools. The models and rules; the use cases are in
``tilsyn.app.selfassessment``, the workbook in ``tilsyn.workbook.selfassessment`` and
the Word report in ``tilsyn.report.selfassessment``.

Status: ``opprettet`` (nothing imported), ``ufullstendig`` (imported, questions missing —
the answers given are stored and the missing ones are listed so the form can be sent
back), ``fullstendig`` (every question answered).
"""

from __future__ import annotations

from dataclasses import dataclass

from tilsyn.audit.values import Meaning, SelfAssessmentStatus
from tilsyn.checklist.model import AnswerOption, Checklist, ControlQuestion

STATUSES = {s.value: s.value for s in SelfAssessmentStatus}


@dataclass(frozen=True)
class SelfAssessment:
    """One municipality's self-assessment on one checklist for one year."""

    id: int
    uid: str
    municipality_number: str
    municipality_name: str
    county: str
    checklist_id: str
    checklist_version: str
    year: int
    audit_id: int | None
    status: str
    created_at: str
    created_by: str
    origin: str | None = None
    """None, "importert" (a survey loaded in bulk) or "syntetisk"."""


@dataclass(frozen=True)
class SelfAnswer:
    """The municipality's answer to one control question."""

    question_ref: str
    answer: str
    explanation: str | None
    document_refs: str | None
    updated_at: str
    updated_by: str
    version: int


@dataclass(frozen=True)
class SelfAnswerInput:
    """One answer to write (validated)."""

    question_ref: str
    answer: str
    explanation: str | None = None
    document_refs: str | None = None


@dataclass(frozen=True)
class SelfAssessmentView:
    """A self-assessment with its checklist snapshot and answers."""

    record: SelfAssessment
    checklist: Checklist
    answers: tuple[SelfAnswer, ...] = ()

    def answer(self, question_ref: str) -> SelfAnswer | None:
        return next((a for a in self.answers if a.question_ref == question_ref), None)


def options(checklist: Checklist, question: ControlQuestion) -> list[AnswerOption]:
    """Answer options for a municipality: the checklist's, without «ikke vurdert»."""
    return [o for o in checklist.options_for(question) if o.meaning != Meaning.NOT_ASSESSED]


def missing(view: SelfAssessmentView) -> list[str]:
    """Question refs not answered yet, in checklist order."""
    done = {a.question_ref for a in view.answers}
    return [q.ref_id for _, _, q in view.checklist.questions() if q.ref_id not in done]


def status_for(view: SelfAssessmentView) -> str:
    """Complete when every question is answered."""
    if missing(view):
        return SelfAssessmentStatus.INCOMPLETE
    return SelfAssessmentStatus.COMPLETE


def meaning(view: SelfAssessmentView, question: ControlQuestion, answer: str) -> str | None:
    for o in view.checklist.options_for(question):
        if o.value == answer:
            return o.meaning
    return None


@dataclass(frozen=True)
class SelfAnswerChange:
    """What writing one answer does: ``ny``, ``endret`` or ``uendret``."""

    question_ref: str
    kind: str
    old: str | None
    new: str


def plan_self_changes(
    stored: dict[str, tuple[str, str | None, str | None]],
    items: list[SelfAnswerInput],
    *,
    overwrite: bool,
) -> list[SelfAnswerChange]:
    """The change each item makes to the ``stored`` (answer, explanation, documents) per
    question; a different answer replaces the stored one only with ``overwrite``
    (:class:`~tilsyn.errors.ConflictError` naming every difference, nothing written)."""
    from tilsyn.errors import ConflictError

    out = []
    for item in items:
        old = stored.get(item.question_ref)
        if old is None:
            kind = "ny"
        elif old == (item.answer, item.explanation, item.document_refs):
            kind = "uendret"
        else:
            kind = "endret"
        out.append(SelfAnswerChange(item.question_ref, kind, old[0] if old else None, item.answer))
    differ = [c for c in out if c.kind == "endret" and c.old != c.new]
    if differ and not overwrite:
        raise ConflictError(
            f"{len(differ)} svar er forskjellige fra det som er lagret; bruk "
            "--overskriv for å erstatte dem. Ingenting ble lagret.",
            details=[f"{c.question_ref}: lagret «{c.old}», ny «{c.new}»" for c in differ],
        )
    return out
