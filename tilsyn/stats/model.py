"""Result types of the statistics: filters, tables, series for charts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


class _Suppressed:
    """A figure hidden because it rests on too few municipalities (publication mode)."""

    _instance: _Suppressed | None = None

    def __new__(cls) -> _Suppressed:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "SUPPRESSED"

    def __str__(self) -> str:
        return SUPPRESSED_MARK

    def __bool__(self) -> bool:
        return False


SUPPRESSED = _Suppressed()
"""The value of a suppressed cell."""
SUPPRESSED_MARK = ":"
"""How a suppressed cell is shown (Statistics Norway's sign for suppressed figures)."""

DEFAULT_MIN_COUNT = 3
"""Figures resting on fewer municipalities than this are suppressed for publication."""


@dataclass(frozen=True)
class Filters:
    """Which audits and self-assessments the statistics cover (all when empty)."""

    from_year: int | None = None
    to_year: int | None = None
    checklist: str | None = None
    """A checklist id, or the start of the ids of a theme's sub-theme checklists
    (``integreringsplan`` covers integreringsplan-sluttmal, -samfunnskunnskap, -omfang)."""
    counties: tuple[str, ...] = ()
    """County names; a county matches when the name contains one of them
    (``Agder`` covers Aust-Agder, Vest-Agder and Agder)."""
    offices: tuple[str, ...] = ()
    """Office names or parts of them (``Agder``, ``Vestfold og Telemark``)."""
    municipalities: tuple[str, ...] = ()
    """Municipality numbers; a number also covers the municipalities that became it."""
    per: date | None = None
    """Figures as they stood on this day: nothing dated after it is counted."""

    def checklist_matches(self, checklist_id: str) -> bool:
        """True when ``checklist_id`` is selected (the id itself or a sub-theme of it)."""
        if not self.checklist:
            return True
        from tilsyn.text import fold

        wanted, cid = fold(self.checklist), fold(checklist_id)
        return cid == wanted or cid.startswith(wanted + "-")

    def describe(self, language: str = "bokmal") -> str:
        """The filters in words, for titles (empty when nothing is filtered)."""
        nn = language == "nynorsk"
        parts = []
        if self.from_year and self.to_year:
            parts.append(f"{self.from_year}–{self.to_year}")
        elif self.from_year:
            parts.append(f"frå {self.from_year}" if nn else f"fra {self.from_year}")
        elif self.to_year:
            parts.append(f"til {self.to_year}")
        if self.checklist:
            parts.append(f"sjekkliste {self.checklist}")
        if self.counties:
            parts.append(_join(self.counties, nn))
        if self.offices:
            parts.append("kontor " + _join(self.offices, nn))
        if self.municipalities:
            many = "kommunane" if nn else "kommunene"
            word = "kommune" if len(self.municipalities) == 1 else many
            parts.append(f"{word} {_join(self.municipalities, nn)}")
        return ", ".join(parts)


def _join(items: tuple[str, ...], nynorsk: bool) -> str:
    items = tuple(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " og " + items[-1]


@dataclass(frozen=True)
class Column:
    """A table column: its heading and the kind of value (how it is formatted)."""

    name: str
    kind: str = "text"  # text | int | pct (0–1) | pp (percentage points) | ratio | days | year


@dataclass(frozen=True)
class Table:
    """One table of figures: the unit of the terminal, JSON, Excel and Word outputs."""

    key: str
    """Stable id, also the JSON key and the base of the sheet name."""
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    footnotes: tuple[str, ...] = ()

    total_row: bool = False
    """The last row is the total of the others."""

    @property
    def headers(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def is_empty(self) -> bool:
        """No figures: no rows, or only a total row with nothing counted in it."""
        body = self.rows[:-1] if self.total_row else self.rows
        if body:
            return False
        if not self.rows:
            return True
        return not any(
            v for v, c in zip(self.rows[-1], self.columns, strict=True) if c.kind == "int"
        )

    def formatted_rows(self) -> list[list[str]]:
        """Rows as display text (percent with a space, suppressed as ':')."""
        return [
            [format_value(v, c.kind) for v, c in zip(r, self.columns, strict=True)]
            for r in self.rows
        ]


def whole_percent(share: float) -> int:
    """A share (0–1) in whole percent, rounded half up as a reader would (0.675 → 68,
    0.665 → 67; Python's round() rounds half to even)."""
    import math

    return math.floor(share * 100 + 0.5 + 1e-9)


def format_value(value: Any, kind: str) -> str:
    """A cell as display text."""
    if value is SUPPRESSED:
        return SUPPRESSED_MARK
    if value is None:
        return "–"
    if kind == "pct":
        return f"{whole_percent(value):d} %"
    if kind == "pp":
        points = whole_percent(value)
        return f"{points:+d} p.p." if points else "0 p.p."
    if kind == "ratio":
        return f"{value:.2f}".replace(".", ",")
    if kind == "days" and isinstance(value, float):
        return f"{value:.0f}" if value == int(value) else f"{value:.1f}".replace(".", ",")
    return str(value)


@dataclass(frozen=True)
class Trend:
    """Share answering yes to one question, per year (for a line chart)."""

    checklist_id: str
    question_ref: str
    question: str
    """The question's text (in the statistics' language form)."""
    points: tuple[tuple[int, float | None, int], ...]
    """(year, share or None when suppressed/no data, municipalities answering)."""
    checklist_title: str = ""


@dataclass(frozen=True)
class Bar:
    """Share of audited municipalities with a violation of one requirement (bar chart)."""

    checklist_id: str
    requirement_ref: str
    title: str
    share: float | None  # None when suppressed
    violations: int | None
    assessed: int = 0
    """Municipalities assessed on the requirement (the base of the share)."""


@dataclass(frozen=True)
class Statistics:
    """Every figure for one selection of audits and self-assessments."""

    filters: Filters
    language: str
    publication: bool
    min_count: int
    tables: tuple[Table, ...]
    trends: tuple[Trend, ...] = ()
    bars: tuple[Bar, ...] = ()
    summary: dict[str, Any] = field(default_factory=dict)
    """Headline numbers for commentary (audits, municipalities, violations, years …)."""

    def table(self, key: str) -> Table:
        """The table with ``key``."""
        for t in self.tables:
            if t.key == key:
                return t
        raise KeyError(key)
