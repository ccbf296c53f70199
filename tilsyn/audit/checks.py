"""Computed checks that propose an answer to a control question from plain facts.

A checklist question names one of these in ``computed_check`` (see
docs/sjekklisteformat.md): ``fulltid`` (weekly hours from a timetable), ``helarig``
(holiday within five weeks) and ``planfrist`` (individual plan adopted within three
months). The functions are pure and exact (``fractions.Fraction``); the auditor still
decides, the result only proposes ``ja`` or ``nei`` with a Norwegian explanation.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal, get_args

from tilsyn.errors import UsageError

if TYPE_CHECKING:
    from tilsyn.audit.models import AuditView

ActivityKind = Literal["norsk", "samfunnskunnskap", "annet"]
ProposedAnswer = Literal["ja", "nei"]

LESSON_MINUTES = 45
"""A lesson (undervisningstime) is 45 minutes of clock time."""
WEIGHTED_LESSON_MINUTES = 75
"""A 45-minute lesson of Norwegian or social studies counts 75 minutes (preparation)."""
FULL_TIME_MINUTES = 2250
"""37.5 hours a week."""
REDUCED_FULL_TIME_MINUTES = 1800
"""30 hours a week, where the activities demand substantial own work."""
HOLIDAY_DAYS = 25
"""Five weeks of holiday, counted in working days, for a full programme year."""
YEAR_DAYS = 365

_WEIGHTED_KINDS = frozenset({"norsk", "samfunnskunnskap"})
_KINDS: tuple[str, ...] = get_args(ActivityKind)

CHECKS: dict[str, str] = {
    "fulltid": (
        "Fulltid: timeplanen gir minst 37,5 timer per uke (30 timer når aktivitetene krever "
        "betydelig egeninnsats); en undervisningstime på 45 minutter i norsk eller "
        "samfunnskunnskap teller 75 minutter (ved 30-timersnormen 45 minutter, så "
        "forberedelsen ikke telles to ganger; verktøyets valg)."
    ),
    "helarig": (
        "Helårig: høyst fem uker (25 virkedager) ferie i løpet av et programår; for program "
        "kortere enn ett år bruker verktøyet som sin konvensjon 25 × programdager / 365."
    ),
    "planfrist": (
        "Planfrist: individuell plan vedtatt senest tre måneder etter bosetting i kommunen "
        "eller etter krav om deltakelse."
    ),
}
"""Computed checks by the name used in a checklist's ``computed_check``, for display."""


# --- formatting helpers -------------------------------------------------------------


def _tenths(value: Fraction) -> str:
    """Format with one decimal and a decimal comma, rounding *down*.

    Rounding down keeps the text consistent with the verdict: a programme of 37.49
    hours is shown as 37,4 and never as the 37,5 it fails to reach.
    """
    tenths = value.numerator * 10 // value.denominator
    whole, frac = divmod(tenths, 10)
    return f"{whole},{frac}"


def _number(value: Fraction) -> str:
    """Format a whole number without decimals, otherwise with one (rounded down)."""
    if value.denominator == 1:
        return str(value.numerator)
    return _tenths(value)


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


_MONTH_NAMES = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)
_MONTH_WORDS = {
    1: "én måned",
    2: "to måneder",
    3: "tre måneder",
    4: "fire måneder",
    5: "fem måneder",
    6: "seks måneder",
}


def _date(d: date) -> str:
    return f"{d.day}. {_MONTH_NAMES[d.month - 1]} {d.year}"


def _months(n: int) -> str:
    return _MONTH_WORDS.get(n, f"{n} måneder")


# --- fulltid ----------------------------------------------------------------------


@dataclass(frozen=True)
class Activity:
    """One activity in a typical week of a participant's programme.

    ``lessons`` are 45-minute lessons; ``minutes`` are clock minutes. For Norwegian
    and social studies both count 75/45 (a 45-minute lesson counts 75 minutes);
    other activities count clock time.
    """

    name: str
    kind: ActivityKind
    minutes: int = 0
    lessons: int = 0

    def __post_init__(self) -> None:
        if self.kind not in _KINDS:
            raise UsageError(
                f"«{self.kind}» er ikke en gyldig aktivitetstype (gyldige: {', '.join(_KINDS)})."
            )
        if self.minutes < 0 or self.lessons < 0:
            raise UsageError(f"Aktiviteten «{self.name}» kan ikke ha negativ tid.")

    @property
    def counted_minutes(self) -> Fraction:
        """Minutes this activity counts towards full time (lessons weighted 75/45)."""
        return self.counted(weighted=True)

    def counted(self, *, weighted: bool) -> Fraction:
        """Minutes this activity counts; ``weighted``: a lesson of Norwegian or social
        studies counts 75 minutes, else clock time."""
        clock = Fraction(self.minutes + self.lessons * LESSON_MINUTES)
        if weighted and self.kind in _WEIGHTED_KINDS:
            return clock * WEIGHTED_LESSON_MINUTES / LESSON_MINUTES
        return clock


