"""The nynorsk lint (tilsyn.nynorsk.bokmal_forms) on everything a nynorsk municipality
receives: every document type and every workbook, read back whole (body, tables,
headers, footers, sheet names, drop-down lists and messages, document properties), and
the nynorsk texts of the shipped checklists.
"""

from __future__ import annotations

import pytest
from document_sets import ALL_KINDS, WORKBOOKS, docx_text, xlsx_text
from docx import Document

from tilsyn.nynorsk import bokmal_forms, law_citation
from tilsyn.report.lint import lint_template
from tilsyn.report.phrases import title_in


def _lint(text: str) -> list[str]:
    """Each line with a bokmål form, with the forms found: an empty list passes."""
    return [
        f"{', '.join(bokmal_forms(line))}: {line[:120]}"
        for line in text.splitlines()
        if bokmal_forms(line)
    ]


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_nynorsk_document_has_no_bokmal_forms(document_sets, kind):
    docs = document_sets("nynorsk")
    path = docs.documents[kind]
    text = docx_text(path)
    assert len(text) > 500  # the whole document was read
    assert _lint(text) == []


@pytest.mark.parametrize("kind", WORKBOOKS)
def test_nynorsk_workbook_has_no_bokmal_forms(document_sets, kind):
    text = xlsx_text(document_sets("nynorsk").workbooks[kind])
    assert len(text) > 500
    assert _lint(text) == []


def test_the_self_assessment_form_reads_nynorsk_everywhere(document_sets):
    from openpyxl import load_workbook

    wb = load_workbook(document_sets("nynorsk").workbooks["egenvurdering"])
    assert wb.sheetnames[0] == "Rettleiing"
    guide = wb["Rettleiing"]
    shown = [c.value for row in guide.iter_rows() for c in row if c.value]
    assert "Eigenvurdering: Introduksjonsprogram som er heilårleg og på full tid" in shown
    assert "Frå" in shown and "Svaralternativ" in shown and "ja, nei, ikkje relevant" in shown
    ws = wb["Heilårleg program på full tid"]
    assert [c.value for c in ws[3]][:7] == [
        "Ref",
        "Kontrollspørsmål",
        "Heimel",
        "Svar",
        "Forklaring",
        "Dokument frå kommunen",
        "Rettleiing: dette ser tilsynet etter",
    ]
    assert (
        ws["C5"].value == "introduksjonslova § 4 andre ledd\nforskrift 18. juli 2003 nr. 973 § 6-2"
    )
    validation = ws.data_validations.dataValidation[0]
    assert validation.error.startswith("Vel ein verdi frå lista: ja, nei, ikkje relevant")
    assert wb.properties.title.startswith("Eigenvurdering – Introduksjonsprogram som er")


def test_the_lint_finds_what_it_should(document_sets):
    """The readers see headers, footers and properties, and the lint fails on them."""
    path = document_sets("nynorsk").documents["varsel"]
    text = docx_text(path)
    doc = Document(str(path))
    assert doc.sections[0].header.paragraphs[0].text in text  # the running header
    assert doc.core_properties.title in text  # docProps/core.xml
    assert _lint("Kommunen har ikke svart.\nHeilt i orden.") == ["ikke: Kommunen har ikke svart."]


@pytest.mark.parametrize("cid", ["helarig-fulltid", "individuell-plan"])
def test_old_checklists_nynorsk_texts_have_no_bokmal_forms(session, cid):
    cl = session.checklist(cid)
    texts = []
    for theme in cl.themes:
        texts += [theme.text_in("title", "nn"), theme.text_in("description", "nn") or ""]
        for req in theme.requirements:
            texts += [req.text_in("title", "nn"), req.text_in("requirement", "nn")]
            if req.order is not None:
                texts.append(req.order.text_in("text", "nn"))
                texts += [p.text_in("text", "nn") for p in req.order.correction_points]
            for q in req.questions:
                texts += [q.text_in("question", "nn"), q.text_in("guidance", "nn")]
                texts += q.evidence_in("nn")
    found = {t[:60]: bokmal_forms(t) for t in texts if bokmal_forms(t)}
    assert found == {}
    guidance = cl.question("A1.3" if cid == "helarig-fulltid" else "B2.4")
    assert "«ikkje relevant»" in guidance.text_in("guidance", "nn")


