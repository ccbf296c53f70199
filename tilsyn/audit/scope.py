"""Scoping per audit (avgrensning): a requirement of the checklist that is not part of
this audit leaves everything the audit assesses — the documents' scope list, scoring,
the quality gate and statistics (a scoped requirement has no conclusion).

Pure functions; the use cases in :mod:`tilsyn.app.procedure` check and store.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from tilsyn.audit.values import EventType, Scope
from tilsyn.errors import UsageError

if TYPE_CHECKING:
    from datetime import date

    from tilsyn.checklist.model import Checklist, Requirement


def without(checklist: Checklist, scoped: Iterable[str]) -> Checklist:
    """``checklist`` without the requirements in ``scoped`` (and without themes left
    empty). The checklist itself when nothing is scoped."""
    refs = set(scoped)
    if not refs:
        return checklist
    themes = []
    for theme in checklist.themes:
        kept = [r for r in theme.requirements if r.ref_id not in refs]
        if kept:
            themes.append(theme.model_copy(update={"requirements": kept}))
    return checklist.model_copy(update={"themes": themes})


def open_for_changes(events: Sequence[tuple[str, date]], *, what: str, audit_id: int) -> None:
    """Scoping and the choice of correction points belong to the assessment: they are
    settled before the preliminary report (or a final report sent without one)."""
    for kind, when in events:
        if kind in (EventType.PRELIMINARY, EventType.FINAL):
            label = "foreløpig rapport" if kind == EventType.PRELIMINARY else "endelig rapport"
            raise UsageError(
                f"{what} må gjøres før rapporten sendes: {label} ble registrert sendt "
                f"{when.isoformat()} (tilsyn {audit_id}). Det kommunen har fått varsel om, "
                "kan ikke endres i ettertid; rett eventuelt datoen med tilsyn hendelse "
                f"{audit_id} {kind} --korriger, eller følg opp i et nytt tilsyn."
            )


def check_scope_out(checklist: Checklist, scoped: Iterable[str], requirement: Requirement) -> None:
    """Refuse scoping a requirement already scoped, or the last one in scope."""
    refs = set(scoped)
    if requirement.ref_id in refs:
        raise UsageError(
            f"Krav {requirement.ref_id} er allerede avgrenset bort fra tilsynet "
            "(angre med --angre)."
        )
    left = [r.ref_id for r in checklist.requirements() if r.ref_id not in refs]
    if left == [requirement.ref_id]:
        raise UsageError(
            f"Krav {requirement.ref_id} er det eneste kravet igjen i tilsynet og kan ikke "
            "avgrenses bort; et tilsyn må vurdere minst ett krav."
        )


def participant_requirements_without_sample(checklist: Checklist, sampled: int) -> list[str]:
    """Requirements in scope with questions per participant file when no file is sampled:
    they can be neither assessed nor concluded."""
    if sampled:
        return []
    return [
        r.ref_id
        for r in checklist.requirements()
        if any(q.scope == Scope.PARTICIPANT for q in r.questions)
    ]
