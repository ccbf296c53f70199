"""Use cases of administration: creating a workspace, database maintenance, and this
office's corrections of municipal reference data."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tilsyn.app.context import AppContext
    from tilsyn.municipalities import Municipality, Registry
    from tilsyn.workspace import Workspace


def create_workspace(folder: Path, *, office: str) -> Workspace:
    """Create a workspace (tilsyn.toml, folders) and its database, migrated."""
    from tilsyn.app.context import AppContext
    from tilsyn.workspace import init_workspace

    ws = init_workspace(folder, office=office)
    AppContext(ws).store  # noqa: B018 - opening the store creates and migrates the database
    return ws


def backup_database(ctx: AppContext, target: Path) -> Path:
    """Write a consistent copy of the SQLite database to a new file."""
    from tilsyn.app.documents import output_rules
    from tilsyn.store.engine import backup

    backup(ctx.store.engine, Path(target), rules=output_rules(ctx))
    return Path(target)


def schema_version(ctx: AppContext) -> str | None:
    """The database's schema version (opening the store upgrades an older one)."""
    from tilsyn.store.engine import current_revision

    return current_revision(ctx.store.engine)


def registry(workspace: str | None, *, db_url: str | None = None) -> Registry:
    """The municipality registry: the workspace's (with its corrections) when there is a
    workspace, else the shipped one."""
    from tilsyn.app.context import AppContext
    from tilsyn.municipalities import load_registry
    from tilsyn.workspace import optional_workspace

    ws = optional_workspace(workspace)
    if ws is None:
        return load_registry()
    return AppContext(ws, db_url_override=db_url).registry


def set_language_form(ctx: AppContext, number: str, value: str) -> tuple[Municipality, str]:
    """Record this office's correction of a municipality's language form (logged)."""
    from tilsyn.municipalities import normalise_language_form

    m = ctx.registry.get(number)
    form = normalise_language_form(value, number=m.number)
    ctx.store.settings.set_language_override(m.number, form)
    return m, form
