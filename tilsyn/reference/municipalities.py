"""Norwegian municipalities through time: the number and name valid on a date.

Reads ``tilsyn/data/kommuner-historikk.csv`` (every municipality number and name in
force from 2013-01-01, with validity periods and successors; see
``shared/data/README.md``). One number can have several rows when only the name
changed (1826 Hattfjelldal → Aarborte - Hattfjelldal → Hattfjelldal).

A municipality is identified by the number valid on the date in question. The
succession links are for finding that number and for display: statistics must count
each municipality under its own number and never fold a municipality into a later
merger (Kristiansand 2013 and Søgne 2016 are different municipalities).
"""

from __future__ import annotations

from collections import defaultdict
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
    read_rows,
    refuse_before_register,
    walk_to,
)
from tilsyn.text import fold

FILENAME = "kommuner-historikk.csv"
_COLUMNS = ("kommunenummer", "navn", "gyldig_fra", "gyldig_til", "etterfolgere")


@dataclass(frozen=True)
class Municipality:
    """One municipality number and name during one period.

    ``predecessors`` and ``successors`` are municipality numbers; use
    :func:`lineage` or :meth:`MunicipalityHistory.predecessors_of` for the records.
    """

    number: str
    """Four digits, zero-padded: ``"0301"``."""
    name: str
    """The official name in that period, without county qualifier (``"Herøy"`` occurs twice)."""
    valid_from: date
    valid_to: date | None
    """Last day in force; None while in force."""
    successors: tuple[str, ...]
    """Numbers that took over when this record ended: the same number after a renaming,
    one number after a renumbering or merger, several after a split."""
    predecessors: tuple[str, ...]
    """Numbers whose records ended and listed this number as successor (while this
    record was in force, possibly on its first day)."""

    @property
    def county_number(self) -> str:
        """The county number at the time: the first two digits of the number."""
        return self.number[:2]

    @property
    def label(self) -> str:
        """``"1702 Steinkjer"`` for messages and lists."""
        return f"{self.number} {self.name}"

    def valid_on(self, on: date) -> bool:
        """True if this number and name were in force on ``on``."""
        return covers(self.valid_from, self.valid_to, as_day(on))


@dataclass(frozen=True)
class Lineage:
    """A municipality number's periods and the municipalities before and after it."""

    number: str
    periods: tuple[Municipality, ...]
    """The number's own records, oldest first (several when the name changed)."""
    predecessors: tuple[Municipality, ...]
    """Records of other numbers that went directly into this number."""
    successors: tuple[Municipality, ...]
    """Records of other numbers that this number went directly into."""
    earlier: tuple[Municipality, ...]
    """All records of other numbers before this one, following predecessors back."""
    later: tuple[Municipality, ...]
    """All records of other numbers after this one, following successors forward."""


def normalise_number(value: str | int) -> str:
    """``"301"``/``301``/``" 0301 "`` → ``"0301"``; refuses anything else."""
    text = str(value).strip()
    if not text.isdigit() or len(text) > 4:
        raise UsageError(
            f"«{text}» er ikke et kommunenummer. Skriv fire siffer, for eksempel 0301."
        )
    return text.zfill(4)


def _fold_name(text: str) -> str:
    return " ".join(fold(text).replace("-", " ").split())


