"""Checks shared by both imports: open safely, match metadata, compare template cells,
recognise inserted or deleted rows, and find text typed where the import cannot read it.

Nothing a user typed is dropped silently: text in a locked cell, in a new row or column,
on a new sheet or in a cell comment makes the import refuse, naming the cells, so the
text can be moved to an input cell. An inserted or deleted row is reported once per
sheet (not once for every id below it).
"""

from __future__ import annotations

import difflib
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


def check_owned(wb: Any, lay: L.Layout, meta: dict[str, Any], errors: list[str]) -> set[str]:
    """Compare every template-owned cell with the plan from the store; then the checksum.

    A sheet with inserted or deleted rows gets one message (see :func:`row_changes`)
    instead of one per shifted cell. Returns the sheets that cannot be read (missing, or
    rows inserted or deleted): the import reads no answers from them."""
    missing = set()
    before = len(errors)
    shifted = row_changes(wb, lay)
    errors.extend(shifted.values())
    for (sheet, coord), expected in lay.owned.items():
        if sheet not in wb.sheetnames:
            if sheet not in missing:
                missing.add(sheet)
                errors.append(f"Ark '{sheet}' mangler (arknavn kan ikke endres)")
            continue
        if sheet in shifted:
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
    return missing | set(shifted)


def _row_key(ws: Any, row: int, columns: str) -> tuple[str, ...]:
    return tuple(C.owned_text(ws[f"{col}{row}"].value) for col in columns)


def _rows_text(rows: list[int]) -> str:
    if len(rows) == 1:
        return f"rad {rows[0]}"
    if rows == list(range(rows[0], rows[-1] + 1)):
        return f"rad {rows[0]}–{rows[-1]}"
    return "rad " + ", ".join(str(r) for r in rows)


def _typed_in_rows(ws: Any, rows: list[int]) -> str:
    """«Tekst i de innsatte radene: E7 «…», F7 «…»» (empty when the rows are empty)."""
    found = []
    for r in rows:
        for cell in ws[r]:
            text = C.as_text(cell.value)
            if text and text.strip():
                found.append(f"{cell.coordinate} «{_short(text)}»")
    if not found:
        return ""
    shown = ", ".join(found[:6]) + (f" og {len(found) - 6} til" if len(found) > 6 else "")
    return f" Tekst i {'den innsatte raden' if len(rows) == 1 else 'de innsatte radene'}: {shown}."


def row_changes(wb: Any, lay: L.Layout) -> dict[str, str]:
    """One message per sheet whose rows were inserted or deleted, by sheet.

    Each sheet's rows are keyed by their template-owned ids (column A; on
    «Deltakermapper» participant and ref in A and B) and the sequence in the file is
    aligned with the planned one; only insertions and deletions count (a changed id is
    reported by :func:`check_owned`)."""
    planned: dict[str, dict[int, tuple[str, ...]]] = {}
    for (sheet, coord), value in lay.owned.items():
        col, row = coord[:1], int(coord[1:])
        columns = "AB" if sheet == L.SHEET_FILES else "A"
        if col not in columns or row < L.FIRST_ROW or sheet.startswith(L.TIMETABLE_PREFIX):
            continue
        key = planned.setdefault(sheet, {}).setdefault(row, ("",) * len(columns))
        planned[sheet][row] = tuple(
            value.strip() if c == col else key[i] for i, c in enumerate(columns)
        )
    out: dict[str, str] = {}
    for sheet, rows in planned.items():
        if sheet not in wb.sheetnames:
            continue
        ws = wb[sheet]
        columns = "AB" if sheet == L.SHEET_FILES else "A"
        last = max(rows)
        expected = [rows.get(r, ("",) * len(columns)) for r in range(L.FIRST_ROW, last + 1)]
        actual_last = max(last, min(ws.max_row, last + 200))
        actual = [_row_key(ws, r, columns) for r in range(L.FIRST_ROW, actual_last + 1)]
        empty = ("",) * len(columns)
        while len(actual) > len(expected) and actual[-1] == empty:
            actual.pop()
        if actual != expected and sorted(actual) == sorted(expected):
            moved = [
                L.FIRST_ROW + i
                for i, (a, e) in enumerate(zip(actual, expected, strict=True))
                if a != e
            ]
            out[sheet] = (
                f"Ark '{sheet}': radene er flyttet eller sortert ({_rows_text(moved)}). Rader "
                "kan ikke flyttes eller sorteres i arbeidsboken; angre endringen (eller "
                "eksporter på nytt) og skriv i de gule cellene."
            )
            continue
        matcher = difflib.SequenceMatcher(None, expected, actual, autojunk=False)
        inserted: list[int] = []
        deleted: list[tuple[int, tuple[str, ...]]] = []
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):
                continue
            if op == "insert" and i1 == len(expected):
                continue  # text below the table: reported by stray_text, cell by cell
            if op in ("insert", "replace"):
                inserted.extend(range(L.FIRST_ROW + j1, L.FIRST_ROW + j2))
            if op in ("delete", "replace"):
                deleted.extend((L.FIRST_ROW + i, expected[i]) for i in range(i1, i2))
        if not inserted and not deleted:
            continue
        parts = []
        if inserted:
            n = len(inserted)
            what = "en rad" if n == 1 else f"{n} rader"
            parts.append(f"det er satt inn {what} ({_rows_text(inserted)})")
        if deleted:
            ids = [" / ".join(k for k in key if k) or f"rad {row}" for row, key in deleted]
            shown = ", ".join(ids[:8]) + (f" og {len(ids) - 8} til" if len(ids) > 8 else "")
            what = "raden" if len(ids) == 1 else "radene"
            parts.append(f"{what} for {shown} er slettet")
        out[sheet] = (
            f"Ark '{sheet}': {' og '.join(parts)}. Rader kan ikke settes inn eller slettes i "
            "arbeidsboken; angre endringen (eller eksporter på nytt) og skriv i de gule "
            "cellene." + _typed_in_rows(ws, inserted)
        )
    return out


