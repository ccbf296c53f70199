"""Demo step for issue 5: the auditor's Excel round-trip and a municipal self-assessment."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from tilsyn.files import NO_WORKSPACE, write_file

if TYPE_CHECKING:
    from tilsyn.app.demo import DemoContext

SELF_ASSESSMENT_MUNICIPALITY = "0940"  # Valle (Aust-Agder, 2017): a nynorsk municipality


def demo_step(ctx: DemoContext) -> Iterator[str]:
    """Export, fill (as an auditor would) and import the workbook; then a self-assessment
    round-trip for a second municipality. Yields one line per step."""
    from openpyxl import load_workbook

    from tilsyn.app.workbooks import export_audit_workbook, import_audit_workbook
    from tilsyn.workbook import layout as L

    s = ctx.app
    path = ctx.folder / f"arbeidsbok-tilsyn-{ctx.audit_id}.xlsx"
    result = export_audit_workbook(s, ctx.audit_id, path)
    yield (
        f"Arbeidsbok eksportert: {path.name} ({len(result.sheets) - 2} ark, "
        f"{result.slots} svarceller, {result.answered} besvart)"
    )

    wb = load_workbook(path)
    filled = 0
    if L.SHEET_FILES in wb.sheetnames:
        ws = wb[L.SHEET_FILES]
        for r in range(L.FIRST_ROW, min(ws.max_row, L.FIRST_ROW + 3) + 1):
            if not ws[f"D{r}"].value:
                ws[f"D{r}"] = "ja"
            ws[f"E{r}"] = "Kontrollert i mappen under stedlig tilsyn (fylt ut i Excel)."
            filled += 1
    timetable = next((n for n in wb.sheetnames if n.startswith(L.TIMETABLE_PREFIX)), None)
    if timetable and not wb[timetable][f"A{L.FIRST_ROW}"].value:
        ws = wb[timetable]
        for i, (name, kind, minutes, lessons) in enumerate(
            [
                ("Norskopplæring", "norsk", None, 15),
                ("Samfunnskunnskap", "samfunnskunnskap", None, 3),
                ("Arbeidspraksis i barnehage", "annet", 900, None),
                ("Veiledning hos programrådgiver", "annet", 60, None),
            ]
        ):
            r = L.FIRST_ROW + i
            ws[f"A{r}"], ws[f"B{r}"], ws[f"C{r}"], ws[f"D{r}"] = name, kind, minutes, lessons
    write_file(path, lambda tmp: wb.save(tmp), rules=NO_WORKSPACE, what="arbeidsboken")
    yield f"Fylt ut i Excel: {filled} observasjoner" + (
        f" og timeplanen på arket «{timetable}»" if timetable else ""
    )

    plan = import_audit_workbook(s, ctx.audit_id, path, dry_run=True)
    yield (f"Tørrkjøring: {plan.new} nye, {plan.changed} endrede, {plan.unchanged} uendrede svar")
    done = import_audit_workbook(s, ctx.audit_id, path)
    yield (
        f"Arbeidsbok importert (sha256 {done.sha256[:12]}…): {done.new} nye og "
        f"{done.changed} endrede svar, {done.timetables} timeplan(er) logget"
    )
    for p in done.proposals:
        yield (
            f"  Full tid beregnet på nytt fra timeplanen: {p['sporsmal']} / "
            f"{p['deltaker']}: {p['forslag']} ({p['forklaring']})"
        )
    yield from self_assessment_step(ctx)


def self_assessment_step(ctx: DemoContext) -> Iterator[str]:
    """Create, export, fill, import and report a self-assessment."""
    from openpyxl import load_workbook

    from tilsyn.app import selfassessment as sa
    from tilsyn.workbook import layout as L

    s = ctx.app
    record = sa.create(
        s,
        municipality=SELF_ASSESSMENT_MUNICIPALITY,
        checklist="helarig-fulltid",
        year=ctx.today.year,
    )
    ctx.self_assessment_ids.append(record.id)
    yield (
        f"Egenvurdering {record.id} opprettet: {record.municipality_number} "
        f"{record.municipality_name}, {record.checklist_id} {record.year}"
    )
    view = sa.get(s, record.id)
    path = ctx.folder / f"egenvurdering-{record.id}.xlsx"
    sa.export_form(s, record.id, path)
    yield f"Skjema til kommunen: {path.name}"

    wb = load_workbook(path)
    malform = sa.language_of(s, view)
    lay = L.plan_layout(view.checklist, [], kind=L.KIND_SELF_ASSESSMENT, malform=malform)
    for slot in lay.answers:
        ws = wb[slot.sheet]
        breach = slot.question_ref in ("A1.2", "A2.4")
        ws[f"D{slot.row}"] = "nei" if breach else "ja"
        ws[f"E{slot.row}"] = (
            "Voksenopplæringen følger skoleruten; i sommerferien er det ikke tilbud til alle."
            if breach
            else "Sikret i rutinen."
        )
        ws[f"F{slot.row}"] = "Rutine for introduksjonsprogrammet (2016)"
    write_file(path, lambda tmp: wb.save(tmp), rules=NO_WORKSPACE, what="arbeidsboken")
    result = sa.import_form(s, record.id, path)
    yield (
        f"Egenvurdering lest inn: {result.new} svar, status {result.status}"
        + (f" (mangler {', '.join(result.missing)})" if result.missing else "")
    )
    docx = ctx.folder / f"egenvurdering-{record.id}.docx"
    sa.write_report(s, record.id, docx, today=ctx.today)
    yield f"Oversikt over egenvurderingen: {docx.name}"
