"""tilsyn.reference: municipalities, offices, appeal bodies and regime by date."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime

import pytest

from tilsyn import reference
from tilsyn.errors import ExitCode, NotFoundError, UsageError
from tilsyn.reference import (
    appeal_body_on,
    find_office,
    lineage,
    municipalities_on,
    municipality_on,
    number_on,
    office_for,
    office_name_on,
    offices_on,
    regime_explanation,
    regime_on,
    search,
)


def name_for(number: str, on: date, *, nynorsk: bool = False) -> str:
    return office_for(number, on).name_in(nynorsk=nynorsk)


# --- the cases from issue 12 ----------------------------------------------------------


def test_steinkjer_2015_is_nord_trondelag_and_5004_in_2018_is_trondelag():
    assert municipality_on("1702", date(2015, 6, 1)).label == "1702 Steinkjer"
    assert name_for("1702", date(2015, 6, 1)) == "Fylkesmannen i Nord-Trøndelag"
    assert name_for("5004", date(2018, 6, 1)) == "Fylkesmannen i Trøndelag"
    assert name_for("5006", date(2021, 6, 1)) == "Statsforvalteren i Trøndelag"


def test_steinkjer_old_number_in_2018_is_refused_with_the_number_valid_then():
    with pytest.raises(NotFoundError) as caught:
        municipality_on("1702", date(2018, 3, 1))
    message = str(caught.value)
    assert "1702" in message and "2017-12-31" in message and "2018-03-01" in message
    assert "5004 Steinkjer" in message
    assert caught.value.exit_code == ExitCode.NOT_FOUND


def test_new_number_before_it_existed_is_refused_with_the_old_number():
    with pytest.raises(NotFoundError, match="1702 Steinkjer"):
        municipality_on("5004", date(2015, 3, 1))


def test_lindas_2019_belongs_to_fylkesmannen_i_vestland():
    # Hordaland and Sogn og Fjordane offices merged on 1 January 2019, a year before
    # the counties merged into Vestland (46) and Lindås became Alver.
    assert name_for("1263", date(2018, 12, 31)) == "Fylkesmannen i Hordaland"
    assert name_for("1263", date(2019, 6, 1)) == "Fylkesmannen i Vestland"
    assert name_for("1263", date(2019, 6, 1), nynorsk=True) == "Fylkesmannen i Vestland"


def test_alver_2022_belongs_to_statsforvalteren_i_vestland():
    assert municipality_on("4631", date(2022, 3, 1)).name == "Alver"
    assert name_for("4631", date(2022, 3, 1)) == "Statsforvalteren i Vestland"
    assert name_for("4631", date(2022, 3, 1), nynorsk=True) == "Statsforvaltaren i Vestland"


@pytest.mark.parametrize(
    ("number", "on", "office"),
    [
        ("1001", date(2015, 6, 1), "Fylkesmannen i Vest-Agder"),
        ("1001", date(2016, 1, 1), "Fylkesmannen i Aust- og Vest-Agder"),
        ("1001", date(2017, 6, 1), "Fylkesmannen i Aust- og Vest-Agder"),
        ("1001", date(2019, 6, 1), "Fylkesmannen i Agder"),
        ("4204", date(2020, 6, 1), "Fylkesmannen i Agder"),
        ("4204", date(2021, 1, 1), "Statsforvalteren i Agder"),
        ("0906", date(2015, 6, 1), "Fylkesmannen i Aust-Agder"),
        ("0806", date(2018, 6, 1), "Fylkesmannen i Telemark"),
        ("0806", date(2019, 6, 1), "Fylkesmannen i Vestfold og Telemark"),
        ("0301", date(2013, 1, 1), "Fylkesmannen i Oslo og Akershus"),
        ("0301", date(2020, 6, 1), "Fylkesmannen i Oslo og Viken"),
        ("0301", date(2025, 6, 1), "Statsforvalteren i Østfold, Buskerud, Oslo og Akershus"),
        ("5501", date(2024, 6, 1), "Statsforvalteren i Troms og Finnmark"),
    ],
)
def test_office_responsible_for_a_municipality_on_a_date(number, on, office):
    assert name_for(number, on) == office


# --- the whole register -----------------------------------------------------------------

_DATES = [date(year, month, 1) for year in range(2013, 2027) for month in (1, 7)] + [
    date(2015, 12, 31),
    date(2017, 12, 31),
    date(2018, 12, 31),
    date(2019, 12, 31),
    date(2020, 12, 31),
    date(2023, 12, 31),
    date(2024, 2, 22),
    date(2024, 2, 23),
    date(2026, 12, 1),
]


@pytest.mark.parametrize("on", _DATES, ids=str)
def test_every_municipality_in_force_maps_to_exactly_one_office(on):
    in_force = offices_on(on)
    used = set()
    for municipality in municipalities_on(on):
        matching = [o for o in in_force if municipality.county_number in o.counties]
        assert len(matching) == 1, (municipality.label, [o.id for o in matching])
        assert office_for(municipality.number, on) == matching[0]
        used.add(matching[0].id)
    # No office is in force without a municipality to supervise.
    assert used == {o.id for o in in_force}


@pytest.mark.parametrize(
    ("on", "municipalities", "offices"),
    [
        (date(2013, 7, 1), 428, 18),
        (date(2016, 7, 1), 428, 17),
        (date(2017, 7, 1), 426, 17),
        (date(2018, 7, 1), 422, 16),
        (date(2019, 7, 1), 422, 10),
        (date(2021, 7, 1), 356, 10),
        (date(2024, 7, 1), 357, 10),
    ],
)
def test_counts_match_the_sources(on, municipalities, offices):
    # Municipalities: shared/data/README.md; offices: 18 in 2013, Agder merged 2016,
    # Trøndelag 2018, "frå 16 til 10" on 1 January 2019 (fylkesmannen.no).
    assert len(municipalities_on(on)) == municipalities
    assert len(offices_on(on)) == offices


def test_office_names_follow_the_2021_renaming_in_both_language_forms():
    for office in offices_on(date(2021, 1, 1)):
        assert office.name.startswith("Statsforvalteren i ")
        assert office.name_nynorsk.startswith("Statsforvaltaren i ")
    for office in offices_on(date(2020, 12, 31)):
        assert office.name.startswith("Fylkesmannen i ")
        assert office.name_nynorsk == office.name


# --- finding offices by name --------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "office_id"),
    [
        ("Statsforvalteren i Vestland", "sf-vestland"),
        ("statsforvaltaren i vestland", "sf-vestland"),
        ("vestland", "sf-vestland"),
        ("fylkesmannen i agder", "fm-agder"),
        ("Fylkesmannen i Aust- og Vest-Agder", "fm-aust-og-vest-agder"),
        ("aust og vest agder", "fm-aust-og-vest-agder"),
        ("FYLKESMANNEN I MORE OG ROMSDAL", "fm-more-og-romsdal"),
        ("  Statsforvalteren i Trøndelag ", "sf-trondelag"),
        ("sf-agder", "sf-agder"),
    ],
)
def test_find_office_accepts_the_ways_people_write_a_name(typed, office_id):
    assert find_office(typed).id == office_id


def test_find_office_by_region_prefers_the_record_in_force_on_the_date():
    assert find_office("vestland", on=date(2019, 6, 1)).id == "fm-vestland"
    assert find_office("agder", on=date(2025, 1, 1)).id == "sf-agder"


def test_unknown_office_name_is_refused_with_the_closest_names():
    with pytest.raises(NotFoundError) as caught:
        find_office("Statsforvalteren i Vesteland")
    message = str(caught.value)
    assert "«Statsforvalteren i Vesteland»" in message
    assert "Mente du: Statsforvalteren i Vestland" in message
    assert caught.value.exit_code == ExitCode.NOT_FOUND


def test_office_name_with_nothing_close_lists_todays_offices():
    with pytest.raises(NotFoundError, match="Kontorene i dag er: Statsforvalteren i Agder"):
        find_office("xyzzy")


def test_empty_office_name_is_a_usage_error():
    with pytest.raises(UsageError, match="Skriv navnet på kontoret"):
        find_office("   ")


def test_office_name_on_follows_renamings_and_mergers_forward():
    assert office_name_on("sf-agder", date(2017, 3, 1)) == "Fylkesmannen i Aust- og Vest-Agder"
    assert office_name_on("fm-aust-agder", date(2022, 3, 1)) == "Statsforvalteren i Agder"
    assert office_name_on("fm-agder", date(2022, 3, 1), nynorsk=True) == "Statsforvaltaren i Agder"
    assert office_name_on("fm-telemark", date(2019, 3, 1)) == "Fylkesmannen i Vestfold og Telemark"


def test_office_name_before_a_merger_is_refused_with_the_offices_of_the_time():
    with pytest.raises(NotFoundError) as caught:
        office_name_on("sf-vestland", date(2015, 3, 1))
    message = str(caught.value)
    assert "Fylkesmannen i Hordaland" in message and "Fylkesmannen i Sogn og Fjordane" in message


def test_predecessors_and_successors_of_offices():
    assert [o.id for o in reference.office_predecessors("fm-aust-og-vest-agder")] == [
        "fm-aust-agder",
        "fm-vest-agder",
    ]
    assert [o.id for o in reference.office_successors("fm-agder")] == ["sf-agder"]
    with pytest.raises(NotFoundError, match="sf-agder"):
        reference.get_office("sf-agdr")


def test_unconfirmed_office_dates_are_flagged():
    unconfirmed = {o.id for o in reference.offices() if not o.confirmed}
    assert unconfirmed == {"sf-oslo-og-viken", "sf-ostfold-buskerud-oslo-og-akershus"}
    assert all(reference.get_office(i).note for i in unconfirmed)


# --- municipalities through time ------------------------------------------------------


def test_number_on_follows_a_merger_forward_and_a_renumbering_back():
    assert number_on("1263", date(2022, 1, 1)) == "4631"
    assert number_on("1702", date(2018, 6, 1)) == "5004"
    assert number_on("1702", date(2022, 6, 1)) == "5006"
    assert number_on("5004", date(2015, 6, 1)) == "1702"
    # Trondheim got 5001 in 2018; Klæbu joined it in 2020, but in 2015 it was 1601.
    assert number_on("5001", date(2015, 6, 1)) == "1601"
    assert number_on("0301", date(2015, 6, 1)) == "0301"


def test_number_on_refuses_a_merger_seen_backwards():
    with pytest.raises(NotFoundError) as caught:
        number_on("5006", date(2015, 6, 1))
    assert "1702 Steinkjer" in str(caught.value) and "1724 Verran" in str(caught.value)


def test_number_on_refuses_a_split_seen_forwards():
    with pytest.raises(NotFoundError) as caught:
        number_on("1507", date(2024, 6, 1))
    assert "1508 Ålesund" in str(caught.value) and "1580 Haram" in str(caught.value)


def test_a_renamed_municipality_keeps_its_number():
    assert municipality_on("1826", date(2021, 1, 1)).name == "Aarborte - Hattfjelldal"
    assert municipality_on("1826", date(2024, 1, 1)).name == "Hattfjelldal"
    assert number_on("1826", date(2015, 1, 1)) == "1826"


def test_search_finds_all_periods_without_special_letters():
    assert [m.label for m in search("lindas")] == ["1263 Lindås"]
    alesund = {m.number for m in search("alesund")}
    assert {"1504", "1507", "1508"} <= alesund
    assert next(m.number for m in search("kautokeino")) == "5612"
    assert all(m.number.startswith("17") for m in search("17"))
    with pytest.raises(UsageError):
        search("  ")


def test_lineage_lists_predecessors_and_successors_for_display():
    steinkjer = lineage("1702")
    assert [m.label for m in steinkjer.periods] == ["1702 Steinkjer"]
    assert [m.label for m in steinkjer.later] == ["5004 Steinkjer", "5006 Steinkjer"]
    alver = lineage("4631")
    assert {m.label for m in alver.predecessors} == {"1256 Meland", "1260 Radøy", "1263 Lindås"}


def test_municipalities_keep_their_own_numbers_in_statistics():
    # Kristiansand 2013 and Søgne 2016 both became 4204 in 2020 but are different
    # municipalities on their own dates: the number valid then identifies each.
    kristiansand = municipality_on("1001", date(2013, 6, 1))
    sogne = municipality_on("1018", date(2016, 6, 1))
    assert (kristiansand.label, sogne.label) == ("1001 Kristiansand", "1018 Søgne")
    assert number_on("1001", date(2013, 6, 1)) != number_on("1018", date(2016, 6, 1))


@pytest.mark.parametrize("bad", ["12345", "abc", "", "12a4"])
def test_malformed_municipality_number_is_a_usage_error(bad):
    with pytest.raises(UsageError, match="er ikke et kommunenummer"):
        municipality_on(bad, date(2020, 1, 1))


def test_unknown_municipality_number_is_not_found():
    with pytest.raises(NotFoundError, match="Finner ingen kommune med nummer 9999"):
        municipality_on("9999", date(2020, 1, 1))


def test_dates_before_the_register_are_refused():
    with pytest.raises(UsageError, match="2012-12-31 er før 2013-01-01"):
        municipality_on("0301", date(2012, 12, 31))
    with pytest.raises(UsageError):
        office_for("0301", date(2012, 12, 31))
    with pytest.raises(UsageError):
        appeal_body_on(date(2012, 12, 31))


def test_short_numbers_and_datetimes_are_accepted():
    assert municipality_on("301", datetime(2020, 1, 1, 15, 30)).label == "0301 Oslo"
    assert municipality_on(301, date(2020, 1, 1)).number == "0301"


# --- appeal body and regime -----------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "name"),
    [
        (date(2014, 6, 1), "Barne-, likestillings- og inkluderingsdepartementet"),
        (date(2015, 12, 16), "Justis- og beredskapsdepartementet"),
        (date(2017, 6, 1), "Justis- og beredskapsdepartementet"),
        (date(2018, 6, 1), "Kunnskapsdepartementet"),
        (date(2022, 5, 1), "Arbeids- og inkluderingsdepartementet"),
        (date(2026, 12, 1), "Arbeids- og inkluderingsdepartementet"),
    ],
)
def test_appeal_body_by_date_is_flagged_unconfirmed(on, name):
    body = appeal_body_on(on)
    assert body.name == name
    # No source confirms the appeal body for these orders: the office must confirm it.
    assert body.confirmed is False
    assert body.note


@pytest.mark.parametrize(
    ("on", "regime"),
    [
        (date(2007, 3, 1), "kl1992"),
        (date(2015, 6, 1), "kl1992"),
        (date(2017, 3, 1), "kl1992"),
        (date(2019, 10, 2), "kl1992"),
        (date(2019, 10, 3), "uncertain"),
        (date(2019, 10, 31), "uncertain"),
        (date(2019, 11, 1), "kl2018"),
        (date(2022, 1, 1), "kl2018"),
    ],
)
def test_regime_by_date(on, regime):
    assert regime_on(on) == regime


def test_regime_before_chapter_10a_is_refused():
    with pytest.raises(UsageError, match="2007-02-28 er før 2007-03-01"):
        regime_on(date(2007, 2, 28))


def test_regime_explanation_says_why():
    assert "oktober 2019" in regime_explanation(date(2019, 10, 15))
    assert "kommuneloven 1992 kapittel 10 A" in regime_explanation(date(2017, 3, 1))
    assert "kommuneloven 2018 kapittel 30" in regime_explanation(date(2020, 1, 1))


# --- the shipped files and the package ------------------------------------------------


def test_a_broken_office_file_is_reported_with_file_and_reason(tmp_path, monkeypatch):
    from tilsyn.reference import _data
    from tilsyn.reference import office as office_module

    source = _data.data_dir() / "kontorer.csv"
    text = source.read_text(encoding="utf-8").replace(
        "fm-aust-agder fm-vest-agder", "fm-aust-agder", 1
    )
    (tmp_path / "kontorer.csv").write_text(text, encoding="utf-8")
    monkeypatch.setattr(_data, "data_dir", lambda: tmp_path)
    with pytest.raises(reference.ReferenceDataError, match=r"kontorer\.csv: fm-vest-agder"):
        office_module.load_register()


def test_a_bad_date_in_a_shipped_file_names_the_line(tmp_path, monkeypatch):
    from tilsyn.reference import _data, appeal

    source = _data.data_dir() / "klageinstanser.csv"
    text = source.read_text(encoding="utf-8").replace("2015-12-16", "16.12.2015", 1)
    (tmp_path / "klageinstanser.csv").write_text(text, encoding="utf-8")
    monkeypatch.setattr(_data, "data_dir", lambda: tmp_path)
    with pytest.raises(reference.ReferenceDataError, match="linje 3, felt «gyldig_fra»"):
        appeal.load_appeal_bodies()


def test_import_is_light_and_reads_no_data():
    code = (
        "import sys, tilsyn.reference as r\n"
        "heavy = {'openpyxl', 'docxtpl', 'sqlalchemy', 'typer', 'pydantic'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
        "assert r.municipality_history.cache_info().currsize == 0\n"
        "assert r.office_register.cache_info().currsize == 0\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
