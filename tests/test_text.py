"""Text hygiene (clean_text) and ASCII-tolerant matching (fold, choose)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tilsyn.errors import UsageError
from tilsyn.text import choose, clean_optional, clean_text, fold

XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@pytest.mark.parametrize(
    "text",
    [
        "Kolonne\tmed\ttabulator",
        "Smil 🙂 og tommel 👍🏽 og flagg 🇳🇴",
        "Sámi: Guovdageaidnu, Kárášjohka, čáđđi, ŋ, ŧ, ž",
        "Tigrinya: ትግርኛ ሰላም",
        "Arabisk: مرحبا بالعالم",
        "Somali: Soo dhawoow",
        "Linje én\nLinje to",
        "Ærlig, øvrig, åpen – «sitat» … § 6",
    ],
)
def test_clean_text_keeps_real_text(text):
    assert clean_text(text) == text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Første\x0bandre", "Første\nandre"),  # Word's manual line break
        ("a\r\nb", "a\nb"),
        ("a\rb", "a\nb"),
        ("a\x0cb", "a\nb"),  # form feed
        ("a\u2028b\u2029c", "a\nb\nc"),
        ("a\x00b", "ab"),
        ("bjelle\x07", "bjelle"),
        ("esc\x1b[31m", "esc[31m"),
        ("del\x7f", "del"),
        ("\ufffeikke-tegn\uffff", "ikke-tegn"),
    ],
)
def test_clean_text_maps_and_drops_control_characters(raw, clean):
    assert clean_text(raw) == clean


def test_clean_text_none_and_optional():
    assert clean_text(None) == ""
    assert clean_optional(None) is None
    assert clean_optional("  \x00 \t\n") is None
    assert clean_optional(" tekst\x0b") == " tekst\n"


@given(st.text())
def test_property_clean_text_is_xml_safe_and_idempotent(text):
    cleaned = clean_text(text)
    assert not XML_ILLEGAL.search(cleaned)
    assert "\r" not in cleaned
    assert clean_text(cleaned) == cleaned


@given(
    st.text(
        alphabet=st.characters(
            blacklist_categories=("Cc", "Cs"), blacklist_characters="\u2028\u2029\ufffe\uffff"
        )
    )
)
def test_property_clean_text_keeps_printable_text(text):
    assert clean_text(text) == text


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("Åpningsmøte", "apningsmote"),
        ("FORELØPIG", "forelopig"),
        ("Ærlig", "aerlig"),
        ("Kárášjohka", "karasjohka"),
        ("  ikke   relevant ", "ikke relevant"),
        ("ikke_relevant", "ikke relevant"),
        ("Bø i Telemark", "bo i telemark"),
    ],
)
def test_fold(typed, folded):
    assert fold(typed) == folded


def test_choose_accepts_ascii_spellings_and_labels():
    options = {"gjennomforing": "gjennomføring", "forelopig": "foreløpig rapport"}
    assert choose("gjennomføring", options, what="status") == "gjennomforing"
    assert choose("GJENNOMFORING", options, what="status") == "gjennomforing"
    assert choose("Foreløpig rapport", options, what="status") == "forelopig"
    assert choose("ikke-relevant", ["ja", "ikke relevant"], what="svar") == "ikke relevant"
    assert choose("noytral", ["bokmal", "nøytral"], what="målform") == "nøytral"


def test_choose_refuses_with_the_valid_choices():
    with pytest.raises(UsageError) as caught:
        choose("kanskje", ["ja", "nei"], what="svar")
    assert str(caught.value) == "«kanskje» er ikke en gyldig svar (gyldige: ja, nei)."
    assert caught.value.exit_code == 2
