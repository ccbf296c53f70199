"""What an auditor typed appears exactly as typed; identity numbers are refused; the
template sandbox holds; the quality gate lists every problem."""

from __future__ import annotations

from datetime import date

import pytest
from docx import Document

from tests.idnumbers import valid_number
from tests.report_util import (
    ENDELIG,
    FORELOPIG,
    all_text,
    headers,
    paragraphs,
    table_cells,
    to_final,
)
from tilsyn.app.answers import write_answers
from tilsyn.app.documents import produce_document
from tilsyn.errors import PersonalDataError, QualityGateError, TilsynError
from tilsyn.files import NO_WORKSPACE
from tilsyn.report.render import render_template

HOSTILE = (
    "A < B & C > D {{ 7*7 }} {% if x %} <select> linje1\x0blinje2\tfane 🎉 á č đ ŋ š ŧ ž ሰላም مرحبا"
)
EXPECTED = (
    "A < B & C > D {{ 7*7 }} {% if x %} <select> linje1\nlinje2\tfane 🎉 á č đ ŋ š ŧ ž ሰላም مرحبا"
)


def _hostile_audit(session, audit_id):
    session.store.audits.update(audit_id, title="Tittel " + HOSTILE, case_number="2017/1<&>")
    session.store.answers.set_conclusion(
        audit_id,
        requirement_ref="B1",
        outcome="lovbrudd",
        proposed="lovbrudd",
        practice="Praksis " + HOSTILE,
        assessment="Vurdering " + HOSTILE,
        conclusion="Konklusjon " + HOSTILE,
        reason=None,
    )
    session.store.evidence.add_document(
        audit_id,
        title="Dokument " + HOSTILE,
        when=date(2017, 3, 21),
        kind="notat",
        path=None,
        sha256=None,
    )
    session.store.evidence.add_interview(audit_id, role="Rolle " + HOSTILE, when=date(2017, 4, 5))


def test_hostile_text_appears_exactly_as_typed_in_body_tables_and_headers(session, scored_audit):
    _hostile_audit(session, scored_audit)
    to_final(session, scored_audit)
    session.store.evidence.add_comment(
        scored_audit, text="Uttalelse " + HOSTILE, requirement_ref="B1", response="Svar " + HOSTILE
    )
    r = produce_document(session, scored_audit, "endelig", report_date=ENDELIG)
    body = paragraphs(r.path)
    for prefix in ("Praksis ", "Vurdering ", "Konklusjon "):
        assert prefix + EXPECTED in body, prefix
    assert "Kommunens uttalelse: Uttalelse " + EXPECTED in body
    assert "Fylkesmannens vurdering: Svar " + EXPECTED in body
    cells = table_cells(r.path)
    assert "Dokument " + EXPECTED in cells
    assert "Rolle " + EXPECTED in cells
    assert "2017/1<&>" in cells
    head = headers(r.path)
    assert any(h.endswith("Tittel " + EXPECTED) for h in head), head
    assert any("vår ref. 2017/1<&>" in h for h in head)
    # Nothing was evaluated, nothing lost after the <select>.
    text = all_text(r.path)
    assert "49" not in text.replace("2017", "")
    assert "Vedlegg 2: Lovgrunnlaget" in text


def test_hostile_text_in_every_document_type(session, scored_audit):
    _hostile_audit(session, scored_audit)
    for kind, when in (("varsel", date(2017, 3, 1)), ("forelopig", FORELOPIG)):
        r = produce_document(session, scored_audit, kind, report_date=when)
        assert any(h.endswith("Tittel " + EXPECTED) for h in headers(r.path)), kind


def test_identity_number_in_a_conclusion_is_refused_naming_the_place(
    session, scored_audit, workspace
):
    number = valid_number("010190")
    session.store.answers.set_conclusion(
        scored_audit,
        requirement_ref="B4",
        outcome="lovbrudd",
        proposed="lovbrudd",
        practice=None,
        assessment=f"Deltaker {number} fikk ikke ny vurdering.",
        conclusion=None,
        reason=None,
    )
    with pytest.raises(PersonalDataError) as err:
        produce_document(session, scored_audit, "forelopig", report_date=FORELOPIG)
    message = str(err.value)
    assert "krav B4 › vurdering" in message and "010190*****" in message
    assert number not in message
    assert not list(workspace.output_dir.glob("*.docx"))
    assert session.store.documents.versions(scored_audit) == []


def test_identity_number_with_space_in_a_document_title_is_refused(session, scored_audit):
    number = valid_number("311299")
    session.store.evidence.add_document(
        scored_audit,
        title=f"Vedtak {number[:6]} {number[6:]}",
        when=None,
        kind=None,
        path=None,
        sha256=None,
    )
    with pytest.raises(PersonalDataError, match="dokumenter 3 › tittel"):
        produce_document(session, scored_audit, "varsel", report_date=date(2017, 3, 1))


def test_cli_exit_code_for_personal_data(cli, session, scored_audit):
    session.store.evidence.add_interview(
        scored_audit, role=f"leder {valid_number('150585')}", when=date(2017, 4, 5)
    )
    r = cli("rapport", str(scored_audit), "--type", "varsel", "--dato", "2017-03-01")
    assert r.exit_code == 8
    assert "intervjuer › roller" in r.stderr and "rolle" in r.stderr


