"""The statistics outputs: Excel workbook, PNG charts and the Word report "Tall og trender"."""

from __future__ import annotations

from datetime import date

import pytest
from stats_fixtures import TODAY, build_store

from tilsyn.files import NO_WORKSPACE
from tilsyn.stats.compute import compute_statistics
from tilsyn.stats.model import Filters

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def data(session):
    build_store(session)
    return session.store.stats.data()


def test_workbook_has_one_sheet_per_table_with_the_figures(data, tmp_path):
    from openpyxl import load_workbook

    from tilsyn.workbook.stats import write_stats_workbook

    stats = compute_statistics(data, today=TODAY, publication=True)
    path = write_stats_workbook(stats, tmp_path / "tall.xlsx", rules=NO_WORKSPACE)
    wb = load_workbook(path)
    assert wb.sheetnames == [
        "Tilsyn",
        "Tema og deltema",
        "Lovbrudd per krav",
        "Per kontor",
        "Lovbrudd per spørsmål",
        "Lukking",
        "Gjentatte lovbrudd",
        "Egenvurdering",
        "Egenvurdering endring",
        "Kalibrering",
    ]
    ws = wb["Tilsyn"]
    assert ws["A1"].value == "Antall tilsyn og lovbrudd"
    assert [c.value for c in ws[4]] == [
        "År",
        "Tilsyn",
        "Kommuner",
        "Kommuner med lovbrudd",
        "Andel kommuner med lovbrudd",
        "Lovbrudd",
        "Lovbrudd per tilsyn",
    ]
    assert [c.value for c in ws[5]] == [2020, 2, 2, ":", ":", ":", ":"]
    assert [c.value for c in ws[8]] == ["Totalt", 5, 4, 3, 0.75, 5, 1]
    assert ws["E8"].number_format == "0%" and ws["G8"].number_format == "0.00"
    assert ws["A11"].value.startswith("«:» = prikket")
    assert "SYNTETISKE DATA" in ws["A2"].value
    assert ws.freeze_panes == "A5"
    krav = wb["Lovbrudd per krav"]
    assert [c.value for c in krav[5]] == [
        "helarig-fulltid",
        "A1",
        "Programmet er helårig",
        5,
        4,
        3,
        0.6,
        2,
        0.5,
    ]
    assert krav["I5"].number_format == "0%"
    self_ws = wb["Egenvurdering"]
    a11 = next(r for r in self_ws.iter_rows(min_row=5, values_only=True) if r[1] == "A1.1")
    # 2020 rests on one municipality: suppressed, so no change can be shown
    assert a11[3:] == (":", pytest.approx(2 / 3), None, None)
    change = write_stats_workbook(
        compute_statistics(data, today=TODAY), tmp_path / "b.xlsx", rules=NO_WORKSPACE
    )
    plain = load_workbook(change)["Egenvurdering"]
    a11 = next(r for r in plain.iter_rows(min_row=5, values_only=True) if r[1] == "A1.1")
    assert a11[3:] == (1, pytest.approx(2 / 3), pytest.approx(-33.3, abs=0.1), "2020–2021")
    lukking = load_workbook(change)["Lukking"]
    assert [c.value for c in lukking[5]] == [2020, 3, 2, 73, pytest.approx(1 / 3), 1]
    assert wb["Lukking"]["B5"].value == ":"  # two municipalities in 2020


def test_workbook_text_is_never_a_formula(session, tmp_path):
    from openpyxl import load_workbook

    from tilsyn.stats.rows import StatsData
    from tilsyn.workbook.stats import write_stats_workbook

    stats = compute_statistics(StatsData(), Filters(counties=("=HYPERLINK(1)",)))
    wb = load_workbook(write_stats_workbook(stats, tmp_path / "x.xlsx", rules=NO_WORKSPACE))
    assert wb["Tilsyn"]["A2"].data_type == "s"
    assert wb["Tilsyn"]["A2"].value == "=HYPERLINK(1)"


def test_charts_are_written_as_png(data, tmp_path):
    from tilsyn.stats.charts import write_charts

    charts = write_charts(
        compute_statistics(data, today=TODAY), tmp_path / "fig", rules=NO_WORKSPACE
    )
    names = [c.path.name for c in charts]
    assert names == ["trend-helarig-fulltid.png", "lovbrudd-per-krav.png"]
    for c in charts:
        content = c.path.read_bytes()
        assert len(content) > 1000 and content.startswith(PNG)


