"""The documents part of `tilsyn demo`: every document type for the demo audit, and the
final report in nynorsk for the nynorsk municipality."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tilsyn.demo import DemoContext
    from tilsyn.report.service import ProducedDocument

PRELIMINARY = date(2017, 5, 2)
FINAL = date(2017, 6, 1)
NYNORSK_PRELIMINARY = date(2017, 10, 2)
NYNORSK_FINAL = date(2017, 10, 30)


def _line(ctx: DemoContext, r: ProducedDocument) -> str:
    try:
        shown = r.path.relative_to(ctx.folder.resolve())
    except ValueError:
        shown = r.path
    return f"  {r.kind} v{r.version} ({r.malform}): {shown}  sha256 {r.sha256[:12]}…"


def _sent(ctx: DemoContext, audit_id: int, kind: str) -> str:
    newest = ctx.session.store.document_versions(audit_id, kind)[-1]
    return newest.path if newest.sent else "(ikke sendt)"


def demo_step(ctx: DemoContext) -> Iterator[str]:
    """Produce the demo's documents; one line per file written."""
    from tilsyn.errors import TilsynError
    from tilsyn.report.service import produce_document

    s, aid = ctx.session, ctx.audit_id
    yield "Dokumenter (Word):"
    # Each document is produced for its date; when the lifecycle event is not recorded
    # yet (the demo's follow-up step may run later), it is recorded now, which freezes
    # the document as sent (sendt/).
    for kind, default, event in (("varsel", None, "varsel"),
                                 ("forelopig", PRELIMINARY, "forelopig"),
                                 ("endelig", FINAL, "endelig"),
                                 ("palegg", FINAL, None)):
        recorded = s.view(aid).event_date(event or "endelig")
        r = produce_document(s, aid, kind, report_date=recorded or default or ctx.today,
                             accept_unanswered=True)
        yield _line(ctx, r)
        if event and recorded is None:
            s.record_event(aid, event, default or ctx.today)
            yield f"  {event} registrert sendt; kopi frosset i {_sent(ctx, aid, kind)}"
    try:
        from tilsyn.followup.service import check_closable

        check_closable(s, aid)
    except TilsynError as exc:
        yield f"  avslutning ikke laget: {exc.message.split(':')[0]}."
    else:
        r = produce_document(s, aid, "avslutning", report_date=ctx.today)
        yield _line(ctx, r)

    nid = ctx.nynorsk_audit_id
    if nid is None:
        return
    nview = s.view(nid)
    if nview.event_date("forelopig") is None:
        r = produce_document(s, nid, "forelopig", report_date=NYNORSK_PRELIMINARY,
                             accept_unanswered=True)
        yield _line(ctx, r)
        s.record_event(nid, "forelopig", NYNORSK_PRELIMINARY)
        yield f"  forelopig registrert sendt; kopi frosset i {_sent(ctx, nid, 'forelopig')}"
    r = produce_document(s, nid, "endelig", report_date=NYNORSK_FINAL, accept_unanswered=True)
    yield _line(ctx, r)
