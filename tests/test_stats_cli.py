"""`tilsyn statistikk` and `tilsyn demo --skala` through the real entry point."""

from __future__ import annotations

import json
from datetime import date

import pytest
from stats_fixtures import build_store

PNG = b"\x89PNG\r\n\x1a\n"


def test_statistikk_tables(session, cli):
    build_store(session)
    r = cli("statistikk", "--fylke", "Agder")
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    assert "Utvalg: Agder" in out
    assert "Antall tilsyn og lovbrudd" in out
    assert "Totalt  3       2         2                      100 %                        4" in out
    assert "Fylkesmannen i Agder (2020)" in out and "Statsforvalteren i Agder (2022)" in out
    # the fixture is written as synthetic data, and says so
    assert "SYNTETISKE DATA: 3 av 3 tilsyn og 4 av 4 egenvurderinger" in out
    assert "Egenvurdering mot tilsynets konklusjon" in out
    assert r.stderr == ""  # no progress bar when not a terminal


def test_statistikk_json_with_publication(session, cli):
    build_store(session)
    r = cli("statistikk", "--json", "--publisering", "--min-antall", "5")
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["publisering"] is True and data["min_antall"] == 5
    krav = data["tabeller"]["krav"]
    assert krav["rader"][0]["Kommuner vurdert"] == 4
    assert krav["rader"][0]["Lovbrudd"] is None
    assert krav["fotnoter"] == [
        "«:» = prikket: tallet bygger på færre enn 5 kommuner og vises ikke."
    ]
    assert data["sammendrag"]["tilsyn"] == 5


def test_statistikk_files_nynorsk(session, cli, tmp_path):
    build_store(session)
    r = cli(
        "statistikk",
        "--fra-ar",
        "2020",
        "--til-ar",
        "2022",
        "--malform",
        "nynorsk",
        "--xlsx",
        tmp_path / "t.xlsx",
        "--figurer",
        tmp_path / "fig",
        "--rapport",
        tmp_path / "t.docx",
    )
    assert r.exit_code == 0, r.stderr
    assert "Tal på tilsyn og lovbrot" in r.stdout
    assert (tmp_path / "t.xlsx").is_file() and (tmp_path / "t.docx").is_file()
    pngs = sorted((tmp_path / "fig").glob("*.png"))
    assert [p.name for p in pngs] == ["lovbrudd-per-krav.png", "trend-helarig-fulltid.png"]
    assert all(p.read_bytes().startswith(PNG) for p in pngs)
    from docx import Document

    text = "\n".join(p.text for p in Document(str(tmp_path / "t.docx")).paragraphs)
    assert "Samandrag" in text and "2020–2022" in text


def test_statistikk_refuses_bad_options(session, cli, tmp_path):
    r = cli("statistikk", "--fra-ar", "2022", "--til-ar", "2020")
    assert r.exit_code != 0 and "--fra-ar 2022 er etter --til-ar 2020" in r.stderr
    r = cli("statistikk", "--kommune", "9999")
    assert r.exit_code != 0 and "Finner ingen kommune med nummer 9999" in r.stderr
    r = cli("statistikk", "--rapport", tmp_path / "x.pdf")
    assert r.exit_code != 0 and "--rapport skal være en .docx-fil" in r.stderr
    r = cli("statistikk", "--malform", "engelsk")
    assert r.exit_code != 0 and "målform" in r.stderr
    r = cli("statistikk", "--avsender", "Fylkesmannen i Telemark")
    assert r.exit_code != 0 and "--avsender gjelder rapporten" in r.stderr
    r = cli("statistikk", "--per", "31.02.2017")
    assert r.exit_code != 0 and "31.02.2017" in r.stderr
    # a number from any year since 2013 is known (here Trondheim before 2018)
    assert cli("statistikk", "--kommune", "1601").exit_code == 0


def test_statistikk_empty_store(cli):
    r = cli("statistikk")
    assert r.exit_code == 0, r.stderr
    assert "(ingen tall)" in r.stdout


def test_demo_skala(cli, tmp_path):
    target = tmp_path / "skala"
    r = cli("demo", "--skala", "60", target)
    assert r.exit_code == 0, r.stderr
    assert "60 tilsyn" in r.stdout
    assert r.stderr == ""  # no progress bar when piped
    from tilsyn.store import open_store

    store = open_store("sqlite:///" + (target / "tilsyn.db").as_posix(), user="t")
    data = store.stats.data()
    assert len(data.audits) == 60
    assert len({a.year for a in data.audits}) == 10
    assert data.self_assessments and data.violations
    audit = store.audits.all()[0]
    assert audit.title.startswith("Syntetisk")
    log = store.log.entries(f"tilsyn:{audit.uid}")
    assert [e.action for e in log] == ["syntetisk"]
    assert store.log.verify(f"tilsyn:{audit.uid}") == []
    store.engine.dispose()
    again = cli("demo", "--skala", "10", target)
    assert again.exit_code != 0 and "allerede et arbeidsområde" in again.stderr


