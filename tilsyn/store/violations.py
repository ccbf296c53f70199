"""The violations repository: tracked violations (orders to rectify) with their
correction points, feedback, deadline changes and appeals.

The use cases (:mod:`tilsyn.app.followup`) read a violation under lock, decide with the
state machine of :mod:`tilsyn.audit.violation`, and write through these methods in the
same transaction. Every write is logged in the audit's hash chain and checks the
violation's version (optimistic locking against concurrent changes).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, select

from tilsyn.audit.values import ViolationStatus
from tilsyn.audit.violation import Appeal, DeadlineChange, Feedback, OrderedPoint, Violation
from tilsyn.errors import ConflictError, NotFoundError, UsageError
from tilsyn.store import schema as t
from tilsyn.store.base import Repository, audit_chain, utcnow


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


def _load(conn: Connection, rows: Sequence[Any]) -> list[Violation]:
    """Map violation rows (and their children) to records."""
    if not rows:
        return []
    ids = [r.id for r in rows]
    points: dict[int, list[OrderedPoint]] = {i: [] for i in ids}
    refs: dict[int, str] = {}
    for p in conn.execute(
        select(t.correction_points)
        .where(t.correction_points.c.violation_id.in_(ids))
        .order_by(t.correction_points.c.id)
    ):
        refs[p.id] = p.ref_id
        points[p.violation_id].append(
            OrderedPoint(
                p.ref_id,
                p.text,
                p.id,
                p.assessment,
                p.assessment_reason,
                p.assessed_at,
                p.assessed_by,
            )
        )
    feedback: dict[int, list[Feedback]] = {i: [] for i in ids}
    for f in conn.execute(
        select(t.feedback)
        .where(t.feedback.c.violation_id.in_(ids))
        .order_by(t.feedback.c.received, t.feedback.c.id)
    ):
        feedback[f.violation_id].append(
            Feedback(
                f.id,
                refs.get(f.point_id) if f.point_id else None,
                f.received,
                f.text,
                tuple(json.loads(f.document_refs or "[]")),
                f.created_at,
                f.created_by,
            )
        )
    changes: dict[int, list[DeadlineChange]] = {i: [] for i in ids}
    for c in conn.execute(
        select(t.deadline_changes)
        .where(t.deadline_changes.c.violation_id.in_(ids))
        .order_by(t.deadline_changes.c.id)
    ):
        changes[c.violation_id].append(
            DeadlineChange(
                c.id, c.old_deadline, c.new_deadline, c.reason, c.created_at, c.created_by
            )
        )
    appeals: dict[int, list[Appeal]] = {i: [] for i in ids}
    for a in conn.execute(
        select(t.appeals).where(t.appeals.c.violation_id.in_(ids)).order_by(t.appeals.c.id)
    ):
        appeals[a.violation_id].append(
            Appeal(
                a.id,
                a.received,
                a.forwarded,
                a.outcome,
                a.outcome_date,
                a.note,
                a.created_at,
                a.created_by,
            )
        )
    return [
        Violation(
            id=r.id,
            audit_id=r.audit_id,
            number=r.number,
            requirement_ref=r.requirement_ref,
            title=r.title,
            order_text=r.order_text,
            regime=r.regime,
            plan_deadline=r.plan_deadline,
            rectification_deadline=r.rectification_deadline,
            feedback_deadline=r.feedback_deadline,
            status=r.status,
            status_reason=r.status_reason,
            created_at=r.created_at,
            closed_at=r.closed_at,
            version=r.version,
            points=tuple(points[r.id]),
            feedback=tuple(feedback[r.id]),
            deadline_changes=tuple(changes[r.id]),
            appeals=tuple(appeals[r.id]),
        )
        for r in rows
    ]


class ViolationRepository(Repository):
    """Tracked violations and their follow-up."""

    # --- reading ---

    def all(
        self, audit_id: int | None = None, *, conn: Connection | None = None
    ) -> list[Violation]:
        """Tracked violations of one audit (or of all audits), by audit and number."""
        q = select(t.violations).order_by(t.violations.c.audit_id, t.violations.c.number)
        if audit_id is not None:
            q = q.where(t.violations.c.audit_id == audit_id)
        with self.read(conn) as c:
            if audit_id is not None:
                self.audit_row(c, audit_id)
            return _load(c, c.execute(q).all())

    def final_report_dates(self) -> dict[int, date]:
        """The date of the final report (``endelig`` event) of every audit that has one,
        in one query (the register of violations needs it for every audit)."""
        e = t.events
        with self.read() as conn:
            return {
                aid: _as_date(day)
                for aid, day in conn.execute(
                    select(e.c.audit_id, func.min(e.c.date))
                    .where(e.c.type == "endelig")
                    .group_by(e.c.audit_id)
                )
            }

    def get(
        self, audit_id: int, number: int, *, conn: Connection | None = None, lock: bool = False
    ) -> Violation:
        """One tracked violation by audit and number (explains why when there is none);
        ``lock`` locks the audit and the violation for the caller's transaction."""
        with self.read(conn) as c:
            row = self.audit_row(c, audit_id, lock=lock)
            vrow = self._violation_row(c, row, number, lock=lock)
            return _load(c, [vrow])[0]

    def _violation_row(
        self, conn: Connection, audit: Any, number: int, *, lock: bool = False
    ) -> Any:
        q = select(t.violations).where(
            t.violations.c.audit_id == audit.id, t.violations.c.number == number
        )
        if lock:
            q = q.with_for_update()
        row = conn.execute(q).first()
        if row is not None:
            return row
        numbers = list(
            conn.execute(
                select(t.violations.c.number)
                .where(t.violations.c.audit_id == audit.id)
                .order_by(t.violations.c.number)
            ).scalars()
        )
        if numbers:
            raise NotFoundError(
                f"Tilsyn {audit.id} har ikke lovbrudd nr. {number}; det har "
                f"nr. {', '.join(str(n) for n in numbers)}. Se: tilsyn lovbrudd liste "
                f"--tilsyn {audit.id}"
            )
        have = set(
            conn.execute(select(t.events.c.type).where(t.events.c.audit_id == audit.id)).scalars()
        )
        if "endelig" not in have:
            raise UsageError(
                f"Tilsyn {audit.id} har ingen pålegg å følge opp ennå: endelig rapport er ikke "
                "sendt. Lovbrudd følges opp fra endelig rapport er registrert "
                f"(tilsyn hendelse {audit.id} endelig --dato DATO)."
            )
        raise UsageError(
            f"Tilsyn {audit.id} har ingen lovbrudd i endelig rapport, og dermed ingen pålegg "
            "å følge opp. Tilsynet kan avsluttes."
        )

    # --- writing ---

    def _begin(self, conn: Connection, v: Violation) -> tuple[Any, str]:
        assert v.audit_id is not None and v.id is not None
        audit = self.audit_row(conn, v.audit_id, lock=True)
        return audit, audit_chain(audit.uid)

    def _update(self, conn: Connection, v: Violation, **values: Any) -> None:
        result = conn.execute(
            t.violations.update()
            .where(t.violations.c.id == v.id, t.violations.c.version == v.version)
            .values(version=v.version + 1, **values)
        )
        if result.rowcount != 1:
            raise ConflictError(
                f"Lovbrudd nr. {v.number} ble endret av en annen prosess samtidig; "
                "ingenting ble lagret. Prøv igjen."
            )

    def open(
        self, audit_id: int, items: Sequence[Violation], *, conn: Connection | None = None
    ) -> list[Violation]:
        """Start tracking the planned violations of a final report (no-op when the audit's
        violations are already tracked)."""
        with self.tx(conn) as c:
            audit = self.audit_row(c, audit_id, lock=True)
            existing = c.execute(
                select(t.violations.c.id).where(t.violations.c.audit_id == audit.id)
            ).first()
            if existing is None:
                now = utcnow()
                for item in items:
                    vid = c.execute(
                        t.violations.insert().values(
                            audit_id=audit.id,
                            number=item.number,
                            requirement_ref=item.requirement_ref,
                            title=item.title,
                            order_text=item.order_text,
                            regime=item.regime,
                            plan_deadline=item.plan_deadline,
                            rectification_deadline=item.rectification_deadline,
                            feedback_deadline=item.feedback_deadline,
                            status=ViolationStatus.OPEN,
                            created_at=now,
                            version=1,
                        )
                    ).inserted_primary_key[0]
                    for point in item.points:
                        c.execute(
                            t.correction_points.insert().values(
                                violation_id=vid, ref_id=point.ref_id, text=point.text
                            )
                        )
                    self.log(
                        c,
                        chain=audit_chain(audit.uid),
                        audit_id=audit.id,
                        action="pålegg",
                        entity=f"lovbrudd {item.number}",
                        new={
                            "krav": item.requirement_ref,
                            "pålegg": item.order_text,
                            "regime": item.regime,
                            "planfrist": item.plan_deadline,
                            "rettefrist": item.rectification_deadline,
                            "tilbakemeldingsfrist": item.feedback_deadline,
                            "korreksjonspunkter": [p.ref_id for p in item.points],
                        },
                    )
            return self.all(audit_id, conn=c)

    def add_feedback(
        self,
        v: Violation,
        *,
        received: date,
        text: str,
        point: OrderedPoint | None,
        document_refs: Sequence[str],
        status: str,
        conn: Connection | None = None,
    ) -> None:
        """Record the municipality's feedback (on the order, or one correction point)."""
        with self.tx(conn) as c:
            audit, chain = self._begin(c, v)
            c.execute(
                t.feedback.insert().values(
                    violation_id=v.id,
                    point_id=point.id if point else None,
                    received=received,
                    text=text,
                    document_refs=json.dumps(list(document_refs), ensure_ascii=False),
                    created_at=utcnow(),
                    created_by=self.user,
                )
            )
            self._update(c, v, status=status, status_reason=None)
            self.log(
                c,
                chain=chain,
                audit_id=audit.id,
                action="tilbakemelding",
                entity=f"lovbrudd {v.number}" + (f" / {point.ref_id}" if point else ""),
                old={"status": v.status},
                new={
                    "status": status,
                    "mottatt": received,
                    "tekst": text,
                    "dokumenter": list(document_refs),
                },
            )

    def assess(
        self,
        v: Violation,
        points: Sequence[OrderedPoint],
        *,
        outcome: str,
        reason: str,
        status: str,
        status_reason: str | None,
        conn: Connection | None = None,
    ) -> None:
        """Record the assessment of correction points, and the order's status after it."""
        with self.tx(conn) as c:
            audit, chain = self._begin(c, v)
            now = utcnow()
            for p in points:
                c.execute(
                    t.correction_points.update()
                    .where(t.correction_points.c.id == p.id)
                    .values(
                        assessment=outcome,
                        assessment_reason=reason,
                        assessed_at=now,
                        assessed_by=self.user,
                    )
                )
                self.log(
                    c,
                    chain=chain,
                    audit_id=audit.id,
                    action="vurdering",
                    entity=f"lovbrudd {v.number} / {p.ref_id}",
                    old={"vurdering": p.assessment, "begrunnelse": p.assessment_reason},
                    new={"vurdering": outcome, "begrunnelse": reason},
                )
            self._update(c, v, status=status, status_reason=status_reason)
            if status != v.status:
                self.log(
                    c,
                    chain=chain,
                    audit_id=audit.id,
                    action="status",
                    entity=f"lovbrudd {v.number}",
                    old={"status": v.status},
                    new={"status": status},
                )

    def change_deadline(
        self,
        v: Violation,
        *,
        new_deadline: date,
        feedback_deadline: date,
        reason: str,
        status: str,
        conn: Connection | None = None,
    ) -> None:
        """Record a new rectification (and feedback) deadline."""
        with self.tx(conn) as c:
            audit, chain = self._begin(c, v)
            c.execute(
                t.deadline_changes.insert().values(
                    violation_id=v.id,
                    old_deadline=v.rectification_deadline,
                    new_deadline=new_deadline,
                    reason=reason,
                    created_at=utcnow(),
                    created_by=self.user,
                )
            )
            self._update(
                c,
                v,
                status=status,
                status_reason=reason,
                rectification_deadline=new_deadline,
                feedback_deadline=feedback_deadline,
            )
            self.log(
                c,
                chain=chain,
                audit_id=audit.id,
                action="ny frist",
                entity=f"lovbrudd {v.number}",
                old={
                    "status": v.status,
                    "rettefrist": v.rectification_deadline,
                    "tilbakemeldingsfrist": v.feedback_deadline,
                },
                new={
                    "status": status,
                    "rettefrist": new_deadline,
                    "tilbakemeldingsfrist": feedback_deadline,
                    "begrunnelse": reason,
                },
            )

    def set_status(
        self,
        v: Violation,
        *,
        action: str,
        status: str,
        reason: str | None,
        closed_on: date | None = None,
        reopened: bool = False,
        conn: Connection | None = None,
    ) -> None:
        """Record a new status (escalated, closed on ``closed_on``, reopened)."""
        with self.tx(conn) as c:
            audit, chain = self._begin(c, v)
            values: dict[str, Any] = {"status": status, "status_reason": reason}
            new: dict[str, Any] = {"status": status, "begrunnelse": reason}
            if status == ViolationStatus.CLOSED:
                values["closed_at"] = closed_stamp(closed_on)
                if closed_on is not None:
                    new["lukket_dato"] = closed_on
            elif reopened:
                values["closed_at"] = None
            self._update(c, v, **values)
            self.log(
                c,
                chain=chain,
                audit_id=audit.id,
                action=action,
                entity=f"lovbrudd {v.number}",
                old={"status": v.status},
                new=new,
            )

    def record_appeal(
        self,
        v: Violation,
        *,
        pending: Appeal | None,
        received: date,
        forwarded: date | None,
        outcome: str | None,
        outcome_date: date | None,
        note: str | None,
        status: str,
        conn: Connection | None = None,
    ) -> None:
        """Record a new appeal, or update the pending one; ``status`` is the order's status
        afterwards (an annulled order is closed the day of the decision)."""
        with self.tx(conn) as c:
            audit, chain = self._begin(c, v)
            values: dict[str, Any] = {"received": received, "note": note}
            if forwarded is not None:
                values["forwarded"] = forwarded
            if outcome is not None:
                values.update(outcome=outcome, outcome_date=outcome_date)
            old = None
            if pending is not None:
                c.execute(
                    t.appeals.update()
                    .where(t.appeals.c.id == pending.id)
                    .values(
                        **{k: val for k, val in values.items() if val is not None or k != "note"}
                    )
                )
                old = {
                    "mottatt": pending.received,
                    "oversendt": pending.forwarded,
                    "utfall": pending.outcome,
                }
            else:
                c.execute(
                    t.appeals.insert().values(
                        violation_id=v.id, created_at=utcnow(), created_by=self.user, **values
                    )
                )
            extra: dict[str, Any] = {}
            if status != v.status:
                extra = {
                    "status": status,
                    "closed_at": closed_stamp(outcome_date),
                    "status_reason": "Pålegget er opphevet etter klage.",
                }
            self._update(c, v, **extra)
            self.log(
                c,
                chain=chain,
                audit_id=audit.id,
                action="klage",
                entity=f"lovbrudd {v.number}",
                old=old,
                new={
                    "mottatt": received,
                    "oversendt": forwarded,
                    "utfall": outcome,
                    "utfallsdato": outcome_date,
                    "notat": note,
                    "status": status,
                },
            )


__all__ = ["ViolationRepository", "closed_stamp"]
