"""The command line as a whole: entry points, import cost of --help, Norwegian help on
every command, every command documented in README.md, and no tracebacks for user errors."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from tilsyn.cli import app

REPO = Path(__file__).resolve().parent.parent
HEAVY = ("sqlalchemy", "openpyxl", "docxtpl", "docx", "holidays", "alembic", "matplotlib")
# Words that are English and never Norwegian ("to" and "for" are Norwegian words too).
ENGLISH = {
    "the",
    "and",
    "with",
    "show",
    "shows",
    "create",
    "creates",
    "this",
    "that",
    "which",
    "of",
    "from",
    "into",
    "is",
    "are",
    "print",
    "prints",
    "file",
    "files",
    "default",
    "message",
    "exit",
    "output",
    "write",
    "writes",
}


def commands():
    """(path, click command) for the root, every command and every subcommand."""

    def walk(cmd, path):
        yield path, cmd
        for name, sub in sorted(getattr(cmd, "commands", {}).items()):
            yield from walk(sub, [*path, name])

    return list(walk(typer.main.get_command(app), []))


def run_python(code: str, *, cwd: Path | None = None, env: dict | None = None):
    environment = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    for var in ("TILSYN_HOME", "TILSYN_DB_URL"):
        if env is None or var not in env:
            environment.pop(var, None)
    return subprocess.run(
        [sys.executable, *code],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=environment,
        timeout=120,
    )


def test_python_m_tilsyn_help():
    r = run_python(["-m", "tilsyn", "--help"])
    assert r.returncode == 0, r.stderr
    assert "Statlig tilsyn med introduksjonsprogrammet" in r.stdout
    for name in ("opprett", "hendelse", "vurder", "konkluder", "utvalg"):
        assert name in r.stdout


_IMPORT_PROBE = """
import json, sys
from typer.testing import CliRunner
from tilsyn.cli import app
paths = json.loads(sys.argv[1])
loaded = {}
for path in paths:
    r = CliRunner().invoke(app, [*path, "--help"])
    assert r.exit_code == 0, (path, r.output)
    loaded[" ".join(path) or "(root)"] = sorted(
        m for m in HEAVY if m in sys.modules)
print(json.dumps(loaded))
""".replace("HEAVY", repr(HEAVY))


def test_help_does_not_import_heavy_libraries():
    r = run_python(["-c", _IMPORT_PROBE, json.dumps([[]])])
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == {"(root)": []}
    # The console-script entry point too.
    probe = (
        "import sys; from tilsyn.cli import main; sys.argv = ['tilsyn', '--help']\n"
        "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    r = run_python(["-c", probe])
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().endswith("[]"), r.stdout


def test_help_of_every_command_does_not_import_heavy_libraries():
    paths = [path for path, _ in commands() if path]
    r = run_python(["-c", _IMPORT_PROBE, json.dumps(paths)])
    assert r.returncode == 0, r.stderr
    heavy = {k: v for k, v in json.loads(r.stdout).items() if v}
    assert heavy == {}, f"--help importerer tunge biblioteker: {heavy}"


def test_every_command_and_option_has_norwegian_help():
    problems = []
    for path, cmd in commands():
        name = "tilsyn " + " ".join(path)
        text = (cmd.help or "").strip()
        if not text:
            problems.append(f"{name}: mangler hjelpetekst")
        texts = [("kommando", text)]
        for p in cmd.params:
            if p.name == "help":
                continue
            ptext = (getattr(p, "help", None) or "").strip()
            if not ptext:
                problems.append(f"{name} {p.opts[0]}: mangler hjelpetekst")
            texts.append((p.opts[0], ptext))
        for where, t in texts:
            english = set(re.findall(r"[a-zæøå]+", t.lower())) & ENGLISH
            if english:
                problems.append(f"{name} {where}: engelske ord {sorted(english)}: {t[:60]}")
    assert problems == [], "\n".join(problems)


def test_every_command_is_in_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    missing = []
    for path, cmd in commands():
        if not path or getattr(cmd, "hidden", False):
            continue
        name = " ".join(path)
        if not re.search(rf"\btilsyn {re.escape(name)}(?![\w-])", readme):
            missing.append(f"tilsyn {name}")
    assert missing == [], "README.md nevner ikke: " + ", ".join(missing)


@pytest.fixture
def ws_with_audit(cli, workspace):
    assert cli("opprett", "--kommune", "1001", "--sjekkliste", "individuell-plan").exit_code == 0
    return workspace.root


BAD_INVOCATIONS = [
    (["vis", "abc"], 2, "ikke et gyldig tilsyns-id"),
    (["vis", "999"], 9, "Finner ikke tilsyn 999"),
    (["hendelse", "1", "fest"], 2, "ikke en gyldig hendelsestype"),
    (["hendelse", "1", "varsel", "--dato", "31.02.2017"], 2, "31.02.2017"),
    (["vis", "--foo"], 2, "--foo"),
    (["opprett", "--kommune", "1001"], 2, "--sjekkliste"),
    (["utvalg", "1", "--antall", "tre", "--populasjon", "x.csv"], 2, "--antall"),
    (["vurder", "1", "--fil", "finnes-ikke.csv"], 2, "finnes-ikke.csv"),
    (["db", "sikkerhetskopi"], 2, "FIL"),
    (["kommune", "malform", "1001", "latin"], 2, "latin"),
]


def test_user_errors_never_print_a_traceback(ws_with_audit, db_env):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    for var in ("TILSYN_HOME", "TILSYN_DB_URL"):
        env.pop(var, None)
    if "TILSYN_DB_URL" in db_env:  # the PostgreSQL pass: the workspace is found from cwd
        env["TILSYN_DB_URL"] = db_env["TILSYN_DB_URL"]
    # Started together to keep the test fast; each is checked on its own.
    procs = [
        (
            args,
            code,
            text,
            subprocess.Popen(
                [sys.executable, "-m", "tilsyn", *args],
                cwd=ws_with_audit,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
            ),
        )
        for args, code, text in BAD_INVOCATIONS
    ]
    problems = []
    for args, code, text, proc in procs:
        out, err = proc.communicate(timeout=120)
        name = "tilsyn " + " ".join(args)
        if proc.returncode != code:
            problems.append(f"{name}: avslutningskode {proc.returncode}, ventet {code}: {err}")
        if not err.startswith("feil:") or text not in err:
            problems.append(f"{name}: stderr {err!r}")
        if "Traceback" in err + out:
            problems.append(f"{name}: traceback")
    assert problems == [], "\n".join(problems)


def test_no_workspace_error_in_subprocess(tmp_path):
    empty = tmp_path / "tom"
    empty.mkdir()
    r = run_python(["-m", "tilsyn", "liste"], cwd=empty)
    assert r.returncode == 10
    assert r.stderr.startswith("feil: Fant ikke noe arbeidsområde")
    assert "Traceback" not in r.stderr
