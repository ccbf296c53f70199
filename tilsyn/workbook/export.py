"""Export the auditor's scoring workbook (arbeidsbok) for one audit.

Sheets (see docs/arbeidsbok.md): Veiledning; one sheet per theme; Deltakermapper (one
row per sampled file × deltaker question, with answer, observation and sources);
Oversikt deltakere (read-only matrix of files × questions); Dokumenter (the register,
read-only); a timetable sheet per sampled file when the checklist computes full time;
and the hidden Lister and Metadata sheets.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from tilsyn.audit.models import AuditView
from tilsyn.files import OutputRules, write_file
from tilsyn.text import clean_text
from tilsyn.workbook import layout as L
from tilsyn.workbook import style as S
from tilsyn.workbook.metadata import oslo_now, write_metadata


@dataclass(frozen=True)
class ExportResult:
    """What was exported."""

    path: Path
    sheets: list[str]
    slots: int
    answered: int
    checksum: str


def timetable_of(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The stored timetable of a participant (list of activities), or []."""
    value = data.get("timeplan")
    return [dict(x) for x in value if isinstance(x, dict)] if isinstance(value, list) else []


def full_time_text(activities: list[dict[str, Any]], *, substantial_own_work: bool = False) -> str:
    """The computed full-time verdict for a stored timetable, as text."""
    from tilsyn.audit.checks import Activity, full_time
    from tilsyn.errors import TilsynError

    if not activities:
        return "Ingen timeplan er registrert ennå; fyll inn en typisk uke."
    try:
        acts = [
            Activity(
                name=str(a.get("aktivitet") or ""),
                kind=a.get("type", "annet"),
                minutes=int(a.get("minutter") or 0),
                lessons=int(a.get("leksjoner") or 0),
            )
            for a in activities
        ]
    except (TilsynError, TypeError, ValueError) as exc:
        return f"Kan ikke beregnes: {exc}"
    result = full_time(acts, substantial_own_work=substantial_own_work)
    return f"{result.explanation} Foreslått svar: {result.answer}."


def proposal_text(answer: str | None, note: str | None) -> str | None:
    """A proposal as shown in the Forslag column: «nei: Det mangler …»."""
    if not answer and not note:
        return None
    return f"{answer}: {note or ''}".strip(": ") if answer else note