def test_synthetic_is_deterministic():
    from tilsyn.app.synthetic import generate

    a, b = generate(40, seed=7), generate(40, seed=7)
    strip = [
        (x.municipality_number, x.checklist.id, x.events, x.answers, x.conclusions, x.violations)
        for x in a.audits
    ]
    assert strip == [
        (x.municipality_number, x.checklist.id, x.events, x.answers, x.conclusions, x.violations)
        for x in b.audits
    ]
    assert generate(40, seed=8).audits != a.audits
    # pre-2020 audits in Agder and Telemark use the old municipality numbers
    from tilsyn.municipalities import load_registry

    reg = load_registry()
    for x in generate(200, seed=1).audits:
        year = x.events[0][1].year
        m = reg.get(x.municipality_number)
        assert (not m.is_current) or year >= 2020 or not m.predecessors


def test_synthetic_statistics_at_scale(tmp_path):
    from tilsyn.app.synthetic import create_scale_workspace
    from tilsyn.stats.compute import compute_statistics
    from tilsyn.store import open_store

    ws, _ = create_scale_workspace(tmp_path / "ws", 200)
    store = open_store(ws.db_url(), user="t")
    # follow-up with correction points: closed orders have every point rectified, so the
    # office's register has rows and the closing rule holds for synthetic data too
    tracked = store.violations.all()
    assert tracked and all(v.points for v in tracked)
    for v in tracked:
        rectified = {p.assessment for p in v.points} == {"rettet"}
        assert rectified == (v.status == "lukket"), v
    stats = compute_statistics(store.stats.data(), publication=True)
    total = stats.table("tilsyn").rows[-1]
    assert total[0] == "Totalt" and total[1] == 200
    assert stats.table("egenvurdering").rows
    assert stats.table("gjentatte").rows
    store.engine.dispose()


def test_demo_history_is_closed_so_status_shows_only_real_audits(session, tmp_path):
    """The demo's synthetic history (80 audits) must not show up as open or overdue."""
    from helpers import dashboard, list_violations

    from tilsyn.app.demo import DemoContext
    from tilsyn.app.demo_stats import demo_step

    ctx = DemoContext(tmp_path, session, today=date(2017, 9, 1))
    lines = list(demo_step(ctx))
    assert "80 avsluttede tilsyn" in lines[0]
    audits = session.store.audits.all()
    assert len(audits) == 80 and all(a.title.startswith("Syntetisk") for a in audits)
    assert {a.status for a in audits} == {"avsluttet"}
    data = session.store.stats.data()
    assert all(a.closed is not None and a.closed <= ctx.today for a in data.audits)
    assert data.violations and all(v.status == "lukket" for v in data.violations)
    for when in (ctx.today, date(2030, 1, 1)):
        d = dashboard(session, today=when)
        assert d["forfalt"] == [] and d["kommende"] == []
    assert list_violations(session, open_only=True, today=ctx.today) == []
    assert (tmp_path / "tall-og-trender.docx").is_file()


def test_closed_history_needs_time_to_close():
    from tilsyn.app.synthetic import generate

    with pytest.raises(ValueError, match="too early"):
        generate(5, end_year=2016, closed_by=date(2016, 12, 31))
    data = generate(40, end_year=2016, years=4, closed_by=date(2017, 3, 1))
    assert all(a.status == "avsluttet" for a in data.audits)
    assert all(when <= date(2017, 3, 1) for a in data.audits for _, when in a.events)


def test_progress_bar_only_on_a_terminal(monkeypatch):
    import io
    import sys

    from tilsyn.cli.stats_cmd import progress_bar

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with progress_bar(True, "Lager syntetiske tilsyn") as update:
        assert update is not None
        update(3, 8, "krav")
    assert "krav" in terminal.getvalue() or "Lager" in terminal.getvalue()
    with progress_bar(False) as update:
        assert update is None
    piped = io.StringIO()
    monkeypatch.setattr(sys, "stderr", piped)
    with progress_bar(True) as update:
        assert update is None
    assert piped.getvalue() == ""
