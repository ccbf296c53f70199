"""Archive packages: a whole case in one zip file, to move it between databases
(a laptop's SQLite and the office's PostgreSQL) or to hand it to the records archive.

Format (documented in docs/arkivformat.md, version :data:`FORMAT_VERSION`):

- ``tilsyn-arkiv.json``: metadata, every row of the case per table, the log entries verbatim,
  the anchor of the case's log chain and the list of files with their sha256;
- ``tilsyn-arkiv.hmac``: when the office has a key, the HMAC-SHA256 tag of the metadata
  under that key (:mod:`tilsyn.app.officekeys`);
- ``filer/…``: every document file of the case (sent documents, and received documents
  whose file is in the workspace).

Import checks everything first (zip structure and sizes, member names, JSON, every column
and text, uids, references, checksums, the log's hash chains and anchor, the checklist
snapshots, the office key's tag) and then inserts the case in one transaction. Nothing a
package says becomes a path outside ``arkivimport/<uid>/`` in the workspace: the uid must
be a UUID, file names are checked, every target is resolved and must lie inside the
workspace, and a row's recorded ``path`` is never kept (rows without a file in the package
get none), so a later ``eksport`` cannot pack a local file a package pointed at.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from tilsyn.errors import ConflictError, TilsynError, UsageError, WorkspaceError
from tilsyn.files import write_file

if TYPE_CHECKING:
    from tilsyn.app.context import AppContext
    from tilsyn.app.officekeys import OfficeKey

FORMAT = "tilsyn-arkiv"
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)
"""Version 1 (before the log anchor and the office key) is still imported."""
METADATA = "tilsyn-arkiv.json"
SIGNATURE = "tilsyn-arkiv.hmac"
SIGNATURE_FORMAT = "tilsyn-arkiv-hmac"
FILES_DIR = "filer/"
IMPORT_DIR = "arkivimport"
MAX_FILES = 5_000
MAX_TOTAL_BYTES = 2 * 1024**3  # uncompressed
MAX_METADATA_BYTES = 200 * 1024**2
MAX_RATIO = 200
"""Largest compression ratio accepted for a member bigger than RATIO_FLOOR_BYTES."""
RATIO_FLOOR_BYTES = 16 * 1024**2
FILE_TABLES = ("document_versions", "documents")
NOT_IN_PACKAGE = ""
"""The ``path`` of an imported document version whose file was not in the package."""
_MEMBER = re.compile(r"filer/[^\W_][\w.-]{0,199}")
_CHAIN = re.compile(
    r"(tilsyn|egenvurdering):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"
)


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
    key: str | None = None
    """The office key the package is tagged with (None: not tagged)."""


@dataclass(frozen=True)
class ImportResult:
    audit_id: int
    uid: str
    created: bool  # False: the package was already imported (nothing changed)
    rows: dict[str, int]
    log_entries: int
    files: int
    message: str
    authenticated: str | None = None
    """How the package's origin was checked ("kontornøkkelen «…» (kontor)"), or None."""
    warnings: tuple[str, ...] = ()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _resolve(ctx: AppContext, stored: str) -> Path:
    path = Path(stored)
    return path if path.is_absolute() else ctx.workspace.root / path


def _safe_name(name: str) -> str:
    keep = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)
    keep = keep.strip("._")[:100] or "fil"
    return keep.replace("..", "_")


def is_uuid(value: Any) -> bool:
    """True for a UUID in its canonical form (lower-case hex, dashes)."""
    if not isinstance(value, str) or len(value) != 36:
        return False
    try:
        return str(uuid.UUID(value)) == value
    except ValueError:
        return False


def _tag_message(meta_bytes: bytes, key_name: str, office: str) -> bytes:
    return b"\0".join(
        [SIGNATURE_FORMAT.encode(), key_name.encode(), office.encode("utf-8"), meta_bytes]
    )


