"""Every document type and every workbook a municipality receives, rendered in one
language form from a fixture modelled on the demo and ``scored_audit``: an individual-plan
audit of a municipality of that form (Bygland writes nynorsk, Kristiansand bokmål) with
texts typed in that form, taken from notice to closing letter; a reminder; a
self-assessment (form and report); and «Tall og trender» (workbook and report).

Used by the nynorsk lint (test_nynorsk_lint.py), the metadata tests and the PDF tests
(test_report_pdf.py). Texts are read back with :func:`docx_text` and :func:`xlsx_text`:
all of the package's text, headers, footers and document properties included.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from helpers import configure_office

from tilsyn.app import followup
from tilsyn.app.answers import write_answers
from tilsyn.app.audits import create_audit, record_event, register_document, register_interview
from tilsyn.app.context import AppContext
from tilsyn.app.documents import produce_document
from tilsyn.audit.models import AnswerInput
from tilsyn.workspace import init_workspace

KINDS = ("varsel", "forelopig", "endelig", "palegg", "avslutning")
"""The formal documents of an audit."""
OTHER_KINDS = ("paminnelse", "egenvurdering", "statistikk")
"""The other Word documents: reminder, self-assessment report, «Tall og trender»."""
ALL_KINDS = KINDS + OTHER_KINDS
WORKBOOKS = ("egenvurdering", "statistikk")
"""Workbooks a municipality (or the public) receives: the self-assessment form and the
statistics workbook. The auditor's workbook is the office's own (bokmål)."""

PEOPLE = [f"D{n:03d}" for n in range(1, 9)]

# What the auditors and the municipality type, in each language form.
TYPED = {
    "nynorsk": {
        "municipality": "0938",  # Bygland
        "address": "Sentrum 18, 4745 Bygland",
        "their_reference": "17/311",
        "self_assessment": "4221",  # Valle
        "documents": ("Utgreiing frå kommunen", "Rutine for individuell plan"),
        "kinds": ("utgreiing", "rutine"),
        "roles": ("programrådgjevar", "leiar for introduksjonsprogrammet"),
        "observation": "Manglar dokumentasjon.",
        "practice": "Praksisen til kommunen for {ref} er skildra i utgreiinga.",
        "assessment": "Fylkesmannen har vurdert {ref} opp mot kravet.",
        "breach": "Kommunen oppfyller ikkje kravet.",
        "fine": "Kommunen oppfyller kravet.",
        "feedback": "Kommunen har innført ein ny rutine.",
        "rectified": "Den nye rutinen og fem nye vedtak viser at kravet er oppfylt.",
        "explanation": "Vaksenopplæringa følgjer skuleruta; i sommarferien er det ikkje tilbod.",
        "fine_explanation": "Sikra i rutinen.",
        "self_documents": "Rutine for introduksjonsprogrammet (2016)",
    },
    "bokmal": {
        "municipality": "1001",  # Kristiansand
        "address": "Postboks 417 Lund, 4604 Kristiansand S",
        "their_reference": "2017/880",
        "self_assessment": "4204",  # Kristiansand
        "documents": ("Kommunens redegjørelse", "Rutine for individuell plan"),
        "kinds": ("redegjørelse", "rutine"),
        "roles": ("programrådgiver", "leder for introduksjonsprogrammet"),
        "observation": "Mangler dokumentasjon.",
        "practice": "Kommunens praksis for {ref} er beskrevet i redegjørelsen.",
        "assessment": "Fylkesmannen har vurdert {ref} opp mot kravet.",
        "breach": "Kommunen oppfyller ikke kravet.",
        "fine": "Kommunen oppfyller kravet.",
        "feedback": "Kommunen har innført en ny rutine.",
        "rectified": "Den nye rutinen og fem nye vedtak viser at kravet er oppfylt.",
        "explanation": "Voksenopplæringen følger skoleruten; i sommerferien er det ikke tilbud.",
        "fine_explanation": "Sikret i rutinen.",
        "self_documents": "Rutine for introduksjonsprogrammet (2016)",
    },
}


@dataclass
class DocumentSet:
    """The rendered files of one language form."""

    malform: str
    folder: Path
    documents: dict[str, Path]
    """Word documents by kind (:data:`ALL_KINDS`)."""
    workbooks: dict[str, Path]
    """Workbooks by kind (:data:`WORKBOOKS`)."""
    office: str
    """The office named as the documents' author (2017)."""


