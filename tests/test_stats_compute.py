"""Every figure of `tilsyn statistikk` against the hand-computed fixture (stats_fixtures)."""

from __future__ import annotations

import pytest
from stats_fixtures import TODAY, build_store

from tilsyn.stats.commentary import commentary, trend_sentence
from tilsyn.stats.compute import compute_statistics, office_of
from tilsyn.stats.model import SUPPRESSED, Filters, Trend


@pytest.fixture
def data(session):
    build_store(session)
    return session.store.stats.data()


def stats_of(data, filters=None, **kw):
    return compute_statistics(data, filters or Filters(), today=TODAY, **kw)


def rows(stats, key):
    return [list(r) for r in stats.table(key).rows]


def test_store_rows(data):
    assert len(data.audits) == 5
    years = sorted(a.year for a in data.audits)
    assert years == [2020, 2020, 2021, 2021, 2022]
    a2 = next(a for a in data.audits if a.municipality_number == "4203")
    assert a2.final_report.isoformat() == "2020-06-15"
    moved = [v for v in data.violations if v.deadline_moved]
    assert len(moved) == 1
    assert moved[0].first_deadline.isoformat() == "2020-09-01"
    assert moved[0].deadline.isoformat() == "2020-10-01"
    # only breach values come back from the answers, aggregated per audit and question
    assert {b.answer for b in data.breaches} == {"nei"}
    assert sum(b.count for b in data.breaches) == 7
    assert len(data.checklists) == 1


def test_number_of_audits_and_violations(data):
    s = stats_of(data)
    # year, audits, municipalities, with a violation, share, violations, per audit
    assert rows(s, "tilsyn") == [
        [2020, 2, 2, 2, 1.0, 3, 1.5],
        [2021, 2, 2, 1, 0.5, 1, 0.5],
        [2022, 1, 1, 1, 1.0, 1, 1.0],
        ["Totalt", 5, 4, 3, 0.75, 5, 1.0],
    ]
    assert s.summary["tilsyn"] == 5 and s.summary["lovbrudd"] == 5
    assert s.summary["andel_kommuner_med_lovbrudd"] == 0.75
    assert s.table("tilsyn").formatted_rows()[0] == ["2020", "2", "2", "2", "100 %", "3", "1,50"]


def test_violations_per_requirement_and_share_of_municipalities(data):
    s = stats_of(data)
    # audits, municipalities assessed, violations, per audit, municipalities with, share
    assert rows(s, "krav") == [
        ["helarig-fulltid", "A1", "Programmet er helårig", 5, 4, 3, 0.6, 2, 0.5],
        ["helarig-fulltid", "A2", "Programmet er på full tid", 5, 4, 2, 0.4, 2, 0.5],
        ["helarig-fulltid", "A3", "Dokumentasjon av programmets omfang", 5, 4, 0, 0.0, 0, 0.0],
    ]


def test_violations_per_question(data):
    by_q = {r[1]: r[2:] for r in rows(stats_of(data), "sporsmal")}
    assert by_q["A1.1"] == ["A1", 4, 2, 2]
    assert by_q["A1.2"] == ["A1", 4, 1, 1]
    assert by_q["A1.3"] == ["A1", 4, 1, 2]  # two files with breach in one audit
    assert by_q["A2.1"] == ["A2", 4, 2, 2]
    assert by_q["A2.2"] == ["A2", 4, 0, 0]


def test_time_to_closure(data):
    s = stats_of(data)
    assert rows(s, "lukking") == [
        [2020, 3, 2, 73.0, pytest.approx(1 / 3), 1],
        [2022, 1, 0, None, None, 0],  # first deadline not yet passed on TODAY
        ["Totalt", 4, 2, 73.0, pytest.approx(1 / 3), 1],
    ]


