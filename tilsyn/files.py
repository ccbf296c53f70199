"""The one door for every file tilsyn writes.

:func:`write_file` writes atomically (a temporary file next to the target, then a rename:
an interrupted or failed write never leaves a half-written file) and refuses, before
anything is written:

- a path inside a workspace's ``sendt/`` folder (sent documents are frozen; only the
  step that freezes a sent copy may write there, and never over an existing file);
- a read-only file (frozen copies are made read-only);
- a document registered to another audit, or — for writes that belong to no audit — to
  any audit (``rules.registered``);
- a folder that does not exist or cannot be written, a name the file system refuses,
  and a full disk — each with a Norwegian message naming the path;
- a finished file that holds a fødselsnummer or D-nummer in any part (every XML part of
  a .docx/.xlsx, every text file, an archive package's metadata): :func:`scan_output`.

Callers pass :class:`OutputRules` explicitly (no default), so a new route cannot write
without them; :func:`tilsyn.app.output.rules_for` builds them for a workspace.
"""

from __future__ import annotations

import contextlib
import contextvars
import errno
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from tilsyn.errors import TilsynError, UsageError

SENT_DIR = "sendt"
CONFIG_NAME = "tilsyn.toml"


@dataclass(frozen=True)
class OutputRules:
    """What a write may not touch."""

    frozen_dirs: tuple[Path, ...] = ()
    """Folders of frozen documents (a workspace's sendt/)."""
    registered: Mapping[Path, int] = field(default_factory=dict)
    """Produced documents by resolved path → the audit they belong to."""
    owner: int | None = None
    """The audit this write belongs to (it may write over its own registered files)."""
    freeze: bool = False
    """The freezing of a sent copy: may write into ``frozen_dirs``, never over a file."""


NO_WORKSPACE = OutputRules()
"""For writes outside any workspace (the workspace of the target is still protected)."""


def _resolved(path: Path) -> Path:
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(_resolved(folder))
    except ValueError:
        return False
    return True


def _workspace_sent_dirs(path: Path) -> list[Path]:
    """The sendt/ folder of every workspace that contains ``path``."""
    out = []
    for parent in path.parents:
        if (parent / CONFIG_NAME).is_file():
            out.append(parent / SENT_DIR)
    return out


def check_target(path: Path, rules: OutputRules, *, what: str = "filen") -> Path:
    """Refuse a target the rules protect; return it resolved."""
    target = _resolved(Path(path))
    frozen = [*rules.frozen_dirs, *_workspace_sent_dirs(target)]
    if any(_inside(target, d) for d in frozen):
        if not rules.freeze:
            raise UsageError(
                f"{path} ligger blant sendte dokumenter (sendt/), som er frosset og aldri "
                f"overskrives; velg en annen fil for {what}. Ingenting ble skrevet."
            )
        if target.exists():
            raise UsageError(
                f"{path} finnes allerede blant sendte dokumenter og blir ikke overskrevet. "
                "Ingenting ble skrevet."
            )
    owner = rules.registered.get(target)
    if owner is not None and owner != rules.owner:
        raise UsageError(
            f"{path} er et dokument laget for tilsyn {owner}; det blir ikke overskrevet. "
            f"Velg en annen fil for {what}. Ingenting ble skrevet."
        )
    if target.exists() and target.is_dir():
        raise UsageError(f"{path} er en mappe; oppgi et filnavn for {what}.")
    if target.exists() and not os.access(target, os.W_OK):
        raise UsageError(
            f"{path} er skrivebeskyttet og blir ikke overskrevet (sendte dokumenter er "
            "frosset). Velg en annen fil. Ingenting ble skrevet."
        )
    return target


