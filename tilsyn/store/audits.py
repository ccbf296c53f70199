"""Store operations on audits: creation, events, documents, interviews, sample, answers,
conclusions and comments. Every change is logged in the audit's hash chain."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, select

from tilsyn.checklist.model import Checklist
from tilsyn.errors import ConflictError, NotFoundError, UsageError
from tilsyn.records import (
    AnswerRecord,
    AuditRecord,
    AuditView,
    CommentRecord,
    ConclusionRecord,
    DocumentRecord,
    DocumentVersion,
    EventRecord,
    InterviewRecord,
    Participant,
    SampleRecord,
)
from tilsyn.store import schema as t
from tilsyn.store.base import StoreBase, audit_chain, utcnow


def _audit(row: Any) -> AuditRecord:
    return AuditRecord(
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
    )


_LOG_KEYS = {
    "uid": "uid",
    "municipality_number": "kommunenummer",
    "municipality_name": "kommune",
    "county": "fylke",
    "checklist_id": "sjekkliste",
    "checklist_version": "sjekklisteversjon",
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
}


def _norwegian_keys(values: dict[str, Any]) -> dict[str, Any]:
    """Audit fields with the Norwegian names users see in the log."""
    return {_LOG_KEYS.get(k, k): v for k, v in values.items()}


def _answer(r: Any) -> AnswerRecord:
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


class AuditOps(StoreBase):
    """Operations on audits (mixed into :class:`tilsyn.store.Store`)."""

    # --- reading ---

    def audit_row(self, conn: Connection, audit_id: int, *, lock: bool = False) -> Any:
        q = select(t.audits).where(t.audits.c.id == audit_id)
        if lock:
            q = q.with_for_update()
        row = conn.execute(q).first()
        if row is None:
            raise NotFoundError(f"Finner ikke tilsyn {audit_id}. Se alle tilsyn med: tilsyn liste")
        return row

    def get_audit(self, audit_id: int) -> AuditRecord:
        with self.read() as conn:
            return _audit(self.audit_row(conn, audit_id))

    def checklist_of(self, audit_id: int) -> Checklist:
        with self.read() as conn:
            row = self.audit_row(conn, audit_id)
        return Checklist.model_validate_json(row.checklist_snapshot)

    def list_audits(self) -> list[AuditRecord]:
        with self.read() as conn:
            rows = conn.execute(select(t.audits).order_by(t.audits.c.id)).all()
        return [_audit(r) for r in rows]

    def view(self, audit_id: int) -> AuditView:
        """Everything about one audit, read in one consistent snapshot."""
        with self.read() as conn:
            row = self.audit_row(conn, audit_id)
            aid = row.id

            def rows(table, *order):
                return conn.execute(
                    select(table).where(table.c.audit_id == aid).order_by(*order)
                ).all()

            events = tuple(
                EventRecord(r.id, r.type, r.date, r.note)
                for r in rows(t.events, t.events.c.date, t.events.c.id)
            )
            docs = tuple(
                DocumentRecord(r.number, r.title, r.date, r.type, r.path, r.sha256)
                for r in rows(t.documents, t.documents.c.number)
            )
            interviews = tuple(
                InterviewRecord(r.id, r.role, r.date, r.name, r.note)
                for r in rows(t.interviews, t.interviews.c.date, t.interviews.c.id)
            )
            srow = conn.execute(select(t.samples).where(t.samples.c.audit_id == aid)).first()
            people = tuple(
                Participant(r.pseudonym, r.position, json.loads(r.data or "{}"))
                for r in rows(t.participants, t.participants.c.position)
            )
            sample = None
            if srow is not None:
                sample = SampleRecord(
                    srow.method,
                    srow.seed,
                    srow.population_size,
                    srow.population_file,
                    srow.population_sha256,
                    srow.requested,
                    srow.created_at,
                    people,
                )
            answers = tuple(_answer(r) for r in rows(t.answers, t.answers.c.id))
            conclusions = tuple(
                ConclusionRecord(
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
                for r in rows(t.conclusions, t.conclusions.c.id)
            )
            comments = tuple(
                CommentRecord(r.id, r.requirement_ref, r.text, r.response)
                for r in rows(t.comments, t.comments.c.id)
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
            checklist=Checklist.model_validate_json(row.checklist_snapshot),
            events=events,
            documents=docs,
            interviews=interviews,
            sample=sample,
            answers=answers,
            conclusions=conclusions,
            comments=comments,
            document_versions=versions,
        )

    # --- creating and changing ---

    def create_audit(
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
        regime: str = "kl2018",
    ) -> AuditRecord:
        """Create an audit pinned to a snapshot of ``checklist``."""
        uid = str(uuid.uuid4())
        values = dict(
            uid=uid,
            municipality_number=municipality_number,
            municipality_name=municipality_name,
            county=county,
            checklist_id=checklist.id,
            checklist_version=checklist.version,
            checklist_snapshot=checklist.model_dump_json(),
            case_number=case_number,
            title=title,
            lead=lead,
            auditors=json.dumps(list(auditors), ensure_ascii=False),
            regime=regime,
            status="planlagt",
            created_at=utcnow(),
            created_by=self.user,
            version=1,
        )
        with self.tx() as conn:
            aid = conn.execute(t.audits.insert().values(**values)).inserted_primary_key[0]
            shown = _norwegian_keys({k: v for k, v in values.items() if k != "checklist_snapshot"})
            self.log(
                conn,
                chain=audit_chain(uid),
                audit_id=aid,
                action="opprett",
                entity=f"tilsyn {aid}",
                new=shown,
            )
        return self.get_audit(aid)

    def update_audit(self, audit_id: int, **changes: Any) -> AuditRecord:
        """Change audit fields (case number, team, deadline overrides, regime)."""
        allowed = {
            "case_number",
            "title",
            "lead",
            "auditors",
            "regime",
            "documentation_weeks",
            "comment_weeks",
            "rectification_weeks",
        }
        unknown = set(changes) - allowed
        if unknown:
            raise UsageError(f"Kan ikke endre {', '.join(sorted(unknown))}.")
        with self.tx() as conn:
            row = self.audit_row(conn, audit_id, lock=True)
            values = dict(changes)
            if "auditors" in values:
                values["auditors"] = json.dumps(list(values["auditors"]), ensure_ascii=False)
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
        return self.get_audit(audit_id)

    def add_event(
        self,
        audit_id: int,
        kind: str,
        when: date,
        *,
        note: str | None = None,
        correct: bool = False,
    ) -> EventRecord:
        """Record a lifecycle event; refuses impossible orders (see tilsyn.lifecycle)."""
        from tilsyn import lifecycle

        with self.tx() as conn:
            row = self.audit_row(conn, audit_id, lock=True)
            existing = conn.execute(select(t.events).where(t.events.c.audit_id == row.id)).all()
            pairs = [(e.type, e.date) for e in existing]
            chain = audit_chain(row.uid)
            if correct:
                same = [e for e in existing if e.type == kind]
                if not same:
                    raise UsageError(f"Det finnes ingen «{kind}»-hendelse å korrigere.")
                target = same[-1]
                others = [(e.type, e.date) for e in existing if e.id != target.id]
                lifecycle.check_dates(kind, when, others)
                conn.execute(
                    t.events.update()
                    .where(t.events.c.id == target.id)
                    .values(date=when, note=note if note is not None else target.note)
                )
                self.log(
                    conn,
                    chain=chain,
                    audit_id=row.id,
                    action="korriger hendelse",
                    entity=f"hendelse {kind}",
                    old={"dato": target.date},
                    new={"dato": when},
                )
                event_id = target.id
                pairs = [*others, (kind, when)]
            else:
                lifecycle.check_event(kind, when, pairs)
                event_id = conn.execute(
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
                    conn,
                    chain=chain,
                    audit_id=row.id,
                    action="hendelse",
                    entity=f"hendelse {kind}",
                    new={"dato": when, "notat": note},
                )
                pairs.append((kind, when))
            status = lifecycle.phase(pairs)
            if status != row.status:
                conn.execute(
                    t.audits.update()
                    .where(t.audits.c.id == row.id)
                    .values(status=status, version=row.version + 1)
                )
        return EventRecord(event_id, kind, when, note)

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
            conn.execute(
                t.documents.insert().values(
                    audit_id=row.id,
                    number=number,
                    title=title,
                    date=when,
                    type=kind,
                    path=path,
                    sha256=sha256,
                    created_at=utcnow(),
                    created_by=self.user,
                )
            )
            self.log(
                conn,
                chain=audit_chain(row.uid),
                audit_id=row.id,
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
            iid = conn.execute(
                t.interviews.insert().values(
                    audit_id=row.id,
                    role=role,
                    date=when,
                    name=name,
                    note=note,
                    created_at=utcnow(),
                    created_by=self.user,
                )
            ).inserted_primary_key[0]
            self.log(
                conn,
                chain=audit_chain(row.uid),
                audit_id=row.id,
                action="intervju",
                entity=f"intervju {iid}",
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
                        differ.append(f"{where}: observasjonen er endret (lagret av "
                                      f"{old.updated_by} {old.updated_at[:10]})")
                    elif json.loads(old.sources or "[]") not in ([], list(item.sources)):
                        differ.append(f"{where}: kildene er endret (lagret av "
                                      f"{old.updated_by} {old.updated_at[:10]})")
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
            cid = conn.execute(
                t.comments.insert().values(
                    audit_id=row.id,
                    requirement_ref=requirement_ref,
                    text=text,
                    response=response,
                    created_at=utcnow(),
                    created_by=self.user,
                )
            ).inserted_primary_key[0]
            self.log(
                conn,
                chain=audit_chain(row.uid),
                audit_id=row.id,
                action="uttalelse",
                entity=f"merknad {cid}",
                new={"krav": requirement_ref, "tekst": text, "vår vurdering": response},
            )
        return CommentRecord(cid, requirement_ref, text, response)


def ensure_text(value: str | None, what: str) -> str:
    """Refuse an empty required text."""
    if value is None or not value.strip():
        raise UsageError(f"{what} kan ikke være tom.")
    return value


__all__ = ["AnswerChange", "AnswerInput", "AuditOps", "ensure_text"]


class ParticipantOps(StoreBase):
    """Per-file facts (timetable, holiday days) kept with the sampled participant."""

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
