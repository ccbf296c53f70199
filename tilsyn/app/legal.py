"""Resolving the legal frame of a document from its audit and date — the one place that
decides which law, regime, office, municipality name and appeal body a document states."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from tilsyn.audit.legal import LegalFrame, Office, make_frame
from tilsyn.audit.values import LanguageForm

if TYPE_CHECKING:
    from tilsyn.audit.models import Audit
    from tilsyn.checklist.model import Checklist
    from tilsyn.workspace import Config


def resolve_frame(
    audit: Audit, checklist: Checklist, config: Config, on: date, language: str
) -> LegalFrame:
    """The legal frame of a document for ``audit`` dated ``on`` in ``language``."""
    return make_frame(audit, checklist, office_on(config, on, language), config.appeal_body)


def office_on(config: Config, on: date, language: str) -> Office:
    """The office as a document dated ``on`` in ``language`` names it."""
    contact = config.contact_for_year(on.year)
    return Office(
        name=config.office_for_year(on.year, nynorsk=language == LanguageForm.NYNORSK),
        department=contact.department,
        address=contact.address,
        email=contact.email,
        phone=contact.phone,
    )
