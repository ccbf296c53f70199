"""Reading and checking the hash-chained log (entries are appended by
:meth:`tilsyn.store.base.Database.log` inside each change's transaction)."""

from __future__ import annotations

from sqlalchemy import select

from tilsyn.audit.logchain import chain_head, verify_chain
from tilsyn.audit.models import LogEntry
from tilsyn.store import schema as t
from tilsyn.store.base import Repository, loads


class LogRepository(Repository):
    """The log's chains: one per audit, one per self-assessment, one global."""

    def _rows(self, chain: str) -> list:
        with self.read() as conn:
            return conn.execute(
                select(t.log_entries)
                .where(t.log_entries.c.chain == chain)
                .order_by(t.log_entries.c.seq)
            ).all()

    def entries(self, chain: str) -> list[LogEntry]:
        """All entries of a chain, oldest first."""
        return [
            LogEntry(
                r.seq,
                r.at,
                r.user,
                r.action,
                r.entity,
                loads(r.old),
                loads(r.new),
                r.prev_hash,
                r.hash,
            )
            for r in self._rows(chain)
        ]

    def verify(self, chain: str) -> list[str]:
        """Problems in a chain (empty when every hash and link verifies)."""
        return verify_chain(chain, [r._mapping for r in self._rows(chain)])

    def head(self, chain: str) -> tuple[int, str]:
        """The chain's length and the hash of its newest entry."""
        return chain_head(r._mapping for r in self._rows(chain))

    def chains(self) -> list[str]:
        """All log chains in the store."""
        with self.read() as conn:
            return list(conn.execute(select(t.log_entries.c.chain).distinct()).scalars())
