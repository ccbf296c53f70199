"""Detection of Norwegian national identity numbers (fødselsnummer, D-, H- and synthetic
numbers) however they are written, masking, XML parts, and that ordinary numbers are left
alone."""

from __future__ import annotations

import re
import time
import unicodedata
from datetime import date

import pytest
from hostile import (
    INVISIBLES,
    SEPARATORS,
    digits_and_separators_1mb,
    docx_parts_with_number,
    docx_xml_with_split_number,
    identity_numbers,
    in_digit_form,
    issue_15_forms,
    ordinary_text_1mb,
    ordinary_text_with_numbers,
    single_digit_groups_1mb,
    written_with_separators,
)
from hypothesis import given
from hypothesis import strategies as st
from idnumbers import make_number, valid_number
from summary import report

from tilsyn import idnumber
from tilsyn.errors import PersonalDataError
from tilsyn.idnumber import (
    contains_identity_number,
    find_identity_numbers,
    find_in_xml,
    is_identity_number,
    mask_identity_numbers,
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


# --- issue 15: any separator pattern, invisible characters, digits of any script -------


def test_the_forms_issue_15_names_are_found():
    assert issue_15_forms("15058510170")[0] == "15 05 85 101 70"
    for text in issue_15_forms("15058510170"):
        assert find_identity_numbers(f"Deltaker {text} mangler plan") == ["150585*****"], text
        assert mask_identity_numbers(f"Deltaker {text} mangler plan") == (
            "Deltaker 150585***** mangler plan"
        )


@pytest.mark.parametrize("kind", list(identity_numbers()))
def test_every_separator_invisible_character_and_digit_form(kind):
    number = identity_numbers()[kind]
    tried = 0
    for label, written in written_with_separators(number):
        text = f"Se mappen: {written}. Ingen plan."
        assert find_identity_numbers(text) == [number[:6] + "*****"], label
        masked = mask_identity_numbers(text)
        assert masked == f"Se mappen: {number[:6]}*****. Ingen plan.", (label, masked)
        tried += 1
    assert tried > 200


def test_letters_and_longer_digit_groups_end_a_candidate():
    number = valid_number("150585")
    assert find_identity_numbers(f"{number[:6]} a {number[6:]}") == []
    assert find_identity_numbers(f"{number[:6]}x{number[6:]}") == []
    assert find_identity_numbers(f"{number[:6]} {number[6:]}7") == []  # 6 digits, then 6
    assert find_identity_numbers(f"4{number[:6]} {number[6:]}") == []
    # A neighbouring whole group does not hide the number.
    assert find_identity_numbers(f"12 {number[:6]} {number[6:]} 2017") == ["150585*****"]
    assert find_identity_numbers(f"Fnr:{number}X") == ["150585*****"]


@pytest.mark.parametrize("text", ordinary_text_with_numbers())
def test_ordinary_text_with_dates_and_numbers_is_not_refused(text):
    assert find_identity_numbers(text) == []
    assert mask_identity_numbers(text) == text


def test_mask_keeps_the_text_around_every_number():
    a, b = valid_number("010190"), valid_number("410190")
    text = f"A: {a[:6]}\u00a0{a[6:]}, B: {b[:2]}.{b[2:4]}.{b[4:6]} {b[6:]}; slutt"
    assert mask_identity_numbers(text) == "A: 010190*****, B: 410190*****; slutt"
    assert mask_identity_numbers("ingen tall") == "ingen tall"
    assert mask_identity_numbers("") == ""
    assert mask_identity_numbers(None) == ""


def test_refusal_masks_the_place_too():
    number = valid_number("150385")
    with pytest.raises(PersonalDataError) as caught:
        refuse_identity_numbers(
            f"{number[:6]}\u200b{number[6:]}", where=f"populasjon-{number}.csv, linje 2"
        )
    message = str(caught.value)
    assert message.startswith("populasjon-150385*****.csv, linje 2: inneholder det som ser ut")
    assert "(150385*****)" in message
    assert number not in message and number[6:] not in message


def test_character_tables_match_the_unicode_database():
    """The hard-coded Unicode sets equal what this Python's unicodedata says."""
    cf = re.compile(f"[{idnumber.CF_RANGES}]")
    pd = re.compile(f"[{idnumber.PD_RANGES}]")
    extra = re.compile(f"[{idnumber.DIGIT_EXTRA_RANGES}]")
    nfkc_sep = re.compile(f"[{idnumber.NFKC_SEPARATOR_RANGES}]")
    seps = set(" .,:/\\_-'")
    for code in range(0x110000):
        ch = chr(code)
        cat = unicodedata.category(ch)
        assert bool(cf.match(ch)) == (cat == "Cf"), hex(code)
        assert bool(pd.match(ch)) == (cat == "Pd"), hex(code)
        has_digit = unicodedata.digit(ch, None) is not None and cat != "Nd"
        assert bool(extra.match(ch)) == has_digit, hex(code)
        if code >= 0x80 and cat != "Pd" and not cat.startswith("Z"):
            norm = unicodedata.normalize("NFKC", ch)
            is_sep = bool(norm) and all(c in seps for c in norm)
            assert bool(nfkc_sep.match(ch)) == is_sep, hex(code)


def test_every_unicode_digit_and_space_counts():
    number = valid_number("150585")
    for code in range(0x110000):
        ch = chr(code)
        if unicodedata.category(ch) == "Nd" and unicodedata.digit(ch) == 0:
            written = "".join(chr(code + int(c)) for c in number)
            assert find_identity_numbers(written) == ["150585*****"], hex(code)
        elif ch.isspace() or unicodedata.category(ch) == "Cf":
            assert find_identity_numbers(number[:6] + ch + number[6:]) == ["150585*****"], hex(code)


def _timed(fn, text):
    start = time.perf_counter()
    result = fn(text)
    return result, time.perf_counter() - start


def test_scanning_a_megabyte_is_fast_and_linear():
    prose = ordinary_text_1mb()
    found, prose_s = _timed(find_identity_numbers, prose)
    assert found == []
    hostile_text = digits_and_separators_1mb()
    _, random_s = _timed(find_identity_numbers, hostile_text)
    masked, mask_s = _timed(mask_identity_numbers, hostile_text)
    assert find_identity_numbers(masked) == []
    _, groups_s = _timed(find_identity_numbers, single_digit_groups_1mb())
    report(
        f"fødselsnummer-søk, 1 MB: vanlig tekst {prose_s:.3f} s; tilfeldige sifre og skilletegn "
        f"{random_s:.3f} s (maskering {mask_s:.3f} s); enkeltsifre med mellomrom {groups_s:.3f} s"
    )
    # Generous bounds that cannot flake on a slow machine; backtracking would take minutes.
    assert prose_s < 1.0
    assert max(random_s, mask_s, groups_s) < 5.0


def test_find_in_xml_sees_numbers_split_over_runs_fields_and_parts():
    number = valid_number("150585")
    assert find_in_xml(docx_xml_with_split_number(number)) == ["150585*****"]
    for part, xml in docx_parts_with_number(number).items():
        assert "150585*****" in find_in_xml(xml), part


def test_find_in_xml_keeps_cells_paragraphs_and_properties_apart():
    number = valid_number("150585")
    paragraphs = (
        f"<w:body><w:p><w:r><w:t>{number[:6]}</w:t></w:r></w:p>"
        f"<w:p><w:r><w:t>{number[6:]}</w:t></w:r></w:p></w:body>"
    )
    cells = f'<row r="1"><c r="A1"><v>{number[:6]}</v></c><c r="B1"><v>{number[6:]}</v></c></row>'
    props = f"<Properties><Pages>{number[:6]}</Pages><Words>{number[6:]}</Words></Properties>"
    for xml in (paragraphs, cells, props):
        assert find_in_xml(xml) == [], xml
    assert find_in_xml("") == []
    # Malformed parts are scanned as text, quickly (no quadratic rescans).
    start = time.perf_counter()
    for unit in ("<a ", '<w:rPr a="', "<!--", "<!", "<?", "<![CDATA["):
        assert find_in_xml(unit * 200_000 + number) == ["150585*****"], unit
    assert time.perf_counter() - start < 10.0


_SEPARATOR_ALPHABET = "".join(SEPARATORS.values()) + "".join(INVISIBLES.values())


@st.composite
def _written_number(draw):
    day = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
    kind = draw(st.sampled_from(["plain", "d", "h", "synthetic"]))
    dd, mm = day.day, day.month
    dd += 40 if kind == "d" else 0
    mm += {"h": 40, "synthetic": 80}.get(kind, 0)
    number = make_number(f"{dd:02d}{mm:02d}{day.year % 100:02d}{draw(st.integers(0, 999)):03d}")
    if number is None:
        number = valid_number(f"{dd:02d}{mm:02d}{day.year % 100:02d}")
    form = draw(st.sampled_from(["ascii", "fullwidth", "arabic-indic", "mathematical-bold"]))
    digits = number if form == "ascii" else in_digit_form(number, form)
    gaps = draw(st.lists(st.text(_SEPARATOR_ALPHABET, max_size=3), min_size=10, max_size=10))
    written = digits[0] + "".join(g + d for g, d in zip(gaps, digits[1:], strict=True))
    return number, written


_CONTEXT = st.text("abcæøåXYZ ()«»!?;%=+#", max_size=12)


@given(_written_number(), _CONTEXT, _CONTEXT)
def test_property_any_separator_pattern_is_found_and_masked(written, before, after):
    number, text = written
    before = before.rstrip() + (" " if before else "")
    found = find_identity_numbers(before + text + after)
    assert found == [number[:6] + "*****"], (text, found)
    masked = mask_identity_numbers(before + text + after)
    assert masked == before + number[:6] + "*****" + after
    assert find_identity_numbers(masked) == []


@given(st.lists(st.tuples(_written_number(), _CONTEXT), min_size=1, max_size=5))
def test_property_masking_removes_every_number(pieces):
    text = " ".join(f"{w} {c}" for (_, w), c in pieces)
    masked = mask_identity_numbers(text)
    assert find_identity_numbers(masked) == []
    assert masked.count("*****") >= len(pieces)
    for (number, _), _ in pieces:
        assert number not in masked


_DATE_FORMATS = ["%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y", "%H:%M"]


@given(
    st.lists(
        st.tuples(
            st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)),
            st.sampled_from(_DATE_FORMATS),
            st.sampled_from([", ", " og ", " ", "; ", " - "]),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_property_lists_of_dates_are_never_refused(dates):
    """Norwegian and ISO dates have even-sized digit groups, so no window is 11 digits."""
    text = "Datoer: " + "".join(d.strftime(f) + sep for d, f, sep in dates)
    assert find_identity_numbers(text) == [], text
