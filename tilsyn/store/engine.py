"""Opening the database: engine set-up, automatic migration, backups."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from tilsyn.errors import WorkspaceError
from tilsyn.store.schema import HEAD_REVISION

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 30_000


def _sqlite_setup(engine: Engine, *, foreign_keys: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        # Let SQLAlchemy's "begin" event decide how transactions start (pysqlite's
        # implicit BEGIN is deferred and would turn read→write upgrades into SQLITE_BUSY).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # type: ignore[no-untyped-def]
        # IMMEDIATE takes the write lock up front: two writers queue (busy timeout)
        # instead of failing half-way, so no answer is lost.
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str, *, foreign_keys: bool = True) -> Engine:
    """Create an engine for ``url`` with the pragmas this store relies on."""
    try:
        if url.startswith("sqlite"):
            engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
            _sqlite_setup(engine, foreign_keys=foreign_keys)
        else:
            engine = create_engine(url, pool_pre_ping=True)
    except (ArgumentError, SQLAlchemyError, ImportError) as exc:
        raise WorkspaceError(f"Ugyldig database-URL «{url}»: {exc}") from None
    return engine


def current_revision(engine: Engine) -> str | None:
    """The Alembic revision of the database, or None for an empty database."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def migrate(url: str) -> None:
    """Upgrade the database at ``url`` to the newest schema.

    On SQLite the migration runs with foreign keys OFF (batch migrations rebuild tables,
    and with foreign keys ON that deletes child rows), then ``PRAGMA foreign_key_check``
    must come back empty.
    """
    from alembic import command
    from alembic.config import Config

    engine = make_engine(url, foreign_keys=False)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            if engine.dialect.name == "sqlite":
                problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise WorkspaceError(
                        "Databasen har brutte fremmednøkler etter oppgradering "
                        f"({len(problems)} rader); oppgraderingen er rullet tilbake."
                    )
    finally:
        engine.dispose()


def open_engine(url: str) -> Engine:
    """Open the store at ``url``, upgrading an older database first."""
    engine = make_engine(url)
    try:
        revision = current_revision(engine)
    except OperationalError as exc:
        raise WorkspaceError(f"Kan ikke åpne databasen {url}: {exc.orig}") from None
    if revision != HEAD_REVISION:
        if revision is not None and revision > HEAD_REVISION:
            raise WorkspaceError(
                f"Databasen er laget av en nyere versjon av tilsyn (skjema {revision}); "
                "oppgrader programmet."
            )
        engine.dispose()
        migrate(url)
        engine = make_engine(url)
    return engine


def backup(engine: Engine, target: Path) -> None:
    """Write a consistent copy of an SQLite database using SQLite's backup API."""
    import sqlite3

    if engine.dialect.name != "sqlite":
        raise WorkspaceError(
            "Sikkerhetskopi med denne kommandoen gjelder SQLite. For PostgreSQL: bruk pg_dump."
        )
    target = Path(target)
    if target.exists():
        raise WorkspaceError(f"{target} finnes allerede; velg et nytt filnavn.")
    tmp = target.with_name(target.name + ".tmp")
    raw = engine.raw_connection()
    try:
        dest = sqlite3.connect(tmp)
        try:
            raw.driver_connection.backup(dest)  # type: ignore[union-attr]
        finally:
            dest.close()
        tmp.replace(target)
    finally:
        raw.close()
        if tmp.exists():
            tmp.unlink()
