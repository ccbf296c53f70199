"""Which violations a final report leads to: the plan the report states and the
follow-up then tracks (one function for both, so they cannot drift apart)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from tilsyn.audit.lifecycle import order_deadlines
from tilsyn.audit.values import Outcome, Regime
from tilsyn.audit.violation import OrderedPoint, Violation

if TYPE_CHECKING:
    from tilsyn.audit.calendar import Calendar
    from tilsyn.audit.models import AuditView
    from tilsyn.checklist.model import Requirement


def fallback_order(requirement: Requirement) -> tuple[str, tuple[OrderedPoint, ...]]:
    """Order text and one correction point for a requirement concluded as a violation
    without an order in the checklist (e.g. a remark overridden to a violation)."""
    basis = "; ".join(b.cite() for b in requirement.legal_basis)
    text = f"Kommunen pålegges å rette praksis slik at kravet i {basis} blir oppfylt."
    return text, (OrderedPoint(f"{requirement.ref_id}-K1", requirement.requirement),)


def plan_violations(
    view: AuditView, final: date, *, weeks: int, calendar: Calendar
) -> list[Violation]:
    """The violations a final report dated ``final`` leads to: every requirement
    concluded as lovbrudd, numbered 1..n in checklist order, with the order text and
    correction points of the audit's checklist snapshot and the deadlines of the
    audit's regime (``weeks``: the rectification weeks in force for the audit)."""
    regime = Regime(view.audit.regime)
    plan_due, rectify_due = order_deadlines(final, regime=regime, weeks=weeks, calendar=calendar)
    items: list[Violation] = []
    for req in view.checklist.requirements():
        c = view.conclusion(req.ref_id)
        if c is None or c.outcome != Outcome.VIOLATION:
            continue
        if req.order is not None:
            order_text = req.order.text
            points = tuple(OrderedPoint(p.ref_id, p.text) for p in req.order.correction_points)
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


def remarks(view: AuditView) -> list[tuple[str, str, str]]:
    """The remarks (merknader) of an audit, listed, not tracked: (requirement, title,
    conclusion text)."""
    out = []
    for req in view.checklist.requirements():
        c = view.conclusion(req.ref_id)
        if c is not None and c.outcome == Outcome.REMARK:
            out.append((req.ref_id, req.title, c.conclusion or ""))
    return out
