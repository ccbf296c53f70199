"""The procedure repository: requirements scoped out of an audit, remarks with their own
text, and the auditor's choice of correction points. Every change is logged in the
audit's hash chain; what may change when is decided by the use cases
(:mod:`tilsyn.app.procedure`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from tilsyn.audit.models import PointChoice, Remark, ScopedRequirement
from tilsyn.store import schema as t
from tilsyn.store.base import Repository, audit_chain, utcnow


class ProcedureRepository(Repository):
    """Scoping, remarks and correction-point choices of one audit."""

    def _logged(
        self, conn: Connection, row: Any, *, action: str, entity: str, old: Any, new: Any
    ) -> None:
        self.log(
            conn,
            chain=audit_chain(row.uid),
            audit_id=row.id,
            action=action,
            entity=entity,
            old=old,
            new=new,
        )

    # --- scoping ---

    def scope_out(
        self, audit_id: int, requirement_ref: str, *, reason: str, conn: Connection | None = None
    ) -> ScopedRequirement:
        """Scope a requirement out of the audit; its conclusion (if any) is removed, since
        a requirement that is not part of the audit is not concluded (logged old → new)."""
        with self.tx(conn) as c:
            row = self.audit_row(c, audit_id, lock=True)
            now = utcnow()
            old = c.execute(
                select(t.conclusions).where(
                    t.conclusions.c.audit_id == row.id,
                    t.conclusions.c.requirement_ref == requirement_ref,
                )
            ).first()
            if old is not None:
                c.execute(t.conclusions.delete().where(t.conclusions.c.id == old.id))
            c.execute(
                t.scoped_requirements.insert().values(
                    audit_id=row.id,
                    requirement_ref=requirement_ref,
                    reason=reason,
                    created_at=now,
                    created_by=self.user,
                )
            )
            self._logged(
                c,
                row,
                action="avgrens",
                entity=f"krav {requirement_ref}",
                old=None
                if old is None
                else {
                    "utfall": old.outcome,
                    "praksis": old.practice,
                    "vurdering": old.assessment,
                    "konklusjon": old.conclusion,
                },
                new={"avgrenset": True, "begrunnelse": reason},
            )
        return ScopedRequirement(requirement_ref, reason, now, self.user)

    def scope_in(
        self, audit_id: int, requirement_ref: str, *, reason: str, conn: Connection | None = None
    ) -> None:
        """Undo scoping: the requirement is part of the audit again (and needs a conclusion)."""
        with self.tx(conn) as c:
            row = self.audit_row(c, audit_id, lock=True)
            old = c.execute(
                select(t.scoped_requirements).where(
                    t.scoped_requirements.c.audit_id == row.id,
                    t.scoped_requirements.c.requirement_ref == requirement_ref,
                )
            ).first()
            if old is None:
                return
            c.execute(t.scoped_requirements.delete().where(t.scoped_requirements.c.id == old.id))
            self._logged(
                c,
                row,
                action="angre avgrensning",
                entity=f"krav {requirement_ref}",
                old={"avgrenset": True, "begrunnelse": old.reason},
                new={"avgrenset": False, "begrunnelse": reason},
            )

    # --- remarks ---

    def add_remark(
        self, audit_id: int, requirement_ref: str, *, text: str, conn: Connection | None = None
    ) -> Remark:
        """Record a remark (merknad) on a requirement."""
        with self.tx(conn) as c:
            row = self.audit_row(c, audit_id, lock=True)
            now = utcnow()
            rid = c.execute(
                t.remarks.insert().values(
                    audit_id=row.id,
                    requirement_ref=requirement_ref,
                    text=text,
                    created_at=now,
                    created_by=self.user,
                )
            ).inserted_primary_key[0]
            self._logged(
                c,
                row,
                action="merknad",
                entity=f"merknad {rid}",
                old=None,
                new={"krav": requirement_ref, "tekst": text},
            )
        return Remark(rid, requirement_ref, text, now, self.user)

    def remove_remark(
        self, audit_id: int, remark: Remark, *, reason: str, conn: Connection | None = None
    ) -> None:
        """Delete a remark (its text stays in the log)."""
        with self.tx(conn) as c:
            row = self.audit_row(c, audit_id, lock=True)
            c.execute(
                t.remarks.delete().where(
                    t.remarks.c.id == remark.id, t.remarks.c.audit_id == row.id
                )
            )
            self._logged(
                c,
                row,
                action="fjern merknad",
                entity=f"merknad {remark.id}",
                old={"krav": remark.requirement_ref, "tekst": remark.text},
                new={"begrunnelse": reason},
            )

    # --- correction points ---

    def choose_point(
        self,
        audit_id: int,
        *,
        requirement_ref: str,
        point_ref: str,
        action: str,
        reason: str,
        conn: Connection | None = None,
    ) -> PointChoice:
        """Add a correction point to an order, or leave one out (replaces an earlier
        choice for the same point)."""
        with self.tx(conn) as c:
            row = self.audit_row(c, audit_id, lock=True)
            now = utcnow()
            old = self._choice(c, row.id, point_ref)
            if old is not None:
                c.execute(t.point_choices.delete().where(t.point_choices.c.id == old.id))
            c.execute(
                t.point_choices.insert().values(
                    audit_id=row.id,
                    requirement_ref=requirement_ref,
                    point_ref=point_ref,
                    action=action,
                    reason=reason,
                    created_at=now,
                    created_by=self.user,
                )
            )
            self._logged(
                c,
                row,
                action="korreksjonspunkt",
                entity=f"korreksjonspunkt {point_ref}",
                old=None if old is None else {"valg": old.action, "begrunnelse": old.reason},
                new={"krav": requirement_ref, "valg": action, "begrunnelse": reason},
            )
        return PointChoice(requirement_ref, point_ref, action, reason, now, self.user)

    def undo_point_choice(
        self, audit_id: int, point_ref: str, *, reason: str, conn: Connection | None = None
    ) -> None:
        """Remove the auditor's choice for a point: the findings decide again."""
        with self.tx(conn) as c:
            row = self.audit_row(c, audit_id, lock=True)
            old = self._choice(c, row.id, point_ref)
            if old is None:
                return
            c.execute(t.point_choices.delete().where(t.point_choices.c.id == old.id))
            self._logged(
                c,
                row,
                action="angre korreksjonspunkt",
                entity=f"korreksjonspunkt {point_ref}",
                old={"valg": old.action, "begrunnelse": old.reason},
                new={"valg": None, "begrunnelse": reason},
            )

    @staticmethod
    def _choice(conn: Connection, audit_id: int, point_ref: str) -> Any:
        return conn.execute(
            select(t.point_choices).where(
                t.point_choices.c.audit_id == audit_id,
                t.point_choices.c.point_ref == point_ref,
            )
        ).first()
