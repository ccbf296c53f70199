"""The case store (SQLAlchemy 2 + Alembic). Only this package imports SQLAlchemy."""

from __future__ import annotations

from tilsyn.store.answers import AnswerChange, AnswerInput, AnswerOps
from tilsyn.store.archive import ArchiveOps
from tilsyn.store.audits import AuditOps
from tilsyn.store.documents import DocumentOps
from tilsyn.store.evidence import EvidenceOps
from tilsyn.store.selfassessment import SelfAssessmentOps
from tilsyn.store.settings import SettingsOps
from tilsyn.store.stats import StatsOps
from tilsyn.store.violations import ViolationOps
from tilsyn.store.workbooks import WorkbookOps


class Store(AuditOps, EvidenceOps, AnswerOps, SettingsOps, ViolationOps, DocumentOps, StatsOps,
            ArchiveOps, WorkbookOps, SelfAssessmentOps):
    """All store operations. Open with :func:`open_store`."""


def open_store(url: str, *, user: str) -> Store:
    """Open (and if needed create or upgrade) the store at ``url``."""
    from tilsyn.store.engine import open_engine

    return Store(open_engine(url), user=user)


__all__ = ["AnswerChange", "AnswerInput", "Store", "open_store"]
