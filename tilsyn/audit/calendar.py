"""Deadline arithmetic on Norwegian working days, and Norwegian dates in text.

Weeks are calendar weeks: a deadline in weeks ends on the weekday with the same name
(the way domstolloven § 148 annet ledd counts weeks). A deadline that ends on a
Saturday, Sunday or public holiday moves to the next working day. The statutory rule is
domstolloven § 149 første ledd; no source shows forvaltningsloven importing it, so for
the deadlines the office sets (documentation, comments, rectification) this is practice
by analogy, not their legal basis (docs/rettskilder.md § 3, domain.md § 2). Whether 24
and 31 December count as closed is configuration (:class:`Calendar`). ``holidays`` is
imported inside the functions so that ``tilsyn --help`` never pays for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from tilsyn.errors import UsageError
from tilsyn.text import fold


@dataclass(frozen=True)
class Calendar:
    """The office's calendar: which days besides weekends and public holidays are closed."""

    christmas_eve_closed: bool = False
    """24 December counts as a non-working day."""
    new_years_eve_closed: bool = False
    """31 December counts as a non-working day."""


DEFAULT_CALENDAR = Calendar()

MONTHS = (
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
)  # fmt: skip
"""Month names, the same in bokmål and nynorsk."""

WEEKDAYS = {
    "bokmal": ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"),
    "nynorsk": ("måndag", "tysdag", "onsdag", "torsdag", "fredag", "laurdag", "sundag"),
}
"""Weekday names from Monday, per written standard."""

_MALFORMS = {"bokmal", "nynorsk", "noytral", "ukjent"}


# --- holidays and working days ----------------------------------------------------


@lru_cache(maxsize=256)
def _holidays_in(year: int) -> dict[date, str]:
    import holidays  # lazy: costly import, not needed for --help

    # language="no" pins the names to Norwegian whatever the locale; Sundays are
    # handled as weekend days, not as holidays.
    table = holidays.Norway(years=year, language="no", include_sundays=False)
    return dict(table.items())


def is_holiday(d: date) -> str | None:
    """The Norwegian name of the public holiday on ``d`` (``"Grunnlovsdag"``), else None.

    24 and 31 December are not public holidays (see :class:`Calendar`).
    """
    return _holidays_in(d.year).get(d)


def is_working_day(d: date, cal: Calendar = DEFAULT_CALENDAR) -> bool:
    """Monday–Friday, not a public holiday, and not 24/31 December if the office is closed."""
    return _closed_reason(d, cal) is None


def _closed_reason(d: date, cal: Calendar) -> str | None:
    """Why ``d`` is not a working day ("" for a plain weekend day), None if it is one."""
    holiday = is_holiday(d)
    if holiday is not None:
        return holiday
    if d.month == 12 and d.day == 24 and cal.christmas_eve_closed:
        return "julaften"
    if d.month == 12 and d.day == 31 and cal.new_years_eve_closed:
        return "nyttårsaften"
    if d.weekday() >= 5:
        return ""
    return None


def next_working_day(d: date, cal: Calendar = DEFAULT_CALENDAR) -> date:
    """``d`` itself if it is a working day, else the first working day after it.

    Beyond :data:`LATEST` (a date stored before dates were checked) ``d`` is returned as
    it is: deadlines from such a date are shown, never computed into an overflow."""
    while d <= LATEST and not is_working_day(d, cal):
        d += timedelta(days=1)
    return d


def shifted(start: date, delta: timedelta) -> date:
    """``start + delta``, or the last (first) representable date instead of an overflow."""
    try:
        return start + delta
    except OverflowError:
        return date.max if delta > timedelta(0) else date.min


def add_weeks(start: date, weeks: int, cal: Calendar = DEFAULT_CALENDAR) -> date:
    """The deadline ``weeks`` calendar weeks after ``start``, moved to a working day."""
    if weeks < 0:
        raise UsageError(f"En frist kan ikke være et negativt antall uker ({weeks}).")
    return next_working_day(shifted(start, timedelta(weeks=weeks)), cal)


def add_working_days(start: date, n: int, cal: Calendar = DEFAULT_CALENDAR) -> date:
    """The ``n``-th working day after ``start`` (before it if ``n`` is negative).

    ``n == 0`` gives :func:`next_working_day` of ``start``.
    """
    if n == 0:
        return next_working_day(start, cal)
    step = timedelta(days=1 if n > 0 else -1)
    remaining = abs(n)
    d = start
    while remaining:
        if not EARLIEST <= d <= LATEST:
            return shifted(d, step * remaining)
        d += step
        if is_working_day(d, cal):
            remaining -= 1
    return d


def working_days_between(a: date, b: date, cal: Calendar = DEFAULT_CALENDAR) -> int:
    """Working days after ``a`` up to and including ``b``; negative if ``b`` is before ``a``."""
    if b < a:
        return -working_days_between(b, a, cal)
    return sum(
        1 for offset in range(1, (b - a).days + 1) if is_working_day(a + timedelta(offset), cal)
    )


