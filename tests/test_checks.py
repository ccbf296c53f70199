"""Tests for the computed checks (fulltid, helarig, planfrist) and timetables."""

from __future__ import annotations

import inspect
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path
from typing import get_args

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tilsyn.audit.checks as checks_module
from tilsyn.app.readers import parse_timetable_csv
from tilsyn.audit.checks import (
    CHECKS,
    Activity,
    add_months,
    allowed_holiday,
    full_time,
    full_year,
    plan_deadline,
)
from tilsyn.checklist.model import ComputedCheck
from tilsyn.errors import UsageError

# --- fulltid ------------------------------------------------------------------------


def test_twenty_lessons_norwegian_plus_placement_is_full_time() -> None:
    week = [
        Activity("Norsk", "norsk", lessons=20),
        Activity("Språkpraksis", "annet", minutes=750),
    ]
    result = full_time(week)
    assert result.counted_minutes == 1500 + 750 == 2250
    assert result.required_minutes == 2250
    assert result.ok is True
    assert result.answer == "ja"
    assert result.explanation == (
        "Programmet utgjør 37,5 timer per uke etter reglene; kravet er 37,5 timer."
    )


def test_one_minute_short_is_not_full_time() -> None:
    result = full_time(
        [Activity("Norsk", "norsk", lessons=20), Activity("P", "annet", minutes=749)]
    )
    assert result.ok is False
    assert result.answer == "nei"
    # 2249 minutes are 37,48 hours: shown rounded down, never as the 37,5 it misses.
    assert "37,4 timer per uke" in result.explanation
    assert "mangler 1 minutt per uke" in result.explanation


def test_explanation_uses_decimal_comma() -> None:
    result = full_time(
        [Activity("Norsk", "norsk", lessons=20), Activity("P", "annet", minutes=680)]
    )
    assert result.counted_minutes == 2180
    assert result.explanation.startswith("Programmet utgjør 36,3 timer per uke")
    assert "kravet er 37,5 timer" in result.explanation
    assert "mangler 70 minutter" in result.explanation


def test_social_studies_counts_like_norwegian_and_other_lessons_count_clock_time() -> None:
    assert Activity("S", "samfunnskunnskap", lessons=3).counted_minutes == 225
    assert Activity("N", "norsk", minutes=90).counted_minutes == 150
    assert Activity("Kurs", "annet", lessons=2).counted_minutes == 90
    assert Activity("N", "norsk", minutes=10).counted_minutes == Fraction(50, 3)


def test_thirty_hour_rule_for_substantial_own_work() -> None:
    # Under the 30-hour norm a lesson counts 45 minutes (the tool's choice: the norm
    # already allows for own work, so preparation is not counted twice).
    week = [Activity("Norsk", "norsk", lessons=18), Activity("Kurs", "annet", minutes=720)]
    assert full_time(week).counted_minutes == 18 * 75 + 720 < 2250  # not 37.5 hours
    assert full_time(week).ok is False
    assert full_time(week, substantial_own_work=True).ok is False  # 18 × 45 + 720 = 1530
    week = [Activity("Norsk", "norsk", lessons=18), Activity("Kurs", "annet", minutes=990)]
    result = full_time(week, substantial_own_work=True)
    assert result.counted_minutes == 18 * 45 + 990 == 1800
    assert result.required_minutes == 1800
    assert result.ok is True
    assert "kravet er 30 timer" in result.explanation
    assert "betydelig egeninnsats" in result.explanation
    assert "regnet som 45 minutter" in result.explanation


def test_empty_week_is_not_full_time() -> None:
    result = full_time([])
    assert result.counted_minutes == 0
    assert result.answer == "nei"


def test_activity_rejects_negative_time_and_unknown_kind() -> None:
    with pytest.raises(UsageError, match="negativ"):
        Activity("x", "annet", minutes=-1)
    with pytest.raises(UsageError, match="gyldig aktivitetstype"):
        Activity("x", "samfunnsfag")  # type: ignore[arg-type]


activities = st.builds(
    Activity,
    name=st.text(min_size=1, max_size=10),
    kind=st.sampled_from(["norsk", "samfunnskunnskap", "annet"]),
    minutes=st.integers(min_value=0, max_value=3000),
    lessons=st.integers(min_value=0, max_value=60),
)


