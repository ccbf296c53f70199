"""Reading and checking the hash-chained log (entries are appended by
:meth:`tilsyn.store.base.Database.log` inside each change's transaction)."""

from __future__ import annotations

from sqlalchemy import select

from tilsyn.audit.logchain import chain_head, verify_chain
from tilsyn.audit.models import LogEntry
from tilsyn.audit.replay import CONCLUSION_FIELDS, CaseRows
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

    def anchor(self, uid: str) -> tuple[int | None, str | None]:
        """The anchor stored on the audit row: its chain's entry count and newest hash."""
        with self.read() as conn:
            row = conn.execute(
                select(t.audits.c.log_count, t.audits.c.log_head).where(t.audits.c.uid == uid)
            ).first()
        return (row.log_count, row.log_head) if row else (None, None)

    def case_rows(self, audit_id: int) -> CaseRows:
        """The rows :func:`tilsyn.audit.replay.replay` compares with the log, in one read."""
        import json

        rows = CaseRows()
        with self.read() as conn:
            for r in conn.execute(select(t.answers).where(t.answers.c.audit_id == audit_id)):
                rows.answers[(r.question_ref, r.participant or "")] = {
                    "answer": r.answer,
                    "observation": r.observation,
                    "sources": json.loads(r.sources) if r.sources else [],
                    "proposed": r.proposed,
                    "override_reason": r.override_reason,
                }
            for r in conn.execute(
                select(t.conclusions).where(t.conclusions.c.audit_id == audit_id)
            ):
                rows.conclusions[r.requirement_ref] = {k: getattr(r, k) for k in CONCLUSION_FIELDS}
            rows.events = [
                (r.type, r.date.isoformat() if hasattr(r.date, "isoformat") else str(r.date))
                for r in conn.execute(select(t.events).where(t.events.c.audit_id == audit_id))
            ]
            for r in conn.execute(
                select(t.document_versions).where(t.document_versions.c.audit_id == audit_id)
            ):
                rows.versions[(r.kind, r.version)] = {"sha256": r.sha256, "sent": bool(r.sent)}
        return rows
