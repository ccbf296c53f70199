"""The municipality registry: shipped data, lookup, succession, language forms, offices."""

from __future__ import annotations

from datetime import date

import pytest

from tilsyn.errors import NotFoundError, UsageError
from tilsyn.municipalities import (
    LANGUAGE_FORMS,
    Municipality,
    document_language,
    load_registry,
    office_name,
    office_name_nynorsk,
)


@pytest.fixture(scope="module")
def registry():
    return load_registry()


def numbers(found: list[Municipality]) -> list[str]:
    return [m.number for m in found]


def test_row_counts(registry):
    current = [m for m in registry.all() if m.is_current]
    historical = [m for m in registry.all() if not m.is_current]
    assert len(current) == 357
    assert len(historical) == 48
    assert registry.all(historical=False) == current


def test_validity_dates(registry):
    new = registry.get("4204")
    assert (new.valid_from, new.valid_to) == (date(2024, 1, 1), None)
    old = registry.get("1001")
    assert (old.valid_from, old.valid_to) == (None, date(2019, 12, 31))
    assert all(m.valid_to == date(2019, 12, 31) for m in registry.all() if m.successors)


def test_get_by_number(registry):
    oslo = registry.get("0301")
    assert oslo.name == "Oslo"
    assert oslo.display_name == "Oslo kommune"
    assert registry.get("301") == oslo
    assert "0301" in registry
    assert "9999" not in registry


@pytest.mark.parametrize("number", ["9999", "abc", "12345", ""])
def test_get_unknown_number(registry, number):
    with pytest.raises(NotFoundError) as error:
        registry.get(number)
    assert "Søk med: tilsyn kommune finn NAVN" in error.value.message


def test_get_unknown_number_message(registry):
    with pytest.raises(NotFoundError, match=r"^Finner ingen kommune med nummer 9999\. Søk med"):
        registry.get("9999")


@pytest.mark.parametrize("query", ["hoyanger", "HØYANGER", "Hoyanger", "  høyanger "])
def test_find_ignores_case_and_accents(registry, query):
    assert numbers(registry.find(query)) == ["4638"]


def test_find_by_number_prefix(registry):
    found = numbers(registry.find("42"))
    assert "4204" in found
    assert all(n.startswith("42") for n in found)
    assert len(found) == 25
    assert numbers(registry.find("1001")) == ["1001"]


def test_find_current_and_historical(registry):
    found = registry.find("kristiansand")
    assert numbers(found) == ["4204", "1001"]  # current first
    assert display_names(found) == ["Kristiansand kommune"] * 2


def display_names(found: list[Municipality]) -> list[str]:
    return [m.display_name for m in found]


@pytest.mark.parametrize("query", ["Guovdageaidnu", "guovdageaidnu", "kautokeino"])
def test_find_sami_name(registry, query):
    assert numbers(registry.find(query)) == ["5612"]


def test_find_second_of_several_other_names(registry):
    # "Omasvuotna / Omasvuono": every variant is searchable.
    assert numbers(registry.find("omasvuono")) == ["5538"]
    assert registry.get("5538").other_names == ("Omasvuotna", "Omasvuono")


def test_find_karasjok_with_diacritics(registry):
    assert numbers(registry.find("Kárášjohka")) == ["5610"]
    assert numbers(registry.find("karasjohka")) == ["5610"]


def test_find_duplicate_names(registry):
    heroy = registry.find("herøy")
    assert numbers(heroy) == ["1515", "1818"]
    assert {m.county for m in heroy} == {"Møre og Romsdal", "Nordland"}
    assert numbers(registry.find("våler"))[:2] == ["3114", "3419"]  # then Hvaler (3110)


def test_find_ranks_exact_match_first(registry):
    found = numbers(registry.find("bø"))
    assert found[:2] == ["1867", "0821"]  # Bø (Nordland) now, Bø (Telemark) before 2020


def test_find_hyphen_and_space_are_equal(registry):
    assert numbers(registry.find("midt telemark")) == ["4020"]
    assert numbers(registry.find("Midt-Telemark")) == ["4020"]


def test_find_nothing(registry):
    assert registry.find("atlantis") == []


def test_find_empty_text(registry):
    with pytest.raises(UsageError):
        registry.find("  ")


def test_succession_kristiansand(registry):
    assert registry.get("1001").successors == ("4204",)
    assert registry.get("4204").predecessors == ("1001", "1017", "1018")
    assert registry.get("1018").name == "Søgne"
    assert registry.get("1017").name == "Songdalen"


