"""Use cases of administration: creating a workspace, database maintenance, and this
office's corrections of municipal reference data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tilsyn.app.context import AppContext
    from tilsyn.municipalities import Registry
    from tilsyn.workspace import ChosenOffice, Workspace


def create_workspace(folder: Path, *, office: str | ChosenOffice) -> Workspace:
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


@dataclass(frozen=True)
class FoundMunicipality:
    """One municipality number and name in one period, as `tilsyn kommune finn` shows it."""

    number: str
    name: str
    other_names: tuple[str, ...]
    county_number: str
    county: str
    valid_from: date
    valid_to: date | None
    successors: tuple[str, ...]
    predecessors: tuple[str, ...]
    language_form: str


def find_municipalities(
    workspace: str | None, text: str, *, db_url: str | None = None
) -> list[FoundMunicipality]:
    """Municipalities of every period since 2013 matching a number or (part of) a name,
    with validity, successors and predecessors, and the language form (with the
    workspace's corrections when there is a workspace)."""
    from tilsyn.app.context import AppContext
    from tilsyn.municipalities import language_form_of, load_registry
    from tilsyn.reference import county_name, municipality_history, search
    from tilsyn.workspace import optional_workspace

    ws = optional_workspace(workspace)
    overrides = AppContext(ws, db_url_override=db_url).language_overrides if ws else {}
    registry = load_registry()
    current = {m.number: m for m in registry.all(historical=False)}
    records = search(text)
    # The 2024 list also has the official Sami and Kven names (Kárášjohka for 5610
    # Karasjok), which the history does not always carry: add those numbers first.
    seen = {m.number for m in records}
    extra = [
        record
        for hit in registry.find(text)
        if hit.is_current and hit.number not in seen
        for record in municipality_history().periods(hit.number)
        if record.valid_to is None
    ]
    found = []
    for m in [*extra, *records]:
        other = current[m.number].other_names if m.number in current else ()
        found.append(
            FoundMunicipality(
                number=m.number,
                name=m.name,
                other_names=other if m.valid_to is None else (),
                county_number=m.county_number,
                county=county_name(m.number),
                valid_from=m.valid_from,
                valid_to=m.valid_to,
                successors=tuple(s for s in m.successors if s != m.number),
                predecessors=m.predecessors,
                language_form=language_form_of(m.number, overrides),
            )
        )
    return found


def set_language_form(ctx: AppContext, number: str, value: str) -> tuple[str, str, str]:
    """Record this office's correction of a municipality's language form (logged).

    Any municipality number since 2013 can be corrected; returns (number, name, form).
    """
    from tilsyn.municipalities import normalise_language_form
    from tilsyn.reference import lineage

    m = lineage(number).periods[-1]
    form = normalise_language_form(value, number=m.number)
    ctx.store.settings.set_language_override(m.number, form)
    return m.number, m.name, form