@dataclass(frozen=True)
class FullTimeResult:
    """The full-time check for one week's timetable."""

    counted_minutes: Fraction
    required_minutes: int
    ok: bool
    answer: ProposedAnswer
    explanation: str


def full_time(
    activities: list[Activity],
    *,
    substantial_own_work: bool = False,
    weighted_at_reduced_norm: bool = False,
) -> FullTimeResult:
    """Check that a week's activities amount to full time (introduksjonsloven § 4 annet ledd).

    Full time is 37.5 hours a week, or 30 hours when the activities demand substantial
    own work (``substantial_own_work``). A 45-minute lesson of Norwegian or social studies
    counts 75 minutes, the extra 30 minutes being preparation (IMDi). No source says
    whether that also holds under the 30-hour norm, which exists because the activities
    demand own work: the tool's choice is not to count preparation twice. Under the
    30-hour norm lessons count 45 minutes, and the programme also passes when it reaches
    37.5 hours with lessons at 75 minutes (so the 30-hour norm is never stricter).
    ``weighted_at_reduced_norm`` gives the other reading (75 minutes against 30 hours).
    The explanation says which rule decided.
    """
    weighted = sum((a.counted(weighted=True) for a in activities), Fraction(0))
    if not substantial_own_work:
        return _verdict(weighted, FULL_TIME_MINUTES, "")
    has_lessons = any(a.kind in _WEIGHTED_KINDS for a in activities)
    reason = " fordi aktivitetene krever betydelig egeninnsats"
    if weighted_at_reduced_norm or not has_lessons:
        note = (
            " (undervisningstimer i norsk og samfunnskunnskap er regnet som 75 minutter)"
            if has_lessons
            else ""
        )
        return _verdict(weighted, REDUCED_FULL_TIME_MINUTES, reason + note)
    clock = sum((a.counted(weighted=False) for a in activities), Fraction(0))
    note = (
        " (undervisningstimer i norsk og samfunnskunnskap er regnet som 45 minutter, fordi "
        "30-timersnormen allerede tar hensyn til for- og etterarbeid; verktøyets valg)"
    )
    result = _verdict(clock, REDUCED_FULL_TIME_MINUTES, reason + note)
    if result.ok or weighted < FULL_TIME_MINUTES:
        return result
    return FullTimeResult(
        counted_minutes=weighted,
        required_minutes=FULL_TIME_MINUTES,
        ok=True,
        answer="ja",
        explanation=(
            f"Programmet utgjør {_number(weighted / 60)} timer per uke med 75 minutter per "
            "undervisningstime i norsk og samfunnskunnskap, og oppfyller kravet på 37,5 timer "
            f"(med 45 minutter per undervisningstime er det {_number(clock / 60)} timer, under "
            "30-timersnormen)."
        ),
    )


def _verdict(counted: Fraction, required: int, detail: str) -> FullTimeResult:
    ok = counted >= required
    text = (
        f"Programmet utgjør {_number(counted / 60)} timer per uke etter reglene; "
        f"kravet er {_number(Fraction(required, 60))} timer{detail}"
    )
    if ok:
        text += "."
    else:
        missing = -((counted - required) // 1)  # whole minutes, rounded up
        text += f". Det mangler {_plural(int(missing), 'minutt', 'minutter')} per uke."
    return FullTimeResult(
        counted_minutes=counted,
        required_minutes=required,
        ok=ok,
        answer="ja" if ok else "nei",
        explanation=text,
    )


# --- helårig ----------------------------------------------------------------------


@dataclass(frozen=True)
class FullYearResult:
    """The full-year check for one participant's holiday."""

    holiday_days: int
    allowed_days: Fraction
    ok: bool
    answer: ProposedAnswer
    explanation: str


def allowed_holiday(programme_days: int | None = None) -> Fraction:
    """Holiday allowed (working days): 25 for a full year, pro rata for a shorter programme."""
    if programme_days is None or programme_days >= YEAR_DAYS:
        return Fraction(HOLIDAY_DAYS)
    if programme_days <= 0:
        raise UsageError(f"Programmets lengde må være minst én dag, ikke {programme_days}.")
    return Fraction(HOLIDAY_DAYS * programme_days, YEAR_DAYS)


def full_year(holiday_days: int, *, programme_days: int | None = None) -> FullYearResult:
    """Check that holiday without activity stays within five weeks (25 working days).

    ``holiday_days`` are working days without programme activity in the programme year
    (including school holidays not filled with other activity); ``programme_days`` is the
    programme's length in calendar days when shorter than a year.
    """
    if holiday_days < 0:
        raise UsageError(f"Antall feriedager kan ikke være negativt ({holiday_days}).")
    allowed = allowed_holiday(programme_days)
    ok = holiday_days <= allowed
    if programme_days is None or programme_days >= YEAR_DAYS:
        basis = "for et helt programår"
    else:
        basis = (
            f"for et program på {_plural(programme_days, 'dag', 'dager')} "
            f"(verktøyets konvensjon: 25 × {programme_days}/{YEAR_DAYS})"
        )
    text = (
        f"Deltakeren har {_plural(holiday_days, 'virkedag', 'virkedager')} ferie uten aktivitet; "
        f"høyst {_number(allowed)} er tillatt {basis}."
    )
    return FullYearResult(
        holiday_days=holiday_days,
        allowed_days=allowed,
        ok=ok,
        answer="ja" if ok else "nei",
        explanation=text,
    )


# --- planfrist --------------------------------------------------------------------


def add_months(d: date, months: int) -> date:
    """Add calendar months, clamping to the month's last day (30 Nov + 3 → 28/29 Feb)."""
    index = d.year * 12 + (d.month - 1) + months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(d.day, last))


