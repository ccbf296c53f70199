"""The ``tilsyn`` command line: a thin skin over the use cases of :mod:`tilsyn.app`.

Every command parses its options, calls one use case and renders the result (text, or
the ``--json`` shapes of :mod:`tilsyn.cli.shapes`). User errors
(:class:`tilsyn.errors.TilsynError`) are caught in one place, :class:`_Group.invoke`,
printed in Norwegian on stderr, and turned into the documented exit code. Heavy
libraries are imported inside the commands that need them.
"""

from __future__ import annotations

import sys
from typing import Any

import typer

from tilsyn.cli.locale import NorwegianGroup, NorwegianTyper
from tilsyn.errors import ExitCode, TilsynError

# The order of `tilsyn --help`: the supervision process, then tools and administration.
_ORDER = [
    "init", "opprett", "endre", "hendelse", "dokument", "intervju", "utvalg", "vurder",
    "arbeidsbok", "konkluder", "avgrens", "merknad", "korreksjonspunkt", "uttalelse",
    "rapport", "lovbrudd", "status", "paminnelser",
    "liste", "vis", "logg", "egenvurdering", "historikk", "statistikk", "sjekkliste",
    "kommune", "mal",
    "eksport", "importer-arkiv", "arkivnokkel", "db", "demo",
]  # fmt: skip

_INTERRUPTED = "\nAvbrutt. Det som var lagret før avbruddet, er beholdt."
INTERNAL_ERROR = 70
"""Exit code of an unexpected error (a bug); its message names the place, never the data."""


def _masked(text: str) -> str:
    """Every message leaves through here: identity numbers in it are masked."""
    from tilsyn.idnumber import mask_identity_numbers

    return mask_identity_numbers(text)


def _fail(message: str, code: int) -> typer.Exit:
    typer.echo(f"feil: {_masked(message)}", err=True)
    return typer.Exit(code)


def unexpected_error(exc: BaseException) -> tuple[str, int]:
    """The message and exit code for an error no use case turned into a TilsynError.

    Operating-system errors (disk full, no access, a name too long) and exhausted
    resources get a message saying what to do; anything else is a bug, reported with its
    type and place in tilsyn's code (no values, so no audit data), exit code 70.
    ``TILSYN_DEBUG=1`` shows the whole traceback instead.
    """
    import errno
    import traceback

    if isinstance(exc, OSError):
        from pathlib import Path

        from tilsyn.files import os_error

        name = exc.filename if isinstance(exc.filename, str) else ""
        error = os_error(exc, Path(name or "."), "filen")
        if not name and exc.errno not in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
            error = TilsynError(f"Operativsystemet avviste operasjonen: {exc.strerror or exc}.")
        return error.message, int(error.exit_code)
    if isinstance(exc, RecursionError):
        return (
            "Inndataene er nestet for dypt (for mange nivåer av lister eller tabeller i "
            "hverandre) og kan ikke leses. Ingenting ble lagret.",
            int(ExitCode.ERROR),
        )
    if isinstance(exc, MemoryError):
        return (
            "Det var ikke nok minne til å fullføre. Inndataene er for store; ingenting ble lagret.",
            int(ExitCode.ERROR),
        )
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "tilsyn" in f.filename]
    place = ""
    if frames:
        f = frames[-1]
        module = f.filename.replace("\\", "/").rsplit("/tilsyn/", 1)[-1]
        place = f" i tilsyn/{module}, linje {f.lineno}"
    return (
        f"Intern feil ({type(exc).__name__}{place}). Dette er en feil i tilsyn, ikke i det "
        "du skrev; meld den med kommandoen du kjørte. Det som var lagret før feilen, er "
        "beholdt; en påbegynt endring er rullet tilbake.",
        INTERNAL_ERROR,
    )


class _Group(NorwegianGroup):
    """Root group: the single catch point for user errors."""

    def list_commands(self, ctx: Any) -> list[str]:
        names = super().list_commands(ctx)
        rank = {name: i for i, name in enumerate(_ORDER)}
        return sorted(names, key=lambda n: (rank.get(n, len(rank)), names.index(n)))

    def main(
        self,
        args: Any = None,
        prog_name: Any = None,
        complete_var: Any = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        # Usage errors are printed here in Norwegian (the framework would print English).
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        from tilsyn.cli.locale import click_exception_class, error_message

        usage_error = click_exception_class()
        try:
            result = super().main(args, prog_name, complete_var, False, **extra)
        except typer.Exit as exc:
            sys.exit(exc.exit_code)
        except typer.Abort:
            typer.echo(_INTERRUPTED, err=True)
            sys.exit(130)
        except usage_error as exc:
            ctx = getattr(exc, "ctx", None)
            typer.echo(f"feil: {_masked(error_message(exc.format_message()))}", err=True)  # type: ignore[attr-defined]
            if ctx is not None:
                typer.echo(f"Se: {ctx.command_path} --help", err=True)
            sys.exit(exc.exit_code)  # type: ignore[attr-defined]
        sys.exit(result if isinstance(result, int) else 0)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except TilsynError as exc:
            raise _fail(str(exc), int(exc.exit_code)) from None
        except KeyboardInterrupt:
            typer.echo(_INTERRUPTED, err=True)
            raise typer.Exit(130) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:
            import os

            from tilsyn.cli.locale import click_exception_class

            if isinstance(exc, click_exception_class()):
                raise

            if os.environ.get("TILSYN_DEBUG") == "1":
                raise
            message, code = unexpected_error(exc)
            raise _fail(message, code) from None


app = NorwegianTyper(
    cls=_Group,
    name="tilsyn",
    help="Statlig tilsyn med introduksjonsprogrammet: sjekklister, tilsyn, rapporter, "
    "oppfølging og statistikk.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
)


@app.callback()
def _root(
    ctx: typer.Context,
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
    from tilsyn.cli.common import GlobalOptions

    ctx.obj = GlobalOptions(db_url=db, user=bruker, workspace=arbeidsomrade)


def _register() -> None:
    from tilsyn.cli import (
        archive_cmd,
        audit_cmd,
        checklist_cmd,
        db_cmd,
        demo_cmd,
        followup_cmd,
        history_cmd,
        municipality_cmd,
        procedure_cmd,
        report_cmd,
        scoring_cmd,
        selfassessment_cmd,
        stats_cmd,
        workbook_cmd,
    )

    demo_cmd.register(app)
    archive_cmd.register(app)
    audit_cmd.register(app)
    scoring_cmd.register(app)
    procedure_cmd.register(app)
    followup_cmd.register(app)
    stats_cmd.register(app)
    report_cmd.register(app)
    app.add_typer(checklist_cmd.app, name="sjekkliste")
    app.add_typer(municipality_cmd.app, name="kommune")
    app.add_typer(db_cmd.app, name="db")
    app.add_typer(workbook_cmd.app, name="arbeidsbok")
    app.add_typer(selfassessment_cmd.app, name="egenvurdering")
    app.add_typer(history_cmd.app, name="historikk")


_register()


def main() -> None:
    """Entry point of the ``tilsyn`` console script."""
    try:
        app()
    except TilsynError as exc:  # raised outside a command (e.g. during parsing)
        typer.echo(f"feil: {_masked(str(exc))}", err=True)
        sys.exit(int(exc.exit_code))


__all__ = ["ExitCode", "app", "main"]
