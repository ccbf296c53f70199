"""`tilsyn statistikk`: numbers, tips and trends across audits and self-assessments."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import typer


@contextmanager
def progress_bar(
    enabled: bool, description: str = "Statistikk"
) -> Iterator[Callable[..., None] | None]:
    """A rich progress bar on stderr when it is a terminal; None (quiet) otherwise.

    The callback takes (done, total, what); ``description`` is shown until the first call.
    """
    if not (enabled and sys.stderr.isatty()):
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f} %"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(description, total=1)

        def update(done: int, total: int, what: str = "") -> None:
            bar.update(task, completed=done, total=max(total, 1), description=what or "Arbeider")

        yield update


def register(app: typer.Typer) -> None:
    """Add the statistikk command to ``app``."""

    @app.command("statistikk")
    def statistikk(
        ctx: typer.Context,
        fra_ar: int | None = typer.Option(
            None, "--fra-ar", "--fra-år", help="Første år (varselets år for tilsyn)."
        ),
        til_ar: int | None = typer.Option(None, "--til-ar", "--til-år", help="Siste år."),
        sjekkliste: str | None = typer.Option(
            None,
            "--sjekkliste",
            help="Bare denne sjekklisten (id, f.eks. helarig-fulltid), eller et tema med "
            "deltemaer («integreringsplan» tar med alle tre for 2026–2028).",
        ),
        fylke: list[str] = typer.Option(
            [],
            "--fylke",
            help="Fylke (del av navnet; «Agder» tar med Aust- og Vest-Agder). Kan gjentas.",
        ),
        kontor: list[str] = typer.Option(
            [],
            "--kontor",
            help="Statsforvalterens kontor (del av navnet, historiske navn teller). Kan gjentas.",
        ),
        kommune: list[str] = typer.Option(
            [], "--kommune", help="Kommunenummer (tar med kommunene før 2020). Kan gjentas."
        ),
        som_json: bool = typer.Option(False, "--json", help="Skriv alle tabeller som JSON."),
        xlsx: Path | None = typer.Option(
            None, "--xlsx", help="Skriv en Excel-fil med ett ark per tabell."
        ),
        figurer: Path | None = typer.Option(
            None, "--figurer", help="Skriv figurer (PNG) til denne mappen."
        ),
        rapport: Path | None = typer.Option(
            None, "--rapport", help="Skriv rapporten «Tall og trender» (Word, .docx)."
        ),
        malform: str = typer.Option(
            "bokmal",
            "--malform",
            "--målform",
            help="Målform for tabeller og rapport: bokmal eller nynorsk.",
        ),
        publisering: bool = typer.Option(
            False,
            "--publisering",
            help="Til publisering: prikk tall som bygger på for få kommuner.",
        ),
        min_antall: int = typer.Option(
            3,
            "--min-antall",
            help="Færre kommuner enn dette gir prikking ved --publisering (standard 3).",
        ),
        avsender: str | None = typer.Option(
            None,
            "--avsender",
            help="Avsender i rapporten, f.eks. «Fylkesmannen i Telemark» "
            "(standard: arbeidsområdets kontor).",
        ),
        tittel: str | None = typer.Option(
            None, "--tittel", help="Rapportens tittel (standard: «Tall og trender»)."
        ),
        dato: str | None = typer.Option(
            None, "--dato", help="Rapportens dato (ÅÅÅÅ-MM-DD eller dd.mm.åååå; standard i dag)."
        ),
        per: str | None = typer.Option(
            None,
            "--per",
            help="Tall per denne dagen: ingenting som skjedde senere, telles "
            "(standard med --rapport: rapportens dato).",
        ),
    ) -> None:
        """Tall og trender: tilsyn, lovbrudd, lukking, gjentatte lovbrudd og egenvurderinger."""
        from tilsyn.app.statistics import make_filters, run_statistics
        from tilsyn.cli import shapes
        from tilsyn.cli.common import app_context, day
        from tilsyn.cli.output import emit_json, say, table
        from tilsyn.text import choose

        language = choose(malform, {"bokmal": "bokmål", "nynorsk": "nynorsk"}, what="målform")
        filters = make_filters(
            from_year=fra_ar,
            to_year=til_ar,
            checklist=sjekkliste,
            counties=tuple(fylke),
            offices=tuple(kontor),
            municipalities=tuple(kommune),
            per=day(per, what="--per", default_today=False),
        )
        with progress_bar(True) as progress:
            result = run_statistics(
                app_context(ctx),
                filters,
                publication=publisering,
                min_count=min_antall,
                language=language,
                xlsx=xlsx,
                figures=figurer,
                report=rapport,
                sender=avsender,
                title=tittel,
                report_date=day(dato, what="--dato"),
                progress=progress,
            )
        stats = result.stats
        if som_json:
            data = shapes.statistics(stats)
            data["filer"] = {k: str(v) for k, v in result.files.items()}
            data["figurer"] = [str(p) for p in result.charts]
            emit_json(data)
            return
        described = stats.filters.describe(language)
        if described:
            say(f"Utvalg: {described}")
        if stats.filters.per is not None:
            say(f"Tall per {stats.filters.per.isoformat()}")
        from tilsyn.stats.commentary import data_basis

        _, warning = data_basis(stats)
        if warning:
            say(warning)
        for t in stats.tables:
            say()
            say(t.title)
            if t.rows:
                table(t.headers, t.formatted_rows())
            else:
                say("  (ingen tall)")
            for note in t.footnotes:
                say(f"  {note}")
        say()
        for kind, path in result.files.items():
            say(f"Skrev {'Excel-fil' if kind == 'xlsx' else 'rapport'}: {path}")
        if result.charts:
            say(f"Skrev {len(result.charts)} figurer i {figurer}")


def scale_demo(folder: Path, n: int) -> None:
    """`tilsyn demo --skala N`: a synthetic national dataset in its own workspace."""
    import time

    from tilsyn.app.synthetic import create_scale_workspace
    from tilsyn.cli.output import say

    started = time.perf_counter()
    with progress_bar(True, "Lager syntetiske tilsyn") as progress:
        ws, data = create_scale_workspace(
            folder,
            n,
            progress=None
            if progress is None
            else (lambda k, total: progress(k, total, "Skriver syntetiske tilsyn")),
        )
    seconds = time.perf_counter() - started
    assessments = len(data.self_assessments) + sum(
        1 for a in data.audits if a.self_assessment is not None
    )
    violations = sum(len(a.violations) for a in data.audits)
    municipalities = len({a.municipality_number for a in data.audits})
    say(
        f"Syntetisk datasett i {ws.root}: {n} tilsyn i {municipalities} kommuner, "
        f"{violations} lovbrudd fulgt opp, {assessments} egenvurderinger "
        f"({seconds:.1f} s)."
    )
    say(
        "Alle titler begynner med «Syntetisk», og hvert tilsyn har én logglinje som sier "
        "at det er generert."
    )
    say(f"Prøv: tilsyn --arbeidsomrade {ws.root} statistikk --publisering")
