"""The evidence repository: the register of received documents, interviews, the sample
of participant files (and facts per file), and the municipality's comments. Every change
is logged in the audit's hash chain."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, select

from tilsyn.audit.models import Comment, Interview, Participant, ReceivedDocument, Sample
from tilsyn.errors import NotFoundError
from tilsyn.store import schema as t
from tilsyn.store.base import Repository, audit_chain, utcnow


class EvidenceRepository(Repository):
    """Received documents, interviews, the sample and its facts per file, comments."""

    def _insert_logged(
        self,
        conn: Any,
        row: Any,
        table: Any,
        values: dict[str, Any],
        *,
        action: str,
        entity: str,
        new: dict[str, Any],
    ) -> int:
        """Insert one row belonging to audit ``row``, stamped with who and when, and log it
        in the audit's chain (``{id}`` in ``entity`` is replaced by the new row's id)."""
        new_id = conn.execute(
            table.insert().values(
                audit_id=row.id, created_at=utcnow(), created_by=self.user, **values
            )
        ).inserted_primary_key[0]
        self.log(
            conn,
            chain=audit_chain(row.uid),
            audit_id=row.id,
            action=action,
            entity=entity.format(id=new_id),
            new=new,
        )
        return new_id

    def add_document(
        self,
        audit_id: int,
        *,
        title: str,
        when: date | None,
        kind: str | None,
        path: str | None,
        sha256: str | None,
    ) -> ReceivedDocument:
        """Register a received document; its number is the next in the audit's register."""
        with self.tx() as conn:
            row = self.audit_row(conn, audit_id, lock=True)
            number = (
                conn.execute(
                    select(func.max(t.documents.c.number)).where(t.documents.c.audit_id == row.id)
                ).scalar()
                or 0
            ) + 1
            self._insert_logged(
                conn,
                row,
                t.documents,
                dict(number=number, title=title, date=when, type=kind, path=path, sha256=sha256),
                action="dokument",
                entity=f"dokument {number}",
                new={"tittel": title, "dato": when, "type": kind, "sti": path, "sha256": sha256},
            )
        return ReceivedDocument(number, title, when, kind, path, sha256)

    def add_interview(
        self,
        audit_id: int,
        *,
        role: str,
        when: date,
        name: str | None = None,
        note: str | None = None,
        people: int | None = 1,
    ) -> Interview:
        """Record an interview (by role, with how many people took part)."""
        with self.tx() as conn:
            row = self.audit_row(conn, audit_id, lock=True)
            iid = self._insert_logged(
                conn,
                row,
                t.interviews,
                dict(role=role, date=when, name=name, note=note, people=people),
                action="intervju",
                entity="intervju {id}",
                new={"rolle": role, "dato": when, "navn": name, "antall": people},
            )
        return Interview(iid, role, when, name, note, people)

    def set_sample(
        self,
        audit_id: int,
        *,
        method: str,
        seed: str | None,
        population_size: int | None,
        population_file: str | None,
        population_sha256: str | None,
        requested: int | None,
        participants: Sequence[tuple[str, dict[str, Any]]],
        criteria: str | None = None,
        conn: Connection | None = None,
    ) -> Sample:
        """Store the sample of participant files, replacing any earlier one (the use case
        decides whether that is allowed)."""
        with self.tx(conn) as c:
            row = self.audit_row(c, audit_id, lock=True)
            old = c.execute(select(t.samples).where(t.samples.c.audit_id == row.id)).first()
            if old is not None:
                c.execute(t.participants.delete().where(t.participants.c.audit_id == row.id))
                c.execute(t.samples.delete().where(t.samples.c.audit_id == row.id))
            now = utcnow()
            c.execute(
                t.samples.insert().values(
                    audit_id=row.id,
                    method=method,
                    seed=seed,
                    population_size=population_size,
                    population_file=population_file,
                    population_sha256=population_sha256,
                    requested=requested,
                    created_at=now,
                    created_by=self.user,
                    criteria=criteria,
                )
            )
            for pos, (pseudonym, data) in enumerate(participants, start=1):
                c.execute(
                    t.participants.insert().values(
                        audit_id=row.id,
                        pseudonym=pseudonym,
                        position=pos,
                        data=json.dumps(data, ensure_ascii=False, default=str),
                    )
                )
            self.log(
                c,
                chain=audit_chain(row.uid),
                audit_id=row.id,
                action="utvalg" if old is None else "nytt utvalg",
                entity="utvalg",
                new={
                    "metode": method,
                    "frø": seed,
                    "populasjon": population_size,
                    "fil": population_file,
                    "sha256": population_sha256,
                    "deltakere": [p for p, _ in participants],
                    **({"kriterier": criteria} if criteria else {}),
                },
            )
        people = tuple(Participant(p, i, dict(d)) for i, (p, d) in enumerate(participants, start=1))
        return Sample(
            method,
            seed,
            population_size,
            population_file,
            population_sha256,
            requested,
            now,
            people,
            criteria,
        )

    def describe_sample(
        self,
        audit_id: int,
        *,
        criteria: str | None = None,
        population_size: int | None = None,
        conn: Connection | None = None,
    ) -> None:
        """Record how a drawn sample was chosen after the fact: its criteria and the size
        of the population it was chosen from (None leaves a value as it is)."""
        with self.tx(conn) as c:
            row = self.audit_row(c, audit_id, lock=True)
            old = c.execute(select(t.samples).where(t.samples.c.audit_id == row.id)).first()
            if old is None:
                raise NotFoundError(f"Tilsyn {row.id} har ikke noe utvalg ennå.")
            values: dict[str, Any] = {}
            if criteria is not None:
                values["criteria"] = criteria
            if population_size is not None:
                values["population_size"] = population_size
            before = {k: getattr(old, k) for k in values}
            if not values or before == values:
                return
            c.execute(t.samples.update().where(t.samples.c.id == old.id).values(**values))
            names = {"criteria": "kriterier", "population_size": "populasjon"}
            self.log(
                c,
                chain=audit_chain(row.uid),
                audit_id=row.id,
                action="beskriv utvalg",
                entity="utvalg",
                old={names[k]: v for k, v in before.items()},
                new={names[k]: v for k, v in values.items()},
            )

    def add_comment(
        self,
        audit_id: int,
        *,
        text: str,
        requirement_ref: str | None,
        response: str | None,
        conn: Connection | None = None,
    ) -> Comment:
        """Record the municipality's comment on the preliminary report (and our response)."""
        with self.tx(conn) as c:
            row = self.audit_row(c, audit_id, lock=True)
            cid = self._insert_logged(
                c,
                row,
                t.comments,
                dict(requirement_ref=requirement_ref, text=text, response=response),
                action="uttalelse",
                entity="uttalelse {id}",
                new={"krav": requirement_ref, "tekst": text, "vår vurdering": response},
            )
        return Comment(cid, requirement_ref, text, response)

    def set_participant_data(
        self,
        audit_id: int,
        updates: Iterable[tuple[str, str, Any]],
        *,
        action: str = "deltakerdata",
        conn: Connection | None = None,
    ) -> int:
        """Set facts of sampled files — (pseudonym, key, value) — in one transaction,
        each change logged; returns how many values changed."""
        with self.tx(conn) as c:
            row = self.audit_row(c, audit_id, lock=True)
            return self._apply_participant_data(c, row, updates, action=action)

    def _apply_participant_data(
        self,
        conn: Any,
        row: Any,
        updates: Iterable[tuple[str, str, Any]],
        *,
        action: str = "deltakerdata",
    ) -> int:
        changed = 0
        people = {
            r.pseudonym: r
            for r in conn.execute(select(t.participants).where(t.participants.c.audit_id == row.id))
        }
        for pseudonym, key, value in updates:
            p = people.get(pseudonym)
            if p is None:
                raise NotFoundError(
                    f"Deltakeren «{pseudonym}» er ikke i utvalget til tilsyn {row.id}."
                )
            data = json.loads(p.data or "{}")
            old = data.get(key)
            if old == value:
                continue
            data[key] = value
            conn.execute(
                t.participants.update()
                .where(t.participants.c.id == p.id)
                .values(data=json.dumps(data, ensure_ascii=False, default=str))
            )
            self.log(
                conn,
                chain=audit_chain(row.uid),
                audit_id=row.id,
                action=action,
                entity=f"deltaker {pseudonym} / {key}",
                old=old,
                new=value,
            )
            changed += 1
        return changed
