"""`tilsyn rapport` (formal Word documents) and `tilsyn mal sjekk` (lint a template)."""

from __future__ import annotations

from pathlib import Path

import typer

from tilsyn.cli.locale import NorwegianTyper
from tilsyn.cli.output import emit_json, say, warn

mal_app = NorwegianTyper(help="Word-maler for brev og rapporter.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add `rapport` and `mal` to ``app``."""

    @app.command("rapport")
    def report(
        ctx: typer.Context,
        tilsyn_id: str = typer.Argument(..., metavar="ID", help="Tilsynets id."),
        type_: str = typer.Option(
            ...,
            "--type",
            help="varsel, forelopig, endelig, palegg (kommuneloven 1992: vedtak etter § 60 d "
            "når rettefristen er ute; kommuneloven 2018: følgebrev til endelig rapport) eller "
            "avslutning.",
        ),
        malform: str | None = typer.Option(
            None,
            "--malform",
            "--målform",
            help="bokmal eller nynorsk; standard er kommunens målform (nynorsk for "
            "nynorskkommuner, ellers bokmål).",
        ),
        output: Path | None = typer.Option(
            None,
            "-o",
            "--ut",
            help="Filen som skrives (standard: utdata/tilsyn-ID-TYPE-vN.docx i arbeidsområdet).",
        ),
        pdf: bool = typer.Option(False, "--pdf", help="Lag også PDF (krever LibreOffice)."),
        dato: str | None = typer.Option(
            None, "--dato", help="Dokumentets dato (ÅÅÅÅ-MM-DD); standard i dag."
        ),
        godta_ubesvarte: bool = typer.Option(
            False,
            "--godta-ubesvarte",
            help="Lag endelig rapport selv om kontrollspørsmål er ubesvart (blir logget).",
        ),
        vis_pseudonymer: bool = typer.Option(
            False, "--vis-pseudonymer", help="List pseudonymene i utvalget (standard: bare antall)."
        ),
        begrunnelse: str | None = typer.Option(
            None,
            "--begrunnelse",
            help="Hvorfor rapporten skrives før kommunens frist for uttalelse eller "
            "dokumentasjon er ute (logges med dokumentet).",
        ),
        json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
    ) -> None:
        """Lag et formelt dokument (Word) for et tilsyn: ny versjon hver gang."""
        from tilsyn.app.documents import produce_document
        from tilsyn.cli.common import app_context, audit_id, day

        result = produce_document(
            app_context(ctx),
            audit_id(tilsyn_id),
            type_,
            malform=malform,
            output=output,
            report_date=day(dato, what="--dato"),
            accept_unanswered=godta_ubesvarte,
            show_pseudonyms=vis_pseudonymer,
            pdf=pdf,
            reason=begrunnelse,
        )
        for w in result.warnings:
            warn(w)
        if json_out:
            from tilsyn.cli.shapes import produced_document

            emit_json(produced_document(result))
            return
        say(f"Skrev {result.path}")
        say(f"  type: {result.kind}  versjon: {result.version}  målform: {result.malform}")
        say(f"  sha256: {result.sha256}")
        if result.pdf:
            say(f"  pdf: {result.pdf}")

    @mal_app.command("sjekk")
    def check_template(
        fil: Path = typer.Argument(..., metavar="FIL", help="Word-malen (.docx)."),
        type_: str | None = typer.Option(
            None,
            "--type",
            help="Dokumenttypen malen er for (standard: fra filnavnet, "
            "f.eks. endelig_nynorsk.docx).",
        ),
        malform: str | None = typer.Option(
            None, "--malform", "--målform", help="bokmal eller nynorsk (standard: fra filnavnet)."
        ),
        json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
    ) -> None:
        """Sjekk en mal: syntaks, ukjente variabler, påkrevde avsnitt og en prøveutfylling."""
        from tilsyn.errors import TilsynError
        from tilsyn.report.lint import lint_template

        result = lint_template(fil, kind=type_, malform=malform)
        if json_out:
            emit_json(result.as_dict())
        else:
            say(f"Mal: {fil} ({result.kind}, {result.malform})")
            for line in result.problems:
                say(f"  FEIL: {line}")
            for line in result.notes:
                say(f"  merk: {line}")
            if result.ok:
                say("  OK: malen kan brukes.")
        if not result.ok:
            raise TilsynError(f"Malen {fil} har {len(result.problems)} feil.")

    app.add_typer(mal_app, name="mal")
