"""The office's register of violations as an Excel workbook (`tilsyn lovbrudd eksporter`).

One row per correction point; dates are real Excel dates; the header row is frozen and
has an autofilter; columns have sensible widths. User text is never written as a formula.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from tilsyn.text import clean_text

SHEET = "Lovbrudd"
HEADER_FILL = "1F3864"
DATE_FORMAT = "DD.MM.YYYY"


def write_register(rows: Sequence[dict[str, Any]], columns: Sequence[tuple[str, str, int]],
                   output: Path, *, title: str) -> None:
    """Write the register to ``output`` (atomically)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from tilsyn.fileio import write_atomic

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    header_font = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
    for col, (_, label, width) in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=col, value=label)
        cell.font = header_font
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(col)].width = width
    top = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(rows, start=2):
        for col, (key, _, _) in enumerate(columns, start=1):
            value = row.get(key)
            cell = ws.cell(row=r, column=col)
            if isinstance(value, date):
                cell.value = value
                cell.number_format = DATE_FORMAT
            elif isinstance(value, int | float) and not isinstance(value, bool):
                cell.value = value
            elif value is None or value == "":
                cell.value = None
            else:
                cell.value = clean_text(str(value))
                cell.data_type = "s"  # never a formula, even when text starts with '='
            cell.alignment = top
    ws.freeze_panes = "A2"
    last = get_column_letter(len(columns))
    ws.auto_filter.ref = f"A1:{last}{max(len(rows) + 1, 1)}"
    ws.row_dimensions[1].height = 30
    ws.page_setup.orientation = "landscape"
    ws.print_title_rows = "1:1"
    wb.properties.title = clean_text(title)[:255]
    write_atomic(Path(output), lambda tmp: wb.save(str(tmp)))
