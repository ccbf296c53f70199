"""Checks on an untrusted .xlsx before openpyxl sees it, and a guarded loader.

openpyxl does not limit decompressed size and follows whatever the package declares,
so the zip container is inspected first: file size, that it is a zip at all, the number
of parts, the total uncompressed size and the compression ratio, macros (vbaProject),
external links, and XML document type declarations (entity expansion). The loader then
requires defusedxml, which openpyxl uses automatically to refuse entity tricks.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tilsyn.errors import WorkbookError, WorkspaceError

MAX_FILE_BYTES = 20 * 1024 * 1024
"""Largest .xlsx accepted (compressed)."""
MAX_PARTS = 1000
"""Most parts (zip members) accepted; a workbook for 30 files has about 80."""
MAX_UNCOMPRESSED_BYTES = 16 * 1024 * 1024
"""Largest total uncompressed size accepted, checked before anything is parsed (a 60 × 30
workbook is about 3 MB; a population list of 1 000 participants 0.1 MB)."""
MAX_RATIO = 200
"""Largest compression ratio accepted for a part bigger than RATIO_FLOOR_BYTES."""
RATIO_FLOOR_BYTES = 2 * 1024 * 1024
MAX_ROWS = 20_000
"""Most rows accepted in one sheet."""
MAX_COLUMNS = 60
"""Most columns accepted in one sheet."""

_SCAN_CHUNK = 1 << 16


@dataclass(frozen=True)
class PackageInfo:
    """What the pre-load check found."""

    size: int
    parts: int
    uncompressed: int


def require_defusedxml() -> None:
    """Refuse to read workbooks unless openpyxl uses defusedxml."""
    try:
        import defusedxml  # noqa: F401
        from openpyxl.xml import DEFUSEDXML
    except ImportError:  # pragma: no cover - a broken installation
        DEFUSEDXML = False
    if not DEFUSEDXML:  # pragma: no cover - a broken installation
        raise WorkspaceError(
            "Pakken defusedxml er ikke installert, så Excel-filer kan ikke leses trygt. "
            "Installer den (pip install defusedxml) og prøv igjen."
        )


def _name(path: Path) -> str:
    return Path(path).name


_CELL_REF = re.compile(rb"<(?:\w+:)?c\b[^>]*?\sr=\"([A-Z]{1,3})([0-9]{1,9})\"")
_ROW_REF = re.compile(rb"<(?:\w+:)?row\b[^>]*?\sr=\"([0-9]{1,9})\"")
_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s/>]")
_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_REL_TAG = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
_ATTRIBUTE = re.compile(rb"([\w:]+)=\"([^\"]*)\"")


def _attributes(tag: bytes) -> dict[bytes, bytes]:
    return {key.split(b":")[-1]: value for key, value in _ATTRIBUTE.findall(tag)}


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + (ch - 64)
    return number


def _sheet_names(zf: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part name → sheet name (as Excel shows it), read from the package."""
    import html

    try:
        book = zf.read("xl/workbook.xml")
        rels = zf.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {}
    for tag in _REL_TAG.findall(rels):
        attrs = _attributes(tag)
        targets[attrs.get(b"Id", b"")] = attrs.get(b"Target", b"")
    out = {}
    for tag in _SHEET_TAG.findall(book):
        attrs = _attributes(tag)
        name, rid = attrs.get(b"name", b""), attrs.get(b"id", b"")
        target = targets.get(rid, b"").decode("utf-8", "replace").lstrip("/")
        part = target if target.startswith("xl/") else f"xl/{target}"
        out[part] = html.unescape(name.decode("utf-8", "replace"))
    return out


def sheet_extents(zf: zipfile.ZipFile) -> list[tuple[str, int, int]]:
    """(sheet, rows, columns) of every worksheet, from its cells — not from the
    ``<dimension>`` it declares, which may lie. Rows and cells without a reference count
    in order, as Excel and openpyxl read them."""
    names = _sheet_names(zf)
    out = []
    for info in zf.infolist():
        part = info.filename
        if not (part.startswith("xl/worksheets/") and part.endswith(".xml")):
            continue
        data = zf.read(info)
        rows = max((int(r) for r in _ROW_REF.findall(data)), default=0)
        rows = max(rows, len(_ROW_TAG.findall(data)))
        columns = 0
        for letters, row in _CELL_REF.findall(data):
            columns = max(columns, _column_number(letters))
            rows = max(rows, int(row))
        for chunk in _ROW_TAG.split(data)[1:]:  # cells without a reference
            columns = max(columns, len(_CELL_TAG.findall(chunk)))
        out.append((names.get(part, part), rows, columns))
    return out


