"""Reading the files users bring: timetables (CSV), bulk answers (CSV/JSON).

Every problem names the file and line; nothing is stored here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tilsyn.audit.checks import _KINDS, Activity
from tilsyn.errors import UsageError
from tilsyn.idnumber import refuse_identity_numbers
from tilsyn.text import fold, guard_text

# --- timetable CSV ----------------------------------------------------------------

_COLUMNS = ("aktivitet", "type", "minutter", "leksjoner")


def _int_cell(value: str, *, where: str, column: str) -> int:
    text = value.strip().replace(" ", "").replace("\u00a0", "")
    if not text:
        return 0
    try:
        number = int(text)
    except ValueError:
        raise UsageError(
            f"{where}: «{value.strip()}» er ikke et tall i kolonnen {column}."
        ) from None
    if number < 0:
        raise UsageError(f"{where}: {column} kan ikke være negativt ({number}).")
    return number


def parse_timetable_csv(path: Path) -> list[Activity]:
    """Read a week's timetable from a UTF-8 CSV with ``aktivitet,type,minutter,leksjoner``.

    ``type`` is norsk, samfunnskunnskap or annet (case and æ/ø/å insensitive); empty
    ``minutter``/``leksjoner`` count as 0. Semicolons are accepted as separator too,
    since Norwegian Excel saves CSV that way. Errors name the file and line.
    """
    from tilsyn.csvfile import read_csv_rows

    delimiter, numbered = read_csv_rows(path, what="timeplanen")
    numbered = [(n, r) for n, r in numbered if any(cell.strip() for cell in r)]
    if not numbered:
        raise UsageError(f"{path}: filen er tom; første linje skal være {','.join(_COLUMNS)}.")
    header = numbered[0][1]
    names = [fold(cell) for cell in header]
    positions: dict[str, int] = {}
    for column in _COLUMNS:
        if column not in names:
            raise UsageError(
                f"{path}, linje 1: mangler kolonnen «{column}» (forventet: {','.join(_COLUMNS)})."
            )
        positions[column] = names.index(column)

    activities: list[Activity] = []
    for line, row in numbered[1:]:
        where = f"{path}, linje {line}"
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
            raise UsageError(
                f"{where}: har {len(row)} felt, men overskriften har {len(header)} "
                f"(skilletegn «{delimiter}»)."
            )
        for cell in row:  # no identity number anywhere in the file, not even unused columns
            refuse_identity_numbers(cell, where=where)
        cells = {c: (row[i] if i < len(row) else "") for c, i in positions.items()}
        name = guard_text(cells["aktivitet"], where=f"{where}, aktivitet", max_length=500) or ""
        if not name:
            raise UsageError(f"{where}: mangler navn i kolonnen aktivitet.")
        kind = fold(cells["type"])
        if kind not in _KINDS:
            raise UsageError(
                f"{where}: «{cells['type'].strip()}» er ikke en gyldig type i kolonnen type "
                f"(gyldige: {', '.join(_KINDS)})."
            )
        activities.append(
            Activity(
                name=name,
                kind=kind,  # type: ignore[arg-type]  # checked against _KINDS above
                minutes=_int_cell(cells["minutter"], where=where, column="minutter"),
                lessons=_int_cell(cells["leksjoner"], where=where, column="leksjoner"),
            )
        )
    return activities


# --- bulk answers (CSV or JSON) ---------------------------------------------------

_ANSWER_COLUMNS = {
    "sporsmal": "question",
    "spørsmål": "question",
    "deltaker": "participant",
    "svar": "answer",
    "observasjon": "observation",
    "kilder": "sources",
    "kilde": "sources",
    "begrunnelse": "reason",
}


def read_answer_file(path: Path) -> list[tuple[str, dict[str, Any]]]:
    """Rows of a bulk answer file (CSV or JSON) as (location, fields)."""
    from tilsyn import jsonfile
    from tilsyn.text import read_text_file

    path = Path(path)
    if not path.is_file():
        raise UsageError(f"Finner ikke filen {path}.")
    out = []
    if path.suffix.lower() == ".json":
        data = jsonfile.loads(read_text_file(path, what="svarfilen"), source=str(path))
        if not isinstance(data, list):
            raise UsageError(f"{path}: JSON-filen skal være en liste av svar-objekter.")
        for i, obj in enumerate(data, start=1):
            if not isinstance(obj, dict):
                raise UsageError(f"{path}, svar nr. {i}: skal være et objekt.")
            out.append((f"{path}, svar nr. {i}", _map_columns(obj, f"{path}, svar nr. {i}")))
        return out
    from tilsyn.csvfile import read_csv_rows

    _, rows = read_csv_rows(path, what="svarfilen")
    rows = [(n, r) for n, r in rows if any(c.strip() for c in r)]
    if not rows:
        return out
    header = rows[0][1]
    for n, cells in rows[1:]:
        where = f"{path}, linje {n}"
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            raise UsageError(f"{where}: flere verdier enn overskrifter.")
        row = {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header)}
        out.append((where, _map_columns(row, where)))
    return out


def _map_columns(row: dict[str, Any], where: str) -> dict[str, Any]:
    mapped: dict[str, Any] = {}
    for key, value in row.items():
        if key is None:
            raise UsageError(f"{where}: flere verdier enn overskrifter.")
        name = _ANSWER_COLUMNS.get(fold(str(key)))
        if name is None:
            raise UsageError(
                f"{where}: ukjent kolonne «{key}» (gyldige: sporsmal, deltaker, "
                "svar, observasjon, kilder, begrunnelse)."
            )
        mapped[name] = value
    return mapped
