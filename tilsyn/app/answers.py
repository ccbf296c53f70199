"""Use cases of scoring: answering control questions (one, in bulk, from computed checks)
and concluding per requirement.

Every answer is written by :func:`write_answers`, which applies the rules of
:mod:`tilsyn.audit.answers` to the stored answers inside the writing transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tilsyn.app.audits import resolve_document_numbers
from tilsyn.audit.answers import (
    Slot,
    canonical_answer,
    plan_changes,
    require_conclusion_reason,
    require_reason,
    resolve_slot,
)
from tilsyn.audit.checks import Proposal, propose
from tilsyn.audit.models import AnswerChange, AnswerInput
from tilsyn.errors import TilsynError, UsageError
from tilsyn.text import choose, guard_text

if TYPE_CHECKING:
    from tilsyn.app.context import AppContext
    from tilsyn.audit.models import Conclusion


def write_answers(
    ctx: AppContext,
    audit_id: int,
    items: Sequence[AnswerInput],
    *,
    overwrite: bool = True,
    dry_run: bool = False,
    action: str = "svar",
    participant_updates: Sequence[tuple[str, str, Any]] = (),
    note: dict[str, Any] | None = None,
) -> list[AnswerChange]:
    """Write answers in one transaction (all or nothing).

    Without ``overwrite`` a recorded answer, observation or sources is never replaced
    (the whole write is refused with the differing slots); an item's
    ``expected_version`` turns a concurrent change into a ConflictError. Facts of the
    files (``participant_updates``: timetables, holiday days) and a ``note`` for the log
    (``action`` and ``entity`` keys, plus what to log) are written in the same
    transaction.
    """
    store = ctx.store
    with store.transaction() as conn:
        current = store.answers.current(audit_id, conn=conn, lock=True)
        changes = plan_changes(current, items, overwrite=overwrite)
        if dry_run:
            return changes
        store.answers.write(audit_id, items, changes, current=current, action=action, conn=conn)
        if participant_updates:
            store.evidence.set_participant_data(
                audit_id, participant_updates, action=f"{action}: deltakerdata", conn=conn
            )
        if note:
            note = dict(note)
            store.answers.log_note(
                audit_id,
                action=note.pop("action"),
                entity=note.pop("entity"),
                new=note,
                conn=conn,
            )
    return changes


def answer_question(
    ctx: AppContext,
    audit_id: int,
    *,
    question: str,
    participant: str | None,
    answer: str,
    observation: str | None = None,
    sources: Sequence[str] = (),
    reason: str | None = None,
    timetable: Path | None = None,
    holiday_days: int | None = None,
    programme_days: int | None = None,
    expected_version: int | None = None,
    today: date | None = None,
) -> tuple[AnswerChange, Proposal | None]:
    """Record one answer (scripted or interactive). Returns what changed and any proposal."""
    from tilsyn.app.readers import parse_timetable_csv

    view = ctx.store.audits.view(audit_id)
    people = [p.pseudonym for p in view.participants()]
    q, who = resolve_slot(view.checklist, question, participant, people)
    # New facts for the file (timetable, holiday days) are stored in the same transaction
    # as the answer, so a refused answer leaves nothing behind.
    updates: list[tuple[str, str, Any]] = []
    if timetable is not None:
        if q.computed_check != "fulltid":
            raise UsageError(
                f"{q.ref_id} har ingen timeplanberegning (--timeplan gjelder "
                "spørsmål med beregningen fulltid)."
            )
        acts = parse_timetable_csv(Path(timetable))
        rows = [
            {"aktivitet": a.name, "type": a.kind, "minutter": a.minutes, "leksjoner": a.lessons}
            for a in acts
        ]
        updates.append((who, "timeplan", rows))
    if holiday_days is not None and who:
        updates.append((who, "feriedager", holiday_days))
        if programme_days is not None:
            updates.append((who, "programdager", programme_days))
    prop = propose(
        view,
        q.ref_id,
        who,
        today=today or date.today(),
        holiday_days=holiday_days,
        programme_days=programme_days,
        extra_data={k: v for _, k, v in updates},
    )
    value = canonical_answer(view.checklist, q, answer)
    reason = guard_text(reason, where="--begrunnelse")
    if prop:
        require_reason(
            Slot(q.ref_id, who), value, prop.answer, prop.note, reason, how="--begrunnelse"
        )
    item = AnswerInput(
        q.ref_id,
        who,
        value,
        observation=guard_text(observation, where="--observasjon"),
        sources=resolve_document_numbers(view, list(sources)),
        proposed=prop.answer if prop else None,
        proposed_note=prop.note if prop else None,
        override_reason=reason,
        expected_version=expected_version,
    )
    change = write_answers(ctx, audit_id, [item], participant_updates=updates)[0]
    return change, prop


def compute_all(
    ctx: AppContext, audit_id: int, *, today: date | None = None, overwrite: bool = False
) -> list[Proposal]:
    """Propose answers from computed checks for every slot with inputs, and store them as
    answers where none is recorded yet (an existing answer is kept unless ``overwrite``)."""
    view = ctx.store.audits.view(audit_id)
    people = [p.pseudonym for p in view.participants()]
    proposals = []
    items = []
    for _, _, q in view.assessed_checklist.questions():
        if q.computed_check is None:
            continue
        for who in [""] if q.scope == "kommune" else people:
            prop = propose(view, q.ref_id, who, today=today or date.today())
            if prop is None or prop.answer is None:
                continue
            proposals.append(prop)
            existing = view.answer(q.ref_id, who)
            if existing is not None and not overwrite:
                continue
            items.append(
                AnswerInput(
                    q.ref_id,
                    who,
                    prop.answer,
                    observation=prop.note,
                    proposed=prop.answer,
                    proposed_note=prop.note,
                )
            )
    if items:
        write_answers(ctx, audit_id, items, action="beregnet svar")
    return proposals


def import_answers(
    ctx: AppContext,
    audit_id: int,
    path: Path,
    *,
    overwrite: bool = False,
    dry_run: bool = False,
    today: date | None = None,
) -> list[AnswerChange]:
    """Apply a bulk answer file in one transaction; every problem reported at once."""
    from tilsyn.app.readers import read_answer_file

    view = ctx.store.audits.view(audit_id)
    people = [p.pseudonym for p in view.participants()]
    items: list[AnswerInput] = []
    problems: list[str] = []
    for where, row in read_answer_file(path):
        try:
            if not row.get("question") or not row.get("answer"):
                raise UsageError("mangler sporsmal eller svar")
            q, who = resolve_slot(
                view.checklist,
                _text(row["question"], "sporsmal") or "",
                _text(row.get("participant"), "deltaker") or None,
                people,
            )
            value = canonical_answer(view.checklist, q, _text(row["answer"], "svar") or "")
            src = row.get("sources") or []
            if isinstance(src, str):
                src = [s for s in src.replace(";", ",").split(",") if s.strip()]
            if not isinstance(src, list):
                raise UsageError("kilder skal være en liste av dokumentnumre")
            reason = guard_text(_text(row.get("reason"), "begrunnelse"), where=where)
            # Like a scripted answer: differing from a computed proposal needs a reason.
            prop = propose(view, q.ref_id, who, today=today or date.today())
            if prop:
                require_reason(
                    Slot(q.ref_id, who),
                    value,
                    prop.answer,
                    prop.note,
                    reason,
                    how="kolonnen begrunnelse",
                )
            items.append(
                AnswerInput(
                    q.ref_id,
                    who,
                    value,
                    observation=guard_text(
                        _text(row.get("observation"), "observasjon"), where=where
                    ),
                    sources=resolve_document_numbers(view, [str(s) for s in src]),
                    proposed=prop.answer if prop else None,
                    proposed_note=prop.note if prop else None,
                    override_reason=reason,
                )
            )
        except TilsynError as exc:
            problems.append(f"{where}: {exc.message}")
    slots = [(i.question_ref, i.participant) for i in items]
    dupes = {s for s in slots if slots.count(s) > 1}
    for q_ref, who in sorted(dupes):
        problems.append(f"{path}: {Slot(q_ref, who).describe()} er besvart flere ganger")
    if problems:
        raise UsageError(
            f"{path} har {len(problems)} feil; ingenting ble lagret:", details=problems
        )
    return write_answers(
        ctx,
        audit_id,
        items,
        overwrite=overwrite,
        dry_run=dry_run,
        action="svar fra fil",
        note={"action": "import svarfil", "entity": str(path), "antall": len(items)},
    )


def _text(value: Any, field: str) -> str | None:
    """A text field of a bulk file (numbers are written as text; other values refused)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    kind = {bool: "sannhetsverdi", list: "liste", dict: "objekt"}.get(type(value), "annet")
    raise UsageError(f"{field} skal være tekst, ikke {kind} ({str(value)[:40]})")


