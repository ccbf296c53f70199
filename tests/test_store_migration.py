"""The store's schema and upkeep: Alembic head, automatic upgrade of an older database
that holds data, connection pragmas, and `tilsyn db sikkerhetskopi`."""

from __future__ import annotations

import json
import sqlite3
import uuid
from pathlib import Path

import pytest

from tilsyn.errors import ExitCode
from tilsyn.store import open_store
from tilsyn.store.engine import MIGRATIONS, make_engine
from tilsyn.store.schema import HEAD_REVISION

TABLES = ("audits", "events", "samples", "participants", "answers", "conclusions", "log_entries")


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

    from tilsyn.audit.logchain import GENESIS, entry_hash
    from tilsyn.checklist import registry

    for leftover in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        leftover.unlink(missing_ok=True)  # the workspace fixture's migrated copy
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
            (uid, cl.id, cl.version, cl.model_dump_json(), at),
        )
        con.execute(
            "INSERT INTO events (audit_id, type, date, created_at, created_by) "
            "VALUES (1, 'varsel', '2017-03-01', ?, 'ola')",
            (at,),
        )
        con.execute(
            "INSERT INTO samples (audit_id, method, seed, population_size, requested, "
            "created_at, created_by) VALUES (1, 'manuelt', NULL, 3, 3, ?, 'ola')",
            (at,),
        )
        for pos, p in enumerate(["G-1", "G-2", "G-3"], start=1):
            con.execute(
                "INSERT INTO participants (audit_id, pseudonym, position, data) "
                "VALUES (1, ?, ?, '{}')",
                (p, pos),
            )
        rows = [("B1.6", "", "ja")] + [
            (q, p, "nei" if p == "G-2" else "ja")
            for q in ("B1.1", "B1.2", "B1.3")
            for p in ["G-1", "G-2", "G-3"]
        ]
        for q, p, a in rows:
            con.execute(
                "INSERT INTO answers (audit_id, question_ref, participant, answer, "
                "observation, sources, updated_at, updated_by, version) VALUES "
                "(1, ?, ?, ?, 'gammel observasjon', '[]', ?, 'ola', 1)",
                (q, p, a, at),
            )
        con.execute(
            "INSERT INTO conclusions (audit_id, requirement_ref, proposed, outcome, "
            "practice, updated_at, updated_by, version) VALUES "
            "(1, 'B1', 'lovbrudd', 'lovbrudd', 'Praksis', ?, 'ola', 1)",
            (at,),
        )
        prev = GENESIS
        # Every row written is logged, as tilsyn always did (logg --verifiser replays it).
        answer_entries = [
            (
                "svar",
                f"svar {q}" + (f" / {p}" if p else ""),
                json.dumps(
                    {
                        "begrunnelse": None,
                        "foreslått": None,
                        "kilder": [],
                        "observasjon": "gammel observasjon",
                        "svar": a,
                    },
                    ensure_ascii=False,
                    sort_keys=True,
                    separators=(",", ":"),
                ),
            )
            for q, p, a in rows
        ]
        conclusion = '{"outcome":"lovbrudd","practice":"Praksis","proposed":"lovbrudd"}'
        for seq, (action, entity, new) in enumerate(
            [
                ("opprett", "tilsyn 1", '{"tittel":"Gammelt tilsyn"}'),
                ("hendelse", "hendelse varsel", '{"dato":"2017-03-01","notat":null}'),
                *answer_entries,
                ("konklusjon", "krav B1", conclusion),
            ],
            start=1,
        ):
            digest = entry_hash(
                prev,
                chain=chain,
                seq=seq,
                at=at,
                user="ola",
                action=action,
                entity=entity,
                old=None,
                new=new,
            )
            con.execute(
                "INSERT INTO log_entries (chain, seq, audit_id, at, user, action, "
                "entity, old, new, prev_hash, hash) VALUES "
                "(?, ?, 1, ?, 'ola', ?, ?, NULL, ?, ?, ?)",
                (chain, seq, at, action, entity, new, prev, digest),
            )
            prev = digest
        if orphan:  # a row whose audit does not exist (possible with foreign keys off)
            con.execute(
                "INSERT INTO answers (audit_id, question_ref, participant, answer, "
                "sources, updated_at, updated_by, version) VALUES "
                "(99, 'B1.6', '', 'ja', '[]', ?, 'ola', 1)",
                (at,),
            )
    con.close()
    return url


