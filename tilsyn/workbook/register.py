"""The office's register of violations as an Excel workbook (`tilsyn lovbrudd eksporter`).

One row per correction point; dates are real Excel dates; the header row is frozen and
has an autofilter; columns have sensible widths. User text is never written as a formula.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tilsyn.audit import violation as states
from tilsyn.files import OutputRules, write_file
from tilsyn.text import clean_text
from tilsyn.workbook.style import cell_text

if TYPE_CHECKING:
    from tilsyn.audit.models import Audit
    from tilsyn.audit.violation import Violation

SHEET = "Lovbrudd"
HEADER_FILL = "1F3864"
DATE_FORMAT = "DD.MM.YYYY"


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


def register_rows(
    violations: Sequence[Violation],
    audits: Mapping[int, Audit],
    finals: Mapping[int, date],
    *,
    today: date,
) -> list[dict[str, Any]]:
    """The office's register of violations: one row per correction point, across audits."""
    rows = []
    for v in violations:
        assert v.audit_id is not None
        a = audits[v.audit_id]
        overdue = states.overdue(v, today)
        latest = max((f.received for f in v.feedback), default=None)
        for p in v.points:
            rows.append(
                {
                    "tilsyn": a.id,
                    "kommunenr": a.municipality_number,
                    "kommune": a.municipality_name,
                    "saksnummer": a.case_number,
                    "sjekkliste": a.checklist_id,
                    "endelig": finals.get(a.id),
                    "nummer": v.number,
                    "krav": v.requirement_ref,
                    "tittel": v.title,
                    "palegg": v.order_text,
                    "punkt": p.ref_id,
                    "punkt_tekst": p.text,
                    "planfrist": v.plan_deadline,
                    "rettefrist": v.rectification_deadline,
                    "tilbakemeldingsfrist": v.feedback_deadline,
                    "status": states.label(v.status or ""),
                    "tilbakemelding": max(
                        (f.received for f in v.feedback if f.point_ref in (None, p.ref_id)),
                        default=latest,
                    ),
                    "vurdering": states.POINT_OUTCOMES.get(p.assessment or "", None),
                    "begrunnelse": p.assessment_reason,
                    "vurdert": date.fromisoformat(p.assessed_at[:10]) if p.assessed_at else None,
                    "klage": states.appeal_text(v),
                    "lukket": v.closed_on,
                    "dager_over": max(((today - d).days for _, d in overdue), default=None),
                }
            )
    return rows


def write_register(
    rows: Sequence[dict[str, Any]],
    output: Path,
    *,
    title: str,
    rules: OutputRules,
    columns: Sequence[tuple[str, str, int]] = REGISTER_COLUMNS,
) -> Path:
    """Write the register to ``output`` (through the one output door)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    header_font = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
    for col, (_, label, width) in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=col, value=label)
        cell.font = header_font
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(col)].width = width
    top = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(rows, start=2):
        for col, (key, _, _) in enumerate(columns, start=1):
            value = row.get(key)
            cell = ws.cell(row=r, column=col)
            if isinstance(value, date):
                cell.value = value
                cell.number_format = DATE_FORMAT
            elif isinstance(value, int | float) and not isinstance(value, bool):
                cell.value = value
            elif value is None or value == "":
                cell.value = None
            else:
                cell.value = cell_text(cell, value)  # refused, never cut, when too long
                cell.data_type = "s"  # never a formula, even when text starts with '='
            cell.alignment = top
    ws.freeze_panes = "A2"
    last = get_column_letter(len(columns))
    ws.auto_filter.ref = f"A1:{last}{max(len(rows) + 1, 1)}"
    ws.row_dimensions[1].height = 30
    ws.page_setup.orientation = "landscape"
    ws.print_title_rows = "1:1"
    wb.properties.title = clean_text(title)[:255]
    return write_file(
        Path(output), lambda tmp: wb.save(str(tmp)), rules=rules, what="lovbruddsregisteret"
    )
