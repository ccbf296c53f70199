"""Store operations the workbooks need beyond answers: per-participant data (timetables)
written in bulk, in one transaction (``ParticipantOps.set_participant_data`` writes one)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from tilsyn.errors import NotFoundError
from tilsyn.store import schema as t
from tilsyn.store.base import StoreBase, audit_chain


class WorkbookOps(StoreBase):
    """Per-participant data (mixed into :class:`tilsyn.store.Store`)."""

    def set_participant_data_many(self, audit_id: int,
                                  updates: Iterable[tuple[str, str, Any]], *,
                                  action: str = "deltakerdata") -> int:
        """Set keys of several participants' data in one transaction; returns changes made."""
        with self.tx() as conn:
            row = self.audit_row(conn, audit_id, lock=True)  # type: ignore[attr-defined]
            return self.apply_participant_data(conn, row, updates, action=action)

    def apply_participant_data(self, conn: Any, row: Any,
                               updates: Iterable[tuple[str, str, Any]], *,
                               action: str = "deltakerdata") -> int:
        """Set participant data inside the caller's transaction (see write_answers)."""
        changed = 0
        people = {
            r.pseudonym: r
            for r in conn.execute(
                select(t.participants).where(t.participants.c.audit_id == row.id))
        }
        for pseudonym, key, value in updates:
            p = people.get(pseudonym)
            if p is None:
                raise NotFoundError(
                    f"Deltakeren «{pseudonym}» er ikke i utvalget til tilsyn {row.id}.")
            data = json.loads(p.data or "{}")
            old = data.get(key)
            if old == value:
                continue
            data[key] = value
            conn.execute(t.participants.update().where(t.participants.c.id == p.id)
                         .values(data=json.dumps(data, ensure_ascii=False, default=str)))
            self.log(conn, chain=audit_chain(row.uid), audit_id=row.id, action=action,
                     entity=f"deltaker {pseudonym} / {key}", old=old, new=value)
            changed += 1
        return changed
