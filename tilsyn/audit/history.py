"""Where an audit or self-assessment came from, and what that allows (pure).

- ``None``: run in tilsyn (the normal case);
- ``importert``: past results loaded in bulk (``tilsyn historikk importer`` for audits,
  ``tilsyn egenvurdering importer-svar`` for surveys). An imported audit is closed and
  read-only: it holds the conclusions per requirement as the file gave them, not the
  answers, documents or orders behind them, so nothing may be added to it;
- ``syntetisk``: generated data (``tilsyn demo``, ``demo --skala``), never real.
"""

from __future__ import annotations

from enum import StrEnum

from tilsyn.errors import TilsynError


class Origin(StrEnum):
    """The origin of a stored audit or self-assessment (None: run in tilsyn)."""

    IMPORTED = "importert"
    SYNTHETIC = "syntetisk"


ORIGIN_LABELS = {
    "bokmal": {Origin.IMPORTED: "importert historikk", Origin.SYNTHETIC: "syntetisk"},
    "nynorsk": {Origin.IMPORTED: "importert historikk", Origin.SYNTHETIC: "syntetisk"},
}


class ReadOnlyAuditError(TilsynError):
    """Raised when something would change an imported (read-only) audit."""


def refuse_change(audit_id: int, origin: str | None) -> None:
    """Refuse any change to an imported audit; other audits pass."""
    if origin == Origin.IMPORTED:
        raise ReadOnlyAuditError(
            f"Tilsyn {audit_id} er importert historikk (avsluttet og skrivebeskyttet) og kan "
            "ikke endres: det har bare konklusjonene per krav fra filen det ble lest inn fra. "
            f"Se kilden med: tilsyn vis {audit_id}"
        )
