"""The ``tilsyn`` command line: a thin skin over the core library.

Every command parses its options, calls one core function and renders the result.
User errors (:class:`tilsyn.errors.TilsynError`) are caught in one place,
:class:`_Group.invoke`, printed in Norwegian on stderr, and turned into the documented
exit code. Heavy libraries are imported inside the commands that need them.
"""

from __future__ import annotations

import sys

import typer
from typer.core import TyperGroup

from tilsyn.errors import ExitCode, TilsynError

# The order of `tilsyn --help`: the supervision process, then tools and administration.
_ORDER = [
    "init", "opprett", "endre", "hendelse", "dokument", "intervju", "utvalg", "vurder",
    "arbeidsbok", "konkluder", "uttalelse", "rapport", "lovbrudd", "status", "paminnelser",
    "liste", "vis", "logg", "egenvurdering", "statistikk", "sjekkliste", "kommune", "mal",
    "eksport", "importer-arkiv", "db", "demo",
]


class _Group(TyperGroup):
    """Root group: the single catch point for user errors."""

    def list_commands(self, ctx):  # type: ignore[no-untyped-def]
        names = super().list_commands(ctx)
        rank = {name: i for i, name in enumerate(_ORDER)}
        return sorted(names, key=lambda n: (rank.get(n, len(rank)), names.index(n)))

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True,
             **extra):  # type: ignore[no-untyped-def]
        # Usage errors are printed here in Norwegian (click would print them in English).
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        from typer._click.exceptions import ClickException
        from typer.exceptions import Abort, Exit

        try:
            result = super().main(args, prog_name, complete_var, False, **extra)
        except Exit as exc:
            sys.exit(exc.exit_code)
        except Abort:
            typer.echo("\nAvbrutt. Det som var lagret før avbruddet, er beholdt.", err=True)
            sys.exit(130)
        except ClickException as exc:
            from tilsyn.cli.locale import error_message

            ctx = getattr(exc, "ctx", None)
            typer.echo(f"feil: {error_message(exc.format_message())}", err=True)
            if ctx is not None:
                typer.echo(f"Se: {ctx.command_path} --help", err=True)
            sys.exit(exc.exit_code)
        sys.exit(result if isinstance(result, int) else 0)

    def invoke(self, ctx):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except TilsynError as exc:
            typer.echo(f"feil: {exc}", err=True)
            raise typer.Exit(int(exc.exit_code)) from None
        except KeyboardInterrupt:
            typer.echo("\nAvbrutt. Det som var lagret før avbruddet, er beholdt.", err=True)
            raise typer.Exit(130) from None


from tilsyn.cli import locale as _locale  # noqa: E402

_locale.install()

app = typer.Typer(
    cls=_Group,
    name="tilsyn",
    help="Statlig tilsyn med introduksjonsprogrammet: sjekklister, tilsyn, rapporter, "
    "oppfølging og statistikk.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    add_completion=False,
)


@app.callback()
def _root(
    db: str | None = typer.Option(
        None,
        "--db",
        envvar="TILSYN_DB_URL",
        help="Database-URL (standard: arbeidsområdets SQLite).",
    ),
    bruker: str | None = typer.Option(
        None, "--bruker", envvar="TILSYN_BRUKER", help="Hvem som gjør endringen (til loggen)."
    ),
    arbeidsomrade: str | None = typer.Option(
        None,
        "--arbeidsomrade",
        "--arbeidsområde",
        envvar="TILSYN_HOME",
        help="Arbeidsområdet (mappe med tilsyn.toml); standard: søk oppover fra gjeldende mappe.",
    ),
) -> None:
    from tilsyn.cli import context

    context.STATE.db_url = db
    context.STATE.user = bruker
    context.STATE.workspace = arbeidsomrade


def _register() -> None:
    from tilsyn.cli import archive_cmd  # noqa: I001 - issue 8
    from tilsyn.cli import followup_cmd  # issue 6
    from tilsyn.cli import stats_cmd  # issue 7
    from tilsyn.cli import report_cmd  # issue 4
    from tilsyn.cli import selfassessment_cmd, workbook_cmd  # issue 5
    from tilsyn.cli import (
        audit_cmd,
        checklist_cmd,
        db_cmd,
        demo_cmd,
        municipality_cmd,
        scoring_cmd,
    )

    demo_cmd.register(app)
    archive_cmd.register(app)
    audit_cmd.register(app)
    scoring_cmd.register(app)
    followup_cmd.register(app)
    stats_cmd.register(app)
    report_cmd.register(app)
    app.add_typer(checklist_cmd.app, name="sjekkliste")
    app.add_typer(municipality_cmd.app, name="kommune")
    app.add_typer(db_cmd.app, name="db")
    app.add_typer(workbook_cmd.app, name="arbeidsbok")
    app.add_typer(selfassessment_cmd.app, name="egenvurdering")


_register()


def main() -> None:
    """Entry point of the ``tilsyn`` console script."""
    try:
        app()
    except TilsynError as exc:  # raised outside a command (e.g. during parsing)
        typer.echo(f"feil: {exc}", err=True)
        sys.exit(int(exc.exit_code))


__all__ = ["ExitCode", "app", "main"]
