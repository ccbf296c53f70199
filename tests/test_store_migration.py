"""The store's schema and upkeep: Alembic head, automatic upgrade of an older database
that holds data, connection pragmas, and `tilsyn db sikkerhetskopi`."""

from __future__ import annotations

import json
import sqlite3
import uuid
from pathlib import Path

import pytest

from tilsyn.errors import ExitCode
from tilsyn.store.engine import MIGRATIONS, make_engine
from tilsyn.store.schema import HEAD_REVISION

TABLES = ("audits", "events", "samples", "participants", "answers", "conclusions",
          "log_entries")


def alembic_config():
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def counts(db: Path) -> dict[str, int]:
    con = sqlite3.connect(db)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        con.close()


def revision_of(db: Path) -> str:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        con.close()


def test_head_revision_is_the_alembic_head():
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_heads() == [HEAD_REVISION]  # one head: the chain is linear
    revisions = list(script.walk_revisions())
    assert revisions[-1].revision == "0001" and revisions[-1].down_revision is None


def _database_at_0001(db: Path, *, orphan: bool = False) -> str:
    """A SQLite database at revision 0001 holding one audit with answers and its log."""
    from alembic import command

    from tilsyn.checklist import registry
    from tilsyn.store.base import GENESIS, entry_hash

    url = f"sqlite:///{db.as_posix()}"
    engine = make_engine(url, foreign_keys=False)
    try:
        with engine.begin() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0001")
    finally:
        engine.dispose()
    assert revision_of(db) == "0001"

    cl = registry.get("individuell-plan").checklist
    uid = str(uuid.uuid4())
    chain = f"tilsyn:{uid}"
    at = "2017-03-01T09:00:00.000000+00:00"
    con = sqlite3.connect(db)
    with con:
        con.execute(
            "INSERT INTO audits (id, uid, municipality_number, municipality_name, county, "
            "checklist_id, checklist_version, checklist_snapshot, case_number, title, lead, "
            "auditors, regime, status, created_at, created_by, version) VALUES "
            "(1, ?, '1001', 'Kristiansand', 'Vest-Agder', ?, ?, ?, '2017/1', "
            "'Gammelt tilsyn', 'Ola', '[\"Kari\"]', 'kl1992', 'varslet', ?, 'ola', 1)",
            (uid, cl.id, cl.version, cl.model_dump_json(), at))
        con.execute("INSERT INTO events (audit_id, type, date, created_at, created_by) "
                    "VALUES (1, 'varsel', '2017-03-01', ?, 'ola')", (at,))
        con.execute("INSERT INTO samples (audit_id, method, seed, population_size, requested, "
                    "created_at, created_by) VALUES (1, 'manuelt', NULL, 3, 3, ?, 'ola')", (at,))
        for pos, p in enumerate(["G-1", "G-2", "G-3"], start=1):
            con.execute("INSERT INTO participants (audit_id, pseudonym, position, data) "
                        "VALUES (1, ?, ?, '{}')", (p, pos))
        rows = [("B1.6", "", "ja")] + [(q, p, "nei" if p == "G-2" else "ja")
                                      for q in ("B1.1", "B1.2", "B1.3") for p in
                                      ["G-1", "G-2", "G-3"]]
        for q, p, a in rows:
            con.execute("INSERT INTO answers (audit_id, question_ref, participant, answer, "
                        "observation, sources, updated_at, updated_by, version) VALUES "
                        "(1, ?, ?, ?, 'gammel observasjon', '[]', ?, 'ola', 1)", (q, p, a, at))
        con.execute("INSERT INTO conclusions (audit_id, requirement_ref, proposed, outcome, "
                    "practice, updated_at, updated_by, version) VALUES "
                    "(1, 'B1', 'lovbrudd', 'lovbrudd', 'Praksis', ?, 'ola', 1)", (at,))
        prev = GENESIS
        for seq, (action, entity, new) in enumerate(
                [("opprett", "tilsyn 1", '{"tittel":"Gammelt tilsyn"}'),
                 ("hendelse", "hendelse varsel", '{"dato":"2017-03-01"}'),
                 ("svar", "svar B1.6", '{"svar":"ja"}')], start=1):
            digest = entry_hash(prev, chain=chain, seq=seq, at=at, user="ola", action=action,
                                entity=entity, old=None, new=new)
            con.execute("INSERT INTO log_entries (chain, seq, audit_id, at, user, action, "
                        "entity, old, new, prev_hash, hash) VALUES "
                        "(?, ?, 1, ?, 'ola', ?, ?, NULL, ?, ?, ?)",
                        (chain, seq, at, action, entity, new, prev, digest))
            prev = digest
        if orphan:  # a row whose audit does not exist (possible with foreign keys off)
            con.execute("INSERT INTO answers (audit_id, question_ref, participant, answer, "
                        "sources, updated_at, updated_by, version) VALUES "
                        "(99, 'B1.6', '', 'ja', '[]', ?, 'ola', 1)", (at,))
    con.close()
    return url


