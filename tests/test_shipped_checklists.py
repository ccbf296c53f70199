"""Every shipped checklist in checklists/ loads and is internally consistent."""

from __future__ import annotations

from pathlib import Path

import pytest

from tilsyn.audit.checks import CHECKS
from tilsyn.checklist.loader import load_checklist, parse_checklist
from tilsyn.checklist.model import Checklist

CHECKLIST_DIR = Path(__file__).resolve().parent.parent / "checklists"
PATHS = sorted(CHECKLIST_DIR.glob("*.yaml"))
SCHEMA_COMMENT = "# yaml-language-server: $schema=../docs/checklist.schema.json"


def _all() -> dict[str, Checklist]:
    return {p.stem: load_checklist(p) for p in PATHS}


def test_the_national_checklists_are_shipped() -> None:
    assert {p.stem for p in PATHS} >= {"helarig-fulltid", "individuell-plan"}


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_checklist_loads_with_see_also_resolved(path: Path) -> None:
    known = {p.stem for p in PATHS}
    checklist = load_checklist(path, known_ids=known)
    assert checklist.id == path.stem
    assert path.read_text(encoding="utf-8").startswith(SCHEMA_COMMENT)


def test_ids_are_unique() -> None:
    ids = [load_checklist(p).id for p in PATHS]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_requirements_are_well_formed(path: Path) -> None:
    checklist = load_checklist(path)
    question_refs = {q.ref_id for _, _, q in checklist.questions()}
    for req in checklist.requirements():
        assert req.legal_basis, req.ref_id
        for basis in req.legal_basis:
            assert basis.url.startswith(
                ("https://lovdata.no/lov/", "https://lovdata.no/forskrift/")
            ), (req.ref_id, basis.url)
        if req.breach == "lovbrudd":
            assert req.order is not None, req.ref_id
            assert req.order.text.strip()
            assert req.order.correction_points, req.ref_id
        if req.order is not None:
            for point in req.order.correction_points:
                assert point.questions, point.ref_id
                assert set(point.questions) <= question_refs, point.ref_id
                # A correction point mirrors questions of its own requirement.
                assert {checklist.requirement_of(q).ref_id for q in point.questions} == {req.ref_id}


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_questions_are_usable(path: Path) -> None:
    checklist = load_checklist(path)
    for _, _, q in checklist.questions():
        assert q.question.endswith("?"), q.ref_id
        assert len(q.guidance) >= 80, q.ref_id
        if q.computed_check is not None:
            assert q.computed_check in CHECKS
            assert q.scope == "deltaker", q.ref_id
        if q.rule.type == "share":
            assert q.scope == "deltaker"
            assert 0 < q.rule.threshold < 1


def test_individual_plan_covers_b1_to_b6() -> None:
    checklist = load_checklist(CHECKLIST_DIR / "individuell-plan.yaml")
    refs = [r.ref_id for r in checklist.requirements()]
    assert refs == ["B1", "B2", "B3", "B4", "B5", "B6"]
    assert checklist.requirement_by_ref("B6").see_also == ["helarig-fulltid"]
    assert checklist.question("B1.5").computed_check == "planfrist"
    used = {q.computed_check for _, _, q in checklist.questions()}
    assert used >= {"planfrist", "helarig", "fulltid"}


def test_every_computed_check_is_used() -> None:
    used = {q.computed_check for c in _all().values() for _, _, q in c.questions()}
    assert used - {None} == set(CHECKS)


def test_each_full_year_full_time_question_kind_has_its_check() -> None:
    checklist = load_checklist(CHECKLIST_DIR / "helarig-fulltid.yaml")
    by_check = {q.computed_check: q.ref_id for _, _, q in checklist.questions()}
    assert by_check["fulltid"].startswith("A2")
    assert by_check["helarig"].startswith("A1")
    assert {r.ref_id for r in checklist.requirements() if r.breach == "lovbrudd"} >= {"A1", "A2"}