def _template(tmp_path, text: str):
    doc = Document()
    doc.add_paragraph(text)
    path = tmp_path / "mal.docx"
    doc.save(str(path))
    return path


def test_template_cannot_reach_python_internals(tmp_path):
    path = _template(tmp_path, "{{ ''.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(TilsynError, match="ikke er tillatt"):
        render_template(path, {}, tmp_path / "ut.docx", rules=NO_WORKSPACE)
    assert not (tmp_path / "ut.docx").exists()


def test_misspelt_variable_is_an_error_not_an_empty_string(tmp_path):
    path = _template(tmp_path, "Kommune: {{ kommune.nvn }}")
    with pytest.raises(TilsynError, match="nvn"):
        render_template(
            path, {"kommune": {"navn": "Bygland"}}, tmp_path / "ut.docx", rules=NO_WORKSPACE
        )


def test_syntax_error_shows_the_surrounding_text(tmp_path):
    path = _template(tmp_path, "Før feilen {% if kommune %} etter feilen")
    with pytest.raises(TilsynError) as err:
        render_template(path, {"kommune": "x"}, tmp_path / "ut.docx", rules=NO_WORKSPACE)
    assert "syntaksfeil" in str(err.value) and "Før feilen" in str(err.value)


def test_render_template_cleans_nested_values_and_sets_properties(tmp_path):
    from dataclasses import dataclass

    @dataclass
    class Item:
        name: str

    path = _template(tmp_path, "{% for i in items %}{{ i.name }};{% endfor %}")
    out = tmp_path / "ut.docx"
    render_template(
        path,
        {"items": [Item("a\x0bb"), Item("c\x00d")]},
        out,
        rules=NO_WORKSPACE,
        properties={"title": "T <&>"},
    )
    doc = Document(str(out))
    assert doc.paragraphs[0].text == "a\nb;cd;"
    assert doc.core_properties.title == "T <&>"


def test_quality_gate_lists_every_problem(session, scored_audit):
    session.store.audits.update(scored_audit, case_number=None)
    session.store.answers.set_conclusion(
        scored_audit,
        requirement_ref="B2",
        outcome="ingen",
        proposed="ingen",
        practice="",
        assessment="",
        conclusion="",
        reason=None,
    )
    with pytest.raises(QualityGateError) as err:
        produce_document(session, scored_audit, "endelig", report_date=ENDELIG)
    details = "\n".join(err.value.details)
    assert "saksnummer" in details
    assert "Krav B2: mangler beskrivelse av kommunens praksis" in details
    assert "Krav B2: mangler vurdering" in details
    assert "forhåndsvarsel" in details  # violations, but no preliminary report sent
    assert err.value.exit_code == 7


def test_unanswered_questions_block_the_final_report_unless_accepted(session, scored_audit, cli):
    from tilsyn.audit.models import AnswerInput

    write_answers(session, scored_audit, [AnswerInput("B3.1", "D002", "ikke vurdert")])
    to_final(session, scored_audit)
    r = cli("rapport", str(scored_audit), "--type", "endelig", "--dato", "2017-06-01")
    assert r.exit_code == 7
    assert "1 kontrollspørsmål er ikke besvart: B3.1 / D002" in r.stderr
    assert "--godta-ubesvarte" in r.stderr
    r = cli(
        "rapport",
        str(scored_audit),
        "--type",
        "endelig",
        "--dato",
        "2017-06-01",
        "--godta-ubesvarte",
    )
    assert r.exit_code == 0, r.stderr
    assert "advarsel: 1 kontrollspørsmål er ikke besvart" in r.stderr
    audit = session.store.audits.get(scored_audit)
    from tilsyn.store.base import audit_chain

    entries = [
        e for e in session.store.log.entries(audit_chain(audit.uid)) if e.action == "dokument laget"
    ]
    assert entries[-1].new["godtatt_ubesvarte"] == ["B3.1 / D002"]
    # The preliminary report only warns.
    r = cli("rapport", str(scored_audit), "--type", "forelopig", "--dato", "2017-05-02")
    assert r.exit_code == 0 and "advarsel" in r.stderr


def test_order_letter_without_violations_is_refused(session, scored_audit):
    for ref in ("B1", "B4"):
        session.store.answers.set_conclusion(
            scored_audit,
            requirement_ref=ref,
            outcome="merknad",
            proposed="lovbrudd",
            practice=None,
            assessment=None,
            conclusion=None,
            reason="Enkeltstående avvik.",
        )
    with pytest.raises(QualityGateError, match="ikke noe pålegg"):
        produce_document(session, scored_audit, "palegg", report_date=ENDELIG)


def test_office_template_without_appeal_information_is_refused(session, scored_audit, workspace):
    # Under kommuneloven 2018 the final report holds the decision (§ 30-4).
    doc = Document()
    doc.add_paragraph("Pålegg til {{ kommune.navn }}: {{ lovbrudd|length }} lovbrudd.")
    doc.save(str(workspace.templates_dir / "endelig_bokmal.docx"))
    to_final(session, scored_audit)
    with pytest.raises(QualityGateError, match="klageadgang"):
        produce_document(session, scored_audit, "endelig", report_date=ENDELIG)
