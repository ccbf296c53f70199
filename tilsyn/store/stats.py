"""Bulk reads for statistics, and the bulk insert of synthetic data (issue 7).

Statistics read the whole store in a fixed number of queries (eleven at most, whatever the
number of audits): no per-audit queries. Answers are aggregated in SQL to (audit, question,
answer) counts, and only for answer values that can mean breach; self-assessment
answers are read as they are (one row per question). Checklist snapshots are stored once
each (``checklist_snapshots``) and read and parsed once per distinct snapshot, never per
audit.

The office of an audit is NOT stored: it is derived from the municipality's county and
the year (``tilsyn.stats.compute.office_of``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, select

from tilsyn.audit.logchain import GENESIS, entry_hash
from tilsyn.audit.logchain import canonical as _canonical
from tilsyn.checklist.model import Checklist
from tilsyn.stats.rows import (
    AuditRow,
    BreachRow,
    ConclusionRow,
    NewAudit,
    NewSelfAssessment,
    SelfAnswerRow,
    SelfAssessmentRow,
    StatsData,
    ViolationRow,
)
from tilsyn.store import schema as t
from tilsyn.store.base import Repository, audit_chain, utcnow
from tilsyn.store.snapshots import ensure_snapshots, load_checklists

SYNTHETIC_ACTION = "syntetisk"
"""Log action of the one log entry written per synthetic audit or self-assessment."""
SYNTHETIC_REASON = "Retting sannsynliggjort (syntetiske data)."
"""Assessment reason of the correction points of a closed synthetic order."""


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def self_assessment_chain(uid: str) -> str:
    """The log chain of a self-assessment."""
    return f"egenvurdering:{uid}"


class StatsRepository(Repository):
    """Read-only statistics queries and the synthetic bulk insert (mixed into Store)."""

    # --- reading ---

    def data(
        self, *, checklist_id: str | None = None, municipality_numbers: Sequence[str] | None = None
    ) -> StatsData:
        """Everything statistics need, in one read snapshot and at most eleven queries.

        ``checklist_id`` and ``municipality_numbers`` narrow the rows in SQL; the other
        filters (years, county, office) are applied by ``tilsyn.stats.compute``.
        """
        a, sa = t.audits, t.self_assessments
        audit_where: list[Any] = []
        sa_where: list[Any] = []
        if checklist_id:
            audit_where.append(a.c.checklist_id == checklist_id)
            sa_where.append(sa.c.checklist_id == checklist_id)
        if municipality_numbers:
            audit_where.append(a.c.municipality_number.in_(list(municipality_numbers)))
            sa_where.append(sa.c.municipality_number.in_(list(municipality_numbers)))
        audit_ids = select(a.c.id).where(*audit_where) if audit_where else None
        with self.read() as conn:
            checklists = self._stats_checklists(conn)
            audits = self._stats_audits(conn, audit_where)
            conclusions = tuple(
                ConclusionRow(r.audit_id, r.requirement_ref, r.outcome)
                for r in conn.execute(
                    select(
                        t.conclusions.c.audit_id,
                        t.conclusions.c.requirement_ref,
                        t.conclusions.c.outcome,
                    ).where(
                        *(
                            [t.conclusions.c.audit_id.in_(audit_ids)]
                            if audit_ids is not None
                            else []
                        )
                    )
                )
            )
            breaches = self._stats_breaches(conn, checklists, audit_ids)
            violations = self._stats_violations(conn, audit_ids)
            assessments = tuple(
                SelfAssessmentRow(
                    r.id,
                    r.municipality_number,
                    r.municipality_name,
                    r.county,
                    r.checklist_id,
                    r.checklist_version,
                    r.year,
                    r.audit_id,
                    r.status,
                )
                for r in conn.execute(
                    select(
                        sa.c.id,
                        sa.c.municipality_number,
                        sa.c.municipality_name,
                        sa.c.county,
                        sa.c.checklist_id,
                        sa.c.checklist_version,
                        sa.c.year,
                        sa.c.audit_id,
                        sa.c.status,
                    )
                    .where(*sa_where)
                    .order_by(sa.c.id)
                )
            )
            san = t.self_assessment_answers
            q = select(san.c.self_assessment_id, san.c.question_ref, san.c.answer)
            if sa_where:
                q = q.where(san.c.self_assessment_id.in_(select(sa.c.id).where(*sa_where)))
            self_answers = tuple(SelfAnswerRow(*r) for r in conn.execute(q))
        return StatsData(
            audits=audits,
            conclusions=conclusions,
            breaches=breaches,
            violations=violations,
            self_assessments=assessments,
            self_answers=self_answers,
            checklists=checklists,
        )

    def _stats_checklists(self, conn: Connection) -> dict[tuple[str, str], Checklist]:
        # The snapshots in use, each with the first row using it: one query per table,
        # one for the snapshot texts not yet parsed in this process.
        used: list[tuple[int, int, str]] = []
        for order, table in enumerate((t.audits, t.self_assessments)):
            used.extend(
                (order, first, sha)
                for sha, first in conn.execute(
                    select(table.c.checklist_sha256, func.min(table.c.id)).group_by(
                        table.c.checklist_sha256
                    )
                )
            )
        used.sort()
        parsed = load_checklists(conn, [sha for *_, sha in used])
        out: dict[tuple[str, str], Checklist] = {}
        for *_, sha in used:
            cl = parsed[sha]
            # Two snapshots of one (id, version) (a checklist edited without a new version
            # number): the one the earliest audit, then self-assessment, was pinned to.
            out.setdefault((cl.id, cl.version), cl)
        return out

    def _stats_audits(self, conn: Connection, where: list[Any]) -> tuple[AuditRow, ...]:
        a, e = t.audits, t.events
        dates: dict[int, dict[str, date]] = {}
        q = (
            select(e.c.audit_id, e.c.type, func.min(e.c.date))
            .where(e.c.type.in_(("varsel", "endelig", "avsluttet")))
            .group_by(e.c.audit_id, e.c.type)
        )
        if where:
            q = q.where(e.c.audit_id.in_(select(a.c.id).where(*where)))
        for audit_id, kind, when in conn.execute(q):
            dates.setdefault(audit_id, {})[kind] = _as_date(when)
        out = []
        for r in conn.execute(
            select(
                a.c.id,
                a.c.municipality_number,
                a.c.municipality_name,
                a.c.county,
                a.c.checklist_id,
                a.c.checklist_version,
                a.c.status,
                a.c.created_at,
            )
            .where(*where)
            .order_by(a.c.id)
        ):
            d = dates.get(r.id, {})
            notice = d.get("varsel")
            year = notice.year if notice else int(r.created_at[:4])
            out.append(
                AuditRow(
                    r.id,
                    r.municipality_number,
                    r.municipality_name,
                    r.county,
                    r.checklist_id,
                    r.checklist_version,
                    r.status,
                    year,
                    notice,
                    d.get("endelig"),
                    d.get("avsluttet"),
                )
            )
        return tuple(out)

    def _stats_breaches(
        self, conn: Connection, checklists: dict[tuple[str, str], Checklist], audit_ids: Any
    ) -> tuple[BreachRow, ...]:
        # Only values some checklist declares as breach; compute checks the meaning per
        # checklist version again (a value may mean breach in one checklist only).
        values = sorted(
            {
                o.value
                for cl in checklists.values()
                for _, _, qn in cl.questions()
                for o in cl.options_for(qn)
                if o.meaning == "brudd"
            }
        )
        if not values:
            return ()
        an = t.answers
        q = (
            select(an.c.audit_id, an.c.question_ref, an.c.answer, func.count())
            .where(an.c.answer.in_(values))
            .group_by(an.c.audit_id, an.c.question_ref, an.c.answer)
        )
        if audit_ids is not None:
            q = q.where(an.c.audit_id.in_(audit_ids))
        return tuple(BreachRow(*r) for r in conn.execute(q))

    def _stats_violations(self, conn: Connection, audit_ids: Any) -> tuple[ViolationRow, ...]:
        v, dc = t.violations, t.deadline_changes
        first: dict[int, date] = {}
        q = select(dc.c.violation_id, dc.c.old_deadline).order_by(dc.c.id)
        if audit_ids is not None:
            q = q.where(dc.c.violation_id.in_(select(v.c.id).where(v.c.audit_id.in_(audit_ids))))
        for vid, old in conn.execute(q):
            first.setdefault(vid, _as_date(old))
        q = select(
            v.c.id,
            v.c.audit_id,
            v.c.requirement_ref,
            v.c.status,
            v.c.closed_at,
            v.c.rectification_deadline,
        ).order_by(v.c.id)
        if audit_ids is not None:
            q = q.where(v.c.audit_id.in_(audit_ids))
        out = []
        for r in conn.execute(q):
            now = _as_date(r.rectification_deadline)
            out.append(
                ViolationRow(
                    r.id,
                    r.audit_id,
                    r.requirement_ref,
                    r.status,
                    _as_date(r.closed_at),
                    first.get(r.id, now),
                    now,
                    r.id in first,
                )
            )
        return tuple(out)

    # --- bulk insert of synthetic data ---

    def insert_synthetic(
        self,
        audits: Sequence[NewAudit],
        self_assessments: Sequence[NewSelfAssessment] = (),
        *,
        progress: Callable[[int], None] | None = None,
        chunk: int = 500,
    ) -> list[int]:
        """Insert generated audits (with events, sample, answers, conclusions, violations,
        correction points, deadline changes and linked self-assessments) and free-standing
        self-assessments in one transaction, with executemany per table.

        Each audit and self-assessment gets ONE log entry (action ``syntetisk``) that
        records it as generated data, instead of one entry per answer. ``progress`` is
        called with the number of audits written after each chunk. Returns the audit ids.
        """
        now = utcnow()
        # Each distinct checklist is serialised and stored once (checklist_snapshots);
        # the rows only carry its sha256.
        checklists = {id(x.checklist): x.checklist for x in (*audits, *self_assessments)}
        checklists.update(
            (id(x.self_assessment.checklist), x.self_assessment.checklist)
            for x in audits
            if x.self_assessment is not None
        )
        snapshots: dict[int, str] = {}

        def snap(cl: Checklist) -> str:
            return snapshots[id(cl)]

        def next_id(conn: Connection, table: Any) -> int:
            return (conn.execute(select(func.max(table.c.id))).scalar() or 0) + 1

        ids: list[int] = []
        with self.tx() as conn:
            keys = list(checklists)
            shas = ensure_snapshots(
                conn, [(cl.model_dump_json(), cl.id, cl.version) for cl in checklists.values()]
            )
            snapshots.update(zip(keys, shas, strict=True))
            aid = next_id(conn, t.audits)
            vid = next_id(conn, t.violations)
            said = next_id(conn, t.self_assessments)
            for start in range(0, len(audits), chunk):
                rows: dict[str, list[dict[str, Any]]] = {
                    k: []
                    for k in (
                        "audits",
                        "events",
                        "samples",
                        "participants",
                        "answers",
                        "conclusions",
                        "violations",
                        "correction_points",
                        "deadline_changes",
                        "self_assessments",
                        "self_assessment_answers",
                        "log",
                    )
                }
                for new in audits[start : start + chunk]:
                    uid = str(uuid.uuid4())
                    rows["audits"].append(
                        dict(
                            id=aid,
                            uid=uid,
                            municipality_number=new.municipality_number,
                            municipality_name=new.municipality_name,
                            county=new.county,
                            checklist_id=new.checklist.id,
                            checklist_version=new.checklist.version,
                            checklist_sha256=snap(new.checklist),
                            case_number=None,
                            title=new.title,
                            lead=None,
                            auditors="[]",
                            regime=new.regime,
                            status=new.status,
                            created_at=new.created_at,
                            created_by=self.user,
                            version=1,
                        )
                    )
                    rows["log"].append(
                        self._synthetic_log(
                            audit_chain(uid),
                            aid,
                            f"tilsyn {aid}",
                            {
                                "kommune": new.municipality_number,
                                "sjekkliste": new.checklist.id,
                                "syntetisk": True,
                            },
                        )
                    )
                    for kind, when in new.events:
                        rows["events"].append(
                            dict(
                                audit_id=aid,
                                type=kind,
                                date=when,
                                note=None,
                                created_at=now,
                                created_by=self.user,
                            )
                        )
                    if new.participants:
                        rows["samples"].append(
                            dict(
                                audit_id=aid,
                                method="tilfeldig",
                                seed="syntetisk",
                                population_size=len(new.participants),
                                population_file=None,
                                population_sha256=None,
                                requested=len(new.participants),
                                created_at=now,
                                created_by=self.user,
                            )
                        )
                        rows["participants"].extend(
                            dict(audit_id=aid, pseudonym=p, position=i, data="{}")
                            for i, p in enumerate(new.participants, start=1)
                        )
                    rows["answers"].extend(
                        dict(
                            audit_id=aid,
                            question_ref=q,
                            participant=p,
                            answer=ans,
                            sources="[]",
                            updated_at=now,
                            updated_by=self.user,
                            version=1,
                        )
                        for q, p, ans in new.answers
                    )
                    rows["conclusions"].extend(
                        dict(
                            audit_id=aid,
                            requirement_ref=r,
                            proposed=prop,
                            outcome=out,
                            updated_at=now,
                            updated_by=self.user,
                            version=1,
                        )
                        for r, prop, out in new.conclusions
                    )
                    for v in new.violations:
                        rows["violations"].append(
                            dict(
                                id=vid,
                                audit_id=aid,
                                number=v.number,
                                requirement_ref=v.requirement_ref,
                                title=v.title,
                                order_text=v.order_text,
                                regime=v.regime,
                                plan_deadline=v.plan_deadline,
                                rectification_deadline=v.rectification_deadline,
                                feedback_deadline=v.feedback_deadline,
                                status=v.status,
                                created_at=v.created_at,
                                closed_at=v.closed_at,
                                version=1,
                            )
                        )
                        rows["correction_points"].extend(
                            dict(
                                violation_id=vid,
                                ref_id=ref,
                                text=text,
                                assessment="rettet" if v.closed_at else None,
                                assessment_reason=SYNTHETIC_REASON if v.closed_at else None,
                                assessed_at=v.closed_at,
                                assessed_by=self.user if v.closed_at else None,
                            )
                            for ref, text in v.points
                        )
                        if v.first_deadline is not None:
                            rows["deadline_changes"].append(
                                dict(
                                    violation_id=vid,
                                    old_deadline=v.first_deadline,
                                    new_deadline=v.rectification_deadline,
                                    reason=v.move_reason or "Ny frist.",
                                    created_at=now,
                                    created_by=self.user,
                                )
                            )
                        vid += 1
                    if new.self_assessment is not None:
                        self._synthetic_sa(rows, said, new.self_assessment, snap, aid)
                        said += 1
                    ids.append(aid)
                    aid += 1
                self._insert_rows(conn, rows)
                if progress is not None:
                    progress(len(ids))
            rows = {k: [] for k in ("self_assessments", "self_assessment_answers", "log")}
            for new_sa in self_assessments:
                self._synthetic_sa(rows, said, new_sa, snap, None)
                said += 1
            self._insert_rows(conn, rows)
            if conn.dialect.name == "postgresql":
                # Ids were given explicitly: move the sequences past them.
                for table in ("audits", "violations", "self_assessments"):
                    conn.exec_driver_sql(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
                    )
            self.log(
                conn,
                chain="global",
                audit_id=None,
                action=SYNTHETIC_ACTION,
                entity="datasett",
                new={
                    "tilsyn": len(audits),
                    "egenvurderinger": len(self_assessments)
                    + sum(1 for x in audits if x.self_assessment is not None),
                },
            )
        return ids

    def _synthetic_sa(
        self,
        rows: dict[str, list[dict[str, Any]]],
        said: int,
        new: NewSelfAssessment,
        snap: Callable[[Checklist], str],
        audit_id: int | None,
    ) -> None:
        uid = str(uuid.uuid4())
        rows["self_assessments"].append(
            dict(
                id=said,
                uid=uid,
                municipality_number=new.municipality_number,
                municipality_name=new.municipality_name,
                county=new.county,
                checklist_id=new.checklist.id,
                checklist_version=new.checklist.version,
                checklist_sha256=snap(new.checklist),
                year=new.year,
                audit_id=audit_id,
                status=new.status,
                created_at=new.created_at,
                created_by=self.user,
            )
        )
        rows["self_assessment_answers"].extend(
            dict(
                self_assessment_id=said,
                question_ref=q,
                answer=ans,
                explanation=None,
                document_refs=None,
                updated_at=new.created_at,
                updated_by=self.user,
                version=1,
            )
            for q, ans in new.answers
        )
        rows["log"].append(
            self._synthetic_log(
                self_assessment_chain(uid),
                audit_id,
                f"egenvurdering {said}",
                {"kommune": new.municipality_number, "ar": new.year, "syntetisk": True},
            )
        )

    def _synthetic_log(
        self, chain: str, audit_id: int | None, entity: str, new: dict[str, Any]
    ) -> dict[str, Any]:
        # A fresh chain: seq 1 after the genesis hash, so no lookup of the chain's end.
        at = utcnow()
        new_s = _canonical(new)
        digest = entry_hash(
            GENESIS,
            chain=chain,
            seq=1,
            at=at,
            user=self.user,
            action=SYNTHETIC_ACTION,
            entity=entity,
            old=None,
            new=new_s,
        )
        return dict(
            chain=chain,
            seq=1,
            audit_id=audit_id,
            at=at,
            user=self.user,
            action=SYNTHETIC_ACTION,
            entity=entity,
            old=None,
            new=new_s,
            prev_hash=GENESIS,
            hash=digest,
        )

    @staticmethod
    def _insert_rows(conn: Connection, rows: dict[str, list[dict[str, Any]]]) -> None:
        tables = {
            "audits": t.audits,
            "events": t.events,
            "samples": t.samples,
            "participants": t.participants,
            "answers": t.answers,
            "conclusions": t.conclusions,
            "violations": t.violations,
            "correction_points": t.correction_points,
            "deadline_changes": t.deadline_changes,
            "self_assessments": t.self_assessments,
            "self_assessment_answers": t.self_assessment_answers,
            "log": t.log_entries,
        }
        # Each audit row carries its log chain's anchor (count and newest hash).
        heads = {e["chain"]: (e["seq"], e["hash"]) for e in rows.get("log", []) if e["chain"]}
        for audit in rows.get("audits", []):
            audit["log_count"], audit["log_head"] = heads.get(
                audit_chain(audit["uid"]), (None, None)
            )
        # Parents before children (foreign keys are ON).
        for key in tables:
            if rows.get(key):
                conn.execute(tables[key].insert(), rows[key])


__all__ = ["SYNTHETIC_ACTION", "StatsRepository", "self_assessment_chain"]
