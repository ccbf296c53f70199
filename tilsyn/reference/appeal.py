"""The appeal body (klageinstans) for orders made in this supervision, per period.

Reads ``tilsyn/data/klageinstanser.csv`` (see ``tilsyn/data/README-kontorer.md``).
Forvaltningsloven § 27 requires a decision to name its appeal body. Which body it is
for orders under this supervision is **not confirmed** in the sources found: the rows
name the ministry responsible for integration in each period, and whether the appeal
power was delegated (for example to IMDi) is unknown. Every row therefore has
``confirmed=False`` until the office confirms it; documents must then say so, or use
the office's own configured appeal body.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from tilsyn.errors import NotFoundError
from tilsyn.reference._data import (
    ONE_DAY,
    ReferenceDataError,
    as_day,
    check_period,
    covers,
    read_rows,
    refuse_before_register,
)

FILENAME = "klageinstanser.csv"
_COLUMNS = (
    "id",
    "navn",
    "navn_nynorsk",
    "gyldig_fra",
    "gyldig_til",
    "bekreftet",
    "kilde",
    "merknad",
)


@dataclass(frozen=True)
class AppealBody:
    """The appeal body for one period."""

    id: str
    name: str
    name_nynorsk: str
    valid_from: date
    valid_to: date | None
    confirmed: bool
    """False: the office must confirm the appeal body before a decision names it."""
    source: str
    note: str

    def name_in(self, *, nynorsk: bool = False) -> str:
        """The name in bokmål or nynorsk."""
        return self.name_nynorsk if nynorsk else self.name

    def valid_on(self, on: date) -> bool:
        """True if this row applies on ``on``."""
        return covers(self.valid_from, self.valid_to, as_day(on))


def load_appeal_bodies() -> tuple[AppealBody, ...]:
    """Read and check the shipped file: contiguous periods from 2013-01-01, open end."""
    bodies: list[AppealBody] = []
    for row in read_rows(FILENAME, _COLUMNS):
        valid_from = row.day("gyldig_fra")
        valid_to = row.optional_day("gyldig_til")
        check_period(row, valid_from, valid_to)
        if bodies:
            previous = bodies[-1]
            if previous.valid_to is None or valid_from != previous.valid_to + ONE_DAY:
                raise row.fail("gyldig_fra", "periodene må følge hverandre uten hull og overlapp")
        bodies.append(
            AppealBody(
                id=row.text("id"),
                name=row.text("navn"),
                name_nynorsk=row.text("navn_nynorsk"),
                valid_from=valid_from,
                valid_to=valid_to,
                confirmed=row.yes_no("bekreftet"),
                source=row.text("kilde"),
                note=row.text("merknad", required=False),
            )
        )
    if not bodies or bodies[-1].valid_to is not None:
        raise ReferenceDataError(f"{FILENAME}: siste periode må være åpen (tom gyldig_til)")
    return tuple(bodies)


@cache
def appeal_bodies() -> tuple[AppealBody, ...]:
    """Every row of the shipped file, oldest first (read on first use)."""
    return load_appeal_bodies()


def appeal_body_on(on: date) -> AppealBody:
    """The appeal body row for ``on``, with its ``confirmed`` flag.

    A date before 2013-01-01 is refused (:class:`~tilsyn.errors.UsageError`).
    """
    on = as_day(on)
    refuse_before_register(on, "klageinstans")
    for body in appeal_bodies():
        if body.valid_on(on):
            return body
    raise NotFoundError(f"Ingen klageinstans er registrert for {on.isoformat()}.")
