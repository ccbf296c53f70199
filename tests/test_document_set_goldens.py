"""A golden text per document type and language form (issue 14): every document a
municipality receives — notice, preliminary and final report, order, closing letter,
reminder, self-assessment report and «Tall og trender» — made in bokmål for Kristiansand
and in nynorsk for Bygland (tests/document_sets.py), read back whole (body, tables,
headers and footers of every kind) and compared line by line.

Regenerate deliberately with ``pytest tests/test_document_set_goldens.py --regen-golden``
and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from document_sets import ALL_KINDS
from docx import Document

from tilsyn.report.render import document_text

GOLDEN = Path(__file__).resolve().parent / "golden" / "dokumentsett"


@pytest.mark.parametrize("malform", ["bokmal", "nynorsk"])
@pytest.mark.parametrize("kind", ALL_KINDS)
def test_every_document_type_matches_its_golden_text(request, document_sets, kind, malform):
    path = document_sets(malform).documents[kind]
    text = document_text(Document(str(path))) + "\n"
    golden = GOLDEN / f"{kind}_{malform}.txt"
    if request.config.getoption("--regen-golden"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
        pytest.skip(f"skrev {golden}")
    assert golden.is_file(), f"mangler {golden}; kjør med --regen-golden"
    assert text.splitlines() == golden.read_text(encoding="utf-8").splitlines()
