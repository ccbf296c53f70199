"""What the demo types into its workbooks, as an auditor and a municipality would in
Excel (the demo shows the round trip; the import then validates it like any other file).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tilsyn.files import NO_WORKSPACE, write_file
from tilsyn.workbook import layout as L

if TYPE_CHECKING:
    from tilsyn.audit.selfassessment import SelfAssessmentView

_TIMETABLE = [
    ("Norskopplæring", "norsk", None, 15),
    ("Samfunnskunnskap", "samfunnskunnskap", None, 3),
    ("Arbeidspraksis i barnehage", "annet", 900, None),
    ("Veiledning hos programrådgiver", "annet", 60, None),
]


def fill_like_an_auditor(path: Path) -> tuple[int, str | None]:
    """Type observations for three participant files and a week's timetable; returns how
    many observations were typed and the timetable sheet filled (None when none)."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    filled = 0
    if L.SHEET_FILES in wb.sheetnames:
        ws = wb[L.SHEET_FILES]
        for r in range(L.FIRST_ROW, min(ws.max_row, L.FIRST_ROW + 3) + 1):
            if not ws[f"D{r}"].value:
                ws[f"D{r}"] = "ja"
            ws[f"E{r}"] = "Kontrollert i mappen under stedlig tilsyn (fylt ut i Excel)."
            filled += 1
    timetable = next((n for n in wb.sheetnames if n.startswith(L.TIMETABLE_PREFIX)), None)
    if timetable and not wb[timetable][f"A{L.FIRST_ROW}"].value:
        ws = wb[timetable]
        for i, (name, kind, minutes, lessons) in enumerate(_TIMETABLE):
            r = L.FIRST_ROW + i
            ws[f"A{r}"], ws[f"B{r}"], ws[f"C{r}"], ws[f"D{r}"] = name, kind, minutes, lessons
    write_file(path, lambda tmp: wb.save(tmp), rules=NO_WORKSPACE, what="arbeidsboken")
    return filled, timetable


def fill_self_assessment(path: Path, view: SelfAssessmentView, malform: str) -> None:
    """Answer every question of a self-assessment form, two of them «nei» (the demo's
    municipality writes nynorsk)."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    lay = L.plan_layout(view.checklist, [], kind=L.KIND_SELF_ASSESSMENT, malform=malform)
    for slot in lay.answers:
        ws = wb[slot.sheet]
        breach = slot.question_ref in ("A1.2", "A2.4")
        ws[f"D{slot.row}"] = "nei" if breach else "ja"
        ws[f"E{slot.row}"] = (
            "Vaksenopplæringa følgjer skuleruta; i sommarferien er det ikkje tilbod til alle."
            if breach
            else "Sikra i rutinen."
        )
        ws[f"F{slot.row}"] = "Rutine for introduksjonsprogrammet (2016)"
    write_file(path, lambda tmp: wb.save(tmp), rules=NO_WORKSPACE, what="arbeidsboken")
