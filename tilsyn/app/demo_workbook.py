"""The Excel part of `tilsyn demo`: the auditor's workbook round trip and a municipal
self-assessment."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tilsyn.app.demo import DemoContext

SELF_ASSESSMENT_MUNICIPALITY = "0940"  # Valle (Aust-Agder, 2017): a nynorsk municipality


def demo_step(ctx: DemoContext) -> Iterator[str]:
    """Export, fill (as an auditor would) and import the workbook; then a self-assessment
    round-trip for a second municipality. Yields one line per step."""
    from tilsyn.app.workbooks import export_audit_workbook, import_audit_workbook
    from tilsyn.workbook.demo import fill_like_an_auditor

    s = ctx.app
    path = ctx.folder / f"arbeidsbok-tilsyn-{ctx.audit_id}.xlsx"
    result = export_audit_workbook(s, ctx.audit_id, path)
    yield (
        f"Arbeidsbok eksportert: {path.name} ({len(result.sheets) - 2} ark, "
        f"{result.slots} svarceller, {result.answered} besvart)"
    )

    filled, timetable = fill_like_an_auditor(path)
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
    from tilsyn.app import selfassessment as sa
    from tilsyn.workbook.demo import fill_self_assessment

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

    fill_self_assessment(path, view, sa.language_of(s, view))
    result = sa.import_form(s, record.id, path)
    yield (
        f"Egenvurdering lest inn: {result.new} svar, status {result.status}"
        + (f" (mangler {', '.join(result.missing)})" if result.missing else "")
    )
    docx = ctx.folder / f"egenvurdering-{record.id}.docx"
    sa.write_report(s, record.id, docx, today=ctx.today)
    yield f"Oversikt over egenvurderingen: {docx.name}"
