"""Self-assessment (egenvurdering): the municipality answers the checklist's control
questions (ja/nei/ikke relevant, an explanation, its own documents), as Udir's RefLex
does for schools. Records and use cases; the workbook is in
``tilsyn.workbook.selfassessment`` and the Word report in ``tilsyn.report.selfassessment``.

Status: ``opprettet`` (nothing imported), ``ufullstendig`` (imported, questions missing —
the answers given are stored and the missing ones are listed so the form can be sent
back), ``fullstendig`` (every question answered).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from tilsyn.checklist.model import AnswerOption, Checklist, ControlQuestion
from tilsyn.errors import NotFoundError, UsageError

if TYPE_CHECKING:
    from tilsyn.app.context import Session

STATUSES = {"opprettet": "opprettet", "ufullstendig": "ufullstendig",
            "fullstendig": "fullstendig"}


@dataclass(frozen=True)
class SelfAssessmentRecord:
    """One municipality's self-assessment on one checklist for one year."""

    id: int
    uid: str
    municipality_number: str
    municipality_name: str
    county: str
    checklist_id: str
    checklist_version: str
    year: int
    audit_id: int | None
    status: str
    created_at: str
    created_by: str


@dataclass(frozen=True)
class SelfAnswer:
    """The municipality's answer to one control question."""

    question_ref: str
    answer: str
    explanation: str | None
    document_refs: str | None
    updated_at: str
    updated_by: str
    version: int


@dataclass(frozen=True)
class SelfAnswerInput:
    """One answer to write (validated)."""

    question_ref: str
    answer: str
    explanation: str | None = None
    document_refs: str | None = None


@dataclass(frozen=True)
class SelfAssessmentView:
    """A self-assessment with its checklist snapshot and answers."""

    record: SelfAssessmentRecord
    checklist: Checklist
    answers: tuple[SelfAnswer, ...] = ()

    def answer(self, question_ref: str) -> SelfAnswer | None:
        return next((a for a in self.answers if a.question_ref == question_ref), None)


def options(checklist: Checklist, question: ControlQuestion) -> list[AnswerOption]:
    """Answer options for a municipality: the checklist's, without «ikke vurdert»."""
    return [o for o in checklist.options_for(question) if o.meaning != "ikke_vurdert"]


def missing(view: SelfAssessmentView) -> list[str]:
    """Question refs not answered yet, in checklist order."""
    done = {a.question_ref for a in view.answers}
    return [q.ref_id for _, _, q in view.checklist.questions() if q.ref_id not in done]


def status_for(view: SelfAssessmentView) -> str:
    return "fullstendig" if not missing(view) else "ufullstendig"


def meaning(view: SelfAssessmentView, question: ControlQuestion, answer: str) -> str | None:
    for o in view.checklist.options_for(question):
        if o.value == answer:
            return o.meaning
    return None


def create(session: Session, *, municipality: str, checklist: str, year: int | None = None,
           audit_id: int | None = None) -> SelfAssessmentRecord:
    """Create a self-assessment, linked to the audit of the same municipality, checklist and
    year when there is one (or to ``audit_id``, which must match)."""
    m = session.municipality(municipality)
    cl = session.checklist(checklist)
    year = year or date.today().year
    if not 2000 <= year <= 2100:
        raise UsageError(f"«{year}» er ikke et gyldig år.")
    if audit_id is not None:
        a = session.store.get_audit(audit_id)
        if a.municipality_number != m.number or a.checklist_id != cl.id:
            raise UsageError(
                f"Tilsyn {audit_id} gjelder {a.municipality_number} {a.municipality_name} og "
                f"sjekklisten {a.checklist_id}; egenvurderingen gjelder {m.number} {m.name} og "
                f"{cl.id}. Velg et tilsyn med samme kommune og sjekkliste.")
    else:
        matches = session.list_audits(municipality=m.number, checklist=cl.id, year=year)
        matches = [r for r in matches if r["kommune"].startswith(m.number)]
        if matches:
            audit_id = matches[-1]["id"]
    return session.store.create_self_assessment(
        municipality_number=m.number, municipality_name=m.name, county=m.county,
        checklist=cl, year=year, audit_id=audit_id)


def summary(view: SelfAssessmentView) -> dict[str, Any]:
    """What `tilsyn egenvurdering vis` shows (also its --json)."""
    r = view.record
    cl = view.checklist
    rows = []
    for _, req, q in cl.questions():
        a = view.answer(q.ref_id)
        rows.append({"ref": q.ref_id, "krav": req.ref_id, "sporsmal": q.question,
                     "svar": a.answer if a else None,
                     "betydning": meaning(view, q, a.answer) if a else None,
                     "forklaring": a.explanation if a else None,
                     "dokumenter": a.document_refs if a else None})
    return {
        "id": r.id, "uid": r.uid,
        "kommune": {"nummer": r.municipality_number, "navn": r.municipality_name,
                    "fylke": r.county},
        "sjekkliste": {"id": r.checklist_id, "versjon": r.checklist_version,
                       "tittel": cl.title},
        "ar": r.year, "tilsyn": r.audit_id, "status": r.status,
        "besvart": sum(1 for x in rows if x["svar"]), "totalt": len(rows),
        "mangler": missing(view),
        "risiko": [x["ref"] for x in rows if x["betydning"] == "brudd"],
        "svar": rows,
    }


def get(session: Session, sa_id: int) -> SelfAssessmentView:
    return session.store.self_assessment(sa_id)


def parse_id(value: str) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        raise UsageError(f"«{value}» er ikke et gyldig id for en egenvurdering (et heltall, "
                         "se tilsyn egenvurdering liste).") from None
    if number <= 0:
        raise NotFoundError(f"Finner ikke egenvurdering {value}.")
    return number
