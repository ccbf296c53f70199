"""A seeded, synthetic national dataset for ``tilsyn demo --skala N`` and the benchmarks.

N audits over ten years across every municipality in the registry (pre-2020 numbers in
Agder and Telemark before 2020, the 2024 numbers after), on the shipped checklists, each
with notice and report events, a sample of three participant files, answers,
conclusions, violations with their correction points followed up to closure (some with a
moved deadline, recent ones still open; the points of a closed order are assessed as
rectified), and for most audits a self-assessment made the same year; plus free-standing
self-assessments (surveys) of other municipalities. Compliance improves over the years
and municipalities are somewhat over-confident in their self-assessments, so trends and
calibration have something to show.

The same ``seed`` and ``n`` give the same content (ids and uids come from the store).
Everything is written in one transaction with one log entry per audit and per
self-assessment (action ``syntetisk``), titles start with "Syntetisk".
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from tilsyn.stats.rows import NewAudit, NewSelfAssessment, NewViolation

if TYPE_CHECKING:
    from pathlib import Path

    from tilsyn.checklist.model import Checklist, Requirement
    from tilsyn.municipalities import Municipality
    from tilsyn.store import Store
    from tilsyn.workspace import Workspace

SAMPLE = ("D001", "D002", "D003")
REFORM_YEAR = 2020
"""Agder and Telemark got new municipality numbers on 1 January 2020 (numbers, not law)."""


@dataclass(frozen=True)
class GeneratedData:
    """What :func:`generate` made (not yet written)."""

    audits: list[NewAudit]
    self_assessments: list[NewSelfAssessment]


def _stamp(day: date) -> str:
    return f"{day.isoformat()}T10:00:00.000000+00:00"


def _municipalities_by_era(
    municipalities: Sequence[Municipality],
) -> tuple[list[Municipality], list[Municipality]]:
    current = [m for m in municipalities if m.is_current]
    before = [m for m in municipalities if not m.is_current]
    before += [m for m in current if not m.predecessors]
    return before, current


def generate(
    n: int,
    *,
    seed: int = 2017,
    end_year: int = 2024,
    years: int = 10,
    municipalities: Sequence[Municipality] | None = None,
    checklists: Sequence[Checklist] | None = None,
    survey_share: float = 0.5,
    closed_by: date | None = None,
) -> GeneratedData:
    """Generate ``n`` audits over ``years`` years ending with ``end_year`` (pure, seeded).

    By default the data stops at 31 December of ``end_year``: recent audits are still in
    progress and recent violations still open. With ``closed_by`` the data is *history*:
    every audit has its final report, every violation is closed and every audit is
    closed on or before ``closed_by`` (the demo's synthetic history, so that
    ``tilsyn status`` shows no synthetic deadlines). ``closed_by`` must be at least
    1 March of the year after ``end_year`` (notices go up to October).
    """
    from tilsyn.audit.lifecycle import phase

    if closed_by is not None and closed_by < date(end_year + 1, 3, 1):
        raise ValueError(
            f"closed_by {closed_by} is too early for end_year {end_year}: "
            f"use {end_year + 1}-03-01 or later"
        )

    if municipalities is None:
        from tilsyn.municipalities import load_registry

        municipalities = load_registry().all()
    if checklists is None:
        from tilsyn.checklist import registry

        checklists = [e.checklist for _, e in sorted(registry.available().items())]
    rng = random.Random(seed)
    start_year = end_year - years + 1
    as_of = closed_by or date(end_year, 12, 31)
    before, current = _municipalities_by_era(sorted(municipalities, key=lambda m: m.number))
    skill = {m.number: rng.gauss(0.0, 1.0) for m in sorted(municipalities, key=lambda m: m.number)}
    base = {q.ref_id: rng.uniform(0.45, 0.8) for cl in checklists for _, _, q in cl.questions()}

    def p_yes(m: Municipality, q: str, year: int) -> float:
        """The chance that the municipality's practice on question q complies in year."""
        p = base[q] + 0.03 * (year - start_year) + 0.08 * skill[m.number]
        return min(0.98, max(0.1, p))

    def pick(year: int) -> Municipality:
        return rng.choice(before if year < REFORM_YEAR else current)

    def theme(year: int) -> Checklist:
        # Only checklists in force that year (individual plan from 2017, not in 2013);
        # years no shipped checklist covers fall back to all of them.
        valid = [
            cl
            for cl in checklists
            if cl.validity.valid_from.year <= year
            and (cl.validity.valid_to is None or year <= cl.validity.valid_to.year)
        ]
        pool = valid or list(checklists)
        return pool[rng.randrange(len(pool))]

    audits = []
    for i in range(n):
        year = start_year + (i * years) // max(n, 1)  # even spread over the years
        m = pick(year)
        cl = theme(year)
        audits.append(_audit(rng, m, cl, year, as_of, p_yes, phase, historic=closed_by is not None))
    surveys = []
    for _ in range(int(n * survey_share)):
        year = rng.randint(start_year, end_year)
        m = pick(year)
        cl = theme(year)
        surveys.append(_self_assessment(rng, m, cl, year, p_yes))
    return GeneratedData(audits, surveys)


