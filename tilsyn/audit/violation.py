"""A tracked violation (lovbrudd) and the order that follows it: one frozen model and the
pure state machine of its follow-up.

A :class:`Violation` is either *planned* (``id is None``: what a final report dated
some day leads to, before it is recorded) or *tracked* (stored, with its follow-up:
feedback, assessments of correction points, new deadlines, escalation, appeals).

The follow-up: open → feedback received → assessed (rectification made probable, or
not sufficient) → closed; or a new deadline (with a reason); or escalated; a closed
violation can be reopened with a reason. Each ``after_*`` function takes the current
status (and the facts it needs) and returns the new status, or raises
:class:`~tilsyn.errors.UsageError` saying why the step is not possible and what to do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from tilsyn.audit.values import AppealOutcome, PointAssessment, Regime, ViolationStatus
from tilsyn.errors import UsageError

OPEN = ViolationStatus.OPEN
FEEDBACK = ViolationStatus.FEEDBACK
RECTIFIED = ViolationStatus.RECTIFIED
INSUFFICIENT = ViolationStatus.INSUFFICIENT
NEW_DEADLINE = ViolationStatus.NEW_DEADLINE
ESCALATED = ViolationStatus.ESCALATED
CLOSED = ViolationStatus.CLOSED

STATUSES: dict[str, str] = {
    OPEN: "åpen",
    FEEDBACK: "tilbakemelding mottatt",
    RECTIFIED: "retting sannsynliggjort",
    INSUFFICIENT: "ikke tilstrekkelig rettet",
    NEW_DEADLINE: "ny frist",
    ESCALATED: "eskalert",
    CLOSED: "lukket",
}
"""Status values and their Norwegian labels."""

POINT_RECTIFIED = PointAssessment.RECTIFIED
POINT_INSUFFICIENT = PointAssessment.INSUFFICIENT
POINT_OUTCOMES = {POINT_RECTIFIED: "rettet", POINT_INSUFFICIENT: "ikke tilstrekkelig"}

APPEAL_OUTCOMES = {
    AppealOutcome.UPHELD: "pålegget er stadfestet",
    AppealOutcome.ANNULLED: "pålegget er opphevet",
    AppealOutcome.CHANGED: "pålegget er endret",
}
_APPEAL_LABELS: dict[str, str] = {str(k): v for k, v in APPEAL_OUTCOMES.items()}
_POINT_LABELS: dict[str, str] = {str(k): v for k, v in POINT_OUTCOMES.items()}


@dataclass(frozen=True)
class OrderedPoint:
    """A correction point (korreksjonspunkt) as ordered, with its assessment."""

    ref_id: str
    text: str
    id: int | None = None
    assessment: PointAssessment | None = None
    assessment_reason: str | None = None
    assessed_at: str | None = None
    assessed_by: str | None = None


@dataclass(frozen=True)
class Feedback:
    """The municipality's feedback on an order (or on one correction point)."""

    id: int
    point_ref: str | None  # None: the feedback concerns the whole order
    received: date
    text: str
    document_refs: tuple[str, ...]
    created_at: str
    created_by: str


@dataclass(frozen=True)
class DeadlineChange:
    """A new rectification deadline and why it was set."""

    id: int
    old_deadline: date
    new_deadline: date
    reason: str
    created_at: str
    created_by: str


@dataclass(frozen=True)
class Appeal:
    """An appeal (klage) against an order."""

    id: int
    received: date
    forwarded: date | None
    outcome: AppealOutcome | None  # None while pending
    outcome_date: date | None
    note: str | None
    created_at: str
    created_by: str

    @property
    def pending(self) -> bool:
        """The appeal has no outcome yet."""
        return self.outcome is None


