"""Shared fixtures: every test gets its own workspace and database in tmp_path."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from helpers import cli_runner, configure_office

from tilsyn.app.answers import write_answers
from tilsyn.app.audits import create_audit, record_event
from tilsyn.app.context import AppContext
from tilsyn.audit.models import AnswerInput
from tilsyn.cli import app
from tilsyn.workspace import init_workspace

REPO = Path(__file__).resolve().parent.parent


def pytest_addoption(parser):
    """--regen-golden rewrites the golden files of generated documents (tests/golden/)."""
    parser.addoption(
        "--regen-golden",
        action="store_true",
        default=False,
        help="Skriv golden-filene i tests/golden/ på nytt i stedet for å sammenligne.",
    )


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path):
    """Never touch the real home, workspace or database of the machine running tests."""
    for var in ("TILSYN_HOME", "TILSYN_DB_URL", "TILSYN_BRUKER"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="session")
def _migrated_sqlite(tmp_path_factory):
    """An SQLite database migrated once per test run; each workspace gets a copy."""
    import sqlite3

    from tilsyn.store.engine import migrate

    path = tmp_path_factory.mktemp("mal") / "tilsyn.db"
    migrate("sqlite:///" + path.as_posix())
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file to copy
    con.close()
    return path


@pytest.fixture
def workspace(tmp_path, _migrated_sqlite):
    """A fresh workspace in tmp_path/ws (the current directory is tmp_path), for
    Statsforvalteren i Agder, with contact details and appeal bodies filled in, and a copy
    of the migrated template database."""
    import shutil

    ws = configure_office(init_workspace(tmp_path / "ws"))
    shutil.copyfile(_migrated_sqlite, ws.db_path)
    return ws


@pytest.fixture
def bare_workspace(tmp_path, _migrated_sqlite):
    """A workspace exactly as `tilsyn init` leaves it (nothing filled in)."""
    import shutil

    ws = init_workspace(tmp_path / "ws")
    shutil.copyfile(_migrated_sqlite, ws.db_path)
    return ws


@pytest.fixture
def db_url(workspace):
    """The database URL tests use: TILSYN_TEST_DB_URL (e.g. PostgreSQL) or the workspace's.

    A PostgreSQL URL there names a server: each test gets its own fresh, migrated database
    on it, dropped afterwards (see tests/pg.py).
    """
    url = os.environ.get("TILSYN_TEST_DB_URL")
    if url and url.startswith("postgresql"):
        import pg

        with pg.fresh_database(url) as fresh:
            yield fresh
        return
    yield url or workspace.db_url()


def pytest_collection_modifyitems(config, items):
    """TILSYN_TEST_DB_ONLY=1 (the PostgreSQL pass in .ci/run): run only the tests that use
    the database (the ``db_url`` fixture, directly or through session/cli/scored_audit).
    Tests that pick their backends themselves (marked ``postgres``) ran in the first pass."""
    if os.environ.get("TILSYN_TEST_DB_ONLY") != "1":
        return
    keep, drop = [], []
    for item in items:
        uses_db = "db_url" in getattr(item, "fixturenames", ())
        chooses_own = item.get_closest_marker("postgres") is not None
        sqlite_only = item.get_closest_marker("sqlite_only") is not None
        (keep if uses_db and not chooses_own and not sqlite_only else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def pytest_terminal_summary(terminalreporter):
    """Show how many fuzz cases, kills and concurrent writers the run tried."""
    import summary

    lines = summary.LINES + summary.counter_lines()
    if lines:
        terminalreporter.section("robusthet: antall tilfeller og utfall")
        for line in lines:
            terminalreporter.write_line(line)


def pytest_sessionfinish(session, exitstatus):
    """Drop the PostgreSQL template databases this test process made."""
    import sys

    if "pg" in sys.modules:
        sys.modules["pg"].drop_templates()


@pytest.fixture
def sql(db_url):
    """Run SQL on the test database, whichever backend: sql("SELECT ...", x=1) -> rows."""
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)

    def run(statement: str, **params):
        with engine.begin() as conn:
            result = conn.execute(text(statement), params)
            return result.all() if result.returns_rows else []

    yield run
    engine.dispose()


@pytest.fixture
def db_env(workspace, db_url):
    """Environment variables that point a subprocess at the test workspace and database."""
    env = {"TILSYN_HOME": str(workspace.root)}
    if db_url != workspace.db_url():
        env["TILSYN_DB_URL"] = db_url
    return env


@pytest.fixture
def session(workspace, db_url):
    """A session on the test workspace acting as the user 'revisor'."""
    return AppContext(workspace, db_url_override=db_url, user_override="revisor")


@pytest.fixture
def cli(workspace, db_url):
    """Run the CLI in the test workspace: cli("vis", "1") -> Result (exit_code, stdout, stderr)."""
    runner = cli_runner()

    def run(*args: str, input: str | None = None, user: str = "revisor"):
        env = {"TILSYN_HOME": str(workspace.root), "TILSYN_BRUKER": user}
        if db_url != workspace.db_url():
            env["TILSYN_DB_URL"] = db_url
        return runner.invoke(app, [str(a) for a in args], input=input, env=env)

    return run


PARTICIPANTS = [f"D{n:03d}" for n in range(1, 9)]
KL2018_FOR_TESTS = "Testfikstur: pålegg som vedtak etter kommuneloven 2018"


def _dates(n: int) -> dict:
    # Settled in January 2017; plan decisions mostly within three months, two late.
    settled = date(2017, 1, 2 + n)
    decision = date(2017, 3, 20 + n) if n not in (3, 6) else date(2017, 5, 2 + n)
    return {"bosettingsdato": settled.isoformat(), "planvedtak": decision.isoformat()}


@pytest.fixture
def scored_audit(session):
    """An individual-plan audit of Kristiansand (1001, 2017) with notice, documents, a sample
    of 8 files, every question answered (some "nei") and every requirement concluded,
    under kommuneloven 2018 by explicit choice (see ``KL2018_FOR_TESTS``).

    Returns the audit id.
    """
    s = session
    a = create_audit(
        s,
        municipality="1001",
        checklist="individuell-plan",
        case_number="2017/1234",
        lead="Ola Hansen",
        auditors=["Kari Nordmann"],
        title=None,
        # A 2017 notice gives kommuneloven 1992; the tests built on this fixture are about
        # orders as decisions, so it chooses the 2018 act explicitly (tests of the regime
        # by date are in test_law_frame.py).
        regime="kl2018",
        reason=KL2018_FOR_TESTS,
    )
    record_event(s, a.id, "varsel", date(2017, 3, 1))
    s.store.evidence.add_document(
        a.id,
        title="Kommunens redegjørelse",
        when=date(2017, 3, 20),
        kind="redegjørelse",
        path=None,
        sha256=None,
    )
    s.store.evidence.add_document(
        a.id,
        title="Rutine for individuell plan",
        when=date(2017, 3, 20),
        kind="rutine",
        path=None,
        sha256=None,
    )
    record_event(s, a.id, "dokumentasjon", date(2017, 3, 20))
    record_event(s, a.id, "apningsmote", date(2017, 4, 4))
    s.store.evidence.add_interview(a.id, role="programrådgiver", when=date(2017, 4, 4))
    s.store.evidence.add_interview(
        a.id, role="leder for introduksjonsprogrammet", when=date(2017, 4, 4)
    )
    s.store.evidence.set_sample(
        a.id,
        method="tilfeldig",
        seed="2017",
        population_size=31,
        population_file="populasjon.csv",
        population_sha256="0" * 64,
        requested=8,
        participants=[(p, _dates(i)) for i, p in enumerate(PARTICIPANTS)],
    )
    cl = s.store.audits.checklist_of(a.id)
    items = []
    for _, req, q in cl.questions():
        people = [""] if q.scope == "kommune" else PARTICIPANTS
        for i, p in enumerate(people):
            # B1 and B4 have breaches in some files; the rest comply.
            bad = (req.ref_id == "B1" and i in (3, 6)) or (req.ref_id == "B4" and i == 0)
            items.append(
                AnswerInput(
                    q.ref_id,
                    p,
                    "nei" if bad else "ja",
                    observation="Mangler dokumentasjon." if bad else None,
                    sources=(1,),
                )
            )
    write_answers(s, a.id, items)
    from tilsyn.audit import scoring

    v = s.store.audits.view(a.id)
    for r in scoring.score_audit(cl, v.answers, PARTICIPANTS):
        s.store.answers.set_conclusion(
            a.id,
            requirement_ref=r.requirement_ref,
            outcome=r.proposed or "ingen",
            proposed=r.proposed,
            practice=f"Kommunens praksis for {r.requirement_ref} er beskrevet i redegjørelsen.",
            assessment=f"Statsforvalteren har vurdert {r.requirement_ref} opp mot kravet.",
            conclusion=(
                "Kommunen oppfyller ikke kravet."
                if r.proposed == "lovbrudd"
                else "Kommunen oppfyller kravet."
            ),
            reason=None,
        )
    return a.id


@pytest.fixture(scope="session")
def document_sets(tmp_path_factory):
    """``get(malform)``: every document and workbook a municipality receives, rendered in
    that language form once per test run (see tests/document_sets.py)."""
    import document_sets as sets

    cache = {}

    def get(malform: str):
        if malform not in cache:
            folder = tmp_path_factory.mktemp(f"dokumenter-{malform}")
            cache[malform] = sets.build(folder, malform)
        return cache[malform]

    return get
