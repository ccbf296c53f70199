"""Invalid checklist files are rejected with one ``file:line: problem`` per problem."""

from __future__ import annotations

import pytest

from tilsyn.checklist.loader import parse_checklist
from tilsyn.errors import ChecklistError, ExitCode

VALID = """\
schema_version: 1
id: test
title: Testliste
version: "2017.1"
law:
  name: Lov om introduksjonsordning
  short_name: introduksjonsloven
  lov_id: LOV-2003-07-04-80
  lovdata_url: https://lovdata.no/lov/2003-07-04-80
validity:
  valid_from: 2017-01-01
  valid_to: 2020-12-31
themes:
  - ref_id: T
    title: Tema
    requirements:
      - ref_id: R1
        title: Første krav
        legal_basis:
          - law: introduksjonsloven
            section: "6"
            url: https://lovdata.no/lov/2003-07-04-80/§6
        requirement: Kravet.
        breach: lovbrudd
        order:
          text: Kommunen pålegges å rette.
          correction_points:
            - ref_id: R1-K1
              text: Kommunen må rette.
              questions:
                - Q1
        questions:
          - ref_id: Q1
            question: Er kravet oppfylt?
            guidance: Se i mappene.
            evidence: [individuelle planer]
            methods: [stikkprove]
            scope: deltaker
      - ref_id: R2
        title: Andre krav
        legal_basis:
          - law: introduksjonsloven
            section: "4"
            paragraph: annet ledd
            url: https://lovdata.no/lov/2003-07-04-80/§4
        requirement: Kravet.
        breach: merknad
        questions:
          - ref_id: Q2
            question: Er kravet oppfylt?
            guidance: Spør kommunen.
            evidence: [rutiner]
            methods: [intervju]
            scope: kommune
"""


