"""Following violations from the final report to closure (store and service)."""

from __future__ import annotations

from datetime import date

import pytest
from followup_support import ENDELIG, FORELOPIG, RETTEFRIST, send_final
from helpers import show_violation

from tilsyn.app import followup as service
from tilsyn.app.audits import record_event
from tilsyn.errors import ConflictError, NotFoundError, UsageError
from tilsyn.store.base import audit_chain


def test_final_report_opens_one_violation_per_confirmed_violation(session, scored_audit):
    send_final(session, scored_audit)
    vs = session.store.violations.all(scored_audit)
    assert [(v.number, v.requirement_ref) for v in vs] == [(1, "B1"), (2, "B4")]
    b1 = vs[0]
    assert b1.order_text.startswith("Kommunen pålegges å sørge for at alle deltakere")
    assert [p.ref_id for p in b1.points] == ["B1-K1", "B1-K2", "B1-K3"]
    assert b1.status == "apen" and b1.regime == "kl2018" and b1.plan_deadline is None
    assert b1.rectification_deadline == b1.feedback_deadline == RETTEFRIST
    # Remarks and compliant requirements are not tracked.
    view = session.store.audits.view(scored_audit)
    assert {c.requirement_ref for c in view.conclusions if c.outcome == "lovbrudd"} == {"B1", "B4"}


def test_opening_is_idempotent(session, scored_audit):
    send_final(session, scored_audit)
    again = service.open_violations(session, scored_audit, ENDELIG)
    assert [v.number for v in again] == [1, 2]
    assert len(session.store.violations.all()) == 2


def test_old_regime_has_a_deadline_for_a_plan_of_measures(session, scored_audit):
    session.store.audits.update(scored_audit, regime="kl1992")
    send_final(session, scored_audit)
    v = session.store.violations.get(scored_audit, 1)
    assert v.regime == "kl1992"
    assert v.plan_deadline == RETTEFRIST
    assert v.rectification_deadline == date(2017, 7, 27)


def test_rectification_deadline_over_easter_moves_to_next_working_day(session, scored_audit):
    # 1 June 2017 + 43 weeks = Maundy Thursday 29 March 2018 -> Tuesday 3 April.
    session.store.audits.update(scored_audit, rectification_weeks=43)
    send_final(session, scored_audit)
    assert session.store.violations.get(scored_audit, 1).rectification_deadline == date(2018, 4, 3)


def test_new_deadline_over_easter(session, scored_audit):
    send_final(session, scored_audit)
    v, notes = service.new_deadline(
        session,
        scored_audit,
        1,
        due=date(2018, 3, 30),
        reason="Kommunen trenger mer tid til nye rutiner.",
    )
    assert v.rectification_deadline == v.feedback_deadline == date(2018, 4, 3)
    assert v.status == "ny_frist" and v.status_reason.startswith("Kommunen trenger")
    assert "flyttet fra fredag 30. mars 2018 (Langfredag) til tirsdag 3. april 2018" in notes[0]
    assert [(c.old_deadline, c.new_deadline) for c in v.deadline_changes] == [
        (RETTEFRIST, date(2018, 4, 3))
    ]


def test_feedback_before_the_final_report_is_refused(session, scored_audit):
    record_event(session, scored_audit, "forelopig", FORELOPIG)
    with pytest.raises(UsageError, match="endelig rapport er ikke sendt"):
        service.record_feedback(
            session, scored_audit, 1, received=date(2017, 5, 10), text="Rettet."
        )
    assert session.store.violations.all(scored_audit) == []


def test_audit_without_violations(session, scored_audit):
    for ref in ("B1", "B4"):
        session.store.answers.set_conclusion(
            scored_audit,
            requirement_ref=ref,
            outcome="ingen",
            proposed="lovbrudd",
            practice=None,
            assessment=None,
            conclusion=None,
            reason="Kommunen har rettet allerede.",
        )
    send_final(session, scored_audit)
    assert session.store.violations.all(scored_audit) == []
    with pytest.raises(UsageError, match="ingen lovbrudd i endelig rapport"):
        service.record_feedback(
            session, scored_audit, 1, received=date(2017, 6, 10), text="Rettet."
        )
    assert session.store.violations.all(scored_audit) == []
    record_event(session, scored_audit, "avsluttet", date(2017, 6, 2))
    assert session.store.audits.view(scored_audit).audit.status == "avsluttet"