def build_audit_workbook(view: AuditView, *, user: str) -> tuple[Any, L.Layout]:
    """The workbook (openpyxl) and its layout for ``view``."""
    from openpyxl import Workbook

    a = view.audit
    cl = view.checklist
    people = [p.pseudonym for p in view.participants()]
    data = {p.pseudonym: p.data for p in view.participants()}
    tt_counts = {p: len(timetable_of(d)) for p, d in data.items()}
    lay = L.plan_layout(cl, people, kind=L.KIND_AUDIT, timetable_rows=tt_counts)
    answers = {(x.question_ref, x.participant): x for x in view.answers}

    wb = Workbook()
    wb.remove(wb.active)
    lists = S.Lists(wb)
    _instructions(wb, view, lay)

    # --- theme sheets ---
    for ts in lay.themes:
        ws = wb.create_sheet(ts.name)
        S.title(
            ws,
            f"Tema {ts.theme_ref}: {ts.title}",
            "Fyll inn de gule cellene. Spørsmål som besvares per deltakermappe, "
            f"fylles inn på arket «{L.SHEET_FILES}».",
            8,
        )
        S.headers(ws, L.AUDIT_THEME_COLUMNS)
        for row, kind, req, q in ts.rows:
            if kind == "krav":
                for col, *_ in L.AUDIT_THEME_COLUMNS:
                    S.style_cell(ws[f"{col}{row}"], fill=S.REQUIREMENT_FILL, bold=True)
                S.put_text(
                    ws,
                    f"A{row}",
                    lay.owned[(ts.name, f"A{row}")],
                    bold=True,
                    fill=S.REQUIREMENT_FILL,
                )
                S.put_text(
                    ws,
                    f"B{row}",
                    lay.owned[(ts.name, f"B{row}")],
                    bold=True,
                    fill=S.REQUIREMENT_FILL,
                )
                S.put_text(ws, f"G{row}", req.requirement, fill=S.REQUIREMENT_FILL, italic=True)
                continue
            assert q is not None
            for col in "ABC":
                S.put_text(ws, f"{col}{row}", lay.owned[(ts.name, f"{col}{row}")], bold=col == "A")
            S.put_text(ws, f"G{row}", q.guidance)
            S.put_text(ws, f"H{row}", "\n".join(f"• {e}" for e in q.evidence))
            if q.scope == "deltaker":
                S.put_text(
                    ws,
                    f"D{row}",
                    f"Per mappe → {L.SHEET_FILES}",
                    italic=True,
                    fill=S.LOCKED_FILL,
                    color="595959",
                )
                for col in "EF":
                    S.style_cell(ws[f"{col}{row}"], fill=S.LOCKED_FILL)
                continue
            _answer_cells(ws, row, answers.get((q.ref_id, "")))
            lists.validation(ws, [o.value for o in cl.options_for(q)]).add(f"D{row}")
        last = ts.rows[-1][0] if ts.rows else L.FIRST_ROW
        S.grid(ws, L.FIRST_ROW, last, "ABCDEFGH")
        S.highlight(ws, f"D{L.FIRST_ROW}:D{last}", _breach_values(cl))
        S.fit_rows(ws)
        S.protect(ws)

    # --- Deltakermapper (long format) and the matrix ---
    if lay.file_rows:
        _files(wb, view, lay, answers, lists)
        _matrix(wb, lay, cl)

    _documents(wb, view)
    for tt in lay.timetables:
        facts = data.get(tt.participant, {})
        _timetable(
            wb,
            tt,
            timetable_of(facts),
            lists,
            substantial_own_work=bool(facts.get("betydelig_egeninnsats")),
        )
    lists.finish()
    wb.move_sheet(lists.ws, offset=len(wb.sheetnames) - 1 - wb.sheetnames.index(L.SHEET_LISTS))

    write_metadata(
        wb,
        {
            "format": L.WORKBOOK_FORMAT,
            "type": L.KIND_AUDIT,
            "id": a.id,
            "uid": a.uid,
            "sjekkliste": a.checklist_id,
            "sjekklisteversjon": a.checklist_version,
            "eksportert": oslo_now(),
            "eksportert_av": user,
            "sjekksum": lay.checksum(),
        },
    )
    wb.properties.title = clean_text(f"Arbeidsbok – {a.title}")
    wb.properties.creator = clean_text(user)
    wb.properties.subject = f"Tilsyn {a.id} ({a.checklist_id} {a.checklist_version})"
    wb.active = 0
    return wb, lay


def _breach_values(cl: Any) -> list[str]:
    """Answer values that indicate a violation (highlighted in the sheets)."""
    values = {o.value for o in cl.answer_options if o.meaning == "brudd"}
    for _, _, q in cl.questions():
        values |= {o.value for o in cl.options_for(q) if o.meaning == "brudd"}
    return sorted(values)


