"""Shared, content-addressed checklist snapshots (table ``checklist_snapshots``, migration
0003).

An audit or a self-assessment is pinned to the exact checklist it started with through
``checklist_sha256``: the sha256 of the snapshot's JSON text (its UTF-8 bytes exactly as
stored). Identical snapshots are stored once, however many rows use them. A snapshot row
is never changed or deleted, and its key is its content, so a parsed checklist is cached
by sha256 for the life of the process (also across databases): reading many audits parses
each distinct checklist once.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, select

from tilsyn.checklist.model import Checklist
from tilsyn.errors import WorkspaceError
from tilsyn.store import schema as t
from tilsyn.store.base import utcnow

CACHE_SIZE = 64
"""Parsed checklists kept in memory (a few kB of objects each; offices have a handful)."""

_parsed: OrderedDict[str, Checklist] = OrderedDict()
_lock = threading.Lock()


def snapshot_sha256(body: str) -> str:
    """The key of a snapshot: sha256 of its text's UTF-8 bytes."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def snapshot_body(checklist: Checklist) -> str:
    """The text stored for ``checklist`` (compact JSON)."""
    return checklist.model_dump_json()


def _insert_ignoring_existing(conn: Connection) -> Any:
    """``INSERT … ON CONFLICT (sha256) DO NOTHING`` for this backend: two writers storing
    the same snapshot at once both succeed (the second insert does nothing)."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    table = t.checklist_snapshots
    return insert(table).on_conflict_do_nothing(index_elements=[table.c.sha256])


def _damaged(sha: str) -> WorkspaceError:
    return WorkspaceError(
        f"Sjekklisteøyeblikksbildet {sha[:12]}… i databasen stemmer ikke med sjekksummen "
        "sin (databasen er endret utenom tilsyn). Hent databasen fra en sikkerhetskopi."
    )


def ensure_snapshots(conn: Connection, bodies: Iterable[tuple[str, str, str]]) -> list[str]:
    """Store each ``(body, checklist_id, version)`` unless it is there; return the sha256s.

    An existing row with the same sha256 must hold the same text (else the database is
    damaged: :class:`WorkspaceError`). Runs inside the caller's write transaction.
    """
    table = t.checklist_snapshots
    items = [(snapshot_sha256(body), body, cid, version) for body, cid, version in bodies]
    wanted = list(dict.fromkeys(sha for sha, *_ in items))
    stored: dict[str, str] = {}
    for start in range(0, len(wanted), 500):
        stored.update(
            (sha, body)
            for sha, body in conn.execute(
                select(table.c.sha256, table.c.body).where(
                    table.c.sha256.in_(wanted[start : start + 500])
                )
            )
        )
    now = utcnow()
    new: dict[str, dict[str, str]] = {}
    for sha, body, cid, version in items:
        if sha in stored:
            if stored[sha] != body:
                raise _damaged(sha)
        elif sha not in new:
            new[sha] = dict(
                sha256=sha, checklist_id=cid, version=version, body=body, created_at=now
            )
    if new:
        conn.execute(_insert_ignoring_existing(conn), list(new.values()))
    return [sha for sha, *_ in items]


def ensure_snapshot(conn: Connection, cl: Checklist) -> str:
    """Store the snapshot of checklist ``cl`` unless it is there; return its sha256."""
    return ensure_snapshots(conn, [(snapshot_body(cl), cl.id, cl.version)])[0]


def snapshot_bodies(conn: Connection, shas: Iterable[str]) -> dict[str, str]:
    """The stored text of each snapshot, by sha256 (checked against its sha256)."""
    table = t.checklist_snapshots
    wanted = list(dict.fromkeys(shas))
    out: dict[str, str] = {}
    for start in range(0, len(wanted), 500):
        for sha, body in conn.execute(
            select(table.c.sha256, table.c.body).where(
                table.c.sha256.in_(wanted[start : start + 500])
            )
        ):
            if snapshot_sha256(body) != sha:
                raise _damaged(sha)
            out[sha] = body
    missing = [sha for sha in wanted if sha not in out]
    if missing:
        raise WorkspaceError(
            f"Sjekklisteøyeblikksbildet {missing[0][:12]}… mangler i databasen (databasen er "
            "endret utenom tilsyn). Hent databasen fra en sikkerhetskopi."
        )
    return out


def load_checklists(conn: Connection, shas: Iterable[str]) -> dict[str, Checklist]:
    """The parsed checklist of each snapshot, by sha256; each distinct snapshot is read
    and parsed once per process (one query for all that are not cached yet)."""
    out: dict[str, Checklist] = {}
    missing: list[str] = []
    with _lock:
        for sha in dict.fromkeys(shas):
            found = _parsed.get(sha)
            if found is None:
                missing.append(sha)
            else:
                _parsed.move_to_end(sha)
                out[sha] = found
    if missing:
        parsed = {
            sha: Checklist.model_validate_json(body)
            for sha, body in snapshot_bodies(conn, missing).items()
        }
        with _lock:
            for sha, cl in parsed.items():
                _parsed[sha] = cl
                _parsed.move_to_end(sha)
            while len(_parsed) > CACHE_SIZE:
                _parsed.popitem(last=False)
        out.update(parsed)
    return out


def load_checklist(conn: Connection, sha: str) -> Checklist:
    """The parsed checklist of one snapshot (cached; see :func:`load_checklists`)."""
    return load_checklists(conn, [sha])[sha]


__all__ = [
    "ensure_snapshot",
    "ensure_snapshots",
    "load_checklist",
    "load_checklists",
    "snapshot_bodies",
    "snapshot_body",
    "snapshot_sha256",
]
