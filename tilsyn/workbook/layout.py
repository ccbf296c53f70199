"""The workbook layout, format version 1 (documented cell by cell in docs/arbeidsbok.md).

The layout is *planned* from the checklist snapshot and the sample alone, as plain data:
which sheet holds which question, in which row, and the exact text of every
template-owned cell (ids, question text, legal basis, pseudonyms). Export writes the
plan; import recomputes it from the store and compares, so a tampered id or question
text is found cell by cell, and the checksum covers exactly these cells.

No openpyxl here: the plan is pure and shared by export and import.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field

from tilsyn.checklist.model import Checklist, ControlQuestion, Requirement
from tilsyn.text import clean_text

WORKBOOK_FORMAT = 2
"""Version of the layout; a workbook with another version is refused on import.
Version 2 added the «Begrunnelse» column (H) on Deltakermapper."""

KIND_AUDIT = "arbeidsbok"
KIND_SELF_ASSESSMENT = "egenvurdering"

SHEET_INSTRUCTIONS = "Veiledning"
SHEET_INSTRUCTIONS_NN = "Rettleiing"
"""The instructions sheet of a nynorsk self-assessment form."""
SHEET_FILES = "Deltakermapper"
SHEET_MATRIX = "Oversikt deltakere"
SHEET_DOCUMENTS = "Dokumenter"
SHEET_LISTS = "Lister"
SHEET_META = "Metadata"
TIMETABLE_PREFIX = "Timeplan "
RESERVED = (
    SHEET_INSTRUCTIONS,
    SHEET_INSTRUCTIONS_NN,
    SHEET_FILES,
    SHEET_MATRIX,
    SHEET_DOCUMENTS,
    SHEET_LISTS,
    SHEET_META,
)

TITLE_ROW = 1
"""Row 1: the sheet's title; row 2: a short help line."""
HEADER_ROW = 3
"""Row 3: column headers (repeated on every printed page)."""
FIRST_ROW = 4
"""First data row."""

# Columns of a theme sheet in the auditor workbook.
# Widths are chosen so that a sheet printed on landscape A4 (fit to width) stays legible.
AUDIT_THEME_COLUMNS = (
    ("A", "Ref", 7),
    ("B", "Kontrollspørsmål", 42),
    ("C", "Hjemmel", 20),
    ("D", "Svar", 13),
    ("E", "Observasjon", 40),
    ("F", "Kilder (dok.nr.)", 10),
    ("G", "Veiledning", 54),
    ("H", "Forventet dokumentasjon", 28),
)
# Columns of the Deltakermapper sheet (one row per sampled file × deltaker question).
FILES_COLUMNS = (
    ("A", "Deltaker", 11),
    ("B", "Ref", 7),
    ("C", "Kontrollspørsmål", 46),
    ("D", "Svar", 13),
    ("E", "Observasjon", 42),
    ("F", "Kilder (dok.nr.)", 10),
    ("G", "Forslag fra beregningen", 36),
    ("H", "Begrunnelse når svaret avviker fra forslaget", 32),
)
# Columns of a theme sheet in the self-assessment workbook.
SELF_THEME_COLUMNS = (
    ("A", "Ref", 7),
    ("B", "Kontrollspørsmål", 42),
    ("C", "Hjemmel", 20),
    ("D", "Svar", 13),
    ("E", "Forklaring", 44),
    ("F", "Kommunens dokumenter", 28),
    ("G", "Veiledning: dette ser tilsynet etter", 54),
)


def self_theme_columns(malform: str = "bokmal") -> tuple[tuple[str, str, int], ...]:
    """The columns of a self-assessment theme sheet with headings in ``malform``."""
    from tilsyn.workbook.texts import text

    keys = ("col_ref", "col_question", "col_basis", "col_answer", "col_explain")
    keys += ("col_documents", "col_guidance")
    return tuple(
        (col, text(malform, key), width)
        for (col, _, width), key in zip(SELF_THEME_COLUMNS, keys, strict=True)
    )


def instructions_sheet(malform: str = "bokmal") -> str:
    """The name of the instructions sheet in ``malform``."""
    return SHEET_INSTRUCTIONS_NN if malform in ("nynorsk", "nn") else SHEET_INSTRUCTIONS


ANSWER_COL = "D"
NOTE_COL = "E"
SOURCES_COL = "F"
PROPOSAL_COL = "G"
"""Deltakermapper: the computed check's proposal (read-only)."""
REASON_COL = "H"
"""Deltakermapper: why the answer differs from the proposal (input, computed questions)."""

# Timetable sheet (checklists with a `fulltid` computed check).
TIMETABLE_COLUMNS = (
    ("A", "Aktivitet", 38),
    ("B", "Type", 18),
    ("C", "Minutter (klokketid)", 14),
    ("D", "Undervisningstimer à 45 min", 18),
    ("E", "Tellende minutter", 13),
)
TIMETABLE_KINDS = ("norsk", "samfunnskunnskap", "annet")
TIMETABLE_SUM_LABEL = "Sum per uke (timer)"
TIMETABLE_MIN_ROWS = 15
TIMETABLE_SPARE_ROWS = 5

_ILLEGAL_SHEET = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class AnswerRow:
    """Where one answer slot lives: sheet and row (answer in column D)."""

    sheet: str
    row: int
    question_ref: str
    participant: str  # '' for kommune questions


@dataclass(frozen=True)
class ThemeSheet:
    """One theme's sheet and its rows (requirement header rows and question rows)."""

    name: str
    theme_ref: str
    title: str
    rows: tuple[tuple[int, str, Requirement, ControlQuestion | None], ...]
    """(row, "krav" | "sporsmal", requirement, question or None)."""