def _files(
    wb: Any, view: AuditView, lay: L.Layout, answers: dict[tuple[str, str], Any], lists: S.Lists
) -> None:
    """Deltakermapper: one row per sampled file × deltaker question."""
    from tilsyn.audit.checks import propose

    cl = view.checklist
    timetable_sheets = {tt.participant: tt.name for tt in lay.timetables}
    ws = wb.create_sheet(L.SHEET_FILES)
    S.title(
        ws,
        "Deltakermapper: ett svar per mappe og kontrollspørsmål",
        "Filtrer på deltaker eller ref. Svar, observasjon og kilder (dokumentnumre, "
        "f.eks. 3, 7) fylles i de gule cellene. Avviker svaret fra forslaget i kolonne G, "
        "skriv en begrunnelse i kolonne H.",
        8,
    )
    S.headers(ws, L.FILES_COLUMNS)
    ws.freeze_panes = f"D{L.FIRST_ROW}"
    band = False
    previous = None
    for slot in lay.file_rows:
        if slot.participant != previous:
            band = not band
            previous = slot.participant
        fill = "FFFFFF" if band else "F7F9FC"
        q = cl.question(slot.question_ref)
        r = slot.row
        for col in "ABC":
            S.put_text(
                ws, f"{col}{r}", lay.owned[(L.SHEET_FILES, f"{col}{r}")], bold=col == "A", fill=fill
            )
        stored = answers.get((slot.question_ref, slot.participant))
        _answer_cells(ws, r, stored)
        if q.computed_check is None:
            for col in (L.PROPOSAL_COL, L.REASON_COL):
                S.put_text(ws, f"{col}{r}", None, fill=S.LOCKED_FILL)
            continue
        if stored is not None and (stored.proposed or stored.proposed_note):
            shown = proposal_text(stored.proposed, stored.proposed_note)
        else:
            prop = propose(view, q.ref_id, slot.participant, today=date.today())
            shown = proposal_text(prop.answer, prop.note) if prop else None
        if shown is None and q.computed_check == "fulltid" and slot.participant in timetable_sheets:
            shown = (
                f"Ingen timeplan ennå: fyll inn arket «{timetable_sheets[slot.participant]}»"
                " og importer, så beregnes forslaget."
            )
        S.put_text(
            ws,
            f"{L.PROPOSAL_COL}{r}",
            shown or "Ingen beregning (mangler opplysninger)",
            fill=S.LOCKED_FILL,
            italic=True,
            color="404040",
            volatile=True,
        )
        S.input_cell(ws[f"{L.REASON_COL}{r}"], stored.override_reason if stored else None)
    dv_by_q: dict[str, Any] = {}
    for slot in lay.file_rows:
        q = cl.question(slot.question_ref)
        if q.ref_id not in dv_by_q:
            dv_by_q[q.ref_id] = lists.validation(ws, [o.value for o in cl.options_for(q)])
        dv_by_q[q.ref_id].add(f"D{slot.row}")
    last = lay.file_rows[-1].row
    ws.auto_filter.ref = f"A{L.HEADER_ROW}:H{last}"
    S.grid(ws, L.FIRST_ROW, last, "ABCDEFGH")
    S.highlight(ws, f"D{L.FIRST_ROW}:D{last}", _breach_values(cl))
    S.fit_rows(ws)
    S.protect(ws)


def _answer_cells(ws: Any, row: int, stored: Any) -> None:
    S.input_cell(ws[f"D{row}"], stored.answer if stored else None)
    S.input_cell(ws[f"E{row}"], stored.observation if stored else None)
    sources = ", ".join(str(n) for n in stored.sources) if stored and stored.sources else None
    S.input_cell(ws[f"F{row}"], sources)


