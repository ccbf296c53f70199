"""Helpers shared by CLI commands: opening the session, parsing dates and ids."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tilsyn.app.context import Session


def session() -> Session:
    """Open the workspace and store named by the global options."""
    from tilsyn.cli.context import STATE
    from tilsyn.app.context import Session

    return Session.open(workspace=STATE.workspace, db_url=STATE.db_url, user=STATE.user)


def audit_id(value: str) -> int:
    """An audit id from the command line."""
    from tilsyn.app.context import parse_audit_id

    return parse_audit_id(value)


def day(value: str | None, *, what: str, default_today: bool = True) -> date | None:
    """A date option (ISO or dd.mm.åååå); today when not given and ``default_today``."""
    if value is None:
        return date.today() if default_today else None
    from tilsyn.audit.calendar import parse_date

    return parse_date(value, what=what)
