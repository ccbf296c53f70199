"""Sent documents are frozen: a copy and its sha256 are kept, and never replaced."""

from __future__ import annotations

import hashlib
from datetime import date

from helpers import summary_of

from tests.report_util import FORELOPIG
from tilsyn.app.audits import create_audit, record_event
from tilsyn.app.documents import produce_document


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_event_freezes_the_newest_version_and_later_versions_never_replace_it(
    session, scored_audit
):
    ws = session.workspace
    produce_document(session, scored_audit, "forelopig", report_date=FORELOPIG)
    v2 = produce_document(session, scored_audit, "forelopig", report_date=FORELOPIG)
    # The auditor edits v2 lightly in Word before sending it; the sent copy is the edited file.
    v2.path.write_bytes(v2.path.read_bytes() + b"")
    record_event(session, scored_audit, "forelopig", FORELOPIG)
    frozen = ws.sent_dir / f"tilsyn-{scored_audit}" / "forelopig-v2.docx"
    assert frozen.is_file()
    sha = _sha(frozen)
    versions = session.store.documents.versions(scored_audit, "forelopig")
    assert [(v.version, v.sent) for v in versions] == [(1, False), (2, True)]
    assert versions[1].sha256 == sha and versions[1].sent_at == "2017-05-02"
    assert versions[1].path == f"sendt/tilsyn-{scored_audit}/forelopig-v2.docx"

    v3 = produce_document(session, scored_audit, "forelopig", report_date=date(2017, 5, 3))
    assert v3.version == 3 and v3.path.name.endswith("-v3.docx")
    assert _sha(frozen) == sha
    shown = summary_of(session, scored_audit)["dokumentversjoner"]
    assert {(d["type"], d["versjon"], d["sendt"], d["sha256"]) for d in shown} >= {
        ("forelopig", 2, True, sha),
        ("forelopig", 3, False, v3.sha256),
    }


def test_event_without_a_produced_document_is_still_recorded(session, scored_audit):
    record_event(session, scored_audit, "forelopig", FORELOPIG)
    assert session.store.audits.view(scored_audit).event_date("forelopig") == FORELOPIG
    assert session.store.documents.versions(scored_audit) == []


def test_output_into_the_sent_folder_is_refused(session, scored_audit, cli):
    produce_document(session, scored_audit, "forelopig", report_date=FORELOPIG)
    record_event(session, scored_audit, "forelopig", FORELOPIG)
    frozen = session.workspace.sent_dir / f"tilsyn-{scored_audit}" / "forelopig-v1.docx"
    before = _sha(frozen)
    r = cli(
        "rapport",
        str(scored_audit),
        "--type",
        "forelopig",
        "--dato",
        "2017-05-02",
        "-o",
        str(frozen),
    )
    assert r.exit_code == 2 and "sendte dokumenter" in r.stderr
    assert _sha(frozen) == before


def test_sending_is_logged(session, scored_audit):
    from tilsyn.store.base import audit_chain

    produce_document(session, scored_audit, "varsel", report_date=date(2017, 3, 1))
    a = create_audit(
        session,
        municipality="1001",
        checklist="individuell-plan",
        case_number="2017/9",
        lead="Ola Hansen",
        auditors=[],
        title=None,
    )
    produce_document(session, a.id, "varsel", report_date=date(2017, 9, 1))
    record_event(session, a.id, "varsel", date(2017, 9, 1))
    log = session.store.log.entries(audit_chain(a.uid))
    actions = [e.action for e in log]
    assert actions.index("dokument laget") < actions.index("dokument sendt")
    assert session.store.log.verify(audit_chain(a.uid)) == []
