"""Counts and outcomes of the robustness tests (fuzzing, crashes, concurrency), shown at
the end of every pytest run so that CI's log says how much was tried."""

from __future__ import annotations

LINES: list[str] = []


def report(line: str) -> None:
    """Record one line for the end-of-run summary (and print it for -s runs)."""
    LINES.append(line.strip())
    print("\n" + line.strip())