def test_repeat_violations(data):
    assert rows(stats_of(data), "gjentatte") == [
        ["helarig-fulltid", "A1", 1, 1, 1.0],
        ["Totalt", "", 1, 1, 1.0],
    ]
    # the earlier audit counts even when the year range leaves it out
    s = stats_of(data, Filters(from_year=2022))
    assert rows(s, "gjentatte")[0] == ["helarig-fulltid", "A1", 1, 1, 1.0]
    empty = stats_of(data, Filters(to_year=2021)).table("gjentatte")
    assert [list(r) for r in empty.rows] == [["Totalt", "", 0, 0, None]]
    assert empty.is_empty


def test_self_assessment_share_yes_per_year_and_change(data):
    s = stats_of(data)
    t = s.table("egenvurdering")
    assert t.headers == ["Sjekkliste", "Spørsmål", "Tekst", "2020", "2021", "Endring", "Periode"]
    texts = {r[1]: r[2] for r in rows(s, "egenvurdering")}
    assert texts["A1.1"].startswith("Har kommunen rutiner som sikrer at alle deltakere får et")
    by_q = {r[1]: r[3:] for r in rows(s, "egenvurdering")}
    assert by_q["A1.1"] == [1.0, pytest.approx(2 / 3), pytest.approx(-1 / 3), "2020–2021"]
    # "ikke relevant" is not a yes/no answer
    assert by_q["A1.2"] == [0.5, None, None, None]
    assert by_q["A2.1"] == [1.0, 1.0, 0.0, "2020–2021"]
    change = {(r[1], r[2]): r[3:] for r in rows(s, "egenvurdering_endring")}
    # municipalities, share, previous measurement, change from it
    assert change[("A1.1", 2020)] == [1, 1.0, None, None]
    assert change[("A1.1", 2021)] == [3, pytest.approx(2 / 3), 2020, pytest.approx(-1 / 3)]
    assert s.table("egenvurdering_endring").headers[-2:] == [
        "Forrige måling",
        "Endring fra forrige måling",
    ]


def test_calibration_self_assessment_against_conclusion(data):
    by_q = {r[1]: r[2:] for r in rows(stats_of(data), "kalibrering")}
    assert by_q["A1.1"] == [2, 1, 1, 1.0]
    assert by_q["A1.2"] == [2, 1, 0, 0.0]
    assert by_q["A2.1"] == [3, 2, 2, 1.0]
    s = stats_of(data)
    assert s.summary["kalibrering_funnet"] == 4
    assert s.summary["kalibrering_svarte_ja"] == 3


def test_filters(data):
    agder = stats_of(data, Filters(counties=("agder",)))
    assert rows(agder, "tilsyn")[-1] == ["Totalt", 3, 2, 2, 1.0, 4, pytest.approx(4 / 3)]
    office = stats_of(data, Filters(offices=("Agder",)))
    assert rows(office, "tilsyn")[-1] == rows(agder, "tilsyn")[-1]
    # the office had another name in 2020 (Fylkesmannen i Agder)
    renamed = stats_of(data, Filters(offices=("Statsforvalteren i Agder",)))
    assert rows(renamed, "tilsyn")[-1] == ["Totalt", 1, 1, 1, 1.0, 1, 1.0]
    years = stats_of(data, Filters(from_year=2021, to_year=2021))
    assert rows(years, "tilsyn") == [
        [2021, 2, 2, 1, 0.5, 1, 0.5],
        ["Totalt", 2, 2, 1, 0.5, 1, 0.5],
    ]
    one = stats_of(data, Filters(municipalities=("4204",)))
    assert rows(one, "tilsyn")[-1] == ["Totalt", 2, 1, 1, 1.0, 2, 1.0]
    checklist = stats_of(data, Filters(checklist="individuell-plan"))
    assert rows(checklist, "tilsyn") == [["Totalt", 0, 0, 0, None, 0, None]]
    assert checklist.table("tilsyn").is_empty


