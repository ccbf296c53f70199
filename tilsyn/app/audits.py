"""Use cases of an audit: creating and changing it, its events (with what follows from
them), the register of received documents, interviews and the municipality's comments,
and the overview of one audit or all of them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tilsyn.audit import lifecycle
from tilsyn.audit.calendar import check_span
from tilsyn.audit.values import EventType, Regime
from tilsyn.errors import NotFoundError, UsageError
from tilsyn.text import choose, fold, guard_text, required_text

if TYPE_CHECKING:
    from tilsyn.app.context import AppContext
    from tilsyn.audit.lifecycle import Deadline
    from tilsyn.audit.models import (
        Audit,
        AuditView,
        Comment,
        DocumentVersion,
        Event,
        Interview,
        LogEntry,
        ReceivedDocument,
    )
    from tilsyn.audit.scoring import Progress, RequirementResult
    from tilsyn.audit.violation import Violation
    from tilsyn.checklist.model import Checklist
    from tilsyn.stats.calibration import CaseCalibration

REGIMES = [Regime.KL2018, Regime.KL1992]


def create_audit(
    ctx: AppContext,
    *,
    municipality: str,
    checklist: str,
    case_number: str | None,
    lead: str | None,
    auditors: list[str],
    title: str | None,
    notice: date | None = None,
    regime: str | None = None,
    reason: str | None = None,
    transitional: bool = False,
    letter: dict[str, Any] | None = None,
) -> Audit:
    """Create an audit of one municipality on one checklist, pinned to its version.

    ``letter`` holds what the letters need that only the auditor knows (see
    :func:`letter_details`): ``postal_address``, ``attention``, ``their_reference``,
    ``copy_to``.

    With ``notice`` (the planned notice date) everything is checked against that date:
    the municipality number must be valid then, the checklist must apply then (or
    ``transitional`` under a transitional rule that covers it), and the kommunelov regime
    follows from it (:func:`tilsyn.audit.legal.choose_regime`: October 2019, or a
    ``regime`` that contradicts the date, needs a ``reason``). Without it the checks wait
    for the notice (:func:`record_event`); the regime is provisional until then unless
    chosen with a reason.
    """
    from tilsyn.app.legal import check_checklist_date
    from tilsyn.audit.legal import choose_regime
    from tilsyn.reference import county_name, lineage, municipality_on

    cl = ctx.checklist(checklist)
    chosen = choose(regime, REGIMES, what="regime") if regime else None
    reason = guard_text(reason, where="--begrunnelse", max_length=2000)
    details = {k: v for k, v in letter_details(**(letter or {})).items() if v}
    if notice is not None:
        m = municipality_on(municipality, notice)
        check_checklist_date(ctx, cl, notice, transitional_ok=transitional, what="varseldatoen")
        fixed, why = choose_regime(chosen, reason, notice)
    else:
        m = lineage(municipality).periods[-1]
        if chosen is not None and not reason:
            raise UsageError(
                "Regelverket følger av varseldatoen. Oppgi --varseldato, eller --begrunnelse "
                f"«…» for å velge {chosen} uten dato (valget logges)."
            )
        fixed, why = (Regime(chosen), reason) if chosen else (_provisional_regime(), None)
    if transitional and notice is not None and cl.validity.covers(notice):
        transitional = False  # inside the period: no transitional rule is used
    # The default title heads every document: in the municipality's language form.
    language = "nynorsk" if ctx.language_form(m.number) == "nynorsk" else "bokmal"
    default = f"{cl.text_in('title', language)} – {m.name} kommune"
    title = guard_text(title, where="--tittel", max_length=300) or default
    return ctx.store.audits.create(
        municipality_number=m.number,
        municipality_name=m.name,
        county=county_name(m.number),
        checklist=cl,
        title=title,
        case_number=guard_text(case_number, where="--saksnummer", max_length=100),
        lead=guard_text(lead, where="--tilsynsleder", max_length=200),
        auditors=[
            a for a in (guard_text(x, where="--revisor", max_length=200) for x in auditors) if a
        ],
        regime=fixed,
        notice_planned=notice,
        regime_reason=why,
        transitional=transitional,
        letter=details,
    )


MAX_COPIES = 20
"""The most recipients of copies («Kopi til») an audit can have."""
_POSTCODE = re.compile(r"^\d{4}\s+\S")


def check_postal_address(value: str | None) -> str | None:
    """A municipality's postal address as stored: its lines joined by «; ». Lines are
    separated by «;» or line breaks, and «, » before the postcode also starts a line
    («Postboks 4, 4685 Nodeland»). The last line must be postcode and place; an empty
    value is None (cleared)."""
    text = guard_text(value, where="--postadresse", max_length=300)
    if text is None:
        return None
    lines = []
    for part in re.split(r"[;\n]", text):
        lines += [x.strip() for x in re.split(r",\s*(?=\d{4}\s)", part) if x.strip()]
    if not lines or not _POSTCODE.match(lines[-1]):
        raise UsageError(
            f"--postadresse «{text}»: adressen skal slutte med postnummer og poststed, for "
            "eksempel «Postboks 4, 4685 Nodeland» eller «Rådhusgata 2; 4611 Kristiansand S». "
            "Ingenting ble lagret."
        )
    return "; ".join(lines)


def letter_details(
    *,
    postal_address: str | None = None,
    attention: str | None = None,
    their_reference: str | None = None,
    copy_to: Sequence[str] | None = None,
) -> dict[str, Any]:
    """The letter details of an audit as the store keeps them, checked: the given ones
    only (None: not given; an empty text clears a value, an empty list the copies)."""
    out: dict[str, Any] = {}
    if postal_address is not None:
        out["recipient_address"] = check_postal_address(postal_address)
    if attention is not None:
        text = guard_text(attention, where="--adressat-ved", max_length=100)
        if text is not None:
            text = re.sub(r"^v\s*/\s*", "", text, flags=re.IGNORECASE).strip() or None
        out["recipient_attention"] = text
    if their_reference is not None:
        out["their_reference"] = guard_text(their_reference, where="--deres-ref", max_length=100)
    if copy_to is not None:
        copies = [
            c
            for n, x in enumerate(copy_to, start=1)
            if (c := guard_text(x, where=f"--kopi-til nr. {n}", max_length=300))
        ]
        if len(copies) > MAX_COPIES:
            raise UsageError(
                f"--kopi-til er gitt {len(copies)} ganger; høyst {MAX_COPIES} mottakere av kopi "
                "er tillatt. Ingenting ble lagret."
            )
        out["copy_to"] = copies
    return out


def _provisional_regime() -> Regime:
    """The regime of an audit without a notice date until the notice is recorded."""
    from tilsyn.audit.legal import regime_on

    derived = regime_on(date.today())
    return Regime.KL2018 if derived == "uncertain" else Regime(derived)


def update_audit(ctx: AppContext, audit_id: int, **changes: Any) -> Audit:
    """Change audit details; ``None`` values are left as they are.

    A new ``regime`` is checked against the notice date (recorded, else planned) like at
    creation: it needs ``reason`` when it contradicts the date or the date is in October
    2019, and the reason is stored and logged.
    """
    values: dict[str, Any] = {}
    limits = {"case_number": 100, "title": 300, "lead": 200}
    options = {"case_number": "--saksnummer", "title": "--tittel", "lead": "--tilsynsleder"}
    for key in ("case_number", "title", "lead"):
        if changes.get(key) is not None:
            values[key] = guard_text(changes[key], where=options[key], max_length=limits[key])
    if changes.get("auditors") is not None:
        values["auditors"] = [
            a
            for a in (guard_text(x, where="--revisor", max_length=200) for x in changes["auditors"])
            if a
        ]
    reason = guard_text(changes.get("reason"), where="--begrunnelse", max_length=2000)
    if changes.get("regime") is not None:
        from tilsyn.audit.legal import choose_regime

        chosen = choose(changes["regime"], REGIMES, what="regime")
        audit, events = ctx.store.audits.events(audit_id)
        day = next((e.date for e in events if e.type == EventType.NOTICE), audit.notice_planned)
        if day is not None:
            regime, why = choose_regime(chosen, reason, day)
        elif reason:
            regime, why = Regime(chosen), reason
        else:
            raise UsageError(
                "Tilsynet har ingen varseldato ennå, og regelverket følger av den. Oppgi "
                f"--begrunnelse «…» for å velge {chosen} nå (valget logges)."
            )
        values["regime"] = regime
        values["regime_reason"] = why
    elif reason:
        raise UsageError("--begrunnelse brukes bare sammen med --regime.")
    letter = changes.get("letter")
    if letter:
        values.update(letter_details(**letter))
    for key in ("documentation_weeks", "comment_weeks", "rectification_weeks"):
        weeks = changes.get(key)
        if weeks is not None:
            if not 1 <= weeks <= 52:
                raise UsageError(f"En frist må være mellom 1 og 52 uker (fikk {weeks}).")
            values[key] = weeks
    if not values:
        raise UsageError("Ingenting å endre: oppgi minst ett valg (se tilsyn endre --help).")
    return ctx.store.audits.update(audit_id, **values)


def notice_changes(
    ctx: AppContext, audit: Audit, checklist: Checklist, when: date
) -> dict[str, Any]:
    """Check a notice dated ``when`` and return the audit fields it fixes.

    The municipality number must be valid on the date (refused naming the number valid
    then), the checklist must apply (or the audit uses a transitional rule that covers
    the date), and the regime follows from the date unless the office chose it with a
    reason; October 2019 without such a choice is refused.
    """
    from tilsyn.app.legal import check_checklist_date
    from tilsyn.audit.legal import regime_on
    from tilsyn.reference import county_name, municipality_on

    m = municipality_on(audit.municipality_number, when)
    check_checklist_date(
        ctx, checklist, when, transitional_ok=audit.transitional, what="varseldatoen"
    )
    changes: dict[str, Any] = {}
    if not audit.regime_reason:
        derived = regime_on(when)
        if derived == "uncertain":
            raise UsageError(
                f"Varseldatoen {when.isoformat()} er i oktober 2019, da kommuneloven 2018 "
                "kapittel 30 gjaldt fra kommunens eget konstituerende møte. Velg regelverk "
                f"først: tilsyn endre {audit.id} --regime kl1992 eller kl2018 --begrunnelse "
                "«…» (for eksempel datoen for møtet). Ingenting ble registrert."
            )
        if derived != audit.regime:
            changes["regime"] = Regime(derived)
    if m.name != audit.municipality_name:
        changes["municipality_name"] = m.name
    if county_name(m.number) != audit.county:
        changes["county"] = county_name(m.number)
    return changes


# --- events ---------------------------------------------------------------------------


@dataclass(frozen=True)
class EventResult:
    """What recording an event did."""

    event: Event
    opened: tuple[Violation, ...] = ()
    """Orders opened by the final report."""
    sent: DocumentVersion | None = None
    """The document frozen as sent."""
    warnings: tuple[str, ...] = ()
    """What the office should know: deadlines in the holidays, a document still to make."""
    completed: bool = False
    """The event was already recorded with this date; what was missing is now done (a
    rerun after an interrupted command)."""


def record_event(
    ctx: AppContext,
    audit_id: int,
    kind: str,
    when: date,
    *,
    note: str | None = None,
    correct: bool = False,
    reason: str | None = None,
) -> EventResult:
    """Record a lifecycle event and what follows from it, all in one transaction:

    - ``varsel``/``forelopig``/``endelig``/``avsluttet``/``palegg``: the newest produced
      document of that kind is frozen as sent (:func:`tilsyn.app.documents.mark_sent`);
    - ``endelig``: every confirmed violation becomes a tracked order; with violations the
      preliminary report must have been sent (fvl. § 16), and before the deadline for the
      municipality's comments only with comments registered or a ``reason``;
    - ``forelopig`` (and ``endelig`` without it): before the documentation deadline only
      with the documentation received or a ``reason``;
    - ``palegg`` (kl. 1992 § 60 d only): after the rectification deadline of an order that
      is still open; the orders it covers get the order's deadline;
    - ``avsluttet``: refused while an order is not closed.

    Recording an event again with the same date completes what an interrupted run left
    undone (``completed``); ``correct`` changes the date and completes the same way.
    A refusal names the step, the date, the deadline and the way forward; nothing is stored.
    """
    kind = lifecycle.event_type(kind)
    note = guard_text(note, where="--notat", max_length=2000)
    reason = guard_text(reason, where="--begrunnelse", max_length=2000)
    store = ctx.store
    with store.transaction() as conn:
        audit, events = store.audits.events(audit_id, conn=conn, lock=True)
        correcting = None
        if correct:
            event_id, _ = lifecycle.event_to_correct(kind, [(e.id, e.type, e.date) for e in events])
            correcting = next(e for e in events if e.id == event_id)
        # A corrected date is measured against the other events only: a mistyped year must
        # stay correctable.
        check_span(when, [e.date for e in events if e is not correcting], what=f"«{kind}» (--dato)")
        changes: dict[str, Any] = {}
        if kind == EventType.NOTICE:
            changes = notice_changes(
                ctx, audit, store.audits.checklist_of(audit_id, conn=conn), when
            )
        if correcting is not None:
            target = correcting
            others = [(e.type, e.date) for e in events if e.id != event_id]
            lifecycle.check_dates(kind, when, others)
            if target.date != when:
                _check_deadlines(ctx, audit, kind, when, others, reason, conn)
            event = store.audits.correct_event(
                audit_id,
                target,
                when,
                note=note,
                phase=lifecycle.phase([*others, (kind, when)]),
                reason=reason,
                fixes=changes,
                conn=conn,
            )
            return _consequences(ctx, audit, event, conn, corrected=target.date != when)
        same = next((e for e in events if e.type == kind and e.date == when), None)
        if same is not None and kind not in lifecycle.REPEATABLE:
            return _consequences(ctx, audit, same, conn, completed=True)
        pairs = [(e.type, e.date) for e in events]
        if kind == EventType.CLOSED:
            from tilsyn.app.followup import check_closable

            check_closable(audit_id, store.violations.all(audit_id, conn=conn))
        lifecycle.check_event(kind, when, pairs)
        _check_step(ctx, audit, kind, when, pairs, reason, conn)
        event = store.audits.add_event(
            audit_id,
            kind,
            when,
            note=note,
            phase=lifecycle.phase([*pairs, (kind, when)]),
            reason=reason,
            fixes=changes,
            conn=conn,
        )
        return _consequences(ctx, audit, event, conn)


def _check_step(
    ctx: AppContext,
    audit: Audit,
    kind: str,
    when: date,
    pairs: Sequence[tuple[str, date]],
    reason: str | None,
    conn: Any,
) -> None:
    """The rules of the procedure for a new event (raise: nothing is stored)."""
    from tilsyn.audit import plan

    store = ctx.store
    aid = audit.id
    if kind == EventType.ORDER:
        if audit.regime != Regime.KL1992:
            raise UsageError(
                "Under kommuneloven 2018 er vedtaket om pålegg kapittel 8 i den endelige "
                "rapporten (§ 30-4); det er ett vedtak med én klagefrist, og ikke noe eget "
                f"pålegg å registrere. Følg opp påleggene med tilsyn lovbrudd (tilsyn {aid})."
            )
        final = next((d for k, d in pairs if k == EventType.FINAL), None)
        plan.check_order_letter(
            aid,
            regime=audit.regime,
            final=final,
            violations=store.violations.all(aid, conn=conn),
            when=when,
            action="registreres",
        )
    if kind not in (EventType.PRELIMINARY, EventType.FINAL):
        return
    view = store.audits.view(aid, conn=conn)
    if kind == EventType.FINAL:
        planned = plan.plan_violations(
            view, when, weeks=ctx.weeks(audit).rectification, calendar=ctx.calendar
        )
        lifecycle.check_final(
            aid, pairs, violations=len(planned), unconcluded=plan.unconcluded(view)
        )
    _check_deadlines(ctx, audit, kind, when, pairs, reason, conn, view=view)


def _check_deadlines(
    ctx: AppContext,
    audit: Audit,
    kind: str,
    when: date,
    pairs: Sequence[tuple[str, date]],
    reason: str | None,
    conn: Any,
    *,
    view: AuditView | None = None,
) -> None:
    """Refuse a report dated before a deadline that protects the municipality, unless a
    reason is given (it is logged with the event)."""
    if kind not in (EventType.PRELIMINARY, EventType.FINAL) or reason:
        return
    view = view or ctx.store.audits.view(audit.id, conn=conn)
    deadlines = lifecycle.derive_deadlines(
        pairs, ctx.weeks(audit), ctx.calendar, regime=audit.regime
    )
    problems = lifecycle.binding_problems(
        kind,
        when,
        pairs,
        deadlines,
        comments_registered=bool(view.comments),
        audit_id=audit.id,
    )
    if problems:
        raise UsageError(problems[0], details=[f"  {p}" for p in problems[1:]])


def _consequences(
    ctx: AppContext,
    audit: Audit,
    event: Event,
    conn: Any,
    *,
    completed: bool = False,
    corrected: bool = False,
) -> EventResult:
    """What follows from an event recorded on ``event.date`` (idempotent: what is already
    done is left as it is): orders opened, the order's deadlines set, the sent document
    frozen; and the warnings the office should see."""
    from tilsyn.app.documents import KINDS, SENT_ON, mark_sent
    from tilsyn.app.followup import apply_order, open_violations

    store = ctx.store
    kind, when = event.type, event.date
    warnings: list[str] = []
    opened: list[Violation] = []
    if kind == EventType.FINAL:
        already = store.violations.all(audit.id, conn=conn)
        opened = open_violations(ctx, audit.id, when, conn=conn)
        if corrected and already:
            warnings.append(
                "Påleggene var allerede åpnet med frister regnet fra den gamle datoen, og de "
                "beholder dem; endre en frist med tilsyn lovbrudd ny-frist."
            )
    if kind == EventType.ORDER:
        apply_order(ctx, audit.id, when, conn=conn)
    sent = mark_sent(ctx, audit.id, SENT_ON[kind], when, conn=conn) if kind in SENT_ON else None
    if kind in SENT_ON and sent is None:
        doc = SENT_ON[kind]
        warnings.append(
            f"{KINDS[doc].capitalize()} er ikke laget med tilsyn ennå, så ingen sendt kopi er "
            f"tatt vare på. Lag dokumentet (tilsyn rapport {audit.id} --type {doc} --dato "
            f"{when.isoformat()}) og registrer det som sendt med tilsyn hendelse {audit.id} "
            f"{kind} --dato {when.isoformat()} --korriger."
        )
    events = [(e.type, e.date) for e in store.audits.events(audit.id, conn=conn)[1]]
    deadlines = lifecycle.derive_deadlines(
        events, ctx.weeks(audit), ctx.calendar, regime=audit.regime
    )
    for label, due, option in lifecycle.deadlines_set_by(kind, deadlines):
        w = lifecycle.holiday_warning(label, due, option, audit.id)
        if w:
            warnings.append(w)
    return EventResult(event, tuple(opened), sent, tuple(warnings), completed)


# --- evidence -------------------------------------------------------------------------


def register_document(
    ctx: AppContext,
    audit_id: int,
    *,
    title: str,
    when: date | None,
    kind: str | None,
    path: Path | None,
) -> ReceivedDocument:
    """Register a received document (its path and sha256 are stored, not the file)."""
    from tilsyn.files import sha256_file

    title = required_text(title, where="--tittel", what="Tittelen", max_length=300)
    digest = None
    stored_path = None
    if path is not None:
        path = Path(path)
        if not path.is_file():
            raise NotFoundError(f"Finner ikke filen {path}.")
        stored_path = guard_text(str(path.resolve()), where="--fil", max_length=1000)
        digest = sha256_file(path)
    return ctx.store.evidence.add_document(
        audit_id,
        title=title,
        when=when,
        kind=guard_text(kind, where="--type", max_length=100),
        path=stored_path,
        sha256=digest,
    )


def register_interview(
    ctx: AppContext,
    audit_id: int,
    *,
    role: str,
    when: date,
    name: str | None = None,
    note: str | None = None,
    people: int = 1,
) -> Interview:
    """Record an interview by role, with how many people took part (a group
    conversation is one interview with several people)."""
    if not 1 <= people <= 200:
        raise UsageError(
            f"--antall er antall personer i intervjuet og må være mellom 1 og 200 (fikk {people})."
        )
    return ctx.store.evidence.add_interview(
        audit_id,
        role=required_text(role, where="--rolle", what="Rollen", max_length=200),
        when=when,
        name=guard_text(name, where="--navn", max_length=200),
        note=guard_text(note, where="--notat"),
        people=people,
    )


def register_comment(
    ctx: AppContext, audit_id: int, *, text: str, requirement: str | None, response: str | None
) -> Comment:
    """Record the municipality's comment (uttalelse) on the preliminary report."""
    store = ctx.store
    with store.transaction() as conn:
        _, events = store.audits.events(audit_id, conn=conn, lock=True)
        if not any(e.type == EventType.PRELIMINARY for e in events):
            raise UsageError(
                "Kommunens uttalelse kan først registreres når foreløpig rapport er sendt "
                f"(tilsyn hendelse {audit_id} forelopig)."
            )
        ref = None
        if requirement:
            ref = (
                store.audits.checklist_of(audit_id, conn=conn)
                .requirement_by_ref(requirement)
                .ref_id
            )
        return store.evidence.add_comment(
            audit_id,
            text=required_text(text, where="--tekst", what="Uttalelsen"),
            requirement_ref=ref,
            response=guard_text(response, where="--vurdering"),
            conn=conn,
        )