def _replace(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"fixture edit is ambiguous: {old!r}"
    return text.replace(old, new)


def _line(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line number of the ``occurrence``-th line containing ``needle``."""
    hits = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(hits) >= occurrence, f"{needle!r} not found {occurrence} time(s)"
    return hits[occurrence - 1]


def _problems(text: str) -> list[str]:
    with pytest.raises(ChecklistError) as info:
        parse_checklist(text, source="x.yaml")
    assert info.value.exit_code == ExitCode.INVALID_CHECKLIST
    for detail in info.value.details:
        assert detail.startswith("x.yaml:")
        assert "\n" not in detail
    return info.value.details


def _has(problems: list[str], line: int, fragment: str) -> bool:
    return any(p.startswith(f"x.yaml:{line}:") and fragment in p for p in problems)


def test_valid_fixture_loads() -> None:
    checklist = parse_checklist(VALID, source="x.yaml")
    assert [r.ref_id for r in checklist.requirements()] == ["R1", "R2"]


def test_unknown_key() -> None:
    text = _replace(
        VALID,
        "            scope: kommune\n",
        "            scope: kommune\n            colour: red\n",
    )
    problems = _problems(text)
    assert _has(problems, _line(text, "colour: red"), "colour: ukjent felt"), problems


def test_unknown_top_level_key_and_misspelt_field() -> None:
    text = _replace(VALID, "title: Testliste\n", "title: Testliste\ntitel: Testliste\n")
    problems = _problems(text)
    assert _has(problems, _line(text, "titel:"), "ukjent felt"), problems


def test_wrong_types() -> None:
    text = _replace(VALID, 'section: "6"', "section: 6")
    text = _replace(text, "evidence: [rutiner]", "evidence: rutiner")
    problems = _problems(text)
    assert _has(problems, _line(text, "section: 6"), "skal være tekst"), problems
    assert _has(problems, _line(text, "evidence: rutiner"), "skal være en liste"), problems


def test_invalid_literal_names_the_valid_values() -> None:
    text = _replace(VALID, "scope: deltaker", "scope: deltakere")
    problems = _problems(text)
    assert _has(problems, _line(text, "scope: deltakere"), "'deltakere'"), problems
    assert "'kommune'" in problems[0]


def test_duplicate_yaml_key() -> None:
    text = _replace(VALID, "title: Andre krav\n", "title: Andre krav\n        title: Igjen\n")
    problems = _problems(text)
    assert problems == [
        f"x.yaml:{_line(text, 'title: Igjen')}: " + "nøkkelen finnes to ganger (duplikat i YAML)"
    ]


def test_duplicate_ref_id() -> None:
    text = _replace(VALID, "- ref_id: Q2", "- ref_id: q1")
    problems = _problems(text)
    assert _has(problems, _line(text, "ref_id: q1"), "«q1» er brukt før"), problems


def test_dangling_correction_point_question() -> None:
    text = _replace(VALID, "                - Q1\n", "                - Q1\n                - Q9\n")
    problems = _problems(text)
    assert _has(problems, _line(text, "- Q9"), "ukjent kontrollspørsmål «Q9»"), problems
    assert len(problems) == 1


def test_missing_legal_basis() -> None:
    block = (
        "        legal_basis:\n"
        "          - law: introduksjonsloven\n"
        '            section: "6"\n'
        "            url: https://lovdata.no/lov/2003-07-04-80/§6\n"
    )
    text = _replace(VALID, block, "")
    problems = _problems(text)
    line = _line(text, "- ref_id: R1")
    assert _has(problems, line, "legal_basis: kravet mangler hjemmel"), problems
    assert len(problems) == 1, problems


def test_empty_legal_basis() -> None:
    block = (
        "        legal_basis:\n"
        "          - law: introduksjonsloven\n"
        '            section: "6"\n'
        "            url: https://lovdata.no/lov/2003-07-04-80/§6\n"
    )
    text = _replace(VALID, block, "        legal_basis: []\n")
    problems = _problems(text)
    assert _has(problems, _line(text, "legal_basis: []"), "kravet mangler hjemmel"), problems


def test_lovbrudd_without_order() -> None:
    block = (
        "        order:\n"
        "          text: Kommunen pålegges å rette.\n"
        "          correction_points:\n"
        "            - ref_id: R1-K1\n"
        "              text: Kommunen må rette.\n"
        "              questions:\n"
        "                - Q1\n"
    )
    text = _replace(VALID, block, "")
    problems = _problems(text)
    assert problems == [
        f"x.yaml:{_line(text, 'breach: lovbrudd')}: themes[0].requirements[0].breach: "
        "brudd er lovbrudd, men kravet mangler order (pålegg)"
    ]


def test_share_rule_needs_participant_scope() -> None:
    text = _replace(
        VALID,
        "            scope: kommune\n",
        "            scope: kommune\n            rule: {type: share, threshold: 0.2}\n",
    )
    problems = _problems(text)
    assert _has(problems, _line(text, "rule: {type: share"), "scope deltaker"), problems


def test_bad_lovdata_url() -> None:
    text = _replace(
        VALID, "url: https://lovdata.no/lov/2003-07-04-80/§4", "url: http://lovdata.no/x"
    )
    problems = _problems(text)
    assert _has(problems, _line(text, "url: http://lovdata.no/x"), "ugyldig form"), problems


def test_several_problems_are_reported_at_once() -> None:
    text = _replace(
        VALID,
        "            scope: kommune\n",
        "            scope: kommune\n            colour: red\n",
    )
    text = _replace(text, "- ref_id: Q2", "- ref_id: Q1")
    text = _replace(text, "                - Q1\n", "                - Q7\n")
    text = _replace(text, "breach: merknad", "breach: lovbrudd")
    problems = _problems(text)
    expected = [
        (_line(text, "colour: red"), "ukjent felt"),
        (_line(text, "- ref_id: Q1", occurrence=2), "er brukt før"),
        (_line(text, "- Q7"), "ukjent kontrollspørsmål «Q7»"),
        (_line(text, "breach: lovbrudd", occurrence=2), "mangler order"),
    ]
    for line, fragment in expected:
        assert _has(problems, line, fragment), (line, fragment, problems)
    assert len(problems) == len(expected)
    # One line per problem, sorted by line number.
    lines = [int(p.split(":")[1]) for p in problems]
    assert lines == sorted(lines)


def test_not_a_mapping_and_not_yaml() -> None:
    assert _problems("- a\n- b\n") == [
        "x.yaml:1: filen må være en YAML-tabell med id, title, themes …"
    ]
    problems = _problems("id: [unclosed\n")
    assert len(problems) == 1 and problems[0].startswith("x.yaml:")


def test_nynorsk_texts_load_and_unknown_key_inside_nn_is_reported() -> None:
    text = _replace(
        VALID,
        "        requirement: Kravet.\n        breach: lovbrudd\n",
        "        requirement: Kravet.\n        nn:\n          title: Fyrste krav\n"
        "        breach: lovbrudd\n",
    )
    req = next(parse_checklist(text, source="x.yaml").requirements())
    assert req.text_in("title", "nynorsk") == "Fyrste krav"
    assert req.text_in("requirement", "nynorsk") == "Kravet."  # falls back to bokmål
    assert req.text_in("title", "bokmal") == "Første krav"
    bad = _replace(
        text,
        "          title: Fyrste krav\n",
        "          title: Fyrste krav\n          tittel: Fyrste krav\n",
    )
    problems = _problems(bad)
    assert _has(problems, _line(bad, "tittel: Fyrste"), "nn.tittel: ukjent felt"), problems


def test_nynorsk_evidence_must_pair_up_with_bokmal_evidence() -> None:
    text = _replace(
        VALID,
        "            evidence: [individuelle planer]\n",
        "            evidence: [individuelle planer]\n            nn:\n"
        "              guidance: Sjå i mappene.\n"
        "              evidence: [individuelle planar]\n",
    )
    q = parse_checklist(text, source="x.yaml").question(
        next(q.ref_id for _, _, q in parse_checklist(VALID, source="x.yaml").questions())
    )
    assert q.evidence_in("nynorsk") == ["individuelle planar"]
    assert q.evidence_in("nn") == ["individuelle planar"]
    assert q.evidence_in("bokmal") == ["individuelle planer"]
    assert q.text_in("guidance", "nynorsk") == "Sjå i mappene."
    bad = _replace(
        text,
        "              evidence: [individuelle planar]\n",
        "              evidence: [individuelle planar, mapper]\n",
    )
    problems = _problems(bad)
    assert _has(
        problems,
        _line(bad, "evidence: [individuelle planar, mapper]"),
        "nn.evidence har 2 dokumenttyper, men evidence har 1",
    ), problems
