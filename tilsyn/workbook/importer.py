"""Import the auditor's workbook: validate everything, then write in one go, or nothing.

Order: the file is checked before loading (safety.py), metadata must match the audit,
every template-owned cell must equal the plan recomputed from the store, and every
input cell is validated again (drop-downs are not enforced on paste). All problems are
collected and reported together, naming sheet and cell. Only then are the answers
and the changed timetables written by :func:`tilsyn.app.workbooks.import_audit_workbook`
in one transaction, logged with file name, sha256 and what changed (see
docs/arbeidsbok.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tilsyn.workbook import cells as C
from tilsyn.workbook import layout as L
from tilsyn.workbook.checking import (
    check_owned,
    open_workbook,
    refuse,
    stray_text,
    timetable_stray_text,
)
from tilsyn.workbook.export import timetable_of

if TYPE_CHECKING:
    from tilsyn.audit.models import AuditView


def _not_assessed(options: list[Any]) -> str | None:
    return next((o.value for o in options if o.meaning == "ikke_vurdert"), None)


def read_answers(
    wb: Any,
    view: AuditView,
    lay: L.Layout,
    errors: list[str],
    personal: list[str],
    *,
    timetables: dict[str, list[dict[str, Any]]] | None = None,
    proposals: list[dict[str, Any]] | None = None,
    unreadable: set[str] | None = None,
) -> tuple[list[Any], int]:
    """Answer items from the input cells (only filled slots); and the count kept blank.

    ``timetables`` holds the participants whose timetable the workbook changes: their
    `fulltid` proposal is computed again from the new timetable. An answer that is new or
    changed, or whose proposal is computed again, must agree with the proposal or carry a
    reason (column H of Deltakermapper), as ``tilsyn vurder --begrunnelse`` requires.
    Recomputed proposals are appended to ``proposals``. Answers are accepted in bokmål
    and nynorsk («ikkje relevant») and stored in the checklist's form. Sheets in
    ``unreadable`` (rows inserted or deleted) are not read.
    """
    from tilsyn.audit.checks import propose
    from tilsyn.audit.models import AnswerInput

    cl = view.checklist
    timetables = timetables or {}
    stored_by_slot = {(x.question_ref, x.participant): x for x in view.answers}
    known_docs = [d.number for d in view.documents]
    items = []
    kept = 0
    for slot in lay.answers:
        if slot.sheet not in wb.sheetnames or slot.sheet in (unreadable or ()):
            continue
        ws = wb[slot.sheet]
        q = cl.question(slot.question_ref)
        options = cl.options_for(q)
        values = [o.value for o in options]
        computed = slot.sheet == L.SHEET_FILES and q.computed_check is not None
        cols = [L.ANSWER_COL, L.NOTE_COL, L.SOURCES_COL] + ([L.REASON_COL] if computed else [])
        cells = {col: ws[f"{col}{slot.row}"] for col in cols}
        bad = False
        for cell in cells.values():
            if C.is_formula(cell):
                errors.append(C.formula_error(slot.sheet, cell))
                bad = True
        if bad:
            continue
        a_cell, n_cell, s_cell = cells[L.ANSWER_COL], cells[L.NOTE_COL], cells[L.SOURCES_COL]
        raw = C.as_text(a_cell.value)
        answer = None
        if raw is not None and raw.strip():
            option = cl.option_for(q, raw.strip())
            if option is None:
                errors.append(C.answer_error(slot.sheet, a_cell.coordinate, raw.strip(), values))
                continue
            answer = option.value
        note = C.as_text(n_cell.value)
        personal.extend(C.identity_errors(slot.sheet, n_cell.coordinate, note))
        errors.extend(C.length_errors(slot.sheet, n_cell.coordinate, note))
        sources = C.document_numbers(
            slot.sheet, s_cell.coordinate, s_cell.value, known_docs, errors
        )
        reason = None
        if computed:
            reason = C.as_text(cells[L.REASON_COL].value)
            personal.extend(C.identity_errors(slot.sheet, f"{L.REASON_COL}{slot.row}", reason))
            errors.extend(C.length_errors(slot.sheet, f"{L.REASON_COL}{slot.row}", reason))
        stored = stored_by_slot.get((slot.question_ref, slot.participant))
        recompute = computed and q.computed_check == "fulltid" and slot.participant in timetables
        if answer is None:
            if note is None and not sources:
                if stored is not None and recompute:
                    # The timetable changes: the stored answer gets the new proposal too.
                    answer, note, sources = stored.answer, stored.observation, stored.sources
                    reason = reason or stored.override_reason
                else:
                    kept += stored is not None
                    if recompute:
                        _proposal_only(view, slot, timetables, proposals)
                    continue
            else:
                answer = _not_assessed(options)
                if answer is None:
                    errors.append(
                        f"{C.where(slot.sheet, a_cell.coordinate)}: observasjon "
                        "eller kilder er fylt inn, men svaret mangler"
                    )
                    continue
        proposed = stored.proposed if stored else None
        proposed_note = stored.proposed_note if stored else None
        if not computed:
            reason = stored.override_reason if stored else None
        else:
            touched = stored is None or stored.answer != answer or recompute
            if touched:
                extra = {"timeplan": timetables[slot.participant]} if recompute else None
                prop = propose(
                    view, q.ref_id, slot.participant, today=date.today(), extra_data=extra
                )
                proposed = prop.answer if prop else None
                proposed_note = prop.note if prop else None
                if recompute and proposals is not None:
                    proposals.append(_proposal_dict(slot, proposed, proposed_note))
            # An untouched answer stored without a reason stays as it is; removing a
            # stored reason, or a new or changed answer, must agree with the proposal.
            needs = touched or (stored is not None and stored.override_reason)
            if needs and proposed and answer != proposed and not reason:
                who = f" / {slot.participant}" if slot.participant else ""
                errors.append(
                    f"{C.where(slot.sheet, f'{L.REASON_COL}{slot.row}')}: beregningen foreslår "
                    f"«{proposed}» for {q.ref_id}{who} ({(proposed_note or '').rstrip('.')}); "
                    f"for å svare «{answer}» må du skrive en begrunnelse i denne cellen"
                )
                continue
        items.append(
            AnswerInput(
                slot.question_ref,
                slot.participant,
                answer,
                observation=note,
                sources=tuple(sources),
                proposed=proposed,
                proposed_note=proposed_note,
                override_reason=reason,
            )
        )
    return items, kept


def _proposal_dict(slot: L.AnswerRow, answer: str | None, note: str | None) -> dict[str, Any]:
    return {
        "sporsmal": slot.question_ref,
        "deltaker": slot.participant or None,
        "forslag": answer,
        "forklaring": note,
    }


def _proposal_only(
    view: AuditView,
    slot: L.AnswerRow,
    timetables: dict[str, list[dict[str, Any]]],
    proposals: list[dict[str, Any]] | None,
) -> None:
    """Report the proposal for an unanswered slot whose timetable the import changes."""
    from tilsyn.audit.checks import propose

    if proposals is None:
        return
    prop = propose(
        view,
        slot.question_ref,
        slot.participant,
        today=date.today(),
        extra_data={"timeplan": timetables[slot.participant]},
    )
    if prop is not None:
        proposals.append(_proposal_dict(slot, prop.answer, prop.note))


def read_timetables(
    wb: Any, view: AuditView, lay: L.Layout, errors: list[str], personal: list[str]
) -> dict[str, list[dict[str, Any]]]:
    """Timetables per participant as filled in (only non-empty ones)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for tt in lay.timetables:
        if tt.name not in wb.sheetnames:
            continue
        ws = wb[tt.name]
        rows: list[dict[str, Any]] = []
        for r in range(L.FIRST_ROW, L.FIRST_ROW + tt.rows):
            cells = [ws[f"{c}{r}"] for c in "ABCD"]
            if any(C.is_formula(c) for c in cells):
                errors.extend(C.formula_error(tt.name, c) for c in cells if C.is_formula(c))
                continue
            name, kind, minutes, lessons = (c.value for c in cells)
            if all(
                v is None or (isinstance(v, str) and not v.strip())
                for v in (name, kind, minutes, lessons)
            ):
                continue
            text = C.as_text(name)
            personal.extend(C.identity_errors(tt.name, f"A{r}", text))
            errors.extend(C.length_errors(tt.name, f"A{r}", text))
            if not text:
                errors.append(f"{C.where(tt.name, f'A{r}')}: aktiviteten mangler navn")
            kind_text = C.as_text(kind) or ""
            chosen = C.choose_option(kind_text, L.TIMETABLE_KINDS) if kind_text else None
            if chosen is None and kind_text and C.choose_option(kind_text, ["anna"]):
                chosen = "annet"  # the nynorsk form
            if chosen is None:
                errors.append(
                    f"{C.where(tt.name, f'B{r}')}: «{kind_text}» er ikke en gyldig "
                    f"type (gyldige: {', '.join(L.TIMETABLE_KINDS)})"
                )
            m = C.whole_number(tt.name, f"C{r}", minutes, errors)
            n = C.whole_number(tt.name, f"D{r}", lessons, errors)
            rows.append(
                {"aktivitet": text or "", "type": chosen or "annet", "minutter": m, "leksjoner": n}
            )
        if rows:
            out[tt.participant] = rows
    del view
    return out


