"""Counts and outcomes of the robustness tests (fuzzing, crashes, concurrency, hostile
inputs), shown at the end of every pytest run so that CI's log says how much was tried."""

from __future__ import annotations

LINES: list[str] = []
COUNTERS: dict[str, dict[str, int]] = {}
"""Named counters of hostile-input tests, printed with a total at the end of the run."""
HOSTILE_KEYS = ("prøvd", "avvist", "tracebacks", "fødselsnumre lekket")


def report(line: str) -> None:
    """Record one line for the end-of-run summary (and print it for -s runs)."""
    LINES.append(line.strip())
    print("\n" + line.strip())


def counter(name: str) -> dict[str, int]:
    """The hostile-input counter ``name`` (prøvd, avvist, tracebacks, fødselsnumre lekket)."""
    return COUNTERS.setdefault(name, dict.fromkeys(HOSTILE_KEYS, 0))


def counter_lines() -> list[str]:
    """One line per counter and a total over all of them."""
    if not COUNTERS:
        return []
    lines = [
        f"{name}: " + ", ".join(f"{k} {v}" for k, v in counts.items())
        for name, counts in COUNTERS.items()
    ]
    total = {k: sum(c.get(k, 0) for c in COUNTERS.values()) for k in HOSTILE_KEYS}
    lines.append("fiendtlige inndata i alt: " + ", ".join(f"{k} {v}" for k, v in total.items()))
    return lines
