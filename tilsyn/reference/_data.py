"""Reading the shipped reference CSV files (internal to :mod:`tilsyn.reference`).

The files are shipped with the package and checked by the tests, so a problem in them
is a bug, not a user error: it raises :class:`ReferenceDataError` naming the file, the
line and the field, never a :class:`~tilsyn.errors.TilsynError`.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Protocol, TypeVar

from tilsyn.resources import data_dir

ONE_DAY = timedelta(days=1)


class ReferenceDataError(ValueError):
    """A shipped reference file is malformed (a bug in the package, not a user error)."""


class Row:
    """One CSV row with its file name and line number, for precise error messages."""

    def __init__(self, path: Path, line: int, values: dict[str, str]) -> None:
        self.path = path
        self.line = line
        self.values = values

    def fail(self, field: str, problem: str) -> ReferenceDataError:
        """An error naming this row's file, line and ``field``."""
        return ReferenceDataError(f"{self.path.name} linje {self.line}, felt «{field}»: {problem}")

    def text(self, field: str, *, required: bool = True) -> str:
        """The stripped value of ``field``; refuses an empty value when ``required``."""
        value = (self.values.get(field) or "").strip()
        if required and not value:
            raise self.fail(field, "mangler verdi")
        return value

    def day(self, field: str) -> date:
        """A required ISO date."""
        raw = self.text(field)
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise self.fail(field, f"«{raw}» er ikke en ISO-dato (ÅÅÅÅ-MM-DD)") from None

    def optional_day(self, field: str) -> date | None:
        """An ISO date, or None when the field is empty (still in force)."""
        return self.day(field) if self.text(field, required=False) else None

    def words(self, field: str) -> tuple[str, ...]:
        """A space-separated list (possibly empty)."""
        return tuple(self.text(field, required=False).split())

    def yes_no(self, field: str) -> bool:
        """``ja`` → True, ``nei`` → False."""
        raw = self.text(field).casefold()
        if raw not in {"ja", "nei"}:
            raise self.fail(field, f"«{raw}» må være «ja» eller «nei»")
        return raw == "ja"


def read_rows(filename: str, columns: tuple[str, ...]) -> Iterator[Row]:
    """The rows of a shipped CSV file; refuses a header without the expected columns."""
    path = data_dir() / filename
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [name for name in columns if name not in (reader.fieldnames or [])]
        if missing:
            raise ReferenceDataError(f"{filename}: mangler kolonne(r) {', '.join(missing)}")
        for values in reader:
            yield Row(path, reader.line_num, values)


def check_period(row: Row, valid_from: date, valid_to: date | None) -> None:
    """Refuse a period that ends before it starts."""
    if valid_to is not None and valid_to < valid_from:
        raise row.fail("gyldig_til", f"{valid_to} er før gyldig_fra {valid_from}")


def covers(valid_from: date, valid_to: date | None, on: date) -> bool:
    """True if ``on`` lies in the closed period ``valid_from``..``valid_to`` (open end)."""
    return valid_from <= on and (valid_to is None or on <= valid_to)


def period_text(valid_from: date, valid_to: date | None) -> str:
    """``2013-01-01–2017-12-31`` or ``fra 2020-01-01`` for display."""
    if valid_to is None:
        return f"fra {valid_from.isoformat()}"
    return f"{valid_from.isoformat()}–{valid_to.isoformat()}"


REGISTER_START = date(2013, 1, 1)
"""The first day the shipped registers cover (municipalities, offices, appeal bodies)."""


def as_day(on: date) -> date:
    """``on`` as a plain :class:`date` (a datetime is cut to its date).

    Comparing a datetime with a date raises TypeError in Python, so every public
    function normalises its date argument here first.
    """
    if isinstance(on, datetime):
        return on.date()
    if not isinstance(on, date):
        raise TypeError(f"expected a datetime.date, got {type(on).__name__}")
    return on


def refuse_before_register(on: date, what: str) -> None:
    """Refuse a date before :data:`REGISTER_START` with a Norwegian message."""
    from tilsyn.errors import UsageError

    if on < REGISTER_START:
        raise UsageError(
            f"Datoen {on.isoformat()} er før {REGISTER_START.isoformat()}: tilsyn har ikke "
            f"{what} for tiden før {REGISTER_START.year}. Bruk en dato fra "
            f"{REGISTER_START.isoformat()} eller senere."
        )


class Period(Protocol):
    """Anything with a validity period (municipality rows, offices)."""

    @property
    def valid_from(self) -> date: ...

    @property
    def valid_to(self) -> date | None: ...


P = TypeVar("P", bound=Period)


def walk_to(
    start: P,
    on: date,
    *,
    forward: Callable[[P], Iterable[P]],
    backward: Callable[[P], Iterable[P]],
) -> list[P]:
    """The records in force on ``on`` reached from ``start`` through the succession graph.

    Forward (``on`` after ``start``) follows successors, backward follows the
    predecessors that ended the day before a record began. One result means the
    answer is unambiguous (a merger seen forward, a renaming either way); several mean
    a split forward or a merger backward. An empty list means the graph ends first.
    """
    found: list[P] = []
    pending = [start]
    seen: set[int] = set()
    while pending:
        record = pending.pop()
        if id(record) in seen:
            continue
        seen.add(id(record))
        if covers(record.valid_from, record.valid_to, on):
            if record not in found:
                found.append(record)
        elif record.valid_to is not None and record.valid_to < on:
            pending.extend(forward(record))
        elif record.valid_from > on:
            pending.extend(backward(record))
    return found
