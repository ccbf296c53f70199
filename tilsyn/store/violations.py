"""Store operations on tracked violations (orders to rectify): opening them from the final
report, feedback, assessments, deadlines, escalation, closing, reopening and appeals.

Every change is logged in the audit's hash chain; every write locks the audit row and
checks the violation's version (optimistic locking against concurrent changes).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, select

from tilsyn.errors import ConflictError, NotFoundError, UsageError
from tilsyn.audit import violation as states
from tilsyn.audit.violation_records import (
    AppealRecord,
    CorrectionPointRecord,
    DeadlineChangeRecord,
    FeedbackRecord,
    ViolationInput,
    ViolationRecord,
)
from tilsyn.store import schema as t
from tilsyn.store.base import StoreBase, audit_chain, utcnow


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def closed_stamp(day: date | None) -> str:
    """``closed_at`` for an order closed on ``day``: now when ``day`` is None or today
    (UTC), else noon UTC of ``day`` (so the date part is ``day`` in every time zone we
    use)."""
    now = utcnow()
    if day is None or now[:10] == day.isoformat():
        return now
    return f"{day.isoformat()}T12:00:00+00:00"


def _load(conn: Connection, rows: Sequence[Any]) -> list[ViolationRecord]:
    """Map violation rows (and their children) to records."""
    if not rows:
        return []
    ids = [r.id for r in rows]
    points: dict[int, list[CorrectionPointRecord]] = {i: [] for i in ids}
    refs: dict[int, str] = {}
    for p in conn.execute(select(t.correction_points)
                          .where(t.correction_points.c.violation_id.in_(ids))
                          .order_by(t.correction_points.c.id)):
        refs[p.id] = p.ref_id
        points[p.violation_id].append(CorrectionPointRecord(
            p.id, p.ref_id, p.text, p.assessment, p.assessment_reason, p.assessed_at,
            p.assessed_by))
    feedback: dict[int, list[FeedbackRecord]] = {i: [] for i in ids}
    for f in conn.execute(select(t.feedback).where(t.feedback.c.violation_id.in_(ids))
                          .order_by(t.feedback.c.received, t.feedback.c.id)):
        feedback[f.violation_id].append(FeedbackRecord(
            f.id, refs.get(f.point_id) if f.point_id else None, f.received, f.text,
            tuple(json.loads(f.document_refs or "[]")), f.created_at, f.created_by))
    changes: dict[int, list[DeadlineChangeRecord]] = {i: [] for i in ids}
    for c in conn.execute(select(t.deadline_changes)
                          .where(t.deadline_changes.c.violation_id.in_(ids))
                          .order_by(t.deadline_changes.c.id)):
        changes[c.violation_id].append(DeadlineChangeRecord(
            c.id, c.old_deadline, c.new_deadline, c.reason, c.created_at, c.created_by))
    appeals: dict[int, list[AppealRecord]] = {i: [] for i in ids}
    for a in conn.execute(select(t.appeals).where(t.appeals.c.violation_id.in_(ids))
                          .order_by(t.appeals.c.id)):
        appeals[a.violation_id].append(AppealRecord(
            a.id, a.received, a.forwarded, a.outcome, a.outcome_date, a.note, a.created_at,
            a.created_by))
    return [
        ViolationRecord(
            id=r.id, audit_id=r.audit_id, number=r.number, requirement_ref=r.requirement_ref,
            title=r.title, order_text=r.order_text, regime=r.regime,
            plan_deadline=r.plan_deadline, rectification_deadline=r.rectification_deadline,
            feedback_deadline=r.feedback_deadline, status=r.status,
            status_reason=r.status_reason, created_at=r.created_at, closed_at=r.closed_at,
            version=r.version, points=tuple(points[r.id]), feedback=tuple(feedback[r.id]),
            deadline_changes=tuple(changes[r.id]), appeals=tuple(appeals[r.id]),
        )
        for r in rows
    ]


class ViolationOps(StoreBase):
    """Operations on tracked violations (mixed into :class:`tilsyn.store.Store`)."""

    # --- reading ---

    def violations(self, audit_id: int | None = None) -> list[ViolationRecord]:
        """Tracked violations of one audit (or of all audits), by audit and number."""
        q = select(t.violations).order_by(t.violations.c.audit_id, t.violations.c.number)
        if audit_id is not None:
            q = q.where(t.violations.c.audit_id == audit_id)
        with self.read() as conn:
            if audit_id is not None:
                self.audit_row(conn, audit_id)  # type: ignore[attr-defined]
            return _load(conn, conn.execute(q).all())

    def final_report_dates(self) -> dict[int, date]:
        """The date of the final report (``endelig`` event) of every audit that has one,
        in one query (the register of violations needs it for every audit)."""
        e = t.events
        with self.read() as conn:
            return {aid: _as_date(day) for aid, day in conn.execute(
                select(e.c.audit_id, func.min(e.c.date)).where(e.c.type == "endelig")
                .group_by(e.c.audit_id))}

    def violation(self, audit_id: int, number: int) -> ViolationRecord:
        """One tracked violation by audit and number (explains why when there is none)."""
        with self.read() as conn:
            row = self.audit_row(conn, audit_id)  # type: ignore[attr-defined]
            vrow = self._violation_row(conn, row, number)
            return _load(conn, [vrow])[0]

    def _violation_row(self, conn: Connection, audit: Any, number: int, *,
                       lock: bool = False) -> Any:
        q = select(t.violations).where(t.violations.c.audit_id == audit.id,
                                       t.violations.c.number == number)
        if lock:
            q = q.with_for_update()
        row = conn.execute(q).first()
        if row is not None:
            return row
        numbers = list(conn.execute(select(t.violations.c.number)
                                    .where(t.violations.c.audit_id == audit.id)
                                    .order_by(t.violations.c.number)).scalars())
        if numbers:
            raise NotFoundError(
                f"Tilsyn {audit.id} har ikke lovbrudd nr. {number}; det har "
                f"nr. {', '.join(str(n) for n in numbers)}. Se: tilsyn lovbrudd liste "
                f"--tilsyn {audit.id}")
        have = set(conn.execute(select(t.events.c.type)
                                .where(t.events.c.audit_id == audit.id)).scalars())
        if "endelig" not in have:
            raise UsageError(
                f"Tilsyn {audit.id} har ingen pålegg å følge opp ennå: endelig rapport er ikke "
                "sendt. Lovbrudd følges opp fra endelig rapport er registrert "
                f"(tilsyn hendelse {audit.id} endelig --dato DATO).")
        raise UsageError(
            f"Tilsyn {audit.id} har ingen lovbrudd i endelig rapport, og dermed ingen pålegg "
            "å følge opp. Tilsynet kan avsluttes.")

    # --- writing ---

    def _begin(self, conn: Connection, audit_id: int, number: int,
               expected_version: int | None, *,
               closed_audit_ok: bool = False) -> tuple[Any, Any, str]:
        audit = self.audit_row(conn, audit_id, lock=True)  # type: ignore[attr-defined]
        row = self._violation_row(conn, audit, number, lock=True)
        if audit.status == "avsluttet" and not closed_audit_ok:
            raise UsageError(
                f"Tilsyn {audit.id} er avsluttet og avslutningsbrevet sendt, så pålegg "
                f"nr. {number} kan ikke endres. Følg eventuelt opp i et nytt tilsyn. "
                "(Utfallet av en klage kan fortsatt registreres: tilsyn lovbrudd klage.)")
        if expected_version is not None and row.version != expected_version:
            raise ConflictError(
                f"Lovbrudd nr. {number} i tilsyn {audit_id} er endret av noen andre siden du "
                "leste det; ingenting ble lagret. Last inn på nytt og prøv igjen.")
        return audit, row, audit_chain(audit.uid)

    def _update(self, conn: Connection, row: Any, **values: Any) -> None:
        result = conn.execute(
            t.violations.update()
            .where(t.violations.c.id == row.id, t.violations.c.version == row.version)
            .values(version=row.version + 1, **values))
        if result.rowcount != 1:
            raise ConflictError(
                f"Lovbrudd nr. {row.number} ble endret av en annen prosess samtidig; "
                "ingenting ble lagret. Prøv igjen.")

    def open_violations(self, audit_id: int,
                        items: Sequence[ViolationInput]) -> list[ViolationRecord]:
        """Start tracking the violations of the final report (no-op when already tracked)."""
        with self.tx() as conn:
            audit = self.audit_row(conn, audit_id, lock=True)  # type: ignore[attr-defined]
            existing = conn.execute(select(t.violations.c.id)
                                    .where(t.violations.c.audit_id == audit.id)).first()
            if existing is None:
                now = utcnow()
                for item in items:
                    vid = conn.execute(t.violations.insert().values(
                        audit_id=audit.id, number=item.number,
                        requirement_ref=item.requirement_ref, title=item.title,
                        order_text=item.order_text, regime=item.regime,
                        plan_deadline=item.plan_deadline,
                        rectification_deadline=item.rectification_deadline,
                        feedback_deadline=item.feedback_deadline, status=states.OPEN,
                        created_at=now, version=1)).inserted_primary_key[0]
                    for ref, text in item.points:
                        conn.execute(t.correction_points.insert().values(
                            violation_id=vid, ref_id=ref, text=text))
                    self.log(conn, chain=audit_chain(audit.uid), audit_id=audit.id,
                             action="pålegg", entity=f"lovbrudd {item.number}",
                             new={"krav": item.requirement_ref, "pålegg": item.order_text,
                                  "regime": item.regime, "planfrist": item.plan_deadline,
                                  "rettefrist": item.rectification_deadline,
                                  "tilbakemeldingsfrist": item.feedback_deadline,
                                  "korreksjonspunkter": [r for r, _ in item.points]})
        return self.violations(audit_id)

    def add_feedback(self, audit_id: int, number: int, *, received: date, text: str,
                     point_ref: str | None = None, document_refs: Sequence[str] = (),
                     expected_version: int | None = None) -> ViolationRecord:
        """Record the municipality's feedback on an order or on one correction point."""
        with self.tx() as conn:
            audit, row, chain = self._begin(conn, audit_id, number, expected_version)
            final = conn.execute(select(t.events.c.date).where(
                t.events.c.audit_id == audit.id, t.events.c.type == "endelig")).scalar()
            if final is not None and received < final:
                raise UsageError(
                    f"Tilbakemeldingen er datert {received.isoformat()}, før endelig rapport "
                    f"({final.isoformat()}). Kontroller datoen.")
            point_id = None
            if point_ref:
                point = self._point(conn, row, point_ref)
                point_id, point_ref = point.id, point.ref_id
            status = states.after_feedback(row.status)
            conn.execute(t.feedback.insert().values(
                violation_id=row.id, point_id=point_id, received=received, text=text,
                document_refs=json.dumps(list(document_refs), ensure_ascii=False),
                created_at=utcnow(), created_by=self.user))
            self._update(conn, row, status=status, status_reason=None)
            self.log(conn, chain=chain, audit_id=audit.id, action="tilbakemelding",
                     entity=f"lovbrudd {number}" + (f" / {point_ref}" if point_ref else ""),
                     old={"status": row.status},
                     new={"status": status, "mottatt": received, "tekst": text,
                          "dokumenter": list(document_refs)})
        return self.violation(audit_id, number)

    def _point(self, conn: Connection, row: Any, ref: str) -> Any:
        points = conn.execute(select(t.correction_points)
                              .where(t.correction_points.c.violation_id == row.id)
                              .order_by(t.correction_points.c.id)).all()
        for p in points:
            if p.ref_id.casefold() == ref.strip().casefold():
                return p
        raise NotFoundError(
            f"Lovbrudd nr. {row.number} har ikke korreksjonspunktet «{ref}»; gyldige: "
            f"{', '.join(p.ref_id for p in points)}.")

    def assess_points(self, audit_id: int, number: int, *, point_refs: Sequence[str] | None,
                      outcome: str, reason: str,
                      expected_version: int | None = None) -> ViolationRecord:
        """Assess correction points (all when ``point_refs`` is None) as rectified or not."""
        if outcome not in states.POINT_OUTCOMES:
            raise UsageError(f"Ukjent vurdering «{outcome}» (gyldige: rettet, "
                             "ikke-tilstrekkelig).")
        with self.tx() as conn:
            audit, row, chain = self._begin(conn, audit_id, number, expected_version)
            has_feedback = conn.execute(select(t.feedback.c.id).where(
                t.feedback.c.violation_id == row.id)).first() is not None
            points = conn.execute(select(t.correction_points)
                                  .where(t.correction_points.c.violation_id == row.id)
                                  .order_by(t.correction_points.c.id)).all()
            chosen = points if point_refs is None else [
                self._point(conn, row, r) for r in point_refs]
            chosen_ids = {p.id for p in chosen}
            after = [outcome if p.id in chosen_ids else p.assessment for p in points]
            status = states.after_assessment(row.status, has_feedback=has_feedback,
                                             assessments=after)
            now = utcnow()
            for p in chosen:
                conn.execute(t.correction_points.update()
                             .where(t.correction_points.c.id == p.id)
                             .values(assessment=outcome, assessment_reason=reason,
                                     assessed_at=now, assessed_by=self.user))
                self.log(conn, chain=chain, audit_id=audit.id, action="vurdering",
                         entity=f"lovbrudd {number} / {p.ref_id}",
                         old={"vurdering": p.assessment, "begrunnelse": p.assessment_reason},
                         new={"vurdering": outcome, "begrunnelse": reason})
            self._update(conn, row, status=status,
                         status_reason=reason if status == states.INSUFFICIENT else None)
            if status != row.status:
                self.log(conn, chain=chain, audit_id=audit.id, action="status",
                         entity=f"lovbrudd {number}", old={"status": row.status},
                         new={"status": status})
        return self.violation(audit_id, number)

    def set_violation_deadline(self, audit_id: int, number: int, *, new_deadline: date,
                               reason: str, feedback_deadline: date | None = None,
                               expected_version: int | None = None) -> ViolationRecord:
        """Set a new rectification deadline (and feedback deadline, equal unless given)."""
        with self.tx() as conn:
            audit, row, chain = self._begin(conn, audit_id, number, expected_version)
            status = states.after_new_deadline(row.status)
            final = conn.execute(select(t.events.c.date).where(
                t.events.c.audit_id == audit.id, t.events.c.type == "endelig")).scalar()
            if final is not None and new_deadline <= final:
                raise UsageError(
                    f"Den nye fristen {new_deadline.isoformat()} må være etter endelig "
                    f"rapport ({final.isoformat()}).")
            feedback_due = feedback_deadline or new_deadline
            conn.execute(t.deadline_changes.insert().values(
                violation_id=row.id, old_deadline=row.rectification_deadline,
                new_deadline=new_deadline, reason=reason, created_at=utcnow(),
                created_by=self.user))
            self._update(conn, row, status=status, status_reason=reason,
                         rectification_deadline=new_deadline, feedback_deadline=feedback_due)
            self.log(conn, chain=chain, audit_id=audit.id, action="ny frist",
                     entity=f"lovbrudd {number}",
                     old={"status": row.status, "rettefrist": row.rectification_deadline,
                          "tilbakemeldingsfrist": row.feedback_deadline},
                     new={"status": status, "rettefrist": new_deadline,
                          "tilbakemeldingsfrist": feedback_due, "begrunnelse": reason})
        return self.violation(audit_id, number)

    def _simple(self, audit_id: int, number: int, *, action: str, reason: str | None,
                decide, expected_version: int | None, closed: bool | None,
                closed_on: date | None = None,
                closed_audit_ok: bool = False) -> ViolationRecord:
        with self.tx() as conn:
            audit, row, chain = self._begin(conn, audit_id, number, expected_version,
                                            closed_audit_ok=closed_audit_ok)
            status = decide(conn, audit, row)
            values: dict[str, Any] = {"status": status, "status_reason": reason}
            new: dict[str, Any] = {"status": status, "begrunnelse": reason}
            if closed is True:
                values["closed_at"] = closed_stamp(closed_on)
                if closed_on is not None:
                    final = self._final_date(conn, audit.id)
                    if final is not None and closed_on < final:
                        raise UsageError(
                            f"Lukkedatoen {closed_on.isoformat()} er før endelig rapport "
                            f"({final.isoformat()}). Kontroller datoen.")
                    new["lukket_dato"] = closed_on
            elif closed is False:
                values["closed_at"] = None
            self._update(conn, row, **values)
            self.log(conn, chain=chain, audit_id=audit.id, action=action,
                     entity=f"lovbrudd {number}", old={"status": row.status}, new=new)
        return self.violation(audit_id, number)

    @staticmethod
    def _final_date(conn: Connection, audit_id: int) -> date | None:
        return conn.execute(select(t.events.c.date).where(
            t.events.c.audit_id == audit_id, t.events.c.type == "endelig")).scalar()

    def escalate_violation(self, audit_id: int, number: int, *, reason: str,
                           expected_version: int | None = None) -> ViolationRecord:
        """Escalate the follow-up of an order (with a reason)."""
        return self._simple(audit_id, number, action="eskalert", reason=reason,
                            decide=lambda conn, audit, row: states.after_escalation(row.status),
                            expected_version=expected_version, closed=None)

    def close_violation(self, audit_id: int, number: int, *, note: str | None = None,
                        closed_on: date | None = None,
                        expected_version: int | None = None) -> ViolationRecord:
        """Close an order: refused while a correction point is not assessed as rectified.

        ``closed_on`` is the date the order is considered closed (default: now); it may
        not be before the final report.
        """

        def decide(conn: Connection, audit: Any, row: Any) -> str:
            points = conn.execute(select(t.correction_points.c.ref_id,
                                         t.correction_points.c.assessment)
                                  .where(t.correction_points.c.violation_id == row.id)
                                  .order_by(t.correction_points.c.id)).all()
            annulled = conn.execute(select(t.appeals.c.id).where(
                t.appeals.c.violation_id == row.id,
                t.appeals.c.outcome == "opphevet")).first() is not None
            return states.after_close(row.status, points=[(p.ref_id, p.assessment)
                                                           for p in points],
                                      annulled=annulled)

        return self._simple(audit_id, number, action="lukket", reason=note, decide=decide,
                            expected_version=expected_version, closed=True,
                            closed_on=closed_on)

    def reopen_violation(self, audit_id: int, number: int, *, reason: str,
                         expected_version: int | None = None) -> ViolationRecord:
        """Reopen a closed order (with a reason); not once the audit is closed."""

        def decide(conn: Connection, audit: Any, row: Any) -> str:
            return states.after_reopen(row.status, audit_closed=audit.status == "avsluttet")

        return self._simple(audit_id, number, action="gjenåpnet", reason=reason,
                            decide=decide, expected_version=expected_version, closed=False,
                            closed_audit_ok=True)

    def record_appeal(self, audit_id: int, number: int, *, received: date | None,
                      forwarded: date | None = None, outcome: str | None = None,
                      outcome_date: date | None = None, note: str | None = None,
                      expected_version: int | None = None) -> ViolationRecord:
        """Record a new appeal (``received`` given) or update the pending one."""
        if outcome is not None and outcome not in states.APPEAL_OUTCOMES:
            raise UsageError(f"Ukjent klageutfall «{outcome}» (gyldige: "
                             f"{', '.join(states.APPEAL_OUTCOMES)}).")
        if (outcome is None) != (outcome_date is None):
            raise UsageError("Oppgi både --utfall og --utfallsdato når klagen er avgjort.")
        with self.tx() as conn:
            audit, row, chain = self._begin(conn, audit_id, number, expected_version,
                                            closed_audit_ok=True)
            final = conn.execute(select(t.events.c.date).where(
                t.events.c.audit_id == audit.id, t.events.c.type == "endelig")).scalar()
            pending = conn.execute(select(t.appeals).where(
                t.appeals.c.violation_id == row.id, t.appeals.c.outcome.is_(None))
                .order_by(t.appeals.c.id.desc())).first()
            if received is None:
                if pending is None:
                    raise UsageError(
                        f"Lovbrudd nr. {number} har ingen klage til behandling; oppgi "
                        "--mottatt DATO for å registrere en ny klage.")
                received = pending.received
            elif pending is not None and pending.received != received:
                raise UsageError(
                    f"Det er allerede en klage til behandling (mottatt "
                    f"{pending.received.isoformat()}); registrer utfallet av den først.")
            if final is not None and received < final:
                raise UsageError(
                    f"Klagen kan ikke være mottatt ({received.isoformat()}) før vedtaket om "
                    f"pålegg i endelig rapport ({final.isoformat()}).")
            for what, when in (("oversendt", forwarded), ("utfallsdato", outcome_date)):
                if when is not None and when < received:
                    raise UsageError(f"Datoen for {what} ({when.isoformat()}) er før klagen "
                                     f"ble mottatt ({received.isoformat()}).")
            values = {"received": received, "note": note}
            if forwarded is not None:
                values["forwarded"] = forwarded
            if outcome is not None:
                values.update(outcome=outcome, outcome_date=outcome_date)
            if pending is not None:
                conn.execute(t.appeals.update().where(t.appeals.c.id == pending.id)
                             .values(**{k: v for k, v in values.items()
                                        if v is not None or k != "note"}))
                old = {"mottatt": pending.received, "oversendt": pending.forwarded,
                       "utfall": pending.outcome}
            else:
                conn.execute(t.appeals.insert().values(
                    violation_id=row.id, created_at=utcnow(), created_by=self.user,
                    **values))
                old = None
            status = states.after_appeal(row.status, outcome)
            extra: dict[str, Any] = {}
            if status != row.status:
                # Closed the day the appeal body annulled the order.
                extra = {"status": status, "closed_at": closed_stamp(outcome_date),
                         "status_reason": "Pålegget er opphevet etter klage."}
            self._update(conn, row, **extra)
            self.log(conn, chain=chain, audit_id=audit.id, action="klage",
                     entity=f"lovbrudd {number}", old=old,
                     new={"mottatt": received, "oversendt": forwarded, "utfall": outcome,
                          "utfallsdato": outcome_date, "notat": note, "status": status})
        return self.violation(audit_id, number)


__all__ = ["ViolationOps"]
