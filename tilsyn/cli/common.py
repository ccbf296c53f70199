"""Helpers shared by CLI commands: the command's app context, and parsing dates and ids.

The global options (``--db``, ``--bruker``, ``--arbeidsomrade``) are kept on the typer
context by the root callback (no module state), and :func:`app_context` opens the
workspace and store they name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import typer

from tilsyn.errors import UsageError

if TYPE_CHECKING:
    from tilsyn.app.context import AppContext


@dataclass(frozen=True)
class GlobalOptions:
    """The root options of one invocation."""

    db_url: str | None = None
    user: str | None = None
    workspace: str | None = None


def global_options(ctx: typer.Context) -> GlobalOptions:
    """The root options, found on the context chain."""
    while ctx is not None:
        if isinstance(ctx.obj, GlobalOptions):
            return ctx.obj
        ctx = ctx.parent  # type: ignore[assignment]
    return GlobalOptions()


def app_context(ctx: typer.Context) -> AppContext:
    """Open the workspace and store named by the global options."""
    from tilsyn.app.context import AppContext

    options = global_options(ctx)
    app = AppContext.open(workspace=options.workspace, db_url=options.db_url, user=options.user)

    def _close() -> None:  # the command's database connections end with the command
        store = app.__dict__.get("store")
        if store is not None:
            store.engine.dispose()

    ctx.call_on_close(_close)
    return app


MAX_ID = 2**31 - 1


def audit_id(value: str | int) -> int:
    """An audit id as typed (a positive whole number)."""
    return parse_id(value, what="tilsyns-id", hint="se tilsyn liste")


def parse_id(value: str | int, *, what: str, hint: str) -> int:
    """A positive whole number as typed (ASCII digits), at most 2 147 483 647."""
    text = str(value).strip()
    shown = text if len(text) <= 30 else text[:29] + "…"
    if not (text.isascii() and text.lstrip("+-").isdigit()):  # not "１", "1e309", "NaN"
        raise UsageError(f"«{shown}» er ikke et gyldig {what} (et heltall, {hint}).")
    try:
        number = int(text)
    except ValueError:
        raise UsageError(f"«{shown}» er ikke et gyldig {what} (et heltall, {hint}).") from None
    if not 0 < number <= MAX_ID:
        raise UsageError(f"«{shown}» er ikke et gyldig {what} (et positivt heltall, {hint}).")
    return number


def day(value: str | None, *, what: str, default_today: bool = True) -> date | None:
    """A date option (ISO or dd.mm.åååå); today when not given and ``default_today``."""
    if value is None:
        return date.today() if default_today else None
    from tilsyn.audit.calendar import parse_date

    return parse_date(value, what=what)


def today(value: str | None) -> date:
    """The ``--idag`` option: the date to count as today."""
    result = day(value, what="--idag")
    assert result is not None
    return result