def test_no_charts_without_figures(session, tmp_path):
    from tilsyn.stats.charts import write_charts
    from tilsyn.stats.rows import StatsData

    assert write_charts(compute_statistics(StatsData()), tmp_path / "tom", rules=NO_WORKSPACE) == []


def _docx_text(path):
    from docx import Document

    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts), doc


def test_word_report_bokmal(data, tmp_path):
    from tilsyn.report.trends import render_trends_report

    stats = compute_statistics(data, Filters(counties=("Agder", "Telemark")), today=TODAY)
    out = render_trends_report(
        stats,
        tmp_path / "tall.docx",
        rules=NO_WORKSPACE,
        sender="Statsforvalteren i Agder",
        report_date=date(2022, 7, 1),
        chart_folder=tmp_path / "fig",
    )
    text, doc = _docx_text(out)
    assert "Tall og trender" in text
    assert "Agder og Telemark" in text
    assert "Statsforvalteren i Agder · 1. juli 2022" in text
    assert (
        "I 2020–2022 førte Statsforvalteren tilsyn med 3 kommuner (4 tilsyn) og fant 5 lovbrudd."
    ) in text
    # Oslo (0 % in 2021) is outside Agder and Telemark
    assert (
        "Andelen kommuner som svarte ja på «Har kommunen rutiner som sikrer at alle deltakere "
        "får et helårig program, også i skoleferiene?» var uendret på 100 % (2020–2021)."
    ) in text
    assert "Lovbrudd per krav" in text
    assert "helarig-fulltid | A1 | Programmet er helårig | 4 | 3 | 3 | 0,75 | 2 | 67 %" in text
    assert "Totalt | 4 | 2 | 73 | 33 % | 1" in text
    # the fixture is synthetic: the report says so at the top and under «Om tallene»
    warning = "SYNTETISKE DATA: 4 av 4 tilsyn og 5 av 5 egenvurderinger i disse tallene"
    assert text.count(warning) == 2
    assert "Tallene bygger på 4 syntetiske tilsyn." in text
    # a table without figures is left out, never printed with ":" or empty
    assert "Gjentatte lovbrudd ved nytt tilsyn" in text  # Kristiansand 2020 and 2022
    assert len(doc.inline_shapes) == 2  # the trend chart and the bar chart
    assert doc.core_properties.title == "Tall og trender"
    assert (tmp_path / "fig" / "lovbrudd-per-krav.png").is_file()


def test_word_report_nynorsk_with_suppression(data, tmp_path):
    from tilsyn.report.trends import render_trends_report

    stats = compute_statistics(data, today=TODAY, language="nynorsk", publication=True)
    out = render_trends_report(
        stats,
        tmp_path / "tal.docx",
        rules=NO_WORKSPACE,
        sender="Statsforvaltaren i Agder",
        report_date=TODAY,
    )
    text, _ = _docx_text(out)
    assert "Samandrag" in text and "Tabellar" in text
    assert (
        "I 2020–2022 førte Statsforvaltaren tilsyn med 4 kommunar (5 tilsyn) og fann 5 lovbrot."
    ) in text
    assert "Tal som byggjer på færre enn 3 kommunar er prikka" in text
    assert "2020 | 2 | 2 | : | :" in text
    assert "«:» = prikka: talet byggjer på færre enn 3 kommunar og blir ikkje vist." in text
    assert "Lovbrot per krav" in text


def test_workbook_in_nynorsk(data, tmp_path):
    from openpyxl import load_workbook

    from tilsyn.workbook.stats import write_stats_workbook

    stats = compute_statistics(data, today=TODAY, language="nynorsk", publication=True)
    wb = load_workbook(write_stats_workbook(stats, tmp_path / "tal.xlsx", rules=NO_WORKSPACE))
    assert wb.sheetnames == [
        "Tilsyn",
        "Tema og deltema",
        "Lovbrot per krav",
        "Per kontor",
        "Lovbrot per spørsmål",
        "Lukking",
        "Gjentekne lovbrot",
        "Eigenvurdering",
        "Eigenvurdering endring",
        "Kalibrering",
    ]
    ws = wb["Lovbrot per krav"]
    assert ws["A1"].value == "Lovbrot per krav"
    assert "tal på færre enn 3 kommunar er prikka" in ws["A2"].value
    assert [c.value for c in ws[4]][:5] == [
        "Sjekkliste",
        "Krav",
        "Tittel",
        "Tilsyn",
        "Kommunar vurderte",
    ]
    # nynorsk requirement titles from the checklist
    assert ws["C5"].value == "Programmet er heilårleg"
    assert ws.auto_filter.ref == "A4:I7" and ws.freeze_panes == "A5"
