"""Use cases of the follow-up: opening violations from the final report, whether an audit
can be closed, and the basis for the closing letter.

``Session.record_event`` calls :func:`open_violations` after the ``endelig`` event and
:func:`check_closable` before the ``avsluttet`` event.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from tilsyn.errors import UsageError
from tilsyn.audit import violation as states
from tilsyn.audit.violation_records import ViolationInput, ViolationRecord

if TYPE_CHECKING:
    from tilsyn.audit.models import AuditView
    from tilsyn.app.context import Session

PLAN_REGIME = "kl1992"
"""Pre-2020 regime (kommuneloven 1992 § 60 d): a plan of measures is due first."""


def _fallback_order(view: AuditView, ref: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """Order text for a requirement concluded as a violation without an order in the
    checklist (e.g. a remark overridden to a violation): the requirement itself."""
    req = view.checklist.requirement_by_ref(ref)
    basis = "; ".join(b.cite() for b in req.legal_basis)
    text = f"Kommunen pålegges å rette praksis slik at kravet i {basis} blir oppfylt."
    return text, ((f"{req.ref_id}-K1", req.requirement),)


def plan_violations(session: Session, audit_id: int, when: date) -> list[ViolationInput]:
    """The violations the final report of ``when`` leads to, numbered 1..n in checklist
    order, with order texts and correction points from the audit's checklist snapshot."""
    from tilsyn.audit.calendar import add_weeks

    view = session.view(audit_id)
    audit = view.audit
    weeks = audit.rectification_weeks or session.workspace.config.rectification_weeks
    if audit.regime == PLAN_REGIME:
        # Old regime: first a plan of measures, then rectification (domain.md § 2).
        plan_due: date | None = add_weeks(when, weeks, session.calendar)
        rectify_due = add_weeks(when, 2 * weeks, session.calendar)
    else:
        plan_due = None
        rectify_due = add_weeks(when, weeks, session.calendar)
    items = []
    for req in view.checklist.requirements():
        c = view.conclusion(req.ref_id)
        if c is None or c.outcome != "lovbrudd":
            continue
        if req.order is not None:
            order_text = req.order.text
            points = tuple((p.ref_id, p.text) for p in req.order.correction_points)
        else:
            order_text, points = _fallback_order(view, req.ref_id)
        items.append(ViolationInput(
            number=len(items) + 1, requirement_ref=req.ref_id, title=req.title,
            order_text=order_text, regime=audit.regime, plan_deadline=plan_due,
            rectification_deadline=rectify_due, feedback_deadline=rectify_due, points=points))
    return items


def open_violations(session: Session, audit_id: int, when: date) -> list[ViolationRecord]:
    """Track every confirmed violation of the audit from the final report dated ``when``.

    Idempotent: when the audit's violations are already tracked, nothing is created and
    the tracked ones are returned. Remarks (merknad) are not tracked (see :func:`remarks`).
    """
    existing = session.store.violations(audit_id)
    if existing:
        return existing
    return session.store.open_violations(audit_id, plan_violations(session, audit_id, when))


def remarks(session: Session, audit_id: int) -> list[dict[str, str]]:
    """The remarks (merknader) of an audit: listed, not tracked."""
    view = session.view(audit_id)
    out = []
    for req in view.checklist.requirements():
        c = view.conclusion(req.ref_id)
        if c is not None and c.outcome == "merknad":
            out.append({"krav": req.ref_id, "tittel": req.title,
                        "konklusjon": c.conclusion or ""})
    return out


def check_closable(session: Session, audit_id: int) -> None:
    """Refuse to close an audit while any of its violations is not closed."""
    open_ones = [v for v in session.store.violations(audit_id) if states.is_open(v.status)]
    if not open_ones:
        return
    raise UsageError(
        f"Tilsyn {audit_id} kan ikke avsluttes: {len(open_ones)} pålegg er ikke lukket. "
        "Lukk dem når retting er sannsynliggjort (tilsyn lovbrudd lukk TILSYN NR):",
        details=[f"  nr. {v.number} {v.requirement_ref} {v.title}: "
                 f"{states.label(v.status)}" for v in open_ones],
    )


def rectification_basis(v: ViolationRecord) -> str:
    """Why the order is considered rectified, in one paragraph (for the closing letter)."""
    if any(a.outcome == "opphevet" for a in v.appeals):
        return "Pålegget er opphevet etter klage."
    reasons = []
    for p in v.points:
        if p.assessment_reason and p.assessment_reason not in reasons:
            reasons.append(p.assessment_reason)
    return " ".join(reasons)