def check_package(
    path: Path, *, max_rows: int | None = None, max_columns: int | None = None
) -> PackageInfo:
    """Inspect the zip container of ``path``; raise WorkbookError when it is unsafe.

    Everything is checked before openpyxl parses anything: size, parts, total unpacked
    size (:data:`MAX_UNCOMPRESSED_BYTES`), compression ratio, macros, external links,
    DTDs, and the rows and columns each sheet really uses (at most ``max_rows`` ×
    ``max_columns``, default :data:`MAX_ROWS` × :data:`MAX_COLUMNS`; a single cell at
    XFD1048576 is refused here, in milliseconds).
    """
    path = Path(path)
    name = _name(path)
    if not path.is_file():
        raise WorkbookError(f"Finner ikke filen {path}.")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise WorkbookError(
            f"{name}: filen er {size // (1024 * 1024)} MB; største tillatte arbeidsbok er "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MB. Ingenting ble lagret."
        )
    if not zipfile.is_zipfile(path):
        raise WorkbookError(
            f"{name}: er ikke en Excel-arbeidsbok (.xlsx er en zip-fil, denne er det ikke). "
            "Lagre filen som «Excel-arbeidsbok (.xlsx)» og prøv igjen. Ingenting ble lagret."
        )
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = [i.filename for i in infos]
            if len(infos) > MAX_PARTS:
                raise WorkbookError(
                    f"{name}: arbeidsboken har {len(infos)} deler; høyst {MAX_PARTS} er "
                    "tillatt. Filen er ikke laget av tilsyn. Ingenting ble lagret."
                )
            total = sum(i.file_size for i in infos)
            if total > MAX_UNCOMPRESSED_BYTES:
                raise WorkbookError(
                    f"{name}: arbeidsboken pakker seg ut til {total // (1024 * 1024)} MB; høyst "
                    f"{MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} MB er tillatt (mulig zip-bombe). "
                    "Ingenting ble lagret."
                )
            for i in infos:
                if i.file_size > RATIO_FLOOR_BYTES and i.file_size > MAX_RATIO * max(
                    i.compress_size, 1
                ):
                    raise WorkbookError(
                        f"{name}: delen {i.filename} er unormalt sterkt komprimert "
                        f"({i.file_size // max(i.compress_size, 1)}:1; mulig zip-bombe). "
                        "Ingenting ble lagret."
                    )
            if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
                raise WorkbookError(
                    f"{name}: er en zip-fil, men ikke en Excel-arbeidsbok (.xlsx). "
                    "Ingenting ble lagret."
                )
            lowered = [n.lower() for n in names]
            if any(n.endswith("vbaproject.bin") for n in lowered) or _declares_macros(zf):
                raise WorkbookError(
                    f"{name}: arbeidsboken inneholder makroer (VBA). Makroer er ikke tillatt; "
                    "lagre som «Excel-arbeidsbok (.xlsx)» uten makroer. Ingenting ble lagret."
                )
            if any(n.startswith("xl/externallinks/") for n in lowered):
                raise WorkbookError(
                    f"{name}: arbeidsboken har koblinger til andre filer (eksterne koblinger). "
                    "Bryt koblingene (Data → Rediger koblinger → Bryt kobling) og prøv igjen. "
                    "Ingenting ble lagret."
                )
            limit_rows = MAX_ROWS if max_rows is None else max_rows
            limit_columns = MAX_COLUMNS if max_columns is None else max_columns
            too_big = [
                f"Ark '{sheet}': har {rows} rader og {columns} kolonner; høyst {limit_rows} "
                f"rader og {limit_columns} kolonner er tillatt."
                for sheet, rows, columns in sheet_extents(zf)
                if rows > limit_rows or columns > limit_columns
            ]
            if too_big:
                raise WorkbookError(
                    f"{name}: arbeidsboken er for stor; ingenting ble lagret.", details=too_big
                )
            for i in infos:
                if i.filename.lower().endswith((".xml", ".rels")) and _has_doctype(zf, i):
                    raise WorkbookError(
                        f"{name}: delen {i.filename} inneholder en XML-dokumenttypedeklarasjon "
                        "(DTD/entiteter), som Excel aldri skriver og som kan brukes til angrep "
                        "(«billion laughs»). Filen er avvist; ingenting ble lagret."
                    )
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        raise WorkbookError(
            f"{name}: filen er skadet og kan ikke pakkes ut ({type(exc).__name__}: {exc}). "
            "Lagre den på nytt fra Excel, eller eksporter en ny arbeidsbok. Ingenting ble lagret."
        ) from None
    return PackageInfo(size=size, parts=len(names), uncompressed=total)


