"""Scoring: from answers to proposed conclusions, by the rules declared in the checklist.

Pure functions over checklist models and answer records; property-tested.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tilsyn.checklist.model import Checklist, ControlQuestion, Requirement
from tilsyn.audit.models import AnswerRecord

OUTCOMES = {"lovbrudd": "lovbrudd", "merknad": "merknad", "ingen": "ingen funn"}
_SEVERITY = {"ingen": 0, "merknad": 1, "lovbrudd": 2}


@dataclass(frozen=True)
class Slot:
    """One answer the audit needs: a question, for the municipality or one participant."""

    question_ref: str
    participant: str  # '' for kommune questions


def slots(checklist: Checklist, participants: Iterable[str]) -> list[Slot]:
    """Every answer the audit needs, in checklist order."""
    people = list(participants)
    out = []
    for _, _, q in checklist.questions():
        if q.scope == "kommune":
            out.append(Slot(q.ref_id, ""))
        else:
            out.extend(Slot(q.ref_id, p) for p in people)
    return out


def meaning_of(checklist: Checklist, question: ControlQuestion, answer: str) -> str | None:
    """What an answer value means (oppfylt, brudd, ikke_relevant, ikke_vurdert)."""
    for option in checklist.options_for(question):
        if option.value == answer:
            return option.meaning
    return None


@dataclass(frozen=True)
class QuestionResult:
    """The proposed outcome of one control question and the counts behind it."""

    question_ref: str
    expected: int
    answered: int
    breaches: int
    compliant: int
    outcome: str | None  # lovbrudd | merknad | ingen | None (nothing assessed yet)

    @property
    def complete(self) -> bool:
        return self.answered >= self.expected


def score_question(
    checklist: Checklist,
    requirement: Requirement,
    question: ControlQuestion,
    answers: Iterable[AnswerRecord],
    participants: Iterable[str],
) -> QuestionResult:
    """Apply the question's rule to its answers."""
    people = [""] if question.scope == "kommune" else list(participants)
    by_slot = {a.participant: a for a in answers if a.question_ref == question.ref_id}
    meanings = []
    for p in people:
        a = by_slot.get(p)
        if a is not None:
            meanings.append(meaning_of(checklist, question, a.answer))
    breaches = meanings.count("brudd")
    compliant = meanings.count("oppfylt")
    answered = sum(1 for m in meanings if m is not None and m != "ikke_vurdert")
    on_breach = question.rule.outcome or requirement.breach
    complete = bool(people) and answered >= len(people)
    outcome: str | None = "ingen" if complete else None
    if breaches and question.rule.type == "any":
        outcome = on_breach
    elif breaches and breaches / (breaches + compliant) > question.rule.threshold:
        # share rule: only a conclusion once the share is certain to stay above the
        # threshold, or when every file is assessed
        outcome = (
            on_breach if complete or breaches / len(people) > question.rule.threshold else None
        )
    return QuestionResult(question.ref_id, len(people), answered, breaches, compliant, outcome)


@dataclass(frozen=True)
class RequirementResult:
    """The proposed conclusion for one requirement."""

    requirement_ref: str
    proposed: str | None  # lovbrudd | merknad | ingen | None (not enough answers)
    questions: tuple[QuestionResult, ...]

    @property
    def complete(self) -> bool:
        return all(q.complete for q in self.questions)


def score_requirement(
    checklist: Checklist,
    requirement: Requirement,
    answers: Iterable[AnswerRecord],
    participants: Iterable[str],
) -> RequirementResult:
    """The most severe outcome among the requirement's questions.

    A breach found is proposed at once; "ingen" only when every question is assessed.
    """
    answers = list(answers)
    people = list(participants)
    results = tuple(
        score_question(checklist, requirement, q, answers, people) for q in requirement.questions
    )
    found = [r.outcome for r in results if r.outcome in ("lovbrudd", "merknad")]
    if found:
        proposed: str | None = max(found, key=lambda o: _SEVERITY[o])
    elif all(r.outcome == "ingen" and r.complete for r in results):
        proposed = "ingen"
    else:
        proposed = None
    return RequirementResult(requirement.ref_id, proposed, results)


def score_audit(
    checklist: Checklist, answers: Iterable[AnswerRecord], participants: Iterable[str]
) -> list[RequirementResult]:
    """Proposed conclusions for every requirement, in checklist order."""
    answers = list(answers)
    people = list(participants)
    return [score_requirement(checklist, r, answers, people) for r in checklist.requirements()]


@dataclass(frozen=True)
class Progress:
    """How far the scoring has come."""

    answered: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 100


def progress(
    checklist: Checklist, answers: Iterable[AnswerRecord], participants: Iterable[str]
) -> Progress:
    """Answered slots of all slots ("ikke vurdert" counts as not yet answered)."""
    needed = slots(checklist, participants)
    done = set()
    for a in answers:
        q = _question(checklist, a.question_ref)
        if q is not None and meaning_of(checklist, q, a.answer) not in (None, "ikke_vurdert"):
            done.add((a.question_ref, a.participant))
    return Progress(sum(1 for s in needed if (s.question_ref, s.participant) in done), len(needed))


def unanswered(
    checklist: Checklist, answers: Iterable[AnswerRecord], participants: Iterable[str]
) -> list[Slot]:
    """Slots with no answer, or answered "ikke vurdert"."""
    done = set()
    for a in answers:
        q = _question(checklist, a.question_ref)
        if q is not None and meaning_of(checklist, q, a.answer) not in (None, "ikke_vurdert"):
            done.add((a.question_ref, a.participant))
    return [
        s for s in slots(checklist, participants) if (s.question_ref, s.participant) not in done
    ]


def _question(checklist: Checklist, ref: str) -> ControlQuestion | None:
    for _, _, q in checklist.questions():
        if q.ref_id == ref:
            return q
    return None
