"""TEMPORARY QA helper (to be deleted): write documents for visual review."""
import shutil
from datetime import date
from pathlib import Path

from tests.followup_support import nynorsk_audit, send_final
from tilsyn.report.reminder import write_reminder
from tilsyn.report.service import produce_document
from tests.report_util import to_final, ENDELIG

OUT = Path("/tmp/qa2")


def test_dump(session, scored_audit):
    OUT.mkdir(exist_ok=True)
    send_final(session, scored_audit)
    p = write_reminder(session, scored_audit, OUT, today=date(2017, 7, 3))
    shutil.copy(p, OUT / "rem-kl2018.docx")
    session.update_audit(scored_audit, regime="kl1992") if hasattr(session, "update_audit") else None
    n = nynorsk_audit(session)
    p = write_reminder(session, n, OUT, today=date(2017, 7, 3))
    shutil.copy(p, OUT / "rem-nn.docx")
    for kind in ("endelig", "palegg", "avslutning"):
        try:
            r = produce_document(session, scored_audit, kind, report_date=date(2017, 9, 1),
                                 accept_unanswered=True)
            shutil.copy(r.path, OUT / f"kl2018-{kind}.docx")
        except Exception as e:  # noqa: BLE001
            print(kind, e)
