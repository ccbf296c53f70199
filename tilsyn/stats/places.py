"""Municipalities and offices through time, as statistics need them (pure lookups).

- **Office** of an audit: the office in the register (``tilsyn.reference``) responsible in
  the audit's year for the municipality number valid then; an imported audit may name
  its office. Offices are compared under the name they had that year.
- **Identity** of a municipality across years: its own number, followed through pure
  renumberings (0806 Skien → 3807 → 4003 Skien), never through a merger (Kristiansand
  1001 and Søgne 1018 are not 4204 Kristiansand). A municipality is never counted as
  another one.
- **County** names by county number (the number of the day: 09 Aust-Agder, 42 Agder).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

from tilsyn.errors import TilsynError

ONE_DAY = timedelta(days=1)

COUNTIES: dict[str, str] = {
    "01": "Østfold",
    "02": "Akershus",
    "03": "Oslo",
    "04": "Hedmark",
    "05": "Oppland",
    "06": "Buskerud",
    "07": "Vestfold",
    "08": "Telemark",
    "09": "Aust-Agder",
    "10": "Vest-Agder",
    "11": "Rogaland",
    "12": "Hordaland",
    "14": "Sogn og Fjordane",
    "15": "Møre og Romsdal",
    "16": "Sør-Trøndelag",
    "17": "Nord-Trøndelag",
    "18": "Nordland",
    "19": "Troms",
    "20": "Finnmark",
    "30": "Viken",
    "31": "Østfold",
    "32": "Akershus",
    "33": "Buskerud",
    "34": "Innlandet",
    "38": "Vestfold og Telemark",
    "39": "Vestfold",
    "40": "Telemark",
    "42": "Agder",
    "46": "Vestland",
    "50": "Trøndelag",
    "54": "Troms og Finnmark",
    "55": "Troms",
    "56": "Finnmark",
}
"""County names by county number. A county number was never reused for another county
(Telemark was 08 to 2019, part of 38 in 2020–2023 and 40 from 2024)."""


def county_name(number: str) -> str:
    """The county of a municipality number (its first two digits), as it was then."""
    return COUNTIES.get(str(number)[:2], "")


def _midyear(year: int) -> date:
    return date(year, 7, 1)


@lru_cache(maxsize=65536)
def office_id_of(number: str, year: int) -> str | None:
    """The register id of the office responsible for ``number`` in ``year`` (None when the
    register cannot tell: a year before 2013, or a number it does not know)."""
    from tilsyn.reference import ReferenceDataError, number_on, office_for

    on = _midyear(year)
    try:
        return office_for(number, on).id
    except (TilsynError, ReferenceDataError):
        pass
    try:  # a number from another year (synthetic data, old records): the one valid then
        return office_for(number_on(number, on), on).id
    except (TilsynError, ReferenceDataError):
        return None


@lru_cache(maxsize=4096)
def office_name(office_id: str, nynorsk: bool = False) -> str:
    """The name of the office record ``office_id`` (the name it had in its period)."""
    from tilsyn.reference import get_office

    return get_office(office_id).name_in(nynorsk=nynorsk)


def office_of(
    number: str,
    county: str,
    year: int,
    language: str = "bokmal",
    office_id: str | None = None,
) -> str:
    """The name, in ``year``, of the office responsible for a municipality.

    ``office_id`` (an imported audit's own office) wins; else the register decides; where
    it cannot, "Fylkesmannen/Statsforvalteren i <county>" with the county stored on the
    audit.
    """
    nynorsk = language == "nynorsk"
    found = office_id or office_id_of(number, year)
    if found:
        return office_name(found, nynorsk)
    title = "Fylkesmannen" if year < 2021 else "Statsforvaltaren" if nynorsk else "Statsforvalteren"
    return f"{title} i {county}"


@lru_cache(maxsize=65536)
def identity(number: str) -> str:
    """The number that links one municipality across years: its latest number reached by
    pure renumberings only (one record ended, one began from it alone)."""
    from tilsyn.reference import municipality_history

    history = municipality_history()
    try:
        periods = history.periods(number)
    except TilsynError:
        return number
    if not periods:
        return number
    current = periods[-1]
    seen = {current.number}
    while current.valid_to is not None:
        after = history.successors_of(current)
        if len(after) != 1:
            break  # a split, or the data ends
        following = after[0]
        began = [
            p
            for p in history.predecessors_of(following)
            if p.valid_to == following.valid_from - ONE_DAY and p.number != following.number
        ]
        if following.number != current.number and began != [current]:
            break  # a merger: the municipality after it is another one
        if following.number in seen and following.number != current.number:
            break
        seen.add(following.number)
        current = history.periods(following.number)[-1]
    return current.number


def expand_municipalities(numbers: Iterable[str]) -> tuple[str, ...]:
    """Numbers as typed, zero-padded, with every earlier number of the same area (the
    municipalities that became it), for the ``--kommune`` filter."""
    from tilsyn.reference import lineage, normalise_number

    out: list[str] = []
    for raw in numbers:
        try:
            n = normalise_number(raw)
        except TilsynError:
            n = str(raw).strip()
        out.append(n)
        with contextlib.suppress(TilsynError):  # a number the register does not know
            out.extend(m.number for m in lineage(n).earlier)
    return tuple(dict.fromkeys(out))
