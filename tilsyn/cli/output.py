"""Rendering helpers for the CLI: JSON for scripts, plain tables for people."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import typer


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if hasattr(value, "__dataclass_fields__"):
        from dataclasses import asdict

        return asdict(value)
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    return str(value)


def _masked(text: str) -> str:
    """Every line printed passes here: an identity number in it (one the user typed into a
    search, say) is masked, as in error messages."""
    from tilsyn.idnumber import mask_identity_numbers

    return mask_identity_numbers(text)


def emit_json(data: Any) -> None:
    """Print ``data`` as indented UTF-8 JSON (dates as ISO strings)."""
    typer.echo(_masked(json.dumps(data, ensure_ascii=False, indent=2, default=_default)))


def table(headers: list[str], rows: list[list[Any]]) -> None:
    """Print a plain aligned table; cells wider than 60 characters are cut with '…'."""

    def cell(v: Any) -> str:
        text = "" if v is None else str(v).replace("\n", " ")
        return text if len(text) <= 60 else text[:59] + "…"

    data = [[cell(h) for h in headers]] + [[cell(v) for v in r] for r in rows]
    widths = [max(len(r[i]) for r in data) for i in range(len(headers))]
    for n, r in enumerate(data):
        typer.echo(_masked("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()))
        if n == 0:
            typer.echo("  ".join("-" * w for w in widths))


def say(text: str = "") -> None:
    """Print a line for people."""
    typer.echo(_masked(text))


def warn(text: str) -> None:
    """Print a warning line on stderr."""
    typer.echo(_masked(f"advarsel: {text}"), err=True)
