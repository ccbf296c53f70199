"""The audit lifecycle (domain.md § 2): event types, their order, the phase they put an
audit in, and every deadline derived from them (:func:`derive_deadlines`).

Pure functions: the use cases call them inside the transaction that writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from tilsyn.audit.values import EventType, Regime
from tilsyn.errors import UsageError

if TYPE_CHECKING:
    from tilsyn.audit.calendar import Calendar

# Event types in process order, with their Norwegian label.
EVENTS: dict[str, str] = {
    "varsel": "varsel om tilsyn sendt",
    "dokumentasjon": "dokumentasjon mottatt",
    "formote": "formøte",
    "apningsmote": "åpningsmøte",
    "intervju": "intervju",
    "forelopig": "foreløpig rapport sendt",
    "uttalelse": "kommunens uttalelse mottatt",
    "sluttmote": "sluttmøte",
    "endelig": "endelig rapport sendt",
    "avsluttet": "tilsynet avsluttet",
}
RANK = {name: i for i, name in enumerate(EVENTS)}
REPEATABLE = {"intervju", "dokumentasjon"}
# What must have happened before each event (beyond the date order).
REQUIRES: dict[str, tuple[str, ...]] = {
    "dokumentasjon": ("varsel",),
    "formote": ("varsel",),
    "apningsmote": ("varsel",),
    "intervju": ("varsel",),
    "forelopig": ("varsel",),
    "uttalelse": ("forelopig",),
    "sluttmote": ("forelopig",),
    "endelig": ("forelopig",),
    "avsluttet": ("endelig",),
}
# The phase an audit is in after each event (for `tilsyn liste --status`).
PHASE_AFTER = {
    "varsel": "varslet",
    "dokumentasjon": "varslet",
    "formote": "varslet",
    "apningsmote": "gjennomforing",
    "intervju": "gjennomforing",
    "forelopig": "forelopig",
    "uttalelse": "forelopig",
    "sluttmote": "forelopig",
    "endelig": "endelig",
    "avsluttet": "avsluttet",
}
PHASES = {
    "planlagt": "planlagt",
    "varslet": "varslet",
    "gjennomforing": "gjennomføring",
    "forelopig": "foreløpig rapport",
    "endelig": "endelig rapport (oppfølging)",
    "avsluttet": "avsluttet",
}


def event_type(value: str) -> str:
    """Canonical event type from what the user typed (æøå spellings accepted)."""
    from tilsyn.text import choose

    # fold() maps ø→o and å→a, so "foreløpig" and "åpningsmøte" match their ASCII names.
    return choose(value, list(EVENTS), what="hendelsestype")


def check_event(kind: str, when: date, existing: list[tuple[str, date]]) -> None:
    """Refuse an event that cannot happen given the events already recorded."""
    have = {k for k, _ in existing}
    if kind in have and kind not in REPEATABLE:
        raise UsageError(
            f"Hendelsen «{kind}» ({EVENTS[kind]}) er allerede registrert. "
            "Bruk --korriger for å rette datoen."
        )
    missing = [r for r in REQUIRES.get(kind, ()) if r not in have]
    if missing:
        need = ", ".join(f"«{m}» ({EVENTS[m]})" for m in missing)
        raise UsageError(f"Kan ikke registrere «{kind}» ({EVENTS[kind]}) før {need} er registrert.")
    check_dates(kind, when, existing)


def check_dates(kind: str, when: date, existing: list[tuple[str, date]]) -> None:
    """Refuse a date that puts the process out of order (e.g. final report before notice)."""
    for other, other_date in existing:
        if other == kind:
            continue
        if RANK[other] < RANK[kind] and other in _MILESTONES and other_date > when:
            raise UsageError(
                f"Datoen {when.isoformat()} for «{kind}» ({EVENTS[kind]}) er før "
                f"«{other}» ({EVENTS[other]}) {other_date.isoformat()}. Rekkefølgen må følge "
                "tilsynsprosessen."
            )
        if RANK[other] > RANK[kind] and kind in _MILESTONES and other_date < when:
            raise UsageError(
                f"Datoen {when.isoformat()} for «{kind}» ({EVENTS[kind]}) er etter "
                f"«{other}» ({EVENTS[other]}) {other_date.isoformat()}. Rekkefølgen må følge "
                "tilsynsprosessen."
            )


# Steps whose dates order the whole process; meetings and interviews may fall anywhere
# between the notice and the preliminary report.
_MILESTONES = {"varsel", "forelopig", "uttalelse", "endelig", "avsluttet"}


def phase(existing: list[tuple[str, date]]) -> str:
    """The audit's phase from its events."""
    if not existing:
        return "planlagt"
    last = max(existing, key=lambda e: (RANK[e[0]], e[1]))
    return PHASE_AFTER[last[0]]


