"""`tilsyn arbeidsbok ...`: export the scoring workbook to Excel and import it back."""

from __future__ import annotations

from pathlib import Path

import typer

from tilsyn.cli.common import audit_id, session
from tilsyn.cli.output import emit_json, say

app = typer.Typer(help="Arbeidsbok i Excel: vurder kontrollspørsmålene i Excel og importer "
                  "svarene.", no_args_is_help=True)


@app.command("eksporter")
def export(
    tilsyn_id: str = typer.Argument(..., metavar="ID", help="Tilsynets id."),
    output: Path = typer.Option(..., "-o", "--utfil", help="Excel-filen som skrives "
                                "(.xlsx)."),
    json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
) -> None:
    """Eksporter arbeidsboken (spørsmål, svar, deltakermapper, dokumenter) til Excel."""
    from tilsyn.workbook.export import export_audit_workbook

    s = session()
    result = export_audit_workbook(s.view(audit_id(tilsyn_id)), output, user=s.user)
    if json_out:
        emit_json({"fil": str(result.path), "ark": result.sheets, "svarceller": result.slots,
                   "besvart": result.answered, "sjekksum": result.checksum})
        return
    say(f"Skrev {result.path} ({len(result.sheets) - 2} ark, {result.slots} svarceller, "
        f"{result.answered} allerede besvart).")
    say(f"Importer etter utfylling med: tilsyn arbeidsbok importer {tilsyn_id} "
        f"{result.path.name} --torrkjoring")


@app.command("importer")
def import_(
    tilsyn_id: str = typer.Argument(..., metavar="ID", help="Tilsynets id."),
    fil: Path = typer.Argument(..., metavar="FIL", help="Utfylt arbeidsbok (.xlsx)."),
    torrkjoring: bool = typer.Option(False, "--torrkjoring", "--tørrkjøring",
                                     help="Vis hva som ville blitt endret; lagre ingenting."),
    overskriv: bool = typer.Option(False, "--overskriv", help="Erstatt lagrede svar som "
                                   "er forskjellige fra arbeidsboken."),
    json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
) -> None:
    """Importer en utfylt arbeidsbok: alt kontrolleres først, så lagres alt eller ingenting."""
    from tilsyn.workbook.importer import import_audit_workbook

    result = import_audit_workbook(session(), audit_id(tilsyn_id), fil, overwrite=overskriv,
                                   dry_run=torrkjoring)
    if json_out:
        emit_json(result.as_dict())
        return
    head = "Tørrkjøring (ingenting lagret)" if torrkjoring else "Importert"
    say(f"{head}: {result.file} (sha256 {result.sha256[:12]}…)")
    say(f"  nye svar: {result.new}, endrede: {result.changed}, uendrede: {result.unchanged}"
        + (f", timeplaner: {result.timetables}" if result.timetables else ""))
    if result.kept:
        say(f"  {result.kept} lagrede svar står tomme i arbeidsboken og er beholdt.")
    for c in result.changes[:50]:
        who = f" / {c['deltaker']}" if c["deltaker"] else ""
        if c["type"] == "ny":
            say(f"  + {c['sporsmal']}{who}: {c['til']}")
        elif c["fra"] == c["til"]:
            say(f"  ~ {c['sporsmal']}{who}: {c['til']} (ny observasjon, kilder, forslag eller "
                "begrunnelse)")
        else:
            say(f"  ~ {c['sporsmal']}{who}: {c['fra']} → {c['til']}")
    if len(result.changes) > 50:
        say(f"  … og {len(result.changes) - 50} til (se --json)")
    for p in result.proposals:
        who = f" / {p['deltaker']}" if p["deltaker"] else ""
        say(f"  Beregnet fra timeplanen: {p['sporsmal']}{who}: {p['forslag'] or '–'} "
            f"({p['forklaring'] or ''})".replace(" ()", ""))
