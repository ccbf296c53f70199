"""Global options of one CLI invocation (set by the root callback)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class _State:
    db_url: str | None = None
    user: str | None = None
    workspace: str | None = None


STATE = _State()