@dataclass(frozen=True)
class Deadline:
    """A deadline that follows from an event."""

    key: str
    label: str
    start: date
    due: date
    done: date | None
    moved_from: date | None
    superseded: date | None = None  # the process moved on (next report) without it

    def state(self, today: date) -> str:
        """overholdt, overskredet (met late), ikke_mottatt (the process moved on without
        it), forfalt (not met, passed), apen (not yet due)."""
        if self.done is not None:
            return "overholdt" if self.done <= self.due else "overskredet"
        if self.superseded is not None:
            return "ikke_mottatt"
        return "forfalt" if today > self.due else "apen"


@dataclass(frozen=True)
class DeadlineWeeks:
    """The office's deadlines in weeks (tilsyn.toml, overridden per audit)."""

    documentation: int
    """For documentation after the notice."""
    comments: int
    """For the municipality's comments after the preliminary report."""
    rectification: int
    """For rectification after the final report (kl. 1992: for the plan of measures;
    rectification then gets twice as long)."""


APPEAL_WEEKS = 3
"""Appeal deadline, forvaltningsloven § 29: three weeks from receipt of the decision."""


@dataclass(frozen=True)
class Deadlines:
    """Every deadline that follows from an audit's events."""

    process: tuple[Deadline, ...]
    """Documentation after the notice, comments after the preliminary report."""
    plan: date | None
    """kl. 1992: the plan of measures after the final report."""
    rectification: date | None
    """Rectification after the final report (None before a final report date is known)."""
    appeal: date | None
    """Three weeks after the decision's date (the appeal runs from receipt)."""

    def get(self, key: str) -> Deadline | None:
        return next((d for d in self.process if d.key == key), None)


def order_deadlines(
    final: date, *, regime: str, weeks: int, calendar: Calendar
) -> tuple[date | None, date]:
    """The plan-of-measures deadline (kl. 1992 only) and the rectification deadline of
    the orders in a final report dated ``final``.

    Under kommuneloven 1992 the municipality first gets ``weeks`` for a plan of
    measures, then twice that to rectify (domain.md § 2); under kommuneloven 2018
    ``weeks`` to rectify.
    """
    from tilsyn.audit.calendar import add_weeks

    if regime == Regime.KL1992:
        return add_weeks(final, weeks, calendar), add_weeks(final, 2 * weeks, calendar)
    return None, add_weeks(final, weeks, calendar)


def derive_deadlines(
    events: list[tuple[str, date]],
    weeks: DeadlineWeeks,
    calendar: Calendar,
    *,
    regime: str,
    assumed: dict[str, date] | None = None,
    decision: date | None = None,
) -> Deadlines:
    """Every deadline derived from the events (calendar weeks, moved to the next working
    day). ``assumed`` adds event dates not recorded yet (a document being written for a
    date decides the deadlines it states); ``decision`` is the date of the decision the
    appeal deadline counts from (default: the final report)."""
    first: dict[str, date] = {}
    for k, d in sorted(events, key=lambda e: e[1]):
        first.setdefault(k, d)
    for k, d in (assumed or {}).items():
        first.setdefault(k, d)
    final = first.get(EventType.FINAL)
    plan, rectify = (
        order_deadlines(final, regime=regime, weeks=weeks.rectification, calendar=calendar)
        if final
        else (None, None)
    )
    return Deadlines(
        process=tuple(_process_deadlines(first, weeks, calendar)),
        plan=plan,
        rectification=rectify,
        appeal=_add(decision or final, APPEAL_WEEKS, calendar) if (decision or final) else None,
    )


def _add(start: date, weeks: int, calendar: Calendar) -> date:
    from tilsyn.audit.calendar import add_weeks

    return add_weeks(start, weeks, calendar)


def _process_deadlines(
    first: dict[str, date], weeks: DeadlineWeeks, calendar: Calendar
) -> list[Deadline]:
    from datetime import timedelta

    from tilsyn.audit.calendar import shifted

    documentation_weeks, comment_weeks = weeks.documentation, weeks.comments
    out = []
    for key, start_kind, done_kind, next_kind, n_weeks, label in (
        (
            "dokumentasjon",
            "varsel",
            "dokumentasjon",
            "forelopig",
            documentation_weeks,
            "frist for dokumentasjon",
        ),
        (
            "uttalelse",
            "forelopig",
            "uttalelse",
            "endelig",
            comment_weeks,
            "frist for uttalelse til foreløpig rapport",
        ),
    ):
        if start_kind in first:
            start = first[start_kind]
            due = _add(start, n_weeks, calendar)
            plain = shifted(start, timedelta(weeks=n_weeks))
            out.append(
                Deadline(
                    key,
                    label,
                    start,
                    due,
                    first.get(done_kind),
                    plain if plain != due else None,
                    first.get(next_kind),
                )
            )
    return out


def event_to_correct(kind: str, events: list[tuple[int, str, date]]) -> tuple[int, date]:
    """The newest recorded event of ``kind`` (its id and date), for ``--korriger``."""
    same = [(i, d) for i, k, d in events if k == kind]
    if not same:
        raise UsageError(
            f"Det finnes ingen «{kind}»-hendelse å korrigere; registrer den uten --korriger."
        )
    return same[-1]
