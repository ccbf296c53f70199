"""Optional PDF export through LibreOffice (``soffice``).

Each LibreOffice run gets its own profile (parallel runs sharing one fail), a timeout,
and a check that each output file was actually written (the exit code is not reliable).
:func:`convert_files` converts many documents in one run (LibreOffice starts once: the
tests and CI convert a whole folder this way).

Word documents are turned into PDF by a small LibreOffice Basic macro
(:data:`EXPORT_MACRO`) instead of ``--convert-to pdf``: LibreOffice does not update a
table of contents when it converts, so the reports' page numbers in it would be the ones
the template was saved with. The macro opens each document hidden, updates its indexes
and fields (twice: a longer table of contents can move the chapters), and exports it.
The macro is written into the run's fresh profile; nothing is installed.
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


EXPORT_MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" \
script:language="StarBasic">
REM tilsyn: export Word documents to PDF after updating their indexes and fields.
REM The argument is a file with one line per document: source URL TAB target URL (URLs
REM are ASCII: file names with other characters are percent-encoded).

Sub ExportPdf(listFile As String)
  Dim f As Integer, line As String, parts
  f = FreeFile
  Open listFile For Input As #f
  Do While Not EOF(f)
    Line Input #f, line
    If Len(line) &gt; 0 Then
      parts = Split(line, Chr(9))
      ExportOne(parts(0), parts(1))
    End If
  Loop
  Close #f
End Sub

Sub ExportOne(source As String, target As String)
  Dim doc As Object, indexes As Object, i As Integer, pass As Integer
  Dim load(0) As New com.sun.star.beans.PropertyValue
  Dim store(0) As New com.sun.star.beans.PropertyValue
  On Error GoTo Failed
  load(0).Name = "Hidden"
  load(0).Value = True
  doc = StarDesktop.loadComponentFromURL(source, "_blank", 0, load())
  indexes = doc.getDocumentIndexes()
  For i = 0 To indexes.getCount() - 1
    If indexes.getByIndex(i).supportsService("com.sun.star.text.ContentIndex") Then
      PadPageNumbers(indexes.getByIndex(i))
    End If
  Next i
  For pass = 1 To 2
    For i = 0 To indexes.getCount() - 1
      indexes.getByIndex(i).update()
    Next i
    doc.getTextFields().refresh()
  Next pass
  store(0).Name = "FilterName"
  store(0).Value = "writer_pdf_Export"
  doc.storeToURL(target, store())
  doc.close(True)
  Exit Sub
Failed:
  On Error Resume Next
  If Not IsNull(doc) Then doc.close(True)
End Sub

REM A space between the dot leader and the page number of each entry in a table of
REM contents ("2 Innledning ..... 3"), as Word sets it.
Sub PadPageNumbers(index As Object)
  Dim levels As Object, tokens, padded, i As Integer, j As Integer, k As Integer, n As Integer
  On Error Resume Next
  levels = index.LevelFormat
  For i = 1 To levels.getCount() - 1
    tokens = levels.getByIndex(i)
    n = UBound(tokens)
    For j = 1 To n
      If TokenType(tokens(j)) = "TokenPageNumber" Then
        If TokenType(tokens(j - 1)) = "TokenTabStop" Then
          ReDim padded(n + 1)
          For k = 0 To j - 1
            padded(k) = tokens(k)
          Next k
          padded(j) = TextToken(" ")
          For k = j To n
            padded(k + 1) = tokens(k)
          Next k
          levels.replaceByIndex(i, padded)
        End If
        Exit For
      End If
    Next j
  Next i
  index.LevelFormat = levels
End Sub

Function TokenType(token) As String
  Dim p
  TokenType = ""
  For Each p In token
    If p.Name = "TokenType" Then TokenType = p.Value
  Next p
End Function

Function TextToken(text As String)
  Dim t(1) As New com.sun.star.beans.PropertyValue
  t(0).Name = "TokenType"
  t(0).Value = "TokenText"
  t(1).Name = "Text"
  t(1).Value = text
  TextToken = t()
End Function
</script:module>
"""
"""The Basic module (``Standard.Module1`` of the run's own profile) that exports Word
documents to PDF with their tables of contents updated."""

_WRITER_SUFFIXES = {".docx", ".doc", ".odt", ".rtf"}


def run_soffice(
    files: list[Path], outdir: Path, *, to: str = "pdf", timeout: int | None = None
) -> tuple[subprocess.CompletedProcess[str] | None, str | None]:
    """Convert ``files`` into ``outdir`` with ONE soffice process (its own profile, removed
    afterwards). ``to`` is a LibreOffice target (``pdf``, ``xlsx``); Word documents to PDF
    go through :data:`EXPORT_MACRO`. Returns the finished process, or None and a
    Norwegian reason (not installed, timed out, could not start). The caller checks which
    output files exist: the exit code is not reliable."""
    soffice = find_soffice()
    if soffice is None:
        return None, "LibreOffice (soffice) er ikke installert"
    limit = timeout or TIMEOUT_SECONDS + 20 * max(len(files) - 1, 0)
    writer = to == "pdf" and all(Path(f).suffix.lower() in _WRITER_SUFFIXES for f in files)
    with tempfile.TemporaryDirectory(prefix="tilsyn-lo-") as tmp:
        profile = Path(tmp) / "profil"
        if writer:
            return _run_macro(soffice, files, outdir, profile, Path(tmp), limit)
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


def _run_macro(
    soffice: str, files: list[Path], outdir: Path, profile: Path, tmp: Path, limit: int
) -> tuple[subprocess.CompletedProcess[str] | None, str | None]:
    """Export Word documents to PDF through :data:`EXPORT_MACRO`: start LibreOffice once to
    create the profile, put the macro in it, and run it over the list of documents."""
    base = [soffice, "--headless", "--norestore", "--nolockcheck"]
    env = f"-env:UserInstallation={profile.as_uri()}"
    try:
        subprocess.run(
            [*base, env, "--terminate_after_init"],
            capture_output=True,
            text=True,
            timeout=limit,
            check=False,
        )
        module = profile / "user" / "basic" / "Standard" / "Module1.xba"
        if not module.parent.is_dir():
            return None, "LibreOffice laget ikke en profil for makroen"
        module.write_text(EXPORT_MACRO, encoding="utf-8")
        listing = tmp / "dokumenter.txt"
        target = Path(outdir).resolve()
        lines = [
            f"{Path(f).resolve().as_uri()}\t{(target / (Path(f).stem + '.pdf')).as_uri()}"
            for f in files
        ]
        listing.write_text("\n".join(lines) + "\n", encoding="ascii")
        macro = f'macro:///Standard.Module1.ExportPdf("{listing}")'
        return (
            subprocess.run(
                [*base, env, macro], capture_output=True, text=True, timeout=limit, check=False
            ),
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