@pytest.mark.sqlite_only
def test_old_database_with_data_is_upgraded_on_first_use(cli, workspace):
    db = workspace.db_path
    _database_at_0001(db)
    before = counts(db)
    assert before["answers"] == 10 and before["log_entries"] == 13

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
    assert (
        cli("vurder", "1", "--sporsmal", "B1.4", "--deltaker", "G-1", "--svar", "ja").exit_code == 0
    )
    r = cli("logg", "1", "--verifiser")
    assert r.exit_code == 0, r.stderr
    assert "14 linjer" in r.stdout
    # The table added after 0001 works.
    assert cli("kommune", "malform", "4204", "nynorsk").exit_code == 0
    r = cli("db", "oppgrader")
    assert r.exit_code == 0 and HEAD_REVISION in r.stdout


@pytest.mark.sqlite_only
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


@pytest.mark.sqlite_only
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
        conn.execute(
            text(
                "INSERT INTO events (audit_id, type, date, created_at, created_by) "
                "VALUES (999, 'varsel', '2017-03-01', 'x', 'x')"
            )
        )


@pytest.mark.sqlite_only
def test_unknown_newer_revision_is_refused(cli, workspace):
    assert cli("liste").exit_code == 0  # creates the database
    con = sqlite3.connect(workspace.db_path)
    with con:
        con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.close()
    r = cli("liste")
    assert r.exit_code == ExitCode.WORKSPACE
    assert "nyere versjon av tilsyn" in r.stderr


@pytest.mark.sqlite_only
def test_backup_is_consistent_and_refuses_to_overwrite(cli, scored_audit, workspace, tmp_path):
    cli(
        "vurder",
        scored_audit,
        "--sporsmal",
        "B1.6",
        "--svar",
        "nei",
        "--observasjon",
        "siste endring",
    )
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


# --- 0003: shared, content-addressed checklist snapshots ---

COPY_TABLES = (
    "audits",
    "events",
    "answers",
    "self_assessments",
    "self_assessment_answers",
    "log_entries",
)


def test_0006_adds_the_notice_date_regime_reason_and_transitional_flag(empty_db):
    """0003 → 0006: an existing audit keeps its regime, gets no reason and is not under a
    transitional rule; the downgrade removes the columns and keeps the rows."""
    from sqlalchemy import inspect, text

    from tilsyn.checklist import registry

    url = empty_db
    _alembic(url, "upgrade", "0003")
    engine = make_engine(url, foreign_keys=False)
    try:
        with engine.begin() as conn:
            body = registry.get("individuell-plan").checklist.model_dump_json()
            conn.execute(
                text(
                    "INSERT INTO checklist_snapshots (sha256, checklist_id, version, body, "
                    "created_at) VALUES (:s, 'individuell-plan', 'x', :b, '2017')"
                ),
                dict(s="a" * 64, b=body),
            )
            conn.execute(
                text(
                    "INSERT INTO audits (id, uid, municipality_number, municipality_name, "
                    "county, checklist_id, checklist_version, checklist_sha256, title, "
                    "auditors, regime, status, created_at, created_by, version) VALUES "
                    "(1, 'u1', '1001', 'Kristiansand', 'Vest-Agder', 'individuell-plan', 'x', "
                    ":s, 'Gammelt', '[]', 'kl1992', 'planlagt', '2017', 'ola', 1)"
                ),
                dict(s="a" * 64),
            )
    finally:
        engine.dispose()
    _alembic(url, "upgrade", "0006")
    assert _query(url, "SELECT regime, regime_reason, notice_planned, transitional FROM audits")[
        0
    ] in {("kl1992", None, None, False), ("kl1992", None, None, 0)}
    store = open_store(url, user="test")
    try:
        audit = store.audits.get(1)
        assert (audit.regime, audit.regime_reason, audit.transitional) == ("kl1992", None, False)
    finally:
        store.engine.dispose()
    _alembic(url, "downgrade", "0003")
    engine = make_engine(url)
    try:
        columns = {c["name"] for c in inspect(engine).get_columns("audits")}
    finally:
        engine.dispose()
    assert not {"notice_planned", "regime_reason", "transitional"} & columns
    assert _query(url, "SELECT count(*) FROM audits")[0][0] == 1
    assert _fk_problems(url) == []


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_db(request, tmp_path):
    """An empty database (no tables) on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{(tmp_path / 'gammel.db').as_posix()}"
    else:
        import pg

        with pg.fresh_database(pg.require_pg(), migrated=False) as url:
            yield url


def _alembic(url: str, action: str, target: str) -> None:
    """Run ``alembic upgrade/downgrade target`` as engine.migrate does (SQLite: FKs off)."""
    from alembic import command

    engine = make_engine(url, foreign_keys=False)
    try:
        with engine.begin() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            getattr(command, action)(cfg, target)
    finally:
        engine.dispose()


def _query(url: str, sql: str, **params) -> list[tuple]:
    from sqlalchemy import text

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql), params)]
    finally:
        engine.dispose()


def _counts(url: str) -> dict[str, int]:
    return {t: _query(url, f"SELECT count(*) FROM {t}")[0][0] for t in COPY_TABLES}


def _database_at_0002(url: str) -> dict:
    """Revision 0002 holding three audits and two self-assessments with answers and logs.

    Audits 1 and 2 and self-assessment 1 hold the same individual-plan snapshot; audit 3
    holds the full-time checklist as an older program wrote it (indented JSON, non-ASCII
    as is); self-assessment 2 holds the same checklist compact. Returns the bodies.
    """
    from datetime import date

    from sqlalchemy import text

    from tilsyn.audit.logchain import GENESIS, entry_hash
    from tilsyn.checklist import registry

    _alembic(url, "upgrade", "0002")
    plan = registry.get("individuell-plan").checklist
    full = registry.get("helarig-fulltid").checklist
    compact_plan = plan.model_dump_json()
    compact_full = full.model_dump_json()
    indented_full = json.dumps(json.loads(compact_full), ensure_ascii=False, indent=1)
    assert indented_full != compact_full and "ø" in indented_full
    audits = {
        1: (plan, compact_plan, "2017-03-01"),
        2: (plan, compact_plan, "2016-02-01"),
        3: (full, indented_full, "2021-05-01"),
    }
    assessments = {1: (plan, compact_plan, 1), 2: (full, compact_full, None)}
    engine = make_engine(url, foreign_keys=False)

    def log(conn, chain: str, audit_id, entries) -> None:
        prev = GENESIS
        for seq, (action, new) in enumerate(entries, start=1):
            at = f"2017-03-0{seq}T09:00:00.000000+00:00"
            digest = entry_hash(
                prev,
                chain=chain,
                seq=seq,
                at=at,
                user="ola",
                action=action,
                entity=action,
                old=None,
                new=new,
            )
            conn.execute(
                text(
                    'INSERT INTO log_entries (chain, seq, audit_id, at, "user", action, entity, '
                    "old, new, prev_hash, hash) VALUES (:chain, :seq, :aid, :at, 'ola', :action, "
                    ":action, NULL, :new, :prev, :hash)"
                ),
                dict(
                    chain=chain,
                    seq=seq,
                    aid=audit_id,
                    at=at,
                    action=action,
                    new=new,
                    prev=prev,
                    hash=digest,
                ),
            )
            prev = digest

    try:
        with engine.begin() as conn:
            for aid, (cl, body, created) in audits.items():
                conn.execute(
                    text(
                        "INSERT INTO audits (id, uid, municipality_number, municipality_name, "
                        "county, checklist_id, checklist_version, checklist_snapshot, title, "
                        "auditors, regime, status, created_at, created_by, version) VALUES "
                        "(:id, :uid, '1001', 'Kristiansand', 'Vest-Agder', :cid, :ver, :body, "
                        "'Gammelt tilsyn', '[]', 'kl1992', 'varslet', :at, 'ola', 1)"
                    ),
                    dict(
                        id=aid,
                        uid=f"00000000-0000-0000-0000-00000000000{aid}",
                        cid=cl.id,
                        ver=cl.version,
                        body=body,
                        at=f"{created}T09:00:00.000000+00:00",
                    ),
                )
                conn.execute(
                    text(
                        "INSERT INTO events (audit_id, type, date, created_at, created_by) "
                        "VALUES (:aid, 'varsel', :d, 'x', 'ola')"
                    ),
                    dict(aid=aid, d=date.fromisoformat(created)),
                )
                refs = [q.ref_id for _, _, q in cl.questions()][:4]
                for ref in refs:
                    conn.execute(
                        text(
                            "INSERT INTO answers (audit_id, question_ref, participant, answer, "
                            "observation, sources, updated_at, updated_by, version) VALUES "
                            "(:aid, :ref, '', 'ja', 'observert «æøå»', '[]', 'x', 'ola', 1)"
                        ),
                        dict(aid=aid, ref=ref),
                    )
                log(
                    conn,
                    f"tilsyn:00000000-0000-0000-0000-00000000000{aid}",
                    aid,
                    [("opprett", '{"tittel":"Gammelt tilsyn"}'), ("svar", '{"svar":"ja"}')],
                )
            if url.startswith("postgresql"):
                conn.execute(text("SELECT setval(pg_get_serial_sequence('audits', 'id'), 3)"))
            for sid, (cl, body, audit_id) in assessments.items():
                conn.execute(
                    text(
                        "INSERT INTO self_assessments (id, uid, municipality_number, "
                        "municipality_name, county, checklist_id, checklist_version, "
                        "checklist_snapshot, year, audit_id, status, created_at, created_by) "
                        "VALUES (:id, :uid, '1001', 'Kristiansand', 'Vest-Agder', :cid, :ver, "
                        ":body, 2017, :aid, 'besvart', 'x', 'ola')"
                    ),
                    dict(
                        id=sid,
                        uid=f"10000000-0000-0000-0000-00000000000{sid}",
                        cid=cl.id,
                        ver=cl.version,
                        body=body,
                        aid=audit_id,
                    ),
                )
                for _, _, q in list(cl.questions())[:3]:
                    conn.execute(
                        text(
                            "INSERT INTO self_assessment_answers (self_assessment_id, "
                            "question_ref, answer, updated_at, updated_by, version) "
                            "VALUES (:sid, :ref, 'ja', 'x', 'kommunen', 1)"
                        ),
                        dict(sid=sid, ref=q.ref_id),
                    )
                log(
                    conn,
                    f"egenvurdering:10000000-0000-0000-0000-00000000000{sid}",
                    audit_id,
                    [("opprett egenvurdering", '{"ar":2017}')],
                )
    finally:
        engine.dispose()
    return {
        "audits": {k: v[1] for k, v in audits.items()},
        "self_assessments": {k: v[1] for k, v in assessments.items()},
        "checklists": {("audits", k): v[0] for k, v in audits.items()}
        | {("self_assessments", k): v[0] for k, v in assessments.items()},
    }


def _sha(body: str) -> str:
    import hashlib

    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _fk_problems(url: str) -> list[tuple]:
    return _query(url, "PRAGMA foreign_key_check") if url.startswith("sqlite") else []


def test_0002_database_upgrades_to_shared_snapshots_and_back(empty_db):
    from sqlalchemy import inspect

    from tilsyn.checklist.model import Checklist
    from tilsyn.store import open_store
    from tilsyn.store.engine import current_revision, migrate

    url = empty_db
    bodies = _database_at_0002(url)
    before = _counts(url)
    assert before == {
        "audits": 3,
        "events": 3,
        "answers": 12,
        "self_assessments": 2,
        "self_assessment_answers": 6,
        "log_entries": 8,
    }
    parsed_before = {
        (table, rid): Checklist.model_validate_json(body)
        for table in ("audits", "self_assessments")
        for rid, body in bodies[table].items()
    }

    migrate(url)  # as on first use: FKs off on SQLite, foreign_key_check afterwards
    engine = make_engine(url)
    try:
        assert current_revision(engine) == HEAD_REVISION == "0008"
        columns = {
            t: {c["name"] for c in inspect(engine).get_columns(t)}
            for t in ("audits", "self_assessments")
        }
    finally:
        engine.dispose()
    assert all("checklist_snapshot" not in c and "checklist_sha256" in c for c in columns.values())
    assert _counts(url) == before  # no row lost
    assert _fk_problems(url) == []
    # Each distinct text stored once, keyed by the sha256 of its exact bytes.
    stored = {
        sha: (body, cid, ver, created)
        for sha, body, cid, ver, created in _query(
            url, "SELECT sha256, body, checklist_id, version, created_at FROM checklist_snapshots"
        )
    }
    every = [*bodies["audits"].values(), *bodies["self_assessments"].values()]
    assert {sha: v[0] for sha, v in stored.items()} == {_sha(b): b for b in every}
    assert len(stored) == 3
    links = {
        (t, rid): sha
        for t in ("audits", "self_assessments")
        for rid, sha in _query(url, f"SELECT id, checklist_sha256 FROM {t}")
    }
    assert links == {
        (t, rid): _sha(body)
        for t in ("audits", "self_assessments")
        for rid, body in bodies[t].items()
    }
    # The two audits (and the self-assessment) on the same checklist share one row.
    assert links[("audits", 1)] == links[("audits", 2)] == links[("self_assessments", 1)]
    plan = stored[links[("audits", 1)]]
    assert plan[1:3] == ("individuell-plan", parsed_before[("audits", 1)].version)
    assert plan[3] == "2016-02-01T09:00:00.000000+00:00"  # the earliest audit using it

    store = open_store(url, user="test")
    try:
        for (table, rid), cl in parsed_before.items():
            got = (
                store.audits.checklist_of(rid)
                if table == "audits"
                else store.selfassessments.get(rid).checklist
            )
            assert got == cl  # the same parsed checklist as before
        assert store.audits.view(3).checklist == parsed_before[("audits", 3)]
        assert len(store.audits.view(1).answers) == 4
        for chain in store.log.chains():
            assert store.log.verify(chain) == [], chain
        # New rows on a checklist already stored reuse its snapshot.
        again = store.audits.create(
            municipality_number="1001",
            municipality_name="Kristiansand",
            county="Agder",
            checklist=parsed_before[("audits", 1)],
            title="Nytt tilsyn",
            regime="kl2018",
        )
        assert store.audits.checklist_of(again.id) == parsed_before[("audits", 1)]
        assert _query(url, "SELECT count(*) FROM checklist_snapshots")[0][0] == 3
        assert (
            _query(url, "SELECT checklist_sha256 FROM audits WHERE id = :i", i=again.id)[0][0]
            == links[("audits", 1)]
        )
        # The reference is a real foreign key.
        from sqlalchemy import text
        from sqlalchemy.exc import IntegrityError

        with pytest.raises(IntegrityError), store.engine.begin() as conn:
            conn.execute(
                text("UPDATE audits SET checklist_sha256 = :s WHERE id = 1"), dict(s="0" * 64)
            )
    finally:
        store.engine.dispose()

    # Downgrade: the copies come back byte for byte; then upgrade again.
    _alembic(url, "downgrade", "0002")
    assert _fk_problems(url) == []
    after = _counts(url)
    assert after == {**before, "audits": 4, "log_entries": 9}
    for table in ("audits", "self_assessments"):
        restored = dict(_query(url, f"SELECT id, checklist_snapshot FROM {table}"))
        for rid, body in bodies[table].items():
            assert restored[rid] == body
    engine = make_engine(url)
    try:
        assert current_revision(engine) == "0002"
        assert not inspect(engine).has_table("checklist_snapshots")
    finally:
        engine.dispose()
    migrate(url)
    assert _counts(url) == after
    assert {
        (t, rid): sha
        for t in ("audits", "self_assessments")
        for rid, sha in _query(url, f"SELECT id, checklist_sha256 FROM {t}")
        if (t, rid) in links
    } == links
    assert _query(url, "SELECT count(*) FROM checklist_snapshots")[0][0] == 3
    assert _fk_problems(url) == []


def test_reading_many_audits_parses_each_snapshot_once(session, monkeypatch):
    from tilsyn.checklist import registry
    from tilsyn.checklist.model import Checklist
    from tilsyn.store import snapshots

    cl = registry.get("individuell-plan").checklist
    ids = [
        session.store.audits.create(
            municipality_number="1001",
            municipality_name="Kristiansand",
            county="Agder",
            checklist=cl,
            title=f"Tilsyn {n}",
            regime="kl2018",
        ).id
        for n in range(5)
    ]
    snapshots._parsed.clear()
    calls = []
    real = Checklist.model_validate_json
    monkeypatch.setattr(
        Checklist, "model_validate_json", lambda *a, **k: calls.append(1) or real(*a, **k)
    )
    views = [session.store.audits.view(i) for i in ids]
    assert all(v.checklist == cl for v in views)
    assert [session.store.audits.checklist_of(i) for i in ids] == [cl] * 5
    session.store.stats.data()
    assert len(calls) == 1


def test_migrated_schema_matches_the_table_definitions(empty_db):
    """Migrations (0001 → head, by hand-written batch operations) give exactly the tables,
    columns, types, keys and indexes of tilsyn/store/schema.py."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from tilsyn.store.engine import migrate
    from tilsyn.store.schema import metadata

    migrate(empty_db)
    engine = make_engine(empty_db)
    try:
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(ctx, metadata) == []
    finally:
        engine.dispose()