def test_office_is_derived_from_county_and_year():
    assert office_of("4204", "Agder", 2020) == "Fylkesmannen i Agder"
    assert office_of("1001", "Vest-Agder", 2017) == "Fylkesmannen i Aust- og Vest-Agder"
    assert office_of("4020", "Telemark", 2022) == "Statsforvalteren i Vestfold og Telemark"
    assert office_of("0301", "Oslo", 2021) == "Statsforvalteren i Oslo og Viken"
    assert office_of("0301", "Oslo", 2021, "nynorsk") == "Statsforvaltaren i Oslo og Viken"
    # a 2013 number outside Agder and Telemark (the register covers the whole country)
    assert office_of("1601", "Sør-Trøndelag", 2015) == "Fylkesmannen i Sør-Trøndelag"
    # an office named by an imported audit wins
    assert office_of("1601", "x", 2015, office_id="fm-nord-trondelag") == (
        "Fylkesmannen i Nord-Trøndelag"
    )


def test_suppression_for_publication(data):
    s = stats_of(data, publication=True)  # default: fewer than 3 municipalities
    hidden4 = [SUPPRESSED] * 4
    assert rows(s, "tilsyn") == [
        [2020, 2, 2, *hidden4],
        [2021, 2, 2, *hidden4],
        [2022, 1, 1, *hidden4],
        ["Totalt", 5, 4, 3, 0.75, 5, 1.0],
    ]
    t = s.table("tilsyn")
    assert t.footnotes[-1] == "«:» = prikket: tallet bygger på færre enn 3 kommuner og vises ikke."
    assert t.formatted_rows()[0] == ["2020", "2", "2", ":", ":", ":", ":"]
    # calibration: the share for A2.1 rests on two municipalities with a violation
    cal = {r[1]: r[2:] for r in rows(s, "kalibrering")}
    assert cal["A2.1"] == [3, 2, 2, SUPPRESSED]
    # the requirement table rests on four municipalities: shown at 3, hidden at 5
    assert rows(s, "krav")[0][4:] == [4, 3, 0.6, 2, 0.5]
    hidden = stats_of(data, publication=True, min_count=5)
    assert rows(hidden, "krav")[0][4:] == [4] + [SUPPRESSED] * 4
    assert hidden.table("krav").footnotes[-1].startswith("«:» = prikket")
    assert all(b.share is None for b in hidden.bars)
    # without --publisering nothing is hidden and there is no footnote
    plain = stats_of(data, min_count=5)
    assert SUPPRESSED not in [c for r in plain.table("krav").rows for c in r]
    assert plain.table("krav").footnotes == ()
    # JSON: null and listed
    from tilsyn.cli.shapes import stats_table

    js = stats_table(hidden.table("krav"))
    assert js["rader"][0]["Lovbrudd"] is None
    assert {"rad": 0, "kolonne": "Lovbrudd"} in js["prikket"]


def test_suppressed_self_assessment_years_are_left_out_of_trends(data):
    s = stats_of(data, publication=True, min_count=2)
    a11 = next(t for t in s.trends if t.question_ref == "A1.1")
    assert a11.points == ((2020, None, 1), (2021, pytest.approx(2 / 3), 3))
    row = next(r for r in s.table("egenvurdering").rows if r[1] == "A1.1")
    assert row[3:] == (SUPPRESSED, pytest.approx(2 / 3), None, None)


