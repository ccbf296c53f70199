"""Time to render the demo-like final report (plain figures, no assertions).

Builds the CLI benchmark's scored audit (Kristiansand 2017, 8 files, a violation on B1)
in a temporary workspace, then makes the final report N times.

    .venv/bin/python bench/bench_report.py [N]
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path


def build(root: Path):
    """The CLI benchmark's scored audit (bench_cli.build_workspace), with the preliminary
    report recorded as sent, so a final report can be made."""
    from bench_cli import build_workspace

    from tilsyn.app.audits import record_event
    from tilsyn.app.context import AppContext
    from tilsyn.workspace import open_workspace

    aid = build_workspace(root / "ws")
    s = AppContext(open_workspace(str(root / "ws")), user_override="bench")
    record_event(s, aid, "forelopig", date(2017, 5, 2))
    return s, aid


def main(n: int = 10) -> None:
    from tilsyn.app.documents import produce_document

    with tempfile.TemporaryDirectory() as tmp:
        s, aid = build(Path(tmp))
        t0 = time.perf_counter()
        produce_document(s, aid, "endelig", report_date=date(2017, 6, 1))
        first = time.perf_counter() - t0
        times = []
        for _ in range(n):
            t0 = time.perf_counter()
            produce_document(s, aid, "endelig", report_date=date(2017, 6, 1))
            times.append(time.perf_counter() - t0)
    times.sort()
    print("endelig rapport (bokmål), inkl. kontekst, kvalitetskontroll, lagring og versjon:")
    print(f"  første: {first:.3f} s")
    print(f"  median av {n}: {times[len(times) // 2]:.3f} s")
    print(f"  raskeste: {times[0]:.3f} s  tregeste: {times[-1]:.3f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
