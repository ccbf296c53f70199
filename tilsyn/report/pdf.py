"""Optional PDF export through LibreOffice (``soffice``).

Each conversion gets its own LibreOffice profile (parallel runs sharing one fail), a
timeout, and a check that the PDF was actually written (the exit code is not reliable).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from tilsyn.errors import TilsynError
from tilsyn.files import OutputRules, write_bytes

TIMEOUT_SECONDS = 120


def find_soffice() -> str | None:
    """The LibreOffice program, if installed (TILSYN_SOFFICE overrides the search)."""
    explicit = os.environ.get("TILSYN_SOFFICE")
    if explicit:
        return explicit if Path(explicit).exists() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    mac = Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")
    return str(mac) if mac.exists() else None


def convert_to_pdf(docx: Path, *, rules: OutputRules, timeout: int = TIMEOUT_SECONDS) -> Path:
    """Convert ``docx`` to a PDF beside it; returns the PDF's path."""
    docx = Path(docx).resolve()
    soffice = find_soffice()
    if soffice is None:
        raise TilsynError(
            "PDF krever LibreOffice, men programmet soffice ble ikke funnet. Installer "
            "LibreOffice (f.eks. apt install libreoffice-writer) eller lag PDF fra Word. "
            f"Word-dokumentet er laget: {docx}"
        )
    target = docx.with_suffix(".pdf")
    with tempfile.TemporaryDirectory(prefix="tilsyn-pdf-") as tmp:
        profile = Path(tmp) / "profil"
        outdir = Path(tmp) / "ut"
        outdir.mkdir()
        cmd = [
            soffice,
            "--headless",
            "--norestore",
            "--nolockcheck",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(docx),
        ]
        try:
            result = subprocess.run(
                cmd, capture_output=True, text=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired:
            raise TilsynError(
                f"LibreOffice brukte mer enn {timeout} sekunder på å lage PDF av {docx.name}; "
                "avbrutt. Word-dokumentet er laget."
            ) from None
        except OSError as exc:
            raise TilsynError(f"Kunne ikke starte LibreOffice ({soffice}): {exc}.") from None
        produced = outdir / (docx.stem + ".pdf")
        if not produced.is_file() or produced.stat().st_size == 0:
            detail = (result.stderr or result.stdout or "").strip().splitlines()[-1:]
            raise TilsynError(
                f"LibreOffice laget ingen PDF av {docx.name} (kode {result.returncode}"
                f"{': ' + detail[0] if detail else ''}). Word-dokumentet er laget."
            )
        write_bytes(target, produced.read_bytes(), rules=rules, what="PDF-filen")
    return target