def test_old_database_with_data_is_upgraded_on_first_use(cli, workspace):
    db = workspace.db_path
    assert not db.exists()
    _database_at_0001(db)
    before = counts(db)
    assert before["answers"] == 10 and before["log_entries"] == 3

    r = cli("vis", "1", "--json")  # first use
    assert r.exit_code == 0, r.stderr
    assert revision_of(db) == HEAD_REVISION
    assert counts(db) == before
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()
    s = json.loads(r.stdout)
    assert s["tittel"] == "Gammelt tilsyn" and s["regime"] == "kl1992"
    assert s["utvalg"]["deltakere"] == ["G-1", "G-2", "G-3"]
    assert s["fremdrift"]["besvart"] == 10
    assert {f["krav"]: f["bekreftet"] for f in s["funn"]}["B1"] == "lovbrudd"
    # The old log still verifies and new entries chain onto it.
    assert cli("vurder", "1", "--sporsmal", "B1.4", "--deltaker", "G-1",
               "--svar", "ja").exit_code == 0
    r = cli("logg", "1", "--verifiser")
    assert r.exit_code == 0, r.stderr
    assert "4 linjer" in r.stdout
    # The table added after 0001 works.
    assert cli("kommune", "malform", "4204", "nynorsk").exit_code == 0
    r = cli("db", "oppgrader")
    assert r.exit_code == 0 and HEAD_REVISION in r.stdout


def test_upgrade_with_broken_foreign_keys_is_rolled_back(cli, workspace):
    db = workspace.db_path
    _database_at_0001(db, orphan=True)
    before = counts(db)
    r = cli("vis", "1")
    assert r.exit_code == ExitCode.WORKSPACE
    assert "brutte fremmednøkler" in r.stderr
    assert "Traceback" not in r.stderr
    assert revision_of(db) == "0001"
    assert counts(db) == before


def test_connection_pragmas(session):
    engine = session.store.engine
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
    # Foreign keys are enforced: a row for a missing audit is refused.
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(text("INSERT INTO events (audit_id, type, date, created_at, created_by) "
                          "VALUES (999, 'varsel', '2017-03-01', 'x', 'x')"))


def test_unknown_newer_revision_is_refused(cli, workspace):
    assert cli("liste").exit_code == 0  # creates the database
    con = sqlite3.connect(workspace.db_path)
    with con:
        con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.close()
    r = cli("liste")
    assert r.exit_code == ExitCode.WORKSPACE
    assert "nyere versjon av tilsyn" in r.stderr


def test_backup_is_consistent_and_refuses_to_overwrite(cli, scored_audit, workspace, tmp_path):
    cli("vurder", scored_audit, "--sporsmal", "B1.6", "--svar", "nei", "--observasjon",
        "siste endring")
    # Recent writes are still in the WAL file, not yet in tilsyn.db itself.
    wal = workspace.root / "tilsyn.db-wal"
    assert wal.exists() and wal.stat().st_size > 0
    target = tmp_path / "kopi" / "tilsyn-kopi.db"
    target.parent.mkdir()
    r = cli("db", "sikkerhetskopi", target)
    assert r.exit_code == 0, r.stderr
    assert "Sikkerhetskopi skrevet" in r.stdout
    assert counts(target) == counts(workspace.db_path)
    con = sqlite3.connect(target)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        obs = con.execute("SELECT observation FROM answers WHERE question_ref = 'B1.6'")
        assert obs.fetchone()[0] == "siste endring"
    finally:
        con.close()
    assert not list(target.parent.glob("*.tmp"))
    # The copy works as a database of its own.
    r = cli("--db", f"sqlite:///{target.as_posix()}", "logg", scored_audit, "--verifiser")
    assert r.exit_code == 0, r.stderr
    # Refuses to overwrite.
    size = target.stat().st_size
    r = cli("db", "sikkerhetskopi", target)
    assert r.exit_code == ExitCode.WORKSPACE
    assert "finnes allerede" in r.stderr
    assert target.stat().st_size == size
