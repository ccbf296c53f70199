"""Use cases of the procedure around the findings: scoping a requirement out of an audit
(`tilsyn avgrens`), remarks with their own text (`tilsyn merknad`) and the choice of
correction points an order gets (`tilsyn korreksjonspunkt`).

Each reads the audit under lock, checks with the pure rules of :mod:`tilsyn.audit.scope`
and :mod:`tilsyn.audit.plan`, and writes (logged) in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tilsyn.audit import scope
from tilsyn.audit.values import EventType, PointChoiceAction
from tilsyn.errors import NotFoundError, UsageError
from tilsyn.text import required_text

if TYPE_CHECKING:
    from tilsyn.app.context import AppContext
    from tilsyn.audit.models import AuditView, Remark, ScopedRequirement
    from tilsyn.audit.plan import PointSupport


def _locked_view(ctx: AppContext, audit_id: int, conn) -> AuditView:  # type: ignore[no-untyped-def]
    ctx.store.audits.events(audit_id, conn=conn, lock=True)
    return ctx.store.audits.view(audit_id, conn=conn)


# --- scoping ---------------------------------------------------------------------------


def scope_out(
    ctx: AppContext, audit_id: int, *, requirement: str, reason: str
) -> ScopedRequirement:
    """Scope a requirement out of the audit (before the preliminary report)."""
    why = required_text(reason, where="--begrunnelse", what="Begrunnelsen", max_length=2000)
    store = ctx.store
    with store.transaction() as conn:
        view = _locked_view(ctx, audit_id, conn)
        req = view.checklist.requirement_by_ref(requirement)
        scope.open_for_changes(
            [(e.type, e.date) for e in view.events],
            what=f"Avgrensning av krav {req.ref_id}",
            audit_id=audit_id,
        )
        scope.check_scope_out(view.checklist, [s.requirement_ref for s in view.scoped], req)
        if view.remarks_for(req.ref_id):
            raise UsageError(
                f"Krav {req.ref_id} har merknader; et krav som ikke er del av tilsynet, kan "
                f"ikke ha merknader. Fjern dem først (tilsyn merknad {audit_id} --fjern NR "
                "--begrunnelse T)."
            )
        return store.procedure.scope_out(audit_id, req.ref_id, reason=why, conn=conn)


def scope_in(ctx: AppContext, audit_id: int, *, requirement: str, reason: str) -> str:
    """Undo scoping (before the preliminary report); returns the requirement's id."""
    why = required_text(reason, where="--begrunnelse", what="Begrunnelsen", max_length=2000)
    store = ctx.store
    with store.transaction() as conn:
        view = _locked_view(ctx, audit_id, conn)
        req = view.checklist.requirement_by_ref(requirement)
        if not view.is_scoped(req.ref_id):
            raise UsageError(f"Krav {req.ref_id} er ikke avgrenset bort fra tilsyn {audit_id}.")
        scope.open_for_changes(
            [(e.type, e.date) for e in view.events],
            what=f"Å angre avgrensningen av krav {req.ref_id}",
            audit_id=audit_id,
        )
        store.procedure.scope_in(audit_id, req.ref_id, reason=why, conn=conn)
    return req.ref_id


def check_in_scope(view: AuditView, requirement_ref: str, *, what: str) -> None:
    """Refuse working on a requirement that is scoped out of the audit."""
    if view.is_scoped(requirement_ref):
        raise UsageError(
            f"Krav {requirement_ref} er avgrenset bort fra tilsyn {view.audit.id}, så {what} "
            f"er ikke mulig. Angre avgrensningen først (tilsyn avgrens {view.audit.id} --krav "
            f"{requirement_ref} --angre --begrunnelse T)."
        )


# --- remarks ---------------------------------------------------------------------------


def _before_final(view: AuditView, what: str) -> None:
    final = view.event_date(EventType.FINAL)
    if final is not None:
        raise UsageError(
            f"{what} er ikke mulig: endelig rapport ble registrert sendt {final.isoformat()}. "
            "Det som står i en sendt rapport, endres ikke i ettertid."
        )


def add_remark(ctx: AppContext, audit_id: int, *, requirement: str, text: str) -> Remark:
    """Record a remark (merknad) on a requirement: what the municipality should improve.
    A remark needs no breached requirement and leads to no order."""
    body = required_text(text, where="--tekst", what="Merknaden", max_length=5000)
    store = ctx.store
    with store.transaction() as conn:
        view = _locked_view(ctx, audit_id, conn)
        req = view.checklist.requirement_by_ref(requirement)
        check_in_scope(view, req.ref_id, what="en merknad")
        _before_final(view, "En ny merknad")
        return store.procedure.add_remark(audit_id, req.ref_id, text=body, conn=conn)


def remove_remark(ctx: AppContext, audit_id: int, *, number: int, reason: str) -> Remark:
    """Delete remark ``number`` (as numbered by :func:`numbered_remarks`)."""
    why = required_text(reason, where="--begrunnelse", what="Begrunnelsen", max_length=2000)
    store = ctx.store
    with store.transaction() as conn:
        view = _locked_view(ctx, audit_id, conn)
        _before_final(view, "Å fjerne en merknad")
        numbered = numbered_remarks(view)
        if not 1 <= number <= len(numbered):
            raise NotFoundError(
                f"Tilsyn {audit_id} har ingen merknad nr. {number}"
                + (f" (nr. 1–{len(numbered)})." if numbered else "; det er ingen merknader.")
            )
        remark = numbered[number - 1]
        store.procedure.remove_remark(audit_id, remark, reason=why, conn=conn)
    return remark


