"""Reading a population list (participants for sampling) from an .xlsx file."""

from __future__ import annotations

from pathlib import Path

from tilsyn.errors import UsageError


def read_xlsx_rows(path: Path) -> list[tuple[int, list[str]]]:
    """Rows of the first sheet as (row number, cell texts); dates become ISO text."""
    from datetime import date, datetime

    from tilsyn.workbook.safety import check_package, require_defusedxml

    require_defusedxml()
    check_package(path)
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise UsageError(f"{path}: kan ikke leses som Excel-arbeidsbok ({exc}).") from None
    try:
        ws = wb.worksheets[0]
        rows = []
        for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
            cells = []
            for value in row:
                if value is None:
                    cells.append("")
                elif isinstance(value, datetime):
                    cells.append(value.date().isoformat())
                elif isinstance(value, date):
                    cells.append(value.isoformat())
                elif isinstance(value, float) and value.is_integer():
                    cells.append(str(int(value)))
                else:
                    text = str(value)
                    if text.startswith("="):
                        raise UsageError(
                            f"{path}, rad {number}: formler er ikke tillatt i populasjonslisten."
                        )
                    cells.append(text)
            rows.append((number, cells))
        return rows
    finally:
        wb.close()
