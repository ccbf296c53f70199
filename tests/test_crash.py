"""Crash safety: SIGKILL a process at random points while it scores and imports
workbooks. After every kill the store must be consistent: SQLite's integrity_check and
foreign_key_check clean, every log chain verifies, and each write (a scoring batch of
all answers, or a workbook import) is applied entirely or not at all."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pg
import pytest
import stress
from summary import report

from tilsyn.app.context import AppContext
from tilsyn.files import NO_WORKSPACE

KILLS = {"sqlite": 50, "postgresql": 10}
HERE = Path(__file__).resolve().parent


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request, workspace):
    if request.param == "sqlite":
        yield request.param, workspace.db_url()
    else:
        with pg.fresh_database(pg.require_pg()) as url:
            yield request.param, url


def _check(s: AppContext, url: str, aid: int, n_slots: int) -> str:
    if url.startswith("sqlite"):
        db = url.removeprefix("sqlite:///")
        con = sqlite3.connect(db)
        try:
            assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        finally:
            con.close()
    for chain in s.store.log.chains():
        assert s.store.log.verify(chain) == [], chain
    view = s.store.audits.view(aid)
    assert len(view.answers) == n_slots
    tags = {a.observation for a in view.answers}
    assert len(tags) == 1, f"halvveis skrevet: {sorted(tags)[:5]}"
    entries = s.store.log.entries(f"tilsyn:{view.audit.uid}")
    written = [e for e in entries if e.action in ("svar", "svar (arbeidsbok)")]
    assert len(written) % n_slots == 0
    return tags.pop()


@pytest.mark.slow
def test_sigkill_during_writes(workspace, backend, tmp_path):
    name, url = backend
    s = AppContext(workspace, db_url_override=url, user_override="revisor")
    aid = stress.build_case(s, violations=False)
    n_slots = len(stress.slots(s, aid))
    workbook = None
    try:
        from tilsyn.workbook.export import export_audit_workbook

        workbook = tmp_path / "arbeidsbok.xlsx"
        export_audit_workbook(
            s.store.audits.view(aid), workbook, user="revisor", rules=NO_WORKSPACE
        )
    except ImportError:
        workbook = None
    rng = random.Random(8)
    states: dict[str, int] = {}
    started = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(HERE.parent)}
    for n in range(KILLS[name]):
        cmd = [
            sys.executable,
            str(HERE / "stress.py"),
            str(workspace.root),
            url,
            str(aid),
            str(n * 100_000),
        ] + ([str(workbook)] if workbook else [])
        child = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        line = child.stdout.readline()  # type: ignore[union-attr]
        assert line.strip() == b"ready", child.stderr.read()  # type: ignore[union-attr]
        time.sleep(rng.uniform(0.0, 0.5))
        child.send_signal(signal.SIGKILL)
        child.wait()
        err = child.stderr.read().decode()  # type: ignore[union-attr]
        assert "Traceback" not in err, err
        tag = _check(s, url, aid, n_slots)
        kind = "arbeidsbok" if tag == "start" else "svar"
        states[kind] = states.get(kind, 0) + 1
    entries = s.store.log.entries(f"tilsyn:{s.store.audits.get(aid).uid}")
    s.store.engine.dispose()
    report(
        f"{name}: {KILLS[name]} SIGKILL på {time.perf_counter() - started:.1f} s; "
        f"tilstand etter drap: {states}; {len(entries)} logglinjer verifisert; "
        "integritet og hel-eller-ingenting holdt hver gang"
    )