def build(folder: Path, malform: str) -> DocumentSet:
    """Render every document and workbook in ``malform`` into ``folder``."""
    t = TYPED[malform]
    ws = configure_office(init_workspace(folder / "ws"))
    s = AppContext(ws, user_override="revisor")
    out = folder / "ut"
    out.mkdir(parents=True, exist_ok=True)
    docs: dict[str, Path] = {}

    a = create_audit(
        s,
        municipality=t["municipality"],
        checklist="individuell-plan",
        case_number="2017/2041",
        lead="Kari Nordmann",
        auditors=["Per Olsen"],
        title=None,
        notice=date(2017, 3, 1),
        letter={
            "postal_address": t["address"],
            "their_reference": t["their_reference"],
            "copy_to": ["Integrerings- og mangfoldsdirektoratet (IMDi)"],
        },
    ).id
    record_event(s, a, "varsel", date(2017, 3, 1))
    docs["varsel"] = _produce(s, a, "varsel", date(2017, 3, 1), out)
    for title, kind in zip(t["documents"], t["kinds"], strict=True):
        register_document(s, a, title=title, when=date(2017, 3, 20), kind=kind, path=None)
    record_event(s, a, "dokumentasjon", date(2017, 3, 20))
    record_event(s, a, "apningsmote", date(2017, 4, 4))
    for role in t["roles"]:
        register_interview(s, a, role=role, when=date(2017, 4, 4))
    s.store.evidence.set_sample(
        a,
        method="tilfeldig",
        seed="2017",
        population_size=31,
        population_file="populasjon.csv",
        population_sha256="0" * 64,
        requested=8,
        participants=[(p, _dates(i)) for i, p in enumerate(PEOPLE)],
    )
    cl = s.store.audits.checklist_of(a)
    items = []
    for _, req, q in cl.questions():
        for i, p in enumerate([""] if q.scope == "kommune" else PEOPLE):
            bad = (req.ref_id == "B1" and i in (3, 6)) or (req.ref_id == "B4" and i == 0)
            items.append(
                AnswerInput(
                    q.ref_id,
                    p,
                    "nei" if bad else "ja",
                    observation=t["observation"] if bad else None,
                    sources=(1,),
                )
            )
    write_answers(s, a, items)
    from tilsyn.audit import scoring

    view = s.store.audits.view(a)
    for r in scoring.score_audit(cl, view.answers, PEOPLE):
        s.store.answers.set_conclusion(
            a,
            requirement_ref=r.requirement_ref,
            outcome=r.proposed or "ingen",
            proposed=r.proposed,
            practice=t["practice"].format(ref=r.requirement_ref),
            assessment=t["assessment"].format(ref=r.requirement_ref),
            conclusion=t["breach"] if r.proposed == "lovbrudd" else t["fine"],
            reason=None,
        )
    docs["forelopig"] = _produce(s, a, "forelopig", date(2017, 5, 2), out)
    record_event(s, a, "forelopig", date(2017, 5, 2))
    docs["endelig"] = _produce(s, a, "endelig", date(2017, 6, 1), out)
    record_event(s, a, "endelig", date(2017, 6, 1))
    docs["paminnelse"] = followup.write_reminder(s, a, out / "paminnelse", today=date(2017, 7, 3))
    # Kommuneloven 1992 § 60 d (a 2017 audit): the order comes after the rectification
    # deadline in the final report (27 July) has passed without rectification.
    docs["palegg"] = _produce(s, a, "palegg", date(2017, 7, 28), out)
    for v in s.store.violations.all(a):
        followup.record_feedback(s, a, v.number, received=date(2017, 8, 1), text=t["feedback"])
        followup.assess(s, a, v.number, points=None, outcome="rettet", reason=t["rectified"])
        followup.close(s, a, v.number, closed_on=date(2017, 8, 10))
    docs["avslutning"] = _produce(s, a, "avslutning", date(2017, 8, 15), out)

    workbooks: dict[str, Path] = {}
    form, docs["egenvurdering"] = _self_assessment(s, t, out)
    workbooks["egenvurdering"] = form
    workbooks["statistikk"], docs["statistikk"] = _statistics(s, malform, out)
    office = ws.config.office_for_year(2017, nynorsk=malform == "nynorsk")
    return DocumentSet(malform, out, docs, workbooks, office)


