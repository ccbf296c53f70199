"""Reading JSON that users and other installations bring (bulk answer files, archive
packages): one door with the same refusals everywhere.

Python's ``json`` accepts ``NaN`` and ``Infinity`` (not JSON), recurses once per nesting
level (``[[[[…]]]]`` ten thousand deep is a RecursionError) and turns any number into an
int of any size. Here NaN and Infinity are refused with their line, nesting is bounded
before the parser recurses, and a syntax error names line and column.
"""

from __future__ import annotations

import json
from typing import Any

from tilsyn.errors import UsageError

MAX_DEPTH = 64
"""The deepest nesting of lists and objects accepted (an archive package needs 4)."""


def _depth_problem(text: str, max_depth: int) -> int | None:
    """The line where nesting first goes deeper than ``max_depth`` (strings skipped)."""
    depth = 0
    in_string = False
    escaped = False
    line = 1
    for ch in text:
        if ch == "\n":
            line += 1
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
            continue
        if ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > max_depth:
                return line
        elif ch in "]}":
            depth -= 1
    return None


def loads(text: str, *, source: str, error: type[Exception] = UsageError) -> Any:
    """Parse JSON ``text`` from ``source`` (named in every message), refusing NaN,
    Infinity and nesting deeper than :data:`MAX_DEPTH`; raise ``error`` (a TilsynError
    class) with the line."""

    def constant(name: str) -> Any:
        raise ValueError(f"{name} er ikke et gyldig JSON-tall")

    line = _depth_problem(text, MAX_DEPTH)
    if line is not None:
        raise error(
            f"{source}, linje {line}: JSON-strukturen er nestet dypere enn {MAX_DEPTH} nivåer; "
            "filen er ikke laget av tilsyn eller er ødelagt. Ingenting ble lagret."
        )
    try:
        return json.loads(text, parse_constant=constant)
    except json.JSONDecodeError as exc:
        raise error(
            f"{source}, linje {exc.lineno}, kolonne {exc.colno}: ugyldig JSON ({exc.msg}). "
            "Ingenting ble lagret."
        ) from None
    except ValueError as exc:  # NaN, Infinity (from parse_constant), huge number text
        raise error(f"{source}: ugyldig JSON ({exc}). Ingenting ble lagret.") from None
    except RecursionError:  # pragma: no cover - the depth check comes first
        raise error(f"{source}: JSON-strukturen er nestet for dypt. Ingenting ble lagret.") from (
            None
        )
