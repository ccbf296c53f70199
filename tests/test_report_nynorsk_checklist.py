"""Documents for nynorsk municipalities use the checklist's nynorsk texts (``nn``)."""

from __future__ import annotations

from datetime import date

from docx import Document
from followup_support import nynorsk_audit

from tests.report_util import ENDELIG, all_text, to_final
from tilsyn.app.audits import create_audit, record_event
from tilsyn.app.documents import produce_document
from tilsyn.report.render import document_text

NN_TITLE = "Individuell plan fastsett ved enkeltvedtak innan tre månader"
NB_TITLE = "Individuell plan fastsatt ved enkeltvedtak innen tre måneder"
NN_ORDER = (
    "Kommunen blir pålagd å sørgje for at alle deltakarar i introduksjonsprogrammet "
    "får ein individuell plan"
)
NB_ORDER = "Kommunen pålegges å sørge for at alle deltakere i introduksjonsprogrammet"
NN_POINT = (
    "Kommunen må sørgje for at alle deltakarar i introduksjonsprogrammet har ein individuell plan."
)
NB_POINT = "Kommunen må sørge for at alle deltakere i introduksjonsprogrammet har en"


def test_final_report_in_nynorsk_uses_nynorsk_checklist_text(session, scored_audit):
    to_final(session, scored_audit)
    r = produce_document(session, scored_audit, "endelig", malform="nynorsk", report_date=ENDELIG)
    _assert_nynorsk(all_text(r.path))
    # Once the final report is sent, the violations are tracked with the checklist's
    # bokmål texts; a new version in nynorsk still shows the nynorsk texts.
    record_event(session, scored_audit, "endelig", ENDELIG)
    r = produce_document(session, scored_audit, "endelig", malform="nynorsk", report_date=ENDELIG)
    assert r.version == 2
    _assert_nynorsk(all_text(r.path))


def _assert_nynorsk(text: str) -> None:
    assert f"Lovbrot 1: {NN_TITLE}" in text
    assert NN_ORDER in text
    assert NN_POINT in text
    assert "Har deltakaren ein individuell plan?" in text
    for bokmal in (NB_TITLE, NB_ORDER, NB_POINT, "Har deltakeren en individuell plan?"):
        assert bokmal not in text, bokmal


def test_bokmal_report_keeps_bokmal_checklist_text(session, scored_audit):
    to_final(session, scored_audit)
    r = produce_document(session, scored_audit, "endelig", report_date=ENDELIG)
    text = all_text(r.path)
    assert f"Lovbrudd 1: {NB_TITLE}" in text and NB_ORDER in text
    assert NN_TITLE not in text and NN_ORDER not in text and NN_POINT not in text


def test_edited_violation_text_is_kept_in_nynorsk(session, scored_audit):
    from tilsyn.audit.violation import OrderedPoint, Violation
    from tilsyn.report.context import localized_violation

    cl = session.store.audits.view(scored_audit).checklist
    v = Violation(
        1,
        "B1",
        NB_TITLE,
        "Eigen tekst.",
        "kl2018",
        None,
        ENDELIG,
        ENDELIG,
        (
            OrderedPoint(
                "B1-K1",
                "Kommunen må sørge for at alle deltakere i "
                "introduksjonsprogrammet har en individuell plan.",
            ),
            OrderedPoint("B1-K2", "Endra punkt."),
        ),
    )
    out = localized_violation(v, cl, "nynorsk")
    assert out.title == NN_TITLE
    assert out.order_text == "Eigen tekst."
    assert [p.text for p in out.points] == [NN_POINT, "Endra punkt."]
    assert localized_violation(v, cl, "bokmal") == v


def test_reminder_letter_in_nynorsk_uses_nynorsk_checklist_text(session, tmp_path):
    from tilsyn.app.followup import write_reminder

    aid = nynorsk_audit(session)
    path = write_reminder(session, aid, tmp_path, today=date(2017, 7, 3))
    text = document_text(Document(str(path)))
    assert NN_TITLE in text and NN_POINT in text
    assert NB_TITLE not in text and NB_POINT not in text


def test_notice_letter_in_nynorsk_lists_nynorsk_evidence(session):
    from tests.report_util import all_text as text_of

    # Bygland (0938) writes nynorsk.
    a = create_audit(
        session,
        municipality="0938",
        checklist="individuell-plan",
        case_number="2017/2041",
        lead="Kari Nordmann",
        auditors=[],
        title=None,
    )
    record_event(session, a.id, "varsel", date(2017, 8, 21))
    r = produce_document(session, a.id, "varsel", report_date=date(2017, 8, 21))
    assert r.malform == "nynorsk"
    text = text_of(r.path)
    for nynorsk in (
        "rutinar for individuell plan",
        "malar for individuell plan og vedtak",
        "individuelle planar",
        "busetjingsvedtak eller krav om deltaking",
        "NIR-registreringar",
    ):
        assert nynorsk in text, nynorsk
    for bokmal in (
        "rutiner for individuell plan",
        "maler for individuell plan og vedtak",
        "individuelle planer",
        "bosettingsvedtak eller krav om deltakelse",
        "NIR-registreringer",
    ):
        assert bokmal not in text, bokmal
    # Interviews, the files themselves and the account are not listed as documents.
    assert "intervju med" not in text
    assert "utgreiinga til kommunen" not in text

    bm = produce_document(session, a.id, "varsel", malform="bokmal", report_date=date(2017, 8, 21))
    bm_text = text_of(bm.path)
    assert "rutiner for individuell plan" in bm_text
    assert "rutinar for individuell plan" not in bm_text
