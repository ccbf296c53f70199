"""Workbook metadata: a hidden sheet and custom document properties, read leniently.

LibreOffice turns very-hidden sheets into hidden ones and integer properties into
floats (``3.0``); Excel may drop neither. Both copies are written; on import the sheet
is preferred and the properties are the fallback, and numbers are parsed leniently.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tilsyn.errors import WorkbookError
from tilsyn.workbook.layout import SHEET_META

KEYS = (
    "format",
    "type",
    "id",
    "uid",
    "sjekkliste",
    "sjekklisteversjon",
    "eksportert",
    "eksportert_av",
    "sjekksum",
    "malform",
)
"""Metadata keys, in the order written."""
_INT_KEYS = ("format", "id")
_PROP_PREFIX = "tilsyn_"


def oslo_now() -> datetime:
    """The current time in Europe/Oslo, tz-naive (openpyxl refuses tz-aware datetimes)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return datetime.now(ZoneInfo("Europe/Oslo")).replace(tzinfo=None, microsecond=0)
    except ZoneInfoNotFoundError:  # no tz database (Windows without tzdata): use local time
        return datetime.now().replace(microsecond=0)


def write_metadata(wb: Any, values: dict[str, Any]) -> None:
    """Write ``values`` to the very-hidden metadata sheet and the custom properties."""
    from openpyxl.packaging.custom import IntProperty, StringProperty

    ws = wb.create_sheet(SHEET_META)
    ws["A1"] = "nøkkel"
    ws["B1"] = "verdi"
    for i, key in enumerate(KEYS, start=2):
        ws.cell(row=i, column=1, value=key)
        value = values.get(key)
        cell = ws.cell(row=i, column=2, value=value)
        if isinstance(value, str):
            cell.data_type = "s"
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True
    for key in KEYS:
        value = values.get(key)
        if value is None:
            continue
        name = _PROP_PREFIX + key
        if isinstance(value, int):
            wb.custom_doc_props.append(IntProperty(name=name, value=value))
        else:
            text = value.strftime("%Y-%m-%d %H:%M:%S") if isinstance(value, datetime) else value
            wb.custom_doc_props.append(StringProperty(name=name, value=str(text)))


def _lenient(key: str, value: Any) -> Any:
    if value is None:
        return None
    if key in _INT_KEYS:
        try:
            number = float(str(value).strip().replace(",", "."))
        except ValueError:
            return str(value)
        return int(number) if number.is_integer() else str(value)
    if key == "eksportert" and isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return str(value).strip()


def read_metadata(wb: Any, filename: str) -> dict[str, Any]:
    """The metadata of a workbook; raises WorkbookError when it has none."""
    found: dict[str, Any] = {}
    if SHEET_META in wb.sheetnames:
        ws = wb[SHEET_META]
        for row in ws.iter_rows(min_row=2, max_row=40, max_col=2, values_only=True):
            key = str(row[0]).strip() if row[0] is not None else ""
            if key in KEYS:
                found[key] = _lenient(key, row[1])
    props: dict[str, Any] = {}
    try:
        for p in wb.custom_doc_props.props:
            if p.name and p.name.startswith(_PROP_PREFIX):
                key = p.name[len(_PROP_PREFIX) :]
                if key in KEYS:
                    props[key] = _lenient(key, p.value)
    except AttributeError:  # pragma: no cover - no custom properties part
        pass
    for key, value in props.items():
        found.setdefault(key, value)
    if not found.get("uid") or found.get("format") is None:
        raise WorkbookError(
            f"{filename}: finner ikke metadata om tilsynet (det skjulte arket «{SHEET_META}»). "
            "Bare arbeidsbøker eksportert med tilsyn kan importeres; eksporter på nytt. "
            "Ingenting ble lagret."
        )
    return found
