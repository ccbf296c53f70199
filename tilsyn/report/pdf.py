"""Optional PDF export through LibreOffice (``soffice``).

Each LibreOffice run gets its own profile (parallel runs sharing one fail), a timeout,
and a check that each output file was actually written (the exit code is not reliable).
:func:`convert_files` converts many documents in one run (LibreOffice starts once: the
tests and CI convert a whole folder this way).
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


def _missing(what: str) -> TilsynError:
    return TilsynError(
        "PDF krever LibreOffice, men programmet soffice ble ikke funnet. Installer "
        "LibreOffice (f.eks. apt install libreoffice-writer) eller lag PDF fra Word. "
        f"{what}"
    )


def run_soffice(
    files: list[Path], outdir: Path, *, to: str = "pdf", timeout: int | None = None
) -> tuple[subprocess.CompletedProcess[str] | None, str | None]:
    """Convert ``files`` into ``outdir`` with ONE soffice process (its own profile, removed
    afterwards). ``to`` is a LibreOffice target (``pdf``, ``xlsx``). Returns the finished
    process, or None and a Norwegian reason (not installed, timed out, could not start).
    The caller checks which output files exist: the exit code is not reliable."""
    soffice = find_soffice()
    if soffice is None:
        return None, "LibreOffice (soffice) er ikke installert"
    limit = timeout or TIMEOUT_SECONDS + 20 * max(len(files) - 1, 0)
    with tempfile.TemporaryDirectory(prefix="tilsyn-lo-") as tmp:
        profile = Path(tmp) / "profil"
        cmd = [
            soffice,
            "--headless",
            "--norestore",
            "--nolockcheck",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            to,
            "--outdir",
            str(outdir),
            *(str(Path(f).resolve()) for f in files),
        ]
        try:
            return (
                subprocess.run(cmd, capture_output=True, text=True, timeout=limit, check=False),
                None,
            )
        except subprocess.TimeoutExpired:
            return None, f"LibreOffice brukte mer enn {limit} sekunder; avbrutt"
        except OSError as exc:
            return None, f"kunne ikke starte LibreOffice ({soffice}): {exc}"


def convert_files(
    files: list[Path], outdir: Path, *, rules: OutputRules, to: str = "pdf"
) -> dict[Path, Path]:
    """Convert several documents (or workbooks, ``to="xlsx"``) in one LibreOffice run:
    much faster than one run each. Each result is written into ``outdir`` through the
    output door. Returns source → result; raises TilsynError naming the files LibreOffice
    did not convert."""
    files = [Path(f).resolve() for f in files]
    if not files:
        return {}
    stems = [f.stem.casefold() for f in files]
    twins = sorted({f.name for f in files if stems.count(f.stem.casefold()) > 1})
    if twins:
        raise TilsynError(
            f"Flere filer har samme navn ({', '.join(twins)}); LibreOffice ville skrevet "
            "over den ene. Konverter dem hver for seg."
        )
    if find_soffice() is None:
        raise _missing("")
    suffix = "." + to.split(":")[0]
    with tempfile.TemporaryDirectory(prefix="tilsyn-ut-") as tmp:
        produced_dir = Path(tmp)
        result, problem = run_soffice(files, produced_dir, to=to)
        if problem:
            raise TilsynError(f"{problem.rstrip('.')}. Ingen filer ble konvertert.")
        out: dict[Path, Path] = {}
        failed = []
        for f in files:
            produced = produced_dir / (f.stem + suffix)
            if produced.is_file() and produced.stat().st_size > 0:
                out[f] = write_bytes(
                    Path(outdir) / produced.name, produced.read_bytes(), rules=rules, what=f.name
                )
            else:
                failed.append(f.name)
        if failed:
            detail = ((result.stderr or result.stdout or "") if result else "").strip()
            raise TilsynError(
                f"LibreOffice konverterte ikke {', '.join(failed)}"
                + (f" ({detail.splitlines()[-1]})" if detail else "")
                + "."
            )
    return out


def convert_to_pdf(docx: Path, *, rules: OutputRules, timeout: int = TIMEOUT_SECONDS) -> Path:
    """Convert ``docx`` to a PDF beside it; returns the PDF's path."""
    docx = Path(docx).resolve()
    if find_soffice() is None:
        raise _missing(f"Word-dokumentet er laget: {docx}")
    target = docx.with_suffix(".pdf")
    with tempfile.TemporaryDirectory(prefix="tilsyn-pdf-") as tmp:
        outdir = Path(tmp)
        result, problem = run_soffice([docx], outdir, timeout=timeout)
        if problem:
            raise TilsynError(f"PDF av {docx.name}: {problem}. Word-dokumentet er laget.")
        produced = outdir / (docx.stem + ".pdf")
        if not produced.is_file() or produced.stat().st_size == 0:
            detail = ((result.stderr or result.stdout or "") if result else "").strip()
            last = detail.splitlines()[-1:]
            raise TilsynError(
                f"LibreOffice laget ingen PDF av {docx.name} (kode "
                f"{result.returncode if result else '?'}"
                f"{': ' + last[0] if last else ''}). Word-dokumentet er laget."
            )
        write_bytes(target, produced.read_bytes(), rules=rules, what="PDF-filen")
    return target
