"""The documents repository: produced documents (document_versions).

Sent documents are immutable: a version is marked sent once, with the sha256 of the
frozen copy; producing the same kind again always creates the next version.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, func, select

from tilsyn.audit.models import DocumentVersion
from tilsyn.errors import ConflictError
from tilsyn.store import schema as t
from tilsyn.store.base import Repository, audit_chain, utcnow


def _version(r: Any) -> DocumentVersion:
    return DocumentVersion(
        r.id,
        r.kind,
        r.version,
        r.language,
        r.path,
        r.sha256,
        bool(r.sent),
        r.sent_at,
        r.created_at,
        r.audit_id,
    )


class DocumentRepository(Repository):
    """Produced documents and their versions (mixed into :class:`tilsyn.store.Store`)."""

    def next_version(self, audit_id: int, kind: str) -> int:
        """The version number the next document of ``kind`` will get."""
        with self.read() as conn:
            current = conn.execute(
                select(func.max(t.document_versions.c.version)).where(
                    t.document_versions.c.audit_id == audit_id, t.document_versions.c.kind == kind
                )
            ).scalar()
        return (current or 0) + 1

    def add_version(
        self,
        audit_id: int,
        *,
        kind: str,
        version: int,
        language: str,
        path: str,
        sha256: str,
        log_extra: dict[str, Any] | None = None,
    ) -> DocumentVersion:
        """Record a produced document as version ``version`` of ``kind``.

        ``version`` must be the next one (see :meth:`next_version`); if another
        process produced one meanwhile, ConflictError. ``log_extra`` adds to the log entry
        (e.g. unanswered questions the auditor accepted).
        """
        with self.tx() as conn:
            row = self.audit_row(conn, audit_id, lock=True)
            current = (
                conn.execute(
                    select(func.max(t.document_versions.c.version)).where(
                        t.document_versions.c.audit_id == row.id, t.document_versions.c.kind == kind
                    )
                ).scalar()
                or 0
            )
            if version != current + 1:
                raise ConflictError(
                    f"En annen prosess laget {kind} versjon {current} samtidig; lag dokumentet "
                    "på nytt."
                )
            now = utcnow()
            vid = conn.execute(
                t.document_versions.insert().values(
                    audit_id=row.id,
                    kind=kind,
                    version=version,
                    language=language,
                    path=path,
                    sha256=sha256,
                    sent=False,
                    sent_at=None,
                    created_at=now,
                    created_by=self.user,
                )
            ).inserted_primary_key[0]
            new = {
                "type": kind,
                "versjon": version,
                "målform": language,
                "fil": path,
                "sha256": sha256,
                **(log_extra or {}),
            }
            self.log(
                conn,
                chain=audit_chain(row.uid),
                audit_id=row.id,
                action="dokument laget",
                entity=f"{kind} v{version}",
                new=new,
            )
        return DocumentVersion(
            vid, kind, version, language, path, sha256, False, None, now, audit_id
        )

    def versions(
        self, audit_id: int, kind: str | None = None, *, conn: Connection | None = None
    ) -> list[DocumentVersion]:
        """Produced documents of an audit (optionally one kind), oldest first."""
        q = select(t.document_versions).where(t.document_versions.c.audit_id == audit_id)
        if kind is not None:
            q = q.where(t.document_versions.c.kind == kind)
        with self.read(conn) as conn:
            rows = conn.execute(
                q.order_by(t.document_versions.c.kind, t.document_versions.c.version)
            ).all()
        return [_version(r) for r in rows]

    def mark_sent(
        self,
        audit_id: int,
        version_id: int,
        *,
        when: date,
        frozen_path: str,
        sha256: str,
        conn: Connection | None = None,
    ) -> DocumentVersion:
        """Mark a version as sent: it now points at the frozen copy and its checksum."""
        with self.tx(conn) as conn:
            row = self.audit_row(conn, audit_id, lock=True)
            old = conn.execute(
                select(t.document_versions).where(
                    t.document_versions.c.id == version_id, t.document_versions.c.audit_id == row.id
                )
            ).first()
            if old is None:
                raise ConflictError(f"Dokumentversjon {version_id} finnes ikke lenger.")
            if old.sent:
                return _version(old)
            conn.execute(
                t.document_versions.update()
                .where(t.document_versions.c.id == old.id)
                .values(sent=True, sent_at=when.isoformat(), path=frozen_path, sha256=sha256)
            )
            self.log(
                conn,
                chain=audit_chain(row.uid),
                audit_id=row.id,
                action="dokument sendt",
                entity=f"{old.kind} v{old.version}",
                old={"fil": old.path, "sha256": old.sha256},
                new={"fil": frozen_path, "sha256": sha256, "sendt": when},
            )
            new = conn.execute(
                select(t.document_versions).where(t.document_versions.c.id == old.id)
            ).first()
        return _version(new)

    def registered_paths(self, *, conn: Connection | None = None) -> list[tuple[int, str]]:
        """(audit id, stored path) of every produced document."""
        with self.read(conn) as conn:
            return [
                (r.audit_id, r.path)
                for r in conn.execute(
                    select(t.document_versions.c.audit_id, t.document_versions.c.path)
                )
            ]

    def sent_versions(self, audit_id: int | None = None) -> list[DocumentVersion]:
        """Sent versions (of one audit, or all), to re-check their frozen copies."""
        q = select(t.document_versions).where(t.document_versions.c.sent.is_(True))
        if audit_id is not None:
            q = q.where(t.document_versions.c.audit_id == audit_id)
        with self.read() as conn:
            return [_version(r) for r in conn.execute(q.order_by(t.document_versions.c.id))]

    def log_note(self, audit_id: int, *, action: str, entity: str, new: dict[str, Any]) -> None:
        """Log a decision about a document (e.g. accepting unanswered questions)."""
        with self.tx() as conn:
            row = self.audit_row(conn, audit_id, lock=True)
            self.log(
                conn,
                chain=audit_chain(row.uid),
                audit_id=row.id,
                action=action,
                entity=entity,
                new=new,
            )


__all__ = ["DocumentRepository"]