def _dates(n: int) -> dict:
    settled = date(2017, 1, 2 + n)
    decision = date(2017, 3, 20 + n) if n not in (3, 6) else date(2017, 5, 2 + n)
    return {"bosettingsdato": settled.isoformat(), "planvedtak": decision.isoformat()}


def _produce(s: AppContext, audit_id: int, kind: str, when: date, out: Path) -> Path:
    return produce_document(s, audit_id, kind, report_date=when, output=out / f"{kind}.docx").path


def _self_assessment(s: AppContext, t: dict, out: Path) -> tuple[Path, Path]:
    """The form as exported (lint), then filled, imported and reported."""
    from openpyxl import load_workbook

    from tilsyn.app import selfassessment as sa
    from tilsyn.workbook.selfassessment import plan

    record = sa.create(s, municipality=t["self_assessment"], checklist="helarig-fulltid", year=2016)
    form = out / "egenvurdering.xlsx"
    sa.export_form(s, record.id, form)
    filled = out / "egenvurdering-utfylt.xlsx"
    view = sa.get(s, record.id)
    wb = load_workbook(form)
    lay = plan(view, sa.language_of(s, view))
    for slot in lay.answers:
        ws = wb[slot.sheet]
        breach = slot.question_ref in ("A1.2", "A2.4")
        ws[f"D{slot.row}"] = "nei" if breach else "ja"
        ws[f"E{slot.row}"] = t["explanation"] if breach else t["fine_explanation"]
        ws[f"F{slot.row}"] = t["self_documents"]
    wb.save(filled)
    sa.import_form(s, record.id, filled)
    report = out / "egenvurdering.docx"
    sa.write_report(s, record.id, report, today=date(2017, 1, 15))
    return form, report


def _statistics(s: AppContext, malform: str, out: Path) -> tuple[Path, Path]:
    """«Tall og trender» over the hand-computable statistics fixture."""
    from stats_fixtures import TODAY, build_store

    from tilsyn.app.statistics import run_statistics
    from tilsyn.stats.model import Filters

    build_store(s)
    xlsx, report = out / "statistikk.xlsx", out / "statistikk.docx"
    run_statistics(
        s,
        Filters(),
        publication=True,
        language=malform,
        xlsx=xlsx,
        report=report,
        today=TODAY,
    )
    return xlsx, report


# --- reading everything back ---------------------------------------------------------

_WORD_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml$")


def docx_text(path: Path) -> str:
    """All text of a .docx: every paragraph of the body, tables, headers and footers (also
    first-page and even-page ones) and notes, plus the document properties."""
    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    lines = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if _WORD_PARTS.match(name):
                root = etree.fromstring(z.read(name))
                for p in root.iter(f"{w}p"):
                    lines.append("".join(t.text or "" for t in p.iter(f"{w}t")))
        lines.extend(_properties_text(z))
    return "\n".join(lines)


def xlsx_text(path: Path) -> str:
    """All text of an .xlsx: sheet names, every cell of every sheet (hidden ones too),
    headers and footers, drop-down lists and their messages, and the document
    properties."""
    from lxml import etree

    lines = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if not name.endswith(".xml") or name.startswith(("xl/theme/", "xl/styles")):
                continue
            if name.startswith("docProps/"):
                continue
            root = etree.fromstring(z.read(name))
            for element in root.iter():
                if isinstance(element.tag, str):
                    if element.text and element.text.strip():
                        lines.append(element.text)
                    lines.extend(v for k, v in element.attrib.items() if k in _XLSX_TEXT_ATTRIBUTES)
        lines.extend(_properties_text(z))
    return "\n".join(lines)


_XLSX_TEXT_ATTRIBUTES = {"name", "error", "errorTitle", "prompt", "promptTitle"}
"""Attributes that carry text a user sees (sheet and defined names, validation messages)."""


def _properties_text(z: zipfile.ZipFile) -> list[str]:
    from lxml import etree

    lines = []
    for name in ("docProps/core.xml", "docProps/app.xml", "docProps/custom.xml"):
        if name in z.namelist():
            root = etree.fromstring(z.read(name))
            lines.extend(e.text for e in root.iter() if isinstance(e.tag, str) and e.text)
    return lines
