"""Helpers for the concurrency and crash tests: a case to work on, and worker processes.

Workers run in separate processes (multiprocessing "spawn", or ``python tests/stress.py``
for the crash test) and use the real AppContext and store, like separate `tilsyn` commands.
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from datetime import date
from pathlib import Path

from tilsyn.app.answers import write_answers
from tilsyn.app.audits import create_audit, record_event

PARTICIPANTS = [f"D{n:03d}" for n in range(1, 9)]


def build_case(session, *, violations: bool = True) -> int:
    """A scored individual-plan audit (8 files) with, optionally, two tracked violations."""
    from tilsyn.audit.models import AnswerInput

    s = session
    a = create_audit(
        s,
        municipality="1001",
        checklist="individuell-plan",
        case_number=None,
        lead=None,
        auditors=[],
        title=None,
    )
    record_event(s, a.id, "varsel", date(2017, 3, 1))
    s.store.evidence.set_sample(
        a.id,
        method="manuelt",
        seed=None,
        criteria="deltakere bosatt i 2016",
        population_size=8,
        population_file=None,
        population_sha256=None,
        requested=8,
        participants=[(p, {}) for p in PARTICIPANTS],
    )
    cl = s.store.audits.checklist_of(a.id)
    items = [
        AnswerInput(q.ref_id, p, "ja", observation="start")
        for _, _, q in cl.questions()
        for p in ([""] if q.scope == "kommune" else PARTICIPANTS)
    ]
    write_answers(s, a.id, items)
    if violations:
        from tilsyn.audit.violation import OrderedPoint, Violation

        for kind, d in (
            ("dokumentasjon", date(2017, 3, 20)),
            ("apningsmote", date(2017, 4, 4)),
            ("forelopig", date(2017, 5, 1)),
            ("endelig", date(2017, 6, 1)),
        ):
            record_event(s, a.id, kind, d)
        s.store.violations.open(
            a.id,
            [
                Violation(
                    n,
                    "B1",
                    f"Lovbrudd {n}",
                    "Pålegg.",
                    "kl2018",
                    None,
                    date(2017, 10, 1),
                    date(2017, 10, 15),
                    (OrderedPoint("P1", "Rutine"),),
                )
                for n in (1, 2)
            ],
        )
    return a.id


def slots(session, audit_id: int) -> list[tuple[str, str]]:
    cl = session.store.audits.checklist_of(audit_id)
    return [
        (q.ref_id, p)
        for _, _, q in cl.questions()
        for p in ([""] if q.scope == "kommune" else PARTICIPANTS)
    ]


def worker(args: tuple) -> dict:
    """One process: ``rounds`` rounds of scoring its own slots, racing for a shared slot
    with an optimistic lock, recording feedback and (if given) importing a workbook into a
    second audit (all processes import the same workbook: it must apply exactly once)."""
    root, url, audit_id, me, rounds, workbook, import_audit = args
    from tilsyn.app.context import AppContext
    from tilsyn.audit.models import AnswerInput
    from tilsyn.errors import ConflictError, TilsynError
    from tilsyn.workspace import open_workspace

    out = {
        "worker": me,
        "own_writes": 0,
        "last_own": None,
        "shared_ok": 0,
        "conflicts": 0,
        "feedback": 0,
        "imports": 0,
        "messages": set(),
        "errors": [],
    }
    try:
        s = AppContext(open_workspace(root), db_url_override=url, user_override=f"revisor{me}")
        all_slots = slots(s, audit_id)
        mine = [sl for n, sl in enumerate(all_slots) if n % 8 == me and n != 0]
        shared = all_slots[0]
        for k in range(rounds):
            tag = f"w{me}-r{k}"
            items = [AnswerInput(q, p, "ja" if k % 2 else "nei", observation=tag) for q, p in mine]
            try:
                write_answers(s, audit_id, items)
                out["own_writes"] += 1
                out["last_own"] = tag
            except ConflictError as exc:
                out["conflicts"] += 1
                out["messages"].add(exc.message)
            seen = {
                (x.question_ref, x.participant): x for x in s.store.audits.view(audit_id).answers
            }
            version = seen[shared].version
            try:
                write_answers(
                    s,
                    audit_id,
                    [
                        AnswerInput(
                            shared[0], shared[1], "ja", observation=tag, expected_version=version
                        )
                    ],
                )
                out["shared_ok"] += 1
            except ConflictError as exc:
                out["conflicts"] += 1
                out["messages"].add(exc.message)
            try:
                from tilsyn.app.followup import record_feedback

                record_feedback(
                    s, audit_id, 1 + k % 2, received=date(2017, 9, 1), text=f"tilbakemelding {tag}"
                )
                out["feedback"] += 1
            except ConflictError as exc:
                out["conflicts"] += 1
                out["messages"].add(exc.message)
            if workbook and k % 3 == 0:
                from tilsyn.app.workbooks import import_audit_workbook

                try:
                    import_audit_workbook(s, import_audit, Path(workbook), overwrite=True)
                    out["imports"] += 1
                except ConflictError as exc:
                    out["conflicts"] += 1
                    out["messages"].add(exc.message)
        s.store.engine.dispose()
    except TilsynError as exc:
        out["errors"].append(f"TilsynError (not a conflict): {exc}")
    except Exception:
        out["errors"].append(traceback.format_exc())
    out["messages"] = sorted(out["messages"])
    return out


def crash_child(root: str, url: str, audit_id: int, start: int, workbook: str | None) -> None:
    """Write batches until killed: batch k sets every slot's observation to ``b<k>``; every
    3rd step, starting with the first, imports a workbook (its observations: ``start``)."""
    from tilsyn.app.context import AppContext
    from tilsyn.audit.models import AnswerInput
    from tilsyn.workspace import open_workspace

    s = AppContext(open_workspace(root), db_url_override=url, user_override="krasj")
    all_slots = slots(s, audit_id)
    k = start
    print("ready", flush=True)
    while True:
        k += 1
        if workbook and (k - start) % 3 == 1:
            from tilsyn.app.workbooks import import_audit_workbook

            import_audit_workbook(s, audit_id, Path(workbook), overwrite=True)
        else:
            write_answers(
                s, audit_id, [AnswerInput(q, p, "ja", observation=f"b{k}") for q, p in all_slots]
            )


if __name__ == "__main__":  # python tests/stress.py ROOT URL AUDIT START [WORKBOOK]
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    os.environ.setdefault("PYTHONHASHSEED", "0")
    crash_child(
        sys.argv[1],
        sys.argv[2],
        int(sys.argv[3]),
        int(sys.argv[4]),
        sys.argv[5] if len(sys.argv) > 5 else None,
    )
    time.sleep(0)