def resolve_document_numbers(view: AuditView, numbers: list[str]) -> tuple[int, ...]:
    """Document numbers typed as sources, checked against the register."""
    known = {d.number for d in view.documents}
    out = []
    for n in numbers:
        try:
            value = int(str(n).strip().lstrip("#"))
        except ValueError:
            raise UsageError(f"«{n}» er ikke et dokumentnummer (se tilsyn vis).") from None
        if value not in known:
            raise NotFoundError(
                f"Dokument nr. {value} finnes ikke i dokumentregisteret til tilsyn "
                f"{view.audit.id} (registrer det med tilsyn dokument)."
            )
        out.append(value)
    return tuple(out)


# --- overviews ------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditSummary:
    """Everything `tilsyn vis` shows about one audit."""

    view: AuditView
    deadlines: tuple[Deadline, ...]
    progress: Progress
    results: tuple[RequirementResult, ...]
    violations: tuple[Violation, ...]
    today: date
    calibration: CaseCalibration | None = None
    """The municipality's self-assessment that year beside the findings."""
    source: dict[str, Any] | None = None
    """Where imported history came from (file, rows, office); None for other audits."""
    integrity: tuple[str, ...] = ()
    """Sent copies that are missing or changed since they were sent (re-checked each time)."""


def summarize(ctx: AppContext, audit_id: int, *, today: date | None = None) -> AuditSummary:
    """The audit with its deadlines, progress, proposed conclusions and orders, and the
    sent copies whose checksum no longer matches."""
    from tilsyn.app.documents import changed_sent_copies
    from tilsyn.audit import scoring

    view = ctx.store.audits.view(audit_id)
    people = [p.pseudonym for p in view.participants()]
    deadlines = lifecycle.derive_deadlines(
        [(e.type, e.date) for e in view.events],
        ctx.weeks(view.audit),
        ctx.calendar,
        regime=view.audit.regime,
    )
    assessed = view.assessed_checklist  # without requirements scoped out of the audit
    progress = scoring.progress(
        assessed, len(people), scoring.assessed_answers(assessed, view.answers, people)
    )
    from tilsyn.app.statistics import audit_calibration

    results = tuple(scoring.score_audit(assessed, view.answers, people))
    return AuditSummary(
        view=view,
        deadlines=deadlines.process,
        progress=progress,
        results=results,
        violations=tuple(ctx.store.violations.all(audit_id)),
        today=today or date.today(),
        calibration=audit_calibration(ctx, view, results),
        source=ctx.store.stats.history_import(audit_id) if view.audit.origin else None,
        integrity=tuple(changed_sent_copies(ctx, audit_id)),
    )