@dataclass(frozen=True)
class PlanDeadlineResult:
    """The three-month check for one participant's individual plan.

    ``ok`` and ``answer`` are ``None`` when no decision is made and the deadline has
    not yet passed (nothing to conclude yet).
    """

    deadline: date
    ok: bool | None
    days_late: int
    answer: ProposedAnswer | None
    explanation: str


def plan_deadline(
    start: date,
    decision: date | None,
    *,
    months: int = 3,
    today: date | None = None,
) -> PlanDeadlineResult:
    """Check that the individual plan was adopted within ``months`` of ``start``.

    ``start`` is the date of settlement in the municipality or of the claim to
    participate; ``decision`` the date of the decision (vedtak) adopting the plan.
    Without a decision the check compares with ``today`` (default: the system date).
    """
    if months < 1:
        raise UsageError(f"Fristen må være minst én måned, ikke {months}.")
    deadline = add_months(start, months)
    rule = f"{_months(months)} etter {_date(start)}"
    if decision is not None:
        if decision < start:
            raise UsageError(
                f"Vedtaksdatoen {_date(decision)} er før startdatoen {_date(start)}. "
                "Sjekk datoene (start er bosetting eller krav om deltakelse)."
            )
        late = max(0, (decision - deadline).days)
        if late == 0:
            text = (
                f"Planen ble vedtatt {_date(decision)}, innen fristen {_date(deadline)} ({rule})."
            )
        else:
            text = (
                f"Planen ble vedtatt {_date(decision)}, {_plural(late, 'dag', 'dager')} etter "
                f"fristen {_date(deadline)} ({rule})."
            )
        return PlanDeadlineResult(
            deadline=deadline,
            ok=late == 0,
            days_late=late,
            answer="ja" if late == 0 else "nei",
            explanation=text,
        )
    today = today or date.today()
    late = max(0, (today - deadline).days)
    if late:
        text = (
            f"Det er ikke fattet vedtak om individuell plan, og fristen {_date(deadline)} "
            f"({rule}) er overskredet med {_plural(late, 'dag', 'dager')}."
        )
        return PlanDeadlineResult(deadline, False, late, "nei", text)
    text = (
        "Det er ikke fattet vedtak om individuell plan ennå; "
        f"fristen er {_date(deadline)} ({rule})."
    )
    return PlanDeadlineResult(deadline, None, 0, None, text)


# --- proposals for an audit's answers ---------------------------------------------


@dataclass(frozen=True)
class Proposal:
    """An answer proposed by a computed check, with its explanation."""

    question_ref: str
    participant: str
    answer: str | None
    note: str


def timetable_activities(rows: list[dict[str, Any]]) -> list[Activity]:
    """A stored timetable (rows of aktivitet, type, minutter, leksjoner) as activities."""
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
    today: date,
    holiday_days: int | None = None,
    programme_days: int | None = None,
    extra_data: dict[str, Any] | None = None,
) -> Proposal | None:
    """Run the question's computed check on the inputs known for this slot
    (``extra_data`` overrides the stored facts of the file, e.g. a new timetable)."""
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
        from tilsyn.audit.calendar import EARLIEST, LATEST

        try:
            start = date.fromisoformat(start_text)
            decided = date.fromisoformat(decision) if decision else None
        except (TypeError, ValueError):
            return None  # a stored fact that is not a date: nothing to compute from
        if not all(EARLIEST <= d <= LATEST for d in (start, decided or start)):
            return None  # a date outside the sane range (stored before it was checked)
        r = plan_deadline(start, decided, today=today)
        return Proposal(q.ref_id, participant, r.answer, r.explanation)
    if q.computed_check == "fulltid":
        rows = data.get("timeplan")
        if not rows:
            return None
        week = full_time(
            timetable_activities(rows),
            substantial_own_work=bool(data.get("betydelig_egeninnsats")),
        )
        return Proposal(q.ref_id, participant, week.answer, week.explanation)
    if q.computed_check == "helarig":
        days = holiday_days if holiday_days is not None else data.get("feriedager")
        if days is None:
            return None
        length = programme_days if programme_days is not None else data.get("programdager")
        year = full_year(int(days), programme_days=int(length) if length else None)
        return Proposal(q.ref_id, participant, year.answer, year.explanation)
    return None
