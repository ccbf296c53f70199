"""Shared look of exported workbooks: titles, headers, widths, print setup, protection,
drop-down lists behind defined names, and text cells that never become formulas.

Every cell the export writes is also *marked* (:func:`mark`, :func:`written`): fixed text,
text that may change between export and import, a formula, or an input cell. On import
the workbook is built again from the store and compared with the file, so that text a
user typed anywhere but in an input cell is found instead of silently dropped.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Sequence
from typing import Any

from tilsyn.text import clean_text
from tilsyn.workbook.layout import FIRST_ROW, HEADER_ROW, SHEET_LISTS, TITLE_ROW

HEADER_FILL = "1F3864"  # dark blue, white text
REQUIREMENT_FILL = "D9E1F2"  # light blue band for requirement rows
INPUT_FILL = "FFF2CC"  # pale yellow: cells the user fills in
LOCKED_FILL = "F2F2F2"  # grey: not to be filled here
RISK_FILL = "F8D7DA"  # pale red: an answer that indicates a violation
GRID = "D9D9D9"  # thin cell borders in data rows
FONT = "Calibri"
FONT_SIZE = 10
LINE_HEIGHT = 13.0  # points per line of 10 pt Calibri (Excel uses 12.75)

FIXED = "fast"
"""A cell whose text the template writes and that must come back unchanged."""
VOLATILE = "variabel"
"""A cell the template writes from data that may change between export and import (the
export time, a computed proposal, the document register): only its place is known."""
FORMULA = "formel"
"""A template-owned formula: typing over it with text is noticed."""
INPUT = "utfylling"
"""A cell the user fills in (read by the import)."""

EXCEL_CELL_CHARS = 32_767
"""The most characters an Excel cell holds; Excel cuts longer text without a word."""


def cell_text(cell: Any, value: Any) -> str:
    """Cleaned text for a cell, or a message if Excel would cut it (never written cut)."""
    text = clean_text(str(value))
    if len(text) > EXCEL_CELL_CHARS:
        from tilsyn.errors import TilsynError

        raise TilsynError(
            f"Ark '{cell.parent.title}', celle {cell.coordinate}: teksten er {len(text)} tegn, "
            f"men en Excel-celle rommer høyst {EXCEL_CELL_CHARS}, og Excel ville kuttet den. "
            "Forkort teksten i tilsynet og lag filen på nytt. Ingenting ble skrevet."
        )
    return text


def mark(ws: Any, coord: str, kind: str, value: Any = None) -> None:
    """Record that the export wrote ``coord`` of ``ws`` as ``kind`` (with its value)."""
    registry = ws.parent.__dict__.setdefault("_tilsyn_written", {})
    registry[(ws.title, coord)] = (kind, value)


def written(wb: Any) -> dict[tuple[str, str], tuple[str, Any]]:
    """(sheet, cell) → (kind, value) for every cell the export of ``wb`` wrote."""
    return dict(wb.__dict__.get("_tilsyn_written", {}))


def put_text(
    ws: Any, coord: str, value: str | None, *, volatile: bool = False, **style: Any
) -> Any:
    """Write cleaned user/template text; never a formula, even when it starts with '='.
    ``volatile`` marks text that may differ when the workbook is built again. Text longer
    than an Excel cell holds is refused, never cut."""
    cell = ws[coord]
    if value is None or value == "":
        cell.value = None
    else:
        cell.value = cell_text(cell, value)
        cell.data_type = "s"
        mark(ws, coord, VOLATILE if volatile else FIXED, cell.value)
    _apply(cell, **style)
    return cell


def _restyle(cell: Any, key: tuple[Any, ...], apply: Any) -> None:
    """Run ``apply(cell)`` once per (current style, key) and workbook; afterwards copy the
    resulting style array. openpyxl hashes every style object on assignment, which made
    styling a 60 × 30 workbook take seconds; the arrays are small and per workbook."""
    from copy import copy

    from openpyxl.styles.cell_style import StyleArray

    if not cell._style:
        cell._style = StyleArray()
    cache = cell.parent.parent.__dict__.setdefault("_tilsyn_styles", {})
    full = (tuple(cell._style), key)
    hit = cache.get(full)
    if hit is not None:
        cell._style = copy(hit)
        return
    apply(cell)
    cache[full] = copy(cell._style)


def _apply(
    cell: Any,
    *,
    bold: bool = False,
    fill: str | None = None,
    wrap: bool = True,
    locked: bool | None = None,
    color: str | None = None,
    size: float | None = None,
    italic: bool = False,
) -> None:
    def apply(c: Any) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill, Protection

        c.font = Font(name=FONT, bold=bold, italic=italic, color=color, size=size or FONT_SIZE)
        c.alignment = Alignment(wrap_text=wrap, vertical="top")
        if fill:
            c.fill = PatternFill("solid", start_color=fill, end_color=fill)
        if locked is not None:
            c.protection = Protection(locked=locked)

    _restyle(cell, ("apply", bold, fill, wrap, locked, color, size, italic), apply)


def style_cell(cell: Any, **style: Any) -> None:
    """Apply the shared styles to one cell."""
    _apply(cell, **style)


def title(ws: Any, text: str, help_text: str | None, ncols: int, *, volatile: bool = False) -> None:
    """Row 1: title; row 2: help line (both spanning the used columns visually).
    ``volatile``: the lines name things that may change before import (a title, the
    office)."""
    put_text(
        ws,
        f"A{TITLE_ROW}",
        text,
        bold=True,
        size=14,
        color=HEADER_FILL,
        wrap=False,
        volatile=volatile,
    )
    if help_text:
        put_text(
            ws,
            f"A{TITLE_ROW + 1}",
            help_text,
            italic=True,
            wrap=False,
            color="595959",
            volatile=volatile,
        )
    del ncols


def headers(ws: Any, columns: Sequence[tuple[str, str, int]], *, row: int = HEADER_ROW) -> None:
    """Header row with fill, widths, freeze panes below it and print setup."""
    from openpyxl.styles import Alignment, Border, Side

    thin = Side(style="thin", color="BFBFBF")
    for col, label, width in columns:
        cell = put_text(ws, f"{col}{row}", label, bold=True, fill=HEADER_FILL, color="FFFFFF")
        cell.border = Border(bottom=thin)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[col].width = width
    ws.row_dimensions[row].height = 30
    ws.freeze_panes = f"C{row + 1}" if len(columns) > 4 else f"A{row + 1}"
    print_setup(ws, repeat_rows=f"{row}:{row}")


def print_setup(ws: Any, *, repeat_rows: str | None = None) -> None:
    """Landscape A4, fit to page width, header rows repeated, page numbers in the footer."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    if repeat_rows:
        ws.print_title_rows = repeat_rows
    ws.oddFooter.center.text = "&A – side &P av &N"
    ws.oddFooter.center.size = 8