def _instructions(wb: Any, view: AuditView, lay: L.Layout) -> None:
    a = view.audit
    cl = view.checklist
    ws = wb.create_sheet(L.SHEET_INSTRUCTIONS)
    S.title(ws, f"Arbeidsbok for tilsyn {a.id}: {a.title}", None, 2, volatile=True)
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 92
    facts = [
        ("Kommune", f"{a.municipality_number} {a.municipality_name}"),
        ("Sjekkliste", f"{cl.title} ({cl.id}, versjon {cl.version})"),
        ("Saksnummer", a.case_number or "–"),
        ("Tilsynsleder", a.lead or "–"),
        (
            "Utvalg",
            f"{len(view.participants())} deltakermapper" if view.sample else "ikke trukket ennå",
        ),
        ("Eksportert", oslo_now().strftime("%d.%m.%Y kl. %H:%M")),
    ]
    options = []
    for o in cl.answer_options:
        options.append(f"«{o.value}» ({o.meaning.replace('_', ' ')})")
    steps = [
        "Svar i de gule cellene. Svaret velges fra nedtrekkslisten; observasjon er fri tekst; "
        "kilder er dokumentnumre fra arket «Dokumenter», skilt med komma (f.eks. 1, 4).",
        "Spørsmål som gjelder kommunen, besvares på temaarket. Spørsmål som vurderes per "
        f"deltakermappe, besvares på arket «{L.SHEET_FILES}» (én rad per mappe og spørsmål; "
        f"bruk filteret). «{L.SHEET_MATRIX}» viser svarene samlet og kan ikke redigeres.",
        "Id-er, spørsmålstekst og hjemmel er låst og kontrolleres ved import. Ikke endre "
        "arknavn, flytt, sett inn eller slett rader, eller lim inn formler.",
        "En tom svarcelle endrer ingenting i tilsynet. Observasjon uten svar lagres som "
        "«ikke vurdert».",
        f"For spørsmål med beregning (planfrist, helårig, full tid) viser «{L.SHEET_FILES}» "
        "forslaget fra beregningen i kolonne G. Svarer du noe annet, skriv begrunnelsen i "
        "kolonne H; uten begrunnelse avvises importen, som i tilsyn vurder --begrunnelse.",
        "Importer med: tilsyn arbeidsbok importer "
        f"{a.id} FIL.xlsx --torrkjoring (viser hva som endres), deretter uten --torrkjoring. "
        "Svar som avviker fra det som er lagret, erstattes bare med --overskriv.",
        "Ikke skriv fødselsnummer, D-nummer eller navn på deltakere; bruk pseudonymene.",
        "Skriv bare i de gule cellene. Tekst i andre celler, i nye rader eller i "
        "kommentarer kan ikke leses inn: importen avvises og sier hvilke celler det gjelder.",
    ]
    if lay.timetables:
        steps.append(
            "Timeplanarkene viser en typisk uke per deltakermappe. Sum og vurdering "
            "av full tid (37,5 timer, eller 30 timer når tiltakene krever betydelig "
            "egeninnsats; 45 minutters undervisning i norsk eller samfunnskunnskap "
            "teller 75 minutter; ved 30-timersnormen 45 minutter, men 37,5 timer regnet med "
            "75 minutter holder alltid) beregnes fortløpende. "
            "Ved import lagres timeplanen, og forslaget til svar på full tid beregnes på "
            "nytt for den mappen."
        )
    row = S.instructions(ws, facts, steps, list(options))
    row += 1
    S.put_text(ws, f"A{row}", "Fargene", bold=True)
    S.put_text(
        ws,
        f"B{row}",
        "Gul: fylles ut. Grå: fylles ut et annet sted eller beregnes. "
        "Lyseblå: kravet spørsmålene hører til. Rød: svar som tyder på lovbrudd.",
    )
    S.fit_rows(ws, 3)
    S.print_setup(ws)
    ws.page_setup.orientation = "portrait"
    S.protect(ws)


