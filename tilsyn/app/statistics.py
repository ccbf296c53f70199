"""The use case behind ``tilsyn statistikk``: read, compute, write the chosen outputs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from tilsyn.errors import UsageError
from tilsyn.stats.model import DEFAULT_MIN_COUNT, Filters, Statistics

if TYPE_CHECKING:
    from tilsyn.app.context import AppContext

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class StatsResult:
    """The figures and the files written."""

    stats: Statistics
    files: dict[str, Path] = field(default_factory=dict)
    charts: tuple[Path, ...] = ()


def make_filters(
    *,
    from_year: int | None = None,
    to_year: int | None = None,
    checklist: str | None = None,
    counties: tuple[str, ...] = (),
    offices: tuple[str, ...] = (),
    municipalities: tuple[str, ...] = (),
) -> Filters:
    """Filters from the command line, checked."""
    from tilsyn.municipalities import load_registry, normalise_number

    if from_year and to_year and from_year > to_year:
        raise UsageError(f"--fra-ar {from_year} er etter --til-ar {to_year}.")
    reg = load_registry()
    numbers = []
    for raw in municipalities:
        n = normalise_number(raw)
        if n is None or n not in reg:
            reg.get(str(raw))  # raises NotFoundError with the hint to search
        numbers.append(n)
    return Filters(
        from_year=from_year,
        to_year=to_year,
        checklist=checklist.strip().lower() if checklist else None,
        counties=tuple(c.strip() for c in counties if c.strip()),
        offices=tuple(o.strip() for o in offices if o.strip()),
        municipalities=tuple(n for n in numbers if n),
    )


def compute_for_store(
    store,
    filters: Filters,
    *,
    publication: bool = False,
    min_count: int = DEFAULT_MIN_COUNT,
    language: str = "bokmal",
    today: date | None = None,
    progress: Progress | None = None,
) -> Statistics:
    """Read the store (narrowed in SQL by checklist and municipality) and compute."""
    from tilsyn.stats.compute import compute_statistics, expand_municipalities

    numbers = expand_municipalities(filters.municipalities) if filters.municipalities else None
    data = store.stats.data(checklist_id=filters.checklist, municipality_numbers=numbers)
    return compute_statistics(
        data,
        filters,
        publication=publication,
        min_count=min_count,
        language=language,
        today=today,
        progress=progress,
    )


def run_statistics(
    ctx: AppContext,
    filters: Filters,
    *,
    publication: bool = False,
    min_count: int = DEFAULT_MIN_COUNT,
    language: str = "bokmal",
    xlsx: Path | None = None,
    figures: Path | None = None,
    report: Path | None = None,
    today: date | None = None,
    progress: Progress | None = None,
) -> StatsResult:
    """Compute the statistics and write the workbook, charts and report asked for."""
    today = today or date.today()
    for path, suffix, option in ((xlsx, ".xlsx", "--xlsx"), (report, ".docx", "--rapport")):
        if path is not None and Path(path).suffix.lower() != suffix:
            raise UsageError(f"{option} skal være en {suffix}-fil (fikk {path}).")
    from tilsyn.app.documents import output_rules
    from tilsyn.files import check_target

    rules = output_rules(ctx)
    # Every target is checked before anything is written: all or nothing.
    for path, what in ((xlsx, "statistikkarbeidsboken"), (report, "rapporten")):
        if path is not None:
            check_target(Path(path), rules, what=what)
    if figures is not None and Path(figures).exists() and not Path(figures).is_dir():
        raise UsageError(f"--figurer skal være en mappe, men {figures} er en fil.")
    stats = compute_for_store(
        ctx.store,
        filters,
        publication=publication,
        min_count=min_count,
        language=language,
        today=today,
        progress=progress,
    )
    files: dict[str, Path] = {}
    charts: list[Path] = []
    from tilsyn.files import all_or_nothing

    with all_or_nothing():  # a later failure removes again what was written before it
        if xlsx is not None:
            from tilsyn.workbook.stats import write_stats_workbook

            files["xlsx"] = write_stats_workbook(stats, Path(xlsx), rules=rules)
        if figures is not None:
            from tilsyn.stats.charts import write_charts

            charts = [
                c.path for c in write_charts(stats, Path(figures), rules=rules, progress=progress)
            ]
        if report is not None:
            from tilsyn.report.trends import render_trends_report

            year = stats.summary.get("til_ar") or today.year
            office = ctx.workspace.config.office_for_year(year, nynorsk=language == "nynorsk")
            files["rapport"] = render_trends_report(
                stats,
                Path(report),
                office=office,
                today=today,
                rules=rules,
                chart_folder=figures,
                templates_dir=ctx.workspace.templates_dir,
                progress=progress,
            )
    return StatsResult(stats, files, tuple(charts))
