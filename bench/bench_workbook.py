"""Benchmark: export and import of the auditor workbook for 60 questions × 30 sampled files.

    .venv/bin/python bench/bench_workbook.py

Builds a synthetic checklist (6 requirements × 10 questions, 50 of them per file) in a
temporary workspace, exports, fills every answer cell with openpyxl, and imports
(dry run, then for real). Prints the times; asserts nothing about them.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from openpyxl import load_workbook

from tilsyn.app.context import AppContext
from tilsyn.app.workbooks import export_audit_workbook, import_audit_workbook
from tilsyn.checklist.model import Checklist
from tilsyn.workbook import layout as L
from tilsyn.workspace import init_workspace

QUESTIONS = 60
FILES = 30


def synthetic_checklist() -> Checklist:
    basis = [
        {
            "law": "introduksjonsloven",
            "section": "6",
            "url": "https://lovdata.no/lov/2003-07-04-80/§6",
        }
    ]
    requirements = []
    for r in range(1, 7):
        questions = []
        for q in range(1, 11):
            questions.append(
                {
                    "ref_id": f"K{r}.{q}",
                    "question": f"Kontrollspørsmål {r}.{q}: er kravet oppfylt i praksis? " * 2,
                    "guidance": "Se etter vedtak, planer og rutiner i mappen. " * 5,
                    "evidence": ["vedtak", "individuell plan", "rutiner"],
                    "methods": ["stikkprove"],
                    "scope": "kommune" if q == 1 else "deltaker",
                }
            )
        requirements.append(
            {
                "ref_id": f"K{r}",
                "title": f"Krav {r}",
                "legal_basis": basis,
                "requirement": "Kommunen skal oppfylle kravet.",
                "breach": "merknad",
                "questions": questions,
            }
        )
    return Checklist.model_validate(
        {
            "schema_version": 1,
            "id": "bench",
            "title": "Benchmark",
            "version": "1",
            "law": {
                "name": "Introduksjonsloven",
                "short_name": "introduksjonsloven",
                "lov_id": "LOV-2003-07-04-80",
                "lovdata_url": "https://lovdata.no/lov/2003-07-04-80",
            },
            "validity": {"valid_from": "2017-01-01"},
            "themes": [
                {"ref_id": "T1", "title": "Tema én", "requirements": requirements[:3]},
                {"ref_id": "T2", "title": "Tema to", "requirements": requirements[3:]},
            ],
        }
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ws = init_workspace(Path(tmp) / "ws")
        s = AppContext(ws, user_override="bench")
        cl = synthetic_checklist()
        a = s.store.audits.create(
            municipality_number="4204",
            municipality_name="Kristiansand",
            county="Agder",
            checklist=cl,
            title="Benchmark",
            regime="kl2018",
        )
        s.store.evidence.set_sample(
            a.id,
            method="manuelt",
            seed=None,
            population_size=None,
            population_file=None,
            population_sha256=None,
            requested=None,
            participants=[(f"D{n:03d}", {}) for n in range(1, FILES + 1)],
        )
        out = Path(tmp) / "bench.xlsx"
        view = s.store.audits.view(a.id)
        t0 = time.perf_counter()
        result = export_audit_workbook(s, a.id, out)
        t_export = time.perf_counter() - t0

        wb = load_workbook(out)
        for ts in L.plan_layout(
            cl, [p.pseudonym for p in view.participants()], kind=L.KIND_AUDIT
        ).answers:
            sheet = wb[ts.sheet]
            sheet[f"D{ts.row}"] = "ja"
            sheet[f"E{ts.row}"] = "Kontrollert i mappen."
        wb.save(out)

        t0 = time.perf_counter()
        plan = import_audit_workbook(s, a.id, out, dry_run=True)
        t_dry = time.perf_counter() - t0
        t0 = time.perf_counter()
        done = import_audit_workbook(s, a.id, out)
        t_import = time.perf_counter() - t0
        t0 = time.perf_counter()
        import_audit_workbook(s, a.id, out)
        t_again = time.perf_counter() - t0
        print(
            f"{QUESTIONS} spørsmål × {FILES} mapper: {result.slots} svarceller, "
            f"{out.stat().st_size // 1024} KB"
        )
        print(f"eksport:               {t_export:6.2f} s")
        print(f"import (tørrkjøring):  {t_dry:6.2f} s  ({plan.new} nye)")
        print(f"import:                {t_import:6.2f} s  ({done.new} nye lagret)")
        print(f"import (uendret):      {t_again:6.2f} s")


if __name__ == "__main__":
    main()