def test_no_and_yes_stay_strings() -> None:
    # YAML 1.1 would read these as booleans; the loader uses YAML 1.2.
    text = """\
schema_version: 1
id: norway
title: Norge
version: "1"
law:
  name: Lov
  short_name: lov
  lov_id: LOV-2003-07-04-80
  lovdata_url: https://lovdata.no/lov/2003-07-04-80
validity:
  valid_from: 2017-01-01
answer_options:
  - value: no
    meaning: brudd
  - value: NO
    meaning: brudd
  - value: yes
    meaning: oppfylt
themes:
  - ref_id: T
    title: Tema
    requirements:
      - ref_id: R
        title: Krav
        legal_basis:
          - law: lov
            section: "6"
            url: https://lovdata.no/lov/2003-07-04-80/§6
        requirement: Krav.
        breach: merknad
        questions:
          - ref_id: Q
            question: Spørsmål?
            guidance: Veiledning.
            evidence: [dokument]
            methods: [intervju]
            scope: kommune
"""
    checklist = parse_checklist(text, source="norge.yaml")
    assert [o.value for o in checklist.answer_options] == ["no", "NO", "yes"]


def test_annotated_example_in_the_format_docs_is_valid() -> None:
    doc = (CHECKLIST_DIR.parent / "docs" / "sjekklisteformat.md").read_text(encoding="utf-8")
    example = doc.split("```yaml\n", 1)[1].split("```", 1)[0]
    checklist = parse_checklist(example, source="sjekklisteformat.md")
    question = checklist.question("B1.1")
    assert question.rule.type == "share"
    assert question.computed_check == "planfrist"
    # Every documented computed check exists.
    for name in CHECKS:
        assert f"| `{name}` |" in doc


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_every_document_text_has_nynorsk(path: Path) -> None:
    """Titles, requirements, questions, guidance, evidence, orders and correction points
    have ``nn`` text; nynorsk evidence lists pair up with the bokmål ones."""
    checklist = load_checklist(path)
    missing = [] if checklist.nn and checklist.nn.title else ["sjekkliste: title"]
    for theme in checklist.themes:
        if not (theme.nn and theme.nn.title):
            missing.append(f"{theme.ref_id}: title")
        for req in theme.requirements:
            for field in ("title", "requirement"):
                if not (req.nn and getattr(req.nn, field)):
                    missing.append(f"{req.ref_id}: {field}")
            if req.order is not None:
                if not (req.order.nn and req.order.nn.text):
                    missing.append(f"{req.ref_id}: order.text")
                missing += [
                    f"{p.ref_id}: text"
                    for p in req.order.correction_points
                    if not (p.nn and p.nn.text)
                ]
            missing += [
                f"{q.ref_id}: question" for q in req.questions if not (q.nn and q.nn.question)
            ]
            missing += [
                f"{q.ref_id}: guidance" for q in req.questions if not (q.nn and q.nn.guidance)
            ]
            missing += [
                f"{q.ref_id}: evidence"
                for q in req.questions
                if not (q.nn and q.nn.evidence and len(q.nn.evidence) == len(q.evidence))
            ]
    assert not missing, missing


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_nynorsk_guidance_and_evidence_differ_from_bokmal(path: Path) -> None:
    """The nynorsk texts are translations, not copies (document types may coincide)."""
    checklist = load_checklist(path)
    for _, _, q in checklist.questions():
        assert q.text_in("guidance", "nynorsk") != q.guidance, q.ref_id
        assert len(q.evidence_in("nynorsk")) == len(q.evidence), q.ref_id
        assert q.evidence_in("bokmal") == q.evidence, q.ref_id
    every_nb = {e for _, _, q in checklist.questions() for e in q.evidence}
    every_nn = {e for _, _, q in checklist.questions() for e in q.evidence_in("nynorsk")}
    assert "kommunens redegjørelse" not in every_nn
    assert every_nn != every_nb
