"""LibreOffice (and poppler's pdftotext) in the tests.

Locally the LibreOffice tests are skipped when soffice is missing. CI (.ci/run) installs
LibreOffice and poppler-utils and sets TILSYN_KREV_LIBREOFFICE=1: then a missing program
fails the tests instead of skipping them, so CI cannot pass without having run them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tilsyn.files import NO_WORKSPACE
from tilsyn.report.pdf import convert_files, find_soffice

REQUIRED = os.environ.get("TILSYN_KREV_LIBREOFFICE") == "1"
"""Set by .ci/run: the LibreOffice tests must run."""

needs_soffice = pytest.mark.skipif(
    find_soffice() is None and not REQUIRED, reason="LibreOffice (soffice) mangler"
)
needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None and not REQUIRED,
    reason="pdftotext (poppler-utils) mangler",
)


def resave(files: list[Path], outdir: Path, to: str) -> dict[Path, Path]:
    """Convert ``files`` with one LibreOffice run into ``outdir`` (``to``: pdf, xlsx)."""
    outdir.mkdir(parents=True, exist_ok=True)
    return convert_files(files, outdir, rules=NO_WORKSPACE, to=to)


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page of ``pdf`` (pdftotext, layout kept; pages end with a form
    feed)."""
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages
