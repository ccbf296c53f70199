"""PNG charts of the statistics (the only module that imports matplotlib, Agg backend).

- one line chart per checklist: share answering yes in self-assessments, one line per
  control question, over the years;
- one bar chart: share of audited municipalities with a violation, per requirement.

Suppressed figures (publication mode) are left out of the charts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tilsyn.stats.model import Statistics

if TYPE_CHECKING:
    from tilsyn.files import OutputRules

_TEXT = {
    "bokmal": {
        "trend": "Egenvurdering: andel som svarte ja – {cid}",
        "bars": "Andel vurderte kommuner med lovbrudd, per krav",
        "share": "Andel",
        "year": "År",
    },
    "nynorsk": {
        "trend": "Eigenvurdering: del som svarte ja – {cid}",
        "bars": "Del vurderte kommunar med lovbrot, per krav",
        "share": "Del",
        "year": "År",
    },
}


@dataclass(frozen=True)
class Chart:
    """A written chart and its caption."""

    path: Path
    caption: str


def _pyplot():
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def _save(fig, path: Path, rules: OutputRules) -> None:
    from tilsyn.files import write_file

    write_file(
        path,
        lambda tmp: fig.savefig(tmp, format="png", dpi=110, bbox_inches="tight"),
        rules=rules,
        what="figuren",
    )


def write_charts(
    stats: Statistics,
    folder: Path,
    *,
    rules: OutputRules,
    progress: Callable[[int, int, str], None] | None = None,
) -> list[Chart]:
    """Write every chart into ``folder`` (created); returns them in report order."""
    from matplotlib.ticker import PercentFormatter

    plt = _pyplot()
    T = _TEXT[stats.language]
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    by_checklist: dict[str, list] = {}
    for t in stats.trends:
        if any(p[1] is not None for p in t.points):
            by_checklist.setdefault(t.checklist_id, []).append(t)
    bars = [b for b in stats.bars if b.share is not None]
    total = len(by_checklist) + (1 if bars else 0)
    charts: list[Chart] = []
    for cid, trends in sorted(by_checklist.items()):
        fig, ax = plt.subplots(figsize=(8, 4.5))
        for t in trends:
            xs = [p[0] for p in t.points if p[1] is not None]
            ys = [p[1] for p in t.points if p[1] is not None]
            ax.plot(xs, ys, marker="o", linewidth=1.2, markersize=3, label=t.question_ref)
        ax.set_ylim(0, 1.02)
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0, symbol=" %"))
        ax.set_xlabel(T["year"])
        ax.set_ylabel(T["share"])
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=7, ncol=2, loc="center left", bbox_to_anchor=(1.0, 0.5))
        title = T["trend"].format(cid=cid)
        ax.set_title(title, fontsize=10)
        path = folder / f"trend-{cid}.png"
        _save(fig, path, rules)
        plt.close(fig)
        charts.append(Chart(path, title))
        if progress:
            progress(len(charts), total, path.name)
    if bars:
        fig, ax = plt.subplots(figsize=(8, max(2.5, 0.35 * len(bars) + 1)))
        labels = [f"{b.requirement_ref} {b.title[:45]}" for b in bars]
        ax.barh(range(len(bars)), [b.share for b in bars], color="#2f6f8f")
        ax.set_yticks(range(len(bars)), labels, fontsize=7)
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
        ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0, symbol=" %"))
        ax.grid(True, axis="x", alpha=0.3)
        ax.set_title(T["bars"], fontsize=10)
        path = folder / "lovbrudd-per-krav.png"
        _save(fig, path, rules)
        plt.close(fig)
        charts.append(Chart(path, T["bars"]))
        if progress:
            progress(len(charts), total, path.name)
    return charts
