"""Atomic file writing: a failed or interrupted write never leaves a half-written file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from tilsyn.errors import TilsynError


def write_atomic(path: Path, writer: Callable[[Path], None]) -> None:
    """Call ``writer(tmp)`` to write a temporary file next to ``path``, then rename it.

    The rename is atomic on the same file system (also on Windows via os.replace).
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise TilsynError(f"Mappen {folder} finnes ikke; opprett den eller velg en annen sti.")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        writer(tmp)
        os.replace(tmp, path)
    except PermissionError:
        raise TilsynError(
            f"Kan ikke skrive {path}: ingen tilgang, eller filen er åpen i et annet program "
            "(lukk den i Word/Excel og prøv igjen)."
        ) from None
    finally:
        if tmp.exists():
            tmp.unlink()


def write_text_atomic(path: Path, text: str) -> None:
    """Write UTF-8 text atomically."""
    write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write bytes atomically."""
    write_atomic(path, lambda tmp: tmp.write_bytes(data))
