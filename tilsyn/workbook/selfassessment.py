"""The self-assessment workbook (egenvurdering): export for the municipality, import back.

One sheet per theme with ref, question, legal basis, answer (ja/nei/ikke relevant from a
drop-down), explanation, the municipality's documents and the guidance next to each
question. No auditor fields, no sampled files. Same safety, metadata and
template-cell checks as the auditor workbook.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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
from tilsyn.workbook.checking import check_owned, open_workbook, refuse
from tilsyn.workbook.metadata import oslo_now, write_metadata


def plan(view: SelfAssessmentView, malform: str = "bokmal") -> L.Layout:
    return L.plan_layout(view.checklist, [], kind=L.KIND_SELF_ASSESSMENT, malform=malform)


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

    The checklist's texts (theme and requirement titles, questions, guidance) are in
    ``malform`` (the municipality's document language: nynorsk or bokmål).
    The language form is recorded in the metadata, so that import checks the question
    texts in the same form.
    """
    from openpyxl import Workbook

    r = view.record
    cl = view.checklist
    lay = plan(view, malform)
    wb = Workbook()
    wb.remove(wb.active)
    lists = S.Lists(wb)

    ws = wb.create_sheet(L.SHEET_INSTRUCTIONS)
    sender = office or "Statsforvalteren"
    S.title(
        ws,
        f"Egenvurdering: {cl.title}",
        f"{sender} ber kommunen vurdere sin egen praksis ut fra kontrollspørsmålene på de "
        "neste arkene.",
        2,
    )
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 92
    facts = [
        ("Kommune", f"{r.municipality_number} {r.municipality_name}"),
        ("Sjekkliste", f"{cl.title} (versjon {cl.version})"),
        ("År", str(r.year)),
        ("Fra", sender),
    ]
    if r.status == "ufullstendig":
        gaps = missing(view)
        facts.append(
            (
                "Mangler svar",
                f"Skjemaet er sendt tilbake fordi {len(gaps)} "
                f"spørsmål mangler svar: {', '.join(gaps)}. Svarene dere allerede har "
                "gitt, står i skjemaet.",
            )
        )
    steps = [
        "Svar på hvert kontrollspørsmål i de gule cellene. Velg «ja» når kommunens praksis "
        "oppfyller kravet, «nei» når den ikke gjør det, og «ikke relevant» når spørsmålet "
        "ikke gjelder kommunen.",
        "Forklar kort hvordan kommunen arbeider (kolonnen Forklaring), og vis til kommunens "
        "egne dokumenter (rutiner, maler, vedtak) i kolonnen Kommunens dokumenter.",
        f"Veiledningen til høyre er den samme som {sender} bruker ved tilsyn: den "
        "forklarer hva spørsmålet gjelder, hva tilsynet ser etter og når svaret er «nei».",
        "Spørsmål som gjelder den enkelte deltaker, besvarer dere for kommunens praksis samlet.",
        "Ikke skriv navn, fødselsnummer eller D-nummer på deltakere.",
        "Ikke endre arknavn, id-er eller spørsmålstekst, og ikke lim inn formler; filen "
        "kontrolleres når den leses inn.",
        f"Lagre filen som Excel-arbeidsbok (.xlsx) og send den tilbake til {sender}. "
        "Mangler det svar, får dere skjemaet tilbake med en liste over hva som mangler.",
    ]
    offered = dict.fromkeys(o.value for _, _, q in cl.questions() for o in options(cl, q))
    S.instructions(ws, facts, steps, list(offered))
    S.fit_rows(ws, 3)
    S.print_setup(ws)
    ws.page_setup.orientation = "portrait"
    S.protect(ws)

    for ts in lay.themes:
        ws = wb.create_sheet(ts.name)
        S.title(
            ws,
            f"Tema {ts.theme_ref}: {ts.title}",
            "Fyll inn de gule cellene. Veiledningen står til høyre.",
            7,
        )
        S.headers(ws, L.SELF_THEME_COLUMNS)
        for row, kind, req, q in ts.rows:
            if kind == "krav":
                for col, *_ in L.SELF_THEME_COLUMNS:
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
            S.input_cell(ws[f"D{row}"], a.answer if a else None)
            S.input_cell(ws[f"E{row}"], a.explanation if a else None)
            S.input_cell(ws[f"F{row}"], a.document_refs if a else None)
            lists.validation(ws, [o.value for o in options(cl, q)]).add(f"D{row}")
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
    wb.properties.title = clean_text(f"Egenvurdering – {cl.title} – {r.municipality_name}")
    wb.properties.creator = clean_text(office or user)
    wb.active = 0
    output = Path(output)
    return write_file(output, lambda tmp: wb.save(tmp), rules=rules, what="egenvurderingen")


@dataclass(frozen=True)
class SelfAssessmentWorkbook:
    """What a validated self-assessment workbook holds for the store."""

    name: str
    sha256: str
    items: list[SelfAnswerInput]


def read_self_assessment_workbook(view: SelfAssessmentView, path: Path) -> SelfAssessmentWorkbook:
    """Validate the filled workbook completely; every problem raises at once, naming sheet
    and cell (nothing is written by this module)."""
    from tilsyn.files import sha256_file

    path = Path(path)
    r = view.record
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
    check_owned(wb, lay, meta, errors)
    items = []
    for slot in lay.answers:
        if slot.sheet not in wb.sheetnames:
            continue
        ws = wb[slot.sheet]
        q = view.checklist.question(slot.question_ref)
        values = [o.value for o in options(view.checklist, q)]
        cells = [ws[f"{c}{slot.row}"] for c in ("D", "E", "F")]
        if any(C.is_formula(c) for c in cells):
            errors.extend(C.formula_error(slot.sheet, c) for c in cells if C.is_formula(c))
            continue
        raw = C.as_text(cells[0].value)
        explanation = C.as_text(cells[1].value)
        docs = C.as_text(cells[2].value)
        for c, text in ((cells[1], explanation), (cells[2], docs)):
            personal.extend(C.identity_errors(slot.sheet, c.coordinate, text))
            errors.extend(C.length_errors(slot.sheet, c.coordinate, text))
        if raw is None or not raw.strip():
            if explanation or docs:
                errors.append(
                    f"{C.where(slot.sheet, cells[0].coordinate)}: forklaring eller "
                    f"dokumenter er fylt inn, men svaret mangler (gyldige: "
                    f"{', '.join(values)})"
                )
            continue
        answer = C.choose_option(raw, values)
        if answer is None:
            errors.append(C.answer_error(slot.sheet, cells[0].coordinate, raw.strip(), values))
            continue
        items.append(SelfAnswerInput(q.ref_id, answer, explanation, docs))
    refuse(path.name, errors, personal)
    return SelfAssessmentWorkbook(path.name, digest, items)
