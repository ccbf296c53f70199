"""Scoring: from answers to proposed conclusions, by the rules declared in the checklist.

Pure functions over checklist models and answer records; property-tested.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tilsyn.audit.answers import Slot, is_assessed, meaning_of, slots
from tilsyn.audit.models import Answer
from tilsyn.audit.values import Meaning, Outcome, Scope
from tilsyn.checklist.model import Checklist, ControlQuestion, Requirement

OUTCOMES = {Outcome.VIOLATION: "lovbrudd", Outcome.REMARK: "merknad", Outcome.NONE: "ingen funn"}
"""Outcomes and how they are written for people."""
_SEVERITY: dict[str | None, int] = {Outcome.NONE: 0, Outcome.REMARK: 1, Outcome.VIOLATION: 2}


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
    answers: Iterable[Answer],
    participants: Iterable[str],
) -> QuestionResult:
    """Apply the question's rule to its answers."""
    people = [""] if question.scope == Scope.MUNICIPALITY else list(participants)
    by_slot = {a.participant: a for a in answers if a.question_ref == question.ref_id}
    meanings = []
    for p in people:
        a = by_slot.get(p)
        if a is not None:
            meanings.append(meaning_of(checklist, question, a.answer))
    breaches = meanings.count(Meaning.BREACH)
    compliant = meanings.count(Meaning.COMPLIANT)
    answered = sum(1 for m in meanings if m is not None and m != Meaning.NOT_ASSESSED)
    on_breach = question.rule.outcome or requirement.breach
    complete = bool(people) and answered >= len(people)
    outcome: str | None = Outcome.NONE if complete else None
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
    answers: Iterable[Answer],
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
    found = [r.outcome for r in results if r.outcome in (Outcome.VIOLATION, Outcome.REMARK)]
    if found:
        proposed: str | None = max(found, key=lambda o: _SEVERITY[o])
    elif all(r.outcome == Outcome.NONE and r.complete for r in results):
        proposed = Outcome.NONE
    else:
        proposed = None
    return RequirementResult(requirement.ref_id, proposed, results)


def score_audit(
    checklist: Checklist, answers: Iterable[Answer], participants: Iterable[str]
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


def required_answers(checklist: Checklist, sampled: int) -> int:
    """How many answers an audit with ``sampled`` participant files needs."""
    return sum(
        (1 if q.scope == Scope.MUNICIPALITY else sampled) for _, _, q in checklist.questions()
    )


def progress(checklist: Checklist, sampled: int, assessed: int) -> Progress:
    """Answered of needed answers: ``assessed`` answers (not «ikke vurdert») of those an
    audit with ``sampled`` files needs (see :func:`assessed_answers`)."""
    total = required_answers(checklist, sampled)
    return Progress(min(total, assessed), total)


def assessed_answers(
    checklist: Checklist, answers: Iterable[Answer], participants: Iterable[str]
) -> int:
    """How many of the answers fill a needed slot with an assessed value."""
    needed = {(s.question_ref, s.participant) for s in slots(checklist, participants)}
    questions = {q.ref_id: q for _, _, q in checklist.questions()}
    return sum(
        1
        for a in answers
        if (a.question_ref, a.participant) in needed
        and is_assessed(checklist, questions[a.question_ref], a.answer)
    )


def unanswered(
    checklist: Checklist, answers: Iterable[Answer], participants: Iterable[str]
) -> list[Slot]:
    """Slots with no answer, or answered «ikke vurdert»."""
    questions = {q.ref_id: q for _, _, q in checklist.questions()}
    done = {
        (a.question_ref, a.participant)
        for a in answers
        if a.question_ref in questions
        and is_assessed(checklist, questions[a.question_ref], a.answer)
    }
    return [
        s for s in slots(checklist, participants) if (s.question_ref, s.participant) not in done
    ]


def assessed_values(checklist: Checklist) -> set[str]:
    """Every answer value in the checklist that counts as assessed (not «ikke vurdert»)."""
    return {
        o.value
        for _, _, q in checklist.questions()
        for o in checklist.options_for(q)
        if o.meaning != Meaning.NOT_ASSESSED
    }