def test_refusals_name_what_is_wrong(session, scored_audit):
    send_final(session, scored_audit)
    with pytest.raises(NotFoundError, match=r"har ikke lovbrudd nr\. 7; det har nr\. 1, 2"):
        service.record_feedback(session, scored_audit, 7, received=date(2017, 6, 10), text="x")
    with pytest.raises(NotFoundError, match="korreksjonspunktet «B9»; gyldige: B1-K1"):
        service.record_feedback(
            session, scored_audit, 1, received=date(2017, 6, 10), text="x", point="B9"
        )
    with pytest.raises(UsageError, match="før endelig rapport"):
        service.record_feedback(session, scored_audit, 1, received=date(2017, 5, 30), text="x")
    with pytest.raises(UsageError, match="ikke være tom"):
        service.record_feedback(session, scored_audit, 1, received=date(2017, 6, 10), text="  ")
    with pytest.raises(UsageError, match="ikke registrert noen tilbakemelding"):
        service.assess(
            session, scored_audit, 1, points=None, outcome="rettet", reason="Ser bra ut."
        )
    with pytest.raises(UsageError, match=r"kan ikke lukkes.*B1-K1 \(ikke vurdert\)"):
        service.close(session, scored_audit, 1)
    with pytest.raises(UsageError, match="bare et lukket pålegg"):
        service.reopen(session, scored_audit, 1, reason="x")
    assert session.store.violations.get(scored_audit, 1).version == 1  # nothing was written


def test_follow_up_to_closure_then_the_audit_is_closed(session, scored_audit):
    s, aid = session, scored_audit
    send_final(s, aid)
    # Order 1: one feedback for the whole order, every point rectified, closed.
    v = service.record_feedback(
        s,
        aid,
        1,
        received=date(2017, 6, 20),
        text="Alle deltakere har nå plan fastsatt ved vedtak.",
        documents=["2017/1234-15"],
    )
    assert v.status == "tilbakemelding"
    v = service.assess(
        s,
        aid,
        1,
        points=None,
        outcome="rettet",
        reason="Nye vedtak og rutine sannsynliggjør retting.",
    )
    assert v.status == "sannsynliggjort"
    assert service.close(s, aid, 1).status == "lukket"
    # Order 2: feedback per point; one point not sufficient.
    service.record_feedback(s, aid, 2, received=date(2017, 6, 22), text="Ny rutine.", point="B4-K1")
    v = service.assess(s, aid, 2, points=["B4-K1"], outcome="rettet", reason="Rutinen er god.")
    assert v.status == "tilbakemelding"
    v = service.assess(
        s,
        aid,
        2,
        points=["b4-k2"],
        outcome="ikke-tilstrekkelig",
        reason="Ingen dokumentert gjennomgang ved endring.",
    )
    assert v.status == "ikke_tilstrekkelig"
    with pytest.raises(UsageError, match="B4-K2 \\(ikke tilstrekkelig\\)"):
        service.close(s, aid, 2)
    v, _ = service.new_deadline(
        s, aid, 2, due=date(2017, 9, 1), reason="Ny frist etter utilstrekkelig tilbakemelding."
    )
    assert v.status == "ny_frist"
    with pytest.raises(UsageError, match="kan ikke avsluttes: 1 pålegg er ikke lukket") as exc:
        record_event(s, aid, "avsluttet", date(2017, 9, 15))
    assert "nr. 2 B4" in str(exc.value)
    service.record_feedback(
        s, aid, 2, received=date(2017, 8, 30), text="Gjennomgang dokumentert i alle mapper."
    )
    service.assess(
        s, aid, 2, points=["B4-K2"], outcome="rettet", reason="Gjennomgangene er dokumentert."
    )
    assert service.close(s, aid, 2).status == "lukket"
    closed = s.store.violations.all(aid)
    assert [(v.number, v.requirement_ref, v.closed) for v in closed] == [
        (1, "B1", True),
        (2, "B4", True),
    ]
    assert closed[0].rectification_basis() == "Nye vedtak og rutine sannsynliggjør retting."
    assert closed[1].rectification_basis() == "Rutinen er god. Gjennomgangene er dokumentert."
    assert closed[0].feedback[0].document_refs == ("2017/1234-15",)
    assert [p.assessment for p in closed[1].points] == ["rettet", "rettet"]
    record_event(s, aid, "avsluttet", date(2017, 9, 15))
    assert s.store.audits.view(aid).audit.status == "avsluttet"
    with pytest.raises(UsageError, match="Tilsynet er avsluttet"):
        service.reopen(s, aid, 1, reason="Ny informasjon.")
    # Every change is in the audit's hash chain, and the chain verifies.
    chain = audit_chain(s.store.audits.view(aid).audit.uid)
    actions = [e.action for e in s.store.log.entries(chain)]
    for action in ("pålegg", "tilbakemelding", "vurdering", "lukket", "ny frist", "status"):
        assert action in actions
    assert s.store.log.verify(chain) == []


