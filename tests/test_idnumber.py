"""Detection of Norwegian national identity numbers (fødselsnummer, D-, H- and synthetic
numbers), and that ordinary 11-digit numbers are left alone."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from idnumbers import make_number, valid_number

from tilsyn.errors import PersonalDataError
from tilsyn.idnumber import (
    contains_identity_number,
    find_identity_numbers,
    is_identity_number,
    refuse_identity_numbers,
)


@pytest.mark.parametrize(
    ("date_part", "kind"),
    [
        ("010190", "fødselsnummer"),
        ("311299", "fødselsnummer, 31. desember"),
        ("290200", "fødselsnummer, 29. februar"),
        ("410190", "D-nummer (dag + 40)"),
        ("015190", "H-nummer (måned + 40)"),
        ("019190", "syntetisk testnummer (måned + 80)"),
        ("150385", "fødselsnummer"),
    ],
)
def test_valid_numbers_are_found(date_part, kind):
    number = valid_number(date_part)
    assert is_identity_number(number), kind
    assert find_identity_numbers(f"Deltaker {number} mangler plan.") == [date_part + "*****"]
    assert contains_identity_number(number)


@pytest.mark.parametrize("separator", [" ", "-"])
def test_written_with_a_space_or_dash(separator):
    number = valid_number("010190")
    text = f"Se {number[:6]}{separator}{number[6:]} i mappen"
    assert find_identity_numbers(text) == ["010190*****"]
    with pytest.raises(PersonalDataError):
        refuse_identity_numbers(text, where="--observasjon")


def test_invalid_check_digits_are_not_identity_numbers():
    number = valid_number("010190")
    for position in (9, 10):
        wrong = number[:position] + str((int(number[position]) + 1) % 10) + number[position + 1 :]
        assert not is_identity_number(wrong)
        assert find_identity_numbers(wrong) == []


def test_impossible_dates_are_not_identity_numbers():
    # Correct check digits, but day 32 / month 13 / day 00 cannot be a date.
    for prefix in ("320190", "011390", "000190", "015390"):
        for individual in range(100, 400):
            number = make_number(f"{prefix}{individual}")
            if number:
                assert not is_identity_number(number), number


@pytest.mark.parametrize(
    "text",
    [
        "Ring 004791234567 eller +47 912 34 567",
        "Telefon 12345678901",
        "Kontonummer 1503.12.34567",
        "Saksnummer 2017/123456789",
        "99999999999",
        "0101901234",  # ten digits
        "Organisasjonsnummer 974 763 907",
    ],
)
def test_other_numbers_are_not_refused(text):
    assert find_identity_numbers(text) == []
    refuse_identity_numbers(text, where="test")  # does not raise


def test_not_part_of_a_longer_number():
    number = valid_number("010190")
    assert find_identity_numbers("9" + number) == []
    assert find_identity_numbers(number + "0") == []
    assert find_identity_numbers(f"({number})") == ["010190*****"]


def test_refusal_names_the_place_and_masks_the_number():
    number = valid_number("150385")
    with pytest.raises(PersonalDataError) as caught:
        refuse_identity_numbers(f"Deltaker {number}", where="svarfil.csv, linje 4")
    message = str(caught.value)
    assert message.startswith("svarfil.csv, linje 4:")
    assert "150385*****" in message
    assert number not in message
    assert caught.value.exit_code == 8
    refuse_identity_numbers(None, where="x")
    refuse_identity_numbers("", where="x")


def test_several_numbers_found():
    a, b = valid_number("010190"), valid_number("410190")
    assert find_identity_numbers(f"{a}, {b}") == ["010190*****", "410190*****"]


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)),
    st.integers(0, 999),
    st.sampled_from(["plain", "d", "h", "synthetic"]),
)
def test_property_valid_numbers_found_and_any_single_digit_change_refused(day, individual, kind):
    dd, mm = day.day, day.month
    if kind == "d":
        dd += 40
    elif kind == "h":
        mm += 40
    elif kind == "synthetic":
        mm += 80
    number = make_number(f"{dd:02d}{mm:02d}{day.year % 100:02d}{individual:03d}")
    if number is None:  # no valid check digit for this individual number
        return
    assert is_identity_number(number)
    assert find_identity_numbers(f"x {number} y") == [number[:6] + "*****"]
    # The mod-11 check digits catch every single wrong digit.
    for position in range(11):
        for digit in "0123456789":
            if digit != number[position]:
                changed = number[:position] + digit + number[position + 1 :]
                assert not is_identity_number(changed), (number, changed)