def _signature(key: OfficeKey, meta_bytes: bytes) -> bytes:
    import json

    body = {
        "format": SIGNATURE_FORMAT,
        "algoritme": "HMAC-SHA256",
        "nokkel": key.name,
        "kontor": key.office,
        "hmac": key.tag(_tag_message(meta_bytes, key.name, key.office)),
    }
    return json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8")


def export_case(
    ctx: AppContext,
    audit_id: int,
    out: Path,
    *,
    overwrite: bool = False,
    key_name: str | None = None,
) -> ExportResult:
    """Write the archive package of ``audit_id`` to ``out`` (atomically).

    Every sent document must be present with its recorded sha256; a received document
    whose file is missing is listed under ``mangler`` in the metadata. The package is
    tagged with the office key ``key_name`` (else ``[arkiv] nokkel``, else the office's
    newest key; untagged when the office has none).
    """
    import json

    from tilsyn import __version__
    from tilsyn.app.officekeys import key_folder, signing_key
    from tilsyn.audit.logchain import chain_head
    from tilsyn.store.base import audit_chain, utcnow
    from tilsyn.store.schema import HEAD_REVISION

    out = Path(out)
    if out.suffix.lower() != ".zip":
        raise UsageError(f"{out}: arkivpakken skal ha filendelsen .zip.")
    if out.exists() and not overwrite:
        raise UsageError(f"{out} finnes allerede; velg et annet filnavn eller bruk --overskriv.")
    key = signing_key(ctx, key_name)
    store = ctx.store
    tables, log = store.archive.rows(audit_id)
    audit = tables["audits"][0]
    keys_dir = key_folder(ctx).resolve()
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
            if source.resolve().is_relative_to(keys_dir):
                missing.append(f"{label}: {stored} (en kontornøkkel blir aldri pakket)")
                continue
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
            base = re.sub(r"^(document_versions|documents)-\d+-", "", Path(stored).name)
            name = f"{FILES_DIR}{table}-{row['id']}-{_safe_name(base)}"
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
    chain = audit_chain(audit["uid"])
    count, head = chain_head(e for e in log if e["chain"] == chain)
    meta = {
        "format": FORMAT,
        "formatversjon": FORMAT_VERSION,
        "skjema": HEAD_REVISION,
        "program": f"tilsyn {__version__}",
        "laget": utcnow(),
        "laget_av": store.user,
        "kontor": ctx.workspace.config.office_name,
        "tilsyn_uid": audit["uid"],
        "logg_anker": {"kjede": chain, "antall": count, "hode": head},
        "tabeller": tables,
        "logg": log,
        "filer": files,
        "mangler": missing,
    }
    blob = json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")

    def write(tmp: Path) -> None:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as z:
            z.writestr(METADATA, blob)
            if key is not None:
                z.writestr(SIGNATURE, _signature(key, blob))
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
        key.name if key else None,
    )


@dataclass(frozen=True)
class Package:
    """A read and fully checked package (file contents stay in the zip until import)."""

    path: Path
    meta: dict[str, Any]
    members: dict[str, zipfile.ZipInfo]  # zip name -> its entry
    sha256: str
    authenticated: str | None
    warnings: tuple[str, ...]


def _stream_sha256(z: zipfile.ZipFile, info: zipfile.ZipInfo) -> str:
    h = hashlib.sha256()
    with z.open(info) as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _file_sha256(path: Path) -> str:
    from tilsyn.files import sha256_file

    return sha256_file(path)