def grid(ws: Any, first_row: int, last_row: int, columns: Iterable[str]) -> None:
    """Thin light-grey borders around the data cells (rows and columns easy to follow)."""
    from openpyxl.styles import Border, Side

    thin = Side(style="thin", color=GRID)
    border = Border(left=thin, right=thin, top=thin, bottom=thin)

    def apply(c: Any) -> None:
        c.border = border

    columns = list(columns)
    for r in range(first_row, last_row + 1):
        for col in columns:
            _restyle(ws[f"{col}{r}"], ("grid",), apply)


def highlight(ws: Any, ref: str, values: Sequence[str]) -> None:
    """Pale red fill for cells in ``ref`` holding one of ``values`` (answers that indicate
    a violation); conditional, so it follows the auditor's edits."""
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import PatternFill

    if not values:
        return
    first = ref.split(":")[0].replace("$", "")
    tests = ",".join(f'{first}="{v}"' for v in values)
    fill = PatternFill("solid", start_color=RISK_FILL, end_color=RISK_FILL)
    ws.conditional_formatting.add(ref, FormulaRule(formula=[f"OR({tests})"], fill=fill))


def text_lines(text: str, width: float, *, bold: bool = False) -> int:
    """How many lines ``text`` needs in a wrapped cell of column ``width`` (Excel units)."""
    # A width unit is one '0' of the default 11 pt font (7 px + 5 px padding); 10 pt
    # Calibri averages about 5 px a character (measured in LibreOffice with Carlito: 22
    # characters in a 17-unit column), less in bold. Word-wrap as Excel does.
    chars = max(int(width * (1.2 if bold else 1.33)), 4)
    lines = 0
    for paragraph in text.split("\n"):
        lines += max(
            len(textwrap.wrap(paragraph, chars, break_long_words=True, break_on_hyphens=True)), 1
        )
    return lines


