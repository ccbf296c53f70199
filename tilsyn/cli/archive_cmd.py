"""Archive commands: eksport (a case as a zip package) and importer-arkiv."""

from __future__ import annotations

from pathlib import Path

import typer

from tilsyn.cli.common import app_context, audit_id
from tilsyn.cli.locale import NorwegianTyper
from tilsyn.cli.output import emit_json, say, table, warn

keys_app = NorwegianTyper(
    help="Kontornøkler som autentiserer arkivpakker (lagres som filer, aldri i databasen).",
    no_args_is_help=True,
)


@keys_app.command("lag")
def make_key(
    ctx: typer.Context,
    navn: str = typer.Argument(
        ..., metavar="NAVN", help="Nøkkelens navn: kontor, år og løpenummer, f.eks. sfag-2026-1."
    ),
    kontor: str | None = typer.Option(
        None, "--kontor", help="Kontoret nøkkelen tilhører (standard: [kontor] navn)."
    ),
) -> None:
    """Lag en ny, tilfeldig kontornøkkel (en fil bare eieren kan lese)."""
    from tilsyn.app.officekeys import create_key

    key = create_key(app_context(ctx), navn, office=kontor)
    say(f"Laget kontornøkkelen «{key.name}» for {key.office}: {key.path}")
    say(f"  Fingeravtrykk: {key.fingerprint} (sammenlign med mottakeren, f.eks. på telefon)")
    say(
        "  Eksport signerer nå med den. Gi en kopi av filen til kontorer som skal kontrollere "
        "pakkene deres, på en annen vei enn pakkene; den er hemmelig."
    )


@keys_app.command("liste")
def list_keys(
    ctx: typer.Context,
    json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
) -> None:
    """List kontornøklene i arbeidsområdet (navn, kontor, fingeravtrykk; aldri nøkkelen)."""
    from tilsyn.app.officekeys import key_folder, keys, signing_key

    s = app_context(ctx)
    found = keys(s)
    signer = signing_key(s) if found else None
    rows = [
        {
            "navn": k.name,
            "kontor": k.office,
            "laget": k.created,
            "fingeravtrykk": k.fingerprint,
            "signerer": signer is not None and k.name == signer.name,
        }
        for k in found
    ]
    if json_out:
        emit_json({"mappe": str(key_folder(s)), "nokler": rows})
        return
    if not rows:
        say(f"Ingen kontornøkler i {key_folder(s)}. Lag en med: tilsyn arkivnokkel lag NAVN")
        return
    table(
        ["navn", "kontor", "laget", "fingeravtrykk", ""],
        [
            [r["navn"], r["kontor"], r["laget"], r["fingeravtrykk"], "signerer" * r["signerer"]]
            for r in rows
        ],
    )


def register(app: typer.Typer) -> None:
    """Add ``eksport``, ``importer-arkiv`` and ``arkivnokkel`` to ``app``."""
    app.add_typer(keys_app, name="arkivnokkel")

    @app.command("eksport")
    def export(
        ctx: typer.Context,
        tilsyn_id: str = typer.Argument(..., metavar="ID", help="Tilsynets id (se tilsyn liste)."),
        ut: Path = typer.Option(..., "-o", "--ut", help="Arkivpakken som skal lages (FIL.zip)."),
        overskriv: bool = typer.Option(False, "--overskriv", help="Erstatt en fil som finnes."),
        nokkel: str | None = typer.Option(
            None,
            "--nokkel",
            "--nøkkel",
            help="Kontornøkkelen pakken signeres med (standard: [arkiv] nokkel, ellers "
            "kontorets nyeste; se tilsyn arkivnokkel).",
        ),
        json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
    ) -> None:
        """Lag en arkivpakke (zip) med hele saken: data, logg og sendte dokumenter."""
        from tilsyn.app.archive import export_case

        r = export_case(
            app_context(ctx), audit_id(tilsyn_id), ut, overwrite=overskriv, key_name=nokkel
        )
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
                    "nokkel": r.key,
                }
            )
            return
        say(
            f"Skrev {r.path}: tilsyn {r.audit_id} (uid {r.uid}), "
            f"{sum(r.rows.values())} rader, {r.log_entries} logglinjer, {r.files} filer."
        )
        if r.key:
            say(f"  Signert med kontornøkkelen «{r.key}».")
        else:
            warn(
                "pakken er ikke signert (kontoret har ingen kontornøkkel; se tilsyn arkivnokkel "
                "lag): mottakeren kan ikke kontrollere hvem som laget den."
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
                    "autentisert": r.authenticated,
                    "advarsler": list(r.warnings),
                }
            )
            return
        say(r.message)
        if r.created:
            say(
                f"  {sum(r.rows.values())} rader, {r.log_entries} logglinjer og {r.files} filer; "
                "loggen er verifisert."
            )
        if r.authenticated:
            say(f"  Autentisert med {r.authenticated}.")
        for w in r.warnings:
            warn(w)
