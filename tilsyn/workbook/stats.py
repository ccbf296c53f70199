"""The statistics workbook: one sheet per table of ``tilsyn statistikk``.

Each sheet: the title in A1, the selection in A2, headings in row 4 (frozen, with an
autofilter), figures from row 5, footnotes under the table. Shares are numbers formatted
as percent, changes in percentage points are numbers of points, suppressed figures are
the text ":". Every text cell is written as text (never a formula).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tilsyn.files import OutputRules, write_file
from tilsyn.stats.model import SUPPRESSED, SUPPRESSED_MARK, Statistics, Table
from tilsyn.text import clean_text

HEADER_ROW = 4
_FORMATS = {
    "pct": "0%",
    "pp": '+0" p.p.";-0" p.p.";0" p.p."',
    "days": "0.0",
    "int": "0",
    "year": "0",
    "ratio": "0.00",
}
_SHEET_NAMES = {
    "bokmal": {
        "tilsyn": "Tilsyn",
        "tema": "Tema og deltema",
        "krav": "Lovbrudd per krav",
        "kontor": "Per kontor",
        "sporsmal": "Lovbrudd per spørsmål",
        "lukking": "Lukking",
        "gjentatte": "Gjentatte lovbrudd",
        "egenvurdering": "Egenvurdering",
        "egenvurdering_endring": "Egenvurdering endring",
        "kalibrering": "Kalibrering",
    },
    "nynorsk": {
        "tilsyn": "Tilsyn",
        "tema": "Tema og deltema",
        "krav": "Lovbrot per krav",
        "kontor": "Per kontor",
        "sporsmal": "Lovbrot per spørsmål",
        "lukking": "Lukking",
        "gjentatte": "Gjentekne lovbrot",
        "egenvurdering": "Eigenvurdering",
        "egenvurdering_endring": "Eigenvurdering endring",
        "kalibrering": "Kalibrering",
    },
}


def _text_cell(cell: Any, value: str) -> None:
    cell.value = clean_text(value)
    cell.data_type = "s"  # never a formula, whatever the text starts with


def _sheet(wb: Any, table: Table, selection: str, used: set[str], language: str = "bokmal") -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    names = _SHEET_NAMES.get(language, _SHEET_NAMES["bokmal"])
    name = names.get(table.key, table.key)[:31]
    for ch in "[]:*?/\\":
        name = name.replace(ch, " ")
    base, n = name, 2
    while name in used:
        name = f"{base[:28]} {n}"
        n += 1
    used.add(name)
    ws = wb.create_sheet(name)
    _text_cell(ws.cell(1, 1), table.title)
    ws.cell(1, 1).font = Font(bold=True, size=13)
    _text_cell(ws.cell(2, 1), selection)
    widths = [len(h) for h in table.headers]
    for col, header in enumerate(table.headers, start=1):
        c = ws.cell(HEADER_ROW, col)
        _text_cell(c, header)
        c.font = Font(bold=True)
        c.alignment = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(table.rows, start=HEADER_ROW + 1):
        for col, (value, column) in enumerate(zip(row, table.columns, strict=True), start=1):
            c = ws.cell(r, col)
            if value is SUPPRESSED:
                _text_cell(c, SUPPRESSED_MARK)
                c.alignment = Alignment(horizontal="right")
            elif value is None:
                c.value = None
            elif isinstance(value, str):
                _text_cell(c, value)
            elif column.kind == "pp":
                c.value = round(value * 100, 1)
                c.number_format = _FORMATS["pp"]
            else:
                c.value = value
                c.number_format = _FORMATS.get(column.kind, "General")
            shown = str(value)[:60] if not isinstance(value, float) else "000 %"
            widths[col - 1] = max(widths[col - 1], len(shown))
    last = HEADER_ROW + len(table.rows)
    for i, note in enumerate(table.footnotes):
        _text_cell(ws.cell(last + 2 + i, 1), note)
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = min(max(width + 2, 8), 62)
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)
    if table.rows:
        ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(table.columns))}{last}"


def write_stats_workbook(stats: Statistics, output: Path, *, rules: OutputRules) -> Path:
    """Write ``stats`` as an .xlsx with one sheet per table (atomic); returns the path."""
    from openpyxl import Workbook

    nynorsk = stats.language == "nynorsk"
    selection = stats.filters.describe(stats.language) or (
        "Alle tilsyn og eigenvurderingar" if nynorsk else "Alle tilsyn og egenvurderinger"
    )
    if stats.publication:
        selection += (
            f" · publisering: tal på færre enn {stats.min_count} kommunar er prikka"
            if nynorsk
            else f" · publisering: tall på færre enn {stats.min_count} kommuner er prikket"
        )
    if stats.filters.per is not None:
        from tilsyn.audit.calendar import format_date

        selection += f" · {'tal' if nynorsk else 'tall'} per " + format_date(
            stats.filters.per, stats.language
        )
    from tilsyn.stats.commentary import data_basis

    _, warning = data_basis(stats)
    if warning:
        selection += " · " + warning
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for table in stats.tables:
        _sheet(wb, table, selection, used, stats.language)
    wb.properties.title = "Tal og trendar" if nynorsk else "Tall og trender"
    wb.properties.creator = "tilsyn"
    return write_file(
        Path(output), lambda tmp: wb.save(tmp), rules=rules, what="statistikkarbeidsboken"
    )
