"""Workspace-wide settings kept in the store: corrections of municipalities' language form."""

from __future__ import annotations

from sqlalchemy import select

from tilsyn.store import schema as t
from tilsyn.store.base import Repository, utcnow


class SettingsRepository(Repository):
    """Language-form corrections (logged in the global chain)."""

    def language_overrides(self) -> dict[str, str]:
        """Corrections of municipalities' language form, by municipality number."""
        with self.read() as conn:
            return {
                r.municipality_number: r.language_form
                for r in conn.execute(select(t.language_overrides))
            }

    def set_language_override(self, number: str, language_form: str) -> None:
        """Record (and log) a municipality's language form as this office knows it."""
        with self.tx() as conn:
            old = conn.execute(
                select(t.language_overrides).where(
                    t.language_overrides.c.municipality_number == number
                )
            ).first()
            values = dict(language_form=language_form, updated_at=utcnow(), updated_by=self.user)
            if old is None:
                conn.execute(
                    t.language_overrides.insert().values(municipality_number=number, **values)
                )
            else:
                conn.execute(
                    t.language_overrides.update()
                    .where(t.language_overrides.c.municipality_number == number)
                    .values(**values)
                )
            self.log(
                conn,
                chain="global",
                audit_id=None,
                action="målform",
                entity=f"kommune {number}",
                old=None if old is None else {"målform": old.language_form},
                new={"målform": language_form},
            )
