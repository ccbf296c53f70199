"""Reading cells of an untrusted workbook: text, numbers, formulas, document numbers.

Every problem is returned as a message naming sheet and cell, so that an import can
collect all of them before refusing the file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from tilsyn.idnumber import find_identity_numbers
from tilsyn.text import clean_optional, clean_text, fold


def where(sheet: str, coord: str) -> str:
    """«Ark 'Individuell plan', celle D14»."""
    return f"Ark '{sheet}', celle {coord}"


def is_formula(cell: Any) -> bool:
    """True for a formula cell (plain, array or data-table formula)."""
    if cell is None:
        return False
    if cell.data_type == "f":
        return True
    return type(cell.value).__name__ in ("ArrayFormula", "DataTableFormula")


def formula_error(sheet: str, cell: Any) -> str:
    text = str(getattr(cell.value, "text", cell.value))
    short = text if len(text) <= 40 else text[:39] + "…"
    return (
        f"{where(sheet, cell.coordinate)}: formler er ikke tillatt i utfyllingsceller "
        f"(«{short}»); skriv verdien i stedet."
    )


def as_text(value: Any) -> str | None:
    """A cell value as text (numbers without '.0', dates as dd.mm.yyyy); blank → None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        if value.hour == value.minute == value.second == 0:
            return value.strftime("%d.%m.%Y")
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return clean_optional(str(value))


def owned_text(value: Any) -> str:
    """A template-owned cell as text, for comparison with the planned text."""
    text = as_text(value)
    return clean_text(text).strip() if text else ""


def choose_option(value: str, options: Sequence[str]) -> str | None:
    """The option ``value`` stands for (case, æøå and - / _ tolerant), or None."""
    wanted = fold(value).replace("-", " ")
    for option in options:
        if fold(option).replace("-", " ") == wanted:
            return option
    return None


def answer_error(sheet: str, coord: str, value: str, options: Sequence[str]) -> str:
    return (
        f"{where(sheet, coord)}: «{value}» er ikke et gyldig svar (gyldige: {', '.join(options)})"
    )


def identity_errors(sheet: str, coord: str, text: str | None) -> list[str]:
    """Messages for identity numbers found in ``text`` (masked)."""
    found = find_identity_numbers(text or "")
    if not found:
        return []
    return [
        f"{where(sheet, coord)}: inneholder det som ser ut som et fødselsnummer eller "
        f"D-nummer ({found[0]}); bruk bare pseudonymer"
    ]


def length_errors(sheet: str, coord: str, text: str | None) -> list[str]:
    """A message for text longer than one field takes (:data:`tilsyn.text.MAX_TEXT_LENGTH`):
    refused with the limit, never cut."""
    from tilsyn.text import MAX_TEXT_LENGTH

    if text is None or len(text) <= MAX_TEXT_LENGTH:
        return []
    return [
        f"{where(sheet, coord)}: teksten er {len(text)} tegn; høyst {MAX_TEXT_LENGTH} tegn er "
        "tillatt. Forkort den (eller legg den ved som et dokument)"
    ]


def document_numbers(
    sheet: str, coord: str, value: Any, known: Iterable[int], errors: list[str]
) -> tuple[int, ...]:
    """Document numbers in a sources cell ("1, 4", "1;4", 3, "#2"); unknown ones are errors."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return ()
    known = set(known)
    if isinstance(value, int | float) and not isinstance(value, bool):
        parts = [as_text(value) or ""]
    else:
        parts = [p for p in str(value).replace(";", ",").replace(" og ", ",").split(",")]
    out: list[int] = []
    for raw in parts:
        text = raw.strip().lstrip("#").strip()
        if not text:
            continue
        try:
            number = int(float(text)) if text.replace(".", "", 1).isdigit() else int(text)
        except ValueError:
            errors.append(
                f"{where(sheet, coord)}: «{raw.strip()}» er ikke et dokumentnummer "
                "(skriv numre fra arket «Dokumenter», skilt med komma)"
            )
            continue
        if number not in known:
            errors.append(
                f"{where(sheet, coord)}: dokument nr. {number} finnes ikke i "
                "dokumentregisteret (registrer det med tilsyn dokument)"
            )
            continue
        if number not in out:
            out.append(number)
    return tuple(out)


def whole_number(sheet: str, coord: str, value: Any, errors: list[str]) -> int:
    """A non-negative whole number from a cell (blank → 0)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0
    if isinstance(value, bool):
        errors.append(f"{where(sheet, coord)}: «{value}» er ikke et tall")
        return 0
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            errors.append(f"{where(sheet, coord)}: «{str(value).strip()}» er ikke et tall")
            return 0
    if not number.is_integer() or number < 0:
        errors.append(
            f"{where(sheet, coord)}: «{as_text(value)}» må være et helt tall, null eller større"
        )
        return 0
    return int(number)
