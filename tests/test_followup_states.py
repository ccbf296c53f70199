"""The follow-up state machine: every transition and every refusal."""

from __future__ import annotations

import pytest

from tilsyn.audit import violation as s
from tilsyn.errors import UsageError

NOT_CLOSED = [s.OPEN, s.FEEDBACK, s.RECTIFIED, s.INSUFFICIENT, s.NEW_DEADLINE, s.ESCALATED]


def test_every_status_has_a_label():
    assert set(s.STATUSES) == {*NOT_CLOSED, s.CLOSED}
    assert s.label(s.RECTIFIED) == "retting sannsynliggjort"


@pytest.mark.parametrize(
    "status", [s.OPEN, s.FEEDBACK, s.INSUFFICIENT, s.NEW_DEADLINE, s.ESCALATED]
)
def test_feedback_moves_to_feedback_received(status):
    assert s.after_feedback(status) == s.FEEDBACK


def test_feedback_refused_when_closed_or_all_rectified():
    with pytest.raises(UsageError, match="Gjenåpne det først"):
        s.after_feedback(s.CLOSED)
    with pytest.raises(UsageError, match="allerede vurdert som rettet"):
        s.after_feedback(s.RECTIFIED)


@pytest.mark.parametrize(
    "assessments,expected",
    [
        (["rettet", "rettet"], s.RECTIFIED),
        (["rettet", "ikke_tilstrekkelig"], s.INSUFFICIENT),
        (["rettet", None], s.FEEDBACK),
        ([None, "ikke_tilstrekkelig"], s.INSUFFICIENT),
    ],
)
def test_assessment_outcome(assessments, expected):
    assert s.after_assessment(s.FEEDBACK, has_feedback=True, assessments=assessments) == expected


def test_assessment_can_be_revised():
    assert (
        s.after_assessment(s.RECTIFIED, has_feedback=True, assessments=["ikke_tilstrekkelig"])
        == s.INSUFFICIENT
    )
    assert (
        s.after_assessment(s.INSUFFICIENT, has_feedback=True, assessments=["rettet"]) == s.RECTIFIED
    )


def test_assessment_refused_without_feedback_or_when_closed():
    with pytest.raises(UsageError, match="ikke registrert noen tilbakemelding"):
        s.after_assessment(s.OPEN, has_feedback=False, assessments=["rettet"])
    with pytest.raises(UsageError, match="lukket"):
        s.after_assessment(s.CLOSED, has_feedback=True, assessments=["rettet"])


@pytest.mark.parametrize(
    "status", [s.OPEN, s.FEEDBACK, s.INSUFFICIENT, s.NEW_DEADLINE, s.ESCALATED]
)
def test_new_deadline(status):
    assert s.after_new_deadline(status) == s.NEW_DEADLINE


def test_new_deadline_refused_when_closed_or_rectified():
    with pytest.raises(UsageError, match="lukket"):
        s.after_new_deadline(s.CLOSED)
    with pytest.raises(UsageError, match="ingen ny frist"):
        s.after_new_deadline(s.RECTIFIED)


@pytest.mark.parametrize("status", [s.OPEN, s.FEEDBACK, s.INSUFFICIENT, s.NEW_DEADLINE])
def test_escalation(status):
    assert s.after_escalation(status) == s.ESCALATED


def test_escalation_refusals():
    with pytest.raises(UsageError, match="allerede eskalert"):
        s.after_escalation(s.ESCALATED)
    with pytest.raises(UsageError, match="kan lukkes, ikke eskaleres"):
        s.after_escalation(s.RECTIFIED)
    with pytest.raises(UsageError, match="lukket"):
        s.after_escalation(s.CLOSED)


def test_close_when_every_point_is_rectified():
    assert s.after_close(s.RECTIFIED, points=[("B1-K1", "rettet"), ("B1-K2", "rettet")]) == s.CLOSED


def test_close_refused_with_an_unassessed_or_insufficient_point():
    with pytest.raises(UsageError) as exc:
        s.after_close(
            s.FEEDBACK,
            points=[("B1-K1", "rettet"), ("B1-K2", None), ("B1-K3", "ikke_tilstrekkelig")],
        )
    msg = str(exc.value)
    assert "B1-K2 (ikke vurdert)" in msg and "B1-K3 (ikke tilstrekkelig)" in msg
    assert "B1-K1" not in msg
    with pytest.raises(UsageError, match="kan ikke lukkes"):
        s.after_close(s.OPEN, points=[])


def test_close_refused_twice_and_allowed_when_annulled():
    with pytest.raises(UsageError, match="allerede lukket"):
        s.after_close(s.CLOSED, points=[("B1-K1", "rettet")])
    assert s.after_close(s.OPEN, points=[("B1-K1", None)], annulled=True) == s.CLOSED


def test_reopen():
    assert s.after_reopen(s.CLOSED) == s.OPEN
    for status in NOT_CLOSED:
        with pytest.raises(UsageError, match="bare et lukket pålegg"):
            s.after_reopen(status)
    with pytest.raises(UsageError, match="Tilsynet er avsluttet"):
        s.after_reopen(s.CLOSED, audit_closed=True)


def test_appeal_outcomes():
    assert s.after_appeal(s.OPEN, None) == s.OPEN
    assert s.after_appeal(s.OPEN, "stadfestet") == s.OPEN
    assert s.after_appeal(s.FEEDBACK, "endret") == s.FEEDBACK
    assert s.after_appeal(s.INSUFFICIENT, "opphevet") == s.CLOSED
    assert s.after_appeal(s.CLOSED, "opphevet") == s.CLOSED
