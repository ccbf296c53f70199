"""Validating one answer against the checklist: question, participant, allowed value."""

from __future__ import annotations

from collections.abc import Sequence

from tilsyn.checklist.model import Checklist, ControlQuestion
from tilsyn.errors import NotFoundError, UsageError
from tilsyn.idnumber import refuse_identity_numbers
from tilsyn.text import clean_optional, fold


def canonical_answer(checklist: Checklist, question: ControlQuestion, value: str) -> str:
    """The allowed answer ``value`` stands for (ASCII spellings, case and - / _ accepted)."""
    options = [o.value for o in checklist.options_for(question)]
    wanted = fold(str(value)).replace("-", " ")
    for option in options:
        if fold(option).replace("-", " ") == wanted:
            return option
    raise UsageError(
        f"«{value}» er ikke et gyldig svar på {question.ref_id} (gyldige: {', '.join(options)})."
    )


def resolve_slot(
    checklist: Checklist, question_ref: str, participant: str | None, sampled: Sequence[str]
) -> tuple[ControlQuestion, str]:
    """The question and participant key ('' for kommune questions) of one answer."""
    question = checklist.question(question_ref)
    if question.scope == "kommune":
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


def clean_user_text(value: str | None, *, where: str) -> str | None:
    """Clean typed text and refuse identity numbers in it."""
    text = clean_optional(value)
    refuse_identity_numbers(text, where=where)
    return text


def ensure_text(value: str | None, what: str) -> str:
    """Refuse an empty required text."""
    if value is None or not value.strip():
        raise UsageError(f"{what} kan ikke være tom.")
    return value
