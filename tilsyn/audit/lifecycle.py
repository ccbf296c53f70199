"""The audit lifecycle (domain.md § 2): event types, their order, the phase they put an
audit in, and every deadline derived from them (:func:`derive_deadlines`).

Pure functions: the use cases call them inside the transaction that writes.
"""

from __future__ import annotations

from collections.abc import Sequence
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
    "palegg": "pålegg om retting sendt (kommuneloven 1992 § 60 d)",
    "avsluttet": "tilsynet avsluttet",
}
RANK = {name: i for i, name in enumerate(EVENTS)}
REPEATABLE = {"intervju", "dokumentasjon"}
# What must have happened before each event (beyond the date order). A final report
# with violations also needs the preliminary report (its advance notice, fvl. § 16):
# that depends on the findings and is checked by :func:`check_final`.
REQUIRES: dict[str, tuple[str, ...]] = {
    "dokumentasjon": ("varsel",),
    "formote": ("varsel",),
    "apningsmote": ("varsel",),
    "intervju": ("varsel",),
    "forelopig": ("varsel",),
    "uttalelse": ("forelopig",),
    "sluttmote": ("varsel",),
    "endelig": ("varsel",),
    "palegg": ("endelig",),
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
    "palegg": "endelig",
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


def check_event(kind: str, when: date, existing: Sequence[tuple[str, date]]) -> None:
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


def check_dates(kind: str, when: date, existing: Sequence[tuple[str, date]]) -> None:
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
_MILESTONES = {"varsel", "forelopig", "uttalelse", "endelig", "palegg", "avsluttet"}


def phase(existing: Sequence[tuple[str, date]]) -> str:
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
    order: date | None = None
    """kl. 1992 § 60 d: the rectification deadline of an order (pålegg) sent after the
    final report's deadline ran out (``weeks.rectification`` after the order)."""

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
    events: Sequence[tuple[str, date]],
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
    order = first.get(EventType.ORDER) if regime == Regime.KL1992 else None
    # The decision the appeal runs from: the final report's order chapter (kl. 2018), or
    # the separate order under kl. 1992 § 60 d.
    decided = decision or (order if regime == Regime.KL1992 else final)
    return Deadlines(
        process=tuple(_process_deadlines(first, weeks, calendar)),
        plan=plan,
        rectification=rectify,
        appeal=_add(decided, APPEAL_WEEKS, calendar) if decided else None,
        order=_add(order, weeks.rectification, calendar) if order else None,
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


# --- the rules that protect the municipality -------------------------------------------


def check_final(
    audit_id: int,
    existing: Sequence[tuple[str, date]],
    *,
    violations: int,
    unconcluded: list[str],
    action: str = "registreres",
) -> None:
    """A final report follows a preliminary report when it orders anything: the
    preliminary report is the advance notice of the order (forvaltningsloven § 16).
    Without violations the final report may follow the notice and the assessment
    directly, but only once every requirement in the audit is concluded."""
    if any(k == EventType.PRELIMINARY for k, _ in existing):
        return
    if violations:
        raise UsageError(
            f"Endelig rapport kan ikke {action} før foreløpig rapport: tilsyn {audit_id} har "
            f"{violations} lovbrudd, og den foreløpige rapporten er forhåndsvarselet om "
            "pålegg (forvaltningsloven § 16). Send foreløpig rapport først (tilsyn rapport "
            f"{audit_id} --type forelopig, så tilsyn hendelse {audit_id} forelopig --dato D)."
        )
    if unconcluded:
        raise UsageError(
            f"Endelig rapport uten foreløpig rapport er bare mulig når tilsynet ikke har funnet "
            f"lovbrudd, og i tilsyn {audit_id} mangler {', '.join(unconcluded)} konklusjon. "
            f"Konkluder kravene først (tilsyn konkluder {audit_id} --krav REF), eller avgrens "
            f"dem bort (tilsyn avgrens {audit_id} --krav REF --begrunnelse T)."
        )


def binding_problems(
    kind: str,
    when: date,
    existing: Sequence[tuple[str, date]],
    deadlines: Deadlines,
    *,
    comments_registered: bool,
    audit_id: int,
    action: str = "registreres",
) -> list[str]:
    """Steps taken on ``when`` before a deadline that protects the municipality has run out:

    - the final report before the deadline for comments on the preliminary report, when
      no comment is registered (the municipality must get its time to answer the advance
      notice, forvaltningsloven § 16);
    - the preliminary report (or a final report sent without one) before the deadline for
      documentation, when the documentation is not registered as received (the findings
      must rest on what the municipality was asked to send).

    Each text names the step, the date, the deadline and the ways forward. A reason
    (``--begrunnelse``, logged) lets the office go ahead all the same; the caller decides.
    """
    have = {k for k, _ in existing}
    step = {"forelopig": "Foreløpig rapport", "endelig": "Endelig rapport"}.get(kind)
    if step is None:
        return []
    out: list[str] = []
    reason = "oppgi en begrunnelse for å gå videre før fristen (--begrunnelse; logges)"
    comments = deadlines.get("uttalelse")
    if (
        kind == EventType.FINAL
        and comments is not None
        and (comments.done is None or comments.done > when)
        and not comments_registered
        and when <= comments.due
    ):
        out.append(
            f"{step} kan ikke {action} med dato {when.isoformat()}: kommunens frist for "
            f"uttalelse til foreløpig rapport (sendt {comments.start.isoformat()}) er "
            f"{comments.due.isoformat()}, og ingen uttalelse er registrert. Registrer "
            f"kommunens uttalelse (tilsyn uttalelse {audit_id} --tekst T, eller tilsyn "
            f"hendelse {audit_id} uttalelse --dato D når kommunen svarte uten innvendinger), "
            f"bruk en dato etter {comments.due.isoformat()}, eller {reason}."
        )
    documentation = deadlines.get("dokumentasjon")
    first_report = kind == EventType.PRELIMINARY or EventType.PRELIMINARY not in have
    if (
        first_report
        and documentation is not None
        and (documentation.done is None or documentation.done > when)
        and when <= documentation.due
    ):
        out.append(
            f"{step} kan ikke {action} med dato {when.isoformat()}: kommunens frist for "
            f"dokumentasjon (varsel sendt {documentation.start.isoformat()}) er "
            f"{documentation.due.isoformat()}, og dokumentasjonen er ikke registrert mottatt. "
            f"Registrer at den er mottatt (tilsyn hendelse {audit_id} dokumentasjon --dato D), "
            f"bruk en dato etter {documentation.due.isoformat()}, eller {reason}."
        )
    return out


# Deadlines the office sets, the event that sets them and the option that changes them.
_SET_BY: dict[str, tuple[tuple[str, str, str], ...]] = {
    "varsel": (("dokumentasjon", "frist for dokumentasjon", "--dokumentasjon-uker"),),
    "forelopig": (("uttalelse", "frist for uttalelse til foreløpig rapport", "--uttalelse-uker"),),
    "endelig": (
        ("plan", "frist for plan for tiltak", "--retting-uker"),
        ("retting", "frist for retting", "--retting-uker"),
    ),
    "palegg": (("palegg", "frist for retting i pålegget", "--retting-uker"),),
}


def deadlines_set_by(kind: str, deadlines: Deadlines) -> list[tuple[str, date, str]]:
    """The deadlines a document or event of ``kind`` sets: (label, due, option to change
    the number of weeks)."""
    found = {
        "dokumentasjon": (d.due if (d := deadlines.get("dokumentasjon")) else None),
        "uttalelse": (d.due if (d := deadlines.get("uttalelse")) else None),
        "plan": deadlines.plan,
        "retting": deadlines.rectification,
        "palegg": deadlines.order,
    }
    return [
        (label, due, option)
        for key, label, option in _SET_BY.get(kind, ())
        if (due := found[key]) is not None
    ]


def holiday_warning(label: str, due: date, option: str, audit_id: int) -> str | None:
    """A warning when a deadline lands in July (the common holiday) or between Christmas
    and New Year, when the municipality may be hard to reach."""
    from tilsyn.audit.calendar import format_date

    if due.month == 7:
        when = "i fellesferien (juli)"
    elif due.month == 12 and due.day >= 24:
        when = "i julen (mellom jul og nyttår)"
    else:
        return None
    return (
        f"{label.capitalize()} er {format_date(due)}, {when}. Vil kontoret gi en annen "
        f"frist, endre antall uker før dokumentet sendes (tilsyn endre {audit_id} {option} N)."
    )