def _matrix(wb: Any, lay: L.Layout, cl: Any) -> None:
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(L.SHEET_MATRIX)
    refs = list(dict.fromkeys(s.question_ref for s in lay.file_rows))
    people = list(dict.fromkeys(s.participant for s in lay.file_rows))
    cols = [("A", "Deltaker", 14)] + [
        (get_column_letter(i + 2), ref, 9) for i, ref in enumerate(refs)
    ]
    S.title(
        ws,
        "Oversikt: svar per deltakermappe (bare visning)",
        f"Oppdateres automatisk fra arket «{L.SHEET_FILES}». Spørsmålsteksten står på temaarkene.",
        len(cols),
    )
    S.headers(ws, cols)
    for col, *_ in cols[1:]:
        ws[f"{col}{L.HEADER_ROW}"].alignment = Alignment(horizontal="center", vertical="center")
    ws.freeze_panes = f"B{L.FIRST_ROW}"
    where = {(s.participant, s.question_ref): s.row for s in lay.file_rows}
    for i, p in enumerate(people):
        r = L.FIRST_ROW + i
        S.put_text(ws, f"A{r}", p, bold=True)
        for j, ref in enumerate(refs):
            src = where[(p, ref)]
            cell = ws.cell(row=r, column=j + 2)
            # Template-owned formula (not user text); shows '' for an empty answer.
            cell.value = f"=IF('{L.SHEET_FILES}'!D{src}=\"\",\"\",'{L.SHEET_FILES}'!D{src})"
            S.mark(ws, cell.coordinate, S.FORMULA)
            S.style_cell(cell, wrap=False)
            cell.alignment = Alignment(horizontal="center", vertical="top")
    last_col = get_column_letter(len(refs) + 1)
    last_row = L.FIRST_ROW + len(people) - 1
    S.grid(ws, L.FIRST_ROW, last_row, [c for c, *_ in cols])
    S.highlight(ws, f"B{L.FIRST_ROW}:{last_col}{last_row}", _breach_values(cl))
    S.protect(ws)


def _documents(wb: Any, view: AuditView) -> None:
    ws = wb.create_sheet(L.SHEET_DOCUMENTS)
    cols = (
        ("A", "Nr.", 6),
        ("B", "Tittel", 60),
        ("C", "Dato", 12),
        ("D", "Type", 20),
        ("E", "Fil", 40),
    )
    S.title(
        ws,
        "Dokumentregister (bare visning)",
        "Bruk numrene som kilder. Nye dokumenter registreres med tilsyn dokument.",
        5,
    )
    S.headers(ws, cols)
    ws.freeze_panes = f"A{L.FIRST_ROW}"
    from openpyxl.styles import Alignment

    for i, d in enumerate(view.documents):
        r = L.FIRST_ROW + i
        ws[f"A{r}"] = d.number
        S.mark(ws, f"A{r}", S.VOLATILE)
        S.style_cell(ws[f"A{r}"], bold=True)
        ws[f"A{r}"].alignment = Alignment(horizontal="center", vertical="top")
        S.put_text(ws, f"B{r}", d.title, volatile=True)
        S.style_cell(ws[f"C{r}"])
        if d.date:
            ws[f"C{r}"] = d.date
            S.mark(ws, f"C{r}", S.VOLATILE)
            ws[f"C{r}"].number_format = "DD.MM.YYYY"
            ws[f"C{r}"].alignment = Alignment(horizontal="left", vertical="top")
        S.put_text(ws, f"D{r}", d.type, volatile=True)
        S.put_text(ws, f"E{r}", Path(d.path).name if d.path else None, volatile=True)
    if view.documents:
        S.grid(ws, L.FIRST_ROW, L.FIRST_ROW + len(view.documents) - 1, "ABCDE")
    else:
        S.put_text(
            ws,
            f"B{L.FIRST_ROW}",
            "Ingen dokumenter er registrert ennå.",
            italic=True,
            volatile=True,
        )
    S.fit_rows(ws)
    S.protect(ws)


