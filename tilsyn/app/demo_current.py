"""Demo step: an audit under the current law in 2026.

The 2026–2028 national theme (the participant's integreringsplan), sub-theme 1
(setting the final goal, ``integreringsplan-sluttmal``), in Bygland (4220), a nynorsk
municipality in Agder: notice, documents, a sample of three files, answers, conclusions,
preliminary and final report. The documents are in nynorsk and cite integreringsloven
§ 48 and kommuneloven kapittel 30, from «Statsforvaltaren i Agder», with the appeal
body the workspace sets for 2026.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tilsyn.app.demo import DemoContext

MUNICIPALITY = "4220"
CHECKLIST = "integreringsplan-sluttmal"
NOTICE = date(2026, 2, 2)
DOCUMENTATION = date(2026, 2, 20)
OPENING = date(2026, 3, 3)
PRELIMINARY = date(2026, 4, 13)
FINAL = date(2026, 5, 11)
FILES = ["BYG26-01", "BYG26-02", "BYG26-03"]

# One file whose plan states no concrete final goal (SM1.2); the rule for under-25s
# (SM2.3) does not apply to the files in the sample.
_BREACH = {("SM1.2", "BYG26-02")}
_NOT_RELEVANT = {"SM2.3", "SM3.2"}

_TEXTS = {
    "lovbrudd": (
        "I éi av deltakarmappene i utvalet inneheld integreringsplanen ikkje eit sluttmål "
        "som viser kva deltakaren skal oppnå før programmet blir avslutta.",
        "Statsforvaltaren vurderer at kommunen ikkje sikrar at alle integreringsplanar har "
        "eit konkret sluttmål.",
        "Kommunen oppfyller ikkje kravet. Dette er eit lovbrot.",
    ),
    "merknad": (
        "Kommunen har ikkje skriftlege rutinar for fastsetjing av sluttmål.",
        "Praksisen er i hovudsak i samsvar med lova, men er sårbar utan rutinar.",
        "Statsforvaltaren gir ein merknad.",
    ),
    "ingen": (
        "Dokumenta og deltakarmappene viser at praksisen til kommunen er i samsvar med kravet.",
        "Statsforvaltaren vurderer at kommunen oppfyller kravet.",
        "Kommunen oppfyller kravet.",
    ),
}


def demo_step(ctx: DemoContext) -> Iterator[str]:
    """Run the 2026 audit from notice to final report; yield progress lines."""
    from tilsyn.app import answers as assessment
    from tilsyn.app import audits
    from tilsyn.app.answers import write_answers
    from tilsyn.app.demo_steps import document as _document
    from tilsyn.app.sampling import take_sample
    from tilsyn.audit import scoring
    from tilsyn.audit.models import AnswerInput

    s = ctx.app
    a = audits.create_audit(
        s,
        municipality=MUNICIPALITY,
        checklist=CHECKLIST,
        case_number="2026/310",
        lead="Kari Nordmann",
        auditors=["Per Olsen"],
        title=None,
        notice=NOTICE,  # kommuneloven 2018 kapittel 30
        letter={"postal_address": "Sentrum 18, 4745 Bygland"},
    )
    ctx.current_audit_id = a.id
    yield f"Tilsyn {a.id} opprettet: {a.title} (nynorskkommune, integreringslova)"
    yield _document(ctx, a.id, "varsel", NOTICE, "varsel")
    audits.register_document(
        s, a.id, title="Utgreiing frå kommunen", when=DOCUMENTATION, kind="utgreiing", path=None
    )
    audits.register_document(
        s,
        a.id,
        title="Rutine for integreringsplan og sluttmål",
        when=DOCUMENTATION,
        kind="rutine",
        path=None,
    )
    audits.record_event(s, a.id, "dokumentasjon", DOCUMENTATION)
    audits.record_event(s, a.id, "apningsmote", OPENING)
    audits.register_interview(s, a.id, role="programrådgjevar", when=OPENING)
    take_sample(
        s,
        a.id,
        population=None,
        count=None,
        seed=None,
        chosen=FILES,
        criteria="deltakarar som byrja i introduksjonsprogrammet i 2025",
        population_count=4,
    )
    view = s.store.audits.view(a.id)
    people = [p.pseudonym for p in view.participants()]
    items = []
    for _, _, q in view.checklist.questions():
        for who in [""] if q.scope == "kommune" else people:
            if (q.ref_id, who) in _BREACH:
                answer = "nei"
            elif q.ref_id in _NOT_RELEVANT:
                answer = "ikke relevant"
            else:
                answer = "ja"
            items.append(
                AnswerInput(
                    q.ref_id,
                    who,
                    answer,
                    observation="Planen har ikkje eit konkret sluttmål."
                    if answer == "nei"
                    else None,
                    sources=(1, 2) if not who else (),
                )
            )
    write_answers(s, a.id, items)
    view = s.store.audits.view(a.id)
    for r in scoring.score_audit(view.checklist, view.answers, people):
        outcome = r.proposed or "ingen"
        practice, assessment_text, conclusion = _TEXTS[outcome]
        assessment.conclude(
            s,
            a.id,
            requirement=r.requirement_ref,
            outcome=outcome,
            practice=practice,
            assessment=assessment_text,
            conclusion=conclusion,
        )
    found = [r.requirement_ref for r in scoring.score_audit(view.checklist, view.answers, people)]
    yield f"  {len(items)} svar, {len(found)} krav konkludert; lovbrot i SM1"
    yield _document(ctx, a.id, "forelopig", PRELIMINARY, "forelopig")
    yield _document(ctx, a.id, "endelig", FINAL, "endelig")
    opened = s.store.violations.all(a.id)
    yield (
        f"  vedtak om pålegg i den endelege rapporten: {len(opened)} lovbrot følgt opp "
        f"(rettefrist {opened[0].rectification_deadline.isoformat()})"
        if opened
        else "  ingen lovbrot"
    )
