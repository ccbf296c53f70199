"""Bulk reads for statistics, and the bulk insert of synthetic data.

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
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, or_, select

from tilsyn.audit.logchain import GENESIS, entry_hash
from tilsyn.audit.logchain import canonical as _canonical
from tilsyn.checklist.model import Checklist
from tilsyn.stats.rows import (
    AuditRow,
    BreachRow,
    ConclusionRow,
    NewAudit,
    NewHistoricAudit,
    NewSelfAssessment,
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
IMPORTED_ACTION = "importert"
"""Log action of the one log entry written per imported audit or self-assessment (and
the origin stored on them)."""
"""Assessment reason of the correction points of a closed synthetic order."""


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


_PAIR = "\x1f"  # between a question ref and its answer
_ITEM = "\x1e"  # between answers


def _rows(conn: Connection, query: Any) -> list[tuple[Any, ...]]:
    """The rows of ``query`` as plain tuples, straight from the driver's cursor."""
    compiled = query.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    if compiled.positional:
        params = tuple(params[name] for name in compiled.positiontup)
    cursor = conn.connection.driver_connection.cursor()
    try:
        cursor.execute(str(compiled), params)
        return cursor.fetchall()
    finally:
        cursor.close()


def _like_prefix(text: str) -> str:
    """``text`` for a LIKE pattern, its wildcards escaped (escape character: backslash)."""
    return text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _stamp(day: date) -> str:
    """A day as a stored UTC timestamp text (noon)."""
    return f"{day.isoformat()}T12:00:00.000000+00:00"


def _day(stamp: str | None) -> date | None:
    """The date of a stored UTC timestamp text."""
    return None if not stamp else date.fromisoformat(stamp[:10])


def self_assessment_chain(uid: str) -> str:
    """The log chain of a self-assessment."""
    return f"egenvurdering:{uid}"