def _short(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _listed(cells: list[str], n: int = 8) -> str:
    return ", ".join(cells[:n]) + (f" og {len(cells) - n} til" if len(cells) > n else "")


def stray_text(
    wb: Any,
    expected: dict[tuple[str, str], tuple[str, Any]],
    lay: L.Layout,
    *,
    skip: set[str],
    sheets: set[str],
    hint: str,
    errors: list[str],
) -> None:
    """Report text the import would not read: in a cell the export left empty, over a
    fixed text or a formula, on a sheet the export did not make, and in cell comments.

    ``expected`` is what building the workbook again writes (:func:`style.written`),
    ``sheets`` the sheets it makes. Hidden sheets (lists, metadata), timetable sheets
    (checked by :func:`timetable_stray_text`) and the ``skip`` sheets are left out;
    template-owned cells are compared by :func:`check_owned`. ``hint`` says where the
    text belongs. One message per sheet."""
    from tilsyn.workbook.style import FIXED, FORMULA

    for ws in wb.worksheets:
        name = ws.title
        if name in (L.SHEET_LISTS, L.SHEET_META) or name in skip:
            continue
        comments = [
            f"{cell.coordinate} «{_short(cell.comment.text or '')}»"
            for row in ws.iter_rows()
            for cell in row
            if cell.comment is not None and (cell.comment.text or "").strip()
        ]
        if comments:
            errors.append(
                f"Ark '{name}': kommentarer kan ikke leses inn: {_listed(comments)}. "
                f"Skriv teksten {hint}, slett kommentarene og importer på nytt"
            )
        if name.startswith(L.TIMETABLE_PREFIX) and name in sheets:
            continue
        typed: list[str] = []
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if value is None or (isinstance(value, str) and not value.strip()):
                    continue
                key = (name, cell.coordinate)
                if key in lay.owned:
                    continue
                kind, planned = expected.get(key, (None, None))
                shown = C.as_text(getattr(value, "text", value)) or ""
                if kind is None:
                    typed.append(f"{cell.coordinate} «{_short(shown)}»")
                elif kind == FORMULA and not C.is_formula(cell):
                    typed.append(f"{cell.coordinate} «{_short(shown)}» (over en formel)")
                elif kind == FIXED and C.owned_text(value) != C.owned_text(planned):
                    typed.append(f"{cell.coordinate} «{_short(shown)}» (låst tekst er endret)")
        if not typed:
            continue
        if name not in sheets:
            errors.append(
                f"Ark '{name}' er ikke laget av tilsyn, og teksten der kan ikke leses inn "
                f"({_listed(typed)}). Skriv teksten {hint}, slett arket og importer på nytt"
            )
            continue
        errors.append(
            f"Ark '{name}': tekst utenfor de gule utfyllingscellene kan ikke leses inn: "
            f"{_listed(typed)}. Skriv teksten {hint} (og sett låst tekst tilbake), og "
            "importer på nytt"
        )


def timetable_stray_text(ws: Any, first: int, last: int, hint: str, errors: list[str]) -> None:
    """Text in a timetable sheet outside its input rows (A–D, ``first``–``last``), over
    the minutes formulas (E), or outside the sum, verdict and note rows below them."""
    total = last + 2
    allowed = {(total, "A"), (total, "E"), (total + 1, "A"), (total + 1, "E")}
    allowed |= {(total + 3, "A"), (total + 4, "A"), (1, "A"), (2, "A")}
    allowed |= {(L.HEADER_ROW, col) for col, *_ in L.TIMETABLE_COLUMNS}
    typed = []
    for row in ws.iter_rows():
        for cell in row:
            value = cell.value
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            col = cell.column_letter
            if first <= cell.row <= last and col in "ABCD":
                continue
            if first <= cell.row <= last and col == "E" and C.is_formula(cell):
                continue
            if (cell.row, col) in allowed:
                continue
            shown = C.as_text(getattr(value, "text", value)) or ""
            typed.append(f"{cell.coordinate} «{_short(shown)}»")
    if typed:
        errors.append(
            f"Ark '{ws.title}': tekst utenfor utfyllingscellene (kolonne A–D, rad {first}–"
            f"{last}) kan ikke leses inn: {_listed(typed)}. Skriv teksten {hint}, og "
            "importer på nytt"
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