def _timetable(
    wb: Any,
    tt: L.TimetableSheet,
    activities: list[dict[str, Any]],
    lists: S.Lists,
    *,
    substantial_own_work: bool = False,
) -> None:
    from openpyxl.styles import Alignment

    ws = wb.create_sheet(tt.name)
    S.put_text(
        ws,
        "A1",
        L.timetable_title(tt.participant),
        bold=True,
        size=14,
        color=S.HEADER_FILL,
        wrap=False,
    )
    S.put_text(
        ws,
        "A2",
        "Én rad per aktivitet i en typisk uke. Oppgi enten minutter "
        "(klokketid) eller antall undervisningstimer à 45 minutter.",
        italic=True,
        wrap=False,
        color="595959",
    )
    S.headers(ws, L.TIMETABLE_COLUMNS)
    ws.freeze_panes = f"A{L.FIRST_ROW}"
    dv = lists.validation(ws, list(L.TIMETABLE_KINDS), prefix="type")
    first = L.FIRST_ROW
    last = first + tt.rows - 1
    for i in range(tt.rows):
        r = first + i
        act = activities[i] if i < len(activities) else {}
        S.input_cell(ws[f"A{r}"], act.get("aktivitet"))
        S.input_cell(ws[f"B{r}"], act.get("type"))
        S.input_cell(ws[f"C{r}"], act.get("minutter") or None, text=False)
        S.input_cell(ws[f"D{r}"], act.get("leksjoner") or None, text=False)
        dv.add(f"B{r}")
        ws[f"E{r}"] = (
            f'=IF(OR(B{r}="norsk",B{r}="samfunnskunnskap"),'
            f"(N(C{r})+N(D{r})*45)*75/45,N(C{r})+N(D{r})*45)"
        )
        S.style_cell(ws[f"E{r}"], fill=S.LOCKED_FILL)
        ws[f"E{r}"].number_format = '0;-0;""'  # empty rows show nothing, not 0
    S.grid(ws, first, last, "ABCDE")
    required = 30 if substantial_own_work else 37.5
    required_text = "30" if substantial_own_work else "37,5"
    total = last + 2
    S.put_text(ws, f"A{total}", L.TIMETABLE_SUM_LABEL, bold=True)
    ws[f"E{total}"] = f"=SUM(E{first}:E{last})/60"
    ws[f"E{total}"].number_format = "0.0"
    S.style_cell(ws[f"E{total}"], bold=True)
    label = f"Full tid (minst {required_text} timer"
    label += ", betydelig egeninnsats)?" if substantial_own_work else ")?"
    S.put_text(ws, f"A{total + 1}", label, bold=True)
    if substantial_own_work:
        # Under the 30-hour norm a lesson counts 45 minutes, unless the week reaches 37.5
        # hours at 75 minutes (tilsyn.audit.checks.full_time).
        clock = f"(SUM(C{first}:C{last})+SUM(D{first}:D{last})*45)/60"
        ws[f"E{total + 1}"] = f'=IF(OR({clock}>={required},E{total}>=37.5),"ja","nei")'
    else:
        ws[f"E{total + 1}"] = f'=IF(E{total}>={required},"ja","nei")'
    S.style_cell(ws[f"E{total + 1}"], bold=True)
    ws[f"E{total + 1}"].alignment = Alignment(horizontal="right", vertical="top")
    S.put_text(ws, f"A{total + 3}", "Beregnet av tilsyn ved eksport:", italic=True, bold=True)
    note = full_time_text(activities, substantial_own_work=substantial_own_work)
    S.put_text(ws, f"A{total + 4}", note, italic=True)
    ws.merge_cells(f"A{total + 4}:E{total + 4}")
    width = sum(w for _, _, w in L.TIMETABLE_COLUMNS)
    S.fit_rows(ws)  # skips the merged note row, sized here:
    ws.row_dimensions[total + 4].height = S.text_lines(note, width) * S.LINE_HEIGHT + 4
    S.print_setup(ws, repeat_rows=f"{L.HEADER_ROW}:{L.HEADER_ROW}")
    ws.page_setup.orientation = "portrait"
    S.protect(ws)


def export_audit_workbook(
    view: AuditView, output: Path, *, user: str, rules: OutputRules
) -> ExportResult:
    """Write the auditor workbook for ``view`` to ``output`` (atomically)."""

    output = Path(output)
    wb, lay = build_audit_workbook(view, user=user)
    write_file(output, lambda tmp: wb.save(tmp), rules=rules, what="arbeidsboken")
    answered = sum(1 for s in lay.answers if view.answer(s.question_ref, s.participant) is not None)
    return ExportResult(
        output, [ws.title for ws in wb.worksheets], len(lay.answers), answered, lay.checksum()
    )
