"""Store operations on an audit's evidence: the document register, interviews, the
sample of participant files (and facts per file), and the municipality's comments.
Every change is logged in the audit's hash chain."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, select

from tilsyn.errors import NotFoundError, UsageError
from tilsyn.audit.models import CommentRecord, DocumentRecord, InterviewRecord, SampleRecord
from tilsyn.store import schema as t
from tilsyn.store.base import StoreBase, audit_chain, utcnow


class EvidenceOps(StoreBase):
    """Documents, interviews, sample and comments (mixed into :class:`tilsyn.store.Store`)."""

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
    ) -> DocumentRecord:
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
        return DocumentRecord(number, title, when, kind, path, sha256)

    def add_interview(
        self,
        audit_id: int,
        *,
        role: str,
        when: date,
        name: str | None = None,
        note: str | None = None,
    ) -> InterviewRecord:
        """Record an interview (by role)."""
        with self.tx() as conn:
            row = self.audit_row(conn, audit_id, lock=True)
            iid = self._insert_logged(
                conn,
                row,
                t.interviews,
                dict(role=role, date=when, name=name, note=note),
                action="intervju",
                entity="intervju {id}",
                new={"rolle": role, "dato": when, "navn": name},
            )
        return InterviewRecord(iid, role, when, name, note)

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
        replace: bool = False,
    ) -> SampleRecord:
        """Store the sample of participant files (refuses to replace one already scored)."""
        with self.tx() as conn:
            row = self.audit_row(conn, audit_id, lock=True)
            old = conn.execute(select(t.samples).where(t.samples.c.audit_id == row.id)).first()
            if old is not None:
                if not replace:
                    raise UsageError(
                        f"Tilsyn {row.id} har allerede et utvalg. Bruk --erstatt for å trekke "
                        "på nytt (bare mulig før deltakermappene er vurdert)."
                    )
                scored = conn.execute(
                    select(func.count())
                    .select_from(t.answers)
                    .where(t.answers.c.audit_id == row.id, t.answers.c.participant != "")
                ).scalar()
                if scored:
                    raise UsageError(
                        f"Utvalget i tilsyn {row.id} kan ikke erstattes: {scored} svar er "
                        "allerede registrert for deltakermappene."
                    )
                conn.execute(t.participants.delete().where(t.participants.c.audit_id == row.id))
                conn.execute(t.samples.delete().where(t.samples.c.audit_id == row.id))
            now = utcnow()
            conn.execute(
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
                )
            )
            for pos, (pseudonym, data) in enumerate(participants, start=1):
                conn.execute(
                    t.participants.insert().values(
                        audit_id=row.id,
                        pseudonym=pseudonym,
                        position=pos,
                        data=json.dumps(data, ensure_ascii=False, default=str),
                    )
                )
            self.log(
                conn,
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
                },
            )
        return self.view(audit_id).sample  # type: ignore[return-value]

    def add_comment(
        self, audit_id: int, *, text: str, requirement_ref: str | None, response: str | None
    ) -> CommentRecord:
        """Record the municipality's comment on the preliminary report (and our response)."""
        with self.tx() as conn:
            row = self.audit_row(conn, audit_id, lock=True)
            have = {
                e.type
                for e in conn.execute(select(t.events.c.type).where(t.events.c.audit_id == row.id))
            }
            if "forelopig" not in have:
                raise UsageError(
                    "Kommunens merknader kan først registreres når foreløpig rapport er sendt "
                    f"(tilsyn hendelse {row.id} forelopig)."
                )
            cid = self._insert_logged(
                conn,
                row,
                t.comments,
                dict(requirement_ref=requirement_ref, text=text, response=response),
                action="uttalelse",
                entity="merknad {id}",
                new={"krav": requirement_ref, "tekst": text, "vår vurdering": response},
            )
        return CommentRecord(cid, requirement_ref, text, response)

    def set_participant_data(self, audit_id: int, pseudonym: str, key: str, value: Any) -> None:
        """Set one fact for a sampled file (logged)."""
        with self.tx() as conn:
            row = self.audit_row(conn, audit_id, lock=True)  # type: ignore[attr-defined]
            p = conn.execute(
                select(t.participants).where(
                    t.participants.c.audit_id == row.id, t.participants.c.pseudonym == pseudonym
                )
            ).first()
            if p is None:
                raise NotFoundError(f"Deltakeren «{pseudonym}» er ikke i utvalget.")
            data = json.loads(p.data or "{}")
            old = data.get(key)
            if old == value:
                return
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
                action="deltakerdata",
                entity=f"deltaker {pseudonym} {key}",
                old=old,
                new=value,
            )