def closure_summary(session: Session, audit_id: int) -> list[dict[str, Any]]:
    """Each violation of the audit with the basis for considering it rectified.

    One dict per violation, in order::

        {"nummer": 1, "krav": "B1", "tittel": "...", "palegg": "order text",
         "status": "lukket", "lukket": True, "lukket_dato": date | None,
         "rettefrist": date, "opphevet_etter_klage": False,
         "tilbakemeldinger": [{"dato": date, "tekst": str, "punkt": str | None,
                               "dokumenter": [str]}],
         "korreksjonspunkter": [{"ref": "B1-K1", "tekst": str, "vurdering": "rettet",
                                 "begrunnelse": str}],
         "grunnlag": "the assessments' reasons joined"}
    """
    out = []
    for v in session.store.violations(audit_id):
        closed = None
        if v.closed_at:
            closed = date.fromisoformat(v.closed_at[:10])
        out.append({
            "nummer": v.number,
            "krav": v.requirement_ref,
            "tittel": v.title,
            "palegg": v.order_text,
            "status": v.status,
            "lukket": v.status == states.CLOSED,
            "lukket_dato": closed,
            "rettefrist": v.rectification_deadline,
            "opphevet_etter_klage": any(a.outcome == "opphevet" for a in v.appeals),
            "tilbakemeldinger": [{"dato": f.received, "tekst": f.text, "punkt": f.point_ref,
                                  "dokumenter": list(f.document_refs)} for f in v.feedback],
            "korreksjonspunkter": [{"ref": p.ref_id, "tekst": p.text,
                                    "vurdering": p.assessment,
                                    "begrunnelse": p.assessment_reason or ""}
                                   for p in v.points],
            "grunnlag": rectification_basis(v),
        })
    return out


# --- use cases behind `tilsyn lovbrudd ...` -----------------------------------------------


def _required(value: str | None, *, where: str, what: str) -> str:
    from tilsyn.audit.answers import clean_user_text

    text = clean_user_text(value, where=where)
    if not text:
        raise UsageError(f"{what} kan ikke være tom ({where}).")
    return text


def record_feedback(session: Session, audit_id: int, number: int, *, received: date,
                    text: str, point: str | None = None,
                    documents: list[str] | tuple[str, ...] = ()) -> ViolationRecord:
    """Record the municipality's feedback on order ``number`` (or one correction point)."""
    from tilsyn.audit.answers import clean_user_text

    body = _required(text, where="--tekst", what="Tilbakemeldingen")
    refs = [r for r in (clean_user_text(d, where="--dokument") for d in documents) if r]
    return session.store.add_feedback(audit_id, number, received=received, text=body,
                                      point_ref=point, document_refs=refs)


def assess(session: Session, audit_id: int, number: int, *, points: list[str] | None,
           outcome: str, reason: str) -> ViolationRecord:
    """Assess correction points (all when ``points`` is None) as rectified or not."""
    from tilsyn.text import choose

    # As typed on the command line (the message lists these spellings).
    typed = {"rettet": states.POINT_RECTIFIED, "ikke-tilstrekkelig": states.POINT_INSUFFICIENT}
    outcome = typed[choose(outcome.replace("_", "-"), list(typed), what="vurdering")]
    why = _required(reason, where="--begrunnelse", what="Begrunnelsen")
    return session.store.assess_points(audit_id, number, point_refs=points, outcome=outcome,
                                       reason=why)


def new_deadline(session: Session, audit_id: int, number: int, *, due: date, reason: str,
                 feedback_due: date | None = None) -> tuple[ViolationRecord, list[str]]:
    """Set a new deadline; a date on a weekend or holiday moves to the next working day.

    Returns the violation and notes on moved dates (for the user).
    """
    from tilsyn.audit.calendar import describe_deadline, next_working_day

    why = _required(reason, where="--begrunnelse", what="Begrunnelsen")
    notes = []
    moved = next_working_day(due, session.calendar)
    if moved != due:
        notes.append(f"Fristen er {describe_deadline(moved, due, session.calendar)}.")
    moved_feedback = None
    if feedback_due is not None:
        moved_feedback = next_working_day(feedback_due, session.calendar)
        if moved_feedback != feedback_due:
            notes.append("Tilbakemeldingsfristen er "
                         f"{describe_deadline(moved_feedback, feedback_due, session.calendar)}.")
    v = session.store.set_violation_deadline(audit_id, number, new_deadline=moved,
                                             feedback_deadline=moved_feedback, reason=why)
    return v, notes


def escalate(session: Session, audit_id: int, number: int, *, reason: str) -> ViolationRecord:
    """Escalate the follow-up of an order."""
    why = _required(reason, where="--begrunnelse", what="Begrunnelsen")
    return session.store.escalate_violation(audit_id, number, reason=why)


def close(session: Session, audit_id: int, number: int, *, note: str | None = None,
          closed_on: date | None = None) -> ViolationRecord:
    """Close an order whose correction points are all assessed as rectified.

    ``closed_on`` (default today) is the closing date the statistics and the closing
    letter use; it may not be before the final report.
    """
    from tilsyn.audit.answers import clean_user_text

    return session.store.close_violation(audit_id, number,
                                         note=clean_user_text(note, where="--notat"),
                                         closed_on=closed_on)


def reopen(session: Session, audit_id: int, number: int, *, reason: str) -> ViolationRecord:
    """Reopen a closed order."""
    why = _required(reason, where="--begrunnelse", what="Begrunnelsen")
    return session.store.reopen_violation(audit_id, number, reason=why)


def appeal(session: Session, audit_id: int, number: int, *, received: date | None,
           forwarded: date | None = None, outcome: str | None = None,
           outcome_date: date | None = None, note: str | None = None) -> ViolationRecord:
    """Record an appeal against an order, or update the pending one."""
    from tilsyn.audit.answers import clean_user_text
    from tilsyn.text import choose

    if outcome is not None:
        outcome = choose(outcome, states.APPEAL_OUTCOMES, what="klageutfall")
    return session.store.record_appeal(
        audit_id, number, received=received, forwarded=forwarded, outcome=outcome,
        outcome_date=outcome_date, note=clean_user_text(note, where="--notat"))
