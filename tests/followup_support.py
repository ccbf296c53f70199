"""Helpers for the follow-up tests: take an audit to its final report."""

from __future__ import annotations

from datetime import date

from tilsyn.app.audits import create_audit, record_event

FORELOPIG = date(2017, 5, 2)
ENDELIG = date(2017, 6, 1)  # a Thursday; + 4 weeks = Thursday 29 June 2017
RETTEFRIST = date(2017, 6, 29)


def send_final(session, audit_id: int, when: date = ENDELIG) -> None:
    """Record the preliminary and the final report (which opens the violations)."""
    record_event(session, audit_id, "forelopig", FORELOPIG)
    record_event(session, audit_id, "endelig", when)


def nynorsk_audit(session) -> int:
    """A small audit of Seljord (0828 in 2017, nynorsk) with one violation (B1), final
    report sent; orders as decisions (kommuneloven 2018, chosen explicitly)."""
    a = create_audit(
        session,
        municipality="0828",
        checklist="individuell-plan",
        case_number="2017/99",
        lead="Ola Hansen",
        auditors=[],
        title=None,
        regime="kl2018",
        reason="Testfikstur: pålegg som vedtak etter kommuneloven 2018",
    )
    record_event(session, a.id, "varsel", date(2017, 3, 1))
    session.store.answers.set_conclusion(
        a.id,
        requirement_ref="B1",
        outcome="lovbrudd",
        proposed=None,
        practice="P",
        assessment="V",
        conclusion="K",
        reason=None,
    )
    # No answers are recorded, so no point follows from a finding: the auditor adds the
    # one the order needs, with a reason.
    session.store.procedure.choose_point(
        a.id,
        requirement_ref="B1",
        point_ref="B1-K1",
        action="legg_til",
        reason="Kommunen har opplyst at to deltakere mangler plan.",
    )
    send_final(session, a.id)
    return a.id
