"""The statistics part of `tilsyn demo`: a small "Tall og trender" report for Agder and
Telemark."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tilsyn.app.demo import DemoContext

COUNTIES = ("Agder", "Telemark")
MIN_AUDITS = 20
"""Below this many audits in Agder and Telemark the demo adds a synthetic history."""


def demo_step(ctx: DemoContext) -> Iterator[str]:
    """Write tall-og-trender.docx/.xlsx for Agder and Telemark from the demo store.

    The demo store holds only the demo's own few audits, too few for trends; then a
    synthetic history of the four years before the demo (as in IMDi Sør's 2013–2016
    figures) is added for the municipalities of Aust-Agder, Vest-Agder and Telemark,
    marked as such (titles "Syntetisk: …", a ``syntetisk`` log entry per audit). The
    history is closed: every synthetic audit and violation is closed by ``ctx.today``.
    """
    from tilsyn.app.statistics import compute_for_store
    from tilsyn.app.synthetic import write_synthetic
    from tilsyn.stats.model import Filters
    from tilsyn.text import fold

    s = ctx.app
    filters = Filters(counties=COUNTIES)
    present = [a for a in s.store.audits.all() if any(fold(c) in fold(a.county) for c in COUNTIES)]
    if len(present) < MIN_AUDITS:
        places = [m for m in s.registry.all() if any(fold(c) in fold(m.county) for c in COUNTIES)]
        end = ctx.today.year - 1
        # History: every synthetic audit is closed by the demo's "today", so that
        # `tilsyn status` and `tilsyn lovbrudd liste --apne` show only the demo's own.
        write_synthetic(
            s.store,
            80,
            seed=2013,
            end_year=end,
            years=4,
            municipalities=places,
            closed_by=ctx.today,
        )
        yield (
            f"Statistikk: la til en syntetisk historikk for {end - 3}–{end} (80 avsluttede "
            "tilsyn i Agder og Telemark, merket «Syntetisk») ved siden av demoens egne "
            "tilsyn."
        )
    # Figures as they stood on the demo's date: nothing later is counted.
    filters = Filters(counties=COUNTIES, per=ctx.today)
    stats = compute_for_store(s.store, filters, publication=True, today=ctx.today)
    from tilsyn.app.documents import output_rules
    from tilsyn.report.trends import render_trends_report
    from tilsyn.workbook.stats import write_stats_workbook

    rules = output_rules(s)
    office = s.workspace.config.office_for_year(ctx.today.year)
    report = render_trends_report(
        stats,
        ctx.folder / "tall-og-trender.docx",
        sender=office,
        report_date=ctx.today,
        rules=rules,
        chart_folder=ctx.folder / "figurer",
        templates_dir=s.workspace.templates_dir,
    )
    workbook = write_stats_workbook(stats, ctx.folder / "tall-og-trender.xlsx", rules=rules)
    yield f"Tall og trender for Agder og Telemark: {report.name} og {workbook.name}"
    from tilsyn.stats.commentary import commentary

    for sentence in commentary(stats, max_trends=2):
        yield f"  {sentence}"
