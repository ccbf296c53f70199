"""Where the shipped checklists, templates and data live (installed or in a checkout)."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _resource_dir(name: str) -> Path:
    # Installed wheel: tilsyn/<name>; source checkout (editable install): ../<name>.
    inside = _PACKAGE / name
    if inside.is_dir():
        return inside
    return _PACKAGE.parent / name


def checklists_dir() -> Path:
    """The folder of shipped checklists."""
    return _resource_dir("checklists")


def templates_dir() -> Path:
    """The folder of shipped Word templates."""
    return _resource_dir("templates")


def data_dir() -> Path:
    """The folder of shipped reference data (municipality registry)."""
    return _PACKAGE / "data"