OUTCOME_WORDS = {"lovbrudd": "lovbrot", "merknad": "merknad", "ingen": "ingen funn"}
"""Outcomes (stored values) and the other words for them people type."""


def conclude(
    ctx: AppContext,
    audit_id: int,
    *,
    requirement: str,
    outcome: str | None,
    practice: str | None = None,
    assessment: str | None = None,
    conclusion: str | None = None,
    reason: str | None = None,
    expected_version: int | None = None,
) -> Conclusion:
    """Confirm or override the proposed conclusion of one requirement, with its texts."""
    from tilsyn.app.procedure import check_in_scope
    from tilsyn.audit import scoring

    view = ctx.store.audits.view(audit_id)
    req = view.checklist.requirement_by_ref(requirement)
    check_in_scope(view, req.ref_id, what="en konklusjon")
    people = [p.pseudonym for p in view.participants()]
    result = scoring.score_requirement(view.checklist, req, view.answers, people)
    if outcome is None:
        if result.proposed is None:
            raise UsageError(
                f"Krav {req.ref_id} har ingen foreslått konklusjon ennå (ubesvarte spørsmål); "
                "oppgi --utfall lovbrudd|merknad|ingen med --begrunnelse."
            )
        outcome = result.proposed
    # The words the tool prints are accepted too («ingen funn», nynorsk «lovbrot»).
    outcome = choose(outcome, OUTCOME_WORDS, what="konklusjon")
    where = f"krav {req.ref_id}"
    reason = guard_text(reason, where=f"{where}, begrunnelse")
    require_conclusion_reason(req.ref_id, outcome, result.proposed, reason)
    return ctx.store.answers.set_conclusion(
        audit_id,
        requirement_ref=req.ref_id,
        outcome=outcome,
        proposed=result.proposed,
        practice=guard_text(practice, where=f"{where}, praksis"),
        assessment=guard_text(assessment, where=f"{where}, vurdering"),
        conclusion=guard_text(conclusion, where=f"{where}, konklusjon"),
        reason=reason,
        expected_version=expected_version,
    )
