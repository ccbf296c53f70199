"""`tilsyn demo`: a complete sample inspection in a fresh workspace."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    """Add the demo command to ``app``."""

    @app.command("demo")
    def demo(
        folder: Path = typer.Argument(
            Path("tilsyn-demo"), metavar="[MAPPE]", help="Mappen demoen skrives til."
        ),
        erstatt: bool = typer.Option(False, "--erstatt", help="Lag demoen på nytt i en mappe "
                                     "som har en demo fra før."),
    ) -> None:
        """Kjør et komplett eksempeltilsyn i MAPPE (standard: ./tilsyn-demo)."""
        from tilsyn.demo import run_demo

        for line in run_demo(folder, replace=erstatt):
            typer.echo(line)
