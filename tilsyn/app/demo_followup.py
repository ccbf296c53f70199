"""The follow-up part of `tilsyn demo`: from the final report to closed orders, the
office dashboard and the register of violations."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING

from tilsyn.app import audits

if TYPE_CHECKING:
    from tilsyn.app.demo import DemoContext
    from tilsyn.app.followup import Dashboard

FORELOPIG = date(2017, 5, 2)
ENDELIG = date(2017, 6, 1)


def status_lines(d: Dashboard) -> Iterator[str]:
    """The dashboard as plain lines."""
    from tilsyn.app.followup import KIND_LABELS
    from tilsyn.audit.lifecycle import PHASES

    yield f"Status per {d.today.isoformat()}:"
    for phase, rows in d.phases.items():
        if rows:
            ids = ", ".join(str(a.id) for a, _ in rows)
            yield f"  {PHASES.get(phase, phase)}: {len(rows)} (tilsyn {ids})"
    for items, title, upcoming in (
        (d.upcoming, f"Frister de neste {d.days} dagene", True),
        (d.overdue, "Forfalt", False),
    ):
        yield f"  {title}:" + ("" if items else " ingen")
        for i in items:
            ref = f"{i.audit.id}/{i.violation}" if i.violation else str(i.audit.id)
            days = abs(i.days_left(d.today))
            yield (
                f"    {ref} {i.audit.municipality_name}: {KIND_LABELS[i.kind]} "
                f"{i.due.isoformat()} ({days} dager {'igjen' if upcoming else 'over'})"
            )


def demo_step(ctx: DemoContext) -> Iterator[str]:
    """Follow the demo audit's violations to closure; show status and write the register."""
    from tilsyn.app import followup as service
    from tilsyn.app.documents import produce_document
    from tilsyn.app.followup import dashboard, export_register
    from tilsyn.audit.calendar import add_weeks, format_date

    s, aid = ctx.app, ctx.audit_id
    view = s.store.audits.view(aid)
    if view.event_date("forelopig") is None:
        audits.record_event(s, aid, "forelopig", FORELOPIG)
    final = view.event_date("endelig")
    if final is None:
        final = ENDELIG
        audits.record_event(s, aid, "endelig", final)
    violations = service.open_violations(s, aid, final)
    # Under kommuneloven 1992 § 60 d the final report states violations with deadlines;
    # an order (pålegg) only follows if they are not rectified.
    word = "lovbrudd" if s.store.audits.get(aid).regime == "kl1992" else "pålegg"
    yield (
        f"Endelig rapport {format_date(final)}: {len(violations)} {word} følges opp "
        f"(rettefrist {format_date(violations[0].rectification_deadline)})"
        if violations
        else "Endelig rapport: ingen lovbrudd å følge opp."
    )
    if not violations:
        return
    received = final + timedelta(days=20)
    insufficient = violations[-1] if len(violations) > 1 else None
    for v in violations:
        service.record_feedback(
            s,
            aid,
            v.number,
            received=received,
            text=f"Kommunen har gått gjennom praksisen sin for krav {v.requirement_ref} "
            f"(«{v.title}») og lagt ved ny rutine og eksempler på vedtak.",
            documents=[f"tilbakemelding-{v.number}"],
        )
        if v is insufficient:
            first, *rest = v.points
            service.assess(
                s,
                aid,
                v.number,
                points=[first.ref_id],
                outcome="rettet",
                reason="Den nye rutinen dekker kravet.",
            )
            for p in rest:
                service.assess(
                    s,
                    aid,
                    v.number,
                    points=[p.ref_id],
                    outcome="ikke-tilstrekkelig",
                    reason="Tilbakemeldingen viser ikke at praksis er endret.",
                )
            if v.regime != "kl1992":
                due = add_weeks(max(ctx.today, received), 2, s.calendar)
                service.new_deadline(
                    s,
                    aid,
                    v.number,
                    due=due,
                    reason="Ny frist etter tilbakemelding som ikke var tilstrekkelig.",
                )
                yield (
                    f"  {word.capitalize()} {v.number} ({v.requirement_ref}): ikke "
                    f"tilstrekkelig for {', '.join(p.ref_id for p in rest)}; ny frist "
                    f"{format_date(due)}"
                )
                continue
            # Kommuneloven 1992 § 60 d: the order comes only once the deadline in the
            # final report has run out without rectification.
            missed = v.rectification_deadline
            order_day = missed + timedelta(days=19)
            r = produce_document(s, aid, "palegg", report_date=order_day)
            audits.record_event(s, aid, "palegg", order_day)
            due = s.store.violations.get(aid, v.number).rectification_deadline
            yield (
                f"  {word.capitalize()} {v.number} ({v.requirement_ref}): ikke tilstrekkelig "
                f"for {', '.join(p.ref_id for p in rest)}; fristen {format_date(missed)} gikk ut"
            )
            yield (
                f"  palegg v{r.version} ({r.malform}): pålegg om retting etter kommuneloven "
                f"(1992) § 60 d {format_date(order_day)}, ny frist {format_date(due)} — sendt"
            )
        else:
            service.assess(
                s,
                aid,
                v.number,
                points=None,
                outcome="rettet",
                reason="Ny rutine og vedtak i deltakermappene sannsynliggjør "
                "at lovbruddet er rettet.",
            )
            service.close(s, aid, v.number, closed_on=received + timedelta(days=7))
            yield (
                f"  {word.capitalize()} {v.number} ({v.requirement_ref}): retting "
                "sannsynliggjort, lukket"
            )
    today = max(ctx.today, received + timedelta(days=1))
    yield from status_lines(dashboard(s, today=today, days=14))
    path = ctx.folder / "lovbruddsregister.xlsx"
    n = export_register(s, path, today=today)
    yield f"Lovbruddsregister: {path} ({n} korreksjonspunkter)"
