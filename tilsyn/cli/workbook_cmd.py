"""`tilsyn arbeidsbok ...`: export the scoring workbook to Excel and import it back."""

from __future__ import annotations

from pathlib import Path

import typer

from tilsyn.cli.common import app_context, audit_id
from tilsyn.cli.locale import NorwegianTyper
from tilsyn.cli.output import emit_json, say

app = NorwegianTyper(
    help="Arbeidsbok i Excel: vurder kontrollspørsmålene i Excel og importer svarene.",
    no_args_is_help=True,
)


@app.command("eksporter")
def export(
    ctx: typer.Context,
    tilsyn_id: str = typer.Argument(..., metavar="ID", help="Tilsynets id."),
    output: Path = typer.Option(..., "-o", "--utfil", help="Excel-filen som skrives (.xlsx)."),
    json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
) -> None:
    """Eksporter arbeidsboken (spørsmål, svar, deltakermapper, dokumenter) til Excel."""
    from tilsyn.app.workbooks import export_audit_workbook

    result = export_audit_workbook(app_context(ctx), audit_id(tilsyn_id), output)
    if json_out:
        emit_json(
            {
                "fil": str(result.path),
                "ark": result.sheets,
                "svarceller": result.slots,
                "besvart": result.answered,
                "sjekksum": result.checksum,
            }
        )
        return
    say(
        f"Skrev {result.path} ({len(result.sheets) - 2} ark, {result.slots} svarceller, "
        f"{result.answered} allerede besvart)."
    )
    say(
        f"Importer etter utfylling med: tilsyn arbeidsbok importer {tilsyn_id} "
        f"{result.path.name} --torrkjoring"
    )


@app.command("importer")
def import_(
    ctx: typer.Context,
    tilsyn_id: str = typer.Argument(..., metavar="ID", help="Tilsynets id."),
    fil: Path = typer.Argument(..., metavar="FIL", help="Utfylt arbeidsbok (.xlsx)."),
    torrkjoring: bool = typer.Option(
        False,
        "--torrkjoring",
        "--tørrkjøring",
        help="Vis hva som ville blitt endret; lagre ingenting.",
    ),
    overskriv: bool = typer.Option(
        False, "--overskriv", help="Erstatt lagrede svar som er forskjellige fra arbeidsboken."
    ),
    json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
) -> None:
    """Importer en utfylt arbeidsbok: alt kontrolleres først, så lagres alt eller ingenting."""
    from tilsyn.app.workbooks import change_lines, import_audit_workbook
    from tilsyn.cli import shapes

    result = import_audit_workbook(
        app_context(ctx), audit_id(tilsyn_id), fil, overwrite=overskriv, dry_run=torrkjoring
    )
    if json_out:
        emit_json(shapes.workbook_import(result))
        return
    head = "Tørrkjøring (ingenting lagret)" if torrkjoring else "Importert"
    say(f"{head}: {result.file} (sha256 {result.sha256[:12]}…)")
    say(
        f"  nye svar: {result.new}, endrede: {result.changed}, uendrede: {result.unchanged}"
        + (f", timeplaner: {result.timetables}" if result.timetables else "")
    )
    if result.kept:
        say(f"  {result.kept} lagrede svar står tomme i arbeidsboken og er beholdt.")
    for change, line in zip(result.changes[:50], change_lines(result.changes[:50]), strict=True):
        say(f"  {'+' if change.kind == 'ny' else '~'} {line.replace(': – → ', ': ')}")
    if len(result.changes) > 50:
        say(f"  … og {len(result.changes) - 50} til (se --json)")
    for p in result.proposals:
        who = f" / {p['deltaker']}" if p["deltaker"] else ""
        say(
            f"  Beregnet fra timeplanen: {p['sporsmal']}{who}: {p['forslag'] or '–'} "
            f"({p['forklaring'] or ''})".replace(" ()", "")
        )
