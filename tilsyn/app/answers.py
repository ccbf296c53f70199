"""Scoring use cases: answering control questions (one, in bulk, from computed checks),
and concluding per requirement."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tilsyn.audit.answers import canonical_answer, clean_user_text, resolve_slot
from tilsyn.errors import UsageError

if TYPE_CHECKING:
    from tilsyn.audit.models import AuditView
    from tilsyn.app.context import Session
    from tilsyn.store import AnswerChange, AnswerInput


@dataclass(frozen=True)
class Proposal:
    """An answer proposed by a computed check, with its explanation."""

    question_ref: str
    participant: str
    answer: str | None
    note: str


def _timetable_activities(rows: list[dict[str, Any]]):
    from tilsyn.audit.checks import Activity

    return [
        Activity(
            str(r.get("aktivitet", "")),
            r.get("type", "annet"),
            int(r.get("minutter") or 0),
            int(r.get("leksjoner") or 0),
        )
        for r in rows
    ]


def propose(
    view: AuditView,
    question_ref: str,
    participant: str,
    *,
    today: date | None = None,
    holiday_days: int | None = None,
    programme_days: int | None = None,
    extra_data: dict[str, Any] | None = None,
) -> Proposal | None:
    """Run the question's computed check on the inputs known for this slot
    (``extra_data`` overrides the stored facts of the file, e.g. a new timetable)."""
    from tilsyn.audit import checks

    q = view.checklist.question(question_ref)
    if q.computed_check is None:
        return None
    data = dict(next((p.data for p in view.participants() if p.pseudonym == participant), {}))
    data.update(extra_data or {})
    if q.computed_check == "planfrist":
        start_text = data.get("kravdato") or data.get("bosettingsdato")
        if not start_text:
            return None
        decision = data.get("planvedtak")
        r = checks.plan_deadline(
            date.fromisoformat(start_text),
            date.fromisoformat(decision) if decision else None,
            today=today or date.today(),
        )
        return Proposal(q.ref_id, participant, r.answer, r.explanation)
    if q.computed_check == "fulltid":
        rows = data.get("timeplan")
        if not rows:
            return None
        r = checks.full_time(
            _timetable_activities(rows),
            substantial_own_work=bool(data.get("betydelig_egeninnsats")),
        )
        return Proposal(q.ref_id, participant, r.answer, r.explanation)
    if q.computed_check == "helarig":
        days = holiday_days if holiday_days is not None else data.get("feriedager")
        if days is None:
            return None
        length = programme_days if programme_days is not None else data.get("programdager")
        r = checks.full_year(int(days), programme_days=int(length) if length else None)
        return Proposal(q.ref_id, participant, r.answer, r.explanation)
    return None


def answer_question(
    session: Session,
    audit_id: int,
    *,
    question: str,
    participant: str | None,
    answer: str,
    observation: str | None = None,
    sources: list[str] = (),
    reason: str | None = None,
    timetable: Path | None = None,
    holiday_days: int | None = None,
    programme_days: int | None = None,
    expected_version: int | None = None,
) -> tuple[AnswerChange, Proposal | None]:
    """Record one answer (scripted or interactive). Returns what changed and any proposal."""
    from tilsyn.store import AnswerInput

    view = session.view(audit_id)
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
        from tilsyn.audit.checks import parse_timetable_csv

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
        holiday_days=holiday_days,
        programme_days=programme_days,
        extra_data={k: v for _, k, v in updates},
    )
    value = canonical_answer(view.checklist, q, answer)
    reason = clean_user_text(reason, where="--begrunnelse")
    if prop and prop.answer and value != prop.answer and not reason:
        raise UsageError(
            f"Beregningen foreslår «{prop.answer}» for {q.ref_id}"
            + (f" / {who}" if who else "")
            + f" ({prop.note}). For å svare «{value}» må du "
            "oppgi en begrunnelse (--begrunnelse)."
        )
    item = AnswerInput(
        q.ref_id,
        who,
        value,
        observation=clean_user_text(observation, where="--observasjon"),
        sources=session.resolve_document_numbers(view, list(sources)),
        proposed=prop.answer if prop else None,
        proposed_note=prop.note if prop else None,
        override_reason=reason,
        expected_version=expected_version,
    )
    change = session.store.write_answers(audit_id, [item], participant_updates=updates)[0]
    return change, prop


def compute_all(
    session: Session, audit_id: int, *, today: date | None = None, overwrite: bool = False
) -> list[Proposal]:
    """Propose answers from computed checks for every slot with inputs, and store them as
    answers where none is recorded yet (an existing answer is kept unless ``overwrite``)."""
    from tilsyn.store import AnswerInput

    view = session.view(audit_id)
    people = [p.pseudonym for p in view.participants()]
    proposals = []
    items = []
    for _, _, q in view.checklist.questions():
        if q.computed_check is None:
            continue
        for who in [""] if q.scope == "kommune" else people:
            prop = propose(view, q.ref_id, who, today=today)
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
        session.store.write_answers(audit_id, items, action="beregnet svar")
    return proposals


_COLUMNS = {
    "sporsmal": "question",
    "spørsmål": "question",
    "deltaker": "participant",
    "svar": "answer",
    "observasjon": "observation",
    "kilder": "sources",
    "kilde": "sources",
    "begrunnelse": "reason",
}


def read_answer_file(path: Path) -> list[tuple[str, dict[str, Any]]]:
    """Rows of a bulk answer file (CSV or JSON) as (location, fields)."""
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"Finner ikke filen {path}.")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{path}: filen er ikke UTF-8.") from None
    out = []
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise UsageError(f"{path}, linje {exc.lineno}: ugyldig JSON ({exc.msg}).") from None
        if not isinstance(data, list):
            raise UsageError(f"{path}: JSON-filen skal være en liste av svar-objekter.")
        for i, obj in enumerate(data, start=1):
            if not isinstance(obj, dict):
                raise UsageError(f"{path}, svar nr. {i}: skal være et objekt.")
            out.append((f"{path}, svar nr. {i}", _map_columns(obj, f"{path}, svar nr. {i}")))
        return out
    from tilsyn.csvfile import read_csv_rows

    _, rows = read_csv_rows(path, what="svarfilen")
    rows = [(n, r) for n, r in rows if any(c.strip() for c in r)]
    if not rows:
        return out
    header = rows[0][1]
    for n, cells in rows[1:]:
        where = f"{path}, linje {n}"
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            raise UsageError(f"{where}: flere verdier enn overskrifter.")
        row = {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header)}
        out.append((where, _map_columns(row, where)))
    return out


def _map_columns(row: dict[str, Any], where: str) -> dict[str, Any]:
    from tilsyn.text import fold

    mapped: dict[str, Any] = {}
    for key, value in row.items():
        if key is None:
            raise UsageError(f"{where}: flere verdier enn overskrifter.")
        name = _COLUMNS.get(fold(str(key)))
        if name is None:
            raise UsageError(
                f"{where}: ukjent kolonne «{key}» (gyldige: sporsmal, deltaker, "
                "svar, observasjon, kilder, begrunnelse)."
            )
        mapped[name] = value
    return mapped


def import_answers(
    session: Session, audit_id: int, path: Path, *, overwrite: bool = False, dry_run: bool = False
) -> list[AnswerChange]:
    """Apply a bulk answer file in one transaction; every problem reported at once."""
    from tilsyn.store import AnswerInput

    view = session.view(audit_id)
    people = [p.pseudonym for p in view.participants()]
    items: list[AnswerInput] = []
    problems: list[str] = []
    for where, row in read_answer_file(path):
        try:
            if not row.get("question") or not row.get("answer"):
                raise UsageError("mangler sporsmal eller svar")
            q, who = resolve_slot(
                view.checklist,
                str(row["question"]),
                str(row.get("participant") or "") or None,
                people,
            )
            value = canonical_answer(view.checklist, q, str(row["answer"]))
            src = row.get("sources") or []
            if isinstance(src, str):
                src = [s for s in src.replace(";", ",").split(",") if s.strip()]
            reason = clean_user_text(row.get("reason"), where=where)
            # Like a scripted answer: differing from a computed proposal needs a reason.
            prop = propose(view, q.ref_id, who)
            if prop and prop.answer and value != prop.answer and not reason:
                raise UsageError(
                    f"Beregningen foreslår «{prop.answer}» for {q.ref_id}"
                    + (f" / {who}" if who else "")
                    + f" ({prop.note}). For å svare «{value}» må du oppgi en begrunnelse "
                    "(kolonnen begrunnelse)."
                )
            items.append(
                AnswerInput(
                    q.ref_id,
                    who,
                    value,
                    observation=clean_user_text(row.get("observation"), where=where),
                    sources=session.resolve_document_numbers(view, [str(s) for s in src]),
                    proposed=prop.answer if prop else None,
                    proposed_note=prop.note if prop else None,
                    override_reason=reason,
                )
            )
        except UsageError as exc:
            problems.append(f"{where}: {exc.message}")
        except Exception as exc:  # NotFoundError, PersonalDataError are TilsynErrors too
            from tilsyn.errors import TilsynError

            if not isinstance(exc, TilsynError):
                raise
            problems.append(f"{where}: {exc.message}")
    slots = [(i.question_ref, i.participant) for i in items]
    dupes = {s for s in slots if slots.count(s) > 1}
    for q_ref, who in sorted(dupes):
        problems.append(f"{path}: {q_ref}{' / ' + who if who else ''} er besvart flere ganger")
    if problems:
        raise UsageError(
            f"{path} har {len(problems)} feil; ingenting ble lagret:", details=problems
        )
    return session.store.write_answers(
        audit_id,
        items,
        overwrite=overwrite,
        dry_run=dry_run,
        action="svar fra fil",
        extra_log=None
        if dry_run
        else {"action": "import svarfil", "entity": str(path), "antall": len(items)},
    )


def conclude(
    session: Session,
    audit_id: int,
    *,
    requirement: str,
    outcome: str | None,
    practice: str | None = None,
    assessment: str | None = None,
    conclusion: str | None = None,
    reason: str | None = None,
    expected_version: int | None = None,
):
    """Confirm or override the proposed conclusion of one requirement, with its texts."""
    from tilsyn.audit import scoring
    from tilsyn.text import choose

    view = session.view(audit_id)
    req = view.checklist.requirement_by_ref(requirement)
    people = [p.pseudonym for p in view.participants()]
    result = scoring.score_requirement(view.checklist, req, view.answers, people)
    if outcome is None:
        if result.proposed is None:
            raise UsageError(
                f"Krav {req.ref_id} har ingen foreslått konklusjon ennå (ubesvarte spørsmål); "
                "oppgi --utfall lovbrudd|merknad|ingen med --begrunnelse."
            )
        outcome = result.proposed
    outcome = choose(outcome, ["lovbrudd", "merknad", "ingen"], what="konklusjon")
    where = f"krav {req.ref_id}"
    return session.store.set_conclusion(
        audit_id,
        requirement_ref=req.ref_id,
        outcome=outcome,
        proposed=result.proposed,
        practice=clean_user_text(practice, where=f"{where}, praksis"),
        assessment=clean_user_text(assessment, where=f"{where}, vurdering"),
        conclusion=clean_user_text(conclusion, where=f"{where}, konklusjon"),
        reason=clean_user_text(reason, where=f"{where}, begrunnelse"),
        expected_version=expected_version,
    )
