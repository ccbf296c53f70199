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
  and a full disk — each with a Norwegian message naming the path.

Callers pass :class:`OutputRules` explicitly (no default), so a new route cannot write
without them; :func:`tilsyn.app.output.rules_for` builds them for a workspace.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import tempfile
from collections.abc import Callable, Mapping
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


def write_file(
    path: Path, produce: Callable[[Path], None], *, rules: OutputRules, what: str = "filen"
) -> Path:
    """Write ``path`` through ``produce(tmp)`` atomically, after checking ``rules``.

    Returns the resolved path written.
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
        os.replace(tmp, target)
    except OSError as exc:
        raise os_error(exc, target, what) from None
    finally:
        if tmp.exists():
            with contextlib.suppress(OSError):
                tmp.unlink()
    return target


def write_bytes(path: Path, data: bytes, *, rules: OutputRules, what: str = "filen") -> Path:
    """Write bytes through :func:`write_file`."""
    return write_file(path, lambda tmp: tmp.write_bytes(data), rules=rules, what=what)


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
