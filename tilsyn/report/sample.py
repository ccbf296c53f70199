"""A full sample context: every variable filled, for linting templates and for the docs.

Built in memory (no database) from the shipped individual-plan checklist: a 2017
audit of Kristiansand with notice, documents, meetings, interviews, a sample of 8
files, conclusions with one violation (tracked and closed) and one remark, and a
comment from the municipality.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from tilsyn.audit.calendar import Calendar


def sample_view() -> Any:
    """An AuditView of a realistic, fully assessed audit."""
    from tilsyn.checklist import registry
    from tilsyn.audit.models import (
        AnswerRecord,
        AuditRecord,
        AuditView,
        CommentRecord,
        ConclusionRecord,
        DocumentRecord,
        EventRecord,
        InterviewRecord,
        Participant,
        SampleRecord,
    )

    cl = registry.get("individuell-plan").checklist
    audit = AuditRecord(
        id=1, uid="00000000-0000-0000-0000-000000000001", municipality_number="1001",
        municipality_name="Kristiansand", county="Vest-Agder", checklist_id=cl.id,
        checklist_version=cl.version, case_number="2017/1234",
        title=f"{cl.title} – Kristiansand kommune", lead="Ola Hansen",
        auditors=("Kari Nordmann",), regime="kl2018", documentation_weeks=None,
        comment_weeks=None, rectification_weeks=None, status="endelig",
        created_at="2017-02-01T09:00:00+00:00", created_by="revisor")
    events = tuple(EventRecord(i, k, d, None) for i, (k, d) in enumerate([
        ("varsel", date(2017, 3, 1)), ("dokumentasjon", date(2017, 3, 20)),
        ("apningsmote", date(2017, 4, 4)), ("forelopig", date(2017, 5, 2)),
        ("uttalelse", date(2017, 5, 15)), ("sluttmote", date(2017, 5, 22)),
        ("endelig", date(2017, 6, 1))], start=1))
    people = [f"D{n:03d}" for n in range(1, 9)]
    sample = SampleRecord("tilfeldig", "2017", 31, "populasjon.csv", "0" * 64, 8,
                          "2017-04-01T09:00:00+00:00",
                          tuple(Participant(p, i, {}) for i, p in enumerate(people, start=1)))
    answers = []
    for _, req, q in cl.questions():
        for i, p in enumerate([""] if q.scope == "kommune" else people):
            bad = req.ref_id == "B1" and i in (2, 5)
            answers.append(AnswerRecord(q.ref_id, p, "nei" if bad else "ja", None, (1,), None,
                                        None, None, "2017-04-20T09:00:00+00:00", "revisor", 1))
    conclusions = []
    for req in cl.requirements():
        outcome = {"B1": "lovbrudd", "B4": "merknad"}.get(req.ref_id, "ingen")
        conclusions.append(ConclusionRecord(
            req.ref_id, outcome, outcome,
            f"Kommunen har beskrevet sin praksis for {req.title.lower()} i redegjørelsen.",
            "Fylkesmannen har vurdert praksisen opp mot kravet og stikkprøven.",
            "Kommunen oppfyller ikke kravet." if outcome == "lovbrudd"
            else "Kommunen oppfyller kravet.", None, "2017-05-01T09:00:00+00:00", "revisor", 1))
    return AuditView(
        audit=audit, checklist=cl, events=events,
        documents=(DocumentRecord(1, "Kommunens redegjørelse", date(2017, 3, 20),
                                  "redegjørelse", None, None),
                   DocumentRecord(2, "Rutine for individuell plan", date(2017, 3, 20), "rutine",
                                  None, None)),
        interviews=(InterviewRecord(1, "programrådgiver", date(2017, 4, 4), None, None),
                    InterviewRecord(2, "programrådgiver", date(2017, 4, 5), None, None),
                    InterviewRecord(3, "leder for introduksjonsprogrammet", date(2017, 4, 4),
                                    None, None)),
        sample=sample, answers=tuple(answers), conclusions=tuple(conclusions),
        comments=(CommentRecord(1, "B1", "Kommunen har innført en ny mal for vedtak.",
                                "Fylkesmannen har merket seg dette, men det endrer ikke "
                                "konklusjonen."),),
    )


def sample_violations(view: Any) -> list[dict[str, Any]]:
    """The sample's violation, tracked and closed with a reason and feedback."""
    from tilsyn.report.context import planned_violations

    out = planned_violations(view, weeks=4, when=date(2017, 6, 1), calendar=Calendar())
    for v in out:
        v.update(status="lukket", closed_at="2017-07-10T10:00:00+00:00", tracked=True)
        for p in v["points"]:
            p.update(assessment="rettet", assessment_reason="Ny vedtaksmal og rutine er tatt "
                     "i bruk, og fem nye planer viser at kravet er oppfylt.")
        v["feedback"] = [{"received": date(2017, 6, 28), "text": "Kommunen har innført ny "
                          "vedtaksmal og rutine."}]
    return out


def sample_context(kind: str = "endelig", malform: str = "bokmal") -> dict[str, Any]:
    """A full context with every variable filled (pseudonyms shown too)."""
    from tilsyn.report.context import ContextOptions, build_context
    from tilsyn.workspace import Config, HistoricalName, Signatory

    config = Config(
        address="Postboks 9359 Lundsiden, 4604 Kristiansand S",
        email="sfagpost@statsforvalteren.no", phone="37 01 75 00",
        historical_names=(HistoricalName(2016, 2018, "Fylkesmannen i Aust- og Vest-Agder"),),
        signatories=(Signatory("Kari Nordmann", "avdelingsdirektør"),
                     Signatory("Ola Hansen", "seniorrådgiver")))
    view = sample_view()
    options = ContextOptions(kind=kind, malform=malform, report_date=date(2017, 6, 1),
                             version=1, show_pseudonyms=True)
    return build_context(view, config, Calendar(), options, sample_violations(view))
