"""Calibration of one case: the municipality's self-assessment beside the auditor's
finding, question by question (``tilsyn vis ID``). Pure.

The finding on a question is the auditor's: "brudd" when an answer to it means breach
(with how many of the assessed answers did), "oppfylt" when the assessed answers all
comply; an audit without answers (imported history) has only its conclusions, so there
the requirement's conclusion stands for each of its questions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tilsyn.audit.models import AuditView
    from tilsyn.audit.scoring import RequirementResult
    from tilsyn.audit.selfassessment import SelfAssessmentView


@dataclass(frozen=True)
class CaseQuestion:
    """One question: what the municipality said and what the auditor found."""

    question_ref: str
    requirement_ref: str
    question: str
    self_answer: str | None
    """The municipality's answer as stored (ja, nei, ikke relevant), None if blank."""
    self_says: str | None
    """"oppfylt" (yes), "brudd" (no), or None (not relevant, blank)."""
    finding: str | None
    """"brudd", "oppfylt", or None (not assessed)."""
    finding_text: str
    """The finding in words: "brudd i 2 av 3 svar", "lovbrudd på kravet" …"""
    agrees: bool | None
    """True when both say the same, False when they differ, None when not comparable."""


@dataclass(frozen=True)
class CaseCalibration:
    """The self-assessment of the audit's municipality, checklist and year, beside the
    audit's findings."""

    self_assessment_id: int
    year: int
    status: str
    origin: str | None
    questions: tuple[CaseQuestion, ...]

    @property
    def agree(self) -> int:
        return sum(1 for q in self.questions if q.agrees is True)

    @property
    def disagree(self) -> int:
        return sum(1 for q in self.questions if q.agrees is False)

    @property
    def optimistic(self) -> int:
        """Questions answered yes where the auditor found a breach."""
        return sum(1 for q in self.questions if q.self_says == "oppfylt" and q.finding == "brudd")


_CONCLUSION_TEXT = {
    "lovbrudd": "lovbrudd på kravet",
    "merknad": "merknad på kravet",
    "ingen": "ingen funn på kravet",
}


def case_calibration(
    view: AuditView,
    results: tuple[RequirementResult, ...],
    sa: SelfAssessmentView,
) -> CaseCalibration:
    """Per question of the audit's checklist: the self-assessment's answer and the
    auditor's finding."""
    from tilsyn.audit.selfassessment import meaning

    per_question = {q.question_ref: q for r in results for q in r.questions}
    conclusions = {c.requirement_ref: c.outcome for c in view.conclusions}
    rows = []
    for _, req, q in view.checklist.questions():
        given = sa.answer(q.ref_id)
        says = None
        if given is not None:
            m = (
                meaning(sa, sa.checklist.question(q.ref_id), given.answer)
                if _has(sa, q.ref_id)
                else None
            )
            says = m if m in ("oppfylt", "brudd") else None
        result = per_question.get(q.ref_id)
        finding: str | None = None
        text = "ikke vurdert"
        if result is not None and result.answered:
            if result.breaches:
                finding, text = "brudd", f"brudd i {result.breaches} av {result.answered} svar"
            elif result.compliant:
                finding, text = "oppfylt", f"oppfylt ({result.compliant} av {result.answered} svar)"
            else:
                text = "ikke relevant"
        elif req.ref_id in conclusions:
            outcome = conclusions[req.ref_id]
            text = _CONCLUSION_TEXT.get(outcome, outcome)
            finding = (
                "brudd" if outcome == "lovbrudd" else "oppfylt" if outcome == "ingen" else None
            )
        agrees = None if says is None or finding is None else says == finding
        rows.append(
            CaseQuestion(
                question_ref=q.ref_id,
                requirement_ref=req.ref_id,
                question=q.question,
                self_answer=given.answer if given is not None else None,
                self_says=says,
                finding=finding,
                finding_text=text,
                agrees=agrees,
            )
        )
    record = sa.record
    return CaseCalibration(record.id, record.year, record.status, record.origin, tuple(rows))


def _has(sa: SelfAssessmentView, ref: str) -> bool:
    return any(q.ref_id == ref for _, _, q in sa.checklist.questions())