def _check_members(path: Path, infos: list[zipfile.ZipInfo]) -> dict[str, zipfile.ZipInfo]:
    """The package's members by name, after refusing anything but the metadata, the tag
    and plainly named files under ``filer/`` (no paths, ``..``, drive letters, control
    characters, duplicates), too many files, a bomb."""
    if len(infos) > MAX_FILES:
        raise ArchiveError(f"{path}: for mange filer i pakken ({len(infos)}; høyst {MAX_FILES}).")
    if sum(i.file_size for i in infos) > MAX_TOTAL_BYTES:
        raise ArchiveError(
            f"{path}: pakken pakker seg ut til over {MAX_TOTAL_BYTES // 1024**3} GB; den er for "
            "stor (eller en zip-bombe)."
        )
    names: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        name = info.filename
        if info.is_dir() and name == FILES_DIR:
            continue
        shown = repr(name[:120])
        if name in names:
            raise ArchiveError(f"{path}: filnavnet {shown} står to ganger i pakken.")
        plain = name in (METADATA, SIGNATURE) or (
            _MEMBER.fullmatch(name) is not None and ".." not in name
        )
        if not plain:
            raise ArchiveError(
                f"{path}: ugyldig filnavn i pakken: {shown} (bare {METADATA}, {SIGNATURE} og "
                f"filer direkte i {FILES_DIR} er tillatt)."
            )
        if info.file_size > RATIO_FLOOR_BYTES and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise ArchiveError(
                f"{path}: {name} er unormalt sterkt komprimert "
                f"({info.file_size // max(info.compress_size, 1)}:1; mulig zip-bombe)."
            )
        names[name] = info
    return names


def read_package(path: Path, ctx: AppContext) -> Package:
    """Read and check a package; raise :class:`ArchiveError` listing every problem."""
    from tilsyn import jsonfile
    from tilsyn.text import decode_utf8

    path = Path(path)
    if not path.is_file():
        raise UsageError(f"Finner ikke arkivpakken {path}.")
    try:
        z = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ArchiveError(f"{path} er ikke en zip-fil (arkivpakke fra tilsyn eksport).") from None
    with z:
        try:
            names = _check_members(path, z.infolist())
            if METADATA not in names:
                raise ArchiveError(
                    f"{path}: {METADATA} mangler; dette er ikke en arkivpakke fra tilsyn eksport."
                )
            if names[METADATA].file_size > MAX_METADATA_BYTES:
                raise ArchiveError(f"{path}: {METADATA} er for stor.")
            blob = z.read(METADATA)
            signature = z.read(SIGNATURE) if SIGNATURE in names else None
            text = decode_utf8(blob, source=f"{path}: {METADATA}", what="metadataene")
            meta = jsonfile.loads(text, source=f"{path}: {METADATA}", error=ArchiveError)
            problems = _check_meta(path, meta, ctx) if isinstance(meta, dict) else []
            if not isinstance(meta, dict) or meta.get("format") != FORMAT:
                raise ArchiveError(f"{path}: ikke en arkivpakke fra tilsyn (format mangler).")
            problems += _check_files(meta, names, z)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise ArchiveError(f"{path}: pakken er skadet ({exc}).") from None
        except UsageError as exc:  # text that is not UTF-8
            raise ArchiveError(exc.message) from None
    if problems:
        raise ArchiveError(
            f"{path} kan ikke importeres ({len(problems)} feil); ingenting ble lagret:",
            details=[f"  - {p}" for p in problems[:50]]
            + ([f"  … og {len(problems) - 50} til"] if len(problems) > 50 else []),
        )
    authenticated, warnings = _authenticate(path, ctx, meta, blob, signature)
    return Package(path, meta, names, _file_sha256(path), authenticated, tuple(warnings))


