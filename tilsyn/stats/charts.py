"""PNG charts of the statistics (the only module that imports matplotlib, Agg backend).

- per checklist: share answering yes in self-assessments over the years, one series per
  control question, named by the question's text. A year without figures breaks the
  line (no line is drawn across a gap); every point is labelled with its value and the
  number of municipalities (n). Up to :data:`MAX_SERIES` series share one chart with
  distinguishable colours and markers; more are drawn as small multiples, one panel per
  question.
- one bar chart: share of audited municipalities with a violation, per requirement,
  each bar labelled with its value and n.

Suppressed figures (publication mode) are left out of the charts.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tilsyn.stats.model import Statistics, Trend, whole_percent

if TYPE_CHECKING:
    from tilsyn.files import OutputRules

MAX_SERIES = 5
"""Most series in one line chart; more become small multiples."""

# Okabe–Ito: a qualitative palette that stays distinguishable with colour blindness.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000")
MARKERS = ("o", "s", "^", "D", "v", "P", "X")

_TEXT = {
    "bokmal": {
        "trend": "Egenvurdering: andel kommuner som svarte ja – {title}",
        "bars": "Andel vurderte kommuner med lovbrudd, per krav",
        "share": "Andel ja",
        "share_lb": "Andel kommuner med lovbrudd",
        "year": "År",
        "n": "n = antall kommuner som svarte",
        "n_bars": "(n = antall kommuner vurdert på kravet)",
    },
    "nynorsk": {
        "trend": "Eigenvurdering: del kommunar som svarte ja – {title}",
        "bars": "Del vurderte kommunar med lovbrot, per krav",
        "share": "Del ja",
        "share_lb": "Del kommunar med lovbrot",
        "year": "År",
        "n": "n = talet på kommunar som svarte",
        "n_bars": "(n = talet på kommunar vurderte på kravet)",
    },
}


@dataclass(frozen=True)
class Chart:
    """A written chart and its caption."""

    path: Path
    caption: str


@dataclass(frozen=True)
class Series:
    """One line of a trend chart: x over every year of the chart, y None where there is
    no figure (the line breaks there)."""

    label: str
    years: tuple[int, ...]
    shares: tuple[float | None, ...]
    counts: tuple[int, ...]

    def segments(self) -> list[list[tuple[int, float, int]]]:
        """The unbroken runs of points (consecutive years with figures)."""
        runs: list[list[tuple[int, float, int]]] = []
        current: list[tuple[int, float, int]] = []
        for year, share, n in zip(self.years, self.shares, self.counts, strict=True):
            if share is None:
                if current:
                    runs.append(current)
                current = []
            else:
                current.append((year, share, n))
        if current:
            runs.append(current)
        return runs


def series_of(trends: list[Trend]) -> list[Series]:
    """The series of one checklist's chart, over every calendar year from the first to
    the last with figures: a year without a measurement is a gap in every line."""
    measured = {p[0] for t in trends for p in t.points if p[2]}
    years = list(range(min(measured), max(measured) + 1)) if measured else []
    out = []
    for t in trends:
        by_year = {p[0]: p for p in t.points}
        out.append(
            Series(
                label=legend_label(t),
                years=tuple(years),
                shares=tuple(by_year[y][1] if y in by_year else None for y in years),
                counts=tuple(by_year[y][2] if y in by_year else 0 for y in years),
            )
        )
    return out


def legend_label(trend: Trend, width: int = 70) -> str:
    """The question's ref and text, wrapped for a legend."""
    text = " ".join((trend.question or "").split())
    label = f"{trend.question_ref} {text}".strip()
    return "\n".join(textwrap.wrap(label, width)) or trend.question_ref


def point_label(share: float, n: int) -> str:
    """ "60 %\\nn=48"."""
    return f"{whole_percent(share)} %\nn={n}"


def _pyplot():
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def _save(fig, path: Path, rules: OutputRules) -> None:
    from tilsyn.files import write_file

    # A figure laid out by hand (small multiples) is saved as it is; the others are
    # cropped to what is drawn (which costs a second drawing pass).
    tight = {} if getattr(fig, "_tilsyn_fixed_layout", False) else {"bbox_inches": "tight"}
    write_file(
        path,
        lambda tmp: fig.savefig(tmp, format="png", dpi=110, **tight),
        rules=rules,
        what="figuren",
    )


def _draw_series(ax, s: Series, colour: str, marker: str, *, labels: bool = True) -> None:
    first = True
    for run in s.segments():
        xs = [p[0] for p in run]
        ys = [p[1] for p in run]
        ax.plot(
            xs,
            ys,
            color=colour,
            marker=marker,
            linewidth=1.6,
            markersize=5,
            label=s.label if first else None,
        )
        first = False
        if labels:
            for x, y, n in run:
                ax.annotate(
                    point_label(y, n),
                    (x, y),
                    textcoords="offset points",
                    xytext=(0, 6),
                    ha="center",
                    va="bottom",
                    fontsize=6.5,
                    color=colour,
                )


