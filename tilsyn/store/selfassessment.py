"""Store operations on self-assessments (egenvurderinger), logged in the chain
``egenvurdering:<uid>``."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from tilsyn.audit.selfassessment import (
    SelfAnswer,
    SelfAnswerInput,
    SelfAssessment,
    SelfAssessmentView,
)
from tilsyn.checklist.model import Checklist
from tilsyn.errors import NotFoundError
from tilsyn.store import schema as t
from tilsyn.store.base import Repository, utcnow
from tilsyn.store.snapshots import ensure_snapshot, load_checklist


def self_assessment_chain(uid: str) -> str:
    """The log chain of a self-assessment."""
    return f"egenvurdering:{uid}"


def _record(r: Any) -> SelfAssessment:
    return SelfAssessment(
        id=r.id,
        uid=r.uid,
        municipality_number=r.municipality_number,
        municipality_name=r.municipality_name,
        county=r.county,
        checklist_id=r.checklist_id,
        checklist_version=r.checklist_version,
        year=r.year,
        audit_id=r.audit_id,
        status=r.status,
        created_at=r.created_at,
        created_by=r.created_by,
        origin=r.origin,
    )


class SelfAssessmentRepository(Repository):
    """Self-assessments and their answers."""

    def _sa_row(self, conn: Any, sa_id: int) -> Any:
        row = conn.execute(
            select(t.self_assessments).where(t.self_assessments.c.id == sa_id)
        ).first()
        if row is None:
            raise NotFoundError(
                f"Finner ikke egenvurdering {sa_id}. Se alle med: tilsyn egenvurdering liste"
            )
        return row

    def create(
        self,
        *,
        municipality_number: str,
        municipality_name: str,
        county: str,
        checklist: Checklist,
        year: int,
        audit_id: int | None,
    ) -> SelfAssessment:
        """Create a self-assessment pinned to a snapshot of ``checklist``."""
        uid = str(uuid.uuid4())
        values = dict(
            uid=uid,
            municipality_number=municipality_number,
            municipality_name=municipality_name,
            county=county,
            checklist_id=checklist.id,
            checklist_version=checklist.version,
            year=year,
            audit_id=audit_id,
            status="opprettet",
            created_at=utcnow(),
            created_by=self.user,
        )
        with self.tx() as conn:
            values["checklist_sha256"] = ensure_snapshot(conn, checklist)
            sid = conn.execute(t.self_assessments.insert().values(**values)).inserted_primary_key[0]
            shown = dict(values)
            self.log(
                conn,
                chain=self_assessment_chain(uid),
                audit_id=audit_id,
                action="opprett egenvurdering",
                entity=f"egenvurdering {sid}",
                new=shown,
            )
        return self.get(sid).record

    def get(self, sa_id: int) -> SelfAssessmentView:
        """One self-assessment with its checklist snapshot and answers."""
        with self.read() as conn:
            row = self._sa_row(conn, sa_id)
            checklist = load_checklist(conn, row.checklist_sha256)
            answers = conn.execute(
                select(t.self_assessment_answers)
                .where(t.self_assessment_answers.c.self_assessment_id == row.id)
                .order_by(t.self_assessment_answers.c.id)
            ).all()
        return SelfAssessmentView(
            record=_record(row),
            checklist=checklist,
            answers=tuple(
                SelfAnswer(
                    a.question_ref,
                    a.answer,
                    a.explanation,
                    a.document_refs,
                    a.updated_at,
                    a.updated_by,
                    a.version,
                )
                for a in answers
            ),
        )

    def all(self) -> list[SelfAssessment]:
        with self.read() as conn:
            rows = conn.execute(select(t.self_assessments).order_by(t.self_assessments.c.id)).all()
        return [_record(r) for r in rows]

    def write_answers(
        self,
        sa_id: int,
        items: Iterable[SelfAnswerInput],
        *,
        status: str,
        overwrite: bool = False,
        dry_run: bool = False,
        extra_log: dict[str, Any] | None = None,
    ) -> list[tuple[str, str, str | None, str]]:
        """Write answers and the new status in one transaction (all or nothing).

        Returns (question_ref, kind, old answer, new answer) with kind ny/endret/uendret,
        as :func:`tilsyn.audit.selfassessment.plan_self_changes` decides (the overwrite
        rule lives there).
        """
        from tilsyn.audit.selfassessment import plan_self_changes

        items = list(items)
        with self.tx() as conn:
            row = self._sa_row(conn, sa_id)
            chain = self_assessment_chain(row.uid)
            current = {
                r.question_ref: r
                for r in conn.execute(
                    select(t.self_assessment_answers).where(
                        t.self_assessment_answers.c.self_assessment_id == row.id
                    )
                )
            }
            planned = plan_self_changes(
                {ref: (r.answer, r.explanation, r.document_refs) for ref, r in current.items()},
                items,
                overwrite=overwrite,
            )
            out = [(c.question_ref, c.kind, c.old, c.new) for c in planned]
            if dry_run:
                return out
            now = utcnow()
            for item, (_, kind, _, _) in zip(items, out, strict=True):
                if kind == "uendret":
                    continue
                values = dict(
                    answer=item.answer,
                    explanation=item.explanation,
                    document_refs=item.document_refs,
                    updated_at=now,
                    updated_by=self.user,
                )
                old = current.get(item.question_ref)
                if old is None:
                    conn.execute(
                        t.self_assessment_answers.insert().values(
                            self_assessment_id=row.id,
                            question_ref=item.question_ref,
                            version=1,
                            **values,
                        )
                    )
                else:
                    conn.execute(
                        t.self_assessment_answers.update()
                        .where(t.self_assessment_answers.c.id == old.id)
                        .values(version=old.version + 1, **values)
                    )
                self.log(
                    conn,
                    chain=chain,
                    audit_id=row.audit_id,
                    action="egenvurdering svar",
                    entity=f"svar {item.question_ref}",
                    old=None
                    if old is None
                    else {
                        "svar": old.answer,
                        "forklaring": old.explanation,
                        "dokumenter": old.document_refs,
                    },
                    new={
                        "svar": item.answer,
                        "forklaring": item.explanation,
                        "dokumenter": item.document_refs,
                    },
                )
            if status != row.status:
                conn.execute(
                    t.self_assessments.update()
                    .where(t.self_assessments.c.id == row.id)
                    .values(status=status)
                )
                self.log(
                    conn,
                    chain=chain,
                    audit_id=row.audit_id,
                    action="status",
                    entity=f"egenvurdering {row.id}",
                    old=row.status,
                    new=status,
                )
            if extra_log:
                extra = dict(extra_log)
                self.log(
                    conn,
                    chain=chain,
                    audit_id=row.audit_id,
                    action=extra.pop("action"),
                    entity=extra.pop("entity"),
                    new=extra,
                )
        return out