OFFICE_SUFFIXES = frozenset({".docx", ".docm", ".dotx", ".xlsx", ".xlsm", ".xltx", ".pptx"})
"""Office Open XML files: every part that is not an image or other binary is scanned."""
TEXT_SUFFIXES = frozenset({".csv", ".json", ".txt", ".md", ".toml", ".yaml", ".yml", ".xml"})
"""Text files: scanned whole."""
_BINARY_PARTS = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf", ".bin")
MAX_SCANNED_BYTES = 200 * 1024 * 1024
"""A produced file with more unpacked text than this is refused rather than left unscanned."""


def _identity_error(shown: Path, part: str | None, found: list[str]) -> TilsynError:
    from tilsyn.errors import PersonalDataError

    where = f"{shown.name}, delen {part}" if part else shown.name
    return PersonalDataError(
        f"{where}: inneholder det som ser ut som et fødselsnummer eller D-nummer ({found[0]}). "
        "Deltakere skal bare identifiseres med pseudonym; finn og fjern nummeret (i dokumentet, "
        "malen eller innstillingene) og prøv igjen. Ingenting ble skrevet."
    )


def _part_text(data: bytes) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", errors="replace")
    return data.decode("utf-8", errors="replace")


def scan_output(path: Path, *, shown: Path | None = None) -> None:
    """Refuse a produced file that holds a fødselsnummer or D-nummer, in any part.

    The output door calls it on the finished temporary file, before it replaces the
    target (see :func:`scan_data` for what is scanned)."""
    shown = shown or Path(path)
    suffix = shown.suffix.lower()
    if suffix in TEXT_SUFFIXES or suffix in OFFICE_SUFFIXES or suffix == ".zip":
        scan_data(Path(path).read_bytes(), shown=shown)


def scan_data(data: bytes, *, shown: Path) -> None:
    """Refuse ``data`` (the content of a file named ``shown``) if it holds an identity
    number. Office files (.docx, .xlsx, …): every XML part — body, headers, footers, text
    boxes, comments, footnotes, field codes, document properties (docProps), customXml,
    shared strings, sheets — through :func:`tilsyn.idnumber.find_in_xml`. Text files
    (.csv, .json, …): the whole text. Archive packages (.zip): their JSON metadata (the
    documents inside were scanned when they were made or sent; received documents are the
    municipality's files and are kept as they are). Other files are not scanned.
    """
    import io
    import zipfile

    from tilsyn.idnumber import find_identity_numbers, find_in_xml

    suffix = shown.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        found = find_identity_numbers(_part_text(data))
        if found:
            raise _identity_error(shown, None, found)
        return
    if suffix not in OFFICE_SUFFIXES and suffix != ".zip":
        return
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            if sum(i.file_size for i in infos) > MAX_SCANNED_BYTES:
                raise TilsynError(
                    f"{shown.name}: filen er for stor til å kontrolleres for fødselsnumre "
                    f"(over {MAX_SCANNED_BYTES // (1024 * 1024)} MB utpakket). Ingenting ble "
                    "skrevet."
                )
            for info in infos:
                name = info.filename
                low = name.lower()
                if info.is_dir() or low.endswith(_BINARY_PARTS):
                    continue
                if suffix == ".zip" and not low.endswith(".json"):
                    continue
                text = _part_text(z.read(info))
                found = find_identity_numbers(text) if low.endswith(".json") else find_in_xml(text)
                if found:
                    raise _identity_error(shown, name, found)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        raise TilsynError(
            f"{shown.name}: filen kunne ikke kontrolleres for fødselsnumre ({exc}). Ingenting "
            "ble skrevet."
        ) from None


_JOURNAL: contextvars.ContextVar[list[tuple[Path, Path | None]] | None] = contextvars.ContextVar(
    "tilsyn_output_journal", default=None
)


