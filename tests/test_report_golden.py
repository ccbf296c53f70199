"""Golden files: the text of generated documents, compared by content (not zip bytes).

Regenerate deliberately with ``pytest tests/test_report_golden.py --regen-golden`` and
review the diff.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.report_util import ENDELIG, FORELOPIG, to_final
from tilsyn.app.documents import produce_document
from tilsyn.report.render import document_text

GOLDEN = Path(__file__).resolve().parent / "golden"

CASES = [
    ("varsel", "bokmal", date(2017, 3, 1)),
    ("forelopig", "bokmal", FORELOPIG),
    ("endelig", "bokmal", ENDELIG),
    ("endelig", "nynorsk", ENDELIG),
    ("palegg", "nynorsk", ENDELIG),
]


@pytest.mark.parametrize(("kind", "malform", "when"), CASES)
def test_document_text_matches_golden(request, session, scored_audit, kind, malform, when):
    from docx import Document

    if kind in ("endelig", "palegg"):
        to_final(session, scored_audit)
    r = produce_document(session, scored_audit, kind, malform=malform, report_date=when)
    text = document_text(Document(str(r.path))) + "\n"
    golden = GOLDEN / f"{kind}_{malform}.txt"
    if request.config.getoption("--regen-golden"):
        golden.write_text(text, encoding="utf-8")
        pytest.skip(f"skrev {golden}")
    assert golden.is_file(), f"mangler {golden}; kjør med --regen-golden"
    expected = golden.read_text(encoding="utf-8")
    assert text.splitlines() == expected.splitlines()
