"""Counting right (issue 17): repeats by the municipality's own number, the --per cut-off,
sub-themes of the 2026–2028 theme, no ":" where there is nothing, and commentary and
charts a reader can trust."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from stats_fixtures import TODAY, build_store

from tilsyn.stats.compute import compute_statistics
from tilsyn.stats.model import SUPPRESSED, Filters, Statistics, Trend

HEAD = "kommunenummer,ar,sjekkliste,krav,utfall,kontor,saksnummer,endelig_dato,lukket_dato\n"


# --- repeats by the municipality's own number -------------------------------------------


def test_a_merger_is_not_a_repeat_a_renumbering_is(cli, tmp_path):
    """Kristiansand (1001) 2014 and Søgne (1018) 2016 both became 4204 Kristiansand in 2020,
    but they are different municipalities; Skien 0806 (2016) is Skien 3807 (2020)."""
    path = tmp_path / "h.csv"
    path.write_text(
        HEAD
        + "1001,2014,helarig-fulltid,A1,lovbrudd,,,,\n"
        + "1018,2016,helarig-fulltid,A1,lovbrudd,,,,\n"
        + "4204,2020,helarig-fulltid,A1,lovbrudd,,,,\n"
        + "0806,2016,helarig-fulltid,A1,lovbrudd,,,,\n"
        + "3807,2020,helarig-fulltid,A1,lovbrudd,,,,\n",
        encoding="utf-8",
    )
    assert cli("historikk", "importer", path).exit_code == 0
    data = json.loads(cli("statistikk", "--json").stdout)
    repeat = data["tabeller"]["gjentatte"]["rader"]
    assert repeat[0] == {
        "Sjekkliste": "helarig-fulltid",
        "Krav": "A1",
        "Nye tilsyn etter lovbrudd": 1,  # Skien 2020 only
        "Lovbrudd igjen": 1,
        "Andel gjentatt": 1.0,
    }
    # the --kommune filter still covers the municipalities that became 4204
    area = json.loads(cli("statistikk", "--kommune", "4204", "--json").stdout)
    assert area["sammendrag"]["tilsyn"] == 3
    assert area["sammendrag"]["kommuner"] == 3  # counted under their own numbers


# --- the --per cut-off --------------------------------------------------------------------


@pytest.fixture
def data(session):
    build_store(session)
    return session.store.stats.data()


def test_per_leaves_out_everything_dated_later(data):
    # On 1 July 2020: the 2020 audits exist; Kristiansand's order (closed 20 July) is
    # still open; nothing of 2021–2022 is counted; self-assessments up to 2020.
    s = compute_statistics(data, Filters(per=date(2020, 7, 1)))
    assert [list(r) for r in s.table("tilsyn").rows] == [
        [2020, 2, 2, 2, 1.0, 3, 1.5],
        ["Totalt", 2, 2, 2, 1.0, 3, 1.5],
    ]
    closure = [list(r) for r in s.table("lukking").rows]
    assert closure[0][:3] == [2020, 3, 0]  # three orders, none closed yet
    assert closure[0][5] == 0  # the deadline was moved later (in September)
    assert [t.points for t in s.trends if t.question_ref == "A1.1"] == [((2020, 1.0, 1),)]
    assert s.summary["per"] == "2020-07-01"
    # a day later in 2020: the July closure counts
    later = compute_statistics(data, Filters(per=date(2020, 12, 31)))
    assert list(later.table("lukking").rows[0])[:3] == [2020, 3, 2]


def test_per_counts_preliminary_conclusions_by_their_date(session):
    from stats_fixtures import _audit

    cl = session.checklist("helarig-fulltid")
    # notice 1 March 2020, preliminary report (and its conclusions) 1 April, no final report
    a = _audit(cl, "4203", date(2020, 3, 1), None, {"A1": "lovbrudd"}, set())
    session.store.stats.insert_synthetic([a])
    d = session.store.stats.data()
    before = compute_statistics(d, Filters(per=date(2020, 3, 15)))
    assert before.summary["tilsyn"] == 1 and before.summary["lovbrudd"] == 0
    after = compute_statistics(d, Filters(per=date(2020, 4, 1)))
    assert after.summary["lovbrudd"] == 1


# --- sub-themes of the 2026–2028 theme -----------------------------------------------------


def test_sub_themes_are_separate_rows_and_one_filter(session):
    from stats_fixtures import _audit

    def audit(cid, number):
        cl = session.checklist(cid)
        first = cl.requirements().__next__().ref_id
        a = _audit(cl, number, date(2026, 2, 1), None, {first: "lovbrudd"}, set())
        return replace(a, regime="kl2018")

    session.store.stats.insert_synthetic(
        [
            audit("integreringsplan-sluttmal", "4204"),
            audit("integreringsplan-sluttmal", "4203"),
            audit("integreringsplan-omfang", "4020"),
            audit("helarig-fulltid", "0301"),
        ]
    )
    d = session.store.stats.data()
    s = compute_statistics(d)
    themes = [list(r[:5]) for r in s.table("tema").rows]
    plan = "Deltakerens integreringsplan"
    assert themes == [
        [plan, "fastsettelse av sluttmål", "integreringsplan-sluttmal", 2, 2],
        [plan, "omfanget av introduksjonsprogrammet", "integreringsplan-omfang", 1, 1],
        [plan, "Alle deltema", "", 3, 3],
        ["Introduksjonsprogram som er helårig og på full tid", "–", "helarig-fulltid", 1, 1],
    ]
    theme = compute_statistics(d, Filters(checklist="integreringsplan"))
    assert theme.summary["tilsyn"] == 3
    one = compute_statistics(d, Filters(checklist="integreringsplan-omfang"))
    assert one.summary["tilsyn"] == 1
    nn = compute_statistics(d, language="nynorsk")
    assert nn.table("tema").rows[0][0] == "Integreringsplanen til deltakaren"


def test_sub_theme_filter_narrows_in_sql(session):
    from stats_fixtures import _audit

    cl = session.checklist("integreringsplan-omfang")
    session.store.stats.insert_synthetic([_audit(cl, "4204", date(2026, 2, 1), None, {}, set())])
    assert len(session.store.stats.data(checklist="integreringsplan").audits) == 1
    assert len(session.store.stats.data(checklist="integreringsplan-omfang").audits) == 1
    assert session.store.stats.data(checklist="integrering").audits == ()
    assert session.store.stats.data(checklist="integreringsplan_").audits == ()  # no wildcard


# --- empty tables: left out, never ":" ---------------------------------------------------


def test_nothing_is_never_suppressed(session):
    from tilsyn.stats.rows import StatsData

    s = compute_statistics(StatsData(), publication=True)
    for t in s.tables:
        assert SUPPRESSED not in [c for r in t.rows for c in r], t.key
        assert t.is_empty, t.key
    assert [list(r) for r in s.table("gjentatte").rows] == [["Totalt", "", 0, 0, None]]


def test_report_leaves_out_tables_without_figures(data, tmp_path):
    from docx import Document

    from tilsyn.files import NO_WORKSPACE
    from tilsyn.report.trends import render_trends_report

    s = compute_statistics(data, Filters(to_year=2021), today=TODAY, publication=True)
    assert s.table("gjentatte").is_empty
    out = render_trends_report(
        s, tmp_path / "r.docx", sender="Statsforvalteren i Agder", report_date=TODAY,
        rules=NO_WORKSPACE,
    )  # fmt: skip
    doc = Document(str(out))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Gjentatte lovbrudd" not in text
    assert "Lovbrudd per krav" in text
    assert len(doc.tables) == len([t for t in s.tables if not t.is_empty])


# --- commentary -----------------------------------------------------------------------------


def _trend(points, text="Får alle deltakerne et helårig program?"):
    return Trend("helarig-fulltid", "A1.1", text, tuple(points))


def test_commentary_never_says_a_value_rose_to_itself():
    from tilsyn.stats.commentary import trend_sentence

    # 67.5 % and 68.4 % both print as 68 %: unchanged, not "rose from 68 % to 68 %"
    s = trend_sentence(_trend([(2013, 0.675, 40), (2014, 0.684, 38)]))
    assert s == (
        "Andelen kommuner som svarte ja på «Får alle deltakerne et helårig program?» var "
        "uendret på 68 % (2013–2014)."
    )
    s = trend_sentence(_trend([(2013, 0.68, 40), (2014, 0.60, 38), (2016, 0.68, 39)]))
    assert s == (
        "Andelen kommuner som svarte ja på «Får alle deltakerne et helårig program?» var "
        "68 % både i 2013 og 2016, med 60 % (2014) mellom."
    )
    s = trend_sentence(
        _trend([(2013, 0.6, 48), (2014, 0.67, 48), (2015, None, 0), (2016, 0.81, 48)]), "nynorsk"
    )
    assert s == (
        "Delen kommunar som svarte ja på «Får alle deltakerne et helårig program?» auka frå "
        "60 % (2013) til 67 % (2014) og 81 % (2016)."
    )


def test_commentary_names_ties_together():
    from tilsyn.stats.commentary import commentary
    from tilsyn.stats.model import Bar

    stats = Statistics(
        filters=Filters(),
        language="bokmal",
        publication=False,
        min_count=3,
        tables=(),
        bars=(
            Bar("helarig-fulltid", "A1", "Programmet er helårig", 0.842, 16, 19),
            Bar("helarig-fulltid", "A2", "Programmet er på full tid", 0.838, 15, 19),
            Bar("helarig-fulltid", "A3", "Dokumentasjon", 0.2, 4, 19),
        ),
    )
    assert commentary(stats) == [
        "Utvalget har ingen tilsyn.",
        "Flest kommuner hadde lovbrudd på kravene A1 «Programmet er helårig» og A2 "
        "«Programmet er på full tid»: 84 % av de vurderte kommunene på hvert av dem.",
    ]


# --- charts -------------------------------------------------------------------------------


def test_lines_break_at_years_without_figures():
    from tilsyn.stats.charts import point_label, series_of

    (s,) = series_of([_trend([(2013, 0.6, 48), (2014, 0.67, 48), (2016, 0.81, 48)])])
    assert s.years == (2013, 2014, 2015, 2016)
    assert [[p[0] for p in run] for run in s.segments()] == [[2013, 2014], [2016]]
    assert s.label == "A1.1 Får alle deltakerne et helårig program?"
    assert point_label(0.8125, 48) == "81 %\nn=48"


def test_more_than_five_series_become_small_multiples(tmp_path):
    from tilsyn.stats.charts import MAX_SERIES, PALETTE, _pyplot, _trend_chart

    plt = _pyplot()
    few = [_trend([(2013, 0.5, 10), (2014, 0.6, 10)], f"Spørsmål {i}") for i in range(5)]
    fig = _trend_chart(plt, few, "Tittel", {"year": "År", "share": "Andel ja", "n": "n"})
    (ax,) = fig.axes
    colours = {line.get_color() for line in ax.get_lines()}
    assert len(colours) == 5 and colours <= set(PALETTE)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[0] == "A1.1 Spørsmål 0"
    plt.close(fig)
    many = [_trend([(2013, 0.5, 10), (2014, 0.6, 10)], f"Spørsmål {i}") for i in range(7)]
    assert len(many) > MAX_SERIES
    fig = _trend_chart(plt, many, "Tittel", {"year": "År", "share": "Andel ja", "n": "n"})
    panels = [a for a in fig.axes if a.get_visible()]
    assert len(panels) == 7
    assert [a.get_title() for a in panels][:2] == ["A1.1 Spørsmål 0", "A1.1 Spørsmål 1"]
    plt.close(fig)


# --- calibration per case -------------------------------------------------------------------


def test_vis_shows_the_self_assessment_beside_the_findings(cli, session, scored_audit, tmp_path):
    # Kristiansand (1001) assessed itself on individual plans in 2017, the audit's year.
    sa = session.store.selfassessments.create(
        municipality_number="1001",
        municipality_name="Kristiansand",
        county="Vest-Agder",
        checklist=session.checklist("individuell-plan"),
        year=2017,
        audit_id=None,
    )
    from tilsyn.audit.selfassessment import SelfAnswerInput

    session.store.selfassessments.write_answers(
        sa.id,
        [
            SelfAnswerInput("B1.1", "ja"),
            SelfAnswerInput("B2.1", "ja"),
            SelfAnswerInput("B1.2", "nei"),
        ],
        status="ufullstendig",
    )
    r = cli("vis", str(scored_audit), "--json")
    assert r.exit_code == 0, r.stderr
    cal = json.loads(r.stdout)["kalibrering"]
    assert cal["egenvurdering"] == sa.id and cal["ar"] == 2017
    by_q = {q["ref"]: q for q in cal["sporsmal"]}
    assert by_q["B1.1"]["kommunens_svar"] == "ja"
    assert by_q["B1.1"]["funn"] == "brudd" and by_q["B1.1"]["samsvar"] is False
    assert by_q["B1.1"]["funn_tekst"] == "brudd i 2 av 8 svar"
    assert by_q["B2.1"]["funn"] == "oppfylt" and by_q["B2.1"]["samsvar"] is True
    assert by_q["B1.2"]["kommunens_svar"] == "nei" and by_q["B1.2"]["samsvar"] is True
    assert by_q["B3.1"]["kommunens_svar"] is None and by_q["B3.1"]["samsvar"] is None
    assert cal["svarte_ja_ved_brudd"] == 1
    text = cli("vis", str(scored_audit)).stdout
    assert f"Egenvurdering {sa.id} (2017) mot tilsynets funn" in text
    assert "B1.1      ja              brudd i 2 av 8 svar" in text
    assert "samsvar på 2, avvik på 1 spørsmål" in text


def test_vis_without_self_assessment_has_no_calibration(cli, scored_audit):
    data = json.loads(cli("vis", str(scored_audit), "--json").stdout)
    assert data["kalibrering"] is None and data["opprinnelse"] is None
    assert "mot tilsynets funn" not in cli("vis", str(scored_audit)).stdout