def fit_rows(ws: Any, first_row: int = FIRST_ROW, *, max_lines: int = 30) -> None:
    """Set each row's height to fit its wrapped text.

    Neither LibreOffice nor every Excel version sizes rows of a generated file on opening,
    so without heights wrapped text is cut off or overlaps. A user can still resize rows.
    """
    from openpyxl.utils import get_column_letter

    merged = {rc for rng in ws.merged_cells.ranges for rc in rng.cells}
    widths: dict[str, float] = {}
    for row in ws.iter_rows(min_row=first_row):
        lines = 1
        size = FONT_SIZE
        for cell in row:
            value = cell.value
            if not isinstance(value, str) or cell.data_type == "f" or not value:
                continue
            if (cell.row, cell.column) in merged:
                continue
            letter = get_column_letter(cell.column)
            if letter not in widths:
                dim = ws.column_dimensions.get(letter)
                widths[letter] = dim.width if dim is not None and dim.customWidth else 8.43
            font = cell.font
            if cell.alignment is not None and cell.alignment.wrap_text:
                n = text_lines(value, widths[letter], bold=bool(font and font.b))
            else:
                n = 1
            lines = max(lines, n)
            if font is not None and font.sz:
                size = max(size, float(font.sz))
        height = min(lines, max_lines) * LINE_HEIGHT * size / FONT_SIZE + 2
        ws.row_dimensions[row[0].row].height = max(math.ceil(height), 15)


def protect(ws: Any) -> None:
    """Lock the sheet (a convenience against slips, not security: import re-checks)."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.autoFilter = False
    ws.protection.sort = True
    ws.protection.insertRows = True
    ws.protection.deleteRows = True


def input_cell(cell: Any, value: Any = None, *, text: bool = True) -> None:
    """An unlocked, highlighted cell for the user; text values never become formulas."""
    mark(cell.parent, cell.coordinate, INPUT)
    if value is None or value == "":
        cell.value = None
    elif text:
        cell.value = cell_text(cell, value)
        cell.data_type = "s"
    else:
        cell.value = value
    _apply(cell, fill=INPUT_FILL, locked=False)


class Lists:
    """Drop-down lists on the hidden «Lister» sheet, each behind a defined name.

    Excel refuses inline list validations over 255 characters; a named range has no
    such limit and survives LibreOffice.
    """

    def __init__(self, wb: Any, malform: str = "bokmal") -> None:
        self.wb = wb
        self.malform = malform
        self.ws = wb.create_sheet(SHEET_LISTS)
        self.ws.sheet_state = "hidden"
        self.names: dict[tuple[str, ...], str] = {}

    def name_for(self, values: Sequence[str], prefix: str = "svar") -> str:
        """The defined name of a list holding ``values`` (created on first use)."""
        from openpyxl.utils import get_column_letter
        from openpyxl.workbook.defined_name import DefinedName

        key = (prefix, *values)
        if key in self.names:
            return self.names[key]
        col = len(self.names) + 1
        letter = get_column_letter(col)
        name = f"{prefix}_{col}"
        self.ws.cell(row=1, column=col, value=name)
        for i, v in enumerate(values, start=2):
            c = self.ws.cell(row=i, column=col, value=v)
            c.data_type = "s"
        ref = f"'{SHEET_LISTS}'!${letter}$2:${letter}${len(values) + 1}"
        self.wb.defined_names[name] = DefinedName(name, attr_text=ref)
        self.names[key] = name
        return name

    def validation(self, ws: Any, values: Sequence[str], prefix: str = "svar") -> Any:
        """A list validation for ``ws`` backed by the named list of ``values``."""
        from openpyxl.worksheet.datavalidation import DataValidation

        from tilsyn.workbook.texts import text

        dv = DataValidation(
            type="list",
            formula1=f"={self.name_for(values, prefix)}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=text(self.malform, "invalid_title"),
            error=text(self.malform, "invalid", values=", ".join(values))[:250],
        )
        ws.add_data_validation(dv)
        return dv

    def finish(self) -> None:
        self.ws.protection.sheet = True


def first_data_row() -> int:
    return FIRST_ROW


def instructions(
    ws: Any,
    facts: list[tuple[str, str]],
    steps: list[str],
    options: list[str],
    malform: str = "bokmal",
) -> int:
    """The body of an instructions sheet: facts, numbered steps and the answer options,
    from row 3, headings in ``malform``. Returns the row of the options line. The facts
    (export time, sample, sender) may change before import: they are marked volatile."""
    from tilsyn.workbook.texts import text

    row = 3
    for label, value in facts:
        put_text(ws, f"A{row}", label, bold=True, volatile=True)
        put_text(ws, f"B{row}", value, volatile=True)
        row += 1
    row += 1
    put_text(ws, f"A{row}", text(malform, "how_to"), bold=True, size=12, color=HEADER_FILL)
    row += 1
    for n, step in enumerate(steps, start=1):
        put_text(ws, f"A{row}", f"{n}.", bold=True)
        put_text(ws, f"B{row}", step, volatile=True)
        row += 1
    row += 1
    put_text(ws, f"A{row}", text(malform, "options"), bold=True)
    put_text(ws, f"B{row}", ", ".join(options))
    return row
