"""The audit lifecycle (domain.md § 2): event types, their order and the derived deadlines.

Pure functions: the store calls them before it writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tilsyn.errors import UsageError

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


def deadlines(
    existing: list[tuple[str, date]],
    *,
    documentation_weeks: int,
    comment_weeks: int,
    calendar,
) -> list[Deadline]:
    """Deadlines derived from events: documentation after the notice, comments after the
    preliminary report (calendar weeks; moved to the next working day)."""
    from datetime import timedelta

    from tilsyn.audit.calendar import add_weeks

    first = {}
    for k, d in sorted(existing, key=lambda e: e[1]):
        first.setdefault(k, d)
    out = []
    for key, start_kind, done_kind, next_kind, weeks, label in (
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
            due = add_weeks(start, weeks, calendar)
            plain = start + timedelta(weeks=weeks)
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