@dataclass(frozen=True)
class Violation:
    """A violation with its order to rectify, correction points and follow-up.

    Planned violations (``id is None``) carry no follow-up and no status.
    """

    number: int
    requirement_ref: str
    title: str
    order_text: str
    regime: Regime
    plan_deadline: date | None
    rectification_deadline: date
    feedback_deadline: date
    points: tuple[OrderedPoint, ...] = ()
    id: int | None = None
    audit_id: int | None = None
    status: ViolationStatus | None = None
    status_reason: str | None = None
    created_at: str | None = None
    closed_at: str | None = None
    version: int = 0
    feedback: tuple[Feedback, ...] = ()
    deadline_changes: tuple[DeadlineChange, ...] = ()
    appeals: tuple[Appeal, ...] = ()

    @property
    def tracked(self) -> bool:
        """Stored and followed up (not merely planned)."""
        return self.id is not None

    @property
    def closed(self) -> bool:
        return self.status == CLOSED

    @property
    def closed_on(self) -> date | None:
        """The date the order was closed (the date part of ``closed_at``)."""
        return date.fromisoformat(self.closed_at[:10]) if self.closed_at else None

    @property
    def annulled(self) -> bool:
        """The order was annulled on appeal."""
        return any(a.outcome == AppealOutcome.ANNULLED for a in self.appeals)

    @property
    def pending_appeal(self) -> Appeal | None:
        """The appeal still awaiting an outcome, if any."""
        for a in reversed(self.appeals):
            if a.pending:
                return a
        return None

    def point(self, ref: str) -> OrderedPoint | None:
        """The correction point with ``ref`` (case-insensitive), or None."""
        for p in self.points:
            if p.ref_id.casefold() == ref.strip().casefold():
                return p
        return None

    def rectification_basis(self) -> str:
        """Why the order is considered rectified, in one paragraph (closing letter)."""
        if self.annulled:
            return "Pålegget er opphevet etter klage."
        reasons: list[str] = []
        for p in self.points:
            if p.assessment_reason and p.assessment_reason not in reasons:
                reasons.append(p.assessment_reason)
        return " ".join(reasons)


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


def after_assessment(status: str, *, has_feedback: bool, assessments: Sequence[str | None]) -> str:
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