def _check_meta(path: Path, meta: dict[str, Any], ctx: AppContext) -> list[str]:
    """Every problem of the metadata: version, uid, tables, texts, log, anchor, snapshots."""
    from tilsyn.checklist.model import Checklist
    from tilsyn.idnumber import find_identity_numbers
    from tilsyn.store.archive import verify_entries
    from tilsyn.store.base import audit_chain

    if meta.get("format") != FORMAT:
        return []
    version = meta.get("formatversjon")
    if version not in READABLE_VERSIONS:
        raise ArchiveError(
            f"{path}: formatversjon {str(version)[:20]} støttes ikke (denne versjonen av "
            f"tilsyn leser versjon {', '.join(map(str, READABLE_VERSIONS))}); oppgrader tilsyn."
        )
    uid = meta.get("tilsyn_uid")
    if not is_uuid(uid):
        raise ArchiveError(
            f"{path}: tilsyn_uid {str(uid)[:60]!r} er ikke en UUID (en sak identifiseres med "
            "en UUID som 3f0c…-…); pakken er ikke laget av tilsyn eller er endret. Ingenting "
            "ble lagret."
        )
    problems = ctx.store.archive.problems(meta.get("tabeller"))
    raw_tables = meta.get("tabeller")
    tables: dict[str, Any] = raw_tables if isinstance(raw_tables, dict) else {}
    for table in ("audits", "self_assessments"):
        for n, row in enumerate(tables.get(table) or [], start=1):
            if isinstance(row, dict) and "uid" in row and not is_uuid(row["uid"]):
                problems.append(f"{table}[{n}].uid: er ikke en UUID")
    problems += _pseudonym_problems(tables.get("participants"))
    log = meta.get("logg")
    if not isinstance(log, list):
        problems.append("«logg» skal være en liste")
        log = []
    problems += verify_entries(log)
    for n, e in enumerate(log, start=1):
        chain = e.get("chain") if isinstance(e, dict) else None
        if isinstance(chain, str) and not _CHAIN.fullmatch(chain):
            problems.append(f"logg[{n}]: ukjent loggkjede {e['chain'][:60]!r}")
    # Identity numbers anywhere in the package's text (rows, log, metadata).
    for where, value in _texts(meta):
        found = find_identity_numbers(value)
        if found:
            problems.append(
                f"{where}: inneholder det som ser ut som et fødselsnummer eller D-nummer "
                f"({found[0]})"
            )
            if len(problems) > 60:
                break
    audits = tables.get("audits") if not problems else None
    if audits:
        audit = audits[0]
        if uid != audit["uid"]:
            problems.append("tilsyn_uid stemmer ikke med tilsynet i pakken")
        chain = audit_chain(audit["uid"])
        own = [e for e in log if e["chain"] == chain]
        if not own:
            problems.append("tilsynets loggkjede mangler")
        problems += _check_anchor(meta, audit, own, version)
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
    return problems


def _pseudonym_problems(rows: Any) -> list[str]:
    """Pseudonyms in a package pass the same door as typed ones (no invisible, look-alike or
    near-duplicate names)."""
    from tilsyn.text import check_distinct_pseudonyms, guard_pseudonym

    if not isinstance(rows, list):
        return []
    problems: list[str] = []
    named: list[tuple[str, str]] = []
    for n, row in enumerate(rows, start=1):
        problems += _participant_dates(row, f"participants[{n}].data")
        value = row.get("pseudonym") if isinstance(row, dict) else None
        if not isinstance(value, str):
            continue
        where = f"participants[{n}].pseudonym"
        try:
            named.append((guard_pseudonym(value, where=where), where))
        except TilsynError as exc:
            problems.append(exc.message.removesuffix(" Ingenting ble lagret."))
    return problems + check_distinct_pseudonyms(named)


def _participant_dates(row: Any, where: str) -> list[str]:
    """The dates of a participant's file (settlement, plan decision, …) in the sane range:
    they are JSON text in the row, so the store's date check does not see them."""
    import json

    from tilsyn.app.population import DATE_COLUMNS
    from tilsyn.audit.calendar import parse_date

    data = row.get("data") if isinstance(row, dict) else None
    if not isinstance(data, str):
        return []
    try:
        facts = json.loads(data) if len(data) < 1_000_000 else None
    except (ValueError, RecursionError):
        return [f"{where}: er ikke gyldig JSON"]
    if not isinstance(facts, dict):
        return [f"{where}: skal være et JSON-objekt"]
    problems = []
    for key in DATE_COLUMNS:
        value = facts.get(key)
        if value is None:
            continue
        try:
            if not isinstance(value, str) or parse_date(value, what=key).isoformat() != value:
                raise UsageError("")
        except UsageError as exc:
            why = exc.message.removesuffix(" Ingenting ble lagret.") or "skal være ÅÅÅÅ-MM-DD"
            problems.append(f"{where}.{key}: {why}")
    return problems


