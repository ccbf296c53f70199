"""The self-assessment workbook (egenvurdering): export for the municipality, import back.

One sheet per theme with ref, question, legal basis, answer (ja/nei/ikke relevant from a
drop-down), explanation, the municipality's documents and the guidance next to each
question. No auditor fields, no sampled files. Same safety, metadata and
template-cell checks as the auditor workbook. The form is wholly in the municipality's
language form (for a nynorsk municipality: «Rettleiing», «ikkje relevant», …).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tilsyn.audit.selfassessment import (
    SelfAnswerInput,
    SelfAssessmentView,
    missing,
    options,
)
from tilsyn.files import OutputRules, write_file
from tilsyn.text import clean_text
from tilsyn.workbook import cells as C
from tilsyn.workbook import layout as L
from tilsyn.workbook import style as S
from tilsyn.workbook.checking import check_owned, open_workbook, refuse, stray_text
from tilsyn.workbook.metadata import oslo_now, write_metadata
from tilsyn.workbook.texts import text


def plan(view: SelfAssessmentView, malform: str = "bokmal") -> L.Layout:
    return L.plan_layout(view.checklist, [], kind=L.KIND_SELF_ASSESSMENT, malform=malform)


def build_self_assessment(
    view: SelfAssessmentView, *, user: str, malform: str, office: str | None = None
) -> tuple[Any, L.Layout]:
    """The self-assessment workbook (openpyxl) and its layout, wholly in ``malform``.

    Everything the municipality reads is in its language form: the checklist's texts
    (theme and requirement titles, questions, guidance), the sheet names, titles,
    column headings, instructions, the answer options of the drop-downs (``ikkje
    relevant``) and the drop-downs' error message.
    """
    from openpyxl import Workbook

    r = view.record
    cl = view.checklist
    lay = plan(view, malform)
    wb = Workbook()
    wb.remove(wb.active)
    lists = S.Lists(wb, malform)

    def t(key: str, **values: Any) -> str:
        return text(malform, key, **values)

    ws = wb.create_sheet(L.instructions_sheet(malform))
    sender = office or t("sender")
    title = cl.text_in("title", malform)
    S.title(
        ws,
        t("self_title", title=title),
        t("self_help", sender=sender),
        2,
        volatile=True,
    )
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 92
    facts = [
        (t("fact_municipality"), f"{r.municipality_number} {r.municipality_name}"),
        (t("fact_checklist"), t("fact_checklist_value", title=title, version=cl.version)),
        (t("fact_year"), str(r.year)),
        (t("fact_from"), sender),
    ]
    # The row for missing answers is always there (empty until a form comes back
    # incomplete), so the instructions keep their place when the form is sent back.
    gaps = missing(view) if r.status == "ufullstendig" else []
    facts.append(
        (t("fact_missing"), t("fact_missing_value", n=len(gaps), refs=", ".join(gaps)))
        if gaps
        else ("", "")
    )
    shown = {o.meaning: o.value_in(malform) for o in cl.answer_options}
    yes, no = shown.get("oppfylt", "ja"), shown.get("brudd", "nei")
    na = shown.get("ikke_relevant", "ikkje relevant" if malform == "nynorsk" else "ikke relevant")
    columns = L.self_theme_columns(malform)
    steps = [
        t("step_answer", yes=yes, no=no, na=na),
        t("step_explain", explain=columns[4][1], documents=columns[5][1]),
        t("step_guidance", sender=sender, no=no),
        t("step_participants"),
        t("step_no_names"),
        t("step_no_changes"),
        t("step_only_yellow"),
        t("step_return", sender=sender),
    ]
    offered = dict.fromkeys(
        o.value_in(malform) for _, _, q in cl.questions() for o in options(cl, q)
    )
    S.instructions(ws, facts, steps, list(offered), malform)
    S.fit_rows(ws, 3)
    S.print_setup(ws)
    ws.page_setup.orientation = "portrait"
    S.protect(ws)

    for ts in lay.themes:
        ws = wb.create_sheet(ts.name)
        S.title(
            ws,
            t("theme_title", ref=ts.theme_ref, title=ts.title),
            t("self_theme_help"),
            7,
        )
        S.headers(ws, columns)
        for row, kind, req, q in ts.rows:
            if kind == "krav":
                for col, *_ in columns:
                    S.style_cell(ws[f"{col}{row}"], fill=S.REQUIREMENT_FILL, bold=True)
                for col in "AB":
                    S.put_text(
                        ws,
                        f"{col}{row}",
                        lay.owned[(ts.name, f"{col}{row}")],
                        bold=True,
                        fill=S.REQUIREMENT_FILL,
                    )
                S.put_text(
                    ws,
                    f"G{row}",
                    req.text_in("requirement", malform),
                    fill=S.REQUIREMENT_FILL,
                    italic=True,
                )
                continue
            assert q is not None
            for col in "ABC":
                S.put_text(ws, f"{col}{row}", lay.owned[(ts.name, f"{col}{row}")], bold=col == "A")
            S.put_text(ws, f"G{row}", q.text_in("guidance", malform))
            a = view.answer(q.ref_id)
            chosen = cl.option_for(q, a.answer) if a else None
            S.input_cell(ws[f"D{row}"], chosen.value_in(malform) if chosen else None)
            S.input_cell(ws[f"E{row}"], a.explanation if a else None)
            S.input_cell(ws[f"F{row}"], a.document_refs if a else None)
            lists.validation(ws, [o.value_in(malform) for o in options(cl, q)]).add(f"D{row}")
        last = ts.rows[-1][0] if ts.rows else L.FIRST_ROW
        S.grid(ws, L.FIRST_ROW, last, "ABCDEFG")
        S.fit_rows(ws)
        S.protect(ws)
    lists.finish()
    wb.move_sheet(lists.ws, offset=len(wb.sheetnames) - 1 - wb.sheetnames.index(L.SHEET_LISTS))
    write_metadata(
        wb,
        {
            "format": L.WORKBOOK_FORMAT,
            "type": L.KIND_SELF_ASSESSMENT,
            "id": r.id,
            "uid": r.uid,
            "sjekkliste": r.checklist_id,
            "sjekklisteversjon": r.checklist_version,
            "eksportert": oslo_now(),
            "eksportert_av": user,
            "sjekksum": lay.checksum(),
            "malform": malform,
        },
    )
    wb.properties.title = clean_text(t("doc_title", title=title, municipality=r.municipality_name))
    wb.properties.creator = clean_text(office or user)
    wb.properties.lastModifiedBy = clean_text(office or user)
    wb.active = 0
    return wb, lay


def export_self_assessment(
    view: SelfAssessmentView,
    output: Path,
    *,
    user: str,
    rules: OutputRules,
    malform: str,
    office: str | None = None,
) -> Path:
    """Write the self-assessment workbook for ``view`` to ``output`` (atomically).

    The workbook is wholly in ``malform`` (the municipality's document language: nynorsk
    or bokmål, see :func:`build_self_assessment`). The language form is recorded in the
    metadata, so that import checks the question texts in the same form.
    """
    wb, _ = build_self_assessment(view, user=user, malform=malform, office=office)
    output = Path(output)
    return write_file(output, lambda tmp: wb.save(tmp), rules=rules, what="egenvurderingen")


STRAY_HINT = {
    "bokmal": "i kolonnen Forklaring (E) eller Kommunens dokumenter (F) på riktig rad",
    "nynorsk": "i kolonnen Forklaring (E) eller Dokument frå kommunen (F) på riktig rad",
}
"""Where text typed outside the input cells belongs (the message is for the auditor, in
bokmål; the column names are the form's own)."""


@dataclass(frozen=True)
class SelfAssessmentWorkbook:
    """What a validated self-assessment workbook holds for the store."""

    name: str
    sha256: str
    items: list[SelfAnswerInput]


def read_self_assessment_workbook(
    view: SelfAssessmentView, path: Path, *, office: str | None = None
) -> SelfAssessmentWorkbook:
    """Validate the filled workbook completely; every problem raises at once, naming sheet
    and cell (nothing is written by this module).

    Answers are accepted in bokmål and nynorsk («Ikkje relevant») and stored in the
    checklist's form. Text the municipality typed outside the input cells (a locked cell,
    a new row, a comment, a new sheet) and inserted or deleted rows refuse the file,
    naming the cells, so that nothing it wrote is dropped silently."""
    from tilsyn.files import sha256_file
    from tilsyn.workbook.style import written

    path = Path(path)
    r = view.record
    cl = view.checklist
    wb, meta = open_workbook(
        path,
        kind=L.KIND_SELF_ASSESSMENT,
        record_id=r.id,
        uid=r.uid,
        checklist_id=r.checklist_id,
        checklist_version=r.checklist_version,
    )
    digest = sha256_file(path)
    malform = meta.get("malform") if meta.get("malform") in ("bokmal", "nynorsk") else "bokmal"
    lay = plan(view, malform)
    errors: list[str] = []
    personal: list[str] = []
    unreadable = check_owned(wb, lay, meta, errors)
    again, _ = build_self_assessment(view, user="", malform=malform, office=office)
    stray_text(
        wb,
        written(again),
        lay,
        skip=unreadable,
        sheets=set(again.sheetnames),
        hint=STRAY_HINT[malform],
        errors=errors,
    )
    items = []
    for slot in lay.answers:
        if slot.sheet not in wb.sheetnames or slot.sheet in unreadable:
            continue
        ws = wb[slot.sheet]
        q = cl.question(slot.question_ref)
        offered = options(cl, q)
        values = [o.value_in(malform) for o in offered]
        cells = [ws[f"{c}{slot.row}"] for c in ("D", "E", "F")]
        if any(C.is_formula(c) for c in cells):
            errors.extend(C.formula_error(slot.sheet, c) for c in cells if C.is_formula(c))
            continue
        raw = C.as_text(cells[0].value)
        explanation = C.as_text(cells[1].value)
        docs = C.as_text(cells[2].value)
        for c, typed in ((cells[1], explanation), (cells[2], docs)):
            personal.extend(C.identity_errors(slot.sheet, c.coordinate, typed))
            errors.extend(C.length_errors(slot.sheet, c.coordinate, typed))
        if raw is None or not raw.strip():
            if explanation or docs:
                errors.append(
                    f"{C.where(slot.sheet, cells[0].coordinate)}: forklaring eller "
                    f"dokumenter er fylt inn, men svaret mangler (gyldige: "
                    f"{', '.join(values)})"
                )
            continue
        option = cl.option_for(q, raw.strip())
        if option is None or option not in offered:
            errors.append(C.answer_error(slot.sheet, cells[0].coordinate, raw.strip(), values))
            continue
        items.append(SelfAnswerInput(q.ref_id, option.value, explanation, docs))
    refuse(path.name, errors, personal)
    return SelfAssessmentWorkbook(path.name, digest, items)