def _self_assessment(
    rng: random.Random,
    m: Municipality,
    cl: Checklist,
    year: int,
    p_yes: Callable[[Municipality, str, int], float],
    complies: dict[str, bool] | None = None,
) -> NewSelfAssessment:
    answers = []
    for _, _, q in cl.questions():
        ok = complies[q.ref_id] if complies is not None else rng.random() < p_yes(m, q.ref_id, year)
        # Municipalities think better of themselves than auditors find: half of those
        # whose practice does not comply still answer yes.
        yes = rng.random() < (0.95 if ok else 0.5)
        answers.append((q.ref_id, "ja" if yes else "nei"))
    return NewSelfAssessment(
        municipality_number=m.number,
        municipality_name=m.name,
        county=m.county,
        checklist=cl,
        year=year,
        status="levert",
        created_at=_stamp(date(year, 2, 1)),
        answers=tuple(answers),
    )


def _audit(
    rng: random.Random,
    m: Municipality,
    cl: Checklist,
    year: int,
    as_of: date,
    p_yes: Callable[[Municipality, str, int], float],
    phase: Callable[[list[tuple[str, date]]], str],
    *,
    historic: bool = False,
) -> NewAudit:
    from tilsyn.reference import regime_on

    notice = date(year, 1, 15) + timedelta(days=rng.randrange(0, 260))
    plan = [
        ("varsel", 0),
        ("dokumentasjon", 21),
        ("apningsmote", 35),
        ("forelopig", 70),
        ("endelig", 110),
    ]
    events = [
        (kind, notice + timedelta(days=d))
        for kind, d in plan
        if notice + timedelta(days=d) <= as_of
    ]
    kinds = {k for k, _ in events}
    answers: list[tuple[str, str, str]] = []
    breaches: dict[str, list[bool]] = {}
    complies: dict[str, bool] = {}
    for _, _, q in cl.questions():
        people = ("",) if q.scope == "kommune" else SAMPLE
        ok = complies[q.ref_id] = rng.random() < p_yes(m, q.ref_id, year)
        for person in people:
            roll = rng.random()
            bad = roll < (0.02 if ok else 0.6)
            value = "ikke relevant" if roll > 0.98 else "nei" if bad else "ja"
            answers.append((q.ref_id, person, value))
            breaches.setdefault(q.ref_id, []).append(value == "nei")
    conclusions = []
    if "forelopig" in kinds:
        for req in cl.requirements():
            found = False
            for q in req.questions:
                marks = breaches[q.ref_id]
                if q.rule.type == "any":
                    found |= any(marks)
                else:
                    found |= bool(marks) and sum(marks) / len(marks) > q.rule.threshold
            outcome = req.breach if found else "ingen"
            conclusions.append((req.ref_id, outcome, outcome))
    violations = []
    # The kommunelov regime follows the notice date (kommuneloven 2018 kap. 30 from the
    # constituent meetings in October 2019); notices here are never in October 2019.
    regime = "kl2018" if regime_on(notice) != "kl1992" else "kl1992"
    final = dict(events).get("endelig")
    if final is not None:
        number = 0
        for req in cl.requirements():
            outcome = next(o for r, _, o in conclusions if r == req.ref_id)
            if outcome != "lovbrudd" or req.order is None:
                continue
            number += 1
            violations.append(_violation(rng, number, req, regime, final, as_of, historic=historic))
    closed = [v.closed_at for v in violations]
    if final is not None and all(closed):
        last = max([final, *(date.fromisoformat(c[:10]) for c in closed if c)])
        end = last + timedelta(days=7) if violations else final
        if end <= as_of:
            events.append(("avsluttet", end))
    sa = None
    if rng.random() < 0.8:
        sa = _self_assessment(rng, m, cl, year, p_yes, complies)
    return NewAudit(
        municipality_number=m.number,
        municipality_name=m.name,
        county=m.county,
        checklist=cl,
        title=f"Syntetisk: {cl.title} – {m.display_name}",
        regime=regime,
        status=phase(events),
        created_at=_stamp(notice - timedelta(days=14)),
        events=tuple(events),
        participants=SAMPLE,
        answers=tuple(answers),
        conclusions=tuple(conclusions),
        violations=tuple(violations),
        self_assessment=sa,
    )


