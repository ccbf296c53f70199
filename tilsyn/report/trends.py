"""The "Tall og trender" Word report: commentary, charts and tables (issue 7).

Templates: ``templates/statistikk_bokmal.docx`` and ``statistikk_nynorsk.docx`` (built by
``templates/build_stats_templates.py``); an office may put its own copy in the
workspace's ``maler`` folder under the same name.

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

TITLE = "Tall og trender"

_TEXT = {
    "bokmal": {
        "all": "Alle tilsyn og egenvurderinger",
        "publication": "Tall som bygger på færre enn {n} kommuner er prikket (vises "
        "som «:») og er ikke med i figurene.",
    },
    "nynorsk": {
        "all": "Alle tilsyn og eigenvurderingar",
        "publication": "Tal som byggjer på færre enn {n} kommunar er prikka (blir "
        "viste som «:») og er ikkje med i figurane.",
    },
}


def trends_context(
    stats: Statistics, *, office: str, today: date, charts: list[Any] = ()
) -> dict[str, Any]:
    """The template context (without images: ``figurer`` holds chart paths and captions)."""
    from tilsyn.audit.calendar import format_date
    from tilsyn.stats.commentary import commentary

    T = _TEXT[stats.language]
    return {
        "tittel": TITLE,
        "utvalg": stats.filters.describe(stats.language) or T["all"],
        "kontor": office,
        "dato": format_date(today, stats.language),
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
        ],
        "publisering": stats.publication,
        "merknad_publisering": T["publication"].format(n=stats.min_count),
    }


def render_trends_report(
    stats: Statistics,
    output: Path,
    *,
    office: str,
    today: date,
    rules: OutputRules,
    chart_folder: Path | None = None,
    templates_dir: Path | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> Path:
    """Write the report to ``output`` (atomic), with charts drawn into ``chart_folder``
    (a temporary folder when None)."""
    import tempfile

    from docx.shared import Cm
    from docxtpl import InlineImage

    from tilsyn.report import render as R
    from tilsyn.stats.charts import write_charts

    template = R.template_path("statistikk", stats.language, templates_dir)
    with tempfile.TemporaryDirectory(prefix="tilsyn-figurer-") as tmp:
        folder = Path(chart_folder) if chart_folder is not None else Path(tmp)
        charts = write_charts(stats, folder, rules=rules, progress=progress)
        context = R.clean_context(trends_context(stats, office=office, today=today, charts=charts))
        R.refuse_personal_data(context, what=f"Rapporten «{TITLE}»")
        tpl = R.open_template(template)
        for figure in context["figurer"]:
            figure["bilde"] = InlineImage(tpl, figure.pop("fil"), width=Cm(22))
        R.render_bounded(tpl, context, template)
        R.set_properties(tpl, {"title": TITLE, "author": office, "subject": context["utvalg"]})
        return R.save_document(tpl, Path(output), rules=rules)
