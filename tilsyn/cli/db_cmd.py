"""`tilsyn db ...`: database maintenance."""

from __future__ import annotations

from pathlib import Path

import typer

from tilsyn.cli.locale import NorwegianTyper
from tilsyn.cli.output import say

app = NorwegianTyper(help="Databasen: sikkerhetskopi og oppgradering.", no_args_is_help=True)


@app.command("sikkerhetskopi")
def backup(
    ctx: typer.Context,
    fil: Path = typer.Argument(..., metavar="FIL", help="Ny fil for kopien."),
) -> None:
    """Lag en konsistent kopi av SQLite-databasen (SQLites backup-API)."""
    from tilsyn.app.admin import backup_database
    from tilsyn.cli.common import app_context

    backup_database(app_context(ctx), fil)
    say(f"Sikkerhetskopi skrevet til {fil}")


@app.command("oppgrader")
def upgrade(ctx: typer.Context) -> None:
    """Oppgrader databaseskjemaet (skjer ellers automatisk ved første bruk)."""
    from tilsyn.app.admin import schema_version
    from tilsyn.cli.common import app_context

    say(f"Databasen er på skjemaversjon {schema_version(app_context(ctx))}.")