def days_overdue(deadline: date, today: date) -> int:
    """Calendar days past ``deadline`` on ``today``; 0 on or before the deadline."""
    return max(0, (today - deadline).days)


def describe_deadline(
    deadline: date,
    original: date,
    cal: Calendar = DEFAULT_CALENDAR,
    *,
    malform: str = "bokmal",
) -> str:
    """Explain a moved deadline, or "" if it was not moved.

    ``"flyttet fra lørdag 17. mai 2025 (Grunnlovsdag) til mandag 19. mai 2025"``; in
    nynorsk ``"flytta frå … til …"`` (holiday names are given as ``holidays`` names them).
    """
    if deadline == original:
        return ""
    reason = _closed_reason(original, cal)
    before = format_date(original, malform, weekday=True)
    if reason:
        before += f" ({reason})"
    after = format_date(deadline, malform, weekday=True)
    if _is_nynorsk(malform):
        return f"flytta frå {before} til {after}"
    return f"flyttet fra {before} til {after}"


# --- dates in text ------------------------------------------------------------------


def _is_nynorsk(malform: str) -> bool:
    key = fold(malform)
    if key not in _MALFORMS:
        raise ValueError(f"unknown language form {malform!r}")
    return key == "nynorsk"


def weekday_name(d: date, malform: str = "bokmal") -> str:
    """``"lørdag"`` (bokmål) or ``"laurdag"`` (nynorsk); other forms write bokmål."""
    return WEEKDAYS["nynorsk" if _is_nynorsk(malform) else "bokmal"][d.weekday()]


def format_date(d: date, malform: str = "bokmal", *, weekday: bool = False) -> str:
    """Long Norwegian date, ``"12. mai 2017"``; with ``weekday``: ``"fredag 12. mai 2017"``."""
    _is_nynorsk(malform)  # month names are shared, but refuse an unknown form early
    text = f"{d.day}. {MONTHS[d.month - 1]} {d.year}"
    return f"{weekday_name(d, malform)} {text}" if weekday else text


EARLIEST = date(1990, 1, 1)
"""The earliest date tilsyn accepts anywhere (settlement dates of the oldest participants
included; the Introduction Act is from 2003)."""
LATEST = date(2099, 12, 31)
"""The latest date accepted anywhere: deadlines computed from it still fit in a date."""


class DateRangeError(UsageError):
    """A real date outside the range tilsyn accepts (:data:`EARLIEST`–:data:`LATEST`)."""


def check_date(value: date, *, what: str) -> date:
    """``value`` if it lies in :data:`EARLIEST`–:data:`LATEST`, else a message naming
    ``what`` (every date that enters the store passes here or through :func:`parse_date`)."""
    if not EARLIEST <= value <= LATEST:
        raise DateRangeError(
            f"Datoen {value.isoformat()} for {what} er utenfor det tillatte tidsrommet "
            f"{EARLIEST.isoformat()}–{LATEST.isoformat()}; sjekk årstallet. Ingenting ble lagret."
        )
    return value


MAX_SPAN_YEARS = 10
"""The longest time between two events of one audit (notice to closing takes a year or
two; a decade more is a typo in the year)."""


def check_span(value: date, others: list[date], *, what: str) -> date:
    """``value`` if it lies within :data:`MAX_SPAN_YEARS` of each of ``others`` (the
    audit's other dates), else a message naming the dates."""
    check_date(value, what=what)
    for other in others:
        if abs((value - other).days) > MAX_SPAN_YEARS * 366:
            raise DateRangeError(
                f"Datoen {value.isoformat()} for {what} ligger mer enn {MAX_SPAN_YEARS} år fra "
                f"tilsynets andre datoer ({other.isoformat()}); sjekk årstallet. Ingenting ble "
                "lagret."
            )
    return value


_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NORWEGIAN = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def parse_date(text: str, *, what: str) -> date:
    """Read ``2017-03-01``, ``01.03.2017`` or ``1.3.2017``; ``what`` names the field.

    A date outside :data:`EARLIEST`–:data:`LATEST` (9999-12-31, year 1) is refused with
    :class:`DateRangeError`."""
    value = str(text).strip()
    try:
        if match := _ISO.fullmatch(value):
            year, month, day = (int(g) for g in match.groups())
            return check_date(date(year, month, day), what=what)
        if match := _NORWEGIAN.fullmatch(value):
            day, month, year = (int(g) for g in match.groups())
            return check_date(date(year, month, day), what=what)
    except ValueError:
        pass  # well-formed but impossible, like 2017-02-30
    raise UsageError(
        f"«{text}» er ikke en gyldig dato for {what}; skriv ÅÅÅÅ-MM-DD, f.eks. 2017-03-01."
    )
