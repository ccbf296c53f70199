"""County (fylke) names by county number, for every county number in use since 2013.

Reads ``tilsyn/data/fylker.csv``. A county number names one county throughout the
period the registers cover (numbers were never reused for another county), so the
first two digits of a municipality number valid on a date give its county then:
``1263`` Lindås → ``12`` Hordaland, ``4631`` Alver → ``46`` Vestland.
"""

from __future__ import annotations

from functools import cache

from tilsyn.reference._data import ReferenceDataError, read_rows

FILENAME = "fylker.csv"
_COLUMNS = ("fylkesnummer", "navn", "kilde")


@cache
def county_names() -> dict[str, str]:
    """County number → name (read on first use)."""
    names: dict[str, str] = {}
    for row in read_rows(FILENAME, _COLUMNS):
        number = row.text("fylkesnummer")
        if not (number.isdigit() and len(number) == 2):
            raise row.fail("fylkesnummer", f"«{number}» er ikke to siffer")
        if number in names:
            raise row.fail("fylkesnummer", f"{number} står to ganger")
        names[number] = row.text("navn")
        row.text("kilde")
    if not names:
        raise ReferenceDataError(f"{FILENAME}: ingen fylker")
    return names


def county_name(number: str) -> str:
    """The county's name for a county number (``"12"``) or a municipality number
    (``"1263"``); ``""`` for a number the file does not know."""
    return county_names().get(str(number).strip()[:2], "")
