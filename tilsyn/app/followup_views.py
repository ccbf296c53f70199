"""Views of tracked violations: references, overdue deadlines, plain data for listings."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from tilsyn.errors import UsageError
from tilsyn.audit import violation as states
from tilsyn.audit.violation_records import ViolationRecord

if TYPE_CHECKING:
    from tilsyn.app.context import Session


def parse_reference(text: str, number: str | None = None) -> tuple[int, int]:
    """``"3/2"`` (or ``"3", "2"``) as (audit id, violation number)."""
    from tilsyn.app.context import parse_audit_id

    raw = str(text).strip()
    if number is None:
        if "/" not in raw:
            raise UsageError(f"«{text}» er ikke en lovbruddsreferanse; skriv TILSYN/NR, "
                             "f.eks. 3/1 (se tilsyn lovbrudd liste).")
        raw, number = raw.split("/", 1)
    try:
        n = int(str(number).strip())
    except ValueError:
        raise UsageError(f"«{number}» er ikke et lovbruddsnummer (et heltall).") from None
    if n <= 0:
        raise UsageError(f"«{number}» er ikke et lovbruddsnummer (et positivt heltall).")
    return parse_audit_id(raw), n


def appeal_text(v: ViolationRecord) -> str | None:
    """A short description of the pending (else latest) appeal, or None."""
    pending = v.pending_appeal
    if pending is not None:
        text = f"klage til behandling (mottatt {pending.received.isoformat()}"
        if pending.forwarded:
            text += f", oversendt {pending.forwarded.isoformat()}"
        return text + ")"
    if v.appeals:
        last = v.appeals[-1]
        return (f"klage avgjort {last.outcome_date.isoformat() if last.outcome_date else ''}: "
                f"{states.APPEAL_OUTCOMES.get(last.outcome or '', last.outcome)}")
    return None


def overdue_kinds(v: ViolationRecord, today: date) -> list[tuple[str, date]]:
    """Which of the violation's deadlines are overdue on ``today``: (kind, deadline)."""
    out: list[tuple[str, date]] = []
    if not states.is_open(v.status) or v.status == states.RECTIFIED:
        return out
    awaiting_feedback = v.status in (states.OPEN, states.NEW_DEADLINE, states.ESCALATED)
    if (v.plan_deadline is not None and v.status == states.OPEN and not v.feedback
            and today > v.plan_deadline):
        out.append(("planfrist", v.plan_deadline))
    if awaiting_feedback and today > v.feedback_deadline:
        out.append(("tilbakemeldingsfrist", v.feedback_deadline))
    if today > v.rectification_deadline and v.status != states.FEEDBACK and not (
            awaiting_feedback and v.feedback_deadline == v.rectification_deadline):
        out.append(("rettefrist", v.rectification_deadline))
    return out


def violation_dict(v: ViolationRecord, audit: Any, *, today: date) -> dict[str, Any]:
    """One violation as plain data (the --json of liste and vis)."""
    overdue = overdue_kinds(v, today)
    return {
        "ref": f"{v.audit_id}/{v.number}",
        "tilsyn": v.audit_id, "nummer": v.number,
        "kommune": {"nummer": audit.municipality_number, "navn": audit.municipality_name},
        "saksnummer": audit.case_number,
        "krav": v.requirement_ref, "tittel": v.title, "palegg": v.order_text,
        "regime": v.regime,
        "planfrist": v.plan_deadline, "rettefrist": v.rectification_deadline,
        "tilbakemeldingsfrist": v.feedback_deadline,
        "status": v.status, "status_tekst": states.label(v.status),
        "status_begrunnelse": v.status_reason,
        "lukket_tid": v.closed_at,
        "forfalt": [{"frist": k, "dato": d, "dager_over": (today - d).days}
                    for k, d in overdue],
        "klage": appeal_text(v),
        "klage_til_behandling": v.pending_appeal is not None,
        "korreksjonspunkter": [{"ref": p.ref_id, "tekst": p.text, "vurdering": p.assessment,
                                "begrunnelse": p.assessment_reason,
                                "vurdert_tid": p.assessed_at, "vurdert_av": p.assessed_by}
                               for p in v.points],
        "tilbakemeldinger": [{"mottatt": f.received, "punkt": f.point_ref, "tekst": f.text,
                              "dokumenter": list(f.document_refs)} for f in v.feedback],
        "fristendringer": [{"fra": c.old_deadline, "til": c.new_deadline,
                            "begrunnelse": c.reason, "av": c.created_by,
                            "tid": c.created_at} for c in v.deadline_changes],
        "klager": [{"mottatt": a.received, "oversendt": a.forwarded, "utfall": a.outcome,
                    "utfallsdato": a.outcome_date, "notat": a.note} for a in v.appeals],
    }


def list_violations(session: Session, *, open_only: bool = False, overdue: bool = False,
                    municipality: str | None = None, audit_id: int | None = None,
                    today: date | None = None) -> list[dict[str, Any]]:
    """Tracked violations across audits, filtered (the `tilsyn lovbrudd liste` rows)."""
    from tilsyn.text import fold

    today = today or date.today()
    audits = {a.id: a for a in session.store.list_audits()}
    out = []
    for v in session.store.violations(audit_id):
        a = audits[v.audit_id]
        if open_only and not states.is_open(v.status):
            continue
        if municipality and not (a.municipality_number == municipality.strip().zfill(4)
                                 or fold(municipality) in fold(a.municipality_name)):
            continue
        d = violation_dict(v, a, today=today)
        if overdue and not d["forfalt"]:
            continue
        out.append(d)
    return out


def show_violation(session: Session, audit_id: int, number: int, *,
                   today: date | None = None) -> dict[str, Any]:
    """One violation with its full history."""
    v = session.store.violation(audit_id, number)
    return violation_dict(v, session.store.get_audit(audit_id), today=today or date.today())



def orders_overview(session: Session, audit_id: int, *,
                    today: date | None = None) -> list[dict[str, Any]]:
    """The audit's tracked orders in short (the ``palegg`` part of `tilsyn vis ID`):
    status, deadlines, what is overdue and any appeal (a pending one is flagged)."""
    today = today or date.today()
    out = []
    for v in session.store.violations(audit_id):
        out.append({
            "ref": f"{v.audit_id}/{v.number}", "nummer": v.number,
            "krav": v.requirement_ref, "tittel": v.title,
            "status": v.status, "status_tekst": states.label(v.status),
            "rettefrist": v.rectification_deadline.isoformat(),
            "tilbakemeldingsfrist": v.feedback_deadline.isoformat(),
            "forfalt": [{"frist": k, "dato": d.isoformat(), "dager_over": (today - d).days}
                        for k, d in overdue_kinds(v, today)],
            "klage": appeal_text(v),
            "klage_til_behandling": v.pending_appeal is not None,
        })
    return out


def order_lines(orders: list[dict[str, Any]]) -> list[str]:
    """``orders_overview`` as lines of text for people."""
    lines = []
    for o in orders:
        text = (f"  {o['ref']} {o['krav']} {o['tittel']}: {o['status_tekst']}, rettefrist "
                f"{o['rettefrist']}")
        for f in o["forfalt"]:
            text += f"; FORFALT {f['frist']} {f['dato']} ({f['dager_over']} dager)"
        if o["klage"]:
            text += f" – {o['klage']}"
        lines.append(text)
    return lines
