"""Archive packages: a whole case in one zip file, to move it between databases
(a laptop's SQLite and the office's PostgreSQL) or to hand it to the records archive.

Format (documented in docs/arkivformat.md, version :data:`FORMAT_VERSION`):

- ``tilsyn-arkiv.json``: metadata, every row of the case per table, the log entries verbatim
  and the list of files with their sha256;
- ``filer/…``: every document file of the case (sent documents, and received documents
  whose file is in the workspace).

Import checks everything first (zip structure and sizes, JSON, every column, references,
checksums, the log's hash chains, the checklist snapshots) and then inserts the case in one
transaction. The audit's uid identifies the case: a package already imported is a no-op,
a different version of a case already present is refused.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from tilsyn.errors import ConflictError, TilsynError, UsageError, WorkspaceError
from tilsyn.files import write_bytes, write_file

if TYPE_CHECKING:
    from tilsyn.app.context import AppContext

FORMAT = "tilsyn-arkiv"
FORMAT_VERSION = 1
METADATA = "tilsyn-arkiv.json"
MAX_FILES = 5_000
MAX_TOTAL_BYTES = 2 * 1024**3  # uncompressed
MAX_METADATA_BYTES = 200 * 1024**2
FILE_TABLES = ("document_versions", "documents")


class ArchiveError(TilsynError):
    """A package that cannot be imported; nothing was written."""


@dataclass(frozen=True)
class ExportResult:
    path: Path
    audit_id: int
    uid: str
    rows: dict[str, int]
    log_entries: int
    files: int
    missing: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ImportResult:
    audit_id: int
    uid: str
    created: bool  # False: the package was already imported (nothing changed)
    rows: dict[str, int]
    log_entries: int
    files: int
    message: str


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _resolve(ctx: AppContext, stored: str) -> Path:
    path = Path(stored)
    return path if path.is_absolute() else ctx.workspace.root / path


def _safe_name(name: str) -> str:
    keep = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)
    return keep.strip("._")[:100] or "fil"


def export_case(
    ctx: AppContext, audit_id: int, out: Path, *, overwrite: bool = False
) -> ExportResult:
    """Write the archive package of ``audit_id`` to ``out`` (atomically).

    Every sent document must be present with its recorded sha256; a received document
    whose file is missing is listed under ``mangler`` in the metadata.
    """
    from tilsyn import __version__
    from tilsyn.store.base import utcnow
    from tilsyn.store.schema import HEAD_REVISION

    out = Path(out)
    if out.suffix.lower() != ".zip":
        raise UsageError(f"{out}: arkivpakken skal ha filendelsen .zip.")
    if out.exists() and not overwrite:
        raise UsageError(f"{out} finnes allerede; velg et annet filnavn eller bruk --overskriv.")
    store = ctx.store
    tables, log = store.archive.rows(audit_id)
    audit = tables["audits"][0]
    files: list[dict[str, Any]] = []
    contents: dict[str, bytes] = {}
    missing: list[str] = []
    for table in FILE_TABLES:
        for row in tables[table]:
            stored = row.get("path")
            if not stored:
                continue
            source = _resolve(ctx, stored)
            label = (
                f"{row['kind']} v{row['version']}"
                if table == "document_versions"
                else f"dokument nr. {row['number']}"
            )
            try:
                data = source.read_bytes()
            except OSError:
                if table == "document_versions" and row.get("sent"):
                    raise WorkspaceError(
                        f"Sendt dokument ({label}) mangler: {source}. Arkivpakken kan ikke "
                        "lages uten det; legg filen tilbake og prøv igjen."
                    ) from None
                missing.append(f"{label}: {stored} (filen finnes ikke)")
                continue
            digest = _sha256(data)
            if row.get("sha256") and row["sha256"] != digest:
                if table == "document_versions" and row.get("sent"):
                    raise WorkspaceError(
                        f"Sendt dokument ({label}) {source} er endret etter at det ble sendt "
                        f"(sha256 {digest[:12]}…, registrert {row['sha256'][:12]}…). "
                        "Arkivpakken lages ikke."
                    )
                missing.append(f"{label}: {stored} (endret etter registrering; ikke tatt med)")
                continue
            name = f"filer/{table}-{row['id']}-{_safe_name(Path(stored).name)}"
            contents[name] = data
            files.append(
                {
                    "tabell": table,
                    "id": row["id"],
                    "fil": name,
                    "sha256": digest,
                    "bytes": len(data),
                    "opprinnelig_sti": stored,
                }
            )
    meta = {
        "format": FORMAT,
        "formatversjon": FORMAT_VERSION,
        "skjema": HEAD_REVISION,
        "program": f"tilsyn {__version__}",
        "laget": utcnow(),
        "laget_av": store.user,
        "tilsyn_uid": audit["uid"],
        "tabeller": tables,
        "logg": log,
        "filer": files,
        "mangler": missing,
    }
    blob = json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")

    def write(tmp: Path) -> None:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as z:
            z.writestr(METADATA, blob)
            for name, data in contents.items():
                z.writestr(name, data)

    from tilsyn.app.documents import output_rules

    write_file(out, write, rules=output_rules(ctx), what="arkivpakken")
    return ExportResult(
        out,
        audit_id,
        audit["uid"],
        {k: len(v) for k, v in tables.items()},
        len(log),
        len(files),
        missing,
    )


@dataclass(frozen=True)
class Package:
    """A read and fully checked package."""

    meta: dict[str, Any]
    files: dict[str, bytes]  # zip name -> content
    sha256: str


def read_package(path: Path, ctx: AppContext) -> Package:
    """Read and check a package; raise :class:`ArchiveError` listing every problem."""
    from tilsyn.checklist.model import Checklist

    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"Kan ikke lese {path}: {exc.strerror}.") from None
    try:
        z = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise ArchiveError(f"{path} er ikke en zip-fil (arkivpakke fra tilsyn eksport).") from None
    with z:
        infos = z.infolist()
        if len(infos) > MAX_FILES:
            raise ArchiveError(f"{path}: for mange filer i pakken ({len(infos)}).")
        if sum(i.file_size for i in infos) > MAX_TOTAL_BYTES:
            raise ArchiveError(f"{path}: pakken er for stor utpakket.")
        names = {}
        for info in infos:
            p = PurePosixPath(info.filename)
            if p.is_absolute() or ".." in p.parts or "\\" in info.filename:
                raise ArchiveError(f"{path}: ugyldig filnavn i pakken: {info.filename!r}.")
            names[info.filename] = info
        if METADATA not in names:
            raise ArchiveError(
                f"{path}: {METADATA} mangler; dette er ikke en arkivpakke fra tilsyn eksport."
            )
        if names[METADATA].file_size > MAX_METADATA_BYTES:
            raise ArchiveError(f"{path}: {METADATA} er for stor.")
        try:
            meta = json.loads(z.read(METADATA).decode("utf-8"))
            contents = {n: z.read(n) for n in names if n != METADATA}
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ArchiveError(f"{path}: {METADATA} er ikke gyldig JSON ({exc}).") from None
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise ArchiveError(f"{path}: pakken er skadet ({exc}).") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ArchiveError(f"{path}: ikke en arkivpakke fra tilsyn (format mangler).")
    version = meta.get("formatversjon")
    if version != FORMAT_VERSION:
        raise ArchiveError(
            f"{path}: formatversjon {version!r} støttes ikke (denne versjonen av tilsyn leser "
            f"versjon {FORMAT_VERSION}); oppgrader tilsyn."
        )
    from tilsyn.store.archive import verify_entries

    problems = ctx.store.archive.problems(meta.get("tabeller") or {})
    log = meta.get("logg")
    if not isinstance(log, list):
        problems.append("«logg» skal være en liste")
        log = []
    problems += verify_entries(log)
    audits = (meta.get("tabeller") or {}).get("audits") if not problems else None
    if audits:
        audit = audits[0]
        from tilsyn.store.base import audit_chain

        if meta.get("tilsyn_uid") != audit["uid"]:
            problems.append("tilsyn_uid stemmer ikke med tilsynet i pakken")
        if not any(e["chain"] == audit_chain(audit["uid"]) for e in log):
            problems.append("tilsynets loggkjede mangler")
        tables = meta["tabeller"]
        pinned = [(f"audits[{n}]", r) for n, r in enumerate(audits, start=1)] + [
            (f"self_assessments[{n}]", r)
            for n, r in enumerate(tables.get("self_assessments") or [], start=1)
        ]
        for where, row in pinned:
            try:
                cl = Checklist.model_validate_json(row["checklist_snapshot"])
            except ValueError as exc:
                problems.append(f"{where}: sjekklisteøyeblikksbildet er ugyldig: {str(exc)[:200]}")
                continue
            if (cl.id, cl.version) != (row["checklist_id"], row["checklist_version"]):
                problems.append(
                    f"{where}: sjekklisteøyeblikksbildet er {cl.id} {cl.version}, men raden "
                    f"sier {row['checklist_id']} {row['checklist_version']}"
                )
    listed = meta.get("filer")
    if not isinstance(listed, list):
        problems.append("«filer» skal være en liste")
        listed = []
    rows = {
        (tb, r.get("id")): r
        for tb in FILE_TABLES
        for r in ((meta.get("tabeller") or {}).get(tb) or [])
        if isinstance(r, dict)
    }
    for n, f in enumerate(listed, start=1):
        if not isinstance(f, dict) or not isinstance(f.get("fil"), str):
            problems.append(f"filer[{n}]: ugyldig")
            continue
        data = contents.get(f["fil"])
        if data is None:
            problems.append(f"filer[{n}]: {f['fil']} mangler i pakken")
        elif _sha256(data) != f.get("sha256"):
            problems.append(f"filer[{n}]: {f['fil']} har feil sjekksum (filen er endret)")
        row = rows.get((str(f.get("tabell")), f.get("id")))
        if row is None:
            problems.append(f"filer[{n}]: viser til {f.get('tabell')} {f.get('id')}, som mangler")
        elif row.get("sha256") and row["sha256"] != f.get("sha256"):
            problems.append(f"filer[{n}]: sjekksummen stemmer ikke med registrert sha256")
    sent_without_file = [
        r
        for (tb, _), r in rows.items()
        if tb == "document_versions"
        and r.get("sent")
        and not any(
            f.get("tabell") == tb and f.get("id") == r.get("id")
            for f in listed
            if isinstance(f, dict)
        )
    ]
    problems += [
        f"sendt dokument {r.get('kind')} v{r.get('version')} mangler i pakken"
        for r in sent_without_file
    ]
    if problems:
        raise ArchiveError(
            f"{path} kan ikke importeres ({len(problems)} feil); ingenting ble lagret:",
            details=[f"  - {p}" for p in problems[:50]]
            + ([f"  … og {len(problems) - 50} til"] if len(problems) > 50 else []),
        )
    return Package(meta, contents, _sha256(raw))


def import_package(ctx: AppContext, path: Path) -> ImportResult:
    """Import a package into the store and workspace (all or nothing)."""
    from tilsyn.store.base import audit_chain

    pkg = read_package(path, ctx)
    tables = pkg.meta["tabeller"]
    log = pkg.meta["logg"]
    uid = tables["audits"][0]["uid"]
    counts = {k: len(v) for k, v in tables.items()}
    chains: dict[str, list[str]] = {}
    for e in log:
        chains.setdefault(e["chain"], []).append(e["hash"])
    existing = ctx.store.archive.existing(uid, list(chains))
    if existing is not None:
        same = existing.audit_id and all(
            existing.chains.get(c, [])[: len(h)] == h for c, h in chains.items()
        )
        if same:
            return ImportResult(
                existing.audit_id,
                uid,
                False,
                counts,
                len(log),
                0,
                f"Saken (uid {uid}) er allerede importert som tilsyn "
                f"{existing.audit_id}; ingenting ble endret.",
            )
        where = f"som tilsyn {existing.audit_id}" if existing.audit_id else "(loggkjedene finnes)"
        raise ConflictError(
            f"En annen versjon av saken (uid {uid}) finnes allerede {where}: loggen i "
            "pakken og i databasen har skilt lag. Ingenting ble importert. Eksporter saken "
            "der den sist ble endret, og importer den i en database der den ikke finnes."
        )
    by_row = {(f["tabell"], f["id"]): f for f in pkg.meta["filer"]}
    # Files go to the workspace first (each written atomically); if the database
    # transaction fails they are removed again, so nothing is left half-imported.
    written: list[Path] = []
    planned: dict[tuple[str, int], str] = {}
    new_id_holder: dict[str, int] = {}

    def path_for(table: str, local_id: int, row: dict[str, Any]) -> str:
        f = by_row.get((table, local_id))
        if f is None:
            return row["path"]  # no file in the package: keep the recorded path
        return planned[(table, local_id)]

    # Stored paths use a folder named by the case's uid (ids differ between databases).
    folder = f"arkivimport/{uid}"
    for (table, local_id), f in by_row.items():
        rel = f"{folder}/{PurePosixPath(f['fil']).name}"
        planned[(table, local_id)] = rel
    from tilsyn.app.documents import output_rules

    rules = output_rules(ctx)
    target_dir = ctx.workspace.root / folder
    made = [d for d in (target_dir, target_dir.parent) if not d.exists()]  # innermost first
    try:
        for key, rel in planned.items():
            target = ctx.workspace.root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            data = pkg.files[by_row[key]["fil"]]
            if target.exists():
                if _sha256(target.read_bytes()) == by_row[key]["sha256"]:
                    continue
                raise ConflictError(
                    f"{target} finnes allerede med annet innhold; ingenting ble importert."
                )
            write_bytes(target, data, rules=rules, what="filen fra arkivpakken")
            written.append(target)
        note = {
            "pakke_sha256": pkg.sha256,
            "laget": pkg.meta.get("laget"),
            "laget_av": pkg.meta.get("laget_av"),
            "program": pkg.meta.get("program"),
            "loggkjeder": {c: h[-1] for c, h in chains.items()},
        }
        new_id_holder["id"] = ctx.store.archive.insert(tables, log, path_for=path_for, note=note)
    except BaseException:
        for p in written:
            p.unlink(missing_ok=True)
        for d in made:  # only folders this import made, and only when empty
            with contextlib.suppress(OSError):
                d.rmdir()
        raise
    aid = new_id_holder["id"]
    problems = ctx.store.log.verify(audit_chain(uid))
    if problems:  # pragma: no cover - verified before insert; a bug if it happens
        raise ArchiveError("Loggen verifiserer ikke etter import: " + "; ".join(problems))
    return ImportResult(
        aid,
        uid,
        True,
        counts,
        len(log),
        len(written),
        f"Importerte saken (uid {uid}) som tilsyn {aid}.",
    )


__all__ = [
    "FORMAT_VERSION",
    "ArchiveError",
    "ExportResult",
    "ImportResult",
    "export_case",
    "import_package",
    "read_package",
]
