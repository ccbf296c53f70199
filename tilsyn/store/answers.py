"""The answers repository: answers to control questions and conclusions per requirement,
written with optimistic locking and logged old → new.

Which answers may replace which is decided by the use case
(:func:`tilsyn.audit.answers.plan_changes`) inside the same transaction.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, select

from tilsyn.audit.models import Answer, AnswerChange, AnswerInput, Conclusion
from tilsyn.audit.values import AnswerChangeKind
from tilsyn.errors import ConflictError
from tilsyn.store import schema as t
from tilsyn.store.audits import answer_record, conclusion_record
from tilsyn.store.base import Repository, audit_chain, utcnow


class AnswerRepository(Repository):
    """Answers and conclusions."""

    def current(
        self, audit_id: int, *, conn: Connection | None = None, lock: bool = False
    ) -> dict[tuple[str, str], Answer]:
        """The stored answers by slot (question, participant); ``lock`` locks the audit."""
        with self.read(conn) as c:
            row = self.audit_row(c, audit_id, lock=lock)
            return {
                (r.question_ref, r.participant): answer_record(r)
                for r in c.execute(select(t.answers).where(t.answers.c.audit_id == row.id))
            }

    def write(
        self,
        audit_id: int,
        items: Sequence[AnswerInput],
        changes: Sequence[AnswerChange],
        *,
        current: dict[tuple[str, str], Answer],
        action: str = "svar",
        conn: Connection | None = None,
    ) -> None:
        """Write the answers whose change is not ``uendret`` (all or nothing); an answer
        changed by another process since ``current`` was read is a ConflictError."""
        with self.tx(conn) as c:
            row = self.audit_row(c, audit_id, lock=True)
            chain = audit_chain(row.uid)
            now = utcnow()
            for item, change in zip(items, changes, strict=True):
                if change.kind == AnswerChangeKind.UNCHANGED:
                    continue
                values = dict(
                    answer=item.answer,
                    observation=item.observation,
                    sources=json.dumps(list(item.sources)),
                    proposed=item.proposed,
                    proposed_note=item.proposed_note,
                    override_reason=item.override_reason,
                    updated_at=now,
                    updated_by=self.user,
                )
                old = current.get(change.slot)
                if old is None:
                    c.execute(
                        t.answers.insert().values(
                            audit_id=row.id,
                            question_ref=item.question_ref,
                            participant=item.participant,
                            version=1,
                            **values,
                        )
                    )
                else:
                    result = c.execute(
                        t.answers.update()
                        .where(
                            t.answers.c.audit_id == row.id,
                            t.answers.c.question_ref == item.question_ref,
                            t.answers.c.participant == item.participant,
                            t.answers.c.version == old.version,
                        )
                        .values(version=old.version + 1, **values)
                    )
                    if result.rowcount != 1:
                        raise ConflictError(
                            "Svaret ble endret av en annen prosess samtidig; ingenting ble "
                            "lagret. Prøv igjen."
                        )
                self.log(
                    c,
                    chain=chain,
                    audit_id=row.id,
                    action=action,
                    entity=f"svar {item.question_ref}"
                    + (f" / {item.participant}" if item.participant else ""),
                    old=None
                    if old is None
                    else {"svar": old.answer, "observasjon": old.observation},
                    new={
                        "svar": item.answer,
                        "observasjon": item.observation,
                        "kilder": list(item.sources),
                        "foreslått": item.proposed,
                        "begrunnelse": item.override_reason,
                    },
                )

    def log_note(
        self,
        audit_id: int,
        *,
        action: str,
        entity: str,
        new: dict[str, Any],
        conn: Connection | None = None,
    ) -> None:
        """Log a note about answers (e.g. which file an import came from)."""
        with self.tx(conn) as c:
            row = self.audit_row(c, audit_id, lock=True)
            self.log(
                c,
                chain=audit_chain(row.uid),
                audit_id=row.id,
                action=action,
                entity=entity,
                new=new,
            )

    def conclusion(
        self, audit_id: int, requirement_ref: str, *, conn: Connection | None = None
    ) -> Conclusion | None:
        """The stored conclusion for one requirement."""
        with self.read(conn) as c:
            r = c.execute(
                select(t.conclusions).where(
                    t.conclusions.c.audit_id == audit_id,
                    t.conclusions.c.requirement_ref == requirement_ref,
                )
            ).first()
        return None if r is None else conclusion_record(r)

    def set_conclusion(
        self,
        audit_id: int,
        *,
        requirement_ref: str,
        outcome: str,
        proposed: str | None,
        practice: str | None,
        assessment: str | None,
        conclusion: str | None,
        reason: str | None,
        expected_version: int | None = None,
        conn: Connection | None = None,
    ) -> Conclusion:
        """Write the conclusion for a requirement, with its texts (texts given as None keep
        their stored value, so confirming a conclusion does not erase them)."""
        with self.tx(conn) as c:
            row = self.audit_row(c, audit_id, lock=True)
            old = c.execute(
                select(t.conclusions).where(
                    t.conclusions.c.audit_id == row.id,
                    t.conclusions.c.requirement_ref == requirement_ref,
                )
            ).first()
            values: dict[str, Any] = dict(
                proposed=proposed, outcome=outcome, updated_at=utcnow(), updated_by=self.user
            )
            for key, value in (
                ("practice", practice),
                ("assessment", assessment),
                ("conclusion", conclusion),
                ("reason", reason),
            ):
                if value is not None or old is None:
                    values[key] = value
            if old is None:
                c.execute(
                    t.conclusions.insert().values(
                        audit_id=row.id, requirement_ref=requirement_ref, version=1, **values
                    )
                )
            else:
                if expected_version is not None and old.version != expected_version:
                    raise ConflictError(
                        f"Konklusjonen for {requirement_ref} er endret av {old.updated_by} "
                        "siden du leste den; ingenting ble lagret. Prøv igjen."
                    )
                c.execute(
                    t.conclusions.update()
                    .where(t.conclusions.c.id == old.id)
                    .values(version=old.version + 1, **values)
                )
            self.log(
                c,
                chain=audit_chain(row.uid),
                audit_id=row.id,
                action="konklusjon",
                entity=f"krav {requirement_ref}",
                old=None
                if old is None
                else {
                    "utfall": old.outcome,
                    "praksis": old.practice,
                    "vurdering": old.assessment,
                    "konklusjon": old.conclusion,
                },
                new={k: v for k, v in values.items() if k not in ("updated_at", "updated_by")},
            )
            found = self.conclusion(row.id, requirement_ref, conn=c)
        assert found is not None
        return found
