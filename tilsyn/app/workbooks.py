"""Use cases of the auditor's workbook: export it, and import it back (validated
completely by :mod:`tilsyn.workbook.importer`, then written in one transaction)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tilsyn.audit.models import AnswerChange, AuditView
from tilsyn.audit.values import AnswerChangeKind
from tilsyn.errors import ConflictError

if TYPE_CHECKING:
    from tilsyn.app.context import AppContext
    from tilsyn.workbook.export import ExportResult


@dataclass
class ImportResult:
    """What an import did (or, with dry_run, would do)."""

    file: str
    sha256: str
    dry_run: bool
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    kept: int = 0
    """Stored answers whose cell was left empty (kept as they are)."""
    timetables: int = 0
    changes: list[AnswerChange] = field(default_factory=list)
    """New and changed answers."""
    proposals: list[dict[str, Any]] = field(default_factory=list)
    """Proposals computed again from an imported timetable (also for blank answers)."""

    def count(self, changes: list[AnswerChange]) -> None:
        self.new = sum(1 for c in changes if c.kind == AnswerChangeKind.NEW)
        self.changed = sum(1 for c in changes if c.kind == AnswerChangeKind.CHANGED)
        self.unchanged = sum(1 for c in changes if c.kind == AnswerChangeKind.UNCHANGED)
        self.changes = [c for c in changes if c.kind != AnswerChangeKind.UNCHANGED]


def export_audit_workbook(ctx: AppContext, audit_id: int, output: Path) -> ExportResult:
    """Write the auditor's workbook for an audit."""
    from tilsyn.app.documents import output_rules
    from tilsyn.workbook.export import export_audit_workbook as export

    view = assessed_view(ctx, audit_id)
    return export(view, output, user=ctx.user, rules=output_rules(ctx, owner=audit_id))


def assessed_view(ctx: AppContext, audit_id: int) -> AuditView:
    """The audit as the workbook shows it: without requirements scoped out of the audit."""
    from dataclasses import replace

    view = ctx.store.audits.view(audit_id)
    return replace(view, checklist=view.assessed_checklist) if view.scoped else view


def import_audit_workbook(
    ctx: AppContext, audit_id: int, path: Path, *, overwrite: bool = False, dry_run: bool = False
) -> ImportResult:
    """Validate ``path`` completely, then store its answers (and timetables), or nothing."""
    from tilsyn.app.answers import write_answers
    from tilsyn.workbook.importer import read_audit_workbook

    view = assessed_view(ctx, audit_id)
    book = read_audit_workbook(view, Path(path))
    tt_updates = [(p, "timeplan", rows) for p, rows in book.timetables.items()]
    result = ImportResult(
        book.name,
        book.sha256,
        dry_run,
        kept=book.kept,
        timetables=len(tt_updates),
        proposals=book.proposals,
    )
    changes = write_answers(ctx, audit_id, book.items, overwrite=overwrite, dry_run=True)
    if book.conflicts and not overwrite:
        raise ConflictError(
            f"{len(book.conflicts)} timeplaner er forskjellige fra det som er lagret; bruk "
            "--overskriv for å erstatte dem. Ingenting ble lagret.",
            details=book.conflicts,
        )
    result.count(changes)
    if dry_run:
        return result
    note = {
        "action": "import arbeidsbok",
        "entity": book.name,
        "fil": book.name,
        "sha256": book.sha256,
        "nye": result.new,
        "endrede": result.changed,
        "uendrede": result.unchanged,
        "timeplaner": sorted(book.timetables),
        "overskriv": overwrite,
        "endringer": change_lines(result.changes),
    }
    changes = write_answers(
        ctx,
        audit_id,
        book.items,
        overwrite=overwrite,
        action="svar (arbeidsbok)",
        participant_updates=tt_updates,
        note=note,
    )
    result.count(changes)
    return result


def change_lines(changes: list[AnswerChange]) -> list[str]:
    """«B1.1 / P01: ja → nei» for new and changed answers."""
    lines = []
    for c in changes:
        question, participant = c.slot
        who = f" / {participant}" if participant else ""
        if c.kind == AnswerChangeKind.CHANGED and c.old == c.new:
            lines.append(
                f"{question}{who}: {c.new} (ny observasjon, kilder, forslag eller begrunnelse)"
            )
            continue
        before = c.old if c.kind == AnswerChangeKind.CHANGED else "–"
        lines.append(f"{question}{who}: {before} → {c.new}")
    return lines
