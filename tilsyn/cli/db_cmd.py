"""`tilsyn db ...`: database maintenance."""

from __future__ import annotations

from pathlib import Path

import typer

from tilsyn.cli.output import say

app = typer.Typer(help="Databasen: sikkerhetskopi og oppgradering.", no_args_is_help=True)


@app.command("sikkerhetskopi")
def backup(
    fil: Path = typer.Argument(..., metavar="FIL", help="Ny fil for kopien."),
) -> None:
    """Lag en konsistent kopi av SQLite-databasen (SQLites backup-API)."""
    from tilsyn.cli.common import session
    from tilsyn.store.engine import backup as do_backup

    s = session()
    do_backup(s.store.engine, fil)
    say(f"Sikkerhetskopi skrevet til {fil}")


@app.command("oppgrader")
def upgrade() -> None:
    """Oppgrader databaseskjemaet (skjer ellers automatisk ved første bruk)."""
    from tilsyn.cli.common import session
    from tilsyn.store.engine import current_revision

    s = session()
    say(f"Databasen er på skjemaversjon {current_revision(s.store.engine)}.")
