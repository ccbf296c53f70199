"""`tilsyn demo`: a complete sample inspection in a fresh workspace."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    """Add the demo command to ``app``."""

    @app.command("demo")
    def demo(
        folder: Path | None = typer.Argument(
            None,
            metavar="[MAPPE]",
            help="Mappen demoen skrives til (standard: ./tilsyn-demo, med --skala ./tilsyn-skala).",
        ),
        erstatt: bool = typer.Option(
            False, "--erstatt", help="Lag demoen på nytt i en mappe som har en demo fra før."
        ),
        skala: int | None = typer.Option(
            None,
            "--skala",
            min=1,
            help="Lag i stedet et "
            "syntetisk landsdekkende datasett med N tilsyn over ti "
            "år i et eget arbeidsområde (for statistikk).",
        ),
    ) -> None:
        """Kjør et komplett eksempeltilsyn i MAPPE (standard: ./tilsyn-demo)."""
        if skala is not None:  # a synthetic national dataset in its own workspace
            from tilsyn.cli.stats_cmd import scale_demo

            scale_demo(folder or Path("tilsyn-skala"), skala)
            return
        from tilsyn.app.demo import run_demo

        folder = folder or Path("tilsyn-demo")
        for line in run_demo(folder, replace=erstatt):
            typer.echo(line)