def test_succession_is_consistent(registry):
    historical = [m for m in registry.all() if not m.is_current]
    for old in historical:
        (successor,) = old.successors
        assert old.number in registry.get(successor).predecessors
    # Every Telemark (40) and Agder (42) municipality has at least one predecessor.
    for m in registry.all(historical=False):
        assert bool(m.predecessors) == (m.county_number in {"40", "42"})
        assert m.successors == ()


def test_language_form_from_file(registry):
    assert registry.get("4036").language_form == "nynorsk"  # Vinje
    assert registry.get("4219").language_form == "noytral"  # Evje og Hornnes
    assert registry.get("0301").language_form == "ukjent"
    assert {m.language_form for m in registry.all()} <= set(LANGUAGE_FORMS)


def test_language_form_inherited_by_predecessor(registry):
    assert registry.get("0834").language_form == "nynorsk"  # Vinje before 2020
    assert registry.get("1001").language_form == "ukjent"


def test_document_language(registry):
    assert document_language(registry.get("4036")) == "nynorsk"
    assert document_language(registry.get("4219")) == "bokmal"
    assert document_language(registry.get("0301")) == "bokmal"


def test_language_override():
    registry = load_registry({"4204": "bokmål", "301": "Nøytral", "4036": "bokmal"})
    assert registry.get("4204").language_form == "bokmal"
    assert registry.get("1001").language_form == "bokmal"  # follows its successor
    assert registry.get("0301").language_form == "noytral"
    assert registry.get("4036").language_form == "bokmal"
    # The default registry is not changed by an override.
    assert load_registry().get("4036").language_form == "nynorsk"


def test_language_override_of_old_municipality_wins():
    registry = load_registry({"4204": "nynorsk", "1018": "bokmal"})
    assert registry.get("1001").language_form == "nynorsk"
    assert registry.get("1018").language_form == "bokmal"


def test_invalid_language_override():
    with pytest.raises(UsageError) as error:
        load_registry({"4204": "riksmål"})
    message = error.value.message
    assert "riksmål" in message
    assert "4204" in message
    assert "bokmål, nynorsk, nøytral, ukjent" in message


def test_language_override_for_unknown_number():
    with pytest.raises(NotFoundError, match="9999"):
        load_registry({"9999": "nynorsk"})


@pytest.mark.parametrize(
    ("county", "year", "expected"),
    [
        ("09", 2014, "Fylkesmannen i Aust-Agder"),
        ("10", 2015, "Fylkesmannen i Vest-Agder"),
        ("09", 2016, "Fylkesmannen i Aust- og Vest-Agder"),
        ("10", 2017, "Fylkesmannen i Aust- og Vest-Agder"),
        ("10", 2018, "Fylkesmannen i Aust- og Vest-Agder"),
        ("09", 2019, "Fylkesmannen i Agder"),
        ("42", 2020, "Fylkesmannen i Agder"),
        ("42", 2021, "Statsforvalteren i Agder"),
        ("42", 2017, "Fylkesmannen i Aust- og Vest-Agder"),
        ("42", 2015, None),  # Aust- or Vest-Agder: the number does not say
        ("08", 2017, "Fylkesmannen i Telemark"),
        ("08", 2018, "Fylkesmannen i Telemark"),
        ("08", 2019, "Fylkesmannen i Vestfold og Telemark"),
        ("38", 2020, "Fylkesmannen i Vestfold og Telemark"),
        ("38", 2021, "Statsforvalteren i Vestfold og Telemark"),
        ("40", 2024, "Statsforvalteren i Vestfold og Telemark"),
        ("03", 2021, None),
        ("46", 2017, None),
    ],
)
def test_office_name(county, year, expected):
    assert office_name(county, year) == expected


@pytest.mark.parametrize(
    ("county", "year", "expected"),
    [
        ("10", 2017, "Fylkesmannen i Aust- og Vest-Agder"),
        ("42", 2019, "Fylkesmannen i Agder"),
        ("42", 2021, "Statsforvaltaren i Agder"),
        ("08", 2017, "Fylkesmannen i Telemark"),
        ("40", 2021, "Statsforvaltaren i Vestfold og Telemark"),
        ("46", 2021, None),
    ],
)
def test_office_name_nynorsk(county, year, expected):
    assert office_name_nynorsk(county, year) == expected


def test_office_name_for_a_municipality(registry):
    vinje = registry.get("0834")
    assert office_name(vinje.county_number, 2017) == "Fylkesmannen i Telemark"


def test_module_is_import_light():
    import subprocess
    import sys

    code = (
        "import sys, tilsyn.municipalities; "
        "heavy = {'holidays', 'pydantic', 'typer', 'sqlalchemy', 'openpyxl'} & set(sys.modules); "
        "print(sorted(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
