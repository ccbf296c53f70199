"""`tilsyn mal sjekk`: shipped templates pass; broken ones are explained; the context is
documented variable by variable."""

from __future__ import annotations

import re

import pytest
from docx import Document

from tilsyn.report import KINDS, MALFORMS
from tilsyn.report.lint import lint_template
from tilsyn.report.sample import sample_context
from tilsyn.resources import templates_dir

REPO_DOCS = templates_dir().parent / "docs" / "malkontekst.md"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("malform", MALFORMS)
def test_every_shipped_template_passes(kind, malform):
    result = lint_template(templates_dir() / f"{kind}_{malform}.docx")
    assert result.ok, result.problems
    assert result.notes == []


def _docx(tmp_path, name, *paragraphs):
    doc = Document()
    for p in paragraphs:
        doc.add_paragraph(p)
    path = tmp_path / name
    doc.save(str(path))
    return path


def test_syntax_error_with_surrounding_text(tmp_path, cli):
    path = _docx(
        tmp_path,
        "varsel_bokmal.docx",
        "Innledende tekst",
        "Til {{ kommune.navn_kommune }",
        "Avsluttende tekst",
    )
    r = cli("mal", "sjekk", str(path))
    assert r.exit_code == 1
    assert "syntaksfeil" in r.stdout and "Til {{ kommune.navn_kommune }" in r.stdout


def test_unknown_variable_and_missing_sections(tmp_path):
    path = _docx(tmp_path, "endelig_bokmal.docx", "{{ kommunen.navn }}")
    result = lint_template(path)
    assert result.problems == [
        "Ukjent variabel «kommunen» (se docs/malkontekst.md for alle variabler)."
    ]
    path = _docx(tmp_path, "endelig_nynorsk.docx", "{{ kommune.fylkesnavn }} Samandrag")
    result = lint_template(path)
    assert any("fylkesnavn" in p for p in result.problems)
    path = _docx(tmp_path, "endelig_nynorsk.docx", "Samandrag for {{ kommune.navn }}, ikke mer")
    result = lint_template(path)
    assert "Mangler påkrevd avsnitt: «Innleiing»." in result.problems
    assert "Mangler påkrevd avsnitt: «Klagerett»." in result.problems
    assert any(
        p.startswith("Malen er nynorsk, men teksten har bokmålsformer: ikke.")
        for p in result.problems
    )


def test_kind_must_be_known(tmp_path, cli):
    path = _docx(tmp_path, "brevmal.docx", "Hei")
    r = cli("mal", "sjekk", str(path))
    assert r.exit_code == 2 and "--type" in r.stderr
    r = cli("mal", "sjekk", str(path), "--type", "avslutning", "--json")
    assert r.exit_code == 1 and '"ok": false' in r.stdout


def _paths(value, prefix=""):
    if isinstance(value, dict):
        for k, v in value.items():
            yield f"{prefix}{k}"
            yield from _paths(v, f"{prefix}{k}.")
    elif isinstance(value, list) and value and isinstance(value[0], dict):
        yield from _paths(value[0], prefix.rstrip(".") + "[].")


def test_every_context_variable_is_documented():
    doc = REPO_DOCS.read_text(encoding="utf-8")
    documented = set(re.findall(r"`([a-z_]+(?:\[\])?(?:\.[a-z_]+(?:\[\])?)*)`", doc))
    missing = [
        p
        for p in _paths(sample_context())
        if p not in documented and p.replace("[]", "") not in documented
    ]
    assert missing == []


def test_every_shipped_template_file_is_known():
    """A new template must come with tests: the report kinds are linted above; the
    reminder, self-assessment and statistics templates are rendered and read back in
    test_followup_cli, test_selfassessment and test_stats_outputs."""
    others = ("paminnelse", "egenvurdering", "statistikk")
    known = {f"{k}_{m}.docx" for k in (*KINDS, *others) for m in MALFORMS}
    assert {p.name for p in templates_dir().glob("*.docx")} == known
