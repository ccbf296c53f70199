"""Time the statistics at 1 000 and 10 000 synthetic audits, and the bulk imports.

Run: ``.venv/bin/python bench/bench_stats.py [N ...]`` (default 1000 10000).

1. Per size: the time to generate the dataset, read the store, compute the tables, and
   write JSON, the Excel workbook, the charts and the Word report, so that how the cost
   grows with the data can be read off; then the size of the database file and how much
   of it is checklist snapshots. «les + beregn» is the target of issue 17 (under 2 s at
   10 000 audits): it is shown as wall-clock time and as the CPU time of this process
   (wall-clock on a shared machine includes waiting for other processes).
2. The imports of issue 17 (target: under 5 s together): a national history of 134 audits
   × 3 requirements (``tilsyn historikk importer``) and 144 survey forms (``tilsyn
   egenvurdering importer-svar``), as the commands run them (a new process each, so the
   time includes starting Python and opening the database).

Uses temporary workspaces; nothing is kept.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
import time
from contextlib import redirect_stdout
from datetime import date
from pathlib import Path

READ_COMPUTE = "les + beregn (veggklokke)"
READ_COMPUTE_CPU = "les + beregn (CPU-tid)"


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
        store.stats.data()  # warm the page cache and the parsed checklists, as a second run
        cpu = time.process_time()
        data = _timed("les fra databasen", r, store.stats.data)
        stats = _timed("beregn alle tabeller", r, lambda: compute_statistics(data))
        r[READ_COMPUTE_CPU] = time.process_time() - cpu
        r[READ_COMPUTE] = r["les fra databasen"] + r["beregn alle tabeller"]
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
        charts = _timed(
            "--figurer", r, lambda: write_charts(stats, folder / "fig", rules=NO_WORKSPACE)
        )
        _timed(
            "--rapport (figurene over)",
            r,
            lambda: render_trends_report(
                stats,
                folder / "s.docx",
                sender="Statsforvalteren i Agder",
                report_date=date(2025, 1, 1),
                rules=NO_WORKSPACE,
                charts=charts,
            ),
        )
        r["total statistikk (les + beregn + alle utdata)"] = sum(
            v
            for k, v in r.items()
            if not k.startswith(("generer", "beregn, filtrert", "les + beregn"))
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
    from tilsyn.cli.shapes import statistics

    with redirect_stdout(io.StringIO()):
        for t in stats.tables:
            table(t.headers, t.formatted_rows())
        emit_json(statistics(stats))
    json.dumps(statistics(stats), default=str)


def bench_imports() -> dict[str, float]:
    """The two imports of a national history, each as its own ``tilsyn`` process."""
    from tilsyn.app.synthetic import (
        HISTORY_COLUMNS,
        SURVEY_COLUMNS,
        national_history,
        write_table_csv,
    )

    exe = Path(sys.executable).with_name("tilsyn")
    r: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        history = national_history()
        write_table_csv(history.audits, HISTORY_COLUMNS, folder / "historikk.csv")
        write_table_csv(history.surveys, SURVEY_COLUMNS, folder / "undersokelse.csv")
        env = {**os.environ, "TILSYN_HOME": str(folder / "ws"), "TILSYN_BRUKER": "bench"}
        subprocess.run([exe, "init", folder / "ws"], check=True, capture_output=True, env=env)
        subprocess.run([exe, "liste"], check=True, capture_output=True, env=env)  # create db
        for label, args in (
            (
                f"historikk importer ({len(history.audits) // 3} tilsyn × 3 krav)",
                ["historikk", "importer", folder / "historikk.csv"],
            ),
            (
                f"egenvurdering importer-svar ({len(history.surveys)} skjemaer)",
                [
                    "egenvurdering",
                    "importer-svar",
                    folder / "undersokelse.csv",
                    "--sjekkliste",
                    "helarig-fulltid",
                ],
            ),
        ):
            _timed(
                label,
                r,
                lambda a=args: subprocess.run([exe, *a], check=True, capture_output=True, env=env),
            )
        r["begge importene"] = sum(r.values())
    return r


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
    print()
    imports = bench_imports()
    width = max(len(s) for s in imports)
    for label, seconds in imports.items():
        print(f"{label:{width}}  {seconds:>6.2f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
