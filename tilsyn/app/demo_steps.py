"""Steps the parts of `tilsyn demo` share: producing a document and recording that it
was sent."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from tilsyn.app import audits

if TYPE_CHECKING:
    from tilsyn.app.demo import DemoContext
    from tilsyn.app.documents import ProducedDocument


def produced(ctx: DemoContext, r: ProducedDocument) -> str:
    """One line about a produced document, its path relative to the demo folder."""
    try:
        shown = r.path.relative_to(ctx.folder.resolve())
    except ValueError:
        shown = r.path
    return f"  {r.kind} v{r.version} ({r.malform}): {shown}"


def document(ctx: DemoContext, audit_id: int, kind: str, when: date, event: str | None) -> str:
    """Produce a document for ``when`` and record its event (which freezes it as sent)."""
    from tilsyn.app.documents import produce_document

    r = produce_document(ctx.app, audit_id, kind, report_date=when)
    line = produced(ctx, r)
    if event:
        audits.record_event(ctx.app, audit_id, event, when)
        line += " — sendt, kopi frosset i sendt/"
    return line