def after_close(
    status: str, *, points: Sequence[tuple[str, str | None]], annulled: bool = False
) -> str:
    """Close the order: every correction point must be assessed as rectified
    (or the order annulled on appeal)."""
    if status == CLOSED:
        raise UsageError("Pålegget er allerede lukket.")
    if annulled:
        return CLOSED
    missing = [(ref, a) for ref, a in points if a != POINT_RECTIFIED]
    if not points or missing:
        details = ", ".join(
            f"{ref} ({'ikke vurdert' if a is None else _POINT_LABELS.get(a, a)})"
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
        raise UsageError(
            f"Pålegget er ikke lukket (status: {label(status)}); "
            "bare et lukket pålegg kan gjenåpnes."
        )
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


# --- the steps of the follow-up, checked against the facts -------------------------


def find_point(v: Violation, ref: str) -> OrderedPoint:
    """The correction point ``ref`` of ``v`` or a NotFoundError listing the valid ones."""
    found = v.point(ref)
    if found is None:
        from tilsyn.errors import NotFoundError

        raise NotFoundError(
            f"Lovbrudd nr. {v.number} har ikke korreksjonspunktet «{ref}»; gyldige: "
            f"{', '.join(p.ref_id for p in v.points)}."
        )
    return found


def check_changeable(v: Violation, audit_status: str, *, closed_audit_ok: bool = False) -> None:
    """Refuse changes to an order once its audit is closed (an appeal's outcome excepted)."""
    if audit_status == "avsluttet" and not closed_audit_ok:
        raise UsageError(
            f"Tilsynet er avsluttet og avslutningsbrevet sendt, så pålegg nr. {v.number} kan "
            "ikke endres. Følg eventuelt opp i et nytt tilsyn. (Utfallet av en klage kan "
            "fortsatt registreres: tilsyn lovbrudd klage.)"
        )


def _not_before_final(when: date, final: date | None, message: str) -> None:
    if final is not None and when < final:
        raise UsageError(message.format(when=when.isoformat(), final=final.isoformat()))


def feedback_step(
    v: Violation, *, received: date, final: date | None, point_ref: str | None
) -> tuple[ViolationStatus, OrderedPoint | None]:
    """The status after feedback, and the point it concerns (None: the whole order)."""
    _not_before_final(
        received,
        final,
        "Tilbakemeldingen er datert {when}, før endelig rapport ({final}). Kontroller datoen.",
    )
    point = find_point(v, point_ref) if point_ref else None
    return ViolationStatus(after_feedback(_status(v))), point


def assessment_step(
    v: Violation, *, point_refs: Sequence[str] | None, outcome: str
) -> tuple[list[OrderedPoint], ViolationStatus]:
    """The points assessed (all when ``point_refs`` is None) and the status afterwards."""
    if outcome not in POINT_OUTCOMES:
        raise UsageError(f"Ukjent vurdering «{outcome}» (gyldige: rettet, ikke-tilstrekkelig).")
    chosen = list(v.points) if point_refs is None else [find_point(v, r) for r in point_refs]
    chosen_refs = {p.ref_id for p in chosen}
    after = [outcome if p.ref_id in chosen_refs else p.assessment for p in v.points]
    status = after_assessment(_status(v), has_feedback=bool(v.feedback), assessments=after)
    return chosen, ViolationStatus(status)


def deadline_step(v: Violation, *, new_deadline: date, final: date | None) -> ViolationStatus:
    """The status after a new deadline (which must be after the final report)."""
    status = after_new_deadline(_status(v))
    if final is not None and new_deadline <= final:
        raise UsageError(
            f"Den nye fristen {new_deadline.isoformat()} må være etter endelig "
            f"rapport ({final.isoformat()})."
        )
    return ViolationStatus(status)


def close_step(v: Violation, *, closed_on: date | None, final: date | None) -> ViolationStatus:
    """Closing: every point rectified (or the order annulled), not before the report."""
    status = after_close(
        _status(v), points=[(p.ref_id, p.assessment) for p in v.points], annulled=v.annulled
    )
    if closed_on is not None:
        _not_before_final(
            closed_on,
            final,
            "Lukkedatoen {when} er før endelig rapport ({final}). Kontroller datoen.",
        )
    return ViolationStatus(status)


def appeal_step(
    v: Violation,
    *,
    received: date | None,
    forwarded: date | None,
    outcome: str | None,
    outcome_date: date | None,
    final: date | None,
) -> tuple[Appeal | None, date, ViolationStatus]:
    """A new appeal (``received`` given) or an update of the pending one: the pending
    appeal (None for a new one), the date it was received and the status afterwards."""
    if outcome is not None and outcome not in APPEAL_OUTCOMES:
        raise UsageError(f"Ukjent klageutfall «{outcome}» (gyldige: {', '.join(APPEAL_OUTCOMES)}).")
    if (outcome is None) != (outcome_date is None):
        raise UsageError("Oppgi både --utfall og --utfallsdato når klagen er avgjort.")
    pending = v.pending_appeal
    if received is None:
        if pending is None:
            raise UsageError(
                f"Lovbrudd nr. {v.number} har ingen klage til behandling; oppgi "
                "--mottatt DATO for å registrere en ny klage."
            )
        received = pending.received
    elif pending is not None and pending.received != received:
        raise UsageError(
            f"Det er allerede en klage til behandling (mottatt "
            f"{pending.received.isoformat()}); registrer utfallet av den først."
        )
    _not_before_final(
        received,
        final,
        "Klagen kan ikke være mottatt ({when}) før vedtaket om pålegg i endelig rapport ({final}).",
    )
    for what, when in (("oversendt", forwarded), ("utfallsdato", outcome_date)):
        if when is not None and when < received:
            raise UsageError(
                f"Datoen for {what} ({when.isoformat()}) er før klagen "
                f"ble mottatt ({received.isoformat()})."
            )
    return pending, received, ViolationStatus(after_appeal(_status(v), outcome))


def _status(v: Violation) -> str:
    if v.status is None:
        raise UsageError(f"Lovbrudd nr. {v.number} følges ikke opp ennå (endelig rapport).")
    return v.status


def open_deadlines(v: Violation) -> list[tuple[str, date]]:
    """The order's deadlines still to be met: (kind, date) with kind planfrist,
    tilbakemeldingsfrist or rettefrist. None once closed or rectification is made
    probable; the rectification deadline is left out while feedback is being assessed,
    and when it equals the feedback deadline the municipality still owes."""
    if not is_open(_status(v)) or v.status == RECTIFIED:
        return []
    awaiting = v.status in (OPEN, NEW_DEADLINE, ESCALATED)
    out: list[tuple[str, date]] = []
    if v.plan_deadline is not None and v.status == OPEN and not v.feedback:
        out.append(("planfrist", v.plan_deadline))
    if awaiting:
        out.append(("tilbakemeldingsfrist", v.feedback_deadline))
    if v.status != FEEDBACK and not (awaiting and v.feedback_deadline == v.rectification_deadline):
        out.append(("rettefrist", v.rectification_deadline))
    return out


def overdue(v: Violation, today: date) -> list[tuple[str, date]]:
    """Which of the order's deadlines have passed on ``today``."""
    return [(kind, due) for kind, due in open_deadlines(v) if today > due]


def appeal_text(v: Violation) -> str | None:
    """A short description of the pending (else latest) appeal, or None."""
    pending = v.pending_appeal
    if pending is not None:
        text = f"klage til behandling (mottatt {pending.received.isoformat()}"
        if pending.forwarded:
            text += f", oversendt {pending.forwarded.isoformat()}"
        return text + ")"
    if v.appeals:
        last = v.appeals[-1]
        decided = last.outcome_date.isoformat() if last.outcome_date else ""
        outcome = _APPEAL_LABELS.get(last.outcome or "", last.outcome or "")
        return f"klage avgjort {decided}: {outcome}"
    return None
