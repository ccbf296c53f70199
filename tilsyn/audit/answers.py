"""Answers to control questions: the slots an audit needs, what a typed answer stands for,
and the rules for recording one.

The rules live here once: an answer that differs from a computed proposal needs a reason
(:func:`require_reason`), and a stored answer is replaced only knowingly
(:func:`plan_changes`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from tilsyn.audit.models import Answer, AnswerChange, AnswerInput
from tilsyn.audit.values import AnswerChangeKind, Meaning, Scope
from tilsyn.checklist.model import Checklist, ControlQuestion
from tilsyn.errors import ConflictError, NotFoundError, UsageError


@dataclass(frozen=True)
class Slot:
    """One answer the audit needs: a question, for the municipality or one participant."""

    question_ref: str
    participant: str  # '' for kommune questions

    def describe(self) -> str:
        """``"B1.2 / KRS-003"`` or ``"B1.6"``."""
        return f"{self.question_ref}{' / ' + self.participant if self.participant else ''}"


def slots(checklist: Checklist, participants: Iterable[str]) -> list[Slot]:
    """Every answer the audit needs, in checklist order."""
    people = list(participants)
    out = []
    for _, _, q in checklist.questions():
        if q.scope == Scope.MUNICIPALITY:
            out.append(Slot(q.ref_id, ""))
        else:
            out.extend(Slot(q.ref_id, p) for p in people)
    return out


def meaning_of(checklist: Checklist, question: ControlQuestion, answer: str) -> Meaning | None:
    """What an answer value means (oppfylt, brudd, ikke_relevant, ikke_vurdert)."""
    for option in checklist.options_for(question):
        if option.value == answer:
            return Meaning(option.meaning)
    return None


def is_assessed(checklist: Checklist, question: ControlQuestion, answer: str) -> bool:
    """Whether an answer counts as assessed (anything known but «ikke vurdert»)."""
    return meaning_of(checklist, question, answer) not in (None, Meaning.NOT_ASSESSED)


def canonical_answer(checklist: Checklist, question: ControlQuestion, value: str) -> str:
    """The allowed answer ``value`` stands for (ASCII spellings, case and - / _ accepted,
    and the nynorsk form of an option where the checklist gives one)."""
    option = checklist.option_for(question, str(value))
    if option is not None:
        return option.value
    options = checklist.options_for(question)
    raise UsageError(
        f"«{value}» er ikke et gyldig svar på {question.ref_id} "
        f"(gyldige: {', '.join(o.value for o in options)})."
    )


def resolve_slot(
    checklist: Checklist, question_ref: str, participant: str | None, sampled: Sequence[str]
) -> tuple[ControlQuestion, str]:
    """The question and participant key ('' for kommune questions) of one answer."""
    question = checklist.question(question_ref)
    if question.scope == Scope.MUNICIPALITY:
        if participant:
            raise UsageError(
                f"{question.ref_id} besvares én gang for kommunen; ikke oppgi --deltaker."
            )
        return question, ""
    if not participant:
        raise UsageError(
            f"{question.ref_id} besvares per deltakermappe; oppgi --deltaker PSEUDONYM "
            f"(utvalget: {', '.join(sampled) or 'ingen ennå — trekk med tilsyn utvalg'})."
        )
    for p in sampled:
        if p.casefold() == participant.casefold():
            return question, p
    raise NotFoundError(
        f"Deltakeren «{participant}» er ikke i utvalget "
        f"(utvalget: {', '.join(sampled) or 'ingen ennå — trekk med tilsyn utvalg'})."
    )


def require_reason(
    slot: Slot, value: str, proposed: str | None, note: str, reason: str | None, *, how: str
) -> None:
    """An answer that differs from a computed proposal needs a reason.

    ``how`` says where the reason goes ("--begrunnelse", "kolonnen begrunnelse").
    """
    if proposed and value != proposed and not reason:
        raise UsageError(
            f"Beregningen foreslår «{proposed}» for {slot.describe()} ({note}). "
            f"For å svare «{value}» må du oppgi en begrunnelse ({how})."
        )


def plan_changes(
    current: Mapping[tuple[str, str], Answer],
    items: Sequence[AnswerInput],
    *,
    overwrite: bool,
) -> list[AnswerChange]:
    """What writing ``items`` over the ``current`` answers does, slot by slot.

    Refuses (nothing is written) when an item's ``expected_version`` is not the stored
    version (someone changed it since it was read), and — without ``overwrite`` — when
    an item would replace a different answer, or an observation or sources someone
    already wrote (adding them where none are recorded is fine).
    """
    changes: list[AnswerChange] = []
    conflicts: list[str] = []
    differ: list[str] = []
    for item in items:
        slot = (item.question_ref, item.participant)
        where = Slot(*slot).describe()
        old = current.get(slot)
        if old is None:
            changes.append(AnswerChange(slot, AnswerChangeKind.NEW, None, item.answer))
            continue
        if item.expected_version is not None and old.version != item.expected_version:
            conflicts.append(
                f"{where}: endret av {old.updated_by} {old.updated_at[:16]} (nå «{old.answer}»)"
            )
            continue
        same = (
            old.answer == item.answer
            and old.observation == item.observation
            and tuple(old.sources) == tuple(item.sources)
            and old.proposed == item.proposed
            and old.proposed_note == item.proposed_note
            and old.override_reason == item.override_reason
        )
        kind = AnswerChangeKind.UNCHANGED if same else AnswerChangeKind.CHANGED
        changes.append(AnswerChange(slot, kind, old.answer, item.answer))
        if overwrite or same:
            continue
        if old.answer != item.answer:
            differ.append(f"{where}: lagret «{old.answer}», ny «{item.answer}»")
        elif old.observation and old.observation != item.observation:
            differ.append(
                f"{where}: observasjonen er endret (lagret av "
                f"{old.updated_by} {old.updated_at[:10]})"
            )
        elif list(old.sources) not in ([], list(item.sources)):
            differ.append(
                f"{where}: kildene er endret (lagret av {old.updated_by} {old.updated_at[:10]})"
            )
    if conflicts:
        raise ConflictError(
            "Svaret er endret av noen andre siden du leste det; ingenting ble lagret. "
            "Last inn på nytt og prøv igjen:",
            details=conflicts,
        )
    if differ:
        raise ConflictError(
            f"{len(differ)} svar er forskjellige fra det som er lagret; bruk "
            "--overskriv for å erstatte dem. Ingenting ble lagret.",
            details=differ,
        )
    return changes


def require_conclusion_reason(
    requirement_ref: str, outcome: str, proposed: str | None, reason: str | None
) -> None:
    """A conclusion that differs from the proposed one needs a reason."""
    if proposed is not None and outcome != proposed and not reason:
        raise UsageError(
            f"Foreslått konklusjon for {requirement_ref} er «{proposed}»; for å velge "
            f"«{outcome}» må du oppgi en begrunnelse (--begrunnelse)."
        )