def _declares_macros(zf: zipfile.ZipFile) -> bool:
    with zf.open("[Content_Types].xml") as fh:
        head = fh.read(MAX_UNCOMPRESSED_BYTES)
    return b"macroEnabled" in head or b"vbaProject" in head


def _has_doctype(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """True when the part declares a DOCTYPE or ENTITY (any of UTF-8/UTF-16)."""
    tail = b""
    decoder = None
    with zf.open(info) as fh:
        first = True
        while True:
            chunk = fh.read(_SCAN_CHUNK)
            if not chunk:
                return False
            if first:
                first = False
                if chunk[:2] in (b"\xff\xfe", b"\xfe\xff"):
                    import codecs

                    decoder = codecs.getincrementaldecoder("utf-16")()
            data = decoder.decode(chunk).encode("utf-8") if decoder else chunk
            window = tail + data
            if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                return True
            tail = window[-16:]


def load_workbook_safely(path: Path) -> Any:
    """Check the package, then load it with openpyxl (formulas kept, not evaluated)."""
    require_defusedxml()
    check_package(path)
    from openpyxl import load_workbook

    try:
        from defusedxml import DefusedXmlException
    except ImportError:  # pragma: no cover
        DefusedXmlException = ()  # type: ignore[assignment,misc]
    name = _name(path)
    entities = WorkbookError(
        f"{name}: arbeidsboken inneholder XML med entitetsdeklarasjoner, som ikke er "
        "tillatt. Filen er avvist; ingenting ble lagret."
    )
    try:
        return load_workbook(path, data_only=False, keep_links=False, keep_vba=False)
    except DefusedXmlException:
        raise entities from None
    except (
        KeyError,
        ValueError,
        OSError,
        zipfile.BadZipFile,
        TypeError,
        zlib.error,
        EOFError,
    ) as exc:
        if _caused_by(exc, DefusedXmlException):  # openpyxl wraps it in a ValueError
            raise entities from None
        raise WorkbookError(
            f"{name}: kan ikke leses som Excel-arbeidsbok ({exc}). Ingenting ble lagret."
        ) from None
    except Exception as exc:  # openpyxl raises many kinds on malformed XML
        raise WorkbookError(
            f"{name}: arbeidsboken er skadet eller ikke laget i Excel-format "
            f"({type(exc).__name__}). Ingenting ble lagret."
        ) from None


def _caused_by(exc: BaseException, kinds: Any) -> bool:
    seen = 0
    current: BaseException | None = exc
    while current is not None and seen < 10:
        if kinds and isinstance(current, kinds):
            return True
        current = current.__cause__ or current.__context__
        seen += 1
    return False


def check_dimensions(wb: Any) -> list[str]:
    """Problems with oversized sheets (rows/columns beyond the limits)."""
    problems = []
    for ws in wb.worksheets:
        if ws.max_row > MAX_ROWS or ws.max_column > MAX_COLUMNS:
            problems.append(
                f"Ark '{ws.title}': har {ws.max_row} rader og {ws.max_column} kolonner; høyst "
                f"{MAX_ROWS} rader og {MAX_COLUMNS} kolonner er tillatt."
            )
    return problems