@dataclass(frozen=True)
class AuditWorkbook:
    """What a validated auditor's workbook holds for the store."""

    name: str
    sha256: str
    items: list[Any]
    """Answer inputs (only filled slots)."""
    kept: int
    """Stored answers whose cell was left empty (kept as they are)."""
    timetables: dict[str, list[dict[str, Any]]]
    """Timetables that differ from the stored ones, by participant."""
    conflicts: list[str]
    """Changed timetables that would replace a stored one (need --overskriv)."""
    proposals: list[dict[str, Any]]


def read_audit_workbook(view: AuditView, path: Path) -> AuditWorkbook:
    """Validate ``path`` completely against the audit; every problem raises at once,
    naming sheet and cell (nothing is written by this module)."""
    from tilsyn.files import sha256_file

    path = Path(path)
    name = path.name
    a = view.audit
    wb, meta = open_workbook(
        path,
        kind=L.KIND_AUDIT,
        record_id=a.id,
        uid=a.uid,
        checklist_id=a.checklist_id,
        checklist_version=a.checklist_version,
    )
    digest = sha256_file(path)
    people = [p.pseudonym for p in view.participants()]
    data = {p.pseudonym: p.data for p in view.participants()}
    counts = {p: len(timetable_of(data.get(p, {}))) for p in people}
    lay = L.plan_layout(view.checklist, people, kind=L.KIND_AUDIT, timetable_rows=counts)
    # The timetable sheets' length depends on the timetables stored at export time; read
    # it back from the workbook's own sheets (bounded by MAX_ROWS).
    lay.timetables = [_actual_rows(wb, tt) for tt in lay.timetables]

    errors: list[str] = []
    personal: list[str] = []
    unreadable = check_owned(wb, lay, meta, errors)
    _stray(wb, view, lay, unreadable, errors)
    timetables = read_timetables(wb, view, lay, errors, personal)
    changed_tt = {
        p: rows for p, rows in timetables.items() if timetable_of(data.get(p, {})) != rows
    }
    proposals: list[dict[str, Any]] = []
    items, kept = read_answers(
        wb,
        view,
        lay,
        errors,
        personal,
        timetables=changed_tt,
        proposals=proposals,
        unreadable=unreadable,
    )
    refuse(name, errors, personal)
    conflicts = [
        f"timeplan {p}: lagret {len(timetable_of(data[p]))} aktiviteter, arbeidsboken har "
        f"{len(rows)} (annerledes)"
        for p, rows in changed_tt.items()
        if timetable_of(data.get(p, {}))
    ]
    return AuditWorkbook(name, digest, items, kept, changed_tt, conflicts, proposals)


