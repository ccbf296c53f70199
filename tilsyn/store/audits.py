"""The audits repository: audits and their events, the list overview, and the full view
of one audit. Every change is logged in the audit's hash chain."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, select

from tilsyn.audit.models import (
    Answer,
    Audit,
    AuditView,
    Comment,
    Conclusion,
    DocumentVersion,
    Event,
    Interview,
    Participant,
    PointChoice,
    ReceivedDocument,
    Remark,
    Sample,
    ScopedRequirement,
)
from tilsyn.checklist.model import Checklist
from tilsyn.errors import UsageError
from tilsyn.store import schema as t
from tilsyn.store.base import Repository, audit_chain, utcnow
from tilsyn.store.snapshots import ensure_snapshot, load_checklist, load_checklists


@dataclass(frozen=True)
class AuditOverview:
    """One row of the audit list: the audit, its checklist, events, sample size and how
    many answers it has of each value."""

    audit: Audit
    checklist: Checklist
    events: tuple[tuple[str, date], ...]
    sampled: int
    answer_counts: dict[str, int]
    scoped: frozenset[str] = frozenset()
    """Requirements scoped out of the audit."""


def answer_record(r: Any) -> Answer:
    """An answers row as a model."""
    return Answer(
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


def conclusion_record(r: Any) -> Conclusion:
    """A conclusions row as a model."""
    return Conclusion(
        r.requirement_ref,
        r.proposed,
        r.outcome,
        r.practice,
        r.assessment,
        r.conclusion,
        r.reason,
        r.updated_at,
        r.updated_by,
        r.version,
    )


def _audit(row: Any) -> Audit:
    return Audit(
        id=row.id,
        uid=row.uid,
        municipality_number=row.municipality_number,
        municipality_name=row.municipality_name,
        county=row.county,
        checklist_id=row.checklist_id,
        checklist_version=row.checklist_version,
        case_number=row.case_number,
        title=row.title,
        lead=row.lead,
        auditors=tuple(json.loads(row.auditors or "[]")),
        regime=row.regime,
        documentation_weeks=row.documentation_weeks,
        comment_weeks=row.comment_weeks,
        rectification_weeks=row.rectification_weeks,
        status=row.status,
        created_at=row.created_at,
        created_by=row.created_by,
        origin=row.origin,
        year=row.year,
        notice_planned=row.notice_planned,
        regime_reason=row.regime_reason,
        transitional=bool(row.transitional),
        recipient_address=row.recipient_address,
        recipient_attention=row.recipient_attention,
        their_reference=row.their_reference,
        copy_to=tuple(json.loads(row.copy_to or "[]")),
    )


_LOG_KEYS = {
    "uid": "uid",
    "municipality_number": "kommunenummer",
    "municipality_name": "kommune",
    "county": "fylke",
    "checklist_id": "sjekkliste",
    "checklist_version": "sjekklisteversjon",
    "checklist_sha256": "sjekkliste_sha256",
    "case_number": "saksnummer",
    "title": "tittel",
    "lead": "tilsynsleder",
    "auditors": "revisorer",
    "regime": "regime",
    "documentation_weeks": "dokumentasjonsfrist_uker",
    "comment_weeks": "uttalelsesfrist_uker",
    "rectification_weeks": "rettefrist_uker",
    "status": "fase",
    "created_at": "opprettet",
    "created_by": "opprettet_av",
    "version": "versjon",
    "origin": "opprinnelse",
    "year": "ar",
    "notice_planned": "planlagt_varseldato",
    "regime_reason": "regime_begrunnelse",
    "transitional": "overgangsregel",
    "recipient_address": "postadresse",
    "recipient_attention": "adressat_ved",
    "their_reference": "deres_ref",
    "copy_to": "kopi_til",
}


def _letter_values(letter: dict[str, Any]) -> dict[str, Any]:
    """Letter details as stored: the copy list as JSON (None when empty)."""
    values = dict(letter)
    if "copy_to" in values:
        copies = list(values["copy_to"] or [])
        values["copy_to"] = json.dumps(copies, ensure_ascii=False) if copies else None
    return values


def _norwegian_keys(values: dict[str, Any]) -> dict[str, Any]:
    """Audit fields with the Norwegian names users see in the log."""
    return {_LOG_KEYS.get(k, k): v for k, v in values.items()}


class AuditRepository(Repository):
    """Audits and their events."""

    # --- reading ---

    def get(self, audit_id: int, *, conn: Connection | None = None) -> Audit:
        with self.read(conn) as conn:
            return _audit(self.audit_row(conn, audit_id))

    def checklist_of(self, audit_id: int, *, conn: Connection | None = None) -> Checklist:
        """The checklist snapshot the audit is pinned to (parsed once per snapshot)."""
        with self.read(conn) as conn:
            row = self.audit_row(conn, audit_id)
            return load_checklist(conn, row.checklist_sha256)

    def all(self) -> list[Audit]:
        with self.read() as conn:
            rows = conn.execute(select(t.audits).order_by(t.audits.c.id)).all()
        return [_audit(r) for r in rows]

    def overview(self) -> list[AuditOverview]:
        """Every audit with what `tilsyn liste` needs, in a fixed number of queries
        (no per-audit round trips: it stays fast with thousands of audits)."""
        from collections import defaultdict

        with self.read() as conn:
            audit_rows = conn.execute(select(t.audits).order_by(t.audits.c.id)).all()
            events: dict[int, list[tuple[str, date]]] = defaultdict(list)
            for r in conn.execute(
                select(t.events.c.audit_id, t.events.c.type, t.events.c.date).order_by(
                    t.events.c.date, t.events.c.id
                )
            ):
                events[r.audit_id].append((r.type, r.date))
            files = dict(
                conn.execute(
                    select(t.participants.c.audit_id, func.count()).group_by(
                        t.participants.c.audit_id
                    )
                ).all()
            )
            counts: dict[int, dict[str, int]] = defaultdict(dict)
            for r in conn.execute(
                select(t.answers.c.audit_id, t.answers.c.answer, func.count()).group_by(
                    t.answers.c.audit_id, t.answers.c.answer
                )
            ):
                counts[r[0]][r[1]] = r[2]
            scoped: dict[int, set[str]] = defaultdict(set)
            for r in conn.execute(
                select(t.scoped_requirements.c.audit_id, t.scoped_requirements.c.requirement_ref)
            ):
                scoped[r.audit_id].add(r.requirement_ref)
            checklists = load_checklists(conn, [r.checklist_sha256 for r in audit_rows])
            if scoped:
                # Answers to questions of scoped requirements do not count (few audits).
                by_id = {r.id: checklists[r.checklist_sha256] for r in audit_rows}
                out_of_scope = {
                    aid: {q.ref_id for _, req, q in by_id[aid].questions() if req.ref_id in refs}
                    for aid, refs in scoped.items()
                    if aid in by_id
                }
                for aid in out_of_scope:
                    counts[aid] = {}
                for r in conn.execute(
                    select(
                        t.answers.c.audit_id,
                        t.answers.c.question_ref,
                        t.answers.c.answer,
                        func.count(),
                    )
                    .where(t.answers.c.audit_id.in_(list(out_of_scope)))
                    .group_by(t.answers.c.audit_id, t.answers.c.question_ref, t.answers.c.answer)
                ):
                    if r[1] not in out_of_scope[r[0]]:
                        counts[r[0]][r[2]] = counts[r[0]].get(r[2], 0) + r[3]
        return [
            AuditOverview(
                audit=_audit(r),
                checklist=checklists[r.checklist_sha256],
                events=tuple(events.get(r.id, ())),
                sampled=files.get(r.id, 0),
                answer_counts=counts.get(r.id, {}),
                scoped=frozenset(scoped.get(r.id, ())),
            )
            for r in audit_rows
        ]

    def view(self, audit_id: int, *, conn: Connection | None = None) -> AuditView:
        """Everything about one audit, read in one consistent snapshot."""
        with self.read(conn) as conn:
            row = self.audit_row(conn, audit_id)
            aid = row.id
            checklist = load_checklist(conn, row.checklist_sha256)

            def rows(table, *order):
                return conn.execute(
                    select(table).where(table.c.audit_id == aid).order_by(*order)
                ).all()

            events = tuple(
                Event(r.id, r.type, r.date, r.note)
                for r in rows(t.events, t.events.c.date, t.events.c.id)
            )
            docs = tuple(
                ReceivedDocument(r.number, r.title, r.date, r.type, r.path, r.sha256)
                for r in rows(t.documents, t.documents.c.number)
            )
            interviews = tuple(
                Interview(r.id, r.role, r.date, r.name, r.note, r.people)
                for r in rows(t.interviews, t.interviews.c.date, t.interviews.c.id)
            )
            srow = conn.execute(select(t.samples).where(t.samples.c.audit_id == aid)).first()
            people = tuple(
                Participant(r.pseudonym, r.position, json.loads(r.data or "{}"))
                for r in rows(t.participants, t.participants.c.position)
            )
            sample = None
            if srow is not None:
                sample = Sample(
                    srow.method,
                    srow.seed,
                    srow.population_size,
                    srow.population_file,
                    srow.population_sha256,
                    srow.requested,
                    srow.created_at,
                    people,
                    srow.criteria,
                )
            answers = tuple(answer_record(r) for r in rows(t.answers, t.answers.c.id))
            conclusions = tuple(
                conclusion_record(r) for r in rows(t.conclusions, t.conclusions.c.id)
            )
            comments = tuple(
                Comment(r.id, r.requirement_ref, r.text, r.response)
                for r in rows(t.comments, t.comments.c.id)
            )
            scoped = tuple(
                ScopedRequirement(r.requirement_ref, r.reason, r.created_at, r.created_by)
                for r in rows(t.scoped_requirements, t.scoped_requirements.c.id)
            )
            remarks = tuple(
                Remark(r.id, r.requirement_ref, r.text, r.created_at, r.created_by)
                for r in rows(t.remarks, t.remarks.c.id)
            )
            choices = tuple(
                PointChoice(
                    r.requirement_ref, r.point_ref, r.action, r.reason, r.created_at, r.created_by
                )
                for r in rows(t.point_choices, t.point_choices.c.id)
            )
            versions = tuple(
                DocumentVersion(
                    r.id,
                    r.kind,
                    r.version,
                    r.language,
                    r.path,
                    r.sha256,
                    bool(r.sent),
                    r.sent_at,
                    r.created_at,
                )
                for r in rows(
                    t.document_versions, t.document_versions.c.kind, t.document_versions.c.version
                )
            )
        return AuditView(
            audit=_audit(row),
            checklist=checklist,
            events=events,
            documents=docs,
            interviews=interviews,
            sample=sample,
            answers=answers,
            conclusions=conclusions,
            comments=comments,
            document_versions=versions,
            scoped=scoped,
            remarks=remarks,
            point_choices=choices,
        )

    # --- creating and changing ---

    def create(
        self,
        *,
        municipality_number: str,
        municipality_name: str,
        county: str,
        checklist: Checklist,
        title: str,
        case_number: str | None = None,
        lead: str | None = None,
        auditors: Sequence[str] = (),
        regime: str,
        notice_planned: date | None = None,
        regime_reason: str | None = None,
        transitional: bool = False,
        letter: dict[str, Any] | None = None,
    ) -> Audit:
        """Create an audit pinned to a snapshot of ``checklist``; ``letter`` holds the
        letter details given at creation (``recipient_address``, ``recipient_attention``,
        ``their_reference``, ``copy_to``)."""
        uid = str(uuid.uuid4())
        values = dict(
            uid=uid,
            municipality_number=municipality_number,
            municipality_name=municipality_name,
            county=county,
            checklist_id=checklist.id,
            checklist_version=checklist.version,
            case_number=case_number,
            title=title,
            lead=lead,
            auditors=json.dumps(list(auditors), ensure_ascii=False),
            regime=regime,
            notice_planned=notice_planned,
            regime_reason=regime_reason,
            transitional=transitional,
            **_letter_values(letter or {}),
            status="planlagt",
            created_at=utcnow(),
            created_by=self.user,
            version=1,
        )
        with self.tx() as conn:
            values["checklist_sha256"] = ensure_snapshot(conn, checklist)
            aid = conn.execute(t.audits.insert().values(**values)).inserted_primary_key[0]
            shown = _norwegian_keys(values)
            self.log(
                conn,
                chain=audit_chain(uid),
                audit_id=aid,
                action="opprett",
                entity=f"tilsyn {aid}",
                new=shown,
            )
        return self.get(aid)

    def update(self, audit_id: int, *, conn: Connection | None = None, **changes: Any) -> Audit:
        """Change audit fields (case number, team, deadline overrides, regime)."""
        allowed = {
            "municipality_name",
            "county",
            "regime_reason",
            "case_number",
            "title",
            "lead",
            "auditors",
            "regime",
            "documentation_weeks",
            "comment_weeks",
            "rectification_weeks",
            "recipient_address",
            "recipient_attention",
            "their_reference",
            "copy_to",
        }
        unknown = set(changes) - allowed
        if unknown:
            raise UsageError(f"Kan ikke endre {', '.join(sorted(unknown))}.")
        with self.tx(conn) as conn:
            row = self.audit_row(conn, audit_id, lock=True)
            values = dict(changes)
            if "auditors" in values:
                values["auditors"] = json.dumps(list(values["auditors"]), ensure_ascii=False)
            values = _letter_values(values)
            old = {k: getattr(row, k) for k in values}
            if old == values:
                return _audit(row)
            conn.execute(
                t.audits.update()
                .where(t.audits.c.id == row.id)
                .values(**values, version=row.version + 1)
            )
            self.log(
                conn,
                chain=audit_chain(row.uid),
                audit_id=row.id,
                action="endre tilsyn",
                entity=f"tilsyn {row.id}",
                old=_norwegian_keys(old),
                new=_norwegian_keys(values),
            )
            return self.get(audit_id, conn=conn)

    def events(
        self, audit_id: int, *, conn: Connection | None = None, lock: bool = False
    ) -> tuple[Audit, list[Event]]:
        """The audit and its events in date order (the audit row locked with ``lock``)."""
        with self.read(conn) as c:
            row = self.audit_row(c, audit_id, lock=lock)
            rows = c.execute(
                select(t.events)
                .where(t.events.c.audit_id == row.id)
                .order_by(t.events.c.date, t.events.c.id)
            ).all()
        return _audit(row), [Event(r.id, r.type, r.date, r.note) for r in rows]

    def add_event(
        self,
        audit_id: int,
        kind: str,
        when: date,
        *,
        note: str | None,
        phase: str,
        reason: str | None = None,
        fixes: dict[str, Any] | None = None,
        conn: Connection | None = None,
    ) -> Event:
        """Record an event (the caller has checked it against the process) and the phase
        the audit is in afterwards; ``reason`` (why a step was taken before a deadline
        that protects the municipality) is logged. ``fixes``: audit fields the event
        decides (the notice fixes the regime and the municipality's name), logged with the
        event."""
        with self.tx(conn) as c:
            row = self.audit_row(c, audit_id, lock=True)
            old_fixed = self._apply_fixes(c, row, fixes)
            if fixes:
                row = self.audit_row(c, audit_id)
            event_id = c.execute(
                t.events.insert().values(
                    audit_id=row.id,
                    type=kind,
                    date=when,
                    note=note,
                    created_at=utcnow(),
                    created_by=self.user,
                )
            ).inserted_primary_key[0]
            self.log(
                c,
                chain=audit_chain(row.uid),
                audit_id=row.id,
                action="hendelse",
                entity=f"hendelse {kind}",
                new={"dato": when, "notat": note, **self._fixed(fixes)}
                | ({"begrunnelse": reason} if reason else {}),
                old={"tilsyn": old_fixed} if fixes else None,
            )
            self._set_phase(c, row, phase)
        return Event(event_id, kind, when, note)

    @staticmethod
    def _apply_fixes(conn: Connection, row: Any, fixes: dict[str, Any] | None) -> dict[str, Any]:
        """Write the audit fields an event decides; returns their old values (for the log)."""
        if not fixes:
            return {}
        old = _norwegian_keys({k: getattr(row, k) for k in fixes})
        conn.execute(
            t.audits.update()
            .where(t.audits.c.id == row.id)
            .values(**fixes, version=row.version + 1)
        )
        return old

    @staticmethod
    def _fixed(fixes: dict[str, Any] | None) -> dict[str, Any]:
        return {"tilsyn": _norwegian_keys(fixes)} if fixes else {}

    def correct_event(
        self,
        audit_id: int,
        event: Event,
        when: date,
        *,
        note: str | None,
        phase: str,
        reason: str | None = None,
        fixes: dict[str, Any] | None = None,
        conn: Connection | None = None,
    ) -> Event:
        """Correct the date (and note) of a recorded event (``reason`` is logged;
        ``fixes``: see add_event)."""
        with self.tx(conn) as c:
            row = self.audit_row(c, audit_id, lock=True)
            old_fixed = self._apply_fixes(c, row, fixes)
            if fixes:
                row = self.audit_row(c, audit_id)
            new_note = note if note is not None else event.note
            c.execute(
                t.events.update()
                .where(t.events.c.id == event.id, t.events.c.audit_id == row.id)
                .values(date=when, note=new_note)
            )
            self.log(
                c,
                chain=audit_chain(row.uid),
                audit_id=row.id,
                action="korriger hendelse",
                entity=f"hendelse {event.type}",
                old={"dato": event.date, **({"tilsyn": old_fixed} if fixes else {})},
                new={"dato": when, **self._fixed(fixes)}
                | ({"begrunnelse": reason} if reason else {}),
            )
            self._set_phase(c, row, phase)
        return Event(event.id, event.type, when, new_note)

    @staticmethod
    def _set_phase(conn: Connection, row: Any, phase: str) -> None:
        if phase != row.status:
            conn.execute(
                t.audits.update()
                .where(t.audits.c.id == row.id)
                .values(status=phase, version=row.version + 1)
            )
