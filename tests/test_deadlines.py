"""Deadline arithmetic against known Norwegian holidays, and Norwegian dates in text."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tilsyn.audit.calendar import (
    Calendar,
    add_weeks,
    add_working_days,
    days_overdue,
    describe_deadline,
    format_date,
    is_holiday,
    is_working_day,
    next_working_day,
    parse_date,
    weekday_name,
    working_days_between,
)
from tilsyn.errors import UsageError

CLOSED = Calendar(christmas_eve_closed=True, new_years_eve_closed=True)


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2017, 1, 1), "Første nyttårsdag"),
        (date(2017, 4, 13), "Skjærtorsdag"),
        (date(2017, 4, 14), "Langfredag"),
        (date(2017, 4, 16), "Første påskedag"),
        (date(2017, 4, 17), "Andre påskedag"),
        (date(2017, 5, 1), "Arbeidernes dag"),
        (date(2017, 5, 17), "Grunnlovsdag"),
        (date(2017, 5, 25), "Kristi himmelfartsdag"),
        (date(2017, 6, 4), "Første pinsedag"),
        (date(2017, 6, 5), "Andre pinsedag"),
        (date(2017, 12, 25), "Første juledag"),
        (date(2017, 12, 26), "Andre juledag"),
    ],
)
def test_known_holidays(day, name):
    assert is_holiday(day) == name
    assert not is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [
        date(2017, 5, 16),
        date(2017, 12, 24),  # Sunday, but not a holiday as such
        date(2018, 12, 24),
        date(2018, 12, 31),
        date(2017, 4, 12),
        date(2017, 4, 18),
        date(2017, 6, 6),
    ],
)
def test_not_holidays(day):
    assert is_holiday(day) is None


def test_ordinary_sunday_is_not_a_holiday():
    sunday = date(2017, 3, 5)
    assert is_holiday(sunday) is None
    assert not is_working_day(sunday)


def test_weekdays_and_weekends():
    assert is_working_day(date(2017, 5, 16))  # Tuesday
    assert not is_working_day(date(2017, 5, 20))  # Saturday
    assert not is_working_day(date(2017, 5, 21))  # Sunday
    assert not is_working_day(date(2017, 5, 17))  # Wednesday, Constitution Day


def test_christmas_and_new_years_eve_are_configurable():
    christmas_eve = date(2018, 12, 24)  # Monday
    new_years_eve = date(2018, 12, 31)  # Monday
    assert is_working_day(christmas_eve)
    assert is_working_day(new_years_eve)
    assert not is_working_day(christmas_eve, CLOSED)
    assert not is_working_day(new_years_eve, CLOSED)
    only_christmas = Calendar(christmas_eve_closed=True)
    assert not is_working_day(christmas_eve, only_christmas)
    assert is_working_day(new_years_eve, only_christmas)


def test_next_working_day():
    assert next_working_day(date(2017, 5, 16)) == date(2017, 5, 16)
    assert next_working_day(date(2017, 5, 17)) == date(2017, 5, 18)
    assert next_working_day(date(2017, 4, 13)) == date(2017, 4, 18)  # over Easter
    assert next_working_day(date(2018, 12, 22)) == date(2018, 12, 24)
    assert next_working_day(date(2018, 12, 22), CLOSED) == date(2018, 12, 27)
    assert next_working_day(date(2018, 12, 29), CLOSED) == date(2019, 1, 2)


def test_two_weeks_landing_on_easter_monday():
    assert add_weeks(date(2017, 4, 3), 2) == date(2017, 4, 18)


def test_three_weeks_landing_on_boxing_day():
    assert add_weeks(date(2016, 12, 5), 3) == date(2016, 12, 27)


def test_weeks_landing_on_a_working_day_are_unchanged():
    assert add_weeks(date(2017, 3, 1), 3) == date(2017, 3, 22)
    assert add_weeks(date(2017, 3, 1), 0) == date(2017, 3, 1)


def test_weeks_landing_on_whit_monday_and_ascension():
    assert add_weeks(date(2017, 5, 22), 2) == date(2017, 6, 6)  # Whit Monday 5 June
    assert add_weeks(date(2017, 5, 11), 2) == date(2017, 5, 26)  # Ascension 25 May
    assert add_weeks(date(2017, 5, 3), 2) == date(2017, 5, 18)  # 17 May


def test_weeks_landing_on_christmas_eve_depend_on_calendar():
    start = date(2018, 12, 3)  # three weeks later: Monday 24 December
    assert add_weeks(start, 3) == date(2018, 12, 24)
    assert add_weeks(start, 3, CLOSED) == date(2018, 12, 27)


def test_negative_weeks_are_refused():
    with pytest.raises(UsageError):
        add_weeks(date(2017, 3, 1), -1)


def test_add_working_days():
    assert add_working_days(date(2017, 4, 12), 1) == date(2017, 4, 18)
    assert add_working_days(date(2017, 4, 18), -1) == date(2017, 4, 12)
    assert add_working_days(date(2017, 5, 12), 5) == date(2017, 5, 22)  # skips 17 May
    assert add_working_days(date(2017, 5, 20), 0) == date(2017, 5, 22)


def test_working_days_between():
    assert working_days_between(date(2017, 4, 12), date(2017, 4, 18)) == 1
    assert working_days_between(date(2017, 4, 18), date(2017, 4, 12)) == -1
    assert working_days_between(date(2017, 5, 1), date(2017, 5, 1)) == 0
    assert working_days_between(date(2017, 5, 15), date(2017, 5, 19)) == 3  # 16, 18, 19
    assert working_days_between(date(2018, 12, 21), date(2018, 12, 31)) == 4
    assert working_days_between(date(2018, 12, 21), date(2018, 12, 31), CLOSED) == 2


def test_days_overdue():
    deadline = date(2017, 4, 18)
    assert days_overdue(deadline, date(2017, 4, 10)) == 0
    assert days_overdue(deadline, deadline) == 0
    assert days_overdue(deadline, date(2017, 4, 19)) == 1
    assert days_overdue(deadline, date(2017, 5, 18)) == 30


def test_describe_moved_deadline():
    original = date(2025, 5, 17)
    deadline = add_weeks(date(2025, 5, 3), 2)
    assert deadline == date(2025, 5, 19)
    assert describe_deadline(deadline, original) == (
        "flyttet fra lørdag 17. mai 2025 (Grunnlovsdag) til mandag 19. mai 2025"
    )


def test_describe_deadline_weekend_and_closed_days():
    assert describe_deadline(date(2017, 3, 6), date(2017, 3, 4)) == (
        "flyttet fra lørdag 4. mars 2017 til mandag 6. mars 2017"
    )
    assert describe_deadline(date(2018, 12, 27), date(2018, 12, 24), CLOSED) == (
        "flyttet fra mandag 24. desember 2018 (julaften) til torsdag 27. desember 2018"
    )
    assert describe_deadline(date(2017, 4, 18), date(2017, 4, 17), malform="nynorsk") == (
        "flytta frå måndag 17. april 2017 (Andre påskedag) til tysdag 18. april 2017"
    )


def test_describe_unmoved_deadline_is_empty():
    assert describe_deadline(date(2017, 3, 22), date(2017, 3, 22)) == ""


def test_format_date():
    assert format_date(date(2017, 5, 12)) == "12. mai 2017"
    assert format_date(date(2017, 1, 1), "nynorsk") == "1. januar 2017"
    assert format_date(date(2017, 12, 31), malform="nynorsk") == "31. desember 2017"
    assert format_date(date(2025, 5, 17), weekday=True) == "lørdag 17. mai 2025"
    assert format_date(date(2025, 5, 17), "nynorsk", weekday=True) == "laurdag 17. mai 2025"


def test_weekday_names():
    monday = date(2017, 5, 15)
    week = [monday + timedelta(days=i) for i in range(7)]
    assert [weekday_name(d) for d in week] == [
        "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag",
    ]  # fmt: skip
    assert [weekday_name(d, "nynorsk") for d in week] == [
        "måndag", "tysdag", "onsdag", "torsdag", "fredag", "laurdag", "sundag",
    ]  # fmt: skip
    assert weekday_name(monday, "bokmål") == "mandag"
    assert weekday_name(monday, "noytral") == "mandag"


def test_unknown_language_form_is_a_bug():
    with pytest.raises(ValueError):
        format_date(date(2017, 5, 12), "nn")


@pytest.mark.parametrize("text", ["2017-03-01", "01.03.2017", "1.3.2017", " 2017-03-01 "])
def test_parse_date(text):
    assert parse_date(text, what="varseldato") == date(2017, 3, 1)


@pytest.mark.parametrize("text", ["", "2017-02-30", "32.1.2017", "1/3/2017", "i morgen", "17-3-1"])
def test_parse_invalid_date(text):
    with pytest.raises(UsageError) as error:
        parse_date(text, what="varseldato")
    assert error.value.message == (
        f"«{text}» er ikke en gyldig dato for varseldato; skriv ÅÅÅÅ-MM-DD, f.eks. 2017-03-01."
    )


def test_deadlines_import_holidays_lazily():
    import subprocess
    import sys

    code = "import sys, tilsyn.audit.calendar; print('holidays' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


# --- properties -----------------------------------------------------------------------

# Dates from March 1990: the calendar knows working days from 1990 (tilsyn refuses earlier
# dates), and the properties step up to 40 working days back.
dates = st.dates(min_value=date(1990, 3, 1), max_value=date(2060, 12, 31))
calendars = st.builds(Calendar, st.booleans(), st.booleans())


@given(start=dates, weeks=st.integers(min_value=0, max_value=60), cal=calendars)
def test_add_weeks_properties(start, weeks, cal):
    deadline = add_weeks(start, weeks, cal)
    plain = start + timedelta(weeks=weeks)
    assert is_working_day(deadline, cal)
    assert deadline >= plain
    # The longest run of closed days is Easter (Thursday to Monday): at most 5 days late.
    assert (deadline - plain).days <= 5
    # Every day skipped was closed.
    assert all(
        not is_working_day(plain + timedelta(i), cal) for i in range((deadline - plain).days)
    )


@given(start=dates, n=st.integers(min_value=-40, max_value=40), cal=calendars)
def test_add_working_days_inverts_working_days_between(start, n, cal):
    start = next_working_day(start, cal)
    end = add_working_days(start, n, cal)
    assert is_working_day(end, cal)
    assert working_days_between(start, end, cal) == n


@given(a=dates, offset=st.integers(min_value=-400, max_value=400), cal=calendars)
def test_working_days_between_is_antisymmetric(a, offset, cal):
    b = a + timedelta(days=offset)
    between = working_days_between(a, b, cal)
    assert between == -working_days_between(b, a, cal)
    assert abs(between) <= abs(offset)


@given(deadline=dates, today=dates)
def test_days_overdue_properties(deadline, today):
    overdue = days_overdue(deadline, today)
    assert overdue >= 0
    assert (overdue > 0) == (today > deadline)
