"""`tilsyn kommune ...`: look up municipalities and correct their language form."""

from __future__ import annotations

import typer

from tilsyn.cli.locale import NorwegianTyper
from tilsyn.cli.output import emit_json, say, table

app = NorwegianTyper(help="Kommuneregisteret (nummer, navn, fylke, målform).", no_args_is_help=True)


@app.command("finn")
def find(
    ctx: typer.Context,
    tekst: str = typer.Argument(..., metavar="TEKST", help="Nummer eller del av navnet."),
    json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
) -> None:
    """Finn kommuner etter nummer eller navn (uavhengig av store bokstaver og æøå)."""
    from tilsyn.app.admin import registry
    from tilsyn.cli.common import global_options
    from tilsyn.municipalities import LANGUAGE_FORMS

    options = global_options(ctx)
    found = registry(options.workspace, db_url=options.db_url).find(tekst)
    if json_out:
        emit_json(
            [
                {
                    "nummer": m.number,
                    "navn": m.name,
                    "andre_navn": list(m.other_names),
                    "fylkesnummer": m.county_number,
                    "fylke": m.county,
                    "gyldig_fra": m.valid_from,
                    "gyldig_til": m.valid_to,
                    "etterfolgere": list(m.successors),
                    "forgjengere": list(m.predecessors),
                    "malform": m.language_form,
                }
                for m in found
            ]
        )
        return
    if not found:
        say(f"Ingen kommune passer «{tekst}».")
        raise typer.Exit(1)
    table(
        ["nr", "navn", "fylke", "gyldig", "målform", "etterfølger/forgjengere"],
        [
            [
                m.number,
                m.name + (f" ({' / '.join(m.other_names)})" if m.other_names else ""),
                m.county,
                _period(m),
                LANGUAGE_FORMS.get(m.language_form, m.language_form),
                ", ".join(m.successors) if m.successors else ", ".join(m.predecessors),
            ]
            for m in found
        ],
    )


@app.command("malform")
def set_language(
    ctx: typer.Context,
    nummer: str = typer.Argument(..., metavar="NR", help="Kommunenummer."),
    malform: str = typer.Argument(
        ..., metavar="MÅLFORM", help="bokmal, nynorsk, noytral eller ukjent."
    ),
) -> None:
    """Rett en kommunes målform i dette arbeidsområdet (logges)."""
    from tilsyn.app.admin import set_language_form
    from tilsyn.cli.common import app_context
    from tilsyn.municipalities import LANGUAGE_FORMS

    m, value = set_language_form(app_context(ctx), nummer, malform)
    say(f"{m.number} {m.name}: målform satt til {LANGUAGE_FORMS[value]}.")


def _period(m) -> str:  # type: ignore[no-untyped-def]
    start = m.valid_from.year if m.valid_from else ""
    end = m.valid_to.year if m.valid_to else ""
    return f"{start}–{end}"
