"""Reading CSV files as Norwegian offices save them: UTF-8 with or without BOM, comma or
semicolon (Norwegian Excel's «CSV» uses semicolons), any line ending."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tilsyn.errors import UsageError


def read_csv_rows(path: Path, *, what: str = "filen") -> tuple[str, list[tuple[int, list[str]]]]:
    """The rows of a CSV file with their line numbers, and the delimiter used.

    Problems (missing file, not UTF-8, broken quoting) raise UsageError naming the file
    and line.
    """
    from tilsyn.text import read_text_file

    path = Path(path)
    text = read_text_file(path, what=what, hint="Lagre den som «CSV UTF-8» i Excel og prøv igjen.")
    if "\x00" in text:
        raise UsageError(f"{path}: filen inneholder binære data og er ikke en CSV-fil.")
    first = text.splitlines()[0] if text else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    try:
        line = reader.line_num + 1
        for row in reader:
            rows.append((line, row))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise UsageError(f"{path}, linje {reader.line_num}: ugyldig CSV ({exc}).") from None
    return delimiter, rows
