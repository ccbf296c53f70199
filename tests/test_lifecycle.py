"""The audit lifecycle: event types, order rules, phases and derived deadlines (pure)."""

from __future__ import annotations

from datetime import date

import pytest

from tilsyn.audit.calendar import Calendar
from tilsyn.audit.lifecycle import (
    EVENTS,
    DeadlineWeeks,
    check_event,
    derive_deadlines,
    event_type,
    phase,
)
from tilsyn.errors import UsageError

D = date


def test_event_types_with_and_without_aeoeaa():
    assert event_type("foreløpig") == "forelopig"
    assert event_type("ÅPNINGSMØTE") == "apningsmote"
    assert event_type("åpningsmote") == "apningsmote"
    assert event_type("formøte") == "formote"
    assert event_type(" Sluttmøte ") == "sluttmote"
    for name in EVENTS:
        assert event_type(name) == name
    with pytest.raises(UsageError) as caught:
        event_type("møte")
    assert "gyldige: varsel, dokumentasjon" in str(caught.value)


def test_full_order_is_accepted():
    history: list[tuple[str, date]] = []
    for n, kind in enumerate(EVENTS):
        when = D(2017, 3, 1 + 2 * n)
        check_event(kind, when, history)
        history.append((kind, when))
    assert phase(history) == "avsluttet"


@pytest.mark.parametrize(
    ("kind", "history", "needs"),
    [
        # A final report without violations may follow the notice directly; with
        # violations it needs the preliminary report (app.audits checks the findings).
        ("endelig", [], "varsel"),
        ("dokumentasjon", [], "varsel"),
        ("apningsmote", [], "varsel"),
        ("uttalelse", [("varsel", D(2017, 3, 1))], "forelopig"),
        ("palegg", [("varsel", D(2017, 3, 1)), ("forelopig", D(2017, 5, 1))], "endelig"),
        ("avsluttet", [("varsel", D(2017, 3, 1)), ("forelopig", D(2017, 5, 1))], "endelig"),
    ],
)
def test_missing_earlier_step_is_refused(kind, history, needs):
    with pytest.raises(UsageError) as caught:
        check_event(kind, D(2017, 6, 1), history)
    assert f"før «{needs}»" in str(caught.value)


def test_dates_must_follow_the_process():
    notice = [("varsel", D(2017, 3, 1))]
    with pytest.raises(UsageError, match="er før «varsel»"):
        check_event("dokumentasjon", D(2017, 2, 28), notice)
    with pytest.raises(UsageError, match="er før «varsel»"):
        check_event("forelopig", D(2017, 2, 1), notice)
    prelim = [*notice, ("forelopig", D(2017, 5, 1))]
    with pytest.raises(UsageError, match="er før «forelopig»"):
        check_event("endelig", D(2017, 4, 30), prelim)
    with pytest.raises(UsageError, match="er før «forelopig»"):
        check_event("uttalelse", D(2017, 4, 30), prelim)
    # Same day is allowed; meetings and interviews may fall anywhere after the notice.
    check_event("endelig", D(2017, 5, 1), prelim)
    check_event("apningsmote", D(2017, 5, 3), prelim)
    check_event("intervju", D(2017, 3, 2), prelim)


def test_repeatable_and_unique_events():
    history = [
        ("varsel", D(2017, 3, 1)),
        ("intervju", D(2017, 4, 4)),
        ("dokumentasjon", D(2017, 3, 20)),
    ]
    check_event("intervju", D(2017, 4, 5), history)
    check_event("dokumentasjon", D(2017, 4, 1), history)
    with pytest.raises(UsageError, match=r"allerede registrert.*--korriger"):
        check_event("varsel", D(2017, 3, 2), history)


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        ([], "planlagt"),
        (["varsel"], "varslet"),
        (["varsel", "dokumentasjon", "formote"], "varslet"),
        (["varsel", "apningsmote"], "gjennomforing"),
        (["varsel", "intervju"], "gjennomforing"),
        (["varsel", "forelopig", "uttalelse", "sluttmote"], "forelopig"),
        (["varsel", "forelopig", "endelig"], "endelig"),
        (["varsel", "forelopig", "endelig", "avsluttet"], "avsluttet"),
    ],
)
def test_phase(kinds, expected):
    assert phase([(k, D(2017, 3, 1 + i)) for i, k in enumerate(kinds)]) == expected


def test_phase_follows_the_process_not_the_entry_order():
    # An interview entered after the preliminary report does not move the phase back.
    events = [("varsel", D(2017, 3, 1)), ("forelopig", D(2017, 5, 1)), ("intervju", D(2017, 4, 4))]
    assert phase(events) == "forelopig"


def _deadlines(events, doc=3, comment=2, cal=Calendar()):
    found = derive_deadlines(events, DeadlineWeeks(doc, comment, 4), cal, regime="kl2018")
    return {d.key: d for d in found.process}


