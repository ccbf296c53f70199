"""Test helpers for generated Word documents: read text back out with python-docx."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from docx import Document

from tilsyn.app.audits import record_event

VARSEL = date(2017, 3, 1)
FORELOPIG = date(2017, 5, 2)
ENDELIG = date(2017, 6, 1)


def paragraphs(path: Path) -> list[str]:
    """Body paragraphs (not tables), in order."""
    return [p.text for p in Document(str(path)).paragraphs]


def table_cells(path: Path) -> list[str]:
    """Every table cell's text, row by row."""
    out = []
    for t in Document(str(path)).tables:
        for row in t.rows:
            out.extend(c.text for c in row.cells)
    return out


def headers(path: Path) -> list[str]:
    """Header paragraphs of every section."""
    doc = Document(str(path))
    return [p.text for s in doc.sections for p in s.header.paragraphs]


def all_text(path: Path) -> str:
    """Body, tables and headers, one paragraph per line."""
    return "\n".join(paragraphs(path) + table_cells(path) + headers(path))


def headings(path: Path) -> list[str]:
    """Paragraphs styled as headings."""
    return [
        p.text
        for p in Document(str(path)).paragraphs
        if p.style is not None and p.style.name.startswith(("Heading", "Title"))
    ]


def to_final(session, audit_id: int) -> None:
    """Record the preliminary report as sent (the final report needs its advance notice)."""
    record_event(session, audit_id, "forelopig", FORELOPIG)
