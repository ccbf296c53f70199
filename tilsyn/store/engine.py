"""Opening the database: engine set-up, automatic migration, backups."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Integer, String, create_engine, event, inspect, text
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.sql.dml import Insert, Update

from tilsyn.errors import UsageError, WorkspaceError
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


INT_MAX = 2**31 - 1  # PostgreSQL INTEGER; SQLite would silently take more


def _check_values(table: Any, rows: list[dict[str, Any]]) -> None:
    """Refuse values one backend would take and another refuse, the same way on both:
    text longer than its column (SQLite ignores VARCHAR lengths, PostgreSQL raises),
    NUL characters (PostgreSQL refuses them) and integers beyond 32 bits."""
    columns = table.c
    for row in rows:
        for key, value in row.items():
            if key not in columns:
                continue
            col = columns[key]
            if isinstance(value, str):
                if "\x00" in value:
                    raise UsageError(
                        f"Teksten til «{table.name}.{key}» inneholder et NUL-tegn (\\x00); "
                        "fjern det og prøv igjen. Ingenting ble lagret."
                    )
                length = getattr(col.type, "length", None)
                if isinstance(col.type, String) and length and len(value) > length:
                    raise UsageError(
                        f"Teksten til «{table.name}.{key}» er for lang ({len(value)} tegn, "
                        f"høyst {length}); forkort den. Ingenting ble lagret."
                    )
            elif (
                isinstance(value, int)
                and not isinstance(value, bool)
                and isinstance(col.type, Integer)
                and not -INT_MAX - 1 <= value <= INT_MAX
            ):
                raise UsageError(
                    f"Tallet {value} for «{table.name}.{key}» er for stort. Ingenting ble lagret."
                )


def _guard_values(engine: Engine) -> None:
    @event.listens_for(engine, "before_execute")
    def _before(conn, clause, multiparams, params, execution_options):  # type: ignore[no-untyped-def]
        if not isinstance(clause, Insert | Update):
            return
        rows = [dict(clause.compile(dialect=conn.dialect).params)]
        for extra in (*multiparams, params):
            if isinstance(extra, dict):
                rows.append(extra)
            elif isinstance(extra, list | tuple):
                rows.extend(r for r in extra if isinstance(r, dict))
        _check_values(clause.table, rows)


def _pg_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        # Like SQLite's busy timeout: wait at most this long for a row lock, then a
        # ConflictError tells the user to retry (instead of hanging forever).
        cur = dbapi_conn.cursor()
        cur.execute(f"SET lock_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("SET application_name = 'tilsyn'")
        cur.close()
        dbapi_conn.commit()


def make_engine(url: str, *, foreign_keys: bool = True) -> Engine:
    """Create an engine for ``url`` with the settings this store relies on.

    SQLite: WAL, busy timeout, foreign keys, write transactions that start IMMEDIATE.
    PostgreSQL (``postgresql+psycopg://``): lock timeout; writers serialise on the audit
    row (``SELECT … FOR UPDATE``) and on the log chain (an advisory lock, see
    :meth:`tilsyn.store.base.StoreBase.log`).
    """
    try:
        if url.startswith("sqlite"):
            engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
            _sqlite_setup(engine, foreign_keys=foreign_keys)
        elif url.startswith("postgresql"):
            engine = create_engine(url, pool_pre_ping=True)
            _pg_setup(engine)
        else:
            raise WorkspaceError(
                f"Databasetypen i «{_safe(url)}» støttes ikke; bruk sqlite:///FIL eller "
                "postgresql+psycopg://BRUKER@VERT/DATABASE."
            )
    except (ArgumentError, SQLAlchemyError, ImportError) as exc:
        raise WorkspaceError(f"Ugyldig database-URL «{_safe(url)}»: {exc}") from None
    _guard_values(engine)
    return engine


def _safe(url: str) -> str:
    """The URL with any password hidden (for messages)."""
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return url.split("@")[-1]


def current_revision(engine: Engine) -> str | None:
    """The Alembic revision of the database, or None for an empty database."""
    with engine.connect() as conn:
        return current_revision_on(conn)


def current_revision_on(conn: Any) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def migrate(url: str) -> None:
    """Upgrade the database at ``url`` to the newest schema.

    On SQLite the migration runs with foreign keys OFF (batch migrations rebuild tables,
    and with foreign keys ON that deletes child rows), then ``PRAGMA foreign_key_check``
    must come back empty. A migration that leaves much of an SQLite file empty (0003
    stores each checklist snapshot once instead of per row) is followed by ``VACUUM``.
    """
    from alembic import command
    from alembic.config import Config

    engine = make_engine(url, foreign_keys=False)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as conn:
            if engine.dialect.name == "postgresql":
                # Two users opening a new/old database at once: one migrates, the other waits.
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(74591)")
                if current_revision_on(conn) == HEAD_REVISION:
                    return
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            if engine.dialect.name == "sqlite":
                problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise WorkspaceError(
                        "Databasen har brutte fremmednøkler etter oppgradering "
                        f"({len(problems)} rader); oppgraderingen er rullet tilbake."
                    )
        if engine.dialect.name == "sqlite":
            _reclaim_space(engine)
    finally:
        engine.dispose()


def _reclaim_space(engine: Engine, *, share: float = 0.25) -> None:
    """``VACUUM`` an SQLite file of which more than ``share`` is free pages (after a
    migration dropped data). Best effort: VACUUM is atomic, and if it cannot run (another
    process holds the database, too little disk for the temporary copy) the file simply
    keeps its size."""
    import sqlite3

    raw = engine.raw_connection()
    try:
        con = raw.driver_connection
        pages = con.execute("PRAGMA page_count").fetchone()[0]
        free = con.execute("PRAGMA freelist_count").fetchone()[0]
        if pages and free > share * pages:
            con.execute("VACUUM")  # outside any transaction (isolation_level is None)
    except sqlite3.Error:
        pass  # locked by another process, disk full, …: the file keeps its size
    finally:
        raw.close()


def open_engine(url: str) -> Engine:
    """Open the store at ``url``, upgrading an older database first."""
    engine = make_engine(url)
    try:
        revision = current_revision(engine)
    except OperationalError as exc:
        engine.dispose()
        raise WorkspaceError(
            f"Kan ikke åpne databasen {_safe(url)}: {str(exc.orig).strip()}"
        ) from None
    if revision != HEAD_REVISION:
        if revision is not None and revision > HEAD_REVISION:
            raise WorkspaceError(
                f"Databasen er laget av en nyere versjon av tilsyn (skjema {revision}); "
                "oppgrader programmet."
            )
        engine.dispose()
        try:
            migrate(url)
        except DBAPIError as exc:
            raise WorkspaceError(
                f"Databasen {_safe(url)} må opprettes eller oppgraderes (skjema "
                f"{revision or 'tomt'} → {HEAD_REVISION}), men det lyktes ikke: "
                f"{str(exc.orig).strip()}. "
                "På PostgreSQL må en bruker med eierrett til skjemaet gjøre dette første gang "
                "(se docs/postgresql.md)."
            ) from None
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
