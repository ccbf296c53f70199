"""Time every statistics output at 1 000 and 10 000 synthetic audits.

Run: ``.venv/bin/python bench/bench_stats.py [N ...]`` (default 1000 10000). Prints, per
size, the time to generate the dataset, read the store, compute the tables, and write
JSON, the Excel workbook, the charts and the Word report, so that how the cost grows
with the data can be read off; then the size of the database file and how much of it is
checklist snapshots. Uses temporary workspaces; nothing is kept.
"""

from __future__ import annotations

import io
import json
import sys
import tempfile
import time
from contextlib import redirect_stdout
from datetime import date
from pathlib import Path


def _timed(label: str, results: dict[str, float], fn):
    start = time.perf_counter()
    value = fn()
    results[label] = time.perf_counter() - start
    return value


def bench(n: int) -> dict[str, float]:
    from tilsyn.app.synthetic import create_scale_workspace
    from tilsyn.files import NO_WORKSPACE
    from tilsyn.report.trends import render_trends_report
    from tilsyn.stats.charts import write_charts
    from tilsyn.stats.compute import compute_statistics
    from tilsyn.stats.model import Filters
    from tilsyn.store import open_store
    from tilsyn.workbook.stats import write_stats_workbook

    r: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ws, _ = _timed(
            "generer (demo --skala)", r, lambda: create_scale_workspace(folder / "ws", n)
        )
        SIZES[n] = _db_size(folder / "ws" / "tilsyn.db")
        store = open_store(ws.db_url(), user="bench")
        data = _timed("les fra databasen", r, store.stats.data)
        stats = _timed("beregn alle tabeller", r, lambda: compute_statistics(data))
        _timed(
            "beregn, filtrert (Agder, publisering)",
            r,
            lambda: compute_statistics(data, Filters(counties=("Agder",)), publication=True),
        )
        _timed("tabeller i terminal + --json", r, lambda: _render_text(stats))
        _timed(
            "--xlsx",
            r,
            lambda: write_stats_workbook(stats, folder / "s.xlsx", rules=NO_WORKSPACE),
        )
        _timed("--figurer", r, lambda: write_charts(stats, folder / "fig", rules=NO_WORKSPACE))
        _timed(
            "--rapport (med figurer)",
            r,
            lambda: render_trends_report(
                stats,
                folder / "s.docx",
                office="Statsforvalteren i Agder",
                today=date(2025, 1, 1),
                rules=NO_WORKSPACE,
            ),
        )
        r["total statistikk (les + beregn + alle utdata)"] = sum(
            v for k, v in r.items() if not k.startswith(("generer", "beregn, filtrert"))
        )
        store.engine.dispose()
    return r


SIZES: dict[int, tuple[float, float, int]] = {}
"""Per size: (database MB, of which checklist snapshots kB, number of snapshots)."""


def _db_size(path: Path) -> tuple[float, float, int]:
    """The SQLite file's size in MB, the checklist snapshot text in it in kB, and the
    number of snapshots.

    Each distinct checklist snapshot is stored once (table ``checklist_snapshots``,
    migration 0003); audits and self-assessments point to it by sha256.
    """
    import sqlite3

    con = sqlite3.connect(path)
    try:
        count, snap = con.execute(
            "SELECT count(*), COALESCE(SUM(LENGTH(CAST(body AS BLOB))), 0) FROM checklist_snapshots"
        ).fetchone()
    finally:
        con.close()
    return path.stat().st_size / 1e6, snap / 1e3, count


def _render_text(stats) -> None:
    from tilsyn.cli.output import emit_json, table

    with redirect_stdout(io.StringIO()):
        for t in stats.tables:
            table(t.headers, t.formatted_rows())
        emit_json(stats.as_json())
    json.dumps(stats.as_json(), default=str)


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [1000, 10000]
    results = {n: bench(n) for n in sizes}
    labels = list(next(iter(results.values())))
    width = max(len(s) for s in labels)
    print(f"{'':{width}}  " + "  ".join(f"{n:>10,} tilsyn".replace(",", " ") for n in sizes))
    for label in labels:
        print(f"{label:{width}}  " + "  ".join(f"{results[n][label]:>15.2f} s" for n in sizes))
    print(
        f"{'databasefil (SQLite)':{width}}  " + "  ".join(f"{SIZES[n][0]:>14.0f} MB" for n in sizes)
    )
    print(
        f"{'  herav sjekklister':{width}}  "
        + "  ".join(f"{SIZES[n][1]:>8.0f} kB ({SIZES[n][2]})" for n in sizes)
    )


if __name__ == "__main__":
    main(sys.argv[1:])
