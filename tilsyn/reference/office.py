"""The County Governor offices (Fylkesmannen, from 2021 Statsforvalteren) since 2013.

Reads ``tilsyn/data/kontorer.csv`` (see ``tilsyn/data/README-kontorer.md``): one
record per office per name period, with a stable id (``fm-aust-agder``,
``sf-agder``), names in bokmål and nynorsk, validity, predecessors and successors,
and the county numbers it covered in that period, as they were numbered then.

The office responsible for a municipality on a date is found from the county
number of the municipality number valid on that date (:func:`office_for`). Names are
data, not code: a renaming is a new record whose predecessor is the old one, and
:func:`office_name_on` follows such links to give the name in use on a date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from tilsyn.errors import NotFoundError, UsageError
from tilsyn.reference._data import (
    ONE_DAY,
    ReferenceDataError,
    as_day,
    check_period,
    covers,
    period_text,
    read_rows,
    refuse_before_register,
    walk_to,
)
from tilsyn.reference.municipalities import municipality_history
from tilsyn.text import fold

FILENAME = "kontorer.csv"
_COLUMNS = (
    "id",
    "navn",
    "navn_nynorsk",
    "gyldig_fra",
    "gyldig_til",
    "forgjengere",
    "etterfolgere",
    "fylker",
    "bekreftet",
    "kilde",
    "merknad",
)
_TITLES = ("fylkesmannen i ", "statsforvalteren i ", "statsforvaltaren i ")


@dataclass(frozen=True)
class Office:
    """One office under one name during one period."""

    id: str
    """Stable ascii slug: ``fm-`` (Fylkesmannen) or ``sf-`` (Statsforvalteren) + region."""
    name: str
    """Bokmål: ``"Fylkesmannen i Aust- og Vest-Agder"``."""
    name_nynorsk: str
    """Nynorsk: ``"Statsforvaltaren i Vestland"`` ("Fylkesmannen" is the same word)."""
    valid_from: date
    """First day under this name (2013-01-01 for offices older than the register)."""
    valid_to: date | None
    """Last day under this name; None while in force."""
    predecessors: tuple[str, ...]
    """Ids of the records this one continued (merged offices or the old name)."""
    successors: tuple[str, ...]
    """Ids of the records that continued this one."""
    counties: tuple[str, ...]
    """County numbers covered in the period, as numbered then (``"09" "10" "42"``)."""
    confirmed: bool
    """False where a date or name could not be confirmed in the sources (see ``note``)."""
    source: str
    note: str

    @property
    def region(self) -> str:
        """The part after the title: ``"Aust- og Vest-Agder"``."""
        return self.name.split(" i ", 1)[1] if " i " in self.name else self.name

    def name_in(self, *, nynorsk: bool = False) -> str:
        """The name in bokmål or nynorsk."""
        return self.name_nynorsk if nynorsk else self.name

    def valid_on(self, on: date) -> bool:
        """True if the office had this name on ``on``."""
        return covers(self.valid_from, self.valid_to, as_day(on))


def _key(text: str) -> str:
    # fold() handles case and æøå; hyphens and commas are ignored so that
    # "aust og vest agder" finds "Aust- og Vest-Agder".
    return " ".join(fold(text).replace("-", " ").replace(",", " ").split())


class OfficeRegister:
    """All office records, looked up by id, name, county and date."""

    def __init__(self, offices: list[Office]) -> None:
        self._offices = tuple(sorted(offices, key=lambda o: (o.valid_from, o.id)))
        self._by_id = {o.id: o for o in self._offices}
        if len(self._by_id) != len(self._offices):
            raise ReferenceDataError(f"{FILENAME}: samme id brukt flere ganger")

    def all(self) -> tuple[Office, ...]:
        """Every record, oldest first."""
        return self._offices

    def in_force_on(self, on: date) -> tuple[Office, ...]:
        """The offices in force on ``on``."""
        on = as_day(on)
        refuse_before_register(on, "kontorregister")
        return tuple(o for o in self._offices if o.valid_on(on))

    def get(self, office_id: str) -> Office:
        """The record with this id; refuses an unknown id with the closest ids."""
        key = str(office_id).strip()
        if key in self._by_id:
            return self._by_id[key]
        import difflib

        close = difflib.get_close_matches(key, list(self._by_id), n=3, cutoff=0.6)
        hint = f" Mente du: {', '.join(close)}?" if close else ""
        raise NotFoundError(f"Finner ikke kontor-id «{key}» i kontorregisteret.{hint}")

    def successors_of(self, office: Office) -> tuple[Office, ...]:
        """The records that continued ``office``."""
        return tuple(self._by_id[i] for i in office.successors)

    def predecessors_of(self, office: Office) -> tuple[Office, ...]:
        """The records ``office`` continued."""
        return tuple(self._by_id[i] for i in office.predecessors)

    def office_on(self, office_id: str, on: date) -> Office:
        """The record of the office ``office_id`` in force on ``on``.

        Follows renamings (Fylkesmannen i Agder → Statsforvalteren i Agder) and mergers
        seen forward (Fylkesmannen i Aust-Agder in 2017 → Fylkesmannen i Aust- og
        Vest-Agder). Going back across a merger is ambiguous (Statsforvalteren i
        Vestland in 2015 was two offices) and refused with the candidates.
        """
        office = self.get(office_id)
        on = as_day(on)
        refuse_before_register(on, "kontorregister")
        found = walk_to(office, on, forward=self.successors_of, backward=self.predecessors_of)
        if len(found) == 1:
            return found[0]
        when = period_text(office.valid_from, office.valid_to)
        if found:
            listed = ", ".join(o.name for o in sorted(found, key=lambda o: o.id))
            raise NotFoundError(
                f"{office.name} ({when}) fantes ikke {on.isoformat()}; da var det flere "
                f"kontorer: {listed}. Velg kontoret som var ansvarlig for kommunen på datoen."
            )
        raise NotFoundError(
            f"{office.name} ({when}) har ingen forgjenger eller etterfølger i registeret "
            f"{on.isoformat()}."
        )

    def office_for(self, municipality_number: str | int, on: date) -> Office:
        """The office responsible on ``on`` for the municipality number valid then.

        The municipality number must be the one valid on ``on`` (see
        :func:`tilsyn.reference.municipality_on`, which refuses it otherwise).
        """
        on = as_day(on)
        municipality = municipality_history().municipality_on(municipality_number, on)
        county = municipality.county_number
        found = [o for o in self._offices if o.valid_on(on) and county in o.counties]
        if len(found) != 1:
            # The tests check every municipality on every 1 July: this is a data bug.
            raise ReferenceDataError(
                f"{FILENAME}: fylke {county} har {len(found)} kontorer {on.isoformat()}"
            )
        return found[0]

    def find(self, name: str, *, on: date | None = None) -> Office:
        """The office a user means by ``name`` (full name, region or id).

        ``"Statsforvalteren i Vestland"``, ``"statsforvaltaren i vestland"``,
        ``"vestland"``, ``"fylkesmannen i agder"`` and ``"sf-agder"`` are all accepted,
        ignoring case, æ/ø/å spelt ae/o/a, and hyphens. A full name or id gives that
        record. A region alone (or a title that did not exist then) gives the record
        in force on ``on`` if given, else the newest record for that region; use
        :meth:`office_on` to get the name valid on a document's date. A name that
        matches nothing is refused with the closest names.
        """
        typed = _key(name)
        if not typed:
            raise UsageError("Skriv navnet på kontoret, for eksempel «Statsforvalteren i Agder».")
        day = as_day(on) if on is not None else None
        raw = str(name).strip().lower()
        for office in self._offices:
            if raw == office.id or typed in {_key(office.name), _key(office.name_nynorsk)}:
                return office
        region = typed
        for title in _TITLES:
            if region.startswith(title):
                region = region[len(title) :]
                break
        matches = [o for o in self._offices if _key(o.region) == region]
        if matches:
            if day is not None:
                current = [o for o in matches if o.valid_on(day)]
                if current:
                    return current[0]
            return max(matches, key=lambda o: o.valid_from)
        raise NotFoundError(self._unknown_name_message(name, typed, region))

    def _unknown_name_message(self, name: str, typed: str, region: str) -> str:
        import difflib

        # Every spelling a user might mean (full names in both language forms, regions)
        # → the newest office it stands for; suggestions show that office's name.
        newest: dict[str, Office] = {}
        for office in self._offices:
            for key in (_key(office.name), _key(office.name_nynorsk), _key(office.region)):
                if key not in newest or office.valid_from > newest[key].valid_from:
                    newest[key] = office
        keys = difflib.get_close_matches(typed, list(newest), n=6, cutoff=0.6)
        keys += difflib.get_close_matches(region, list(newest), n=6, cutoff=0.6)
        suggestions = list(dict.fromkeys(newest[key].name for key in keys))[:3]
        shown = str(name).strip()
        if suggestions:
            return (
                f"Finner ikke noe kontor som heter «{shown}». Mente du: {', '.join(suggestions)}?"
            )
        today = [o.name for o in self._offices if o.valid_to is None]
        return (
            f"Finner ikke noe kontor som heter «{shown}». Kontorene i dag er: "
            f"{', '.join(sorted(today))}. Eldre kontorer (Fylkesmannen i ...) kan også brukes."
        )


def load_register() -> OfficeRegister:
    """Read and check the shipped file (uncached; use :func:`office_register`)."""
    offices: list[Office] = []
    for row in read_rows(FILENAME, _COLUMNS):
        office_id = row.text("id")
        if not office_id.isascii() or office_id != office_id.lower() or " " in office_id:
            raise row.fail("id", f"«{office_id}» må være en ascii-slug med små bokstaver")
        valid_from = row.day("gyldig_fra")
        valid_to = row.optional_day("gyldig_til")
        check_period(row, valid_from, valid_to)
        counties = row.words("fylker")
        if not counties or not all(c.isdigit() and len(c) == 2 for c in counties):
            raise row.fail("fylker", "må være fylkesnumre med to siffer, skilt med mellomrom")
        offices.append(
            Office(
                id=office_id,
                name=row.text("navn"),
                name_nynorsk=row.text("navn_nynorsk"),
                valid_from=valid_from,
                valid_to=valid_to,
                predecessors=row.words("forgjengere"),
                successors=row.words("etterfolgere"),
                counties=counties,
                confirmed=row.yes_no("bekreftet"),
                source=row.text("kilde"),
                note=row.text("merknad", required=False),
            )
        )
    register = OfficeRegister(offices)
    _check_links(register)
    return register


def _check_links(register: OfficeRegister) -> None:
    by_id = {o.id: o for o in register.all()}
    for office in register.all():
        for succ_id in office.successors:
            successor = by_id.get(succ_id)
            if successor is None or office.id not in successor.predecessors:
                raise ReferenceDataError(
                    f"{FILENAME}: {office.id} har etterfølger {succ_id} uten tilbakelenke"
                )
            if office.valid_to is None or successor.valid_from != office.valid_to + ONE_DAY:
                raise ReferenceDataError(
                    f"{FILENAME}: {succ_id} begynner ikke dagen etter at {office.id} sluttet"
                )
        for pred_id in office.predecessors:
            predecessor = by_id.get(pred_id)
            if predecessor is None or office.id not in predecessor.successors:
                raise ReferenceDataError(
                    f"{FILENAME}: {office.id} har forgjenger {pred_id} uten tilbakelenke"
                )
        if office.valid_to is not None and not office.successors:
            raise ReferenceDataError(f"{FILENAME}: {office.id} sluttet uten etterfølger")


@cache
def office_register() -> OfficeRegister:
    """The shipped office register, read on first use."""
    return load_register()


# --- module-level API (the shipped register) --------------------------------------


def offices() -> tuple[Office, ...]:
    """Every office record since 2013, oldest first."""
    return office_register().all()


def offices_on(on: date) -> tuple[Office, ...]:
    """The offices in force on ``on``."""
    return office_register().in_force_on(on)


def get_office(office_id: str) -> Office:
    """The record with this id (refused with the closest ids if unknown)."""
    return office_register().get(office_id)


def office_for(municipality_number: str | int, on: date) -> Office:
    """The office responsible on ``on`` for the municipality number valid on that date."""
    return office_register().office_for(municipality_number, on)


def find_office(name: str, *, on: date | None = None) -> Office:
    """The office a typed name means; refused with the closest names if none matches."""
    return office_register().find(name, on=on)


def office_on(office_id: str, on: date) -> Office:
    """The record of office ``office_id`` in force on ``on`` (following renamings)."""
    return office_register().office_on(office_id, on)


def office_name_on(office_id: str, on: date, *, nynorsk: bool = False) -> str:
    """The office's name on ``on``, including the Fylkesmannen → Statsforvalteren renaming."""
    return office_on(office_id, on).name_in(nynorsk=nynorsk)


def office_predecessors(office_id: str) -> tuple[Office, ...]:
    """The records the office continued (merged offices or its previous name)."""
    register = office_register()
    return register.predecessors_of(register.get(office_id))


def office_successors(office_id: str) -> tuple[Office, ...]:
    """The records that continued the office."""
    register = office_register()
    return register.successors_of(register.get(office_id))
