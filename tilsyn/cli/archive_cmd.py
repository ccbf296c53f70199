"""Archive commands: eksport (a case as a zip package) and importer-arkiv."""

from __future__ import annotations

from pathlib import Path

import typer

from tilsyn.cli.common import app_context, audit_id
from tilsyn.cli.output import emit_json, say, warn


def register(app: typer.Typer) -> None:
    """Add ``eksport`` and ``importer-arkiv`` to ``app``."""

    @app.command("eksport")
    def export(
        ctx: typer.Context,
        tilsyn_id: str = typer.Argument(..., metavar="ID", help="Tilsynets id (se tilsyn liste)."),
        ut: Path = typer.Option(..., "-o", "--ut", help="Arkivpakken som skal lages (FIL.zip)."),
        overskriv: bool = typer.Option(False, "--overskriv", help="Erstatt en fil som finnes."),
        json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
    ) -> None:
        """Lag en arkivpakke (zip) med hele saken: data, logg og sendte dokumenter."""
        from tilsyn.app.archive import export_case

        r = export_case(app_context(ctx), audit_id(tilsyn_id), ut, overwrite=overskriv)
        if json_out:
            emit_json(
                {
                    "fil": str(r.path),
                    "id": r.audit_id,
                    "uid": r.uid,
                    "rader": r.rows,
                    "logglinjer": r.log_entries,
                    "filer": r.files,
                    "mangler": r.missing,
                }
            )
            return
        say(
            f"Skrev {r.path}: tilsyn {r.audit_id} (uid {r.uid}), "
            f"{sum(r.rows.values())} rader, {r.log_entries} logglinjer, {r.files} filer."
        )
        for m in r.missing:
            warn(f"ikke med i pakken: {m}")

    @app.command("importer-arkiv")
    def import_archive(
        ctx: typer.Context,
        fil: Path = typer.Argument(
            ..., metavar="FIL.zip", help="Arkivpakken (fra tilsyn eksport)."
        ),
        json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
    ) -> None:
        """Importer en arkivpakke: alt kontrolleres først, så lagres saken i én transaksjon."""
        from tilsyn.app.archive import import_package

        r = import_package(app_context(ctx), fil)
        if json_out:
            emit_json(
                {
                    "id": r.audit_id,
                    "uid": r.uid,
                    "ny": r.created,
                    "rader": r.rows,
                    "logglinjer": r.log_entries,
                    "filer": r.files,
                    "melding": r.message,
                }
            )
            return
        say(r.message)
        if r.created:
            say(
                f"  {sum(r.rows.values())} rader, {r.log_entries} logglinjer og {r.files} filer; "
                "loggen er verifisert."
            )