def test_commentary_bokmal_and_nynorsk(data):
    text = commentary(stats_of(data))
    assert text[0] == (
        "I 2020–2022 førte Statsforvalteren tilsyn med 4 kommuner (5 tilsyn) og fant 5 lovbrudd."
    )
    assert (
        "Lovbruddene ble lukket i median 73 dager etter endelig rapport, og 33 % ble "
        "lukket innen første frist."
    ) in text
    assert (
        "Der tilsynet fant lovbrudd på et kontrollspørsmål, hadde kommunen svart ja i "
        "egenvurderingen i 75 % av tilfellene (3 av 4)."
    ) in text
    assert "75 % av kommunene hadde minst ett lovbrudd (1,00 lovbrudd per tilsyn)." in text
    # ties are named together (A1 and A2: 50 % of the assessed municipalities each)
    assert (
        "Flest kommuner hadde lovbrudd på kravene A1 «Programmet er helårig» og A2 «Programmet "
        "er på full tid»: 50 % av de vurderte kommunene på hvert av dem."
    ) in text
    # questions by their text
    assert (
        "Andelen kommuner som svarte ja på «Har kommunen rutiner som sikrer at alle deltakere "
        "får et helårig program, også i skoleferiene?» gikk ned fra 100 % (2020) til 67 % (2021)."
    ) in text
    nn = commentary(stats_of(data, language="nynorsk"))
    assert nn[0] == (
        "I 2020–2022 førte Statsforvaltaren tilsyn med 4 kommunar (5 tilsyn) og fann 5 lovbrot."
    )


def test_trend_sentence_like_imdi():
    t = Trend(
        "helarig-fulltid",
        "A1.1",
        "",
        ((2013, 0.6, 20), (2014, 0.67, 21), (2015, None, 0), (2016, 0.81, 21)),
    )
    assert trend_sentence(t) == (
        "Andelen kommuner som svarte ja på A1.1 økte fra 60 % (2013) "
        "til 67 % (2014) og 81 % (2016)."
    )
    assert trend_sentence(t, "nynorsk") == (
        "Delen kommunar som svarte ja på A1.1 auka frå 60 % (2013) til 67 % (2014) og 81 % (2016)."
    )


def test_real_audit_is_counted(session, scored_audit):
    s = compute_statistics(session.store.stats.data())
    assert list(s.table("tilsyn").rows[-1]) == ["Totalt", 1, 1, 1, 1.0, 2, 2.0]
    by_req = {r[1]: r for r in s.table("krav").rows}
    assert by_req["B1"][5] == 1 and by_req["B4"][5] == 1 and by_req["B2"][5] == 0


def test_progress_callback(data):
    seen = []
    compute_statistics(data, progress=lambda done, total, what: seen.append((done, total)))
    assert seen[-1] == (11, 11)


def test_secondary_suppression_protects_a_single_hidden_row(data):
    # min 2 municipalities: 2022 (Kristiansand only) is hidden. Alone, its figures would
    # be total minus 2020 minus 2021, so the shown year with the fewest municipalities
    # (2020, two; the first on a tie) is hidden too.
    s = stats_of(data, publication=True, min_count=2)
    assert rows(s, "tilsyn") == [
        [2020, 2, 2, *[SUPPRESSED] * 4],
        [2021, 2, 2, 1, 0.5, 1, 0.5],
        [2022, 1, 1, *[SUPPRESSED] * 4],
        ["Totalt", 5, 4, 3, 0.75, 5, 1.0],
    ]
    assert s.table("tilsyn").footnotes[1:] == (
        "«:» = prikket: tallet bygger på færre enn 2 kommuner og vises ikke.",
        "Noen tall er også prikket fordi de ellers kunne regnes ut fra totalen.",
    )
    # closure: 2022 rests on one municipality, so 2020 goes too; the total stays
    assert rows(s, "lukking") == [
        [2020] + [SUPPRESSED] * 5,
        [2022] + [SUPPRESSED] * 5,
        ["Totalt", 4, 2, 73.0, pytest.approx(1 / 3), 1],
    ]
    # tables where two or more rows are hidden, or the total is hidden, are left alone
    s3 = stats_of(data, publication=True)
    assert all("Noen tall" not in " ".join(t.footnotes) for t in s3.tables)
    nn = stats_of(data, publication=True, min_count=2, language="nynorsk")
    assert nn.table("tilsyn").footnotes[-1] == (
        "Nokre tal er òg prikka fordi dei elles kunne reknast ut frå totalen."
    )


def test_no_secondary_suppression_without_publication(data):
    s = stats_of(data, min_count=2)
    assert SUPPRESSED not in [c for t in s.tables for r in t.rows for c in r]