def test_deadlines_follow_events():
    assert _deadlines([]) == {}
    d = _deadlines([("varsel", D(2017, 4, 26))])
    assert set(d) == {"dokumentasjon"}
    doc = d["dokumentasjon"]
    assert (doc.start, doc.due, doc.moved_from, doc.done) == (
        D(2017, 4, 26),
        D(2017, 5, 18),
        D(2017, 5, 17),
        None,
    )
    d = _deadlines(
        [
            ("varsel", D(2017, 3, 1)),
            ("dokumentasjon", D(2017, 3, 20)),
            ("forelopig", D(2017, 5, 22)),
            ("uttalelse", D(2017, 6, 7)),
        ]
    )
    assert d["dokumentasjon"].done == D(2017, 3, 20)
    assert d["dokumentasjon"].moved_from is None
    # 22 May + 2 weeks = 5 June 2017, Whit Monday -> 6 June.
    assert (d["uttalelse"].due, d["uttalelse"].moved_from) == (D(2017, 6, 6), D(2017, 6, 5))
    assert d["uttalelse"].done == D(2017, 6, 7)


def test_deadline_weeks_and_calendar_are_parameters():
    events = [("varsel", D(2018, 12, 3))]
    assert _deadlines(events)["dokumentasjon"].due == D(2018, 12, 24)
    closed = Calendar(christmas_eve_closed=True)
    assert _deadlines(events, cal=closed)["dokumentasjon"].due == D(2018, 12, 27)
    assert _deadlines(events, doc=4)["dokumentasjon"].due == D(2018, 12, 31)
    assert _deadlines(events, doc=4, cal=Calendar(new_years_eve_closed=True))[
        "dokumentasjon"
    ].due == D(2019, 1, 2)


def test_first_documentation_counts_for_the_deadline():
    d = _deadlines(
        [
            ("varsel", D(2017, 3, 1)),
            ("dokumentasjon", D(2017, 4, 10)),
            ("dokumentasjon", D(2017, 3, 21)),
        ]
    )
    assert d["dokumentasjon"].done == D(2017, 3, 21)


def test_deadline_state():
    doc = _deadlines([("varsel", D(2017, 3, 1))])["dokumentasjon"]
    assert doc.due == D(2017, 3, 22)
    assert doc.state(D(2017, 3, 22)) == "apen"
    assert doc.state(D(2017, 3, 23)) == "forfalt"
    on_time = _deadlines([("varsel", D(2017, 3, 1)), ("dokumentasjon", D(2017, 3, 22))])
    assert on_time["dokumentasjon"].state(D(2018, 1, 1)) == "overholdt"
    late = _deadlines([("varsel", D(2017, 3, 1)), ("dokumentasjon", D(2017, 3, 23))])
    assert late["dokumentasjon"].state(D(2017, 3, 23)) == "overskredet"


def test_deadline_passed_over_by_the_next_report_is_not_overdue():
    from datetime import date

    events = [
        ("varsel", date(2017, 3, 1)),
        ("forelopig", date(2017, 5, 2)),
        ("endelig", date(2017, 6, 1)),
    ]
    found = _deadlines(events)
    today = date(2017, 9, 1)
    assert found["dokumentasjon"].state(today) == "ikke_mottatt"
    assert found["uttalelse"].state(today) == "ikke_mottatt"
    # Without the final report the comments deadline is simply overdue.
    found = _deadlines(events[:2])
    assert found["uttalelse"].state(today) == "forfalt"


# --- issue 13: deadlines that protect the municipality, and holiday warnings ------------


@pytest.mark.parametrize(
    ("due", "warned"),
    [
        (D(2017, 6, 30), None),
        (D(2017, 7, 3), "fellesferien"),
        (D(2017, 7, 31), "fellesferien"),
        (D(2017, 8, 1), None),
        (D(2017, 12, 22), None),
        (D(2017, 12, 27), "julen"),
        (D(2018, 1, 2), None),
    ],
)
def test_holiday_warning(due, warned):
    from tilsyn.audit.lifecycle import holiday_warning

    w = holiday_warning("frist for uttalelse", due, "--uttalelse-uker", 7)
    if warned is None:
        assert w is None
    else:
        assert warned in w and "tilsyn endre 7 --uttalelse-uker N" in w


def test_binding_deadlines_protect_the_municipality():
    from tilsyn.audit.lifecycle import binding_problems

    events = [("varsel", D(2017, 3, 1)), ("forelopig", D(2017, 5, 2))]
    found = derive_deadlines(events, DeadlineWeeks(3, 2, 4), Calendar(), regime="kl2018")
    early = binding_problems(
        "endelig", D(2017, 5, 16), events, found, comments_registered=False, audit_id=1
    )
    assert len(early) == 1 and "er 2017-05-16" in early[0]
    assert not binding_problems(
        "endelig", D(2017, 5, 17), events, found, comments_registered=False, audit_id=1
    )
    assert not binding_problems(
        "endelig", D(2017, 5, 5), events, found, comments_registered=True, audit_id=1
    )
    # No documentation registered: the preliminary report waits for its deadline too.
    notice = events[:1]
    found = derive_deadlines(notice, DeadlineWeeks(3, 2, 4), Calendar(), regime="kl2018")
    (problem,) = binding_problems(
        "forelopig", D(2017, 3, 22), notice, found, comments_registered=False, audit_id=1
    )
    assert "frist for dokumentasjon (varsel sendt 2017-03-01) er 2017-03-22" in problem
    assert not binding_problems(
        "forelopig", D(2017, 3, 23), notice, found, comments_registered=False, audit_id=1
    )
