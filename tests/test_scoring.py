"""Scoring rules (pure): any/share rules, thresholds, incomplete answers, severity, progress.
Property: adding a "nei" never lowers the proposed severity of an `any` rule."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tilsyn.audit.answers import slots
from tilsyn.audit.models import Answer
from tilsyn.audit.scoring import (
    assessed_answers,
    progress,
    score_audit,
    score_question,
    score_requirement,
    unanswered,
)
from tilsyn.checklist import registry

PLAN = registry.get("individuell-plan").checklist
YEAR = registry.get("helarig-fulltid").checklist
SEVERITY = {None: -1, "ingen": 0, "merknad": 1, "lovbrudd": 2}


def rec(question: str, participant: str, answer: str) -> Answer:
    return Answer(
        question,
        participant,
        answer,
        None,
        (),
        None,
        None,
        None,
        "2017-01-01T00:00:00+00:00",
        "test",
        1,
    )


def people(n: int) -> list[str]:
    return [f"P{i}" for i in range(1, n + 1)]


def requirement(cl, ref):
    return cl.requirement_by_ref(ref)


def all_yes(cl, who: list[str], *, skip: set[tuple[str, str]] = frozenset()):
    return [
        rec(s.question_ref, s.participant, "ja")
        for s in slots(cl, who)
        if (s.question_ref, s.participant) not in skip
    ]


def with_answers(answers: list[Answer], changes: dict[tuple[str, str], str]):
    kept = [a for a in answers if (a.question_ref, a.participant) not in changes]
    return kept + [rec(q, p, v) for (q, p), v in changes.items()]


# --- any ---------------------------------------------------------------------------------


def test_any_rule_one_breach_is_a_violation_even_before_all_files_are_seen():
    who = people(4)
    req = requirement(PLAN, "B2")
    q = req.questions[0]
    r = score_question(PLAN, req, q, [rec(q.ref_id, "P1", "nei")], who)
    assert (r.answered, r.expected, r.breaches, r.outcome) == (1, 4, 1, "lovbrudd")
    assert not r.complete


def test_any_rule_all_compliant_is_ingen_only_when_complete():
    who = people(3)
    req = requirement(PLAN, "B2")
    q = req.questions[0]
    two = [rec(q.ref_id, p, "ja") for p in who[:2]]
    assert score_question(PLAN, req, q, two, who).outcome is None
    three = [*two, rec(q.ref_id, "P3", "ikke relevant")]
    r = score_question(PLAN, req, q, three, who)
    assert (r.outcome, r.compliant, r.answered, r.complete) == ("ingen", 2, 3, True)


def test_ikke_vurdert_is_not_an_answer():
    who = people(2)
    req = requirement(PLAN, "B2")
    q = req.questions[0]
    answers = [rec(q.ref_id, "P1", "ja"), rec(q.ref_id, "P2", "ikke vurdert")]
    r = score_question(PLAN, req, q, answers, who)
    assert (r.answered, r.outcome) == (1, None)


def test_kommune_question_with_merknad_outcome():
    req = requirement(PLAN, "B1")
    q = next(x for x in req.questions if x.ref_id == "B1.6")
    assert q.scope == "kommune"
    r = score_question(PLAN, req, q, [rec("B1.6", "", "nei")], people(3))
    assert (r.expected, r.outcome) == (1, "merknad")


def test_no_sample_means_no_conclusion_for_file_questions():
    req = requirement(PLAN, "B2")
    r = score_question(PLAN, req, req.questions[0], [], [])
    assert (r.expected, r.outcome) == (0, None)


# --- share -------------------------------------------------------------------------------


def b15(who, breaches: int, compliant: int):
    req = requirement(PLAN, "B1")
    q = PLAN.question("B1.5")
    assert (q.rule.type, q.rule.threshold) == ("share", 0.2)
    answers = [rec("B1.5", p, "nei") for p in who[:breaches]] + [
        rec("B1.5", p, "ja") for p in who[breaches : breaches + compliant]
    ]
    return score_question(PLAN, req, q, answers, who)


@pytest.mark.parametrize(
    ("n", "breaches", "compliant", "expected"),
    [
        (5, 1, 4, "ingen"),  # exactly 20 %: not above the threshold
        (5, 2, 3, "lovbrudd"),  # 40 %
        (10, 2, 8, "ingen"),  # exactly 20 %
        (10, 3, 7, "lovbrudd"),  # 30 %
        (10, 3, 2, "lovbrudd"),  # incomplete, but 3 of 10 is above 20 % whatever comes
        (10, 2, 3, None),  # incomplete: 2 of 5 so far, but 2 of 10 would be 20 %
        (10, 0, 5, None),  # incomplete, no breach
        (10, 0, 10, "ingen"),
        (5, 0, 0, None),
    ],
)
def test_share_rule_threshold_edges(n, breaches, compliant, expected):
    assert b15(people(n), breaches, compliant).outcome == expected


# --- requirements and severity -----------------------------------------------------------


def test_requirement_most_severe_outcome_wins():
    who = people(3)
    base = all_yes(PLAN, who)
    req = requirement(PLAN, "B1")
    assert score_requirement(PLAN, req, base, who).proposed == "ingen"
    merknad = with_answers(base, {("B1.6", ""): "nei"})
    assert score_requirement(PLAN, req, merknad, who).proposed == "merknad"
    both = with_answers(merknad, {("B1.1", "P2"): "nei"})
    assert score_requirement(PLAN, req, both, who).proposed == "lovbrudd"


def test_requirement_incomplete_is_none_but_breach_shows_at_once():
    who = people(3)
    req = requirement(PLAN, "B4")
    partial = all_yes(PLAN, who, skip={("B4.3", "P3")})
    assert score_requirement(PLAN, req, partial, who).proposed is None
    assert (
        score_requirement(PLAN, req, with_answers(partial, {("B4.2", "P1"): "nei"}), who).proposed
        == "lovbrudd"
    )


def test_requirement_with_merknad_breach():
    # A3 in helarig-fulltid: breach is "merknad" for the whole requirement.
    who = people(5)
    req = requirement(YEAR, "A3")
    base = all_yes(YEAR, who)
    assert score_requirement(YEAR, req, base, who).proposed == "ingen"
    assert (
        score_requirement(YEAR, req, with_answers(base, {("A3.2", ""): "nei"}), who).proposed
        == "merknad"
    )


def test_score_audit_progress_and_unanswered():
    who = people(2)
    answers = all_yes(PLAN, who, skip={("B3.2", "P2"), ("B5.2", "")})
    answers.append(rec("B5.2", "", "ikke vurdert"))
    results = score_audit(PLAN, answers, who)
    assert [r.requirement_ref for r in results] == ["B1", "B2", "B3", "B4", "B5", "B6"]
    by_ref = {r.requirement_ref: r.proposed for r in results}
    assert by_ref == {
        "B1": "ingen",
        "B2": "ingen",
        "B3": None,
        "B4": "ingen",
        "B5": None,
        "B6": "ingen",
    }
    p = progress(PLAN, len(who), assessed_answers(PLAN, answers, who))
    total = len(slots(PLAN, who))
    assert (p.answered, p.total) == (total - 2, total)
    assert p.percent == round(100 * (total - 2) / total)
    assert [(s.question_ref, s.participant) for s in unanswered(PLAN, answers, who)] == [
        ("B3.2", "P2"),
        ("B5.2", ""),
    ]


def test_slots_in_checklist_order():
    s = slots(PLAN, ["X", "Y"])
    assert [(x.question_ref, x.participant) for x in s[:3]] == [
        ("B1.1", "X"),
        ("B1.1", "Y"),
        ("B1.2", "X"),
    ]
    assert ("B1.6", "") in [(x.question_ref, x.participant) for x in s]


# --- property ----------------------------------------------------------------------------

ANY_SLOTS = [
    (q.ref_id, p)
    for _, _, q in PLAN.questions()
    if q.rule.type == "any"
    for p in ([""] if q.scope == "kommune" else people(3))
]
ALL_SLOTS = [(s.question_ref, s.participant) for s in slots(PLAN, people(3))]
VALUES = ["ja", "nei", "ikke relevant", "ikke vurdert", None]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(VALUES), min_size=len(ALL_SLOTS), max_size=len(ALL_SLOTS)),
    st.sampled_from(ANY_SLOTS),
)
def test_property_adding_a_nei_never_lowers_severity(values, slot):
    who = people(3)
    answers = [rec(q, p, v) for (q, p), v in zip(ALL_SLOTS, values, strict=True) if v]
    before = {r.requirement_ref: r.proposed for r in score_audit(PLAN, answers, who)}
    after_answers = with_answers(answers, {slot: "nei"})
    after = {r.requirement_ref: r.proposed for r in score_audit(PLAN, after_answers, who)}
    for ref in before:
        assert SEVERITY[after[ref]] >= SEVERITY[before[ref]], (ref, before[ref], after[ref])
    req = PLAN.requirement_of(slot[0])
    assert after[req.ref_id] in ("merknad", "lovbrudd")
