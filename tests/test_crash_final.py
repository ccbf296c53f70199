"""Crash safety of `hendelse endelig` (issue 13): the event, the orders it opens and the
sent copy of the final report commit together or not at all, and running the command
again completes the step.

A child process records the final report of a prepared audit and is killed with SIGKILL
at each step inside the transaction (after the event row, after the orders, after the
frozen copy is written, after the sent mark) and at random moments. After every kill the
store holds either nothing of the step or all of it; then the step is run again."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from procedure_support import build
from summary import report

from tilsyn.app.audits import record_event
from tilsyn.app.documents import changed_sent_copies, produce_document, resolve_stored
from tilsyn.files import sha256_file

HERE = Path(__file__).resolve().parent
PRELIMINARY = date(2017, 5, 2)
FINAL = date(2017, 6, 1)
POINTS = {"event": 2, "orders": 2, "copy": 2, "sent": 2, "random": 10}


def _prepare(session, n: int) -> list[int]:
    out = []
    for i in range(n):
        aid = build(
            session, breaches={"B1.2": {1}, "B4.2": {0}}, files=3, case_number=f"2017/{100 + i}"
        )
        record_event(session, aid, "forelopig", PRELIMINARY)
        produce_document(session, aid, "endelig", report_date=FINAL)
        out.append(aid)
    return out


def _child(workspace, url: str, aid: int, point: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(HERE.parent)}
    cmd = [
        sys.executable,
        str(HERE / "procedure_crash.py"),
        str(workspace.root),
        url,
        str(aid),
        FINAL.isoformat(),
        point,
    ]
    child = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    line = child.stdout.readline()  # type: ignore[union-attr]
    assert line.strip() == b"ready", child.stderr.read()  # type: ignore[union-attr]
    return child


def _state(session, url: str, aid: int) -> str:
    """«ingenting» or «alt»: anything in between fails the test."""
    con = sqlite3.connect(url.removeprefix("sqlite:///"))
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        con.close()
    for chain in session.store.log.chains():
        assert session.store.log.verify(chain) == [], chain
    view = session.store.audits.view(aid)
    recorded = [e for e in view.events if e.type == "endelig"]
    orders = session.store.violations.all(aid)
    sent = [d for d in view.document_versions if d.kind == "endelig" and d.sent]
    if not recorded:
        assert orders == [] and sent == [], "halvveis: ordre eller sendt kopi uten hendelse"
        assert view.audit.status == "forelopig"
        return "ingenting"
    assert [v.requirement_ref for v in orders] == ["B1", "B4"], "hendelse uten pålegg"
    assert len(sent) == 1, "hendelse uten sendt kopi"
    frozen = resolve_stored(session, sent[0].path)
    assert frozen.is_file() and sha256_file(frozen) == sent[0].sha256
    assert view.audit.status == "endelig"
    return "alt"


@pytest.mark.slow
@pytest.mark.sqlite_only
def test_sigkill_during_hendelse_endelig(workspace, session):
    url = workspace.db_url()
    plan = [p for p, n in POINTS.items() for _ in range(n)]
    audits = _prepare(session, len(plan) + 1)
    # How long the step takes when it runs to the end, to aim the random kills.
    reference = audits.pop()
    child = _child(workspace, url, reference, "none")
    started = time.perf_counter()
    assert child.stdout.readline().strip() == b"done", child.stderr.read()  # type: ignore[union-attr]
    step = time.perf_counter() - started
    child.wait()
    assert _state(session, url, reference) == "alt"

    rng = random.Random(13)
    states: dict[str, int] = {}
    begun = time.perf_counter()
    for aid, point in zip(audits, plan, strict=True):
        child = _child(workspace, url, aid, point)
        if point == "random":
            time.sleep(rng.uniform(0.0, step * 1.2))
            child.send_signal(signal.SIGKILL)
        child.wait()
        err = child.stderr.read().decode()  # type: ignore[union-attr]
        assert "Traceback" not in err, err
        if point != "random":
            assert child.returncode == -signal.SIGKILL, (point, child.returncode, err)
        found = _state(session, url, aid)
        if point != "random":
            assert found == "ingenting", point  # killed inside the transaction
        states[f"{point}: {found}"] = states.get(f"{point}: {found}", 0) + 1
        # Running the step again completes it, whatever the kill left.
        result = record_event(session, aid, "endelig", FINAL)
        assert result.completed == (found == "alt")
        assert _state(session, url, aid) == "alt"
        assert changed_sent_copies(session, aid) == []
    report(
        f"hendelse endelig: {len(plan)} SIGKILL på {time.perf_counter() - begun:.1f} s "
        f"(steget tar {step:.2f} s uavbrutt); tilstand etter drap: {dict(sorted(states.items()))}; "
        "ny kjøring fullførte steget hver gang"
    )
