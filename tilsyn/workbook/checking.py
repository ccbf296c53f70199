"""Checks shared by both imports: open safely, match metadata, compare template cells."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tilsyn.errors import PersonalDataError, WorkbookError
from tilsyn.workbook import cells as C
from tilsyn.workbook import layout as L
from tilsyn.workbook.metadata import read_metadata
from tilsyn.workbook.safety import check_dimensions, load_workbook_safely

_WHAT = {L.KIND_AUDIT: "arbeidsbok for et tilsyn", L.KIND_SELF_ASSESSMENT: "egenvurdering"}
_OWNER = {L.KIND_AUDIT: "tilsyn", L.KIND_SELF_ASSESSMENT: "egenvurdering"}


def open_workbook(
    path: Path, *, kind: str, record_id: int, uid: str, checklist_id: str, checklist_version: str
) -> tuple[Any, dict[str, Any]]:
    """Load ``path`` safely and refuse it unless it was exported for this record."""
    name = Path(path).name
    wb = load_workbook_safely(Path(path))
    meta = read_metadata(wb, name)
    owner = _OWNER[kind]
    if meta.get("type") and meta["type"] != kind:
        raise WorkbookError(
            f"{name}: er en {_WHAT.get(meta['type'], meta['type'])}, ikke en {_WHAT[kind]}. "
            "Ingenting ble lagret."
        )
    if meta.get("format") != L.WORKBOOK_FORMAT:
        raise WorkbookError(
            f"{name}: arbeidsbokformat {meta.get('format')} støttes ikke (denne versjonen av "
            f"tilsyn leser format {L.WORKBOOK_FORMAT}). Eksporter på nytt. Ingenting ble lagret."
        )
    if meta.get("sjekkliste") != checklist_id or meta.get("sjekklisteversjon") != checklist_version:
        raise WorkbookError(
            f"{name}: arbeidsboken er laget for sjekklisten {meta.get('sjekkliste')} versjon "
            f"{meta.get('sjekklisteversjon')}, men {owner} {record_id} bruker {checklist_id} "
            f"versjon {checklist_version}. Eksporter på nytt. Ingenting ble lagret."
        )
    if meta["uid"] != uid:
        other = meta.get("id")
        raise WorkbookError(
            f"{name}: arbeidsboken tilhører {owner} {other if other else '(ukjent)'} "
            f"(uid {meta['uid']}), ikke {owner} {record_id}. Sjekk at du importerer riktig "
            "fil til riktig id. Ingenting ble lagret."
        )
    problems = check_dimensions(wb)
    if problems:
        raise WorkbookError(
            f"{name}: arbeidsboken er for stor; ingenting ble lagret.", details=problems
        )
    return wb, meta


def check_owned(wb: Any, lay: L.Layout, meta: dict[str, Any], errors: list[str]) -> None:
    """Compare every template-owned cell with the plan from the store; then the checksum."""
    missing = set()
    before = len(errors)
    for (sheet, coord), expected in lay.owned.items():
        if sheet not in wb.sheetnames:
            if sheet not in missing:
                missing.add(sheet)
                errors.append(f"Ark '{sheet}' mangler (arknavn kan ikke endres)")
            continue
        actual = C.owned_text(wb[sheet][coord].value)
        if actual == expected.strip():
            continue
        col = coord.rstrip("0123456789")
        what = {"A": "id-en", "B": "teksten", "C": "teksten"}.get(col, "teksten")
        if sheet == L.SHEET_FILES and col == "A":
            what = "deltakeren"
        if sheet == L.SHEET_FILES and col == "B":
            what = "id-en"
        if sheet.startswith(L.TIMETABLE_PREFIX):
            what = "overskriften"
        shown = actual if len(actual) <= 60 else actual[:59] + "…"
        want = expected if len(expected) <= 60 else expected[:59] + "…"
        errors.append(
            f"{C.where(sheet, coord)}: {what} er endret (er «{shown}», skal være "
            f"«{want}»); låste celler kan ikke endres"
        )
    if len(errors) == before and meta.get("sjekksum") != lay.checksum():
        errors.append(
            "Sjekksummen i arbeidsbokens metadata stemmer ikke med tilsynet "
            "(utvalget eller sjekklisten er endret etter eksport, eller metadata er "
            "redigert); eksporter arbeidsboken på nytt"
        )


def refuse(name: str, errors: list[str], personal: list[str]) -> None:
    """Raise with every problem found (PersonalDataError when only identity numbers)."""
    if not errors and not personal:
        return
    total = len(errors) + len(personal)
    message = (
        f"{name}: arbeidsboken ble avvist ({total} feil); ingenting ble lagret. "
        "Rett opp og importer på nytt:"
    )
    if personal and not errors:
        raise PersonalDataError(message, details=personal)
    raise WorkbookError(message, details=errors + personal)
