"""Time to render the demo-like final report (plain figures, no assertions).

Builds a scored audit like the test fixture (Kristiansand 2017, 8 files, violations on
B1 and B4) in a temporary workspace, then renders the final report N times.

    .venv/bin/python bench/bench_report.py [N]
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path


def build(root: Path):
    from tilsyn.app.context import AppContext
    from tilsyn.audit import scoring
    from tilsyn.audit.models import AnswerInput
    from tilsyn.workspace import init_workspace

    s = AppContext(init_workspace(root / "ws"), user_override="bench")
    a = s.create_audit(
        municipality="1001",
        checklist="individuell-plan",
        case_number="2017/1234",
        lead="Ola Hansen",
        auditors=["Kari Nordmann"],
        title=None,
    )
    s.store.add_event(a.id, "varsel", date(2017, 3, 1))
    for title in ("Kommunens redegjørelse", "Rutine for individuell plan"):
        s.store.evidence.add_document(
            a.id, title=title, when=date(2017, 3, 20), kind="dokument", path=None, sha256=None
        )
    s.store.evidence.add_interview(a.id, role="programrådgiver", when=date(2017, 4, 4))
    people = [f"D{n:03d}" for n in range(1, 9)]
    s.store.evidence.set_sample(
        a.id,
        method="tilfeldig",
        seed="2017",
        population_size=31,
        population_file=None,
        population_sha256=None,
        requested=8,
        participants=[(p, {}) for p in people],
    )
    cl = s.store.audits.checklist_of(a.id)
    items = []
    for _, req, q in cl.questions():
        for i, p in enumerate([""] if q.scope == "kommune" else people):
            bad = (req.ref_id == "B1" and i in (3, 6)) or (req.ref_id == "B4" and i == 0)
            items.append(AnswerInput(q.ref_id, p, "nei" if bad else "ja"))
    s.store.write_answers(a.id, items)
    v = s.store.audits.view(a.id)
    for r in scoring.score_audit(cl, v.answers, people):
        s.store.answers.set_conclusion(
            a.id,
            requirement_ref=r.requirement_ref,
            outcome=r.proposed or "ingen",
            proposed=r.proposed,
            practice="Praksis.",
            assessment="Vurdering.",
            conclusion="Konklusjon.",
            reason=None,
        )
    s.store.add_event(a.id, "forelopig", date(2017, 5, 2))
    return s, a.id


def main(n: int = 10) -> None:
    from tilsyn.app.documents import produce_document

    with tempfile.TemporaryDirectory() as tmp:
        s, aid = build(Path(tmp))
        t0 = time.perf_counter()
        produce_document(s, aid, "endelig", report_date=date(2017, 6, 1))
        first = time.perf_counter() - t0
        times = []
        for _ in range(n):
            t0 = time.perf_counter()
            produce_document(s, aid, "endelig", report_date=date(2017, 6, 1))
            times.append(time.perf_counter() - t0)
    times.sort()
    print("endelig rapport (bokmål), inkl. kontekst, kvalitetskontroll, lagring og versjon:")
    print(f"  første: {first:.3f} s")
    print(f"  median av {n}: {times[len(times) // 2]:.3f} s")
    print(f"  raskeste: {times[0]:.3f} s  tregeste: {times[-1]:.3f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
