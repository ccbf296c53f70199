"""Reading a population list (participants for sampling) from an .xlsx file."""

from __future__ import annotations

from pathlib import Path

from tilsyn.errors import UsageError

MAX_ROWS = 100_001
"""Most rows read from a population workbook (a header and 100 000 participants)."""
MAX_COLUMNS = 60
"""Most columns read from a population workbook (a population list has about five)."""


def read_xlsx_rows(path: Path) -> list[tuple[int, list[str]]]:
    """Rows of the first sheet as (row number, cell texts); dates become ISO text.

    The package is checked first (:func:`tilsyn.workbook.safety.check_package`: unpacked
    size, and the rows and columns really used, whatever the sheet declares); then the
    sheet is streamed in read-only mode, and the limits are checked again row by row.
    """
    from datetime import date, datetime

    from tilsyn.workbook.safety import check_package, require_defusedxml

    require_defusedxml()
    check_package(path, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS)
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise UsageError(f"{path}: kan ikke leses som Excel-arbeidsbok ({exc}).") from None
    try:
        ws = wb.worksheets[0]
        ws.reset_dimensions()  # the declared <dimension> may lie: read what is there
        rows = []
        for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
            if number > MAX_ROWS:
                raise UsageError(f"{path}: populasjonslisten har mer enn {MAX_ROWS - 1} deltakere.")
            cells = []
            for column, value in enumerate(row, start=1):
                if value is None:
                    cells.append("")
                    continue
                if column > MAX_COLUMNS:
                    raise UsageError(
                        f"{path}, rad {number}: har verdier i kolonne {column}; høyst "
                        f"{MAX_COLUMNS} kolonner leses."
                    )
                if isinstance(value, datetime):
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
            while cells and cells[-1] == "":
                cells.pop()
            rows.append((number, cells))
        return rows
    except UsageError:
        raise
    except Exception as exc:  # a malformed sheet found while streaming
        raise UsageError(f"{path}: kan ikke leses som Excel-arbeidsbok ({exc}).") from None
    finally:
        wb.close()