class StatsRepository(Repository):
    """Read-only statistics queries and the bulk inserts of synthetic data and imported
    history (mixed into Store)."""

    # --- reading ---

    def data(
        self,
        *,
        checklist: str | None = None,
        municipality_numbers: Sequence[str] | None = None,
    ) -> StatsData:
        """Everything statistics need, in one read snapshot and a fixed number of queries.

        ``checklist`` (an id, or the start of the ids of a theme's sub-themes:
        ``integreringsplan``) and ``municipality_numbers`` narrow the rows in SQL; the
        other filters (years, county, office, the ``--per`` date) are applied by
        ``tilsyn.stats.compute``. Rows come through the driver's cursor as plain tuples:
        a national store has tens of thousands of them and SQLAlchemy's row objects
        cost more than the query.
        """
        a, sa = t.audits, t.self_assessments
        audit_where: list[Any] = []
        sa_where: list[Any] = []
        if checklist:
            for table, where in ((a, audit_where), (sa, sa_where)):
                where.append(
                    or_(
                        func.lower(table.c.checklist_id) == checklist.lower(),
                        func.lower(table.c.checklist_id).like(
                            _like_prefix(checklist) + "-%", escape="\\"
                        ),
                    )
                )
        if municipality_numbers:
            audit_where.append(a.c.municipality_number.in_(list(municipality_numbers)))
            sa_where.append(sa.c.municipality_number.in_(list(municipality_numbers)))
        audit_ids = select(a.c.id).where(*audit_where) if audit_where else None
        with self.read() as conn:
            checklists = self._stats_checklists(conn)
            audits = self._stats_audits(conn, audit_where)
            c = t.conclusions
            q = select(c.c.audit_id, c.c.requirement_ref, c.c.outcome, c.c.updated_at)
            if audit_ids is not None:
                q = q.where(c.c.audit_id.in_(audit_ids))
            conclusions = tuple(
                ConclusionRow(aid, ref, outcome, _day(at))
                for aid, ref, outcome, at in _rows(conn, q)
            )
            breaches = self._stats_breaches(conn, checklists, audit_ids)
            violations = self._stats_violations(conn, audit_ids)
            assessments = tuple(
                SelfAssessmentRow(*r)
                for r in _rows(
                    conn,
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
                        sa.c.origin,
                    )
                    .where(*sa_where)
                    .order_by(sa.c.id),
                )
            )
            self_answers = self._stats_self_answers(conn, sa_where)
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
        a, e, h = t.audits, t.events, t.history_imports
        dates: dict[int, dict[str, date]] = {}
        q = (
            select(e.c.audit_id, e.c.type, func.min(e.c.date))
            .where(e.c.type.in_(("varsel", "endelig", "avsluttet")))
            .group_by(e.c.audit_id, e.c.type)
        )
        if where:
            q = q.where(e.c.audit_id.in_(select(a.c.id).where(*where)))
        for audit_id, kind, when in _rows(conn, q):
            dates.setdefault(audit_id, {})[kind] = _as_date(when)
        offices = dict(_rows(conn, select(h.c.audit_id, h.c.office_id)))
        out = []
        for (
            aid,
            number,
            name,
            county,
            cid,
            version,
            status,
            created_at,
            origin,
            stored_year,
        ) in _rows(
            conn,
            select(
                a.c.id,
                a.c.municipality_number,
                a.c.municipality_name,
                a.c.county,
                a.c.checklist_id,
                a.c.checklist_version,
                a.c.status,
                a.c.created_at,
                a.c.origin,
                a.c.year,
            )
            .where(*where)
            .order_by(a.c.id),
        ):
            d = dates.get(aid, {})
            notice = d.get("varsel")
            year = notice.year if notice else stored_year or int(created_at[:4])
            out.append(
                AuditRow(
                    aid,
                    number,
                    name,
                    county,
                    cid,
                    version,
                    status,
                    year,
                    notice,
                    d.get("endelig"),
                    d.get("avsluttet"),
                    origin,
                    offices.get(aid),
                    _day(created_at),
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
        return tuple(BreachRow(*r) for r in _rows(conn, q))

    def _stats_violations(self, conn: Connection, audit_ids: Any) -> tuple[ViolationRow, ...]:
        v, dc = t.violations, t.deadline_changes
        first: dict[int, tuple[date | None, date | None]] = {}
        q = select(dc.c.violation_id, dc.c.old_deadline, dc.c.created_at).order_by(dc.c.id)
        if audit_ids is not None:
            q = q.where(dc.c.violation_id.in_(select(v.c.id).where(v.c.audit_id.in_(audit_ids))))
        for vid, old, at in _rows(conn, q):
            if vid not in first:
                first[vid] = (_as_date(old), _day(at))
        q = select(
            v.c.id,
            v.c.audit_id,
            v.c.requirement_ref,
            v.c.status,
            v.c.closed_at,
            v.c.rectification_deadline,
            v.c.created_at,
        ).order_by(v.c.id)
        if audit_ids is not None:
            q = q.where(v.c.audit_id.in_(audit_ids))
        out = []
        for vid, aid, ref, status, closed_at, deadline, created_at in _rows(conn, q):
            now = _as_date(deadline)
            moved = first.get(vid)
            out.append(
                ViolationRow(
                    vid,
                    aid,
                    ref,
                    status,
                    _as_date(closed_at),
                    moved[0] if moved else now,
                    now,
                    moved is not None,
                    _day(created_at),
                    moved[1] if moved else None,
                )
            )
        return tuple(out)

    def _stats_self_answers(
        self, conn: Connection, sa_where: list[Any]
    ) -> dict[int, dict[str, str]]:
        # One row per self-assessment with its answers joined in one string (a national
        # store has ~170 000 answers; one row each costs more than the query). The
        # separators are control characters, which free text never holds (guard_text).
        san, sa = t.self_assessment_answers, t.self_assessments
        q = select(
            san.c.self_assessment_id,
            func.aggregate_strings(san.c.question_ref + _PAIR + san.c.answer, _ITEM),
        ).group_by(san.c.self_assessment_id)
        if sa_where:
            q = q.where(san.c.self_assessment_id.in_(select(sa.c.id).where(*sa_where)))
        return {
            sid: dict(item.split(_PAIR, 1) for item in joined.split(_ITEM))
            for sid, joined in _rows(conn, q)
            if joined
        }

    def history_import(self, audit_id: int) -> dict[str, Any] | None:
        """Where an imported audit came from (file, rows, office, when, by whom)."""
        h = t.history_imports
        with self.read() as conn:
            row = conn.execute(select(h).where(h.c.audit_id == audit_id)).first()
        return None if row is None else dict(row._mapping)

    def audit_keys(self) -> list[tuple[int, str, str, int, str | None, str | None]]:
        """(id, municipality number, checklist id, year, case number, origin) of every
        audit, the year as statistics count it, in two queries."""
        a, e = t.audits, t.events
        with self.read() as conn:
            notices = dict(
                _rows(
                    conn,
                    select(e.c.audit_id, func.min(e.c.date))
                    .where(e.c.type == "varsel")
                    .group_by(e.c.audit_id),
                )
            )
            found = _rows(
                conn,
                select(
                    a.c.id,
                    a.c.municipality_number,
                    a.c.checklist_id,
                    a.c.case_number,
                    a.c.origin,
                    a.c.year,
                    a.c.created_at,
                ),
            )
        out = []
        for aid, number, cid, case, origin, year, created in found:
            notice = _as_date(notices.get(aid))
            counted = notice.year if notice else year or int(created[:4])
            out.append((aid, number, cid, counted, case, origin))
        return out

    def self_assessment_keys(self) -> list[tuple[int, str, str, int, str, int | None]]:
        """(id, municipality number, checklist id, year, status, audit id) of every
        self-assessment."""
        sa = t.self_assessments
        with self.read() as conn:
            return [
                tuple(r)
                for r in _rows(
                    conn,
                    select(
                        sa.c.id,
                        sa.c.municipality_number,
                        sa.c.checklist_id,
                        sa.c.year,
                        sa.c.status,
                        sa.c.audit_id,
                    ),
                )
            ]

    def insert_history(
        self, audits: Sequence[NewHistoricAudit], *, source: str, sha256: str
    ) -> list[int]:
        """Insert imported audits (closed, read-only: origin ``importert``) with their
        conclusions, final report and closing events, where they came from, one log entry
        each and one for the import, in one transaction. Returns the audit ids."""
        now = utcnow()
        batch = str(uuid.uuid4())
        ids: list[int] = []
        rows: dict[str, list[dict[str, Any]]] = {
            k: [] for k in ("audits", "events", "conclusions", "history_imports", "log")
        }
        with self.tx() as conn:
            shas = _snapshot_shas(conn, (x.checklist for x in audits))
            aid = (conn.execute(select(func.max(t.audits.c.id))).scalar() or 0) + 1
            for new in audits:
                uid = str(uuid.uuid4())
                rows["audits"].append(
                    _closed_audit_row(
                        new,
                        aid,
                        uid,
                        shas[id(new.checklist)],
                        case_number=new.case_number,
                        status="avsluttet",
                        created_at=now,
                        created_by=self.user,
                        origin=IMPORTED_ACTION,
                        year=new.year,
                    )
                )
                for kind, when in (("endelig", new.final_report), ("avsluttet", new.closed)):
                    if when is not None:
                        rows["events"].append(
                            dict(
                                audit_id=aid,
                                type=kind,
                                date=when,
                                note=f"Importert fra {source}.",
                                created_at=now,
                                created_by=self.user,
                            )
                        )
                rows["conclusions"].extend(
                    dict(
                        audit_id=aid,
                        requirement_ref=ref,
                        proposed=None,
                        outcome=outcome,
                        reason=f"Importert fra {source}, rad {new.rows}.",
                        updated_at=now,
                        updated_by=self.user,
                        version=1,
                    )
                    for ref, outcome in new.conclusions
                )
                rows["history_imports"].append(
                    dict(
                        audit_id=aid,
                        batch=batch,
                        source=source,
                        sha256=sha256,
                        rows=new.rows,
                        office_id=new.office_id,
                        imported_at=now,
                        imported_by=self.user,
                    )
                )
                rows["log"].append(
                    self._synthetic_log(
                        audit_chain(uid),
                        aid,
                        f"tilsyn {aid}",
                        {
                            "kommune": new.municipality_number,
                            "ar": new.year,
                            "sjekkliste": new.checklist.id,
                            "kontor": new.office_id,
                            "saksnummer": new.case_number,
                            "endelig": new.final_report,
                            "avsluttet": new.closed,
                            "konklusjoner": dict(new.conclusions),
                            "fil": source,
                            "sha256": sha256,
                            "rader": new.rows,
                        },
                        IMPORTED_ACTION,
                    )
                )
                ids.append(aid)
                aid += 1
            self._insert_rows(conn, rows)
            self._fix_sequences(conn, ("audits",))
            self.log(
                conn,
                chain="global",
                audit_id=None,
                action="importer historikk",
                entity=source,
                new={"fil": source, "sha256": sha256, "tilsyn": ids, "parti": batch},
            )
        return ids

    def insert_self_assessments(
        self,
        items: Sequence[tuple[NewSelfAssessment, int | None]],
        *,
        source: str,
        sha256: str,
    ) -> list[int]:
        """Insert self-assessments loaded in bulk (each linked to an audit or None) with
        their answers and one log entry each, in one transaction. Returns their ids."""
        with self.tx() as conn:
            shas = _snapshot_shas(conn, (x.checklist for x, _ in items))
            said = (conn.execute(select(func.max(t.self_assessments.c.id))).scalar() or 0) + 1
            rows: dict[str, list[dict[str, Any]]] = {
                k: [] for k in ("self_assessments", "self_assessment_answers", "log")
            }
            ids = []
            for new, audit_id in items:
                self._synthetic_sa(rows, said, new, lambda cl: shas[id(cl)], audit_id)
                ids.append(said)
                said += 1
            self._insert_rows(conn, rows)
            self._fix_sequences(conn, ("self_assessments",))
            self.log(
                conn,
                chain="global",
                audit_id=None,
                action="importer egenvurderinger",
                entity=source,
                new={"fil": source, "sha256": sha256, "egenvurderinger": ids},
            )
        return ids

    @staticmethod
    def _fix_sequences(conn: Connection, tables: Sequence[str]) -> None:
        if conn.dialect.name == "postgresql":
            # Ids were given explicitly: move the sequences past them.
            for table in tables:
                conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
                )

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
                        _closed_audit_row(
                            new,
                            aid,
                            uid,
                            snap(new.checklist),
                            case_number=None,
                            status=new.status,
                            created_at=new.created_at,
                            created_by=self.user,
                            origin=new.origin,
                            year=None,
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
                    # Generated data carry the dates of their own timeline (so that
                    # `statistikk --per` sees them as they were): conclusions on the day
                    # of the preliminary report, a deadline moved on the first deadline.
                    concluded = next(
                        (_stamp(d) for kind, d in new.events if kind == "forelopig"), now
                    )
                    rows["conclusions"].extend(
                        dict(
                            audit_id=aid,
                            requirement_ref=r,
                            proposed=prop,
                            outcome=out,
                            updated_at=concluded,
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
                                    created_at=_stamp(v.first_deadline),
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
                origin=new.origin,
            )
        )
        explained = dict(new.explanations)
        rows["self_assessment_answers"].extend(
            dict(
                self_assessment_id=said,
                question_ref=q,
                answer=ans,
                explanation=explained.get(q),
                document_refs=None,
                updated_at=new.created_at,
                updated_by=self.user,
                version=1,
            )
            for q, ans in new.answers
        )
        imported = new.origin == IMPORTED_ACTION
        rows["log"].append(
            self._synthetic_log(
                self_assessment_chain(uid),
                audit_id,
                f"egenvurdering {said}",
                {
                    "kommune": new.municipality_number,
                    "ar": new.year,
                    **({"sjekkliste": new.checklist.id} if imported else {"syntetisk": True}),
                    **dict(new.log),
                },
                IMPORTED_ACTION if imported else SYNTHETIC_ACTION,
            )
        )

    def _synthetic_log(
        self,
        chain: str,
        audit_id: int | None,
        entity: str,
        new: dict[str, Any],
        action: str = SYNTHETIC_ACTION,
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
            action=action,
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
            action=action,
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
            "history_imports": t.history_imports,
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


def _closed_audit_row(new: Any, aid: int, uid: str, sha256: str, **varying: Any) -> dict[str, Any]:
    """The ``audits`` row of a bulk-inserted audit (imported history or synthetic data):
    no team, pinned to the checklist snapshot ``sha256``; ``varying`` gives case number,
    status, creation, origin and year."""
    return dict(
        id=aid,
        uid=uid,
        municipality_number=new.municipality_number,
        municipality_name=new.municipality_name,
        county=new.county,
        checklist_id=new.checklist.id,
        checklist_version=new.checklist.version,
        checklist_sha256=sha256,
        title=new.title,
        lead=None,
        auditors="[]",
        regime=new.regime,
        version=1,
        **varying,
    )


def _snapshot_shas(conn: Any, checklists: Iterable[Any]) -> dict[int, str]:
    """id(checklist) → the sha256 of its stored snapshot (stored once per checklist)."""
    distinct = {id(cl): cl for cl in checklists}
    return dict(
        zip(
            distinct,
            ensure_snapshots(
                conn, [(cl.model_dump_json(), cl.id, cl.version) for cl in distinct.values()]
            ),
            strict=True,
        )
    )
