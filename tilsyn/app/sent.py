"""Freezing sent documents.

When a lifecycle event says a document was sent (varsel, forelopig, endelig, avsluttet),
the newest produced version of that kind — as it is on disk now, after any light
editing in Word — is copied to ``<workspace>/sendt/tilsyn-<id>/<kind>-v<version>.docx``,
made read-only, and its sha256 stored. Producing the same kind later creates the next
version; a sent copy is never replaced.
"""

from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from tilsyn.errors import TilsynError
from tilsyn.fileio import write_bytes_atomic

if TYPE_CHECKING:
    from tilsyn.audit.models import DocumentVersion
    from tilsyn.app.context import Session


def sent_path(session: Session, audit_id: int, kind: str, version: int,
              suffix: str = ".docx") -> Path:
    """Where the frozen copy of a sent document lives."""
    return session.workspace.sent_dir / f"tilsyn-{audit_id}" / f"{kind}-v{version}{suffix}"


def resolve(session: Session, stored: str) -> Path:
    """A stored document path (relative to the workspace, or absolute) as a Path."""
    path = Path(stored)
    return path if path.is_absolute() else session.workspace.root / path


def stored_path(session: Session, path: Path) -> str:
    """A path as stored: relative to the workspace when inside it (portable), else absolute."""
    path = Path(path).resolve()
    try:
        return path.relative_to(session.workspace.root.resolve()).as_posix()
    except ValueError:
        return str(path)


def mark_sent(session: Session, audit_id: int, doc_kind: str, when: date) -> DocumentVersion | None:
    """Freeze the newest produced ``doc_kind`` document of the audit as sent on ``when``.

    Returns the sent version, or None when no document of that kind was produced with
    tilsyn (the event is recorded all the same).
    """
    from tilsyn.app.context import sha256_file

    versions = session.store.document_versions(audit_id, doc_kind)
    if not versions:
        return None
    newest = versions[-1]
    if newest.sent:
        return newest
    source = resolve(session, newest.path)
    if not source.is_file():
        raise TilsynError(
            f"Hendelsen er registrert, men {doc_kind} versjon {newest.version} ({source}) finnes "
            "ikke lenger, så den sendte versjonen kunne ikke tas vare på. Lag dokumentet på nytt "
            f"(tilsyn rapport {audit_id} --type {doc_kind}) og legg den sendte filen i "
            f"{sent_path(session, audit_id, doc_kind, newest.version).parent}."
        )
    target = sent_path(session, audit_id, doc_kind, newest.version, source.suffix or ".docx")
    if target.exists():
        # Never overwrite a frozen copy (it may belong to a version whose row was lost).
        raise TilsynError(
            f"Hendelsen er registrert, men {target} finnes allerede og blir ikke overskrevet. "
            "Kontroller filen og marker dokumentet som sendt på nytt."
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(target, source.read_bytes())
    os.chmod(target, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    digest = sha256_file(target)
    return session.store.mark_document_sent(
        audit_id, newest.id, when=when, frozen_path=stored_path(session, target), sha256=digest)


def is_inside_sent_dir(session: Session, path: Path) -> bool:
    """True when ``path`` is inside the folder of frozen sent documents."""
    try:
        Path(path).resolve().relative_to(session.workspace.sent_dir.resolve())
    except ValueError:
        return False
    return True
