"""The store's foundation shared by every repository: transactions, the acting user, the
audit-row lock and the append to the hash-chained log.

A repository method that writes opens its own transaction, or joins the caller's when
given ``conn`` (a use case that must commit several steps together opens one with
:meth:`Database.transaction` and passes it on).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, OperationalError

from tilsyn.audit.history import refuse_change
from tilsyn.audit.logchain import GENESIS, canonical, entry_hash
from tilsyn.errors import ConflictError, NotFoundError, UsageError, WorkspaceError
from tilsyn.store import schema as t

# PostgreSQL SQLSTATEs that mean "another transaction got in the way: retry".
_RETRY_STATES = {"40001", "40P01", "55P03"}  # serialization, deadlock, lock timeout


def _sqlstate(exc: DBAPIError) -> str | None:
    return getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)


def utcnow() -> str:
    """The current time as canonical UTC ISO text."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


AUDIT_CHAIN_PREFIX = "tilsyn:"


def audit_chain(uid: str) -> str:
    """The log chain of an audit."""
    return f"{AUDIT_CHAIN_PREFIX}{uid}"


def _first_line(exc: DBAPIError) -> str:
    return str(exc.orig).strip().splitlines()[0] if str(exc.orig).strip() else type(exc).__name__


def damage_error(exc: DBAPIError) -> WorkspaceError | None:
    """A message for a database that is damaged, full or cannot be written (None for
    other errors): SQLite reports these at the first statement that meets them."""
    text = _first_line(exc)
    low = text.lower()
    if "malformed" in low or "not a database" in low or "no such table" in low:
        return WorkspaceError(
            f"Databasen er skadet ({text}); ingenting ble lagret. Legg tilbake en "
            "sikkerhetskopi (tilsyn db sikkerhetskopi lager den)."
        )
    if "disk is full" in low or "disk full" in low or _sqlstate(exc) == "53100":
        return WorkspaceError(
            "Disken med databasen er full; ingenting ble lagret. Frigjør plass og prøv igjen."
        )
    if "readonly" in low or "read-only" in low or "read only" in low or _sqlstate(exc) == "25006":
        return WorkspaceError(
            "Databasen er skrivebeskyttet (du har bare lesetilgang til filen eller mappen); "
            "ingenting ble lagret. Lesende kommandoer (vis, liste, status, logg) virker."
        )
    return None


