"""TEMPORARY QA helper (to be deleted): write documents for visual review."""
import shutil
from datetime import date
from pathlib import Path

from tests.followup_support import nynorsk_audit, send_final
from tilsyn.report.reminder import write_reminder
from tilsyn.report.service import produce_document

OUT = Path("/tmp/qa2")


def test_dump(session, scored_audit):
    OUT.mkdir(exist_ok=True)
    from tests.report_util import to_final
    to_final(session, scored_audit)
    r = produce_document(session, scored_audit, "endelig", report_date=date(2017, 6, 1))
    shutil.copy(r.path, OUT / "kl2018-endelig.docx")
    r = produce_document(session, scored_audit, "palegg", report_date=date(2017, 6, 1))
    shutil.copy(r.path, OUT / "kl2018-palegg.docx")
    p = write_reminder(session, scored_audit, OUT, today=date(2017, 7, 3))
    shutil.copy(p, OUT / "rem-kl2018.docx")
    n = nynorsk_audit(session)
    p = write_reminder(session, n, OUT, today=date(2017, 7, 3))
    shutil.copy(p, OUT / "rem-nn.docx")


def test_dump_kl1992(session, scored_audit):
    OUT.mkdir(exist_ok=True)
    session.update_audit(scored_audit, regime="kl1992")
    send_final(session, scored_audit)
    p = write_reminder(session, scored_audit, OUT, today=date(2017, 7, 3))
    shutil.copy(p, OUT / "rem-kl1992.docx")
