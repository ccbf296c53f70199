"""Store operations for archive packages: one whole case out, one whole case in.

The rows of a case are read and written table by table with their column names as keys
(format described in docs/arkivformat.md). Database ids are replaced by *local ids*
(1, 2, … in id order per table) and foreign keys point at local ids, so the same case
exports identically from any database. Log entries are copied verbatim (their hashes
stay verifiable).

Checklist snapshots: in the database an audit or self-assessment points to a shared
snapshot (``checklist_sha256``, table ``checklist_snapshots``); in the package the row
carries the snapshot text itself as ``checklist_snapshot`` (format unchanged since
before the snapshots were shared). Import stores the text once, keyed by its sha256.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Boolean, Column, Date, Integer, String, Table, Text, select

from tilsyn.audit.logchain import verify_chain
from tilsyn.errors import ConflictError
from tilsyn.store import schema as t
from tilsyn.store.base import Repository, audit_chain
from tilsyn.store.snapshots import ensure_snapshots, snapshot_bodies

# Tables of one case, parents before children: (table, {foreign key column: parent table}).
CASE_TABLES: tuple[tuple[Table, dict[str, str]], ...] = (
    (t.audits, {}),
    (t.events, {"audit_id": "audits"}),
    (t.documents, {"audit_id": "audits"}),
    (t.interviews, {"audit_id": "audits"}),
    (t.samples, {"audit_id": "audits"}),
    (t.participants, {"audit_id": "audits"}),
    (t.answers, {"audit_id": "audits"}),
    (t.conclusions, {"audit_id": "audits"}),
    (t.comments, {"audit_id": "audits"}),
    (t.scoped_requirements, {"audit_id": "audits"}),
    (t.remarks, {"audit_id": "audits"}),
    (t.point_choices, {"audit_id": "audits"}),
    (t.document_versions, {"audit_id": "audits"}),
    (t.violations, {"audit_id": "audits"}),
    (t.correction_points, {"violation_id": "violations"}),
    (t.feedback, {"violation_id": "violations", "point_id": "correction_points"}),
    (t.deadline_changes, {"violation_id": "violations"}),
    (t.appeals, {"violation_id": "violations"}),
    (t.self_assessments, {"audit_id": "audits"}),
    (t.self_assessment_answers, {"self_assessment_id": "self_assessments"}),
)
TABLES = {table.name: (table, fks) for table, fks in CASE_TABLES}
LOG_FIELDS = ("chain", "seq", "at", "user", "action", "entity", "old", "new", "prev_hash", "hash")
SNAPSHOT_REF = "checklist_sha256"
"""Database column pointing to the shared snapshot ..."""
SNAPSHOT_FIELD = Column("checklist_snapshot", Text, nullable=False)
"""... and the package field holding the snapshot text in its place."""


def package_columns(table: Table) -> list[Any]:
    """The fields of a table's rows in a package: its columns, with the snapshot text in
    place of the snapshot reference."""
    return [SNAPSHOT_FIELD if c.key == SNAPSHOT_REF else c for c in table.c]


@dataclass(frozen=True)
class ExistingCase:
    """A case already in the store with the uid of a package."""

    audit_id: int
    chains: dict[str, list[str]]  # chain -> hashes in order


def _to_json(col: Any, value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(col.type, Boolean) and value is not None:
        return bool(value)
    return value


def _from_json(col: Any, value: Any) -> Any:
    if value is not None and isinstance(col.type, Date):
        return date.fromisoformat(value)
    return value


def check_value(col: Any, value: Any) -> str | None:
    """Why ``value`` cannot go into column ``col`` (None when it can)."""
    if value is None:
        return None if col.nullable or col.primary_key else "mangler (påkrevd)"
    kind = col.type
    if isinstance(kind, Boolean):
        return None if isinstance(value, bool) else "skal være true/false"
    if isinstance(kind, Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            return "skal være et heltall"
        return None if -(2**31) <= value < 2**31 else "tallet er for stort"
    if isinstance(kind, Date):
        from tilsyn.audit.calendar import EARLIEST, LATEST

        try:
            day = date.fromisoformat(value)
        except (TypeError, ValueError):
            return "skal være en dato ÅÅÅÅ-MM-DD"
        if not EARLIEST <= day <= LATEST:
            return f"datoen {value} er utenfor {EARLIEST.isoformat()}–{LATEST.isoformat()}"
        return None
    if isinstance(kind, String | Text):
        if not isinstance(value, str):
            return "skal være tekst"
        if "\x00" in value:
            return "inneholder NUL-tegn"
        length = getattr(kind, "length", None)
        if length and len(value) > length:
            return f"er for lang ({len(value)} tegn, høyst {length})"
    return None


class ArchiveRepository(Repository):
    """Reading a whole case for export, and inserting one from a package."""

    def rows(self, audit_id: int) -> tuple[dict[str, list[dict[str, Any]]], list[dict[str, Any]]]:
        """The case's rows per table (local ids) and its log entries, in one snapshot.

        Log entries: every entry of the audit's chain and of every other chain (except
        ``global``) with entries about this audit — whole chains, oldest first; ``tilsyn``
        tells whether the entry was linked to the audit.
        """
        tables: dict[str, list[dict[str, Any]]] = {}
        local: dict[str, dict[int, int]] = {}
        with self.read() as conn:
            audit = self.audit_row(conn, audit_id)
            for table, fks in CASE_TABLES:
                if table is t.audits:
                    rows = [audit]
                else:
                    (fk, parent), *_ = fks.items()
                    parents = list(local[parent])
                    rows = (
                        conn.execute(
                            select(table).where(table.c[fk].in_(parents)).order_by(table.c.id)
                        ).all()
                        if parents
                        else []
                    )
                local[table.name] = {r.id: n for n, r in enumerate(rows, start=1)}
                out = []
                for r in rows:
                    values = {}
                    for col in table.c:
                        v = getattr(r, col.key)
                        if col.key == "id":
                            v = local[table.name][v]
                        elif col.key in fks and v is not None:
                            v = local[fks[col.key]][v]
                        values[col.key] = _to_json(col, v)
                    out.append(values)
                tables[table.name] = out
            bodies = snapshot_bodies(
                conn,
                [
                    row[SNAPSHOT_REF]
                    for rows in tables.values()
                    for row in rows
                    if SNAPSHOT_REF in row
                ],
            )
            for rows in tables.values():
                for row in rows:
                    if SNAPSHOT_REF in row:
                        row[SNAPSHOT_FIELD.key] = bodies[row.pop(SNAPSHOT_REF)]
            chains = {audit_chain(audit.uid)}
            chains.update(
                conn.execute(
                    select(t.log_entries.c.chain)
                    .where(t.log_entries.c.audit_id == audit.id)
                    .distinct()
                ).scalars()
            )
            chains.discard("global")
            log_rows = conn.execute(
                select(t.log_entries)
                .where(t.log_entries.c.chain.in_(sorted(chains)))
                .order_by(t.log_entries.c.chain, t.log_entries.c.seq)
            ).all()
        log = [
            {**{f: getattr(r, f) for f in LOG_FIELDS}, "tilsyn": r.audit_id == audit.id}
            for r in log_rows
        ]
        return tables, log

    def problems(self, tables: Any) -> list[str]:
        """Everything wrong with a package's tables (column names, types, references)."""
        problems: list[str] = []
        if not isinstance(tables, dict):
            return ["«tabeller» skal være et objekt med én liste per tabell"]
        unknown = set(tables) - set(TABLES)
        problems += [f"ukjent tabell «{name}»" for name in sorted(unknown)]
        ids: dict[str, set[int]] = {}
        for table, fks in CASE_TABLES:
            rows = tables.get(table.name, [])
            if not isinstance(rows, list):
                problems.append(f"{table.name}: skal være en liste")
                continue
            seen: set[int] = set()
            for n, row in enumerate(rows, start=1):
                where = f"{table.name}[{n}]"
                if not isinstance(row, dict):
                    problems.append(f"{where}: skal være et objekt")
                    continue
                columns = package_columns(table)
                extra = set(row) - {c.key for c in columns}
                problems += [f"{where}: ukjent felt «{k}»" for k in sorted(extra)]
                for col in columns:
                    if col.key not in row and not col.nullable and not col.primary_key:
                        problems.append(f"{where}.{col.key}: mangler")
                        continue
                    why = check_value(col, row.get(col.key))
                    if why:
                        problems.append(f"{where}.{col.key}: {why}")
                rid = row.get("id")
                if not isinstance(rid, int) or isinstance(rid, bool) or rid in seen:
                    problems.append(f"{where}.id: mangler eller er ikke unik")
                else:
                    seen.add(rid)
                for fk, parent in fks.items():
                    ref = row.get(fk)
                    if ref is not None and ref not in ids.get(parent, set()):
                        problems.append(f"{where}.{fk}: viser til {parent} {ref}, som mangler")
            ids[table.name] = seen
        if len(tables.get("audits", []) or []) != 1:
            problems.append("audits: pakken skal inneholde nøyaktig ett tilsyn")
        return problems

    def existing(self, uid: str, chains: list[str]) -> ExistingCase | None:
        """The case with ``uid`` in this store, with the hashes of the given chains."""
        with self.read() as conn:
            aid = conn.execute(select(t.audits.c.id).where(t.audits.c.uid == uid)).scalar()
            found: dict[str, list[str]] = {}
            for chain in chains:
                hashes = list(
                    conn.execute(
                        select(t.log_entries.c.hash)
                        .where(t.log_entries.c.chain == chain)
                        .order_by(t.log_entries.c.seq)
                    ).scalars()
                )
                if hashes:
                    found[chain] = hashes
        if aid is None and not found:
            return None
        return ExistingCase(aid or 0, found)

    def insert(
        self,
        tables: dict[str, list[dict[str, Any]]],
        log: list[dict[str, Any]],
        *,
        path_for: Any,
        note: dict[str, Any],
    ) -> int:
        """Insert a validated case in one transaction; return the new audit id.

        ``path_for(table_name, local_id, row)`` gives the path to store for a row that has
        a file (or the row's own path). A log entry ``importer arkiv`` with ``note`` is
        appended to the audit's chain.
        """
        with self.tx() as conn:
            uid = tables["audits"][0]["uid"]
            clash = conn.execute(select(t.audits.c.id).where(t.audits.c.uid == uid)).scalar()
            if clash is not None:
                raise ConflictError(
                    f"Tilsynet (uid {uid}) finnes allerede som tilsyn {clash}; ingenting ble "
                    "importert."
                )
            chains = sorted({e["chain"] for e in log})
            taken = (
                conn.execute(
                    select(t.log_entries.c.chain)
                    .where(t.log_entries.c.chain.in_(chains))
                    .distinct()
                )
                .scalars()
                .all()
            )
            if taken:
                raise ConflictError(
                    f"Loggkjeden {', '.join(taken)} finnes allerede i databasen; ingenting ble "
                    "importert."
                )
            # Each snapshot text once (an existing one must be byte-identical).
            with_snapshot = [
                row
                for table in (t.audits, t.self_assessments)
                for row in tables.get(table.name, [])
            ]
            shas = ensure_snapshots(
                conn,
                [
                    (row[SNAPSHOT_FIELD.key], row["checklist_id"], row["checklist_version"])
                    for row in with_snapshot
                ],
            )
            snapshot_of = {id(row): sha for row, sha in zip(with_snapshot, shas, strict=True)}
            new_ids: dict[str, dict[int, int]] = {}
            for table, fks in CASE_TABLES:
                new_ids[table.name] = {}
                for row in tables.get(table.name, []):
                    values = {}
                    if SNAPSHOT_REF in table.c:
                        values[SNAPSHOT_REF] = snapshot_of[id(row)]
                    for col in table.c:
                        if col.key == "id" or col.key not in row:
                            continue
                        v = row[col.key]
                        if col.key in fks and v is not None:
                            v = new_ids[fks[col.key]][v]
                        values[col.key] = _from_json(col, v)
                    if "path" in table.c and row.get("path") is not None:
                        values["path"] = path_for(table.name, row["id"], row)
                    new = conn.execute(table.insert().values(**values)).inserted_primary_key[0]
                    new_ids[table.name][row["id"]] = new
            aid = new_ids["audits"][tables["audits"][0]["id"]]
            for e in log:
                conn.execute(
                    t.log_entries.insert().values(
                        **{f: e[f] for f in LOG_FIELDS}, audit_id=aid if e.get("tilsyn") else None
                    )
                )
            self.log(
                conn,
                chain=audit_chain(uid),
                audit_id=aid,
                action="importer arkiv",
                entity=f"tilsyn {aid}",
                new=note,
            )
        return aid


def verify_entries(entries: list[dict[str, Any]]) -> list[str]:
    """Problems in exported log entries (grouped by chain, in order): links and hashes."""
    problems: list[str] = []
    by_chain: dict[str, list[dict[str, Any]]] = {}
    for n, e in enumerate(entries, start=1):
        if not isinstance(e, dict) or any(f not in e for f in LOG_FIELDS):
            problems.append(f"logg[{n}]: mangler felt (skal ha {', '.join(LOG_FIELDS)})")
            continue
        bad = [f for f in LOG_FIELDS if check_value(t.log_entries.c[f], e[f])]
        if bad:
            problems.append(f"logg[{n}]: ugyldig {', '.join(bad)}")
            continue
        by_chain.setdefault(e["chain"], []).append(e)
    for chain, rows in by_chain.items():
        problems += [f"logg {chain}: {p}" for p in verify_chain(chain, rows)]
    return problems


def column_names() -> dict[str, list[str]]:
    """The columns of every case table (for the format documentation and its test)."""
    return {table.name: [c.key for c in package_columns(table)] for table, _ in CASE_TABLES}


__all__ = ["ArchiveRepository", "ExistingCase", "column_names", "package_columns", "verify_entries"]