def _violation(
    rng: random.Random,
    number: int,
    req: Requirement,
    regime: str,
    final: date,
    as_of: date,
    *,
    historic: bool = False,
) -> NewViolation:
    first = final + timedelta(weeks=8)
    moved = rng.random() < 0.2
    deadline = first + timedelta(weeks=4) if moved else first
    closed_day = deadline + timedelta(days=round(rng.gauss(-7, 21)))
    closed_day = max(closed_day, final + timedelta(days=14))
    if historic:  # everything is closed, a week before the audit is closed (as_of)
        closed_day = min(closed_day, as_of - timedelta(days=7))
    is_closed = closed_day <= as_of
    order = req.order
    assert order is not None  # synthetic violations are drawn from requirements with orders
    return NewViolation(
        number=number,
        requirement_ref=req.ref_id,
        title=req.title,
        order_text=order.text,
        regime=regime,
        plan_deadline=final + timedelta(weeks=4) if regime == "kl1992" else None,
        rectification_deadline=deadline,
        feedback_deadline=deadline,
        status="lukket" if is_closed else ("ny_frist" if moved else "apen"),
        created_at=_stamp(final),
        closed_at=_stamp(closed_day) if is_closed else None,
        first_deadline=first if moved else None,
        move_reason="Kommunen ba om lengre frist (syntetisk)." if moved else None,
        points=tuple((p.ref_id, p.text) for p in order.correction_points),
    )