@given(st.lists(activities, max_size=8), activities, st.booleans())
def test_adding_an_activity_never_reduces_counted_minutes(week, extra, own_work) -> None:
    before = full_time(week, substantial_own_work=own_work)
    after = full_time([*week, extra], substantial_own_work=own_work)
    # More activity never turns a full-time week into one that is not.
    assert after.ok or not before.ok
    # Counted by one rule, the minutes never go down. (Under the 30-hour norm the rule
    # that decides can change: a week that passes at 37.5 hours with lessons at 75
    # minutes reports those minutes, and one more lesson can make it pass at 30 hours
    # with lessons at 45 minutes, which reports fewer.)
    for weighted in (False, True):
        if own_work or not weighted:
            b = full_time(week, substantial_own_work=own_work, weighted_at_reduced_norm=weighted)
            a = full_time(
                [*week, extra], substantial_own_work=own_work, weighted_at_reduced_norm=weighted
            )
            if not own_work or weighted or not (b.ok or a.ok):
                assert a.counted_minutes >= b.counted_minutes


@given(st.lists(activities, max_size=8))
def test_thirty_hour_rule_is_never_stricter(week) -> None:
    assert full_time(week, substantial_own_work=True).ok or not full_time(week).ok


@given(st.lists(activities, max_size=8))
def test_verdict_matches_counted_minutes(week) -> None:
    result = full_time(week)
    assert result.ok == (result.counted_minutes >= 2250)
    assert result.answer == ("ja" if result.ok else "nei")


# --- helårig ------------------------------------------------------------------------


def test_twenty_five_holiday_days_are_allowed_twenty_six_are_not() -> None:
    assert full_year(25).ok is True
    assert full_year(25).answer == "ja"
    result = full_year(26)
    assert result.ok is False
    assert result.answer == "nei"
    assert result.allowed_days == 25
    assert result.explanation == (
        "Deltakeren har 26 virkedager ferie uten aktivitet; "
        "høyst 25 er tillatt for et helt programår."
    )


def test_half_year_programme_allows_half_the_holiday() -> None:
    # Half of 365 days is 182.5; the allowance brackets 12.5 days.
    assert allowed_holiday(182) < Fraction(25, 2) < allowed_holiday(183)
    assert full_year(12, programme_days=182).ok is True
    assert full_year(13, programme_days=183).ok is False
    assert "høyst 12,4 er tillatt for et program på 182 dager" in (
        full_year(12, programme_days=182).explanation
    )


def test_pro_rata_allowance_is_exact() -> None:
    assert allowed_holiday(73) == 5
    assert full_year(5, programme_days=73).ok is True
    assert full_year(6, programme_days=73).ok is False
    assert allowed_holiday(None) == allowed_holiday(365) == allowed_holiday(730) == 25


def test_full_year_rejects_nonsense_input() -> None:
    with pytest.raises(UsageError):
        full_year(-1)
    with pytest.raises(UsageError):
        full_year(3, programme_days=0)


@given(st.integers(min_value=1, max_value=2000), st.integers(min_value=1, max_value=2000))
def test_allowance_is_monotone_in_programme_length_and_capped(a, b) -> None:
    short, long = sorted((a, b))
    assert allowed_holiday(short) <= allowed_holiday(long) <= 25


@given(st.integers(min_value=0, max_value=60), st.integers(min_value=1, max_value=800))
def test_more_holiday_never_turns_a_breach_into_compliance(days, programme_days) -> None:
    if full_year(days, programme_days=programme_days).ok is False:
        assert full_year(days + 1, programme_days=programme_days).ok is False


# --- planfrist ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (date(2017, 11, 30), date(2018, 2, 28)),
        (date(2019, 11, 30), date(2020, 2, 29)),
        (date(2017, 5, 31), date(2017, 8, 31)),
        (date(2017, 1, 15), date(2017, 4, 15)),
        (date(2018, 10, 31), date(2019, 1, 31)),
    ],
)
def test_three_month_deadline(start, expected) -> None:
    assert add_months(start, 3) == expected
    assert plan_deadline(start, expected).deadline == expected


def test_add_months_handles_year_boundaries_and_negative_months() -> None:
    assert add_months(date(2019, 12, 31), 2) == date(2020, 2, 29)
    assert add_months(date(2020, 3, 31), -1) == date(2020, 2, 29)
    assert add_months(date(2020, 1, 1), -1) == date(2019, 12, 1)


def test_decision_on_deadline_is_in_time() -> None:
    result = plan_deadline(date(2017, 11, 30), date(2018, 2, 28))
    assert result.ok is True
    assert result.answer == "ja"
    assert result.days_late == 0
    assert "innen fristen 28. februar 2018" in result.explanation


