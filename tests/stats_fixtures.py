"""A small, hand-computable store for the statistics tests (issue 7).

Five audits on helarig-fulltid and six self-assessments, written through
``Store.insert_synthetic``. The expected figures are worked out in the test modules.

| audit | municipality      | year | conclusions                | breach answers         |
|-------|-------------------|------|----------------------------|------------------------|
| a1    | 4204 Kristiansand | 2020 | A1 lovbrudd                | A1.1, A1.3 (D001,D002) |
| a2    | 4203 Arendal      | 2020 | A1 lovbrudd, A2 lovbrudd   | A1.2, A2.1             |
| a3    | 4020 Midt-Telemark| 2021 | A2 lovbrudd (no final rep.)| A2.1                   |
| a4    | 4204 Kristiansand | 2022 | A1 lovbrudd (repeat)       | A1.1                   |
| a5    | 0301 Oslo         | 2021 | none                       | none                   |

Violations: a1-A1 (final 1.6.2020, first deadline 1.8.2020, closed 20.7.2020: 49 days),
a2-A1 (final 15.6.2020, first 1.9.2020 moved to 1.10.2020, closed 20.9.2020: 97 days),
a2-A2 (first 1.9.2020, open), a4-A1 (final 1.6.2022, first 1.8.2022, open).
"""

from __future__ import annotations

from datetime import date

from tilsyn.stats.rows import NewAudit, NewSelfAssessment, NewViolation

TODAY = date(2022, 7, 1)

MUNIS = {
    "4204": ("Kristiansand", "Agder"),
    "4203": ("Arendal", "Agder"),
    "4020": ("Midt-Telemark", "Telemark"),
    "0301": ("Oslo", "Oslo"),
}


def _answers(cl, breaches: set[tuple[str, str]]) -> tuple[tuple[str, str, str], ...]:
    out = []
    for _, _, q in cl.questions():
        people = ("",) if q.scope == "kommune" else ("D001", "D002")
        for p in people:
            out.append((q.ref_id, p, "nei" if (q.ref_id, p) in breaches else "ja"))
    return tuple(out)


def _audit(
    cl,
    number: str,
    notice: date,
    final: date | None,
    outcomes: dict[str, str],
    breaches: set[tuple[str, str]],
    violations: tuple[NewViolation, ...] = (),
) -> NewAudit:
    name, county = MUNIS[number]
    events = [("varsel", notice), ("forelopig", notice.replace(month=notice.month + 1))]
    if final:
        events.append(("endelig", final))
    conclusions = tuple(
        (r.ref_id, outcomes.get(r.ref_id, "ingen"), outcomes.get(r.ref_id, "ingen"))
        for r in cl.requirements()
    )
    return NewAudit(
        municipality_number=number,
        municipality_name=name,
        county=county,
        checklist=cl,
        title=f"Test {name}",
        regime="kl2018",
        status="endelig" if final else "forelopig",
        created_at=f"{notice.isoformat()}T08:00:00+00:00",
        events=tuple(events),
        participants=("D001", "D002"),
        answers=_answers(cl, breaches),
        conclusions=conclusions,
        violations=violations,
    )


def _violation(
    number: int,
    ref: str,
    final: date,
    deadline: date,
    closed: date | None,
    moved_to: date | None = None,
) -> NewViolation:
    return NewViolation(
        number=number,
        requirement_ref=ref,
        title=ref,
        order_text="Pålegg.",
        regime="kl2018",
        plan_deadline=None,
        rectification_deadline=moved_to or deadline,
        feedback_deadline=moved_to or deadline,
        status="lukket" if closed else "apen",
        created_at=f"{final.isoformat()}T08:00:00+00:00",
        closed_at=f"{closed.isoformat()}T12:00:00+00:00" if closed else None,
        first_deadline=deadline if moved_to else None,
        move_reason="Ny frist." if moved_to else None,
    )


def _sa(cl, number: str, year: int, answers: dict[str, str]) -> NewSelfAssessment:
    name, county = MUNIS[number]
    return NewSelfAssessment(
        municipality_number=number,
        municipality_name=name,
        county=county,
        checklist=cl,
        year=year,
        status="levert",
        created_at=f"{year}-02-01T08:00:00+00:00",
        answers=tuple(answers.items()),
    )


def build_store(session) -> dict[str, int]:
    """Write the fixture into ``session``'s store; returns audit ids by name."""
    cl = session.checklist("helarig-fulltid")
    d = date
    a1 = _audit(
        cl,
        "4204",
        d(2020, 3, 1),
        d(2020, 6, 1),
        {"A1": "lovbrudd"},
        {("A1.1", ""), ("A1.3", "D001"), ("A1.3", "D002")},
        (_violation(1, "A1", d(2020, 6, 1), d(2020, 8, 1), d(2020, 7, 20)),),
    )
    a2 = _audit(
        cl,
        "4203",
        d(2020, 3, 15),
        d(2020, 6, 15),
        {"A1": "lovbrudd", "A2": "lovbrudd"},
        {("A1.2", ""), ("A2.1", "")},
        (
            _violation(
                1, "A1", d(2020, 6, 15), d(2020, 9, 1), d(2020, 9, 20), moved_to=d(2020, 10, 1)
            ),
            _violation(2, "A2", d(2020, 6, 15), d(2020, 9, 1), None),
        ),
    )
    a3 = _audit(cl, "4020", d(2021, 4, 1), None, {"A2": "lovbrudd"}, {("A2.1", "")})
    a4 = _audit(
        cl,
        "4204",
        d(2022, 2, 1),
        d(2022, 6, 1),
        {"A1": "lovbrudd"},
        {("A1.1", "")},
        (_violation(1, "A1", d(2022, 6, 1), d(2022, 8, 1), None),),
    )
    a5 = _audit(cl, "0301", d(2021, 5, 1), d(2021, 8, 1), {}, set())
    # a1 and a2 carry their self-assessments (linked by audit_id)
    a1 = _with_sa(a1, _sa(cl, "4204", 2020, {"A1.1": "ja", "A1.2": "ja", "A2.1": "ja"}))
    a2 = _with_sa(a2, _sa(cl, "4203", 2020, {"A1.2": "nei", "A2.1": "ja"}))
    free = [
        _sa(cl, "4020", 2021, {"A2.1": "ja"}),  # paired with a3 by municipality and year
        _sa(cl, "0301", 2021, {"A1.1": "nei"}),  # paired with a5
        _sa(cl, "4204", 2021, {"A1.1": "ja"}),  # no audit that year
        _sa(cl, "4203", 2021, {"A1.1": "ja", "A1.2": "ikke relevant"}),
    ]
    ids = session.store.stats.insert_synthetic([a1, a2, a3, a4, a5], free)
    return dict(zip(("a1", "a2", "a3", "a4", "a5"), ids, strict=True))


def _with_sa(audit: NewAudit, sa: NewSelfAssessment) -> NewAudit:
    from dataclasses import replace

    return replace(audit, self_assessment=sa)