def _check_anchor(
    meta: dict[str, Any], audit: dict[str, Any], own: list[dict[str, Any]], version: int
) -> list[str]:
    """The package's log of the case against the anchor it carries (format 2)."""
    from tilsyn.audit.logchain import chain_head

    if version < 2:
        return []
    anchor = meta.get("logg_anker")
    if not isinstance(anchor, dict):
        return ["«logg_anker» mangler (antall linjer og siste hash i tilsynets logg)"]
    count, head = chain_head(own)
    problems = []
    if anchor.get("kjede") != (own[0]["chain"] if own else None):
        problems.append("logg_anker: kjeden er ikke tilsynets")
    if (anchor.get("antall"), anchor.get("hode")) != (count, head):
        problems.append(
            f"logg_anker sier {anchor.get('antall')} linjer med siste hash "
            f"{str(anchor.get('hode'))[:12]}…, men loggen i pakken har {count} med siste hash "
            f"{head[:12]}… (linjer er fjernet eller lagt til)"
        )
    if (audit.get("log_count"), audit.get("log_head")) != (count, head):
        problems.append("audits[1]: ankeret (log_count, log_head) stemmer ikke med loggen")
    return problems


def _texts(value: Any, where: str = "") -> Any:
    """Every string in the metadata with its place (bounded depth: jsonfile checked it)."""
    if isinstance(value, str):
        yield where or "metadata", value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _texts(v, f"{where}.{k}" if where else str(k))
    elif isinstance(value, list):
        for n, v in enumerate(value, start=1):
            yield from _texts(v, f"{where}[{n}]")


def _check_files(
    meta: dict[str, Any], names: dict[str, zipfile.ZipInfo], z: zipfile.ZipFile
) -> list[str]:
    """The file list against the members, the rows and the checksums (streamed)."""
    from tilsyn.errors import PersonalDataError
    from tilsyn.files import OFFICE_SUFFIXES, scan_data

    problems: list[str] = []
    listed = meta.get("filer")
    if not isinstance(listed, list):
        return ["«filer» skal være en liste"]
    raw_tables = meta.get("tabeller")
    tables: dict[str, Any] = raw_tables if isinstance(raw_tables, dict) else {}
    rows = {
        (tb, r.get("id")): r
        for tb in FILE_TABLES
        for r in (tables.get(tb) or [])
        if isinstance(r, dict)
    }
    seen_rows: set[tuple[str, Any]] = set()
    seen_files: set[str] = set()
    for n, f in enumerate(listed, start=1):
        if not isinstance(f, dict) or not isinstance(f.get("fil"), str):
            problems.append(f"filer[{n}]: ugyldig")
            continue
        name = f["fil"]
        key = (str(f.get("tabell")), f.get("id"))
        if name in seen_files or key in seen_rows:
            problems.append(f"filer[{n}]: {name[:80]} står flere ganger i fillisten")
            continue
        seen_files.add(name)
        seen_rows.add(key)
        info = names.get(name)
        if info is None or not name.startswith(FILES_DIR):
            problems.append(f"filer[{n}]: {name[:80]} mangler i pakken")
        elif _stream_sha256(z, info) != f.get("sha256"):
            problems.append(f"filer[{n}]: {name} har feil sjekksum (filen er endret)")
        elif key[0] == "document_versions" and Path(name).suffix.lower() in OFFICE_SUFFIXES:
            data = z.read(info)
            if zipfile.is_zipfile(io.BytesIO(data)):
                try:
                    scan_data(data, shown=Path(name))
                except PersonalDataError as exc:
                    problems.append(exc.message.removesuffix(" Ingenting ble skrevet."))
        row = rows.get(key)
        if row is None:
            problems.append(f"filer[{n}]: viser til {key[0]} {key[1]}, som mangler")
        elif row.get("sha256") and row["sha256"] != f.get("sha256"):
            problems.append(f"filer[{n}]: sjekksummen stemmer ikke med registrert sha256")
    unlisted = sorted(n for n in names if n.startswith(FILES_DIR) and n not in seen_files)
    problems += [f"{n}: ligger i pakken, men står ikke i fillisten" for n in unlisted[:10]]
    problems += [
        f"sendt dokument {r.get('kind')} v{r.get('version')} mangler i pakken"
        for (tb, rid), r in rows.items()
        if tb == "document_versions" and r.get("sent") and (tb, rid) not in seen_rows
    ]
    return problems


