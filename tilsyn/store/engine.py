"""Opening the database: engine set-up, automatic migration, backups."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Date, Engine, Integer, String, create_engine, event, inspect, text
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError
from sqlalchemy.sql.dml import Insert, Update
from sqlalchemy.sql.elements import BindParameter

from tilsyn.errors import UsageError, WorkspaceError
from tilsyn.store.schema import HEAD_REVISION

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 30_000


_LIVE: dict[str, int] = {}
"""Open SQLite connections of this process, per database file. While one is open the
file is never opened any other way: closing any file descriptor of a database file drops
every POSIX lock the process holds on it, and another process could then reset the
write-ahead log under a live connection («database disk image is malformed»)."""


def _live_key(path: Path) -> str:
    try:
        return str(path.resolve())
    except OSError:
        return str(path)


def _track(engine: Engine, path: Path | None) -> None:
    if path is None:
        return
    key = _live_key(path)

    @event.listens_for(engine, "connect")
    def _opened(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        _LIVE[key] = _LIVE.get(key, 0) + 1

    @event.listens_for(engine.pool, "close")
    def _closed(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        _LIVE[key] = max(0, _LIVE.get(key, 0) - 1)

    @event.listens_for(engine.pool, "close_detached")
    def _closed_detached(dbapi_conn):  # type: ignore[no-untyped-def]
        _LIVE[key] = max(0, _LIVE.get(key, 0) - 1)


def _sqlite_setup(engine: Engine, *, foreign_keys: bool, read_only: bool = False) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        # Let SQLAlchemy's "begin" event decide how transactions start (pysqlite's
        # implicit BEGIN is deferred and would turn read→write upgrades into SQLITE_BUSY).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if not read_only:
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = NORMAL")
        cur.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # type: ignore[no-untyped-def]
        # IMMEDIATE takes the write lock up front: two writers queue (busy timeout)
        # instead of failing half-way, so no answer is lost. A read-only database cannot
        # take it: reads there start a plain (deferred) transaction.
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


INT_MAX = 2**31 - 1  # PostgreSQL INTEGER; SQLite would silently take more


def _check_values(table: Any, rows: list[dict[str, Any]]) -> None:
    """Refuse values one backend would take and another refuse, the same way on both:
    text longer than its column (SQLite ignores VARCHAR lengths, PostgreSQL raises),
    NUL characters (PostgreSQL refuses them) and integers beyond 32 bits; and dates outside
    the range every date must lie in (:data:`tilsyn.audit.calendar.EARLIEST`–``LATEST``),
    whichever route they came by."""
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
            elif isinstance(value, date) and isinstance(col.type, Date):
                from tilsyn.audit.calendar import EARLIEST, LATEST

                day = value.date() if isinstance(value, datetime) else value
                if not EARLIEST <= day <= LATEST:
                    raise UsageError(
                        f"Datoen {day.isoformat()} for «{table.name}.{key}» er utenfor det "
                        f"tillatte tidsrommet {EARLIEST.isoformat()}–{LATEST.isoformat()}. "
                        "Ingenting ble lagret."
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


def _statement_values(clause: Insert | Update, conn: Any) -> dict[str, Any]:
    """The values an INSERT or UPDATE sets, by column name. Read from the statement's
    ``.values(...)`` without compiling it (compiling every statement cost a third of a
    workbook import); a multi-row or unusual statement is compiled."""
    values = getattr(clause, "_values", None)
    if isinstance(values, dict) and not getattr(clause, "_multi_values", None):
        row: dict[str, Any] = {}
        for key, value in values.items():
            name = key if isinstance(key, str) else getattr(key, "key", None)
            if not isinstance(name, str):
                break
            row[name] = value.value if isinstance(value, BindParameter) else value
        else:
            return row
    return dict(clause.compile(dialect=conn.dialect).params)


def _guard_values(engine: Engine) -> None:
    @event.listens_for(engine, "before_execute")
    def _before(conn, clause, multiparams, params, execution_options):  # type: ignore[no-untyped-def]
        if not isinstance(clause, Insert | Update):
            return
        rows = [_statement_values(clause, conn)]
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


def make_engine(url: str, *, foreign_keys: bool = True, read_only: str | None = None) -> Engine:
    """Create an engine for ``url`` with the settings this store relies on.

    SQLite: WAL, busy timeout, foreign keys, write transactions that start IMMEDIATE.
    ``read_only`` ("ro" or "immutable") opens an SQLite file the user may not write: reads
    work, every write is refused with a message (:meth:`Database.transaction`).
    PostgreSQL (``postgresql+psycopg://``): lock timeout; writers serialise on the audit
    row (``SELECT … FOR UPDATE``) and on the log chain (an advisory lock, see
    :meth:`tilsyn.store.base.StoreBase.log`).
    """
    try:
        if url.startswith("sqlite"):
            target = url
            if read_only:
                path = sqlite_path(url)
                assert path is not None
                mode = "mode=ro" if read_only == "ro" else "immutable=1"
                target = f"sqlite:///file:{path.as_posix()}?{mode}&uri=true"
            engine = create_engine(target, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
            _sqlite_setup(engine, foreign_keys=foreign_keys, read_only=bool(read_only))
            _track(engine, sqlite_path(url))
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


SQLITE_MAGIC = b"SQLite format 3\x00"


def sqlite_path(url: str) -> Path | None:
    """The file of an SQLite URL (None for an in-memory database or another backend)."""
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return None
    if not parsed.drivername.startswith("sqlite"):
        return None
    database = parsed.database or ""
    if database.startswith("file:"):  # an SQLite URI filename
        database = database[5:].split("?", 1)[0]
    if database in ("", ":memory:") or parsed.query.get("mode") == "memory":
        return None
    return Path(database)


def _restore_hint(path: Path) -> str:
    return (
        f"Legg tilbake en sikkerhetskopi (tilsyn db sikkerhetskopi lager den) som {path}, "
        "eller flytt filen bort hvis du vil begynne på nytt med en tom database."
    )


def check_sqlite_file(url: str) -> str | None:
    """Refuse an SQLite URL that cannot hold tilsyn's data, before SQLite touches it.

    An in-memory database (``sqlite://``) loses everything when the command ends; a file
    that exists but is empty, is no SQLite database (a text file, random bytes) or is
    shorter than its header says (truncated) is never silently replaced by a new database.
    Returns None for a writable file (or one to create), ``"ro"`` for a file this user may
    only read, and ``"immutable"`` when even SQLite's shared-memory file cannot be made.
    """
    import os

    if not url.startswith("sqlite"):
        return None
    path = sqlite_path(url)
    if path is None:
        raise WorkspaceError(
            f"«{url}» er en database i minnet, som forsvinner når kommandoen er ferdig. "
            "Oppgi en fil: --db sqlite:///STI/tilsyn.db (eller la --db være, så brukes "
            "arbeidsområdets tilsyn.db)."
        )
    if not path.exists():
        if not path.parent.is_dir():
            raise WorkspaceError(
                f"Mappen til databasen finnes ikke: {path.parent}. Opprett den, eller oppgi en "
                "annen sti."
            )
        return None
    if path.is_dir():
        raise WorkspaceError(f"Databasen {path} er en mappe, ikke en fil.")
    try:
        size = path.stat().st_size
        if _LIVE.get(_live_key(path), 0):  # never open it beside a live connection
            header = SQLITE_MAGIC + bytes(84) if size else b""
        else:
            with path.open("rb") as fh:
                header = fh.read(100)
    except OSError as exc:
        raise WorkspaceError(f"Kan ikke lese databasen {path}: {exc.strerror}.") from None
    if size == 0:
        raise WorkspaceError(
            f"Databasefilen {path} er tom (0 byte): den er avkortet eller ødelagt, og tilsyn "
            f"lager ikke en ny database over den. {_restore_hint(path)}"
        )
    if not header.startswith(SQLITE_MAGIC):
        raise WorkspaceError(
            f"{path} er ikke en SQLite-database (filen begynner ikke som en); den er ødelagt "
            f"eller en annen fil. {_restore_hint(path)}"
        )
    if len(header) < 100:
        raise WorkspaceError(
            f"Databasefilen {path} er avkortet ({size} byte). {_restore_hint(path)}"
        )
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    header_valid = header[24:28] == header[92:96]
    wal = path.with_name(path.name + "-wal")
    wal_empty = not wal.exists() or wal.stat().st_size == 0
    if header_valid and wal_empty and pages and size < pages * page_size:
        raise WorkspaceError(
            f"Databasefilen {path} er avkortet: den er {size} byte, men skal være "
            f"{pages * page_size} byte. {_restore_hint(path)}"
        )
    if os.access(path, os.W_OK) and os.access(path.parent, os.W_OK):
        return None
    if wal_empty:
        # Nobody has unsaved changes in the write-ahead log: read the file as it is,
        # without creating SQLite's shared-memory file (which would be read-only for its
        # owner too, if this user made it).
        return "immutable"
    shm = path.with_name(path.name + "-shm")
    if os.access(path.parent, os.W_OK) or shm.exists():
        return "ro"
    raise WorkspaceError(
        f"Databasen {path} er skrivebeskyttet og har endringer som ennå ligger i "
        f"{wal.name}; de kan ikke leses uten skrivetilgang. Åpne den én gang med "
        "skrivetilgang (en hvilken som helst tilsyn-kommando), og prøv igjen."
    )


def _missing_tables(engine: Engine) -> list[str]:
    from tilsyn.store.schema import metadata

    with engine.connect() as conn:
        present = set(inspect(conn).get_table_names())
    return sorted(set(metadata.tables) - present)


def open_engine(url: str) -> Engine:
    """Open the store at ``url``, upgrading an older database first.

    Damaged databases are refused with a message (see :func:`check_sqlite_file`, and
    tables missing from a database at the current schema); an SQLite file this user may
    not write is opened read-only, so that reading commands still work.
    """
    read_only = check_sqlite_file(url)
    engine = make_engine(url, read_only=read_only)
    try:
        revision = current_revision(engine)
    except DBAPIError as exc:
        engine.dispose()
        raise WorkspaceError(f"Kan ikke åpne databasen {_safe(url)}: {_reason(exc)}") from None
    if revision == HEAD_REVISION:
        try:
            missing = _missing_tables(engine)
        except DBAPIError as exc:
            engine.dispose()
            raise WorkspaceError(f"Kan ikke åpne databasen {_safe(url)}: {_reason(exc)}") from None
        if missing:
            engine.dispose()
            path = sqlite_path(url)
            hint = _restore_hint(path) if path else "Legg tilbake en sikkerhetskopi (pg_dump)."
            raise WorkspaceError(
                f"Databasen {_safe(url)} er skadet: tabellen(e) {', '.join(missing)} mangler. "
                + hint
            )
    if revision != HEAD_REVISION:
        if revision is not None and revision > HEAD_REVISION:
            raise WorkspaceError(
                f"Databasen er laget av en nyere versjon av tilsyn (skjema {revision}); "
                "oppgrader programmet."
            )
        if read_only:
            engine.dispose()
            raise WorkspaceError(
                f"Databasen {_safe(url)} er skrivebeskyttet, men må "
                f"{'opprettes' if revision is None else 'oppgraderes'} (skjema "
                f"{revision or 'tomt'} → {HEAD_REVISION}). Åpne den én gang med skrivetilgang."
            )
        engine.dispose()
        try:
            migrate(url)
        except DBAPIError as exc:
            raise WorkspaceError(
                f"Databasen {_safe(url)} må opprettes eller oppgraderes (skjema "
                f"{revision or 'tomt'} → {HEAD_REVISION}), men det lyktes ikke: "
                f"{_reason(exc)}. "
                "På PostgreSQL må en bruker med eierrett til skjemaet gjøre dette første gang "
                "(se docs/postgresql.md)."
            ) from None
        engine = make_engine(url)
    return engine


def _reason(exc: DBAPIError) -> str:
    """A database error in words (SQLite's damaged-file errors explained)."""
    text = str(exc.orig).strip().splitlines()[0] if str(exc.orig).strip() else type(exc).__name__
    low = text.lower()
    if "not a database" in low or "malformed" in low:
        return f"filen er ikke en gyldig SQLite-database, eller den er skadet ({text})"
    if "disk is full" in low or "disk full" in low:
        return "disken er full"
    if "unable to open" in low:
        return f"databasefilen kan ikke åpnes (mangler tilgang til filen eller mappen?) ({text})"
    return text


def backup(engine: Engine, target: Path, *, rules: Any) -> None:
    """Write a consistent copy of an SQLite database using SQLite's backup API, through
    the one output door (:func:`tilsyn.files.write_file`: atomic, refuses protected
    targets, a full disk or an unwritable folder becomes a message)."""
    import errno
    import sqlite3

    from tilsyn.files import write_file

    if engine.dialect.name != "sqlite":
        raise WorkspaceError(
            "Sikkerhetskopi med denne kommandoen gjelder SQLite. For PostgreSQL: bruk pg_dump."
        )
    target = Path(target)
    if target.exists():
        raise WorkspaceError(f"{target} finnes allerede; velg et nytt filnavn.")

    def produce(tmp: Path) -> None:
        raw = engine.raw_connection()
        try:
            dest = sqlite3.connect(tmp)
            try:
                raw.driver_connection.backup(dest)  # type: ignore[union-attr]
            except sqlite3.Error as exc:
                text = str(exc)
                code = errno.ENOSPC if "full" in text.lower() else errno.EIO
                raise OSError(code, text) from None
            finally:
                dest.close()
        finally:
            raw.close()

    write_file(target, produce, rules=rules, what="sikkerhetskopien")