class MunicipalityHistory:
    """All municipality records, looked up by number and date."""

    def __init__(self, records: list[Municipality]) -> None:
        self._records = sorted(records, key=lambda m: (m.number, m.valid_from))
        self._by_number: dict[str, list[Municipality]] = defaultdict(list)
        for record in self._records:
            self._by_number[record.number].append(record)

    # --- plain lookups ---------------------------------------------------------

    def all(self) -> tuple[Municipality, ...]:
        """Every record, sorted by number and date."""
        return tuple(self._records)

    def periods(self, number: str | int) -> tuple[Municipality, ...]:
        """The records of one number, oldest first; empty if the number never existed."""
        return tuple(self._by_number.get(normalise_number(number), ()))

    def in_force_on(self, on: date) -> tuple[Municipality, ...]:
        """Every municipality in force on ``on``, sorted by number."""
        on = as_day(on)
        refuse_before_register(on, "kommuneregister")
        return tuple(m for m in self._records if m.valid_on(on))

    def record_on(self, number: str, on: date) -> Municipality | None:
        """The record of ``number`` in force on ``on``, or None."""
        for record in self._by_number.get(number, ()):
            if record.valid_on(on):
                return record
        return None

    def successors_of(self, record: Municipality) -> tuple[Municipality, ...]:
        """The records that took over the day after ``record`` ended."""
        if record.valid_to is None:
            return ()
        day = record.valid_to + ONE_DAY
        found = (self.record_on(number, day) for number in record.successors)
        return tuple(m for m in found if m is not None)

    def predecessors_of(self, record: Municipality) -> tuple[Municipality, ...]:
        """The records that listed ``record``'s number as successor and ended in its time."""
        found = []
        for number in record.predecessors:
            for candidate in self._by_number.get(number, ()):
                if (
                    candidate.valid_to is not None
                    and record.number in candidate.successors
                    and record.valid_on(candidate.valid_to + ONE_DAY)
                ):
                    found.append(candidate)
        return tuple(found)

    def _began_from(self, record: Municipality) -> tuple[Municipality, ...]:
        # Predecessors that ended the day before this record began (not later mergers
        # into a record already in force, such as Klæbu into 5001 Trondheim in 2020).
        return tuple(
            p for p in self.predecessors_of(record) if p.valid_to == record.valid_from - ONE_DAY
        )

    # --- by date ---------------------------------------------------------------

    def candidates_on(self, number: str | int, on: date) -> tuple[Municipality, ...]:
        """The records in force on ``on`` that correspond to ``number``.

        The number's own record when it was in force; otherwise the records reached by
        following successors forward or predecessors backward. Empty if the number
        never existed.
        """
        key = normalise_number(number)
        on = as_day(on)
        refuse_before_register(on, "kommuneregister")
        periods = self._by_number.get(key, [])
        if not periods:
            return ()
        own = self.record_on(key, on)
        if own is not None:
            return (own,)
        start = periods[-1] if on > periods[-1].valid_from else periods[0]
        found = walk_to(start, on, forward=self.successors_of, backward=self._began_from)
        return tuple(sorted(found, key=lambda m: m.number))

    def municipality_on(self, number: str | int, on: date) -> Municipality:
        """The municipality with ``number`` in force on ``on``; refused otherwise.

        The refusal names the number, its period and the date, and says which number
        was valid then (or lists the candidates when that is not unambiguous).
        """
        key = normalise_number(number)
        on = as_day(on)
        refuse_before_register(on, "kommuneregister")
        periods = self._by_number.get(key)
        if not periods:
            raise NotFoundError(
                f"Finner ingen kommune med nummer {key} i perioden fra 2013. "
                "Søk etter navnet for å finne nummeret."
            )
        own = self.record_on(key, on)
        if own is not None:
            return own
        raise NotFoundError(self._not_valid_message(key, on))

    def _not_valid_message(self, key: str, on: date) -> str:
        periods = self._by_number[key]
        first, last = periods[0], periods[-1]
        if on < first.valid_from:
            head = (
                f"Kommunenummer {key} ({first.name}) gjaldt først fra "
                f"{first.valid_from.isoformat()} og kan ikke brukes for {on.isoformat()}."
            )
        else:
            assert last.valid_to is not None
            head = (
                f"Kommunenummer {key} ({last.name}) gjaldt til {last.valid_to.isoformat()} "
                f"og kan ikke brukes for {on.isoformat()}."
            )
        candidates = self.candidates_on(key, on)
        if len(candidates) == 1:
            return f"{head} På den datoen var nummeret {candidates[0].label}."
        if candidates:
            listed = ", ".join(m.label for m in candidates)
            return (
                f"{head} På den datoen var området delt på flere kommuner: {listed}. "
                "Bruk nummeret til den kommunen tilsynet gjelder."
            )
        return f"{head} Finner ikke hvilket nummer som gjaldt da."

    def number_on(self, number: str | int, on: date) -> str:
        """The number valid on ``on`` for the municipality known as ``number``.

        Follows successors forward and predecessors backward while that is
        unambiguous (a merger seen forward, a renumbering or renaming either way).
        A split forward or a merger backward is refused with the candidates listed.
        """
        key = normalise_number(number)
        on = as_day(on)
        if not self._by_number.get(key):
            # Same refusal as municipality_on for an unknown number.
            self.municipality_on(key, on)
        candidates = self.candidates_on(key, on)
        if len(candidates) == 1:
            return candidates[0].number
        raise NotFoundError(self._not_valid_message(key, on))

    # --- search and display ----------------------------------------------------

    def search(self, text: str) -> list[Municipality]:
        """Records of all periods whose number starts with ``text`` or name contains it.

        Matching ignores case, accents, æ/ø/å written ae/o/a, and hyphens; each part of
        a Sami/Kven double name (``"Guovdageaidnu - Kautokeino"``) is matched too.
        Exact name matches come first, then names starting with the text, then the
        rest; within each, records in force now first, then by number and date.
        """
        query = _fold_name(text)
        if not query:
            raise UsageError("Skriv et kommunenummer eller (en del av) et kommunenavn.")
        if query.isdigit():
            return [m for m in self._records if m.number.startswith(query)]
        ranked: list[tuple[int, bool, str, date, Municipality]] = []
        for record in self._records:
            names = [_fold_name(record.name), *(_fold_name(p) for p in record.name.split(" - "))]
            if query in names:
                rank = 0
            elif any(name.startswith(query) for name in names):
                rank = 1
            elif any(query in name for name in names):
                rank = 2
            else:
                continue
            ranked.append(
                (rank, record.valid_to is not None, record.number, record.valid_from, record)
            )
        ranked.sort(key=lambda item: item[:4])
        return [item[4] for item in ranked]

    def lineage(self, number: str | int) -> Lineage:
        """The number's periods with its direct and transitive predecessors and successors."""
        key = normalise_number(number)
        periods = tuple(self._by_number.get(key, ()))
        if not periods:
            raise NotFoundError(
                f"Finner ingen kommune med nummer {key} i perioden fra 2013. "
                "Søk etter navnet for å finne nummeret."
            )
        direct_before = _unique(
            p for record in periods for p in self.predecessors_of(record) if p.number != key
        )
        direct_after = _unique(
            s for record in periods for s in self.successors_of(record) if s.number != key
        )
        earlier = [m for m in _closure(direct_before, self._all_before) if m.number != key]
        later = [m for m in _closure(direct_after, self.successors_of) if m.number != key]
        return Lineage(
            number=key,
            periods=periods,
            predecessors=direct_before,
            successors=direct_after,
            earlier=tuple(sorted(earlier, key=lambda m: (m.valid_from, m.number))),
            later=tuple(sorted(later, key=lambda m: (m.valid_from, m.number))),
        )

    def _all_before(self, record: Municipality) -> tuple[Municipality, ...]:
        # Predecessors plus the earlier periods of the same number (a renaming).
        same = tuple(p for p in self._by_number[record.number] if p.valid_from < record.valid_from)
        return self.predecessors_of(record) + same