def _authenticate(
    path: Path, ctx: AppContext, meta: dict[str, Any], blob: bytes, signature: bytes | None
) -> tuple[str | None, list[str]]:
    """Check the package's office-key tag. Refused: a tag that does not verify, a key
    unknown for an office whose keys this workspace holds, a missing tag from such an
    office, and (with ``[arkiv] krev_nokkel``) any package not tagged with a known key."""
    import hmac
    import json

    from tilsyn.app.officekeys import keys, keys_of

    office = meta.get("kontor") if isinstance(meta.get("kontor"), str) else None
    office_keys = keys_of(ctx, office) if office else []
    required = ctx.workspace.config.archive.require_key
    unchecked = (
        "Pakken er ikke autentisert med en kontornøkkel: sjekksummene og loggens hash-kjede "
        "viser at den henger sammen, men ikke hvem som laget den (en som endrer pakken, kan "
        "regne dem ut på nytt)."
    )

    def refuse(reason: str) -> ArchiveError:
        return ArchiveError(
            f"{path} kan ikke importeres: {reason} Ingenting ble lagret. Se docs/arkivformat.md "
            "om kontornøkler."
        )

    if signature is None:
        if office_keys:
            raise refuse(
                f"pakken sier at den er fra {office}, som dette arbeidsområdet har kontornøkkel "
                f"for ({', '.join(k.name for k in office_keys)}), men den er ikke signert."
            )
        if required:
            raise refuse("pakken er ikke signert med en kontornøkkel ([arkiv] krev_nokkel).")
        return None, [unchecked]
    try:
        sig = json.loads(signature.decode("utf-8"))
        key_name, tag = str(sig["nokkel"]), str(sig["hmac"])
        claimed = str(sig["kontor"])
        if sig.get("format") != SIGNATURE_FORMAT or sig.get("algoritme") != "HMAC-SHA256":
            raise ValueError("ukjent format eller algoritme")
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, RecursionError) as exc:
        raise refuse(f"{SIGNATURE} er ugyldig ({str(exc)[:80]}).") from None
    if office is None or claimed != office:
        raise refuse(f"{SIGNATURE} og metadataene oppgir ikke samme kontor.")
    known = [k for k in keys(ctx) if k.name == key_name]
    if not known:
        if office_keys or required:
            raise refuse(
                f"pakken er signert med kontornøkkelen «{key_name[:64]}», som dette "
                "arbeidsområdet ikke har" + (f" for {office}." if office_keys else ".")
            )
        return None, [
            unchecked.replace(
                "Pakken er ikke autentisert med en kontornøkkel",
                f"Pakken er signert med kontornøkkelen «{key_name[:64]}», som dette "
                "arbeidsområdet ikke har, så den er ikke autentisert",
            )
        ]
    key = known[0]
    from tilsyn.text import fold

    if fold(key.office) != fold(office):
        raise refuse(
            f"kontornøkkelen «{key.name}» tilhører {key.office}, men pakken sier at den er fra "
            f"{office}."
        )
    expected = key.tag(_tag_message(blob, key.name, claimed))
    if not hmac.compare_digest(expected, tag):
        raise refuse(
            f"signaturen med kontornøkkelen «{key.name}» stemmer ikke: pakken er endret etter at "
            f"den ble laget, eller den er ikke laget av {key.office}."
        )
    return f"kontornøkkelen «{key.name}» ({key.office})", []


