"""`tilsyn historikk importer`: past audits in bulk from a spreadsheet (CSV or XLSX)."""

from __future__ import annotations

from pathlib import Path

import typer

from tilsyn.cli.common import app_context
from tilsyn.cli.locale import NorwegianTyper
from tilsyn.cli.output import emit_json, say, table

app = NorwegianTyper(
    help="Historikk: tidligere tilsyn lest inn fra regneark, til statistikk.",
    no_args_is_help=True,
)


@app.command("importer")
def import_(
    ctx: typer.Context,
    fil: Path = typer.Argument(
        ...,
        metavar="FIL",
        help="CSV eller XLSX med kolonnene kommunenummer, ar, sjekkliste, krav, utfall "
        "(og eventuelt kontor, saksnummer, endelig_dato, lukket_dato).",
    ),
    torrkjoring: bool = typer.Option(
        False,
        "--torrkjoring",
        "--tørrkjøring",
        help="Kontroller filen og vis hva som ville blitt lagret; lagre ingenting.",
    ),
    json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
) -> None:
    """Les inn tidligere tilsyn (én rad per tilsyn og krav) som avsluttede, skrivebeskyttede
    tilsyn merket «importert». Alt eller ingenting; hver feil vises med rad og kolonne."""
    from tilsyn.app.history import import_history
    from tilsyn.cli import shapes

    result = import_history(app_context(ctx), fil, dry_run=torrkjoring)
    if json_out:
        emit_json(shapes.history_import(result))
        return
    head = "Tørrkjøring (ingenting lagret)" if torrkjoring else "Importert"
    say(
        f"{head}: {result.file} – {len(result.audits)} tilsyn i {result.municipalities} "
        f"kommuner, {result.requirements} krav, {result.violations} lovbrudd."
    )
    by_year: dict[int, list] = {}
    for a in result.audits:
        by_year.setdefault(a.year, []).append(a)
    table(
        ["år", "tilsyn", "kommuner", "lovbrudd"],
        [
            [
                year,
                len(items),
                len({a.municipality.number for a in items}),
                sum(a.violations for a in items),
            ]
            for year, items in sorted(by_year.items())
        ],
    )
    if result.ids:
        say(
            f"Tilsyn {result.ids[0]}–{result.ids[-1]} er avsluttet og skrivebeskyttet. "
            "Se tallene med: tilsyn statistikk"
        )
