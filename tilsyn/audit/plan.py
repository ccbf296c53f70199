"""Which violations a final report leads to: the plan the report states and the
follow-up then tracks (one function for both, so they cannot drift apart).

A violation's correction points follow the findings: the points of the requirement's
order that are linked (``CorrectionPoint.questions``) to a control question with a
deviation, plus those the auditor added, minus those the auditor left out (each with a
reason, before the preliminary report). Every ordered point is thus supported by a
finding the report states (forvaltningsloven §§ 24–25).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from tilsyn.audit.lifecycle import order_deadlines
from tilsyn.audit.values import Outcome, PointChoiceAction, Regime, ViolationStatus
from tilsyn.audit.violation import OrderedPoint, Violation
from tilsyn.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from tilsyn.audit.calendar import Calendar
    from tilsyn.audit.models import AuditView
    from tilsyn.checklist.model import CorrectionPoint, Requirement


def fallback_order(requirement: Requirement) -> tuple[str, tuple[OrderedPoint, ...]]:
    """Order text and one correction point for a requirement concluded as a violation
    without an order in the checklist (e.g. a remark overridden to a violation)."""
    basis = "; ".join(b.cite() for b in requirement.legal_basis)
    text = f"Kommunen pålegges å rette praksis slik at kravet i {basis} blir oppfylt."
    return text, (OrderedPoint(f"{requirement.ref_id}-K1", requirement.requirement),)


def deviating_questions(view: AuditView, requirement: Requirement) -> list[str]:
    """The requirement's control questions with at least one deviation (a breach in the
    municipality's answer or in a sampled file), in checklist order."""
    from tilsyn.audit.scoring import score_requirement

    people = [p.pseudonym for p in view.participants()]
    result = score_requirement(view.checklist, requirement, view.answers, people)
    return [q.question_ref for q in result.questions if q.breaches]


@dataclass(frozen=True)
class PointSupport:
    """Why a correction point is (or is not) ordered."""

    point: CorrectionPoint
    ordered: bool
    deviations: tuple[str, ...]
    """Linked questions with a deviation (the finding the point rests on)."""
    choice: str | None = None
    """legg_til / fjern when the auditor chose, else None (the findings decide)."""
    reason: str | None = None
    """The auditor's reason for the choice."""


def point_support(view: AuditView, requirement: Requirement) -> list[PointSupport]:
    """Every correction point of the requirement's order, whether it is ordered and why."""
    if requirement.order is None:
        return []
    deviating = set(deviating_questions(view, requirement))
    choices = {
        c.point_ref: c for c in view.point_choices if c.requirement_ref == requirement.ref_id
    }
    out = []
    for p in requirement.order.correction_points:
        linked = tuple(q for q in p.questions if q in deviating)
        choice = choices.get(p.ref_id)
        if choice is not None:
            ordered = choice.action == PointChoiceAction.ADD
            out.append(PointSupport(p, ordered, linked, choice.action, choice.reason))
        else:
            out.append(PointSupport(p, bool(linked), linked))
    return out


def ordered_points(view: AuditView, requirement: Requirement) -> tuple[OrderedPoint, ...]:
    """The correction points an order for ``requirement`` contains."""
    return tuple(
        OrderedPoint(s.point.ref_id, s.point.text)
        for s in point_support(view, requirement)
        if s.ordered
    )


def plan_violations(
    view: AuditView, final: date, *, weeks: int, calendar: Calendar
) -> list[Violation]:
    """The violations a final report dated ``final`` leads to: every requirement in the
    audit concluded as lovbrudd, numbered 1..n in checklist order, with the order text of
    the audit's checklist snapshot, the correction points its findings support
    (:func:`ordered_points`) and the deadlines of the audit's regime (``weeks``: the
    rectification weeks in force for the audit)."""
    regime = Regime(view.audit.regime)
    plan_due, rectify_due = order_deadlines(final, regime=regime, weeks=weeks, calendar=calendar)
    items: list[Violation] = []
    for req in view.assessed_checklist.requirements():
        c = view.conclusion(req.ref_id)
        if c is None or c.outcome != Outcome.VIOLATION:
            continue
        if req.order is not None:
            order_text = req.order.text
            points = ordered_points(view, req)
        else:
            order_text, points = fallback_order(req)
        items.append(
            Violation(
                number=len(items) + 1,
                requirement_ref=req.ref_id,
                title=req.title,
                order_text=order_text,
                regime=regime,
                plan_deadline=plan_due,
                rectification_deadline=rectify_due,
                feedback_deadline=rectify_due,
                points=points,
            )
        )
    return items


