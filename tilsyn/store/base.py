"""The store's foundation: transactions, the acting user, and the hash-chained log."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, OperationalError

from tilsyn.errors import ConflictError, NotFoundError, UsageError, WorkspaceError
from tilsyn.audit.models import LogRecord
from tilsyn.store import schema as t

GENESIS = "0" * 64

# PostgreSQL SQLSTATEs that mean "another transaction got in the way: retry".
_RETRY_STATES = {"40001", "40P01", "55P03"}  # serialization, deadlock, lock timeout


def _sqlstate(exc: DBAPIError) -> str | None:
    return getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)


def utcnow() -> str:
    """The current time as canonical UTC ISO text."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def entry_hash(
    prev: str,
    *,
    chain: str,
    seq: int,
    at: str,
    user: str,
    action: str,
    entity: str,
    old: str | None,
    new: str | None,
) -> str:
    """The hash of one log entry, chained to the previous entry's hash."""
    payload = _canonical([prev, chain, seq, at, user, action, entity, old, new])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class StoreBase:
    """Engine, user and log; the operation mixins build on this."""

    def __init__(self, engine: Engine, *, user: str) -> None:
        self.engine = engine
        self.user = user

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def tx(self) -> Iterator[Connection]:
        """One write transaction: all or nothing."""
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
            raise
        except DBAPIError as exc:
            if _sqlstate(exc) in _RETRY_STATES:
                raise ConflictError(
                    "Databasen er opptatt av en annen prosess. Ingenting ble lagret; prøv igjen."
                ) from None
            if _sqlstate(exc) == "42501":  # insufficient_privilege
                raise WorkspaceError(
                    "Databasebrukeren har ikke skrivetilgang (bare lesetilgang). Ingenting ble "
                    "lagret. Be databaseansvarlig om en bruker med skriverett (docs/postgresql.md)."
                ) from None
            raise

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only connection."""
        with self.engine.connect() as conn:
            yield conn

    # --- log ---

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
        old_s = None if old is None else _canonical(old)
        new_s = None if new is None else _canonical(new)
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

    def log_entries(self, chain: str) -> list[LogRecord]:
        """All entries of a chain, oldest first."""
        with self.read() as conn:
            rows = conn.execute(
                select(t.log_entries)
                .where(t.log_entries.c.chain == chain)
                .order_by(t.log_entries.c.seq)
            ).all()
        return [
            LogRecord(
                r.seq,
                r.at,
                r.user,
                r.action,
                r.entity,
                None if r.old is None else json.loads(r.old),
                None if r.new is None else json.loads(r.new),
                r.prev_hash,
                r.hash,
            )
            for r in rows
        ]

    def verify_log(self, chain: str) -> list[str]:
        """Problems in a chain (empty when every hash and link verifies)."""
        with self.read() as conn:
            rows = conn.execute(
                select(t.log_entries)
                .where(t.log_entries.c.chain == chain)
                .order_by(t.log_entries.c.seq)
            ).all()
        problems = []
        prev = GENESIS
        for expected_seq, r in enumerate(rows, start=1):
            if r.seq != expected_seq:
                problems.append(f"logglinje {expected_seq} mangler (neste er {r.seq})")
            if r.prev_hash != prev:
                problems.append(f"logglinje {r.seq}: lenken til forrige linje stemmer ikke")
            digest = entry_hash(
                r.prev_hash,
                chain=r.chain,
                seq=r.seq,
                at=r.at,
                user=r.user,
                action=r.action,
                entity=r.entity,
                old=r.old,
                new=r.new,
            )
            if digest != r.hash:
                problems.append(f"logglinje {r.seq}: innholdet er endret etter at det ble skrevet")
            prev = r.hash
        return problems

    def chains(self) -> list[str]:
        """All log chains in the store."""
        with self.read() as conn:
            return list(conn.execute(select(t.log_entries.c.chain).distinct()).scalars())


def _first_line(exc: DBAPIError) -> str:
    return str(exc.orig).strip().splitlines()[0] if str(exc.orig).strip() else type(exc).__name__


def audit_chain(uid: str) -> str:
    """The log chain of an audit."""
    return f"tilsyn:{uid}"


def require(row: Any, what: str) -> Any:
    """Return ``row`` or raise NotFoundError naming ``what``."""
    if row is None:
        raise NotFoundError(f"Finner ikke {what}. Se: tilsyn liste")
    return row
