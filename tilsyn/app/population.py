"""Population lists of participants (pseudonymised) and reproducible sampling.

A population list is a CSV (comma or semicolon, UTF-8 with or without BOM) or XLSX file
with a header row: ``pseudonym`` (required; also ``id`` or ``deltaker``) and optional
dates ``bosettingsdato``, ``kravdato``, ``programstart``, ``planvedtak`` (ISO or
dd.mm.åååå). Every cell is checked for national identity numbers; one found refuses
the whole file, naming row and column.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tilsyn.errors import UsageError
from tilsyn.idnumber import find_identity_numbers
from tilsyn.text import fold

DATE_COLUMNS = ("bosettingsdato", "kravdato", "programstart", "planvedtak")
ID_ALIASES = ("pseudonym", "id", "deltaker", "deltakerid")
MAX_ROWS = 100_000


@dataclass(frozen=True)
class PopulationEntry:
    """One participant in the population list."""

    pseudonym: str
    data: dict[str, str]  # ISO dates by column name


@dataclass(frozen=True)
class Population:
    """A validated population list."""

    source: str
    sha256: str
    entries: tuple[PopulationEntry, ...]


def _rows_from_csv(path: Path) -> list[tuple[int, list[str]]]:
    from tilsyn.csvfile import read_csv_rows

    return read_csv_rows(path, what="populasjonsfilen")[1]


def read_population(path: Path) -> Population:
    """Read and validate a population list; every problem is reported at once."""
    import hashlib

    from tilsyn.text import check_distinct_pseudonyms, guard_pseudonym, guard_text

    path = Path(path)
    if not path.is_file():
        raise UsageError(f"Finner ikke populasjonsfilen {path}.")
    guard_text(path.name, where="Navnet på populasjonsfilen", max_length=255)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from tilsyn.workbook.population import read_xlsx_rows

        rows = read_xlsx_rows(path)
    elif path.suffix.lower() in (".csv", ".txt"):
        rows = _rows_from_csv(path)
    else:
        raise UsageError(f"{path}: populasjonslisten må være .csv eller .xlsx.")
    if len(rows) > MAX_ROWS:
        raise UsageError(f"{path}: for mange rader ({len(rows)}); maks {MAX_ROWS}.")
    # Identity numbers first, anywhere in the file, before anything else is looked at.
    for number, cells in rows:
        for col, cell in enumerate(cells, start=1):
            if find_identity_numbers(cell):
                header = rows[0][1][col - 1] if rows and col - 1 < len(rows[0][1]) else col
                raise_personal(path, number, header)
    rows = [(n, c) for n, c in rows if any(x.strip() for x in c)]
    if not rows:
        raise UsageError(f"{path}: filen er tom; første rad skal være overskrifter (pseudonym …).")
    names = [fold(h) for h in rows[0][1]]
    id_col = next((names.index(a) for a in ID_ALIASES if a in names), None)
    if id_col is None:
        raise UsageError(
            f"{path}, rad 1: mangler kolonnen «pseudonym» (overskrifter: {', '.join(rows[0][1])})."
        )
    date_cols = {name: names.index(name) for name in DATE_COLUMNS if name in names}
    problems: list[str] = []
    entries = []
    from tilsyn.audit.calendar import DateRangeError, parse_date

    named: list[tuple[str, str]] = []
    for number, cells in rows[1:]:
        cells = [*cells, *[""] * (len(names) - len(cells))]
        raw = cells[id_col]
        where = f"{path}, rad {number}, kolonne {rows[0][1][id_col]}"
        if not raw.strip():
            problems.append(f"{where}: mangler pseudonym")
            continue
        try:
            pseudonym = guard_pseudonym(raw, where=where)
        except UsageError as exc:
            problems.append(exc.message.removesuffix(" Ingenting ble lagret."))
            continue
        named.append((pseudonym, f"rad {number}"))
        data = {}
        for name, col in date_cols.items():
            value = cells[col].strip()
            if value:
                try:
                    data[name] = parse_date(value, what=name).isoformat()
                except DateRangeError as exc:
                    problems.append(
                        f"{path}, rad {number}, kolonne {name}: "
                        + exc.message.removesuffix(" Ingenting ble lagret.")
                    )
                except UsageError:
                    problems.append(
                        f"{path}, rad {number}, kolonne {name}: «{value}» er ikke en dato "
                        "(skriv ÅÅÅÅ-MM-DD eller dd.mm.åååå)"
                    )
        entries.append(PopulationEntry(pseudonym, data))
    problems += [f"{path}, {p}" for p in check_distinct_pseudonyms(named)]
    if problems:
        raise UsageError(
            f"Populasjonslisten {path} har {len(problems)} feil; ingenting ble lagret:",
            details=problems,
        )
    if not entries:
        raise UsageError(f"{path}: populasjonslisten har ingen deltakere.")
    return Population(str(path), hashlib.sha256(path.read_bytes()).hexdigest(), tuple(entries))


def raise_personal(path: Path, row: int, column: object) -> None:
    """Refuse a population file holding an identity number."""
    from tilsyn.errors import PersonalDataError
    from tilsyn.idnumber import mask_identity_numbers as mask

    raise PersonalDataError(
        f"{mask(str(path))}, rad {row}, kolonne {mask(str(column))}: inneholder et "
        "fødselsnummer eller D-nummer. "
        "Deltakere skal bare identifiseres med pseudonym; fjern nummeret og prøv igjen. "
        "Ingenting ble lagret."
    )
