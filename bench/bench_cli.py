"""Wall time of common CLI commands, each as a ratio to `python -c "import typer"`.

Run: .venv/bin/python bench/bench_cli.py [--runs N]

Creates its own temporary workspace with a scored audit (8 sampled files, every question
answered, every requirement concluded), then times in fresh subprocesses:

- ``tilsyn --help``
- ``tilsyn vis ID``
- ``tilsyn vurder ID --sporsmal B1.6 --svar ja|nei`` (alternating, so each run writes)

Prints the median (and min/max) of each over ``--runs`` runs (at least 5).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path


def _tilsyn_command() -> list[str]:
    """The installed console script next to this Python, else ``python -m tilsyn``."""
    script = Path(sys.executable).with_name("tilsyn")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "tilsyn"]


def build_workspace(root: Path) -> int:
    """A workspace in ``root`` with one scored and concluded audit; returns its id."""
    from tilsyn.app import answers as assessment
    from tilsyn.app.answers import write_answers
    from tilsyn.app.audits import create_audit, record_event, register_document
    from tilsyn.app.context import AppContext
    from tilsyn.app.demo import configure_office
    from tilsyn.audit import scoring
    from tilsyn.audit.models import AnswerInput
    from tilsyn.workspace import init_workspace

    ws = configure_office(init_workspace(root))
    s = AppContext(ws, user_override="bench")
    a = create_audit(
        s,
        municipality="1001",
        checklist="individuell-plan",
        case_number="2017/1",
        lead="Ola Hansen",
        auditors=["Kari Nordmann"],
        title=None,
        notice=date(2017, 3, 1),
    )
    record_event(s, a.id, "varsel", date(2017, 3, 1))
    register_document(s, a.id, title="Redegjørelse", when=date(2017, 3, 20), kind=None, path=None)
    people = [f"D{n:03d}" for n in range(1, 9)]
    s.store.evidence.set_sample(
        a.id,
        method="manuelt",
        seed=None,
        criteria="deltakere bosatt i 2016",
        population_size=20,
        population_file=None,
        population_sha256=None,
        requested=8,
        participants=[(p, {}) for p in people],
    )
    cl = s.store.audits.checklist_of(a.id)
    items = [
        AnswerInput(q.ref_id, p, "nei" if (req.ref_id == "B1" and i == 3) else "ja", sources=(1,))
        for _, req, q in cl.questions()
        for i, p in enumerate([""] if q.scope == "kommune" else people)
    ]
    write_answers(s, a.id, items)
    view = s.store.audits.view(a.id)
    for r in scoring.score_audit(cl, view.answers, people):
        assessment.conclude(
            s,
            a.id,
            requirement=r.requirement_ref,
            outcome=r.proposed or "ingen",
            practice="Praksis.",
            assessment="Vurdering.",
            conclusion="Konklusjon.",
            reason=None,
        )
    s.store.engine.dispose()
    return a.id


def time_command(argv: list[str], *, env: dict[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    r = subprocess.run(
        argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    elapsed = time.perf_counter() - start
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({r.returncode}): {r.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per command (min 5)")
    args = parser.parse_args()
    runs = max(5, args.runs)

    folder = Path(tempfile.mkdtemp(prefix="tilsyn-bench-"))
    try:
        root = folder / "ws"
        aid = build_workspace(root)
        env = {**os.environ, "TILSYN_HOME": str(root), "TILSYN_BRUKER": "bench"}
        env.pop("TILSYN_DB_URL", None)
        tilsyn = _tilsyn_command()
        answers = ["ja", "nei"]
        cases: list[tuple[str, object]] = [
            ('python -c "import typer"', lambda n: [sys.executable, "-c", "import typer"]),
            ("tilsyn --help", lambda n: [*tilsyn, "--help"]),
            (f"tilsyn vis {aid}", lambda n: [*tilsyn, "vis", str(aid)]),
            (
                f"tilsyn vurder {aid} --sporsmal B1.6 --svar ja|nei",
                lambda n: [
                    *tilsyn,
                    "vurder",
                    str(aid),
                    "--sporsmal",
                    "B1.6",
                    "--svar",
                    answers[n % 2],
                ],
            ),
        ]
        # One untimed warm-up per command (file system cache, .pyc files).
        for _, make in cases:
            time_command(make(1), env=env, cwd=folder)
        # Interleave the runs so that drift in machine load affects all commands alike.
        times: dict[str, list[float]] = {name: [] for name, _ in cases}
        for n in range(runs):
            for name, make in cases:
                times[name].append(time_command(make(n), env=env, cwd=folder))
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    baseline = statistics.median(times[cases[0][0]])
    print(
        f"tilsyn CLI benchmark: median of {runs} runs in fresh subprocesses "
        f"(Python {sys.version.split()[0]}, {os.cpu_count()} CPU)"
    )
    width = max(len(name) for name in times)
    print(f"{'command':<{width}}  {'median':>8}  {'min':>8}  {'max':>8}  {'× typer':>8}")
    for name, values in times.items():
        median = statistics.median(values)
        print(
            f"{name:<{width}}  {median:8.3f}s {min(values):8.3f}s {max(values):8.3f}s "
            f"{median / baseline:8.2f}"
        )


if __name__ == "__main__":
    main()
