"""Two processes scoring the same audit at the same time through the CLI: no answer is
lost, the log verifies, and a real conflict is a clear message, never a traceback."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

from helpers import cli_runner

from tilsyn.app.context import AppContext
from tilsyn.errors import ExitCode

PEOPLE = [f"M{n}" for n in range(1, 9)]
SHARED = 5  # slots both processes answer (with different values)
EACH = 40  # slots only one process answers


def _score(
    db_env: dict, aid: int, user: str, jobs: list[tuple[str, str, str]], barrier, results
) -> None:
    """Worker process: run `tilsyn vurder` for each job through the real CLI app."""

    from tilsyn.cli import app

    runner = cli_runner()
    env = {**db_env, "TILSYN_BRUKER": user}
    barrier.wait(timeout=60)
    failures = []
    for ref, who, value in jobs:
        r = runner.invoke(
            app,
            [
                "vurder",
                str(aid),
                "--sporsmal",
                ref,
                "--deltaker",
                who,
                "--svar",
                value,
                "--observasjon",
                f"{user}: {value}",
            ],
            env=env,
        )
        if r.exit_code != 0:
            failures.append(f"{ref}/{who}: exit {r.exit_code}: {r.stderr}{r.exception!r}")
    results.put((user, failures))


def _setup(cli) -> int:
    r = cli("opprett", "--kommune", "1001", "--sjekkliste", "individuell-plan", "--json")
    aid = json.loads(r.stdout)["id"]
    args = [a for p in PEOPLE for a in ("--deltaker", p)]
    assert cli("utvalg", aid, *args).exit_code == 0
    return aid


def _slots(session: AppContext, aid: int) -> list[tuple[str, str]]:
    cl = session.store.audits.view(aid).checklist
    return [
        (q.ref_id, p)
        for _, _, q in cl.questions()
        if q.scope == "deltaker" and q.computed_check is None
        for p in PEOPLE
    ]


def test_two_processes_lose_no_answer(cli, session, workspace, db_env):
    aid = _setup(cli)
    slots = _slots(session, aid)
    assert len(slots) >= 2 * EACH + SHARED
    mine = [(q, p, "ja") for q, p in slots[:EACH]]
    theirs = [(q, p, "nei") for q, p in slots[EACH : 2 * EACH]]
    shared = slots[2 * EACH : 2 * EACH + SHARED]
    # Interleave the shared slots so both processes write them while the other is busy.
    jobs_a = [*mine[:20], *[(q, p, "ja") for q, p in shared], *mine[20:]]
    jobs_b = [*theirs[:20], *[(q, p, "nei") for q, p in shared], *theirs[20:]]
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    results = ctx.Queue()
    procs = [
        ctx.Process(target=_score, args=(db_env, aid, user, jobs, barrier, results))
        for user, jobs in (("anne", jobs_a), ("bjorn", jobs_b))
    ]
    for p in procs:
        p.start()
    outcome = dict(results.get(timeout=120) for _ in procs)
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0
    assert outcome == {"anne": [], "bjorn": []}

    view = AppContext(
        workspace, db_url_override=session.db_url_override, user_override="kontroll"
    ).store.audits.view(aid)
    stored = {(a.question_ref, a.participant): a for a in view.answers}
    assert len(stored) == 2 * EACH + SHARED
    for q, p, value in mine + theirs:
        a = stored[(q, p)]
        assert a.answer == value, (q, p)
        assert a.updated_by == ("anne" if value == "ja" else "bjorn")
        assert a.observation == f"{a.updated_by}: {value}"
    for q, p in shared:
        a = stored[(q, p)]
        # Last writer wins, and the row is consistent (answer and observation together).
        assert a.observation == f"{a.updated_by}: {a.answer}"
        assert a.version == 2
    r = cli("logg", aid, "--verifiser", "--json")
    assert r.exit_code == 0, r.stderr
    log = json.loads(r.stdout)
    assert log["verifisert"] is True
    answer_lines = [e for e in log["linjer"] if e["handling"] == "svar"]
    # Every write is in the log: 80 new answers, and each shared slot twice (new, changed).
    assert len(answer_lines) == 2 * EACH + 2 * SHARED
    assert [e["nr"] for e in log["linjer"]] == list(range(1, len(log["linjer"]) + 1))


def _tilsyn(db_env: dict, *args: str, user: str) -> subprocess.Popen:
    env = {**os.environ, "TILSYN_BRUKER": user, "PYTHONIOENCODING": "utf-8"}
    env.pop("TILSYN_DB_URL", None)
    env.update(db_env)
    return subprocess.Popen(
        [sys.executable, "-m", "tilsyn", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def test_real_conflict_between_two_commands_is_a_clear_message(
    cli, session, workspace, db_env, tmp_path
):
    """Two `tilsyn vurder --fil` commands at once give different answers to the same
    slots: one is stored whole, the other is refused whole with a message."""
    aid = _setup(cli)
    slots = _slots(session, aid)[:10]

    def answer_file(name: str, value: str) -> Path:
        f = tmp_path / name
        f.write_text(
            "sporsmal,deltaker,svar\n" + "".join(f"{q},{p},{value}\n" for q, p in slots),
            encoding="utf-8",
        )
        return f

    procs = {
        "anne": _tilsyn(
            db_env, "vurder", str(aid), "--fil", str(answer_file("a.csv", "ja")), user="anne"
        ),
        "bjorn": _tilsyn(
            db_env, "vurder", str(aid), "--fil", str(answer_file("b.csv", "nei")), user="bjorn"
        ),
    }
    done = {user: (p.wait(timeout=60), *p.communicate()) for user, p in procs.items()}
    codes = sorted(code for code, _, _ in done.values())
    assert codes == [0, ExitCode.CONFLICT], done
    winner = next(u for u, (code, _, _) in done.items() if code == 0)
    loser = next(u for u, (code, _, _) in done.items() if code != 0)
    err = done[loser][2]
    assert err.startswith("feil: ")
    assert "10 svar er forskjellige fra det som er lagret; bruk --overskriv" in err
    assert "Ingenting ble lagret" in err
    assert "Traceback" not in err
    view = session.store.audits.view(aid)
    assert {a.updated_by for a in view.answers} == {winner}
    assert len(view.answers) == 10
    assert cli("logg", aid, "--verifiser").exit_code == 0


def test_scripted_commands_in_parallel_subprocesses(cli, session, workspace, db_env):
    """The real entry point (`python -m tilsyn vurder`) in two processes at once."""
    aid = _setup(cli)
    slots = _slots(session, aid)[:4]
    procs = []
    for n, (q, p) in enumerate(slots):
        user = "anne" if n % 2 else "bjorn"
        procs.append(
            _tilsyn(
                db_env,
                "vurder",
                str(aid),
                "--sporsmal",
                q,
                "--deltaker",
                p,
                "--svar",
                "ja",
                user=user,
            )
        )
        if len(procs) % 2 == 0:  # two at a time
            for proc in procs[-2:]:
                _, err = proc.communicate(timeout=60)
                assert proc.returncode == 0, err
    assert {(a.question_ref, a.participant) for a in session.store.audits.view(aid).answers} == set(
        slots
    )
    assert cli("logg", aid, "--verifiser").exit_code == 0
