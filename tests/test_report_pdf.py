"""PDF through LibreOffice, where soffice exists (skipped cleanly otherwise)."""

from __future__ import annotations

import pytest

from tests.report_util import ENDELIG, FORELOPIG, VARSEL, to_final
from tilsyn.app.documents import produce_document
from tilsyn.files import NO_WORKSPACE
from tilsyn.report.pdf import convert_to_pdf, find_soffice

needs_soffice = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) mangler")


@needs_soffice
def test_every_document_type_converts_to_pdf(session, scored_audit):
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
    docs.append(produce_document(session, scored_audit, "palegg", report_date=ENDELIG))
    assert docs[0].pdf is not None and docs[2].pdf is not None
    pdfs = [docs[0].pdf, docs[2].pdf] + [
        convert_to_pdf(d.path, rules=NO_WORKSPACE) for d in (docs[1], docs[3])
    ]
    for pdf in pdfs:
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF") and len(data) > 5000


def test_missing_soffice_gives_a_clear_message(session, scored_audit, monkeypatch):
    from tilsyn.errors import TilsynError

    monkeypatch.setenv("TILSYN_SOFFICE", "/finnes/ikke/soffice")
    with pytest.raises(TilsynError, match="LibreOffice") as err:
        produce_document(session, scored_audit, "varsel", report_date=VARSEL, pdf=True)
    assert "Word-dokumentet er laget" in str(err.value)
    assert session.store.documents.versions(scored_audit, "varsel")[-1].version == 1
