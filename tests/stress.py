"""Helpers for the concurrency and crash tests: a case to work on, and worker processes.

Workers run in separate processes (multiprocessing "spawn", or ``python tests/stress.py``
for the crash test) and use the real Session and store, like separate `tilsyn` commands.
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from datetime import date
from pathlib import Path

PARTICIPANTS = [f"D{n:03d}" for n in range(1, 9)]


def build_case(session, *, violations: bool = True) -> int:
    """A scored individual-plan audit (8 files) with, optionally, two tracked violations."""
    from tilsyn.store import AnswerInput

    s = session
    a = s.create_audit(municipality="1001", checklist="individuell-plan", case_number=None,
                       lead=None, auditors=[], title=None)
    s.store.add_event(a.id, "varsel", date(2017, 3, 1))
    s.store.set_sample(a.id, method="manuelt", seed=None, population_size=8,
                       population_file=None, population_sha256=None, requested=8,
                       participants=[(p, {}) for p in PARTICIPANTS])
    cl = s.store.checklist_of(a.id)
    items = [AnswerInput(q.ref_id, p, "ja", observation="start")
             for _, _, q in cl.questions()
             for p in ([""] if q.scope == "kommune" else PARTICIPANTS)]
    s.store.write_answers(a.id, items)
    if violations:
        from tilsyn.audit.violation_records import ViolationInput

        for kind, d in (("dokumentasjon", date(2017, 3, 20)), ("apningsmote", date(2017, 4, 4)),
                        ("forelopig", date(2017, 5, 1)), ("endelig", date(2017, 6, 1))):
            s.store.add_event(a.id, kind, d)
        s.store.open_violations(a.id, [
            ViolationInput(n, "B1", f"Lovbrudd {n}", "Pålegg.", "kl2018", None,
                           date(2017, 10, 1), date(2017, 10, 15), (("P1", "Rutine"),))
            for n in (1, 2)])
    return a.id


def slots(session, audit_id: int) -> list[tuple[str, str]]:
    cl = session.store.checklist_of(audit_id)
    return [(q.ref_id, p) for _, _, q in cl.questions()
            for p in ([""] if q.scope == "kommune" else PARTICIPANTS)]


def worker(args: tuple) -> dict:
    """One process: ``rounds`` rounds of scoring its own slots, racing for a shared slot
    with an optimistic lock, recording feedback and (if given) importing a workbook into a
    second audit (all processes import the same workbook: it must apply exactly once)."""
    root, url, audit_id, me, rounds, workbook, import_audit = args
    from tilsyn.errors import ConflictError, TilsynError
    from tilsyn.app.context import Session
    from tilsyn.store import AnswerInput
    from tilsyn.workspace import open_workspace

    out = {"worker": me, "own_writes": 0, "last_own": None, "shared_ok": 0, "conflicts": 0,
           "feedback": 0, "imports": 0, "messages": set(), "errors": []}
    try:
        s = Session(open_workspace(root), db_url_override=url, user_override=f"revisor{me}")
        all_slots = slots(s, audit_id)
        mine = [sl for n, sl in enumerate(all_slots) if n % 8 == me and n != 0]
        shared = all_slots[0]
        for k in range(rounds):
            tag = f"w{me}-r{k}"
            items = [AnswerInput(q, p, "ja" if k % 2 else "nei", observation=tag)
                     for q, p in mine]
            try:
                s.store.write_answers(audit_id, items)
                out["own_writes"] += 1
                out["last_own"] = tag
            except ConflictError as exc:
                out["conflicts"] += 1
                out["messages"].add(exc.message)
            seen = {(x.question_ref, x.participant): x for x in s.store.view(audit_id).answers}
            version = seen[shared].version
            try:
                s.store.write_answers(audit_id, [AnswerInput(
                    shared[0], shared[1], "ja", observation=tag, expected_version=version)])
                out["shared_ok"] += 1
            except ConflictError as exc:
                out["conflicts"] += 1
                out["messages"].add(exc.message)
            try:
                s.store.add_feedback(audit_id, 1 + k % 2, received=date(2017, 9, 1),
                                     text=f"tilbakemelding {tag}")
                out["feedback"] += 1
            except ConflictError as exc:
                out["conflicts"] += 1
                out["messages"].add(exc.message)
            if workbook and k % 3 == 0:
                from tilsyn.workbook.importer import import_audit_workbook

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
    from tilsyn.app.context import Session
    from tilsyn.store import AnswerInput
    from tilsyn.workspace import open_workspace

    s = Session(open_workspace(root), db_url_override=url, user_override="krasj")
    all_slots = slots(s, audit_id)
    k = start
    print("ready", flush=True)
    while True:
        k += 1
        if workbook and (k - start) % 3 == 1:
            from tilsyn.workbook.importer import import_audit_workbook

            import_audit_workbook(s, audit_id, Path(workbook), overwrite=True)
        else:
            s.store.write_answers(audit_id, [AnswerInput(q, p, "ja", observation=f"b{k}")
                                             for q, p in all_slots])


if __name__ == "__main__":  # python tests/stress.py ROOT URL AUDIT START [WORKBOOK]
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    os.environ.setdefault("PYTHONHASHSEED", "0")
    crash_child(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]),
                sys.argv[5] if len(sys.argv) > 5 else None)
    time.sleep(0)
