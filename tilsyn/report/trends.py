"""The "Tall og trender" Word report: commentary, charts and tables.

Templates: ``templates/statistikk_bokmal.docx`` and ``statistikk_nynorsk.docx`` (built by
``templates/build_stats_templates.py``); an office may put its own copy in the
workspace's ``maler`` folder under the same name.

The report names its sender, title and date as given, says what the figures rest on
(audits run in tilsyn, imported history, synthetic data — the last with a warning at
the top) and the day the figures stand on (``per``), and leaves out tables without
figures.

Rendering goes through ``tilsyn.report.render`` (cleaning, identity-number scan, sandboxed
autoescaping Jinja, atomic write). ``render_template`` opens the template itself, but a
docxtpl ``InlineImage`` needs the opened template when it is created, so this module uses
the same steps (``clean_context``, ``refuse_personal_data``, ``open_template``,
``jinja_env``, ``set_properties``, ``save_document``) and adds the images after cleaning.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from tilsyn.files import OutputRules
from tilsyn.stats.model import Statistics

TITLES = {"bokmal": "Tall og trender", "nynorsk": "Tal og trendar"}
TITLE = TITLES["bokmal"]

_TEXT = {
    "bokmal": {
        "all": "Alle tilsyn og egenvurderinger",
        "publication": "Tall som bygger på færre enn {n} kommuner er prikket (vises "
        "som «:») og er ikke med i figurene.",
        "per": "Tall per {date}.",
        "per_long": "Tallene viser situasjonen per {date}: tilsyn, rapporter, lukkinger og "
        "endringer etter denne datoen er ikke med.",
    },
    "nynorsk": {
        "all": "Alle tilsyn og eigenvurderingar",
        "publication": "Tal som byggjer på færre enn {n} kommunar er prikka (blir "
        "viste som «:») og er ikkje med i figurane.",
        "per": "Tal per {date}.",
        "per_long": "Tala viser situasjonen per {date}: tilsyn, rapportar, lukkingar og "
        "endringar etter denne datoen er ikkje med.",
    },
}


def trends_context(
    stats: Statistics,
    *,
    sender: str,
    report_date: date,
    title: str | None = None,
    charts: list[Any] = (),
) -> dict[str, Any]:
    """The template context (without images: ``figurer`` holds chart paths and captions)."""
    from tilsyn.audit.calendar import format_date
    from tilsyn.stats.commentary import commentary, data_basis

    T = _TEXT[stats.language]
    per = stats.filters.per
    basis, warning = data_basis(stats)
    if per is not None:
        basis.append(T["per_long"].format(date=format_date(per, stats.language)))
    return {
        "tittel": title or TITLES[stats.language],
        "utvalg": stats.filters.describe(stats.language) or T["all"],
        "kontor": sender,
        "avsender": sender,
        "dato": format_date(report_date, stats.language),
        "per_tekst": T["per"].format(date=format_date(per, stats.language)) if per else "",
        "syntetisk": warning is not None,
        "syntetisk_tekst": warning or "",
        "datagrunnlag": basis,
        "kommentar": commentary(stats),
        "figurer": [{"fil": str(c.path), "tekst": c.caption} for c in charts],
        "tabeller": [
            {
                "tittel": t.title,
                "kolonner": t.headers,
                "rader": t.formatted_rows(),
                "fotnoter": list(t.footnotes),
            }
            for t in stats.tables
            if not t.is_empty
        ],
        "publisering": stats.publication,
        "merknad_publisering": T["publication"].format(n=stats.min_count),
    }


def render_trends_report(
    stats: Statistics,
    output: Path,
    *,
    sender: str,
    report_date: date,
    rules: OutputRules,
    title: str | None = None,
    chart_folder: Path | None = None,
    charts: list[Any] | None = None,
    templates_dir: Path | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> Path:
    """Write the report to ``output`` (atomic), with charts drawn into ``chart_folder``
    (a temporary folder when None), or with ``charts`` already drawn."""
    import tempfile

    from docx.shared import Cm
    from docxtpl import InlineImage

    from tilsyn.report import render as R
    from tilsyn.stats.charts import write_charts

    template = R.template_path("statistikk", stats.language, templates_dir)
    with tempfile.TemporaryDirectory(prefix="tilsyn-figurer-") as tmp:
        folder = Path(chart_folder) if chart_folder is not None else Path(tmp)
        if charts is None:
            charts = write_charts(stats, folder, rules=rules, progress=progress)
        context = R.clean_context(
            trends_context(
                stats, sender=sender, report_date=report_date, title=title, charts=charts
            )
        )
        R.refuse_personal_data(context, what=f"Rapporten «{context['tittel']}»")
        tpl = R.open_template(template)
        for figure in context["figurer"]:
            figure["bilde"] = InlineImage(tpl, figure.pop("fil"), width=Cm(22))
        R.render_bounded(tpl, context, template)
        R.set_properties(
            tpl, {"title": context["tittel"], "author": sender, "subject": context["utvalg"]}
        )
        return R.save_document(tpl, Path(output), rules=rules)