def write_synthetic(
    store: Store,
    n: int,
    *,
    seed: int = 2017,
    end_year: int = 2024,
    years: int = 10,
    municipalities: Sequence[Municipality] | None = None,
    closed_by: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> GeneratedData:
    """Generate and write ``n`` audits (plus self-assessments) into ``store``.

    ``closed_by``: see :func:`generate`. ``progress(done, total)`` is called as audits
    are written.
    """
    data = generate(
        n,
        seed=seed,
        end_year=end_year,
        years=years,
        municipalities=municipalities,
        closed_by=closed_by,
    )
    store.stats.insert_synthetic(
        data.audits,
        data.self_assessments,
        progress=None if progress is None else (lambda k: progress(k, n)),
    )
    return data


MAX_SCALE = 100_000
"""The most synthetic audits `tilsyn demo --skala` makes (10 000 take about a minute)."""


def create_scale_workspace(
    folder: Path,
    n: int,
    *,
    seed: int = 2017,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[Workspace, GeneratedData]:
    """A fresh workspace in ``folder`` with ``n`` synthetic audits; returns (workspace,
    generated data). Refuses a folder that already holds a workspace."""
    from pathlib import Path

    from tilsyn.errors import UsageError, WorkspaceError
    from tilsyn.store import open_store
    from tilsyn.workspace import CONFIG_NAME, init_workspace

    if not 1 <= n <= MAX_SCALE:
        raise UsageError(
            f"--skala må være mellom 1 og {MAX_SCALE:,} tilsyn (fikk {n}).".replace(",", " ")
        )
    folder = Path(folder)
    if (folder / CONFIG_NAME).exists():
        raise WorkspaceError(
            f"{folder} er allerede et arbeidsområde. Velg en ny mappe for skaladataene "
            "(de skal ikke blandes med ekte tilsyn)."
        )
    ws = init_workspace(folder)
    store = open_store(ws.db_url(), user="syntetisk")
    try:
        data = write_synthetic(store, n, seed=seed, progress=progress)
    finally:
        store.engine.dispose()
    return ws, data


# --- a national history as files (the analyst's spreadsheets) ------------------------

HISTORY_COLUMNS = (
    "kommunenummer",
    "ar",
    "sjekkliste",
    "krav",
    "utfall",
    "kontor",
    "saksnummer",
    "endelig_dato",
    "lukket_dato",
)
SURVEY_COLUMNS = ("kommunenummer", "ar", "sporsmal", "svar", "forklaring")


@dataclass(frozen=True)
class NationalHistory:
    """Rows of a history file and a survey file (``tilsyn historikk importer``,
    ``tilsyn egenvurdering importer-svar``), as an analyst keeps them."""

    audits: list[dict[str, str]]
    surveys: list[dict[str, str]]


def national_history(
    *,
    seed: int = 2017,
    audits_per_year: tuple[tuple[int, int], ...] = ((2013, 30), (2014, 36), (2015, 34), (2016, 34)),
    violations: int = 144,
    survey_years: tuple[tuple[int, int], ...] = ((2013, 29), (2014, 32), (2016, 39)),
    survey_question: str = "A1.1",
) -> NationalHistory:
    """A seeded national history shaped like the figures in IMDi Sør's «Tall, tips og
    trender» (2017): by default 134 municipalities audited once each on
    helarig-fulltid in 2013–2016 (requirements A1, A2 and A3), 144 violations on A1 and
    A2, and a yearly survey of the 48 municipalities of Aust-Agder, Vest-Agder and
    Telemark (none in 2015) in which 29, 32 and 39 answered yes to ``survey_question``
    (60 %, 67 % and 81 %). Municipality numbers are those valid in each year. Synthetic:
    generated for tests, benchmarks and the README, not real results.
    """
    from tilsyn.reference import municipalities_on

    rng = random.Random(seed)
    used: set[str] = set()
    picked: list[tuple[int, object]] = []
    for year, count in audits_per_year:
        pool = [m for m in municipalities_on(date(year, 7, 1)) if m.number not in used]
        chosen = sorted(rng.sample(pool, count), key=lambda m: m.number)
        used.update(m.number for m in chosen)
        picked.extend((year, m) for m in chosen)
    slots = [(i, ref) for i in range(len(picked)) for ref in ("A1", "A2")]
    if not 0 <= violations <= len(slots):
        raise ValueError(f"violations must be between 0 and {len(slots)}")
    found = set(rng.sample(slots, violations))
    rows: list[dict[str, str]] = []
    for i, (year, m) in enumerate(picked):
        final = date(year, 3, 1) + timedelta(days=rng.randrange(0, 250))
        closed = final + timedelta(days=rng.randrange(20, 120))
        with_dates = rng.random() < 0.7
        for ref in ("A1", "A2", "A3"):
            if ref == "A3":
                outcome = "merknad" if rng.random() < 0.3 else "ingen"
            else:
                outcome = "lovbrudd" if (i, ref) in found else "ingen"
            rows.append(
                {
                    "kommunenummer": m.number,  # type: ignore[attr-defined]
                    "ar": str(year),
                    "sjekkliste": "helarig-fulltid",
                    "krav": ref,
                    "utfall": outcome,
                    "kontor": "",
                    "saksnummer": f"{year % 100:02d}/{1000 + i}",
                    "endelig_dato": final.isoformat() if with_dates else "",
                    "lukket_dato": closed.isoformat() if with_dates else "",
                }
            )
    surveys: list[dict[str, str]] = []
    for year, yes in survey_years:
        region = [
            m for m in municipalities_on(date(year, 7, 1)) if m.county_number in ("08", "09", "10")
        ]
        if not 0 <= yes <= len(region):
            raise ValueError(f"{year}: yes must be between 0 and {len(region)}")
        saying_yes = {m.number for m in rng.sample(region, yes)}
        for m in region:
            answer = "ja" if m.number in saying_yes else "nei"
            surveys.append(
                {
                    "kommunenummer": m.number,
                    "ar": str(year),
                    "sporsmal": survey_question,
                    "svar": answer,
                    "forklaring": "" if answer == "ja" else "Ikke tilbud i alle skoleferier.",
                }
            )
    return NationalHistory(rows, surveys)


def write_table_csv(rows: list[dict[str, str]], columns: Sequence[str], path: Path) -> None:
    """Write ``rows`` as a UTF-8 CSV with a heading row (for tests, benchmarks, README)."""
    import csv
    import io
    from pathlib import Path

    from tilsyn.files import NO_WORKSPACE, write_bytes

    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(columns))
    writer.writeheader()
    writer.writerows(rows)
    # Bytes: the CSV's own line ends are kept on Windows too.
    write_bytes(Path(path), buffer.getvalue().encode("utf-8"), rules=NO_WORKSPACE, what="CSV-filen")
