"""Build audits for the procedure tests through the use cases, as an office would."""

from __future__ import annotations

from datetime import date

from tilsyn.app import answers as assessment
from tilsyn.app.answers import write_answers
from tilsyn.app.audits import create_audit, record_event, register_document, register_interview
from tilsyn.app.procedure import scope_out
from tilsyn.audit.models import AnswerInput

NOTICE = date(2017, 3, 1)
RECEIVED = date(2017, 3, 20)
INTERVIEWS = date(2017, 4, 4)
CRITERIA = "deltakere som var i programmet ved varselet"
"""What the sampled files were chosen by (a manual sample states it in the reports)."""


def build(
    session,
    *,
    checklist: str = "individuell-plan",
    municipality: str = "1001",
    regime: str = "kl2018",
    breaches: dict[str, set[int]] | None = None,
    files: int = 8,
    scope: tuple[tuple[str, str], ...] = (),
    interviews: tuple[tuple[str, int], ...] = (("programrådgiver", 1),),
    notice: date = NOTICE,
    received: date | None = RECEIVED,
    held: date = INTERVIEWS,
    conclude: bool = True,
    case_number: str = "2017/1234",
) -> int:
    """An audit taken through notice, evidence, sample, answers and (optionally)
    conclusions. ``breaches`` maps a question to the sampled files (0-based; 0 for a
    municipality-level question) answered «nei»; everything else is «ja»."""
    breaches = breaches or {}
    a = create_audit(
        session,
        municipality=municipality,
        checklist=checklist,
        case_number=case_number,
        lead="Ola Hansen",
        auditors=["Kari Nordmann"],
        title=None,
        notice=notice,
        regime=regime,
        reason="Regimet er valgt for testen (pålegg som eget vedtak eller i rapporten).",
    )
    for ref, reason in scope:
        scope_out(session, a.id, requirement=ref, reason=reason)
    record_event(session, a.id, "varsel", notice)
    if received is not None:
        register_document(
            session,
            a.id,
            title="Kommunens redegjørelse",
            when=received,
            kind="redegjørelse",
            path=None,
        )
        record_event(session, a.id, "dokumentasjon", received)
    record_event(session, a.id, "apningsmote", held)
    for role, people in interviews:
        register_interview(session, a.id, role=role, when=held, people=people)
    people = [f"F{n:02d}" for n in range(1, files + 1)]
    if files:
        session.store.evidence.set_sample(
            a.id,
            method="manuelt",
            seed=None,
            criteria=CRITERIA,
            population_size=files * 3,
            population_file=None,
            population_sha256=None,
            requested=files,
            participants=[(p, {}) for p in people],
        )
    view = session.store.audits.view(a.id)
    items = []
    for _, _, q in view.assessed_checklist.questions():
        for i, who in enumerate([""] if q.scope == "kommune" else people):
            bad = i in breaches.get(q.ref_id, set())
            items.append(
                AnswerInput(
                    q.ref_id,
                    who,
                    "nei" if bad else "ja",
                    observation="Avvik i mappen." if bad else None,
                )
            )
    if items:
        write_answers(session, a.id, items)
    if conclude:
        conclude_all(session, a.id)
    return a.id


def conclude_all(session, audit_id: int) -> None:
    """Confirm the proposed conclusion of every requirement in the audit, with texts."""
    from tilsyn.audit import scoring

    view = session.store.audits.view(audit_id)
    people = [p.pseudonym for p in view.participants()]
    for r in scoring.score_audit(view.assessed_checklist, view.answers, people):
        bad = r.proposed == "lovbrudd"
        assessment.conclude(
            session,
            audit_id,
            requirement=r.requirement_ref,
            outcome=r.proposed or "ingen",
            practice=f"Kommunens praksis for {r.requirement_ref} er beskrevet i redegjørelsen.",
            assessment=f"Vurdert opp mot kravet i {r.requirement_ref}.",
            conclusion="Kommunen oppfyller ikke kravet." if bad else "Kommunen oppfyller kravet.",
            reason=None if r.proposed else "Ingen avvik i det som er vurdert.",
        )
