"""Reading a plain table from the first sheet of an .xlsx (bulk imports of history and
survey answers): one row per line, every cell as text. Reads return inputs; nothing is
stored here.

The package is checked before openpyxl sees it (``safety``). Cells come back as the text
a user typed: whole numbers without ``.0``, dates as ``ÅÅÅÅ-MM-DD``. A formula is refused
(the value shown in Excel is not in the file, and an import never evaluates formulas).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from tilsyn.errors import WorkbookError


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_first_sheet(path: Path) -> tuple[str, list[tuple[int, list[str]]]]:
    """The first sheet's name and its non-empty rows as (row number, cells as text)."""
    from openpyxl.utils import get_column_letter

    from tilsyn.workbook.safety import check_dimensions, load_workbook_safely

    path = Path(path)
    wb = load_workbook_safely(path)
    problems = check_dimensions(wb)
    if problems:
        raise WorkbookError(f"{path.name}: arbeidsboken er for stor.", details=problems)
    if not wb.worksheets:
        raise WorkbookError(f"{path.name}: arbeidsboken har ingen ark.")
    ws = wb.worksheets[0]
    rows: list[tuple[int, list[str]]] = []
    formulas: list[str] = []
    for row in ws.iter_rows():
        cells = []
        for cell in row:
            if cell.data_type == "f":
                formulas.append(f"{get_column_letter(cell.column)}{cell.row}")
            cells.append(_text(cell.value))
        if any(c.strip() for c in cells):
            rows.append((row[0].row, cells))
    if formulas:
        shown = ", ".join(formulas[:10]) + (" …" if len(formulas) > 10 else "")
        raise WorkbookError(
            f"{path.name}, ark «{ws.title}»: cellene {shown} inneholder formler. Lim inn "
            "verdiene (Lim inn utvalg → Verdier) og prøv igjen. Ingenting ble lagret."
        )
    return ws.title, rows