def unconcluded(view: AuditView) -> list[str]:
    """Requirements in the audit without a conclusion."""
    return [
        r.ref_id
        for r in view.assessed_checklist.requirements()
        if view.conclusion(r.ref_id) is None
    ]


def remarks(view: AuditView) -> list[tuple[str, str, str]]:
    """The remarks (merknader) of an audit in checklist order, listed, not tracked:
    (requirement, title, the remark's text)."""
    out = []
    for req in view.assessed_checklist.requirements():
        for r in view.remarks_for(req.ref_id):
            out.append((req.ref_id, req.title, r.text))
    return out


# --- kommuneloven 1992 § 60 d: an order only after the deadline ran out -----------------

_SETTLED = (ViolationStatus.CLOSED, ViolationStatus.RECTIFIED)


def overdue_for_order(violations: Sequence[Violation], when: date) -> list[Violation]:
    """The tracked violations an order under kommuneloven 1992 § 60 d dated ``when`` can
    cover: still open (rectification not made probable) after their deadline."""
    return [
        v
        for v in violations
        if v.tracked and v.status not in _SETTLED and v.rectification_deadline < when
    ]


def check_order_letter(
    audit_id: int,
    *,
    regime: str,
    final: date | None,
    violations: Sequence[Violation],
    when: date,
    action: str = "lages",
) -> list[Violation]:
    """The violations a separate order (``palegg``) dated ``when`` covers, or a refusal.

    kl. 1992 § 60 d: only after the registered final report's rectification deadline has
    passed with the violation still open. kl. 2018 § 30-4: the decision is the final
    report's chapter, so there is no separate order (the letter is a covering letter and
    the caller handles it)."""
    if regime != Regime.KL1992:
        return list(violations)
    if final is None:
        raise UsageError(
            f"Pålegg etter kommuneloven (1992) § 60 d kan ikke {action} før den endelige "
            "rapporten er registrert sendt: pålegget kommer først når fristen for retting i "
            f"rapporten har gått ut. Registrer endelig rapport (tilsyn hendelse {audit_id} "
            "endelig --dato D)."
        )
    if not violations:
        raise UsageError(
            f"Tilsyn {audit_id} har ingen lovbrudd som følges opp, så det er ikke noe å gi "
            "pålegg om."
        )
    covered = overdue_for_order(violations, when)
    if covered:
        return covered
    lines = []
    for v in violations:
        if v.status in _SETTLED:
            lines.append(f"nr. {v.number} {v.requirement_ref}: {v.status}")
        else:
            lines.append(
                f"nr. {v.number} {v.requirement_ref}: fristen for retting er "
                f"{v.rectification_deadline.isoformat()}"
            )
    first = min(
        (v.rectification_deadline for v in violations if v.status not in _SETTLED),
        default=None,
    )
    way = (
        f"Bruk en dato etter {first.isoformat()} hvis lovbruddet ikke er rettet da"
        if first
        else "Alle lovbruddene er rettet eller lukket"
    )
    raise UsageError(
        f"Pålegg etter kommuneloven (1992) § 60 d kan ikke {action} med dato "
        f"{when.isoformat()}: et pålegg gis først når fristen for retting i den endelige "
        f"rapporten av {final.isoformat()} har gått ut uten at lovbruddet er rettet. {way}.",
        details=[f"  {line}" for line in lines],
    )