def remarks_of(ctx: AppContext, audit_id: int) -> list[Remark]:
    """The audit's remarks, numbered as the reports number them (1, 2, … in list order)."""
    return numbered_remarks(ctx.store.audits.view(audit_id))


def numbered_remarks(view: AuditView) -> list[Remark]:
    """The audit's remarks numbered as the reports number them: in checklist order of
    their requirements, then in the order they were recorded."""
    out: list[Remark] = []
    for req in view.assessed_checklist.requirements():
        out.extend(view.remarks_for(req.ref_id))
    return out


# --- correction points -----------------------------------------------------------------


@dataclass(frozen=True)
class RequirementPoints:
    """The correction points of one requirement's order, and which are ordered."""

    requirement_ref: str
    title: str
    outcome: str | None
    points: tuple[PointSupport, ...]


def list_points(ctx: AppContext, audit_id: int) -> list[RequirementPoints]:
    """For each requirement in the audit with an order: its points and why each is (or is
    not) ordered."""
    from tilsyn.audit.plan import point_support

    view = ctx.store.audits.view(audit_id)
    out = []
    for req in view.assessed_checklist.requirements():
        if req.order is None:
            continue
        c = view.conclusion(req.ref_id)
        out.append(
            RequirementPoints(
                req.ref_id, req.title, c.outcome if c else None, tuple(point_support(view, req))
            )
        )
    return out


POINT_ACTIONS = {"legg-til": PointChoiceAction.ADD, "fjern": PointChoiceAction.REMOVE}


def choose_point(
    ctx: AppContext, audit_id: int, *, point: str, action: str | None, reason: str
) -> PointSupport:
    """Add a correction point to an order (``legg-til``), leave one out (``fjern``), or
    let the findings decide again (``action`` None), with a reason (logged), before the
    preliminary report."""
    from tilsyn.audit.plan import point_support

    why = required_text(reason, where="--begrunnelse", what="Begrunnelsen", max_length=2000)
    store = ctx.store
    with store.transaction() as conn:
        view = _locked_view(ctx, audit_id, conn)
        req, cp = _point(view, point)
        check_in_scope(view, req.ref_id, what="å velge korreksjonspunkter")
        scope.open_for_changes(
            [(e.type, e.date) for e in view.events],
            what=f"Valget av korreksjonspunktet {cp.ref_id}",
            audit_id=audit_id,
        )
        support = {s.point.ref_id: s for s in point_support(view, req)}
        current = support[cp.ref_id]
        if action is None:
            if current.choice is None:
                raise UsageError(
                    f"Korreksjonspunkt {cp.ref_id} er ikke lagt til eller fjernet; funnene "
                    "avgjør det allerede."
                )
            store.procedure.undo_point_choice(audit_id, cp.ref_id, reason=why, conn=conn)
        else:
            chosen = POINT_ACTIONS[action]
            by_findings = bool(current.deviations)
            if chosen == PointChoiceAction.ADD and by_findings:
                raise UsageError(
                    f"Korreksjonspunkt {cp.ref_id} er allerede med: det er knyttet til "
                    f"{', '.join(current.deviations)}, som har avvik."
                )
            if chosen == PointChoiceAction.REMOVE and not by_findings and current.choice is None:
                raise UsageError(
                    f"Korreksjonspunkt {cp.ref_id} er ikke med: ingen av spørsmålene det er "
                    f"knyttet til ({', '.join(cp.questions) or 'ingen'}), har avvik."
                )
            if chosen == PointChoiceAction.REMOVE:
                left = [s for s in support.values() if s.ordered and s.point.ref_id != cp.ref_id]
                if not left:
                    raise UsageError(
                        f"Korreksjonspunkt {cp.ref_id} er det eneste i pålegget for krav "
                        f"{req.ref_id}; et pålegg må ha minst ett korreksjonspunkt. Legg til et "
                        "annet først, eller endre konklusjonen."
                    )
            store.procedure.choose_point(
                audit_id,
                requirement_ref=req.ref_id,
                point_ref=cp.ref_id,
                action=chosen,
                reason=why,
                conn=conn,
            )
        view = store.audits.view(audit_id, conn=conn)
        return {s.point.ref_id: s for s in point_support(view, req)}[cp.ref_id]


def _point(view: AuditView, ref: str):  # type: ignore[no-untyped-def]
    wanted = ref.strip().casefold()
    known = []
    for req in view.checklist.requirements():
        if req.order is None:
            continue
        for p in req.order.correction_points:
            known.append(p.ref_id)
            if p.ref_id.casefold() == wanted:
                return req, p
    raise NotFoundError(
        f"Sjekklisten «{view.checklist.id}» har ikke korreksjonspunktet «{ref}». "
        f"Gyldige: {', '.join(known)}."
    )