def _unique(records) -> tuple[Municipality, ...]:
    out: list[Municipality] = []
    for record in records:
        if record not in out:
            out.append(record)
    return tuple(out)


def _closure(start: tuple[Municipality, ...], step) -> list[Municipality]:
    seen: list[Municipality] = []
    pending = list(start)
    while pending:
        record = pending.pop()
        if record in seen:
            continue
        seen.append(record)
        pending.extend(step(record))
    return seen


def load_history() -> MunicipalityHistory:
    """Read and check the shipped file (uncached; use :func:`municipality_history`)."""
    raw: list[tuple[str, str, date, date | None, tuple[str, ...], int]] = []
    for row in read_rows(FILENAME, _COLUMNS):
        number = row.text("kommunenummer")
        if not (number.isdigit() and len(number) == 4):
            raise row.fail("kommunenummer", f"«{number}» er ikke fire siffer")
        valid_from = row.day("gyldig_fra")
        valid_to = row.optional_day("gyldig_til")
        check_period(row, valid_from, valid_to)
        successors = row.words("etterfolgere")
        if (valid_to is None) != (not successors):
            raise row.fail("etterfolgere", "en kommune som opphørte må ha etterfølger(e)")
        raw.append((number, row.text("navn"), valid_from, valid_to, successors, row.line))
    predecessors: dict[tuple[str, date], list[str]] = defaultdict(list)
    by_number: dict[str, list[tuple[date, date | None]]] = defaultdict(list)
    for number, _name, valid_from, valid_to, _succ, _line in raw:
        by_number[number].append((valid_from, valid_to))
    for number, _name, _from, valid_to, successors, line in raw:
        if valid_to is None:
            continue
        day = valid_to + ONE_DAY
        for successor in successors:
            target = next(
                (start for start, end in by_number.get(successor, []) if covers(start, end, day)),
                None,
            )
            if target is None:
                raise ReferenceDataError(
                    f"{FILENAME} linje {line}: etterfølger {successor} gjaldt ikke {day}"
                )
            if number not in predecessors[(successor, target)]:
                predecessors[(successor, target)].append(number)
    records = [
        Municipality(
            number=number,
            name=name,
            valid_from=valid_from,
            valid_to=valid_to,
            successors=successors,
            predecessors=tuple(sorted(predecessors.get((number, valid_from), []))),
        )
        for number, name, valid_from, valid_to, successors, _line in raw
    ]
    return MunicipalityHistory(records)


@cache
def municipality_history() -> MunicipalityHistory:
    """The shipped municipality history, read on first use."""
    return load_history()


# --- module-level API (the default, shipped history) -----------------------------


def municipality_on(number: str | int, on: date) -> Municipality:
    """The municipality with ``number`` in force on ``on``.

    Raises :class:`~tilsyn.errors.NotFoundError` naming the number, its period and the
    date and the number valid then, e.g. "Kommunenummer 1702 (Steinkjer) gjaldt til
    2017-12-31 og kan ikke brukes for 2018-03-01. På den datoen var nummeret 5004
    Steinkjer." A malformed number or a date before 2013 raises
    :class:`~tilsyn.errors.UsageError`.
    """
    return municipality_history().municipality_on(number, on)


def number_on(number: str | int, on: date) -> str:
    """The number valid on ``on`` for ``number`` where unambiguous (see the class method)."""
    return municipality_history().number_on(number, on)


def municipalities_on(on: date) -> tuple[Municipality, ...]:
    """Every municipality in force on ``on``."""
    return municipality_history().in_force_on(on)


def search(text: str) -> list[Municipality]:
    """Search all periods by number prefix or (part of a) name; see the class method."""
    return municipality_history().search(text)


def lineage(number: str | int) -> Lineage:
    """Predecessors and successors of a number, for display (not for merging statistics)."""
    return municipality_history().lineage(number)