def _format_axes(ax, T: dict[str, str], years: tuple[int, ...]) -> None:
    from matplotlib.ticker import PercentFormatter

    ax.set_ylim(0, 1.18)  # room for the labels above 100 %
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0, symbol=" %"))
    ax.set_xticks(list(years))
    if years:
        ax.set_xlim(years[0] - 0.5, years[-1] + 0.5)
    ax.grid(True, alpha=0.3)


def _trend_chart(plt, trends: list[Trend], title: str, T: dict[str, str]):
    series = series_of(trends)
    years = series[0].years if series else ()
    if len(series) <= MAX_SERIES:
        fig, ax = plt.subplots(figsize=(9, 4.8))
        for i, s in enumerate(series):
            _draw_series(ax, s, PALETTE[i % len(PALETTE)], MARKERS[i % len(MARKERS)])
        _format_axes(ax, T, years)
        ax.set_xlabel(T["year"])
        ax.set_ylabel(T["share"])
        ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=1)
        ax.set_title("\n".join(textwrap.wrap(title, 90)), fontsize=10)
        ax.text(1.0, -0.1, T["n"], transform=ax.transAxes, ha="right", va="top", fontsize=6.5)
        return fig
    # Small multiples: one panel per question, same axes, so that no two lines share a
    # colour and every question's text stays readable.
    cols = 3
    rows = math.ceil(len(series) / cols)
    head = 1.4  # inches for the figure's title and the first row's titles
    height = 3.0 * rows + head
    fig, axes = plt.subplots(
        rows, cols, figsize=(11, height), sharex=True, sharey=True, squeeze=False
    )
    for i, ax in enumerate(axes.flat):
        if i >= len(series):
            ax.set_visible(False)
            continue
        if i + cols >= len(series):  # nothing below it: show its years
            ax.xaxis.set_tick_params(labelbottom=True)
        s = series[i]
        _draw_series(ax, s, PALETTE[0], MARKERS[0])
        _format_axes(ax, T, years)
        lines = textwrap.wrap(s.label.replace("\n", " "), 55)
        if len(lines) > 3:
            lines = [*lines[:2], lines[2][:52] + " …"]
        ax.set_title("\n".join(lines), fontsize=7)
        ax.tick_params(labelsize=7)
    fig.suptitle(
        "\n".join(textwrap.wrap(title, 100)) + f"\n({T['n']})",
        fontsize=10,
        y=1 - 0.1 / height,
        va="top",
    )
    # Fixed spacing: tight_layout measures every text and costs more than drawing.
    fig.subplots_adjust(
        left=0.07, right=0.98, bottom=0.35 / height, top=1 - head / height, hspace=0.6, wspace=0.08
    )
    fig._tilsyn_fixed_layout = True
    return fig


def _bar_chart(plt, bars, T: dict[str, str]):
    from matplotlib.ticker import PercentFormatter

    fig, ax = plt.subplots(figsize=(9, max(2.5, 0.45 * len(bars) + 1)))
    labels = ["\n".join(textwrap.wrap(f"{b.requirement_ref} {b.title}", 48)) for b in bars]
    ax.barh(range(len(bars)), [b.share for b in bars], color=PALETTE[0])
    for i, b in enumerate(bars):
        ax.annotate(
            f"{whole_percent(b.share)} % (n={b.assessed})",
            (b.share, i),
            textcoords="offset points",
            xytext=(4, 0),
            va="center",
            fontsize=7,
        )
    ax.set_yticks(range(len(bars)), labels, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlim(0, 1.15)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0, symbol=" %"))
    ax.set_xlabel(T["share_lb"] + " " + T["n_bars"])
    ax.grid(True, axis="x", alpha=0.3)
    ax.set_title(T["bars"], fontsize=10)
    return fig


def write_charts(
    stats: Statistics,
    folder: Path,
    *,
    rules: OutputRules,
    progress: Callable[[int, int, str], None] | None = None,
) -> list[Chart]:
    """Write every chart into ``folder`` (created); returns them in report order."""
    plt = _pyplot()
    T = _TEXT[stats.language]
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    by_checklist: dict[str, list[Trend]] = {}
    for t in stats.trends:
        if any(p[1] is not None for p in t.points):
            by_checklist.setdefault(t.checklist_id, []).append(t)
    bars = [b for b in stats.bars if b.share is not None]
    total = len(by_checklist) + (1 if bars else 0)
    charts: list[Chart] = []
    for cid, trends in sorted(by_checklist.items()):
        title = T["trend"].format(title=trends[0].checklist_title or cid)
        fig = _trend_chart(plt, trends, title, T)
        path = folder / f"trend-{cid}.png"
        _save(fig, path, rules)
        plt.close(fig)
        charts.append(Chart(path, title))
        if progress:
            progress(len(charts), total, path.name)
    if bars:
        fig = _bar_chart(plt, bars, T)
        path = folder / "lovbrudd-per-krav.png"
        _save(fig, path, rules)
        plt.close(fig)
        charts.append(Chart(path, T["bars"]))
        if progress:
            progress(len(charts), total, path.name)
    return charts
