"""A full sample context: every variable filled, for linting templates and for the docs.

Built in memory (no database) from the shipped individual-plan checklist: a 2017
audit of Kristiansand with notice, documents, meetings, interviews, a sample of 8
files, conclusions with one violation (tracked and closed) and one remark with its text,
one requirement scoped out, and a comment from the municipality.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from tilsyn.audit.calendar import Calendar

if TYPE_CHECKING:
    from tilsyn.audit.violation import Violation


def sample_view() -> Any:
    """An AuditView of a realistic, fully assessed audit."""
    from tilsyn.audit.models import (
        Answer,
        Audit,
        AuditView,
        Comment,
        Conclusion,
        Event,
        Interview,
        Participant,
        ReceivedDocument,
        Remark,
        Sample,
        ScopedRequirement,
    )
    from tilsyn.checklist import registry

    cl = registry.get("individuell-plan").checklist
    audit = Audit(
        id=1,
        uid="00000000-0000-0000-0000-000000000001",
        municipality_number="1001",
        municipality_name="Kristiansand",
        county="Vest-Agder",
        checklist_id=cl.id,
        checklist_version=cl.version,
        case_number="2017/1234",
        title=f"{cl.title} – Kristiansand kommune",
        lead="Ola Hansen",
        auditors=("Kari Nordmann",),
        regime="kl2018",
        documentation_weeks=None,
        comment_weeks=None,
        rectification_weeks=None,
        status="endelig",
        created_at="2017-02-01T09:00:00+00:00",
        created_by="revisor",
        recipient_address="Postboks 417 Lund; 4604 Kristiansand S",
        their_reference="2017/880",
        copy_to=("Integrerings- og mangfoldsdirektoratet (IMDi)",),
    )
    events = tuple(
        Event(i, k, d, None)
        for i, (k, d) in enumerate(
            [
                ("varsel", date(2017, 3, 1)),
                ("dokumentasjon", date(2017, 3, 20)),
                ("apningsmote", date(2017, 4, 4)),
                ("forelopig", date(2017, 5, 2)),
                ("uttalelse", date(2017, 5, 15)),
                ("sluttmote", date(2017, 5, 22)),
                ("endelig", date(2017, 6, 1)),
            ],
            start=1,
        )
    )
    people = [f"D{n:03d}" for n in range(1, 9)]
    sample = Sample(
        "tilfeldig",
        "2017",
        31,
        "populasjon.csv",
        "0" * 64,
        8,
        "2017-04-01T09:00:00+00:00",
        tuple(Participant(p, i, {}) for i, p in enumerate(people, start=1)),
    )
    answers = []
    for _, req, q in cl.questions():
        for i, p in enumerate([""] if q.scope == "kommune" else people):
            bad = req.ref_id == "B1" and i in (2, 5)
            answers.append(
                Answer(
                    q.ref_id,
                    p,
                    "nei" if bad else "ja",
                    None,
                    (1,),
                    None,
                    None,
                    None,
                    "2017-04-20T09:00:00+00:00",
                    "revisor",
                    1,
                )
            )
    conclusions = []
    for req in cl.requirements():
        if req.ref_id == "B6":
            continue  # scoped out of the audit (below)
        outcome = {"B1": "lovbrudd", "B4": "merknad"}.get(req.ref_id, "ingen")
        conclusions.append(
            Conclusion(
                req.ref_id,
                outcome,
                outcome,
                f"Kommunen har beskrevet sin praksis for {req.title.lower()} i redegjørelsen.",
                "Fylkesmannen har vurdert praksisen opp mot kravet og stikkprøven.",
                "Kommunen oppfyller ikke kravet."
                if outcome == "lovbrudd"
                else "Kommunen oppfyller kravet.",
                None,
                "2017-05-01T09:00:00+00:00",
                "revisor",
                1,
            )
        )
    return AuditView(
        audit=audit,
        checklist=cl,
        events=events,
        documents=(
            ReceivedDocument(
                1, "Kommunens redegjørelse", date(2017, 3, 20), "redegjørelse", None, None
            ),
            ReceivedDocument(
                2, "Rutine for individuell plan", date(2017, 3, 20), "rutine", None, None
            ),
        ),
        interviews=(
            Interview(1, "programrådgivere", date(2017, 4, 4), None, None, 2),
            Interview(2, "programrådgiver", date(2017, 4, 5), None, None, 1),
            Interview(3, "leder for introduksjonsprogrammet", date(2017, 4, 4), None, None, 1),
        ),
        sample=sample,
        answers=tuple(answers),
        conclusions=tuple(conclusions),
        comments=(
            Comment(
                1,
                "B1",
                "Kommunen har innført en ny mal for vedtak.",
                "Fylkesmannen har merket seg dette, men det endrer ikke konklusjonen.",
            ),
        ),
        scoped=(
            ScopedRequirement(
                "B6",
                "Tilsynsinstruksen gjelder introduksjonsloven §§ 6 og 19.",
                "2017-02-01T09:00:00+00:00",
                "revisor",
            ),
        ),
        remarks=(
            Remark(
                1,
                "B4",
                "Kommunen bør lage en skriftlig rutine for når planene skal vurderes på nytt.",
                "2017-05-01T09:00:00+00:00",
                "revisor",
            ),
        ),
    )


def sample_violations(view: Any) -> list[Violation]:
    """The sample's violation, tracked and closed with a reason and feedback."""
    from dataclasses import replace

    from tilsyn.audit.plan import plan_violations
    from tilsyn.audit.violation import Feedback

    reason = "Ny vedtaksmal og rutine er tatt i bruk, og fem nye planer viser at kravet er oppfylt."
    feedback = Feedback(
        1,
        None,
        date(2017, 6, 28),
        "Kommunen har innført ny vedtaksmal og rutine.",
        (),
        "2017-06-28T10:00:00+00:00",
        "revisor",
    )
    return [
        replace(
            v,
            id=v.number,
            audit_id=1,
            status="lukket",
            closed_at="2017-07-10T10:00:00+00:00",
            points=tuple(
                replace(p, assessment="rettet", assessment_reason=reason) for p in v.points
            ),
            feedback=(feedback,),
        )
        for v in plan_violations(view, date(2017, 6, 1), weeks=4, calendar=Calendar())
    ]