def test_reopen_and_escalate(session, scored_audit):
    s, aid = session, scored_audit
    send_final(s, aid)
    service.record_feedback(s, aid, 1, received=date(2017, 6, 20), text="Rettet.")
    service.assess(s, aid, 1, points=None, outcome="rettet", reason="OK.")
    service.close(s, aid, 1)
    v = service.reopen(s, aid, 1, reason="Ny klage fra deltaker viser at planer mangler.")
    assert v.status == "apen" and v.closed_at is None
    assert service.escalate(s, aid, 1, reason="Brev til kommunedirektøren.").status == "eskalert"
    with pytest.raises(UsageError, match="allerede eskalert"):
        service.escalate(s, aid, 1, reason="Igjen.")
    # The points are still assessed as rectified, so the order can be closed again.
    assert service.close(s, aid, 1).status == "lukket"


def test_optimistic_version_check(session, scored_audit):
    send_final(session, scored_audit)
    stale = session.store.violations.get(scored_audit, 1)
    service.record_feedback(session, scored_audit, 1, received=date(2017, 6, 20), text="Første.")
    # A writer that read the order before that change is refused, and nothing is stored.
    with pytest.raises(ConflictError, match="endret av en annen prosess"):
        session.store.violations.add_feedback(
            stale,
            received=date(2017, 6, 21),
            text="Andre.",
            point=None,
            document_refs=(),
            status="tilbakemelding",
        )
    assert len(session.store.violations.get(scored_audit, 1).feedback) == 1


def test_appeal_is_visible_until_decided(session, scored_audit):
    s, aid = session, scored_audit
    send_final(s, aid)
    with pytest.raises(UsageError, match="før vedtaket om pålegg"):
        service.appeal(s, aid, 1, received=date(2017, 5, 30))
    with pytest.raises(UsageError, match="ingen klage til behandling"):
        service.appeal(s, aid, 1, received=None, forwarded=date(2017, 6, 20))
    service.appeal(s, aid, 1, received=date(2017, 6, 15))
    d = show_violation(s, aid, 1, today=date(2017, 6, 16))
    assert d["klage_til_behandling"] is True
    assert d["klage"] == "klage til behandling (mottatt 2017-06-15)"
    with pytest.raises(UsageError, match="allerede en klage til behandling"):
        service.appeal(s, aid, 1, received=date(2017, 6, 16))
    service.appeal(s, aid, 1, received=None, forwarded=date(2017, 6, 20))
    assert "oversendt 2017-06-20" in show_violation(s, aid, 1)["klage"]
    with pytest.raises(UsageError, match="både --utfall og --utfallsdato"):
        service.appeal(s, aid, 1, received=None, outcome="stadfestet")
    v = service.appeal(s, aid, 1, received=None, outcome="opphevet", outcome_date=date(2017, 8, 1))
    assert v.status == "lukket" and v.pending_appeal is None
    assert (
        s.store.violations.get(aid, 1).rectification_basis() == "Pålegget er opphevet etter klage."
    )
    assert show_violation(s, aid, 1)["klage"].startswith("klage avgjort 2017-08-01")


def test_demo_step(session, scored_audit, tmp_path):
    from tilsyn.app.demo import DemoContext
    from tilsyn.app.demo_followup import demo_step

    ctx = DemoContext(tmp_path, session, audit_id=scored_audit)
    lines = list(demo_step(ctx))
    text = "\n".join(lines)
    assert "2 pålegg følges opp" in text
    assert "Pålegg 1 (B1): retting sannsynliggjort, lukket" in text
    assert "Pålegg 2 (B4): ikke tilstrekkelig for B4-K2; ny frist 15. september 2017" in text
    assert "tilbakemelding om retting 2017-09-15" in text
    assert (tmp_path / "lovbruddsregister.xlsx").is_file()
    assert [v.status for v in session.store.violations.all(scored_audit)] == ["lukket", "ny_frist"]