def test_decision_one_day_late() -> None:
    result = plan_deadline(date(2017, 11, 30), date(2018, 3, 1))
    assert result.ok is False
    assert result.answer == "nei"
    assert result.days_late == 1
    assert result.explanation == (
        "Planen ble vedtatt 1. mars 2018, 1 dag etter fristen 28. februar 2018 "
        "(tre måneder etter 30. november 2017)."
    )


def test_missing_decision_before_and_after_deadline() -> None:
    start = date(2018, 1, 10)
    pending = plan_deadline(start, None, today=date(2018, 4, 10))
    assert pending.answer is None
    assert pending.ok is None
    assert "ennå" in pending.explanation
    overdue = plan_deadline(start, None, today=date(2018, 4, 20))
    assert overdue.answer == "nei"
    assert overdue.ok is False
    assert overdue.days_late == 10
    assert "overskredet med 10 dager" in overdue.explanation


def test_decision_before_start_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="før startdatoen"):
        plan_deadline(date(2018, 1, 10), date(2018, 1, 9))


dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))


@given(dates, st.integers(min_value=0, max_value=60))
def test_add_months_lands_in_target_month_and_never_before_start(start, months) -> None:
    result = add_months(start, months)
    index = start.year * 12 + start.month - 1 + months
    assert (result.year, result.month - 1) == divmod(index, 12)
    assert result >= start
    assert result.day == start.day or (result.day < start.day and (result + timedelta(1)).day == 1)


@given(dates, st.integers(min_value=0, max_value=400))
def test_plan_deadline_agrees_with_deadline_arithmetic(start, delay) -> None:
    decision = start + timedelta(days=delay)
    result = plan_deadline(start, decision)
    assert result.ok == (decision <= add_months(start, 3))
    assert result.days_late == max(0, (decision - result.deadline).days)


# --- timetable CSV ------------------------------------------------------------------


def _write(tmp_path: Path, text: str, name: str = "timeplan.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_parse_timetable(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "aktivitet,type,minutter,leksjoner\n"
        "Norsk,Norsk,,20\n"
        "Samfunnskunnskap,SAMFUNNSKUNNSKAP,0,2\n"
        "\n"
        "Språkpraksis,annet,600,\n",
    )
    week = parse_timetable_csv(path)
    assert week == [
        Activity("Norsk", "norsk", 0, 20),
        Activity("Samfunnskunnskap", "samfunnskunnskap", 0, 2),
        Activity("Språkpraksis", "annet", 600, 0),
    ]
    assert full_time(week).counted_minutes == 1500 + 150 + 600


def test_parse_timetable_accepts_semicolons_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes("\ufeffAktivitet;Type;Minutter;Leksjoner\nKurs;Annet;45;1\n".encode())
    assert parse_timetable_csv(path) == [Activity("Kurs", "annet", 45, 1)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "aktivitet,type,minutter,leksjoner\nNorsk,norsk,,20\nKurs,annet,60,\nPraksis,annet,x,\n",
            "timeplan.csv, linje 4: «x» er ikke et tall i kolonnen minutter.",
        ),
        (
            "aktivitet,type,minutter,leksjoner\nSamf,samfunnsfag,,2\n",
            "timeplan.csv, linje 2: «samfunnsfag» er ikke en gyldig type",
        ),
        (
            "aktivitet,type,minutter,leksjoner\nNorsk,norsk,,-2\n",
            "timeplan.csv, linje 2: leksjoner kan ikke være negativt",
        ),
        ("aktivitet,type,leksjoner\nNorsk,norsk,2\n", "linje 1: mangler kolonnen «minutter»"),
        ("", "filen er tom"),
    ],
)
def test_parse_timetable_errors_name_file_and_line(tmp_path: Path, text, message) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(UsageError) as info:
        parse_timetable_csv(path)
    assert message in str(info.value)
    assert str(path) in str(info.value)


def test_parse_timetable_missing_or_binary_file(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="Finner ikke timeplanen"):
        parse_timetable_csv(tmp_path / "finnes-ikke.csv")
    path = tmp_path / "latin1.csv"
    path.write_bytes("aktivitet,type,minutter,leksjoner\nSpråk,annet,5,\n".encode("latin-1"))
    with pytest.raises(UsageError, match="UTF-8"):
        parse_timetable_csv(path)


# --- registry -----------------------------------------------------------------------


def test_every_computed_check_in_the_format_has_a_description() -> None:
    assert set(CHECKS) == set(get_args(ComputedCheck))
    assert all(text.strip() for text in CHECKS.values())


def test_checks_module_stays_pure() -> None:
    source = inspect.getsource(checks_module)
    for forbidden in ("import typer", "sqlalchemy", "import rich"):
        assert forbidden not in source
