"""The use case behind ``tilsyn statistikk``: read, compute, write the chosen outputs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from tilsyn.errors import NotFoundError, UsageError
from tilsyn.stats.model import DEFAULT_MIN_COUNT, Filters, Statistics

if TYPE_CHECKING:
    from tilsyn.app.context import AppContext
    from tilsyn.audit.models import AuditView
    from tilsyn.audit.scoring import RequirementResult
    from tilsyn.stats.calibration import CaseCalibration
    from tilsyn.store import Store

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
    per: date | None = None,
) -> Filters:
    """Filters from the command line, checked. A municipality number may be from any
    year since 2013 (the register of municipalities through time)."""
    from tilsyn.reference import municipality_history, normalise_number

    if from_year and to_year and from_year > to_year:
        raise UsageError(f"--fra-ar {from_year} er etter --til-ar {to_year}.")
    history = municipality_history()
    numbers = []
    for raw in municipalities:
        n = normalise_number(raw)
        if not history.periods(n):
            raise NotFoundError(
                f"Finner ingen kommune med nummer {n} (fra 2013 til i dag). "
                "Søk med: tilsyn kommune finn NAVN"
            )
        numbers.append(n)
    return Filters(
        from_year=from_year,
        to_year=to_year,
        checklist=checklist.strip().lower() if checklist and checklist.strip() else None,
        counties=tuple(c.strip() for c in counties if c.strip()),
        offices=tuple(o.strip() for o in offices if o.strip()),
        municipalities=tuple(numbers),
        per=per,
    )


def compute_for_store(
    store: Store,
    filters: Filters,
    *,
    publication: bool = False,
    min_count: int = DEFAULT_MIN_COUNT,
    language: str = "bokmal",
    today: date | None = None,
    progress: Progress | None = None,
) -> Statistics:
    """Read the store (narrowed in SQL by checklist and municipality) and compute."""
    from tilsyn.stats.compute import compute_statistics
    from tilsyn.stats.places import expand_municipalities

    numbers = expand_municipalities(filters.municipalities) if filters.municipalities else None
    data = store.stats.data(checklist=filters.checklist, municipality_numbers=numbers)
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
    sender: str | None = None,
    title: str | None = None,
    report_date: date | None = None,
    today: date | None = None,
    progress: Progress | None = None,
) -> StatsResult:
    """Compute the statistics and write the workbook, charts and report asked for.

    With a report, the figures stand on ``filters.per``, by default the report's date
    (``report_date``, default today): nothing dated after it is counted. ``sender`` and
    ``title`` default to the workspace's office that year and "Tall og trender".
    """
    from dataclasses import replace

    from tilsyn.text import guard_text

    today = today or date.today()
    report_date = report_date or today
    for path, suffix, option in ((xlsx, ".xlsx", "--xlsx"), (report, ".docx", "--rapport")):
        if path is not None and Path(path).suffix.lower() != suffix:
            raise UsageError(f"{option} skal være en {suffix}-fil (fikk {path}).")
    if report is None:
        for value, option in ((sender, "--avsender"), (title, "--tittel")):
            if value is not None:
                raise UsageError(f"{option} gjelder rapporten: bruk den sammen med --rapport FIL.")
    sender = guard_text(sender, where="--avsender", max_length=200)
    title = guard_text(title, where="--tittel", max_length=200)
    if report is not None and filters.per is None:
        filters = replace(filters, per=report_date)
    if filters.per is not None and report is not None and filters.per > report_date:
        raise UsageError(
            f"--per {filters.per.isoformat()} er etter rapportdatoen "
            f"{report_date.isoformat()}: tallene kan ikke gjelde en dag etter at rapporten "
            "er skrevet. Velg en tidligere --per eller en senere --dato."
        )
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
        drawn = None
        if figures is not None:
            from tilsyn.stats.charts import write_charts

            drawn = write_charts(stats, Path(figures), rules=rules, progress=progress)
            charts = [c.path for c in drawn]
        if report is not None:
            from tilsyn.report.trends import render_trends_report

            if sender is None:
                year = (filters.per or report_date).year
                sender = ctx.workspace.config.office_for_year(year, nynorsk=language == "nynorsk")
            files["rapport"] = render_trends_report(
                stats,
                Path(report),
                sender=sender,
                title=title,
                report_date=report_date,
                rules=rules,
                charts=drawn,
                templates_dir=ctx.workspace.templates_dir,
                progress=progress,
            )
    return StatsResult(stats, files, tuple(charts))


def audit_year(view: AuditView) -> int:
    """The audit's year as statistics count it: of the notice, else its stored year
    (imported history), else of its creation."""
    notice = next((e.date for e in view.events if e.type == "varsel"), None)
    if notice is not None:
        return notice.year
    return view.audit.year or int(view.audit.created_at[:4])


def audit_calibration(
    ctx: AppContext, view: AuditView, results: Sequence[RequirementResult]
) -> CaseCalibration | None:
    """The municipality's own self-assessment of the audit's checklist and year (linked to
    the audit, else of the same municipality; the latest with answers) beside the
    auditor's findings; None when the municipality did not assess itself that year."""
    from tilsyn.stats.calibration import case_calibration

    a = view.audit
    year = audit_year(view)
    candidates = [
        sid
        for sid, number, cid, y, _status, linked in ctx.store.stats.self_assessment_keys()
        if linked == a.id
        or (cid == a.checklist_id and y == year and number == a.municipality_number)
    ]
    for sid in sorted(candidates, reverse=True):
        sa = ctx.store.selfassessments.get(sid)
        if sa.checklist.id != a.checklist_id:
            continue
        found = case_calibration(view, tuple(results), sa)
        if any(q.self_says is not None for q in found.questions):
            return found
    return None