def _inside(root: Path, target: Path) -> bool:
    try:
        target.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def import_package(ctx: AppContext, path: Path) -> ImportResult:
    """Import a package into the store and workspace (all or nothing)."""
    from tilsyn.store.base import audit_chain

    pkg = read_package(path, ctx)
    tables = pkg.meta["tabeller"]
    log = pkg.meta["logg"]
    uid = tables["audits"][0]["uid"]
    assert is_uuid(uid)  # checked by read_package
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
                pkg.authenticated,
                pkg.warnings,
            )
        where = f"som tilsyn {existing.audit_id}" if existing.audit_id else "(loggkjedene finnes)"
        raise ConflictError(
            f"En annen versjon av saken (uid {uid}) finnes allerede {where}: loggen i "
            "pakken og i databasen har skilt lag. Ingenting ble importert. Eksporter saken "
            "der den sist ble endret, og importer den i en database der den ikke finnes."
        )
    by_row = {(f["tabell"], f["id"]): f for f in pkg.meta["filer"]}
    root = ctx.workspace.root
    folder = root / IMPORT_DIR / uid
    planned: dict[tuple[str, int], str] = {}
    for key, f in by_row.items():
        target = folder / PurePosixPath(f["fil"]).name
        if not _inside(root, target):  # a symlinked arkivimport/ pointing elsewhere
            raise ArchiveError(
                f"{target} ligger utenfor arbeidsområdet {root} (en snarvei?); ingenting ble "
                "importert."
            )
        planned[key] = target.relative_to(root).as_posix()

    def path_for(table: str, local_id: int, row: dict[str, Any]) -> str | None:
        """The stored path of a row: its file in arkivimport/, never the package's path."""
        if (table, local_id) in planned:
            return planned[(table, local_id)]
        return NOT_IN_PACKAGE if table == "document_versions" else None

    from tilsyn.app.documents import output_rules

    rules = output_rules(ctx)
    made = [d for d in (folder, folder.parent) if not d.exists()]  # innermost first
    written: list[Path] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not _inside(root, folder):
            raise ArchiveError(f"{folder} ligger utenfor arbeidsområdet; ingenting ble importert.")
        with zipfile.ZipFile(pkg.path) as z:
            for key, rel in planned.items():
                target = root / rel
                info = pkg.members[by_row[key]["fil"]]
                if target.exists():
                    if _file_sha256(target) == by_row[key]["sha256"]:
                        continue
                    raise ConflictError(
                        f"{target} finnes allerede med annet innhold; ingenting ble importert."
                    )

                def copy(tmp: Path, info: zipfile.ZipInfo = info) -> None:
                    with z.open(info) as src, tmp.open("wb") as dst:
                        for chunk in iter(lambda: src.read(1 << 20), b""):
                            dst.write(chunk)

                # Produced documents were scanned by read_package; received documents are
                # the municipality's own files, kept as they are.
                write_file(target, copy, rules=rules, what="filen fra arkivpakken", scan=False)
                written.append(target)
                if _file_sha256(target) != by_row[key]["sha256"]:  # changed under us
                    raise ArchiveError(f"{target}: sjekksummen stemmer ikke etter utpakking.")
        note = {
            "pakke_sha256": pkg.sha256,
            "laget": pkg.meta.get("laget"),
            "laget_av": pkg.meta.get("laget_av"),
            "kontor": pkg.meta.get("kontor"),
            "program": pkg.meta.get("program"),
            "autentisert": pkg.authenticated,
            "loggkjeder": {c: h[-1] for c, h in chains.items()},
            "stier_uten_fil": {
                f"{tb} {rid}": row.get("path")
                for tb in FILE_TABLES
                for row in tables.get(tb, [])
                if row.get("path") and (rid := row["id"]) is not None and (tb, rid) not in planned
            },
        }
        aid = ctx.store.archive.insert(tables, log, path_for=path_for, note=note)
    except BaseException:
        for p in written:
            p.unlink(missing_ok=True)
        for d in made:  # only folders this import made, and only when empty
            with contextlib.suppress(OSError):
                d.rmdir()
        raise
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
        pkg.authenticated,
        pkg.warnings,
    )


__all__ = [
    "FORMAT_VERSION",
    "ArchiveError",
    "ExportResult",
    "ImportResult",
    "export_case",
    "import_package",
    "is_uuid",
    "read_package",
]
