"""Reference data through time: municipalities, offices, appeal bodies, kommunelov regime.

Pure lookups over the files shipped in ``tilsyn/data`` (documented in
``tilsyn/data/README-kontorer.md`` and ``shared/data/README.md``); every function takes
the date it is about as an argument and never reads the clock. Import-light: csv and
dataclasses only, each file read on first use.

Municipalities (a municipality is identified by the number valid on the date)::

    municipality_on("1702", date(2015, 6, 1))  -> Municipality 1702 Steinkjer
    number_on("1702", date(2018, 6, 1))        -> "5004"
    search("lindas"), lineage("1263")

Offices (Fylkesmannen, from 2021 Statsforvalteren)::

    office_for("1702", date(2015, 6, 1))       -> Office fm-nord-trondelag
    find_office("vestland")                    -> Office sf-vestland
    office_name_on("sf-agder", date(2017, 3, 1)) -> "Fylkesmannen i Aust- og Vest-Agder"

Appeal body and regime::

    appeal_body_on(date(2022, 5, 1)).confirmed -> False (the office must confirm it)
    regime_on(date(2017, 3, 1))                -> "kl1992"

User errors are :class:`tilsyn.errors.TilsynError` subclasses with Norwegian messages
(:class:`~tilsyn.errors.NotFoundError` for a number or name that does not exist on the
date, :class:`~tilsyn.errors.UsageError` for malformed input or a date the registers do
not cover). A malformed shipped file raises :class:`ReferenceDataError` (a bug).
"""

from __future__ import annotations

from tilsyn.reference._data import REGISTER_START, ReferenceDataError
from tilsyn.reference.appeal import AppealBody, appeal_bodies, appeal_body_on
from tilsyn.reference.counties import county_name, county_names
from tilsyn.reference.municipalities import (
    Lineage,
    Municipality,
    MunicipalityHistory,
    lineage,
    municipalities_on,
    municipality_history,
    municipality_on,
    normalise_number,
    number_on,
    search,
)
from tilsyn.reference.office import (
    Office,
    OfficeRegister,
    find_office,
    get_office,
    office_for,
    office_name_on,
    office_on,
    office_predecessors,
    office_register,
    office_successors,
    offices,
    offices_on,
)
from tilsyn.reference.regime import (
    KL1992_CHAPTER_10A_FROM,
    KL2018_EVERYWHERE_FROM,
    KL2018_FIRST_MEETING,
    REGIMES,
    Regime,
    regime_explanation,
    regime_on,
)

__all__ = [
    "KL1992_CHAPTER_10A_FROM",
    "KL2018_EVERYWHERE_FROM",
    "KL2018_FIRST_MEETING",
    "REGIMES",
    "REGISTER_START",
    "AppealBody",
    "Lineage",
    "Municipality",
    "MunicipalityHistory",
    "Office",
    "OfficeRegister",
    "ReferenceDataError",
    "Regime",
    "appeal_bodies",
    "appeal_body_on",
    "county_name",
    "county_names",
    "find_office",
    "get_office",
    "lineage",
    "municipalities_on",
    "municipality_history",
    "municipality_on",
    "normalise_number",
    "number_on",
    "office_for",
    "office_name_on",
    "office_on",
    "office_predecessors",
    "office_register",
    "office_successors",
    "offices",
    "offices_on",
    "regime_explanation",
    "regime_on",
    "search",
]
