"""The office's register of violations across audits (`tilsyn lovbrudd eksporter`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tilsyn.audit import violation as states
from tilsyn.app.followup_views import appeal_text, overdue_kinds

if TYPE_CHECKING:
    from tilsyn.app.context import Session


REGISTER_COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("tilsyn", "Tilsyn", 8),
    ("kommunenr", "Kommunenr.", 11),
    ("kommune", "Kommune", 18),
    ("saksnummer", "Saksnummer", 13),
    ("sjekkliste", "Tema", 18),
    ("endelig", "Endelig rapport", 13),
    ("nummer", "Lovbrudd nr.", 10),
    ("krav", "Krav", 8),
    ("tittel", "Lovbrudd", 34),
    ("palegg", "Pålegg", 50),
    ("punkt", "Korreksjonspunkt", 14),
    ("punkt_tekst", "Hva skal rettes", 50),
    ("planfrist", "Frist plan for tiltak", 13),
    ("rettefrist", "Rettefrist", 13),
    ("tilbakemeldingsfrist", "Frist tilbakemelding", 13),
    ("status", "Status", 20),
    ("tilbakemelding", "Siste tilbakemelding", 13),
    ("vurdering", "Vurdering", 16),
    ("begrunnelse", "Begrunnelse", 40),
    ("vurdert", "Vurdert", 13),
    ("klage", "Klage", 30),
    ("lukket", "Lukket", 13),
    ("dager_over", "Dager over frist", 10),
)
"""The register's columns: key, header, width. Date columns hold dates."""


def register_rows(session: Session, *, today: date | None = None) -> list[dict[str, Any]]:
    """The office's register of violations: one row per correction point, across audits."""
    today = today or date.today()
    audits = {a.id: a for a in session.store.list_audits()}
    finals = session.store.final_report_dates()
    rows = []
    for v in session.store.violations():
        a = audits[v.audit_id]
        overdue = overdue_kinds(v, today)
        latest = max((f.received for f in v.feedback), default=None)
        for p in v.points:
            rows.append({
                "tilsyn": a.id, "kommunenr": a.municipality_number,
                "kommune": a.municipality_name, "saksnummer": a.case_number,
                "sjekkliste": a.checklist_id, "endelig": finals.get(a.id), "nummer": v.number,
                "krav": v.requirement_ref, "tittel": v.title, "palegg": v.order_text,
                "punkt": p.ref_id, "punkt_tekst": p.text, "planfrist": v.plan_deadline,
                "rettefrist": v.rectification_deadline,
                "tilbakemeldingsfrist": v.feedback_deadline,
                "status": states.label(v.status),
                "tilbakemelding": max((f.received for f in v.feedback
                                       if f.point_ref in (None, p.ref_id)), default=latest),
                "vurdering": states.POINT_OUTCOMES.get(p.assessment or "", None),
                "begrunnelse": p.assessment_reason,
                "vurdert": date.fromisoformat(p.assessed_at[:10]) if p.assessed_at else None,
                "klage": appeal_text(v),
                "lukket": date.fromisoformat(v.closed_at[:10]) if v.closed_at else None,
                "dager_over": max(((today - d).days for _, d in overdue), default=None),
            })
    return rows


def export_register(session: Session, output: Path, *, today: date | None = None) -> int:
    """Write the register workbook to ``output``; returns the number of rows."""
    from tilsyn.errors import UsageError
    from tilsyn.workbook.register import write_register

    output = Path(output)
    if output.suffix.lower() != ".xlsx":
        raise UsageError(f"Registeret skrives som Excel-fil; {output} må slutte på .xlsx.")
    today = today or date.today()
    rows = register_rows(session, today=today)
    office = session.workspace.config.office_for_year(today.year)
    write_register(rows, REGISTER_COLUMNS, output,
                   title=f"Lovbruddsregister – {office} – {today.isoformat()}")
    return len(rows)
