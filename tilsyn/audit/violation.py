"""The life of a tracked violation as a pure state machine.

open → feedback received → assessed (rectification made probable, or not sufficient)
→ closed; or a new deadline (with a reason); or escalated; a closed violation can be
reopened with a reason. Each function takes the current status (and the facts it
needs) and returns the new status, or raises :class:`~tilsyn.errors.UsageError`
saying why the step is not possible and what to do instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from tilsyn.errors import UsageError

OPEN = "apen"
FEEDBACK = "tilbakemelding"
RECTIFIED = "sannsynliggjort"
INSUFFICIENT = "ikke_tilstrekkelig"
NEW_DEADLINE = "ny_frist"
ESCALATED = "eskalert"
CLOSED = "lukket"

STATUSES: dict[str, str] = {
    OPEN: "åpen",
    FEEDBACK: "tilbakemelding mottatt",
    RECTIFIED: "retting sannsynliggjort",
    INSUFFICIENT: "ikke tilstrekkelig rettet",
    NEW_DEADLINE: "ny frist",
    ESCALATED: "eskalert",
    CLOSED: "lukket",
}
"""Status keys and their Norwegian labels."""

# Assessment of one correction point.
POINT_RECTIFIED = "rettet"
POINT_INSUFFICIENT = "ikke_tilstrekkelig"
POINT_OUTCOMES = {POINT_RECTIFIED: "rettet", POINT_INSUFFICIENT: "ikke tilstrekkelig"}

APPEAL_OUTCOMES = {
    "stadfestet": "pålegget er stadfestet",
    "opphevet": "pålegget er opphevet",
    "endret": "pålegget er endret",
}


def label(status: str) -> str:
    """The Norwegian label of a status."""
    return STATUSES.get(status, status)


def _refuse_closed(status: str, what: str) -> None:
    if status == CLOSED:
        raise UsageError(
            f"Pålegget er lukket; {what} er ikke mulig. Gjenåpne det først "
            "(tilsyn lovbrudd gjenapne TILSYN NR --begrunnelse ...)."
        )


def after_feedback(status: str) -> str:
    """Feedback from the municipality received."""
    _refuse_closed(status, "ny tilbakemelding")
    if status == RECTIFIED:
        raise UsageError(
            "Alle korreksjonspunktene er allerede vurdert som rettet; lukk pålegget "
            "(tilsyn lovbrudd lukk), eller endre en vurdering først (tilsyn lovbrudd vurder)."
        )
    return FEEDBACK


def after_assessment(status: str, *, has_feedback: bool,
                     assessments: Sequence[str | None]) -> str:
    """Correction points assessed; ``assessments`` are all points' assessments afterwards."""
    _refuse_closed(status, "ny vurdering")
    if not has_feedback:
        raise UsageError(
            "Det er ikke registrert noen tilbakemelding fra kommunen på dette pålegget; "
            "registrer den først (tilsyn lovbrudd tilbakemelding)."
        )
    if assessments and all(a == POINT_RECTIFIED for a in assessments):
        return RECTIFIED
    if any(a == POINT_INSUFFICIENT for a in assessments):
        return INSUFFICIENT
    return FEEDBACK


def after_new_deadline(status: str) -> str:
    """A new rectification deadline is set."""
    _refuse_closed(status, "ny frist")
    if status == RECTIFIED:
        raise UsageError(
            "Retting er allerede sannsynliggjort for alle korreksjonspunktene; det trengs "
            "ingen ny frist. Lukk pålegget (tilsyn lovbrudd lukk)."
        )
    return NEW_DEADLINE


def after_escalation(status: str) -> str:
    """The matter is escalated (e.g. a new letter to the municipality's leadership)."""
    _refuse_closed(status, "eskalering")
    if status == ESCALATED:
        raise UsageError("Pålegget er allerede eskalert.")
    if status == RECTIFIED:
        raise UsageError(
            "Retting er sannsynliggjort for alle korreksjonspunktene; pålegget kan lukkes, "
            "ikke eskaleres."
        )
    return ESCALATED


def after_close(status: str, *, points: Sequence[tuple[str, str | None]],
                annulled: bool = False) -> str:
    """Close the order: every correction point must be assessed as rectified
    (or the order annulled on appeal)."""
    if status == CLOSED:
        raise UsageError("Pålegget er allerede lukket.")
    if annulled:
        return CLOSED
    missing = [(ref, a) for ref, a in points if a != POINT_RECTIFIED]
    if not points or missing:
        details = ", ".join(
            f"{ref} ({'ikke vurdert' if a is None else POINT_OUTCOMES.get(a, a)})"
            for ref, a in missing
        )
        raise UsageError(
            "Pålegget kan ikke lukkes før retting er sannsynliggjort for alle "
            f"korreksjonspunktene. Gjenstår: {details}. Registrer vurderingen "
            "med tilsyn lovbrudd vurder."
        )
    return CLOSED


def after_reopen(status: str, *, audit_closed: bool = False) -> str:
    """Reopen a closed order (with a reason, recorded by the caller)."""
    if status != CLOSED:
        raise UsageError(f"Pålegget er ikke lukket (status: {label(status)}); "
                         "bare et lukket pålegg kan gjenåpnes.")
    if audit_closed:
        raise UsageError(
            "Tilsynet er avsluttet og avslutningsbrevet sendt, så pålegget kan ikke "
            "gjenåpnes. Følg eventuelt opp i et nytt tilsyn."
        )
    return OPEN


def after_appeal(status: str, outcome: str | None) -> str:
    """An appeal recorded or decided: an annulled order is closed, otherwise no change."""
    if outcome == "opphevet" and status != CLOSED:
        return CLOSED
    return status


def is_open(status: str) -> bool:
    """Whether the violation still needs follow-up."""
    return status != CLOSED
