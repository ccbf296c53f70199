"""The context of one command: the opened workspace, the store, the acting user and the
office's calendar. It opens things and does nothing else; the use cases in
:mod:`tilsyn.app` take it as their first argument.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from tilsyn.workspace import Workspace, open_workspace

if TYPE_CHECKING:
    from tilsyn.audit.calendar import Calendar
    from tilsyn.audit.lifecycle import DeadlineWeeks
    from tilsyn.audit.models import Audit
    from tilsyn.checklist.model import Checklist
    from tilsyn.municipalities import Registry
    from tilsyn.store import Store


def acting_user(explicit: str | None, configured: str | None) -> str:
    """Who is acting: --bruker/TILSYN_BRUKER, then tilsyn.toml, then the OS user."""
    for candidate in (explicit, configured):
        if candidate and candidate.strip():
            return candidate.strip()
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name on some Windows service accounts
        return os.environ.get("USERNAME") or "ukjent"


@dataclass
class AppContext:
    """The opened workspace and store for one command."""

    workspace: Workspace
    db_url_override: str | None = None
    user_override: str | None = None

    @classmethod
    def open(
        cls, *, workspace: str | None = None, db_url: str | None = None, user: str | None = None
    ) -> AppContext:
        """Find the workspace (``workspace``, TILSYN_HOME or upwards from the current
        folder); the store opens on first use."""
        return cls(open_workspace(workspace), db_url, user)

    @cached_property
    def user(self) -> str:
        from tilsyn.text import guard_text

        name = acting_user(self.user_override, self.workspace.config.user)
        return guard_text(name, where="--bruker", max_length=200) or "ukjent"

    @cached_property
    def store(self) -> Store:
        from tilsyn.store import open_store

        return open_store(self.workspace.db_url(self.db_url_override), user=self.user)

    @cached_property
    def calendar(self) -> Calendar:
        from tilsyn.audit.calendar import Calendar

        c = self.workspace.config
        return Calendar(
            christmas_eve_closed=c.christmas_eve_closed, new_years_eve_closed=c.new_years_eve_closed
        )

    @cached_property
    def registry(self) -> Registry:
        """The municipality registry with this workspace's language-form corrections."""
        from tilsyn.municipalities import load_registry

        return load_registry(self.language_overrides)

    @cached_property
    def language_overrides(self) -> dict[str, str]:
        """This workspace's language-form corrections (tilsyn.toml, then the database),
        checked: number → form."""
        from tilsyn.municipalities import checked_overrides

        overrides = dict(self.workspace.config.language_overrides)
        overrides.update(self.store.settings.language_overrides())
        return checked_overrides(overrides)

    def language_form(self, municipality_number: str) -> str:
        """The language form of a municipality number from any period since 2013, with
        this workspace's corrections (:func:`tilsyn.municipalities.language_form_of`)."""
        from tilsyn.municipalities import language_form_of

        return language_form_of(municipality_number, self.language_overrides)

    def checklist(self, checklist_id: str) -> Checklist:
        """A checklist by id: the workspace's own (sjekklister/) before the shipped ones."""
        from tilsyn.checklist import registry

        return registry.get(checklist_id, [self.workspace.checklists_dir]).checklist

    def weeks(self, audit: Audit) -> DeadlineWeeks:
        """The audit's deadlines in weeks: its own overrides, else the workspace's."""
        from tilsyn.audit.lifecycle import DeadlineWeeks

        cfg = self.workspace.config
        return DeadlineWeeks(
            documentation=audit.documentation_weeks or cfg.documentation_weeks,
            comments=audit.comment_weeks or cfg.comment_weeks,
            rectification=audit.rectification_weeks or cfg.rectification_weeks,
        )