class Database:
    """The engine and the acting user, with transactions and the log append."""

    def __init__(self, engine: Engine, *, user: str) -> None:
        self.engine = engine
        self.user = user

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One write transaction: all or nothing. Database errors become user errors."""
        try:
            with self.engine.begin() as conn:
                yield conn
        except IntegrityError as exc:
            raise ConflictError(
                "En annen prosess endret de samme dataene samtidig, eller verdien finnes "
                f"allerede. Ingenting ble lagret; last inn på nytt og prøv igjen. ({exc.orig})"
            ) from None
        except DataError as exc:
            raise UsageError(
                f"Databasen godtok ikke en verdi; ingenting ble lagret. ({_first_line(exc)})"
            ) from None
        except OperationalError as exc:
            text = str(exc.orig).lower()
            if "locked" in text or "busy" in text or _sqlstate(exc) in _RETRY_STATES:
                raise ConflictError(
                    "Databasen er opptatt av en annen prosess. Ingenting ble lagret; prøv igjen."
                ) from None
            damage = damage_error(exc)
            if damage is not None:
                raise damage from None
            raise
        except DBAPIError as exc:
            if _sqlstate(exc) in _RETRY_STATES:
                raise ConflictError(
                    "Databasen er opptatt av en annen prosess. Ingenting ble lagret; prøv igjen."
                ) from None
            damage = damage_error(exc)
            if damage is not None:
                raise damage from None
            if _sqlstate(exc) == "42501":  # insufficient_privilege
                raise WorkspaceError(
                    "Databasebrukeren har ikke skrivetilgang (bare lesetilgang). Ingenting ble "
                    "lagret. Be databaseansvarlig om en bruker med skriverett (docs/postgresql.md)."
                ) from None
            raise

    @contextmanager
    def tx(self, conn: Connection | None = None) -> Iterator[Connection]:
        """The caller's transaction when ``conn`` is given, else a new one."""
        if conn is not None:
            yield conn
            return
        with self.transaction() as new:
            yield new

    @contextmanager
    def read(self, conn: Connection | None = None) -> Iterator[Connection]:
        """A connection for reading (the caller's, when given)."""
        if conn is not None:
            yield conn
            return
        try:
            with self.engine.connect() as new:
                yield new
        except DBAPIError as exc:
            damage = damage_error(exc)
            if damage is not None:
                raise damage from None
            raise

    def audit_row(self, conn: Connection, audit_id: int, *, lock: bool = False) -> Any:
        """The audit's row (locked for the transaction with ``lock``) or NotFoundError;
        with ``lock`` an imported audit is refused (ReadOnlyAuditError)."""
        q = select(t.audits).where(t.audits.c.id == audit_id)
        if lock:
            q = q.with_for_update()
        row = conn.execute(q).first()
        if row is None:
            raise NotFoundError(f"Finner ikke tilsyn {audit_id}. Se alle tilsyn med: tilsyn liste")
        if lock:
            # Every change to an audit locks its row first: the one door where imported
            # (read-only) history is refused.
            refuse_change(row.id, row.origin)
        return row

    def log(
        self,
        conn: Connection,
        *,
        chain: str,
        audit_id: int | None,
        action: str,
        entity: str,
        old: Any = None,
        new: Any = None,
    ) -> None:
        """Append an entry to ``chain`` inside the caller's transaction.

        Writers to one chain are serialised: on SQLite by the IMMEDIATE write transaction,
        on PostgreSQL by a transaction-scoped advisory lock on the chain name (a row lock
        alone cannot protect the first entry of a chain, where there is no row yet).
        """
        if conn.dialect.name == "postgresql":
            conn.execute(select(func.pg_advisory_xact_lock(func.hashtext(chain))))
        last = conn.execute(
            select(t.log_entries.c.seq, t.log_entries.c.hash)
            .where(t.log_entries.c.chain == chain)
            .order_by(t.log_entries.c.seq.desc())
            .limit(1)
            # no FOR UPDATE: the lock above serialises writers, and FOR UPDATE would need
            # UPDATE rights on log_entries, which auditors' roles do not have (append-only)
        ).first()
        seq = (last.seq + 1) if last else 1
        prev = last.hash if last else GENESIS
        at = utcnow()
        old_s = None if old is None else canonical(old)
        new_s = None if new is None else canonical(new)
        digest = entry_hash(
            prev,
            chain=chain,
            seq=seq,
            at=at,
            user=self.user,
            action=action,
            entity=entity,
            old=old_s,
            new=new_s,
        )
        conn.execute(
            t.log_entries.insert().values(
                chain=chain,
                seq=seq,
                audit_id=audit_id,
                at=at,
                user=self.user,
                action=action,
                entity=entity,
                old=old_s,
                new=new_s,
                prev_hash=prev,
                hash=digest,
            )
        )
        if chain.startswith(AUDIT_CHAIN_PREFIX):
            # The chain's anchor on the audit row, in the same transaction: a deleted
            # newest entry no longer verifies.
            conn.execute(
                t.audits.update()
                .where(t.audits.c.uid == chain[len(AUDIT_CHAIN_PREFIX) :])
                .values(log_count=seq, log_head=digest)
            )


class Repository:
    """A group of tables, reached through the shared :class:`Database`."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @property
    def user(self) -> str:
        return self.db.user

    def tx(self, conn: Connection | None = None) -> Any:
        return self.db.tx(conn)

    def read(self, conn: Connection | None = None) -> Any:
        return self.db.read(conn)

    def audit_row(self, conn: Connection, audit_id: int, *, lock: bool = False) -> Any:
        return self.db.audit_row(conn, audit_id, lock=lock)

    def log(self, conn: Connection, **entry: Any) -> None:
        self.db.log(conn, **entry)


def require(row: Any, what: str) -> Any:
    """Return ``row`` or raise NotFoundError naming ``what``."""
    if row is None:
        raise NotFoundError(f"Finner ikke {what}. Se: tilsyn liste")
    return row


def loads(value: str | None) -> Any:
    """A logged JSON text as a value (None stays None)."""
    return None if value is None else json.loads(value)