STRAY_HINT = (
    "i en gul celle på riktig rad (observasjon i kolonne E, kilder i kolonne F, "
    "begrunnelse i kolonne H på «Deltakermapper»)"
)
"""Where text typed outside the input cells belongs (the auditor's workbook)."""


def _stray(
    wb: Any, view: AuditView, lay: L.Layout, unreadable: set[str], errors: list[str]
) -> None:
    """Text typed where the import cannot read it: compared with the workbook built
    again from the store (see :func:`tilsyn.workbook.checking.stray_text`)."""
    from tilsyn.workbook.export import build_audit_workbook
    from tilsyn.workbook.style import written

    again, _ = build_audit_workbook(view, user="")
    timetables = {tt.name: tt for tt in lay.timetables}
    stray_text(
        wb,
        written(again),
        lay,
        skip=unreadable,
        sheets=set(again.sheetnames),
        hint=STRAY_HINT,
        errors=errors,
    )
    for name, tt in timetables.items():
        if name in wb.sheetnames and name not in unreadable:
            first = L.FIRST_ROW
            timetable_stray_text(
                wb[name], first, first + tt.rows - 1, "i utfyllingscellene", errors
            )


def _actual_rows(wb: Any, tt: L.TimetableSheet) -> L.TimetableSheet:
    """The timetable sheet as exported: its input rows end two rows above the sum row
    (the store may hold a different number of activities than at export time)."""
    if tt.name not in wb.sheetnames:
        return tt
    ws = wb[tt.name]
    for r in range(L.FIRST_ROW + 1, min(ws.max_row, L.FIRST_ROW + 2000) + 1):
        if C.owned_text(ws[f"A{r}"].value) == L.TIMETABLE_SUM_LABEL:
            return L.TimetableSheet(tt.name, tt.participant, max(r - 1 - L.FIRST_ROW, 1))
    return tt
