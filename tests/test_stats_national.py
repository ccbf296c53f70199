"""Done-when of issue 17: a generated national history of the seed's size, loaded from CSV
through the real commands, reproduces the seed's figures (IMDi Sør, «Tall, tips og
trender» 2017) in --json and in the Word report read back from the .docx:

- 2013–2016: 134 municipalities supervised on full-year/full-time, 144 violations;
- the survey's share answering yes: 60 % (2013), 67 % (2014), 81 % (2016), no 2015.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tilsyn.app.synthetic import (
    HISTORY_COLUMNS,
    SURVEY_COLUMNS,
    national_history,
    write_table_csv,
)

QUESTION = (
    "Har kommunen rutiner som sikrer at alle deltakere får et helårig program, også i skoleferiene?"
)
QUESTION_NN = (
    "Har kommunen rutinar som sikrar at alle deltakarar får eit heilårleg program, også i "
    "skuleferiane?"
)


REPO = Path(__file__).resolve().parent.parent


def test_shipped_samples_are_the_generated_history(tmp_path):
    """samples/*-syntetisk-2013-2016.csv (the README's three commands) are exactly what
    national_history() generates."""
    history = national_history()
    for rows, columns, name in (
        (history.audits, HISTORY_COLUMNS, "historikk-syntetisk-2013-2016.csv"),
        (history.surveys, SURVEY_COLUMNS, "kartlegging-syntetisk-2013-2016.csv"),
    ):
        write_table_csv(rows, columns, tmp_path / name)
        shipped = (REPO / "samples" / name).read_text(encoding="utf-8")
        assert shipped == (tmp_path / name).read_text(encoding="utf-8"), name


@pytest.fixture
def loaded(cli, tmp_path):
    history = national_history()
    audits, surveys = tmp_path / "tilsyn-2013-2016.csv", tmp_path / "kartlegging.csv"
    write_table_csv(history.audits, HISTORY_COLUMNS, audits)
    write_table_csv(history.surveys, SURVEY_COLUMNS, surveys)
    assert len(history.audits) == 134 * 3 and len(history.surveys) == 144
    r = cli("historikk", "importer", audits)
    assert r.exit_code == 0, r.stderr
    assert "134 tilsyn i 134 kommuner, 402 krav, 144 lovbrudd" in r.stdout
    r = cli("egenvurdering", "importer-svar", surveys, "--sjekkliste", "helarig-fulltid")
    assert r.exit_code == 0, r.stderr
    assert "144 egenvurderinger (144 svar)" in r.stdout
    return tmp_path


def docx_text(path) -> tuple[list[str], list[str]]:
    from docx import Document

    doc = Document(str(path))
    paragraphs = [p.text for p in doc.paragraphs if p.text.strip()]
    cells = [" | ".join(c.text for c in row.cells) for t in doc.tables for row in t.rows]
    return paragraphs, cells


def test_json_reproduces_the_seed_figures(cli, loaded):
    r = cli("statistikk", "--fra-ar", "2013", "--til-ar", "2016", "--json")
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    s = data["sammendrag"]
    assert (s["tilsyn"], s["kommuner"], s["lovbrudd"]) == (134, 134, 144)
    assert s["importerte_tilsyn"] == 134 and s["syntetiske_tilsyn"] == 0
    assert (s["egenvurderinger"], s["kommuner_egenvurdering"]) == (144, 48)
    total = data["tabeller"]["tilsyn"]["rader"][-1]
    assert total["År"] == "Totalt" and total["Lovbrudd"] == 144
    assert total["Lovbrudd per tilsyn"] == pytest.approx(144 / 134, abs=1e-4)
    (row,) = data["tabeller"]["egenvurdering"]["rader"]
    assert row["Spørsmål"] == "A1.1" and row["Tekst"] == QUESTION
    assert (row["2013"], row["2014"], row["2016"]) == (
        pytest.approx(29 / 48, abs=1e-4),
        pytest.approx(32 / 48, abs=1e-4),
        pytest.approx(39 / 48, abs=1e-4),
    )
    assert "2015" not in row  # no survey that year: a gap, not a zero
    change = {r["År"]: r for r in data["tabeller"]["egenvurdering_endring"]["rader"]}
    assert change[2016]["Forrige måling"] == 2014  # the change is from the last measurement
    by_req = {r["Krav"]: r for r in data["tabeller"]["krav"]["rader"]}
    assert sum(r["Lovbrudd"] for r in by_req.values()) == 144
    assert all(r["Tilsyn"] == 134 for r in by_req.values())
    offices = data["tabeller"]["kontor"]["rader"]
    assert offices[-1]["Tilsyn"] == 134 and len(offices) > 10
    assert any(o["Kontor"].startswith("Fylkesmannen i Telemark") for o in offices)


def test_word_report_reproduces_the_seed_figures(cli, loaded):
    out = loaded / "tall-og-trender-2017.docx"
    r = cli(
        "statistikk", "--fra-ar", "2013", "--til-ar", "2016",
        "--rapport", out, "--figurer", loaded / "figurer",
        "--avsender", "Fylkesmannen i Aust- og Vest-Agder",
        "--tittel", "Tall, tips og trender 2017",
        "--dato", "2017-09-01",
    )  # fmt: skip
    assert r.exit_code == 0, r.stderr
    paragraphs, cells = docx_text(out)
    text = "\n".join(paragraphs)
    assert paragraphs[:4] == [
        "Tall, tips og trender 2017",
        "2013–2016",
        "Fylkesmannen i Aust- og Vest-Agder · 1. september 2017",
        "Tall per 1. september 2017.",
    ]
    assert (
        "I 2013–2016 førte Fylkesmannen tilsyn med 134 kommuner (134 tilsyn) og fant 144 lovbrudd."
    ) in paragraphs
    assert (
        f"Andelen kommuner som svarte ja på «{QUESTION}» økte fra 60 % (2013) til 67 % (2014) "
        "og 81 % (2016)."
    ) in paragraphs
    # the data are labelled: imported history and imported surveys
    assert "Tallene bygger på 134 tilsyn fra importert historikk." in paragraphs
    assert (
        "Egenvurderingene: 144 skjemaer fra 48 kommuner, herav 144 lest inn fra "
        "kommuneundersøkelser."
    ) in paragraphs
    assert "SYNTETISKE DATA" not in text
    # the tables, read back
    assert any(c.startswith("Totalt | 134 | 134 |") and c.endswith("| 144 | 1,07") for c in cells)
    assert (
        f"helarig-fulltid | A1.1 | {QUESTION} | 60 % | 67 % | 81 % | +21 p.p. | 2013–2016"
    ) in cells
    # no table without figures (no orders, no answers per question in imported history)
    assert "Tid fra endelig rapport til lukking av lovbrudd" not in text
    assert "Lovbrudd per kontrollspørsmål" not in text
    assert not any(cell.strip() == ":" for c in cells for cell in c.split("|"))
    assert sorted(p.name for p in (loaded / "figurer").iterdir()) == [
        "lovbrudd-per-krav.png",
        "trend-helarig-fulltid.png",
    ]


def test_word_report_in_nynorsk(cli, loaded):
    out = loaded / "tal.docx"
    r = cli(
        "statistikk", "--fra-ar", "2013", "--til-ar", "2016", "--malform", "nynorsk",
        "--rapport", out, "--dato", "2017-09-01", "--avsender", "Fylkesmannen i Telemark",
    )  # fmt: skip
    assert r.exit_code == 0, r.stderr
    paragraphs, cells = docx_text(out)
    assert paragraphs[0] == "Tal og trendar"
    assert paragraphs[2] == "Fylkesmannen i Telemark · 1. september 2017"
    assert "Tal per 1. september 2017." in paragraphs
    assert (
        "I 2013–2016 førte Fylkesmannen tilsyn med 134 kommunar (134 tilsyn) og fann 144 lovbrot."
    ) in paragraphs
    assert (
        f"Delen kommunar som svarte ja på «{QUESTION_NN}» auka frå 60 % (2013) til 67 % (2014) "
        "og 81 % (2016)."
    ) in paragraphs
    assert "Tala byggjer på 134 tilsyn frå importert historikk." in paragraphs
    assert any(c.startswith("helarig-fulltid | A1 | Programmet er heilårleg | 134") for c in cells)
    text = "\n".join(paragraphs)
    for bokmal in ("Tall og trender", "Sammendrag", "Tabeller", "helårig", "Lovbrudd per krav"):
        assert bokmal not in text


def test_nothing_after_the_cut_off_is_counted(cli, loaded):
    r = cli("statistikk", "--per", "2015-12-31", "--json")
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    years = [row["År"] for row in data["tabeller"]["tilsyn"]["rader"]]
    assert years == [2013, 2014, 2015, "Totalt"]
    assert data["utvalg"]["per"] == "2015-12-31"
    (row,) = data["tabeller"]["egenvurdering"]["rader"]
    assert "2016" not in row
    bad = cli(
        "statistikk", "--per", "2018-01-01", "--dato", "2017-09-01", "--rapport", loaded / "x.docx"
    )
    assert bad.exit_code != 0 and "--per 2018-01-01 er etter rapportdatoen 2017-09-01" in bad.stderr
    assert not (loaded / "x.docx").exists()