@dataclass(frozen=True)
class AuditListRow:
    """One row of `tilsyn liste`."""

    audit: Audit
    year: int
    progress: Progress
    deadlines: tuple[Deadline, ...]


def list_audits(
    ctx: AppContext,
    *,
    status: str | None = None,
    municipality: str | None = None,
    year: int | None = None,
    checklist: str | None = None,
) -> list[AuditListRow]:
    """Audits matching the filters, with progress and deadlines, in a fixed number of
    queries (it stays fast with thousands of audits)."""
    from tilsyn.audit import scoring
    from tilsyn.audit.scope import without

    if status:
        status = choose(status, lifecycle.PHASES, what="status")
    rows = []
    for o in ctx.store.audits.overview():
        a = o.audit
        if status and a.status != status:
            continue
        if municipality and not (
            a.municipality_number == municipality.zfill(4)
            or fold(municipality) in fold(a.municipality_name)
        ):
            continue
        if checklist and fold(checklist) != fold(a.checklist_id):
            continue
        notice = next((d for k, d in o.events if k == EventType.NOTICE), None)
        audit_year = notice.year if notice else a.year or int(a.created_at[:4])
        if year and audit_year != year:
            continue
        in_scope = without(o.checklist, o.scoped)
        assessed_values = scoring.assessed_values(in_scope)
        assessed = sum(n for value, n in o.answer_counts.items() if value in assessed_values)
        found = lifecycle.derive_deadlines(
            list(o.events), ctx.weeks(a), ctx.calendar, regime=a.regime
        )
        rows.append(
            AuditListRow(
                audit=a,
                year=audit_year,
                progress=scoring.progress(in_scope, o.sampled, assessed),
                deadlines=found.process,
            )
        )
    return rows


def audit_log(
    ctx: AppContext, audit_id: int, *, verify: bool = False
) -> tuple[Audit, list[LogEntry], list[str]]:
    """The audit's change log, and (with ``verify``) every problem found: broken links or
    hashes in the chain, entries missing from its end (the anchor stored with the audit),
    rows that differ from what the log says (:func:`tilsyn.audit.replay.replay`), and sent
    copies that are missing or changed."""
    from tilsyn.app.documents import changed_sent_copies
    from tilsyn.audit.logchain import check_anchor
    from tilsyn.audit.replay import replay
    from tilsyn.store.base import audit_chain

    audit = ctx.store.audits.get(audit_id)
    chain = audit_chain(audit.uid)
    entries = ctx.store.log.entries(chain)
    problems: list[str] = []
    if verify:
        problems = ctx.store.log.verify(chain)
        count, head = ctx.store.log.anchor(audit.uid)
        problems += check_anchor([{"hash": e.hash} for e in entries], count, head)
        problems += replay(
            [{"action": e.action, "entity": e.entity, "old": e.old, "new": e.new} for e in entries],
            ctx.store.log.case_rows(audit_id),
        )
        problems += changed_sent_copies(ctx, audit_id)
    return audit, entries, problems