def sample_context(kind: str = "endelig", malform: str = "bokmal") -> dict[str, Any]:
    """A full context with every variable filled (pseudonyms shown too)."""
    from tilsyn.audit.legal import AppealBody, Office, make_frame
    from tilsyn.audit.lifecycle import DeadlineWeeks, derive_deadlines
    from tilsyn.report.context import ContextOptions, build_context

    view = sample_view()
    report_date = date(2017, 6, 1)
    office = Office(
        name="Fylkesmannen i Aust- og Vest-Agder",
        department="Oppvekst- og utdanningsavdelingen",
        address="Postboks 9359 Lundsiden, 4604 Kristiansand S",
        email="sfagpost@statsforvalteren.no",
        phone="37 01 75 00",
    )
    # The sample fills every variable for the template linter: it uses kommuneloven 2018
    # (the order as a decision) although a real audit noticed in 2017 followed the 1992
    # act, and an appeal body as an office would configure it.
    frame = make_frame(
        view.audit,
        view.checklist,
        office,
        AppealBody("Justis- og beredskapsdepartementet"),
        on=report_date,
    )
    weeks = DeadlineWeeks(documentation=3, comments=2, rectification=4)
    deadlines = derive_deadlines(
        [(e.type, e.date) for e in view.events],
        weeks,
        Calendar(),
        regime=view.audit.regime,
        assumed={kind: report_date},
        decision=report_date,
    )
    options = ContextOptions(
        kind=kind, malform=malform, report_date=report_date, version=1, show_pseudonyms=True
    )
    signatories = [
        ("Ola Hansen", "seniorrådgiver", "seniorrådgjevar"),
        ("Kari Nordmann", "avdelingsdirektør", None),
    ]
    return build_context(
        view,
        frame,
        deadlines,
        weeks,
        options,
        sample_violations(view),
        signatories,
        electronic_approval=True,
    )