@dataclass(frozen=True)
class TimetableSheet:
    """A timetable sheet for one sampled file."""

    name: str
    participant: str
    rows: int  # number of input rows


@dataclass
class Layout:
    """The planned workbook: sheets, answer slots and the template-owned cells."""

    kind: str
    malform: str = "bokmal"
    """Language form of the template-owned texts (the self-assessment follows the
    municipality; the auditor's workbook is bokmål)."""
    themes: list[ThemeSheet] = field(default_factory=list)
    answers: list[AnswerRow] = field(default_factory=list)
    file_rows: list[AnswerRow] = field(default_factory=list)
    timetables: list[TimetableSheet] = field(default_factory=list)
    owned: dict[tuple[str, str], str] = field(default_factory=dict)
    """(sheet, cell) → exact text the template writes and import compares."""

    def checksum(self) -> str:
        """sha256 over the template-owned cells (sorted, canonical JSON)."""
        items = sorted((s, c, v) for (s, c), v in self.owned.items())
        payload = json.dumps(items, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def sheet_name(text: str, used: set[str]) -> str:
    """A valid, unique Excel sheet name (≤ 31 characters, no []:*?/\\) for ``text``."""
    base = _ILLEGAL_SHEET.sub(" ", clean_text(text)).strip().strip("'") or "Ark"
    base = re.sub(r"\s+", " ", base)[:31].rstrip()
    name = base
    n = 2
    while name.casefold() in {u.casefold() for u in used}:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)].rstrip() + suffix
        n += 1
    used.add(name)
    return name


def legal_basis_text(requirement: Requirement, malform: str = "bokmal") -> str:
    """The requirement's legal basis as cited in a cell (one line per basis), in
    ``malform`` («introduksjonslova § 4 andre ledd»)."""
    from tilsyn.nynorsk import law_citation

    lines = [b.cite(malform) for b in requirement.legal_basis]
    if malform in ("nynorsk", "nn"):
        lines = [law_citation(line) for line in lines]
    return "\n".join(lines)


def requirement_heading(requirement: Requirement, malform: str = "bokmal") -> str:
    return clean_text(f"Krav {requirement.ref_id}: {requirement.text_in('title', malform)}")


def timetable_needed(checklist: Checklist) -> bool:
    """True when a question's answer is computed from a weekly timetable."""
    return any(q.computed_check == "fulltid" for _, _, q in checklist.questions())


def deltaker_questions(checklist: Checklist) -> list[ControlQuestion]:
    return [q for _, _, q in checklist.questions() if q.scope == "deltaker"]


def plan_layout(
    checklist: Checklist,
    participants: list[str],
    *,
    kind: str,
    timetable_rows: dict[str, int] | None = None,
    malform: str = "bokmal",
) -> Layout:
    """Plan the workbook for ``checklist`` and the sampled ``participants``.

    ``kind`` is :data:`KIND_AUDIT` or :data:`KIND_SELF_ASSESSMENT` (one answer per
    question, no sampled files). ``timetable_rows`` gives the number of stored activities
    per participant, so the timetable sheets have room for all of them. ``malform`` is the
    language form of the template-owned texts (a nynorsk municipality's self-assessment).
    """
    layout = Layout(kind=kind, malform=malform)
    used = set(RESERVED)
    per_file = kind == KIND_AUDIT
    for theme in checklist.themes:
        name = sheet_name(theme.text_in("title", malform), used)
        rows = []
        row = FIRST_ROW
        for req in theme.requirements:
            rows.append((row, "krav", req, None))
            layout.owned[(name, f"A{row}")] = req.ref_id
            layout.owned[(name, f"B{row}")] = requirement_heading(req, malform)
            row += 1
            for q in req.questions:
                rows.append((row, "sporsmal", req, q))
                layout.owned[(name, f"A{row}")] = q.ref_id
                layout.owned[(name, f"B{row}")] = clean_text(q.text_in("question", malform))
                layout.owned[(name, f"C{row}")] = legal_basis_text(req, malform)
                if not (per_file and q.scope == "deltaker"):
                    layout.answers.append(AnswerRow(name, row, q.ref_id, ""))
                row += 1
        layout.themes.append(
            ThemeSheet(name, theme.ref_id, theme.text_in("title", malform), tuple(rows))
        )
    if per_file:
        row = FIRST_ROW
        questions = deltaker_questions(checklist)
        for p in participants if questions else []:
            for q in questions:
                slot = AnswerRow(SHEET_FILES, row, q.ref_id, p)
                layout.file_rows.append(slot)
                layout.answers.append(slot)
                layout.owned[(SHEET_FILES, f"A{row}")] = p
                layout.owned[(SHEET_FILES, f"B{row}")] = q.ref_id
                layout.owned[(SHEET_FILES, f"C{row}")] = clean_text(q.question)
                row += 1
        if timetable_needed(checklist):
            counts = timetable_rows or {}
            for p in participants:
                tname = sheet_name(TIMETABLE_PREFIX + p, used)
                n = max(TIMETABLE_MIN_ROWS, counts.get(p, 0) + TIMETABLE_SPARE_ROWS)
                layout.timetables.append(TimetableSheet(tname, p, n))
                layout.owned[(tname, "A1")] = timetable_title(p)
    return layout


def timetable_title(participant: str) -> str:
    return f"Timeplan for deltakermappe {participant} (en typisk uke)"