@contextlib.contextmanager
def all_or_nothing() -> Iterator[None]:
    """Several outputs that appear together or not at all (``tilsyn statistikk --xlsx …
    --figurer … --rapport …``): if anything in the block fails, every file written through
    :func:`write_file` in it is removed again, and every file it replaced is put back."""
    journal: list[tuple[Path, Path | None]] = []
    token = _JOURNAL.set(journal)
    try:
        yield
    except BaseException:
        for target, backup in reversed(journal):
            with contextlib.suppress(OSError):
                if backup is not None:
                    os.replace(backup, target)
                else:
                    target.unlink(missing_ok=True)
        raise
    else:
        for _, backup in journal:
            if backup is not None:
                with contextlib.suppress(OSError):
                    backup.unlink()
    finally:
        _JOURNAL.reset(token)


def _keep_backup(target: Path) -> Path | None:
    """A copy of ``target`` beside it before it is replaced (None if it did not exist)."""
    import shutil

    if not target.exists():
        return None
    fd, name = tempfile.mkstemp(prefix=".tilsyn-", suffix=".bak", dir=target.parent)
    os.close(fd)
    backup = Path(name)
    backup.unlink()
    try:
        os.link(target, backup)
    except OSError:
        shutil.copy2(target, backup)
    return backup


def write_file(
    path: Path,
    produce: Callable[[Path], None],
    *,
    rules: OutputRules,
    what: str = "filen",
    scan: bool = True,
) -> Path:
    """Write ``path`` through ``produce(tmp)`` atomically, after checking ``rules``.

    The finished temporary file is scanned for identity numbers (:func:`scan_output`)
    before it replaces the target; ``scan=False`` only for copies of files the office
    received (the municipality's own documents, kept as they are). Returns the resolved
    path written.
    """
    target = check_target(path, rules, what=what)
    folder = target.parent
    if not folder.is_dir():
        raise UsageError(f"Mappen {folder} finnes ikke; opprett den eller velg en annen sti.")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=".tilsyn-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise os_error(exc, folder, what) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        produce(tmp)
        if scan:
            scan_output(tmp, shown=target)
        journal = _JOURNAL.get()
        if journal is not None:
            journal.append((target, _keep_backup(target)))
        os.replace(tmp, target)
    except OSError as exc:
        raise os_error(exc, target, what) from None
    finally:
        if tmp.exists():
            with contextlib.suppress(OSError):
                tmp.unlink()
    return target


def write_bytes(
    path: Path, data: bytes, *, rules: OutputRules, what: str = "filen", scan: bool = True
) -> Path:
    """Write bytes through :func:`write_file`."""
    return write_file(path, lambda tmp: tmp.write_bytes(data), rules=rules, what=what, scan=scan)


def write_text(path: Path, text: str, *, rules: OutputRules, what: str = "filen") -> Path:
    """Write UTF-8 text through :func:`write_file`."""
    return write_file(
        path, lambda tmp: tmp.write_text(text, encoding="utf-8"), rules=rules, what=what
    )


def os_error(exc: OSError, path: Path, what: str) -> TilsynError:
    """A Norwegian message for a failed write; nothing was left behind."""
    code = exc.errno
    if code == errno.ENOSPC or code == getattr(errno, "EDQUOT", -1):
        return TilsynError(
            f"Disken er full: {what} ({path}) kunne ikke skrives. Frigjør plass og prøv igjen; "
            "ingenting ble skrevet."
        )
    if code == errno.ENAMETOOLONG:
        return UsageError(
            f"Filnavnet er for langt for filsystemet ({len(path.name)} tegn): {path.name[:40]}…; "
            "velg et kortere navn."
        )
    if isinstance(exc, PermissionError) or code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return TilsynError(
            f"Kan ikke skrive {path}: ingen skrivetilgang til mappen, eller filen er åpen i et "
            "annet program (lukk den i Word/Excel og prøv igjen). Ingenting ble skrevet."
        )
    if code == errno.EISDIR:
        return UsageError(f"{path} er en mappe; oppgi et filnavn for {what}.")
    return TilsynError(f"Kan ikke skrive {path}: {exc.strerror or exc}. Ingenting ble skrevet.")


def sha256_file(path: Path) -> str:
    """The sha256 of a file, read in chunks."""
    h = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
