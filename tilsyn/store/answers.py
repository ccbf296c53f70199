"""Store operations on answers and conclusions: all-or-nothing writes with optimistic
locking, and the log of old → new for every change."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from tilsyn.errors import ConflictError, UsageError
from tilsyn.audit.models import AnswerRecord, ConclusionRecord
from tilsyn.store import schema as t
from tilsyn.store.base import StoreBase, audit_chain, utcnow


def answer_record(r: Any) -> AnswerRecord:
    """An answers row as a record."""
    return AnswerRecord(
        question_ref=r.question_ref,
        participant=r.participant,
        answer=r.answer,
        observation=r.observation,
        sources=tuple(json.loads(r.sources or "[]")),
        proposed=r.proposed,
        proposed_note=r.proposed_note,
        override_reason=r.override_reason,
        updated_at=r.updated_at,
        updated_by=r.updated_by,
        version=r.version,
    )


@dataclass(frozen=True)
class AnswerInput:
    """One answer to write (already validated against the checklist)."""

    question_ref: str
    participant: str
    answer: str
    observation: str | None = None
    sources: tuple[int, ...] = ()
    proposed: str | None = None
    proposed_note: str | None = None
    override_reason: str | None = None
    expected_version: int | None = None  # optimistic lock: the version the writer saw


@dataclass(frozen=True)
class AnswerChange:
    """What writing one answer did."""

    slot: tuple[str, str]
    kind: str  # ny | endret | uendret | konflikt
    old: str | None
    new: str


class AnswerOps(StoreBase):
    """Answers and conclusions (mixed into :class:`tilsyn.store.Store`)."""

    def write_answers(
        self,
        audit_id: int,
        items: Iterable[AnswerInput],
        *,
        overwrite: bool = True,
        action: str = "svar",
        extra_log: dict[str, Any] | None = None,
        dry_run: bool = False,
        participant_updates: Sequence[tuple[str, str, Any]] = (),
    ) -> list[AnswerChange]:
        """Write answers in one transaction (all or nothing).

        With ``overwrite=False`` an answer that differs from the stored one is not
        replaced and the whole write is refused with a list of the differing slots.
        ``expected_version`` on an item turns a concurrent change into a ConflictError.
        """
        items = list(items)
        changes: list[AnswerChange] = []
        with self.tx() as conn:
            row = self.audit_row(conn, audit_id, lock=True)
            chain = audit_chain(row.uid)
            current = {
                (r.question_ref, r.participant): r
                for r in conn.execute(select(t.answers).where(t.answers.c.audit_id == row.id))
            }
            conflicts = []
            for item in items:
                slot = (item.question_ref, item.participant)
                old = current.get(slot)
                new_values = dict(
                    answer=item.answer,
                    observation=item.observation,
                    sources=json.dumps(list(item.sources)),
                    proposed=item.proposed,
                    proposed_note=item.proposed_note,
                    override_reason=item.override_reason,
                )
                if old is None:
                    changes.append(AnswerChange(slot, "ny", None, item.answer))
                    continue
                if item.expected_version is not None and old.version != item.expected_version:
                    conflicts.append(
                        f"{item.question_ref}{' / ' + item.participant if item.participant else ''}"
                        f": endret av {old.updated_by} {old.updated_at[:16]} "
                        f"(nå «{old.answer}»)"
                    )
                    continue
                same = all(getattr(old, k) == v for k, v in new_values.items())
                if same:
                    changes.append(AnswerChange(slot, "uendret", old.answer, item.answer))
                else:
                    changes.append(AnswerChange(slot, "endret", old.answer, item.answer))
            if conflicts:
                raise ConflictError(
                    "Svaret er endret av noen andre siden du leste det; ingenting ble lagret. "
                    "Last inn på nytt og prøv igjen:",
                    details=conflicts,
                )
            if not overwrite:
                # Without --overskriv nothing recorded is replaced: not a different answer,
                # and not an observation or sources someone already wrote (adding them
                # where none are recorded is fine).
                differ = []
                for item, c in zip(items, changes, strict=False):
                    old = current.get(c.slot)
                    if c.kind != "endret" or old is None:
                        continue
                    where = f"{c.slot[0]}{' / ' + c.slot[1] if c.slot[1] else ''}"
                    if c.old != c.new:
                        differ.append(f"{where}: lagret «{c.old}», ny «{c.new}»")
                    elif old.observation and old.observation != item.observation:
                        differ.append(
                            f"{where}: observasjonen er endret (lagret av "
                            f"{old.updated_by} {old.updated_at[:10]})"
                        )
                    elif json.loads(old.sources or "[]") not in ([], list(item.sources)):
                        differ.append(
                            f"{where}: kildene er endret (lagret av "
                            f"{old.updated_by} {old.updated_at[:10]})"
                        )
                if differ:
                    raise ConflictError(
                        f"{len(differ)} svar er forskjellige fra det som er lagret; bruk "
                        "--overskriv for å erstatte dem. Ingenting ble lagret.",
                        details=differ,
                    )
            if dry_run:
                return changes
            now = utcnow()
            for item, change in zip(items, changes, strict=True):
                if change.kind == "uendret":
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
                    conn.execute(
                        t.answers.insert().values(
                            audit_id=row.id,
                            question_ref=item.question_ref,
                            participant=item.participant,
                            version=1,
                            **values,
                        )
                    )
                else:
                    result = conn.execute(
                        t.answers.update()
                        .where(t.answers.c.id == old.id, t.answers.c.version == old.version)
                        .values(version=old.version + 1, **values)
                    )
                    if result.rowcount != 1:
                        raise ConflictError(
                            "Svaret ble endret av en annen prosess samtidig; ingenting ble "
                            "lagret. Prøv igjen."
                        )
                self.log(
                    conn,
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
            if participant_updates:
                # same transaction: an import of answers and timetables is all or nothing
                self.apply_participant_data(  # type: ignore[attr-defined]
                    conn, row, participant_updates, action=f"{action}: deltakerdata"
                )
            if extra_log:
                self.log(
                    conn,
                    chain=chain,
                    audit_id=row.id,
                    action=extra_log.pop("action"),
                    entity=extra_log.pop("entity"),
                    new=extra_log,
                )
        return changes

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
    ) -> ConclusionRecord:
        """Confirm or override the proposed conclusion for a requirement, with its texts."""
        if proposed is not None and outcome != proposed and not reason:
            raise UsageError(
                f"Foreslått konklusjon for {requirement_ref} er «{proposed}»; for å velge "
                f"«{outcome}» må du oppgi en begrunnelse (--begrunnelse)."
            )
        with self.tx() as conn:
            row = self.audit_row(conn, audit_id, lock=True)
            old = conn.execute(
                select(t.conclusions).where(
                    t.conclusions.c.audit_id == row.id,
                    t.conclusions.c.requirement_ref == requirement_ref,
                )
            ).first()
            values = dict(
                proposed=proposed, outcome=outcome, updated_at=utcnow(), updated_by=self.user
            )
            # Texts not given keep their stored value (so confirming does not erase them).
            for key, value in (
                ("practice", practice),
                ("assessment", assessment),
                ("conclusion", conclusion),
                ("reason", reason),
            ):
                if value is not None or old is None:
                    values[key] = value
            if old is None:
                conn.execute(
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
                conn.execute(
                    t.conclusions.update()
                    .where(t.conclusions.c.id == old.id)
                    .values(version=old.version + 1, **values)
                )
            self.log(
                conn,
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
        view = self.view(audit_id)
        found = view.conclusion(requirement_ref)
        assert found is not None
        return found
