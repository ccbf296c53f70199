"""Every document type in both language forms, converted to PDF by LibreOffice and read
back page by page (pdftotext): page count, no placeholder text, "Side 2 av N" in the
footer and a table of contents with page numbers in the reports. Also the PDF export
of ``tilsyn rapport --pdf``.

Each language form's documents are converted in one LibreOffice run (it starts once).
Skipped locally without LibreOffice; required in CI (tests/office.py).
"""

from __future__ import annotations

import re

import pytest
from document_sets import ALL_KINDS
from office import needs_pdftotext, needs_soffice, pdf_pages, resave
from summary import report

from tests.report_util import ENDELIG, FORELOPIG, VARSEL, to_final
from tilsyn.app.documents import produce_document

pytestmark = pytest.mark.libreoffice

PAGES = {
    "varsel": (1, 4),
    "forelopig": (4, 20),
    "endelig": (4, 20),
    "palegg": (1, 6),
    "avslutning": (1, 5),
    "paminnelse": (1, 4),
    "egenvurdering": (1, 10),
    "statistikk": (3, 30),
}
"""Plausible page counts per document type (A4): a page count outside says that the
layout broke (an empty document, a table running away)."""

PLACEHOLDERS = ("{{", "}}", "{%", "%}", "Lorem", "XXX")
KINDS_AND_FORMS = [(k, m) for m in ("bokmal", "nynorsk") for k in ALL_KINDS]


@pytest.fixture(scope="module")
def pdfs(document_sets, tmp_path_factory):
    """``get(malform)``: kind → list of page texts, all of one language form converted in
    one LibreOffice run."""
    cache: dict[str, dict[str, list[str]]] = {}

    def get(malform: str) -> dict[str, list[str]]:
        if malform not in cache:
            docs = document_sets(malform).documents
            out = tmp_path_factory.mktemp(f"pdf-{malform}")
            converted = resave([docs[k] for k in ALL_KINDS], out, "pdf")
            cache[malform] = {k: pdf_pages(converted[docs[k].resolve()]) for k in ALL_KINDS}
            counts = ", ".join(f"{k} {len(cache[malform][k])}" for k in ALL_KINDS)
            report(f"PDF-sider ({malform}): {counts}")
        return cache[malform]

    return get


@needs_soffice
@needs_pdftotext
@pytest.mark.parametrize(("kind", "malform"), KINDS_AND_FORMS)
def test_pdf_has_plausible_pages_and_no_placeholders(pdfs, kind, malform):
    pages = pdfs(malform)[kind]
    low, high = PAGES[kind]
    assert low <= len(pages) <= high, f"{kind} ({malform}): {len(pages)} sider"
    text = "\n".join(pages)
    assert [p for p in PLACEHOLDERS if p in text] == []
    assert all(page.strip() for page in pages), "tom side"


@needs_soffice
@needs_pdftotext
@pytest.mark.parametrize(("kind", "malform"), KINDS_AND_FORMS)
def test_every_page_says_side_x_av_n(pdfs, kind, malform):
    pages = pdfs(malform)[kind]
    n = len(pages)
    for i, page in enumerate(pages[:2], start=1):
        assert re.search(rf"\bSide {i} av {n}\b", page), f"side {i}: «Side {i} av {n}» mangler"


@needs_soffice
@needs_pdftotext
@pytest.mark.parametrize(
    ("kind", "malform"), [(k, m) for m in ("bokmal", "nynorsk") for k in ("forelopig", "endelig")]
)
def test_reports_have_a_table_of_contents_with_page_numbers(pdfs, kind, malform):
    pages = pdfs(malform)[kind]
    first = "\n".join(pages[:3])
    heading = "Innhald" if malform == "nynorsk" else "Innhold"
    assert heading in first
    chapter = "Innleiing" if malform == "nynorsk" else "Innledning"
    # A TOC line: the chapter's heading followed by its page number.
    assert re.search(rf"{chapter}[ .\u2026]*\s(\d+)\s*$", first, re.MULTILINE)
    # Every numbered chapter in the table is on the page the table says (the PDF export
    # updates the table; the page numbers saved in the template would be wrong).
    entries = re.findall(r"^\s*(\d+ [^.\n]+?)\s*\.{3,}\s*(\d+)\s*$", first, re.MULTILINE)
    assert len(entries) >= 8, entries
    for heading, page in entries:
        on_page = [line.strip() for line in pages[int(page) - 1].splitlines()]
        assert heading in on_page, f"«{heading}» står ikke på side {page}"


@needs_soffice
def test_every_document_type_converts_to_pdf(session, scored_audit):
    """``tilsyn rapport --pdf``: the PDF is written beside the Word document."""
    # Produce all five (avslutning of an audit without violations), convert two with
    # --pdf and the rest directly: each conversion takes a second or two.
    docs = [produce_document(session, scored_audit, "varsel", report_date=VARSEL, pdf=True)]
    docs.append(produce_document(session, scored_audit, "forelopig", report_date=FORELOPIG))
    to_final(session, scored_audit)
    docs.append(
        produce_document(
            session, scored_audit, "endelig", malform="nynorsk", report_date=ENDELIG, pdf=True
        )
    )
    assert docs[0].pdf == docs[0].path.with_suffix(".pdf")
    for pdf in (docs[0].pdf, docs[2].pdf):
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF") and len(data) > 5000


def test_missing_soffice_gives_a_clear_message(session, scored_audit, monkeypatch):
    from tilsyn.errors import TilsynError

    monkeypatch.setenv("TILSYN_SOFFICE", "/finnes/ikke/soffice")
    with pytest.raises(TilsynError, match="LibreOffice") as err:
        produce_document(session, scored_audit, "varsel", report_date=VARSEL, pdf=True)
    assert "Word-dokumentet er laget" in str(err.value)
    assert session.store.documents.versions(scored_audit, "varsel")[-1].version == 1


def test_converting_two_files_with_the_same_name_is_refused(tmp_path):
    from tilsyn.errors import TilsynError
    from tilsyn.files import NO_WORKSPACE
    from tilsyn.report.pdf import convert_files

    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "varsel.docx").write_bytes(b"x")
    with pytest.raises(TilsynError, match=r"Flere filer har samme navn \(varsel.docx\)"):
        convert_files(
            [tmp_path / "a" / "varsel.docx", tmp_path / "b" / "varsel.docx"],
            tmp_path / "ut",
            rules=NO_WORKSPACE,
        )
    assert not (tmp_path / "ut").exists()
