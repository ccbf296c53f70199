"""The municipality registry: numbers, names, succession, language form, office names.

Reads the reference files shipped in ``tilsyn/data`` (see its README): the 357
municipalities of 2024, and the 48 municipalities of Telemark, Aust-Agder and
Vest-Agder before the 2020 reform with their 2024 successors. Import-light on purpose
(the CLI imports it for ``--help``): csv and dataclasses only, data read on first use.

The municipality number is the key everywhere; names are not unique (Herøy, Våler).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from tilsyn.errors import NotFoundError, UsageError
from tilsyn.resources import data_dir
from tilsyn.text import fold

LANGUAGE_FORMS: dict[str, str] = {
    "bokmal": "bokmål",
    "nynorsk": "nynorsk",
    "noytral": "nøytral",
    "ukjent": "ukjent",
}
"""Language forms (målform): the ascii value stored and compared → the display text."""

CURRENT_FROM = date(2024, 1, 1)
"""``valid_from`` of the rows in the 2024 list."""
HISTORICAL_TO = date(2019, 12, 31)
"""``valid_to`` of the pre-2020 rows: Agder and Telemark were renumbered in 2020."""

_FILE_2024 = "kommuner-2024.csv"
_FILE_2017 = "kommuner-2017-agder-telemark.csv"
_FILE_LANGUAGE = "malform-2024.csv"


@dataclass(frozen=True)
class Municipality:
    """One municipality, current (2024) or historical (pre-2020 Agder and Telemark)."""

    number: str
    """Four digits, zero-padded: ``"0301"``."""
    name: str
    """The Norwegian name, without county qualifier (``"Herøy"`` occurs twice)."""
    other_names: tuple[str, ...]
    """Official Sami or Kven names."""
    county_number: str
    county: str
    valid_from: date | None
    valid_to: date | None
    successors: tuple[str, ...]
    """For a pre-2020 municipality: the 2024 number(s) covering it now."""
    predecessors: tuple[str, ...]
    """For a 2024 municipality: the pre-2020 numbers that became it (Agder, Telemark)."""
    language_form: str
    """One of the keys of :data:`LANGUAGE_FORMS`."""

    @property
    def display_name(self) -> str:
        """The name as written in letters: ``"Kristiansand kommune"``."""
        return f"{self.name} kommune"

    @property
    def is_current(self) -> bool:
        """True for municipalities in force now (the 2024 list)."""
        return self.valid_to is None


class Registry:
    """All known municipalities, looked up by number or found by (part of a) name."""

    def __init__(self, municipalities: list[Municipality]) -> None:
        self._items = sorted(municipalities, key=lambda m: m.number)
        self._by_number = {m.number: m for m in self._items}
        if len(self._by_number) != len(self._items):
            raise ValueError("duplicate municipality numbers in the reference data")

    def all(self, *, historical: bool = True) -> list[Municipality]:
        """Every municipality sorted by number; only current ones if ``historical=False``."""
        return [m for m in self._items if historical or m.is_current]

    def get(self, number: str) -> Municipality:
        """The municipality with this number (``"301"`` is read as ``"0301"``)."""
        key = normalise_number(number)
        if key is None or key not in self._by_number:
            raise NotFoundError(
                f"Finner ingen kommune med nummer {str(number).strip()}. "
                "Søk med: tilsyn kommune finn NAVN"
            )
        return self._by_number[key]

    def __contains__(self, number: object) -> bool:
        key = normalise_number(number) if isinstance(number, str | int) else None
        return key is not None and key in self._by_number

    def find(self, text: str) -> list[Municipality]:
        """Municipalities whose number starts with ``text`` or whose name contains it.

        Matching ignores case, accents, æ/ø/å spelt ae/o/a, and hyphens, and includes
        Sami and Kven names. Exact name matches come first, then names starting with
        the text, then the rest; within each, current municipalities before historical.
        """
        query = _fold_name(text)
        if not query:
            raise UsageError("Skriv et kommunenummer eller (en del av) et kommunenavn.")
        if query.isdigit():
            return [m for m in self._items if m.number.startswith(query)]
        ranked: list[tuple[int, bool, str, Municipality]] = []
        for m in self._items:
            rank = _match_rank(query, (m.name, *m.other_names))
            if rank is not None:
                ranked.append((rank, not m.is_current, m.number, m))
        ranked.sort(key=lambda item: item[:3])
        return [item[3] for item in ranked]


def normalise_number(value: str | int) -> str | None:
    """``"301"``/``301``/``" 0301 "`` → ``"0301"``; None if it cannot be a number."""
    text = str(value).strip()
    if not text.isdigit() or len(text) > 4:
        return None
    return text.zfill(4)


def normalise_language_form(value: str, *, number: str) -> str:
    """``"bokmål"``/``"Nøytral"``/``"nynorsk"`` → the ascii key of :data:`LANGUAGE_FORMS`."""
    key = fold(str(value))
    if key not in LANGUAGE_FORMS:
        raise UsageError(
            f"Ugyldig målform «{value}» for kommune {number} "
            f"(gyldige: {', '.join(LANGUAGE_FORMS.values())})."
        )
    return key


def load_registry(language_overrides: dict[str, str] | None = None) -> Registry:
    """The registry, with the workspace's corrections of language forms applied.

    ``language_overrides`` maps a municipality number to a language form (bokmål,
    nynorsk, nøytral or ukjent, with or without æ/ø/å). An override of a 2024
    municipality also applies to the pre-2020 municipalities it succeeded, unless they
    are overridden themselves.
    """
    if not language_overrides:
        return _default_registry()
    return _build_registry(checked_overrides(language_overrides))


def checked_overrides(language_overrides: dict[str, str]) -> dict[str, str]:
    """The workspace's language-form corrections keyed by four-digit number, each checked:
    the number must exist in some period since 2013 (see :mod:`tilsyn.reference`)."""
    from tilsyn.reference import municipality_history

    known = (
        {row.number for row in _rows_2024()}
        | {row.number for row in _rows_2017()}
        | {m.number for m in municipality_history().all()}
    )
    overrides: dict[str, str] = {}
    for raw_number, value in language_overrides.items():
        number = normalise_number(raw_number)
        if number is None or number not in known:
            raise NotFoundError(
                f"Målform er satt for kommunenummer {str(raw_number).strip()}, men det "
                "finnes ingen kommune med det nummeret. Søk med: tilsyn kommune finn NAVN"
            )
        overrides[number] = normalise_language_form(value, number=number)
    return overrides


def language_form_of(number: str, overrides: dict[str, str] | None = None) -> str:
    """The language form (a key of :data:`LANGUAGE_FORMS`) of municipality ``number``
    from any period since 2013.

    The form is kept per number: the workspace's correction (``overrides``, already
    checked) first, then the shipped list. A number that is no longer in force takes
    the form of the number that covered it on 2024-01-01 (1263 Lindås → 4631 Alver),
    unless it is corrected itself; where that is not one number (a split), or nothing
    is known, the form is ``"ukjent"``.
    """
    from tilsyn.errors import TilsynError
    from tilsyn.reference import number_on

    overrides = overrides or {}
    key = normalise_number(number)
    if key is None:
        return "ukjent"
    shipped = _shipped_language_forms()
    if key in overrides:
        return overrides[key]
    if key in shipped:
        return shipped[key]
    if key in {row.number for row in _rows_2024()}:
        return "ukjent"
    try:
        current = number_on(key, CURRENT_FROM)
    except TilsynError:  # unknown number, or split into several municipalities
        return "ukjent"
    return overrides.get(current) or shipped.get(current) or "ukjent"


def document_language(municipality: Municipality) -> str:
    """The language form of documents to this municipality: nynorsk, else bokmål.

    Neutral and unknown language forms default to bokmål (the user can choose).
    """
    return "nynorsk" if municipality.language_form == "nynorsk" else "bokmal"


# --- office names ---------------------------------------------------------------

# County numbers whose supervising office tilsyn knows by name (domain.md § 1).
_AGDER = {"09": "Aust-Agder", "10": "Vest-Agder", "42": None}
_TELEMARK = {"08": "Telemark", "40": "Telemark", "38": None}


def office_name(county_number: str, year: int) -> str | None:
    """The County Governor's office for a county in Agder or Telemark in ``year``.

    ``"Fylkesmannen i Aust- og Vest-Agder"`` (2016–2018), ``"Fylkesmannen i Agder"``
    (2019–2020), ``"Statsforvalteren i Agder"`` (from 2021); ``"Fylkesmannen i
    Telemark"`` (to 2018), ``"Fylkesmannen i Vestfold og Telemark"`` (2019–2020),
    ``"Statsforvalteren i Vestfold og Telemark"`` (from 2021). None for other counties
    (the workspace configuration names the office) and where the county number alone
    does not decide it (42 Agder before 2016, 38 Vestfold og Telemark before 2019).
    """
    return _office_name(county_number, year, title_2021="Statsforvalteren")


def office_name_nynorsk(county_number: str, year: int) -> str | None:
    """Like :func:`office_name` in nynorsk: ``"Statsforvaltaren i Agder"``.

    "Fylkesmannen" is the same word in nynorsk.
    """
    return _office_name(county_number, year, title_2021="Statsforvaltaren")


def _office_name(county_number: str, year: int, *, title_2021: str) -> str | None:
    county = str(county_number).strip().zfill(2)
    title = title_2021 if year >= 2021 else "Fylkesmannen"
    if county in _AGDER:
        if year >= 2019:
            area = "Agder"
        elif year >= 2016:
            area = "Aust- og Vest-Agder"
        else:
            area = _AGDER[county]
    elif county in _TELEMARK:
        area = "Vestfold og Telemark" if year >= 2019 else _TELEMARK[county]
    else:
        return None
    return None if area is None else f"{title} i {area}"


# --- loading ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Row2024:
    number: str
    name: str
    other_names: tuple[str, ...]
    county_number: str
    county: str


@dataclass(frozen=True)
class _Row2017:
    number: str
    name: str
    county_number: str
    county: str
    successor: str


def _read_csv(filename: str) -> list[dict[str, str]]:
    with (data_dir() / filename).open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


@lru_cache(maxsize=1)
def _rows_2024() -> tuple[_Row2024, ...]:
    return tuple(
        _Row2024(
            number=row["kommunenummer"],
            name=row["navn"],
            other_names=tuple(n.strip() for n in row["andre_navn"].split(" / ") if n.strip()),
            county_number=row["fylkesnummer"],
            county=row["fylke"],
        )
        for row in _read_csv(_FILE_2024)
    )


@lru_cache(maxsize=1)
def _rows_2017() -> tuple[_Row2017, ...]:
    return tuple(
        _Row2017(
            number=row["kommunenummer"],
            name=row["navn"],
            county_number=row["fylkesnummer"],
            county=row["fylke"],
            successor=row["kommunenummer_2024"],
        )
        for row in _read_csv(_FILE_2017)
    )


@lru_cache(maxsize=1)
def _shipped_language_forms() -> dict[str, str]:
    return {
        row["kommunenummer"]: normalise_language_form(row["malform"], number=row["kommunenummer"])
        for row in _read_csv(_FILE_LANGUAGE)
    }


@lru_cache(maxsize=1)
def _default_registry() -> Registry:
    return _build_registry({})


def _build_registry(overrides: dict[str, str]) -> Registry:
    forms = {**_shipped_language_forms(), **overrides}
    predecessors: dict[str, list[str]] = {}
    for old in _rows_2017():
        predecessors.setdefault(old.successor, []).append(old.number)
    current = [
        Municipality(
            number=row.number,
            name=row.name,
            other_names=row.other_names,
            county_number=row.county_number,
            county=row.county,
            valid_from=CURRENT_FROM,
            valid_to=None,
            successors=(),
            predecessors=tuple(sorted(predecessors.get(row.number, ()))),
            language_form=forms.get(row.number, "ukjent"),
        )
        for row in _rows_2024()
    ]
    current_forms = {m.number: m.language_form for m in current}
    historical = [
        Municipality(
            number=row.number,
            name=row.name,
            other_names=(),
            county_number=row.county_number,
            county=row.county,
            valid_from=None,
            valid_to=HISTORICAL_TO,
            successors=(row.successor,),
            predecessors=(),
            # The data gives one successor per old municipality; inherit its form.
            language_form=forms.get(row.number, current_forms.get(row.successor, "ukjent")),
        )
        for row in _rows_2017()
    ]
    return Registry(current + historical)


def _fold_name(text: str) -> str:
    return " ".join(fold(str(text)).replace("-", " ").split())


def _match_rank(query: str, names: tuple[str, ...]) -> int | None:
    best: int | None = None
    for name in names:
        folded = _fold_name(name)
        if folded == query:
            rank = 0
        elif f" {query}" in f" {folded}":  # a word of the name starts with it
            rank = 1
        elif query in folded:
            rank = 2
        else:
            continue
        best = rank if best is None else min(best, rank)
    return best
