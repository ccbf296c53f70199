"""The legal frame of a document: which law, kommunelov regime, office, municipality name
and appeal body apply on the document's date.

:class:`LegalFrame` holds what a document states; it is resolved in one place,
:func:`tilsyn.app.legal.resolve_frame`, from the audit and the document's date. The
citations of the procedural law live here, once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tilsyn.audit.values import Regime

if TYPE_CHECKING:
    from tilsyn.audit.models import Audit
    from tilsyn.checklist.model import Checklist


@dataclass(frozen=True)
class Citation:
    """A citation as a document writes it, with its Lovdata link."""

    text: str
    url: str


# Supervision power per law (lov_id → section and link).
SUPERVISION_BASIS: dict[str, Citation] = {
    "LOV-2003-07-04-80": Citation("23", "https://lovdata.no/lov/2003-07-04-80/§23"),
    "LOV-2020-11-06-127": Citation("48", "https://lovdata.no/lov/2020-11-06-127/§48"),
}


@dataclass(frozen=True)
class ProcedureLaw:
    """The kommunelov provisions a regime's documents cite."""

    chapter: Citation
    """The chapter on state supervision."""
    information: Citation
    """The supervisor's right to information regardless of confidentiality."""
    order: Citation
    """The power to order rectification."""


PROCEDURE: dict[Regime, ProcedureLaw] = {
    Regime.KL2018: ProcedureLaw(
        chapter=Citation("kommuneloven kapittel 30", "https://lovdata.no/lov/2018-06-22-83"),
        information=Citation("kommuneloven § 30-3", "https://lovdata.no/lov/2018-06-22-83/§30-3"),
        order=Citation("kommuneloven § 30-4", "https://lovdata.no/lov/2018-06-22-83/§30-4"),
    ),
    Regime.KL1992: ProcedureLaw(
        chapter=Citation(
            "kommuneloven (1992) kapittel 10 A", "https://lovdata.no/lov/1992-09-25-107"
        ),
        information=Citation(
            "kommuneloven (1992) § 60 c", "https://lovdata.no/lov/1992-09-25-107/§60c"
        ),
        order=Citation("kommuneloven (1992) § 60 d", "https://lovdata.no/lov/1992-09-25-107/§60d"),
    ),
}

ADMINISTRATIVE_PROCEDURE: tuple[Citation, ...] = (
    Citation("forvaltningsloven § 16", "https://lovdata.no/lov/1967-02-10/§16"),
    Citation("forvaltningsloven § 27", "https://lovdata.no/lov/1967-02-10/§27"),
    Citation("forvaltningsloven § 28", "https://lovdata.no/lov/1967-02-10/§28"),
    Citation("forvaltningsloven § 29", "https://lovdata.no/lov/1967-02-10/§29"),
)
"""Forvaltningsloven as the reports cite it (advance notice, appeal)."""


@dataclass(frozen=True)
class Office:
    """The office responsible, as a document on its date names it."""

    name: str
    """In the document's language form."""
    department: str
    address: str
    email: str
    phone: str

    @property
    def short(self) -> str:
        """``"Statsforvalteren"`` / ``"Fylkesmannen"`` (the first word)."""
        return self.name.split(" ", 1)[0] if self.name else ""

    @property
    def genitive(self) -> str:
        short = self.short
        return short + ("" if short.endswith("s") else "s")


@dataclass(frozen=True)
class LegalFrame:
    """What applies to one document on its date."""

    regime: Regime
    law_name: str
    law_short_name: str
    law_url: str
    supervision: Citation | None
    procedure: ProcedureLaw
    administrative: tuple[Citation, ...]
    office: Office
    municipality_number: str
    municipality_name: str
    county: str
    appeal_body: str
    """The appeal body named in a decision ("" when not configured)."""


def make_frame(audit: Audit, checklist: Checklist, office: Office, appeal_body: str) -> LegalFrame:
    """The frame of a document for ``audit`` once its office is known."""
    regime = Regime(audit.regime)
    return LegalFrame(
        regime=regime,
        law_name=checklist.law.name,
        law_short_name=checklist.law.short_name,
        law_url=checklist.law.lovdata_url,
        supervision=SUPERVISION_BASIS.get(checklist.law.lov_id),
        procedure=PROCEDURE[regime],
        administrative=ADMINISTRATIVE_PROCEDURE,
        office=office,
        municipality_number=audit.municipality_number,
        municipality_name=audit.municipality_name,
        county=audit.county,
        appeal_body=appeal_body,
    )