def test_signatory_titles_in_nynorsk():
    assert title_in("seniorrådgiver", "nynorsk") == "seniorrådgjevar"
    assert title_in("Seniorrådgiver", "nn") == "Seniorrådgjevar"
    assert title_in("juridisk rådgiver", "nynorsk") == "juridisk rådgjevar"
    assert title_in("Assisterende fylkesmann", "nynorsk") == "Assisterande fylkesmann"
    assert title_in("avdelingsleder", "nynorsk") == "avdelingsleiar"
    assert title_in("utredningsleder", "nynorsk") == "utgreiingsleiar"
    assert title_in("saksbehandler", "nynorsk") == "sakshandsamar"
    assert title_in("avdelingsdirektør", "nynorsk") == "avdelingsdirektør"
    assert title_in("seniorrådgiver", "bokmal") == "seniorrådgiver"
    for title in ("seniorrådgiver", "programrådgiver", "fagleder", "assisterende direktør"):
        assert bokmal_forms(title_in(title, "nynorsk")) == []


def test_law_citations_in_nynorsk():
    assert law_citation("introduksjonsloven § 4 annet ledd") == "introduksjonslova § 4 andre ledd"
    assert law_citation("forvaltningsloven §§ 24 og 25") == "forvaltningslova §§ 24 og 25"
    assert law_citation("integreringslova § 12") == "integreringslova § 12"


def test_mal_sjekk_refuses_bokmal_in_a_nynorsk_template(tmp_path, cli):
    from tilsyn.resources import templates_dir

    doc = Document(str(templates_dir() / "varsel_nynorsk.docx"))
    doc.add_paragraph("Hvis kommunen ikke svarer innen fristen, kan vi gjøre noe.")
    doc.sections[0].footer.paragraphs[0].add_run(" Fra Statsforvalteren")
    path = tmp_path / "varsel_nynorsk.docx"
    doc.save(str(path))
    result = lint_template(path)
    assert result.problems == [
        "Malen er nynorsk, men teksten har bokmålsformer: hvis, ikke, innen, gjøre, noe, fra, "
        "statsforvalteren. Skriv dem på nynorsk (f.eks. ikkje, korleis, vere, deltakarar, "
        "rådgjevar, frå, viss, nokon)."
    ]
    r = cli("mal", "sjekk", str(path))
    assert r.exit_code == 1 and "bokmålsformer: hvis, ikke" in r.stdout
    # The shipped nynorsk template passes; a bokmål template is not linted for nynorsk.
    assert lint_template(templates_dir() / "varsel_nynorsk.docx").ok
    bokmal = tmp_path / "varsel_bokmal.docx"
    Document(str(templates_dir() / "varsel_bokmal.docx")).save(str(bokmal))
    assert lint_template(bokmal).ok


def test_statistics_are_titled_in_nynorsk(document_sets):
    from openpyxl import load_workbook

    docs = document_sets("nynorsk")
    report = Document(str(docs.documents["statistikk"]))
    assert report.core_properties.title == "Tal og trendar"
    assert "Tall og trender" not in docx_text(docs.documents["statistikk"])
    assert load_workbook(docs.workbooks["statistikk"]).properties.title == "Tal og trendar"


def test_lint_skips_e_mail_and_web_addresses_but_not_the_text_around_them():
    # An office's address is not language: the 2026 demo's nynorsk documents give
    # «sfagpost@statsforvalteren.no», which must not fail them.
    line = "E-post: sfagpost@statsforvalteren.no · https://www.statsforvalteren.no/agder"
    assert bokmal_forms(line) == []
    assert bokmal_forms(f"{line} Statsforvalteren ikke") == ["Statsforvalteren", "ikke"]
