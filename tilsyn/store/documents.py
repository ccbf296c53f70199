"""Store operations on produced documents (document_versions), and a read-only view of
the follow-up tables that documents quote (violations, correction points, feedback).

Sent documents are immutable: a version is marked sent once, with the sha256 of the
frozen copy; producing the same kind again always creates the next version.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import func, select

from tilsyn.errors import ConflictError
from tilsyn.audit.models import DocumentVersion
from tilsyn.store import schema as t
from tilsyn.store.base import StoreBase, audit_chain, utcnow


def _version(r: Any) -> DocumentVersion:
    return DocumentVersion(r.id, r.kind, r.version, r.language, r.path, r.sha256, bool(r.sent),
                           r.sent_at, r.created_at)


class DocumentOps(StoreBase):
    """Produced documents and their versions (mixed into :class:`tilsyn.store.Store`)."""

    def next_document_version(self, audit_id: int, kind: str) -> int:
        """The version number the next document of ``kind`` will get."""
        with self.read() as conn:
            current = conn.execute(
                select(func.max(t.document_versions.c.version)).where(
                    t.document_versions.c.audit_id == audit_id,
                    t.document_versions.c.kind == kind)
            ).scalar()
        return (current or 0) + 1

    def add_document_version(self, audit_id: int, *, kind: str, version: int, language: str,
                             path: str, sha256: str,
                             log_extra: dict[str, Any] | None = None) -> DocumentVersion:
        """Record a produced document as version ``version`` of ``kind``.

        ``version`` must be the next one (see :meth:`next_document_version`); if another
        process produced one meanwhile, ConflictError. ``log_extra`` adds to the log entry
        (e.g. unanswered questions the auditor accepted).
        """
        with self.tx() as conn:
            row = self.audit_row(conn, audit_id, lock=True)  # type: ignore[attr-defined]
            current = conn.execute(
                select(func.max(t.document_versions.c.version)).where(
                    t.document_versions.c.audit_id == row.id,
                    t.document_versions.c.kind == kind)
            ).scalar() or 0
            if version != current + 1:
                raise ConflictError(
                    f"En annen prosess laget {kind} versjon {current} samtidig; lag dokumentet "
                    "på nytt.")
            now = utcnow()
            vid = conn.execute(t.document_versions.insert().values(
                audit_id=row.id, kind=kind, version=version, language=language, path=path,
                sha256=sha256, sent=False, sent_at=None, created_at=now,
                created_by=self.user)).inserted_primary_key[0]
            new = {"type": kind, "versjon": version, "målform": language, "fil": path,
                   "sha256": sha256, **(log_extra or {})}
            self.log(conn, chain=audit_chain(row.uid), audit_id=row.id, action="dokument laget",
                     entity=f"{kind} v{version}", new=new)
        return DocumentVersion(vid, kind, version, language, path, sha256, False, None, now)

    def document_versions(self, audit_id: int, kind: str | None = None) -> list[DocumentVersion]:
        """Produced documents of an audit (optionally one kind), oldest first."""
        q = select(t.document_versions).where(t.document_versions.c.audit_id == audit_id)
        if kind is not None:
            q = q.where(t.document_versions.c.kind == kind)
        with self.read() as conn:
            rows = conn.execute(q.order_by(t.document_versions.c.kind,
                                           t.document_versions.c.version)).all()
        return [_version(r) for r in rows]

    def mark_document_sent(self, audit_id: int, version_id: int, *, when: date,
                           frozen_path: str, sha256: str) -> DocumentVersion:
        """Mark a version as sent: it now points at the frozen copy and its checksum."""
        with self.tx() as conn:
            row = self.audit_row(conn, audit_id, lock=True)  # type: ignore[attr-defined]
            old = conn.execute(select(t.document_versions).where(
                t.document_versions.c.id == version_id,
                t.document_versions.c.audit_id == row.id)).first()
            if old is None:
                raise ConflictError(f"Dokumentversjon {version_id} finnes ikke lenger.")
            if old.sent:
                return _version(old)
            conn.execute(t.document_versions.update()
                         .where(t.document_versions.c.id == old.id)
                         .values(sent=True, sent_at=when.isoformat(), path=frozen_path,
                                 sha256=sha256))
            self.log(conn, chain=audit_chain(row.uid), audit_id=row.id, action="dokument sendt",
                     entity=f"{old.kind} v{old.version}",
                     old={"fil": old.path, "sha256": old.sha256},
                     new={"fil": frozen_path, "sha256": sha256, "sendt": when})
            new = conn.execute(select(t.document_versions).where(
                t.document_versions.c.id == old.id)).first()
        return _version(new)

    def log_document_note(self, audit_id: int, *, action: str, entity: str,
                          new: dict[str, Any]) -> None:
        """Log a decision about a document (e.g. accepting unanswered questions)."""
        with self.tx() as conn:
            row = self.audit_row(conn, audit_id, lock=True)  # type: ignore[attr-defined]
            self.log(conn, chain=audit_chain(row.uid), audit_id=row.id, action=action,
                     entity=entity, new=new)

    def followup_snapshot(self, audit_id: int) -> list[dict[str, Any]]:
        """Tracked violations with correction points and feedback, read-only, as plain data.

        Empty before the final report (the follow-up module creates the rows).
        """
        with self.read() as conn:
            vrows = conn.execute(select(t.violations).where(t.violations.c.audit_id == audit_id)
                                 .order_by(t.violations.c.number)).all()
            out = []
            for v in vrows:
                points = conn.execute(select(t.correction_points).where(
                    t.correction_points.c.violation_id == v.id)
                    .order_by(t.correction_points.c.id)).all()
                feedback = conn.execute(select(t.feedback).where(
                    t.feedback.c.violation_id == v.id)
                    .order_by(t.feedback.c.received, t.feedback.c.id)).all()
                changes = conn.execute(select(t.deadline_changes).where(
                    t.deadline_changes.c.violation_id == v.id)
                    .order_by(t.deadline_changes.c.id)).all()
                out.append({
                    "number": v.number, "requirement_ref": v.requirement_ref, "title": v.title,
                    "order_text": v.order_text, "regime": v.regime,
                    "plan_deadline": v.plan_deadline,
                    "rectification_deadline": v.rectification_deadline,
                    "feedback_deadline": v.feedback_deadline, "status": v.status,
                    "status_reason": v.status_reason, "closed_at": v.closed_at,
                    "points": [{"id": p.id, "ref_id": p.ref_id, "text": p.text,
                                "assessment": p.assessment,
                                "assessment_reason": p.assessment_reason,
                                "assessed_at": p.assessed_at} for p in points],
                    "feedback": [{"point_id": f.point_id, "received": f.received,
                                  "text": f.text,
                                  "document_refs": json.loads(f.document_refs or "[]")}
                                 for f in feedback],
                    "deadline_changes": [{"old": c.old_deadline, "new": c.new_deadline,
                                          "reason": c.reason} for c in changes],
                })
        return out


__all__ = ["DocumentOps"]
