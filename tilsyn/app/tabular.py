"""Tables users bring for bulk imports (past audits, survey answers): CSV or XLSX, one
row per line under a heading row. Every problem is collected with its row and column so
that the user can fix the whole file at once; nothing is stored here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from tilsyn.errors import TilsynError, UsageError
from tilsyn.text import fold

T = TypeVar("T")


class ImportRejected(TilsynError):
    """Raised when a bulk import file has problems; ``details`` lists every one of them
    with its row and column. Nothing was written."""


def column_key(heading: str) -> str:
    """``"Endelig dato"``/``"endelig-dato"``/``"År"`` → ``"endelig_dato"``/``"ar"``."""
    return "_".join(fold(heading).replace("-", " ").replace("_", " ").split())


@dataclass
class Row:
    """One data row: its line (CSV) or row number (XLSX) and its cells by column key."""

    number: int
    cells: dict[str, str]

    def get(self, key: str) -> str:
        return (self.cells.get(key) or "").strip()


@dataclass
class TableFile:
    """A read table: its rows, and the problems found so far."""

    path: Path
    name: str
    sha256: str
    columns: list[str]
    """Column keys in file order."""
    letters: dict[str, str]
    """Column key → how the user finds it: «ar» (kolonne B)."""
    rows: list[Row]
    problems: list[str] = field(default_factory=list)

    def problem(self, row: Row | int | str | None, column: str | None, message: str) -> None:
        """Record a problem at ``row`` (a Row, a row number, or rows as text: "2–4") and
        ``column``."""
        from tilsyn.idnumber import mask_identity_numbers

        message = mask_identity_numbers(message)  # a message may quote the cell
        where = []
        if row is not None:
            where.append(f"rad {row.number if isinstance(row, Row) else row}")
        if column is not None:
            where.append(f"kolonne {self.letters.get(column, column)}")
        self.problems.append(f"{', '.join(where)}: {message}" if where else message)

    def check(self, row: Row, column: str, parse: Callable[[str], T]) -> T | None:
        """``parse(cell)``; a TilsynError becomes a problem at the row and column."""
        try:
            return parse(row.get(column))
        except TilsynError as exc:
            self.problem(row, column, _sentence(exc.message))
            return None

    def reject_if_problems(self, what: str) -> None:
        """Raise :class:`ImportRejected` listing every problem, if there is one."""
        if self.problems:
            n = len(self.problems)
            raise ImportRejected(
                f"{self.name}: {n} feil i {what}; ingenting ble "
                "lagret. Rett filen og prøv igjen (--torrkjoring kontrollerer uten å lagre).",
                details=[f"  {p}" for p in self.problems],
            )


def _sentence(text: str) -> str:
    return text.rstrip()


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def read_table(
    path: Path,
    *,
    what: str,
    required: Iterable[str],
    optional: Iterable[str] = (),
    aliases: dict[str, str] | None = None,
) -> TableFile:
    """Read a CSV (comma or semicolon, UTF-8) or XLSX (first sheet) table.

    The heading row names the columns; headings are matched ignoring case, æ/ø/å, spaces
    and hyphens (``År`` is ``ar``, ``Endelig dato`` is ``endelig_dato``). A missing
    required column or an unknown column is refused at once, naming the valid ones.
    """
    from tilsyn.files import sha256_file

    path = Path(path)
    if not path.is_file():
        raise UsageError(f"Finner ikke {what} {path}.")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        from tilsyn.csvfile import read_csv_rows

        _, numbered = read_csv_rows(path, what=what)
        numbered = [(n, r) for n, r in numbered if any(c.strip() for c in r)]
    elif suffix in (".xlsx", ".xlsm"):
        from tilsyn.workbook.table import read_first_sheet

        _, numbered = read_first_sheet(path)
    else:
        raise UsageError(
            f"{path.name}: {what} skal være en CSV-fil (.csv) eller Excel-arbeidsbok (.xlsx)."
        )
    required = list(required)
    optional = list(optional)
    aliases = aliases or {}
    known = required + optional
    if not numbered:
        raise ImportRejected(
            f"{path.name}: filen er tom. Første rad skal være overskriftene: {', '.join(known)}."
        )
    head_number, head = numbered[0]
    columns: list[str] = []
    letters: dict[str, str] = {}
    problems = []
    for i, heading in enumerate(head):
        key = column_key(heading)
        key = aliases.get(key, key)
        if not key:
            if any(r[i].strip() for _, r in numbered[1:] if i < len(r)):
                problems.append(
                    f"rad {head_number}, kolonne {_letter(i)}: kolonnen har verdier, men "
                    "ingen overskrift"
                )
            columns.append("")
            continue
        if key not in known:
            problems.append(
                f"rad {head_number}, kolonne {_letter(i)}: ukjent kolonne «{heading.strip()}» "
                f"(gyldige: {', '.join(known)})"
            )
        elif key in letters:
            problems.append(
                f"rad {head_number}, kolonne {_letter(i)}: kolonnen «{key}» står to ganger"
            )
        columns.append(key)
        letters.setdefault(key, f"{key} ({_letter(i)})")
    for key in required:
        if key not in letters:
            problems.append(f"rad {head_number}: mangler kolonnen «{key}»")
    if problems:
        from tilsyn.idnumber import mask_identity_numbers

        problems = [mask_identity_numbers(p) for p in problems]
        raise ImportRejected(
            f"{path.name}: overskriftene i {what} stemmer ikke; ingenting ble lagret. "
            f"Første rad skal ha kolonnene {', '.join(required)}"
            + (f" (og eventuelt {', '.join(optional)})" if optional else "")
            + ".",
            details=[f"  {p}" for p in problems],
        )
    rows: list[Row] = []
    table = TableFile(path, path.name, sha256_file(path), columns, letters, rows)
    for number, cells in numbered[1:]:
        if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns) :]):
            table.problem(number, None, "flere verdier enn overskrifter")
            continue
        values: dict[str, Any] = {}
        for key, value in zip(columns, cells, strict=False):
            if key:
                values[key] = value
        rows.append(Row(number, values))
    if not rows:
        raise ImportRejected(f"{path.name}: filen har bare overskrifter og ingen rader å lese.")
    return table


def describe_rows(numbers: Iterable[int]) -> str:
    """[2, 3, 4, 7] → "2–4, 7"."""
    ordered = sorted(set(numbers))
    parts: list[str] = []
    start = prev = None
    for n in ordered:
        if start is None:
            start = prev = n
        elif n == prev + 1:  # type: ignore[operator]
            prev = n
        else:
            parts.append(f"{start}–{prev}" if start != prev else str(start))
            start = prev = n
    if start is not None:
        parts.append(f"{start}–{prev}" if start != prev else str(start))
    return ", ".join(parts)
