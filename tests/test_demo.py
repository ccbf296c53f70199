"""`tilsyn demo` runs the whole inspection, and every shipped sample loads."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import cli_runner, summary_of

from tilsyn.app.context import AppContext
from tilsyn.cli import app
from tilsyn.workspace import open_workspace

REPO = Path(__file__).resolve().parent.parent
runner = cli_runner()


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo") / "tilsyn-demo"
    r = runner.invoke(app, ["demo", str(folder)])
    assert r.exit_code == 0, r.output
    return folder, r.stdout


def test_demo_runs_the_whole_lifecycle(demo):
    folder, out = demo
    for line in (
        "Tilsyn 1 opprettet",
        "varsel v1 (bokmal)",
        "Arbeidsbok importert",
        "Egenvurdering",
        "forelopig v1 (bokmal)",
        "endelig v1 (bokmal)",
        "palegg v1 (bokmal)",
        "ny frist",
        "avslutning v1 (bokmal)",
        "endelig v1 (nynorsk)",
        "Tall og trender",
    ):
        assert line in out, line
    s = AppContext(open_workspace(str(folder)))
    summary = summary_of(s, 1)
    assert summary["fase"] == "avsluttet"
    assert summary["fremdrift"]["besvart"] == summary["fremdrift"]["totalt"]
    assert {f["krav"] for f in summary["funn"] if f["bekreftet"] == "lovbrudd"} == {"B1", "B4"}
    assert all(v.status == "lukket" for v in s.store.violations.all(1))
    sent = {d["type"] for d in summary["dokumentversjoner"] if d["sendt"]}
    assert sent == {"varsel", "forelopig", "endelig", "palegg", "avslutning"}
    # As the office ran it (kommuneloven 1992): B6 is not part of the audit, the order
    # under § 60 d came after the rectification deadline for what was still open.
    assert summary["avgrenset"][0]["krav"] == "B6"
    events = {e["type"]: e["dato"] for e in summary["hendelser"]}
    assert events["endelig"] == "2017-06-01" and events["palegg"] == "2017-08-15"
    for chain in s.store.log.chains():
        assert s.store.log.verify(chain) == [], chain


def test_demo_writes_documents_workbooks_and_trends(demo):
    folder, _ = demo
    docs = {p.name for p in (folder / "utdata").glob("*.docx")}
    assert {
        "tilsyn-1-varsel-v1.docx",
        "tilsyn-1-endelig-v1.docx",
        "tilsyn-1-avslutning-v1.docx",
        "tilsyn-2-endelig-v1.docx",
    } <= docs
    assert (folder / "arbeidsbok-tilsyn-1.xlsx").stat().st_size > 0
    assert (folder / "lovbruddsregister.xlsx").stat().st_size > 0
    assert (folder / "tall-og-trender.docx").stat().st_size > 0
    assert list((folder / "sendt").rglob("*.docx"))


def test_demo_documents_follow_the_procedure(demo):
    from docx import Document

    folder, _ = demo

    def text(name: str) -> str:
        return "\n".join(p.text for p in Document(folder / "utdata" / name).paragraphs)

    final = text("tilsyn-1-endelig-v1.docx")
    assert "gir en merknad." not in final and "Kommunen bør skrive i planen" in final
    assert "har intervjuet fire ansatte i tre intervjuer" in final
    assert "1.1 Kommunen må sørge for at alle deltakere" not in final  # B1.1 had no deviation
    order = text("tilsyn-1-palegg-v1.docx")
    assert "fristen for retting gikk ut 27. juli 2017" in order and "§ 60 d" in order
    assert "Frist for retting: 12. september 2017" in order


def test_demo_nynorsk_final_report_is_nynorsk(demo):
    from docx import Document

    folder, _ = demo
    text = "\n".join(
        p.text for p in Document(folder / "utdata" / "tilsyn-2-endelig-v1.docx").paragraphs
    )
    assert "Samandrag" in text and "Innleiing" in text
    assert "Bygland" in text


def test_demo_refuses_to_overwrite_without_erstatt(demo, tmp_path):
    folder, _ = demo
    r = runner.invoke(app, ["demo", str(folder)])
    assert r.exit_code == 2
    assert "har en demo fra før" in r.stderr and "--erstatt" in r.stderr
    other = tmp_path / "mine"
    other.mkdir()
    (other / "viktig.txt").write_text("ikke slett meg", encoding="utf-8")
    r = runner.invoke(app, ["demo", str(other), "--erstatt"])
    assert r.exit_code == 2
    assert "ikke en demomappe" in r.stderr
    assert (other / "viktig.txt").read_text(encoding="utf-8") == "ikke slett meg"


def test_shipped_samples_load():
    from tilsyn.app.population import read_population
    from tilsyn.app.readers import parse_timetable_csv, read_answer_file
    from tilsyn.audit.checks import full_time

    files = sorted(p.name for p in (REPO / "samples").iterdir())
    assert files == [
        "historikk-syntetisk-2013-2016.csv",
        "kartlegging-syntetisk-2013-2016.csv",
        "populasjon-kristiansand-2017.csv",
        "svar-eksempel.csv",
        "timeplan-eksempel.csv",
    ], "a new sample needs a check here"
    # the history and survey samples are checked in tests/test_stats_national.py
    pop = read_population(REPO / "samples" / "populasjon-kristiansand-2017.csv")
    assert len(pop.entries) == 31
    assert all("bosettingsdato" in e.data and "planvedtak" in e.data for e in pop.entries)
    result = full_time(parse_timetable_csv(REPO / "samples" / "timeplan-eksempel.csv"))
    assert result.ok and result.answer == "ja"
    rows = read_answer_file(REPO / "samples" / "svar-eksempel.csv")
    assert len(rows) == 5 and rows[0][1]["question"] == "B1.6"


def test_sample_answer_file_imports_into_the_demo_sample(cli, workspace):
    pop = REPO / "samples" / "populasjon-kristiansand-2017.csv"
    assert cli("opprett", "--kommune", "1001", "--sjekkliste", "individuell-plan").exit_code == 0
    for title in ("Redegjørelse", "Rutine"):
        assert cli("dokument", "1", "--tittel", title).exit_code == 0
    assert cli("utvalg", "1", "--populasjon", pop, "--antall", "8", "--fro", "2017").exit_code == 0
    r = cli("vurder", "1", "--fil", REPO / "samples" / "svar-eksempel.csv")
    assert r.exit_code == 0, r.stderr
    assert "5 nye og 0 endrede svar ble lagret" in r.stdout
