"""The case store (SQLAlchemy 2 Core + Alembic). Only this package imports SQLAlchemy.

:class:`Store` holds one repository per group of tables, all sharing one
:class:`~tilsyn.store.base.Database` (engine, acting user, transactions, log append).
Repositories map rows to and from the models of :mod:`tilsyn.audit`; rules about what
may change live in the use cases (:mod:`tilsyn.app`), which pass ``conn`` to run several
repository calls in one transaction (:meth:`Store.transaction`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine


class Store:
    """The repositories of one database. Open with :func:`open_store`."""

    def __init__(self, engine: Engine, *, user: str) -> None:
        from tilsyn.store.answers import AnswerRepository
        from tilsyn.store.archive import ArchiveRepository
        from tilsyn.store.audits import AuditRepository
        from tilsyn.store.base import Database
        from tilsyn.store.documents import DocumentRepository
        from tilsyn.store.evidence import EvidenceRepository
        from tilsyn.store.log import LogRepository
        from tilsyn.store.procedure import ProcedureRepository
        from tilsyn.store.selfassessment import SelfAssessmentRepository
        from tilsyn.store.settings import SettingsRepository
        from tilsyn.store.stats import StatsRepository
        from tilsyn.store.violations import ViolationRepository

        self.db = Database(engine, user=user)
        self.audits = AuditRepository(self.db)
        self.evidence = EvidenceRepository(self.db)
        self.answers = AnswerRepository(self.db)
        self.violations = ViolationRepository(self.db)
        self.documents = DocumentRepository(self.db)
        self.selfassessments = SelfAssessmentRepository(self.db)
        self.stats = StatsRepository(self.db)
        self.archive = ArchiveRepository(self.db)
        self.settings = SettingsRepository(self.db)
        self.log = LogRepository(self.db)
        self.procedure = ProcedureRepository(self.db)

    @property
    def user(self) -> str:
        return self.db.user

    @property
    def engine(self) -> Engine:
        return self.db.engine

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One transaction for several repository calls (pass it as ``conn``)."""
        with self.db.transaction() as conn:
            yield conn


def open_store(url: str, *, user: str) -> Store:
    """Open (and if needed create or upgrade) the store at ``url``."""
    from tilsyn.store.engine import open_engine

    return Store(open_engine(url), user=user)


__all__ = ["Store", "open_store"]
