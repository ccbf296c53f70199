"""``tilsyn historikk importer``: past audits in bulk from a spreadsheet.

One row per audit and requirement::

    kommunenummer,ar,sjekkliste,krav,utfall[,kontor,saksnummer,endelig_dato,lukket_dato]

Rows with the same municipality, year, checklist and case number (blank counts as one)
make one audit. Municipality numbers are those valid in that year (the register of
municipalities through time): a number that was not valid then is refused, naming the
number that was. ``kontor`` defaults to the office the register gives for the
municipality that year.

The whole file is checked first and every problem is reported with its row and column;
then every audit is written in one transaction, or nothing is. The audits are stored
closed and read-only, marked as imported (``origin`` = ``importert``), with their
conclusions per requirement, the final report and closing dates when given, one log
entry each naming the file and rows, and where they came from (``history_imports``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tilsyn.app.tabular import TableFile, describe_rows, read_table
from tilsyn.errors import NotFoundError, TilsynError, UsageError

if TYPE_CHECKING:
    from tilsyn.app.context import AppContext
    from tilsyn.checklist.model import Checklist
    from tilsyn.reference import Municipality

REQUIRED = ("kommunenummer", "ar", "sjekkliste", "krav", "utfall")
OPTIONAL = ("kontor", "saksnummer", "endelig_dato", "lukket_dato")
ALIASES = {"kommunenr": "kommunenummer", "kommune_nr": "kommunenummer", "aar": "ar"}
OUTCOMES = {"lovbrudd": "lovbrot", "merknad": "merknad", "ingen": "ingen funn"}
"""Outcome → another accepted spelling (nynorsk, or as written in reports)."""


# --- municipalities and offices in a year ----------------------------------------------


def municipality_in_year(raw: str, year: int) -> Municipality:
    """The municipality with number ``raw`` as it was in ``year`` (the record in force
    during the year; the latest if several). A number not valid that year is refused,
    naming the number(s) valid then."""
    from tilsyn.reference import REGISTER_START, municipality_history, normalise_number

    number = normalise_number(raw)
    if year < REGISTER_START.year:
        raise UsageError(
            f"{year} er før {REGISTER_START.year}; registeret over kommuner (og kontorer) "
            f"begynner {REGISTER_START.isoformat()}."
        )
    history = municipality_history()
    periods = history.periods(number)
    if not periods:
        raise NotFoundError(
            f"finner ingen kommune med nummer {number} (fra {REGISTER_START.year} til i dag). "
            "Søk med: tilsyn kommune finn NAVN"
        )
    start, end = date(year, 1, 1), date(year, 12, 31)
    inside = [
        m for m in periods if m.valid_from <= end and (m.valid_to is None or m.valid_to >= start)
    ]
    if inside:
        return inside[-1]
    first, last = periods[0], periods[-1]
    span = (
        f"gjaldt først fra {first.valid_from.year}"
        if end < first.valid_from
        else f"gjaldt til og med {last.valid_to.year}"  # type: ignore[union-attr]
    )
    head = f"kommunenummer {number} ({last.name}) {span}, ikke i {year}."
    candidates = history.candidates_on(number, date(year, 7, 1))
    if len(candidates) == 1:
        return_hint = f" I {year} var nummeret {candidates[0].label}: bruk det."
    elif candidates:
        listed = ", ".join(m.label for m in candidates)
        return_hint = (
            f" I {year} var området flere kommuner: {listed}. Bruk nummeret til den kommunen "
            "tilsynet gjaldt."
        )
    else:
        return_hint = " Søk med: tilsyn kommune finn NAVN"
    raise NotFoundError(head + return_hint)


def reference_day(m: Municipality, year: int) -> date:
    """A day in ``year`` when ``m`` was in force (1 July when it was)."""
    day = date(year, 7, 1)
    if day < m.valid_from:
        day = m.valid_from
    if m.valid_to is not None and day > m.valid_to:
        day = m.valid_to
    return day


def office_in_year(typed: str, m: Municipality, year: int) -> str:
    """The register id of the office a user names, as it was in ``year``; blank: the
    office the register gives for the municipality then."""
    from tilsyn.reference import find_office, office_for, office_on
    from tilsyn.text import guard_text

    on = reference_day(m, year)
    typed = guard_text(typed, where="kontor", max_length=200) or ""
    if not typed.strip():
        return office_for(m.number, on).id
    office = find_office(typed, on=on)
    if office.valid_on(on):
        return office.id
    try:
        return office_on(office.id, on).id
    except TilsynError:
        raise NotFoundError(
            f"«{typed.strip()}» er ikke et kontor som fantes i {year} (kontorregisteret)."
        ) from None


def year_in_checklist(_typed: str, *, cl: Checklist, year: int) -> None:
    """A table cell check: refuse the year when the checklist could not be used then."""
    refuse_year_outside_checklist(cl, year)


def refuse_year_outside_checklist(cl: Checklist, year: int) -> None:
    """Refuse a year in which the checklist could not be used (its period, transitional
    rules included)."""
    first = cl.validity.valid_from.year
    until = cl.usable_until()
    last = until.year if until else None
    if year < first or (last is not None and year > last):
        period = f"{first}–{last}" if last else f"fra {first}"
        raise UsageError(f"sjekklisten {cl.id} kan brukes {period}, ikke i {year}.")


def parse_year(text: str) -> int:
    from tilsyn.reference import REGISTER_START

    value = text.strip()
    if not value.isdigit() or len(value) != 4:
        raise UsageError(f"«{value}» er ikke et årstall (skriv f.eks. 2014).")
    year = int(value)
    if year < REGISTER_START.year or year > date.today().year:
        raise UsageError(
            f"{year} er utenfor {REGISTER_START.year}–{date.today().year} (registeret over "
            f"kommuner og kontorer begynner {REGISTER_START.year})."
        )
    return year


# --- the import ------------------------------------------------------------------------


@dataclass
class PlannedAudit:
    """One audit the file describes."""

    rows: list[int]
    municipality: Municipality
    year: int
    checklist: Checklist
    case_number: str | None
    office_id: str
    final_report: date | None
    closed: date | None
    office_given: bool = False
    """The file named the office (else the register's office for the municipality)."""
    conclusions: dict[str, str] = field(default_factory=dict)
    """Requirement → outcome, in file order."""

    @property
    def violations(self) -> int:
        return sum(1 for o in self.conclusions.values() if o == "lovbrudd")


@dataclass
class HistoryImportResult:
    """What an import did (or would do, with ``dry_run``)."""

    file: str
    sha256: str
    dry_run: bool
    audits: list[PlannedAudit]
    ids: list[int] = field(default_factory=list)

    @property
    def municipalities(self) -> int:
        return len({a.municipality.number for a in self.audits})

    @property
    def violations(self) -> int:
        return sum(a.violations for a in self.audits)

    @property
    def requirements(self) -> int:
        return sum(len(a.conclusions) for a in self.audits)


def _checklists(ctx: AppContext, table: TableFile) -> dict[str, Checklist | None]:
    from tilsyn.text import fold

    out: dict[str, Checklist | None] = {}
    for row in table.rows:
        key = fold(row.get("sjekkliste"))
        if key in out:
            continue
        try:
            out[key] = ctx.checklist(row.get("sjekkliste")) if key else None
        except TilsynError as exc:
            out[key] = None
            table.problem(row, "sjekkliste", exc.message)
        if not key:
            table.problem(row, "sjekkliste", "mangler sjekklistens id (f.eks. helarig-fulltid)")
    return out


def _merge_audit_fields(
    table: TableFile,
    number: int,
    plan: PlannedAudit,
    office: str,
    typed_office: bool,
    final: date | None,
    closed: date | None,
) -> None:
    """Another row of an audit: its audit-wide fields (office, dates) may be blank, but
    when given they must agree with the other rows."""
    where = f"samme tilsyn (rad {describe_rows(plan.rows)})"
    for column, mine, attr in (
        ("kontor", office if typed_office else None, "office_id"),
        ("endelig_dato", final, "final_report"),
        ("lukket_dato", closed, "closed"),
    ):
        if mine is None:
            continue
        theirs = getattr(plan, attr)
        given = plan.office_given if column == "kontor" else theirs is not None
        if not given:
            setattr(plan, attr, mine)
            if column == "kontor":
                plan.office_given = True
        elif mine != theirs:
            table.problem(
                number,
                column,
                f"{where} har en annen verdi; {column} gjelder hele tilsynet og må være lik "
                "på radene der den står.",
            )


def _parse_rows(ctx: AppContext, table: TableFile) -> list[PlannedAudit]:
    from tilsyn.audit.calendar import parse_date
    from tilsyn.text import choose, fold, guard_text

    checklists = _checklists(ctx, table)
    today = date.today()
    groups: dict[tuple[str, int, str, str], PlannedAudit] = {}
    first_row: dict[tuple[Any, ...], int] = {}
    for row in table.rows:
        year = table.check(row, "ar", parse_year)
        cl = checklists.get(fold(row.get("sjekkliste")))
        m = None
        if not row.get("kommunenummer"):
            table.problem(row, "kommunenummer", "mangler kommunenummer")
        elif year is not None:
            m = table.check(row, "kommunenummer", partial(municipality_in_year, year=year))
        if cl is not None and year is not None:
            table.check(row, "ar", partial(year_in_checklist, cl=cl, year=year))
        ref = None
        if cl is not None:
            if not row.get("krav"):
                table.problem(row, "krav", "mangler kravets id (f.eks. A1)")
            else:
                req = table.check(row, "krav", cl.requirement_by_ref)
                ref = req.ref_id if req is not None else None
        outcome = None
        if not row.get("utfall"):
            table.problem(row, "utfall", "mangler utfall (lovbrudd, merknad eller ingen)")
        else:
            outcome = table.check(row, "utfall", lambda v: choose(v, OUTCOMES, what="utfall"))
        case = table.check(
            row, "saksnummer", lambda v: guard_text(v or None, where="saksnummer", max_length=100)
        )
        final = closed = None
        if row.get("endelig_dato"):
            final = table.check(row, "endelig_dato", lambda v: parse_date(v, what="endelig_dato"))
        if row.get("lukket_dato"):
            closed = table.check(row, "lukket_dato", lambda v: parse_date(v, what="lukket_dato"))
        if final is not None and year is not None:
            if final.year < year or final.year > year + 1:
                table.problem(
                    row,
                    "endelig_dato",
                    f"{final.isoformat()} passer ikke med året {year}: den endelige rapporten "
                    "kommer samme år som tilsynet eller året etter.",
                )
            elif final > today:
                table.problem(row, "endelig_dato", f"{final.isoformat()} er fram i tid.")
        if closed is not None:
            if closed > today:
                table.problem(row, "lukket_dato", f"{closed.isoformat()} er fram i tid.")
            elif year is not None and closed.year < year:
                table.problem(row, "lukket_dato", f"{closed.isoformat()} er før året {year}.")
        office = None
        if m is not None and year is not None:
            office = table.check(row, "kontor", partial(office_in_year, m=m, year=year))
        if None in (m, year, cl, ref, outcome, office) or (case is None and row.get("saksnummer")):
            continue
        assert m is not None and year is not None and cl is not None and ref and outcome
        assert office is not None
        key = (m.number, year, cl.id, case or "")
        typed_office = bool(row.get("kontor"))
        plan = groups.get(key)
        if plan is None:
            plan = groups[key] = PlannedAudit(
                [], m, year, cl, case, office, final, closed, office_given=typed_office
            )
        else:
            _merge_audit_fields(table, row.number, plan, office, typed_office, final, closed)
        if ref in plan.conclusions:
            table.problem(
                row,
                "krav",
                f"krav {ref} står allerede for dette tilsynet (rad {first_row[(*key, ref)]}). "
                "Ett krav per rad; skill to tilsyn i samme kommune og år med saksnummer.",
            )
            continue
        first_row[(*key, ref)] = row.number
        plan.conclusions[ref] = outcome
        plan.rows.append(row.number)
    for plan in groups.values():
        if plan.closed and plan.final_report and plan.closed < plan.final_report:
            table.problem(
                describe_rows(plan.rows),
                "lukket_dato",
                f"{plan.closed.isoformat()} er før endelig_dato {plan.final_report.isoformat()}.",
            )
    return list(groups.values())


def _refuse_existing(ctx: AppContext, table: TableFile, plans: list[PlannedAudit]) -> None:
    """An audit of the same municipality, checklist and year is already in the store
    (imported or not): counting both would count one audit twice."""
    existing: dict[tuple[str, str, int], list[tuple[int, str | None, str | None]]] = defaultdict(
        list
    )
    for aid, number, cid, year, case, origin in ctx.store.stats.audit_keys():
        existing[(number, cid, year)].append((aid, case, origin))
    for plan in plans:
        for aid, case, origin in existing.get(
            (plan.municipality.number, plan.checklist.id, plan.year), []
        ):
            if case and plan.case_number and case != plan.case_number:
                continue
            kind = "importert" if origin == "importert" else "registrert"
            table.problem(
                describe_rows(plan.rows),
                None,
                f"tilsyn {aid} ({kind}) gjelder allerede {plan.municipality.label}, "
                f"{plan.checklist.id}, {plan.year}. Fjern radene (de er kanskje importert før), "
                "eller skill tilsynene med ulikt saksnummer.",
            )


def import_history(ctx: AppContext, path: Path, *, dry_run: bool = False) -> HistoryImportResult:
    """Check the whole file, then create every audit in it in one transaction (or, with
    ``dry_run``, nothing). Raises :class:`~tilsyn.app.tabular.ImportRejected` listing
    every problem with its row and column."""
    from tilsyn.stats.places import county_name
    from tilsyn.stats.rows import NewHistoricAudit

    table = read_table(
        path,
        what="historikkfilen",
        required=REQUIRED,
        optional=OPTIONAL,
        aliases=ALIASES,
    )
    plans = _parse_rows(ctx, table)
    if not table.problems:
        _refuse_existing(ctx, table, plans)
    table.reject_if_problems("historikkfilen")
    result = HistoryImportResult(table.name, table.sha256, dry_run, plans)
    if dry_run:
        return result
    new = [
        NewHistoricAudit(
            municipality_number=p.municipality.number,
            municipality_name=p.municipality.name,
            county=county_name(p.municipality.number),
            checklist=p.checklist,
            year=p.year,
            office_id=p.office_id,
            title=f"{p.checklist.title} – {p.municipality.name} kommune ({p.year})",
            regime="kl1992" if p.year < 2020 else "kl2018",
            case_number=p.case_number,
            final_report=p.final_report,
            closed=p.closed,
            conclusions=tuple(p.conclusions.items()),
            rows=describe_rows(p.rows),
        )
        for p in plans
    ]
    result.ids = ctx.store.stats.insert_history(new, source=table.name, sha256=table.sha256)
    return result


__all__ = [
    "HistoryImportResult",
    "PlannedAudit",
    "import_history",
    "municipality_in_year",
    "office_in_year",
    "parse_year",
    "reference_day",
]