def test_closing_date(session, scored_audit):
    s, aid = session, scored_audit
    send_final(s, aid)
    for n in (1, 2):
        service.record_feedback(s, aid, n, received=date(2017, 6, 20), text="Rettet.")
        service.assess(s, aid, n, points=None, outcome="rettet", reason="OK.")
    with pytest.raises(UsageError, match=r"Lukkedatoen 2017-05-31 er før endelig rapport"):
        service.close(s, aid, 1, closed_on=date(2017, 5, 31))
    assert s.store.violations.get(aid, 1).status == "sannsynliggjort"  # nothing was written
    v = service.close(s, aid, 1, closed_on=date(2017, 6, 28))
    assert v.closed_at.startswith("2017-06-28")
    assert s.store.violations.get(aid, 1).closed_on == date(2017, 6, 28)
    v = service.close(s, aid, 2, closed_on=date(2017, 7, 11))
    # the statistics use the closing dates: 27 and 40 days after the final report,
    # one of the two by the first deadline (29 June)
    from tilsyn.stats.compute import compute_statistics

    rows = compute_statistics(s.store.stats.data(), today=date(2017, 8, 1)).table("lukking").rows
    assert list(rows[0]) == [2017, 2, 2, 33.5, 0.5, 0]


def test_closing_date_defaults_to_today(session, scored_audit):
    from datetime import UTC, datetime

    send_final(session, scored_audit)
    service.record_feedback(session, scored_audit, 1, received=date(2017, 6, 20), text="R.")
    service.assess(session, scored_audit, 1, points=None, outcome="rettet", reason="OK.")
    v = service.close(session, scored_audit, 1)
    assert v.closed_at[:10] in {date.today().isoformat(), datetime.now(UTC).date().isoformat()}
    assert not v.closed_at.endswith("T12:00:00+00:00")  # the time it was done


def test_order_annulled_on_appeal_is_closed_on_the_decision_date(session, scored_audit):
    s, aid = session, scored_audit
    send_final(s, aid)
    service.appeal(s, aid, 1, received=date(2017, 6, 15))
    v = service.appeal(s, aid, 1, received=None, outcome="opphevet", outcome_date=date(2017, 8, 1))
    assert v.status == "lukket" and v.closed_at.startswith("2017-08-01")
    log = s.store.log.entries(audit_chain(s.store.audits.view(aid).audit.uid))
    assert log[-1].action == "klage"


def test_no_violations_before_the_final_report_says_how_to_record_it(session, scored_audit):
    with pytest.raises(UsageError, match=r"tilsyn hendelse \d+ endelig --dato DATO"):
        service.close(session, scored_audit, 1)


def test_orders_of_a_closed_audit_cannot_be_changed_but_an_appeal_can_be_decided(
    session, scored_audit
):
    s, aid = session, scored_audit
    send_final(s, aid)
    service.appeal(s, aid, 1, received=date(2017, 6, 15))
    for n in (1, 2):
        service.record_feedback(s, aid, n, received=date(2017, 6, 20), text="Rettet.")
        service.assess(s, aid, n, points=None, outcome="rettet", reason="OK.")
        service.close(s, aid, n, closed_on=date(2017, 6, 28))
    record_event(s, aid, "avsluttet", date(2017, 7, 1))
    with pytest.raises(
        UsageError,
        match=r"er avsluttet og avslutningsbrevet sendt, så "
        r"pålegg nr\. 2 kan ikke endres",
    ):
        service.record_feedback(s, aid, 2, received=date(2017, 7, 2), text="Mer.")
    with pytest.raises(UsageError, match="Tilsynet er avsluttet"):
        service.reopen(s, aid, 2, reason="Ny informasjon.")
    v = service.appeal(
        s, aid, 1, received=None, outcome="stadfestet", outcome_date=date(2017, 8, 1)
    )
    assert v.pending_appeal is None and v.appeals[0].outcome == "stadfestet"


def test_unknown_assessment_lists_the_spellings_to_type(session, scored_audit):
    send_final(session, scored_audit)
    service.record_feedback(session, scored_audit, 1, received=date(2017, 6, 20), text="R.")
    with pytest.raises(UsageError, match=r"gyldige: rettet, ikke-tilstrekkelig\)"):
        service.assess(session, scored_audit, 1, points=None, outcome="delvis", reason="x")
    v = service.assess(
        session, scored_audit, 1, points=["B1-K1"], outcome="ikke_tilstrekkelig", reason="x"
    )
    assert v.point("B1-K1").assessment == "ikke_tilstrekkelig"
