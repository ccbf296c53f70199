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
    """Finn kommuner i alle perioder fra 2013 etter nummer eller navn (uavhengig av store
    bokstaver og æøå), med gyldighet, etterfølgere og forgjengere."""
    from tilsyn.app.admin import find_municipalities
    from tilsyn.cli.common import global_options
    from tilsyn.municipalities import LANGUAGE_FORMS

    options = global_options(ctx)
    found = find_municipalities(options.workspace, tekst, db_url=options.db_url)
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
                _links(m),
            ]
            for m in found
        ],
    )


@app.command("malform")
def set_language(
    ctx: typer.Context,
    nummer: str = typer.Argument(..., metavar="NR", help="Kommunenummer (alle perioder fra 2013)."),
    malform: str = typer.Argument(
        ..., metavar="MÅLFORM", help="bokmal, nynorsk, noytral eller ukjent."
    ),
) -> None:
    """Rett en kommunes målform i dette arbeidsområdet (logges)."""
    from tilsyn.app.admin import set_language_form
    from tilsyn.cli.common import app_context
    from tilsyn.municipalities import LANGUAGE_FORMS

    number, name, value = set_language_form(app_context(ctx), nummer, malform)
    say(f"{number} {name}: målform satt til {LANGUAGE_FORMS[value]}.")


def _period(m) -> str:  # type: ignore[no-untyped-def]
    end = m.valid_to.isoformat() if m.valid_to else ""
    return f"{m.valid_from.isoformat()}–{end}"


def _links(m) -> str:  # type: ignore[no-untyped-def]
    parts = []
    if m.successors:
        parts.append("→ " + ", ".join(m.successors))
    if m.predecessors:
        parts.append("← " + ", ".join(m.predecessors))
    return "; ".join(parts)
