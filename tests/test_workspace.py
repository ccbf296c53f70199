"""The workspace through the CLI: `tilsyn init`, finding the workspace, tilsyn.toml checks,
and selecting another database with --db / TILSYN_DB_URL."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from helpers import cli_runner

from tilsyn.cli import app
from tilsyn.errors import ExitCode


def run(*args: str, env: dict[str, str] | None = None):
    """Invoke the CLI without any workspace preset (the caller chooses cwd/env)."""
    return cli_runner().invoke(
        app, [str(a) for a in args], env={"TILSYN_BRUKER": "revisor", **(env or {})}
    )


def make_audit(root: Path, *extra: str) -> int:
    r = run(
        "--arbeidsomrade",
        str(root),
        *extra,
        "opprett",
        "--kommune",
        "1001",
        "--sjekkliste",
        "individuell-plan",
        "--json",
    )
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)["id"]


def test_init_creates_config_database_and_folders(tmp_path):
    r = run("init", str(tmp_path / "ws"), "--kontor", "Statsforvalteren i Vestfold og Telemark")
    assert r.exit_code == 0, r.stderr
    root = tmp_path / "ws"
    assert "Opprettet arbeidsområde" in r.stdout
    toml = (root / "tilsyn.toml").read_text(encoding="utf-8")
    assert 'navn = "Statsforvalteren i Vestfold og Telemark"' in toml
    assert "[frister]" in toml and "dokumentasjon_uker = 3" in toml
    assert "julaften_stengt" in toml
    for folder in ("utdata", "sjekklister", "sendt", "maler"):
        assert (root / folder).is_dir(), folder
    # The database exists and is migrated (has the audits table and a version).
    con = sqlite3.connect(root / "tilsyn.db")
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"audits", "answers", "log_entries", "alembic_version"} <= tables
    finally:
        con.close()


def test_init_refuses_to_overwrite(tmp_path):
    assert run("init", str(tmp_path / "ws")).exit_code == 0
    config = tmp_path / "ws" / "tilsyn.toml"
    config.write_text(config.read_text(encoding="utf-8") + "# mine endringer\n", encoding="utf-8")
    r = run("init", str(tmp_path / "ws"))
    assert r.exit_code == ExitCode.WORKSPACE
    assert "finnes allerede" in r.stderr
    assert "# mine endringer" in config.read_text(encoding="utf-8")


def test_found_upwards_from_subfolder(tmp_path, monkeypatch):
    assert run("init", str(tmp_path / "ws")).exit_code == 0
    deep = tmp_path / "ws" / "utdata" / "a" / "b"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    r = run("opprett", "--kommune", "1001", "--sjekkliste", "individuell-plan")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.strip() == "1"
    r = run("liste", "--json")
    assert [a["id"] for a in json.loads(r.stdout)] == [1]


def test_found_via_tilsyn_home_and_option(tmp_path, monkeypatch):
    assert run("init", str(tmp_path / "ws")).exit_code == 0
    elsewhere = tmp_path / "annet"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    r = run(
        "opprett",
        "--kommune",
        "1001",
        "--sjekkliste",
        "individuell-plan",
        env={"TILSYN_HOME": str(tmp_path / "ws")},
    )
    assert r.exit_code == 0, r.stderr
    r = run("--arbeidsomrade", str(tmp_path / "ws"), "liste", "--json")
    assert r.exit_code == 0, r.stderr
    assert len(json.loads(r.stdout)) == 1
    # The æøå spelling of the option works too.
    r = run("--arbeidsområde", str(tmp_path / "ws"), "vis", "1", "--json")
    assert r.exit_code == 0, r.stderr


def test_no_workspace_gives_clear_message_and_exit_10(tmp_path, monkeypatch):
    empty = tmp_path / "tom"
    empty.mkdir()
    monkeypatch.chdir(empty)
    r = run("liste")
    assert r.exit_code == ExitCode.WORKSPACE == 10
    assert r.stderr.startswith("feil: Fant ikke noe arbeidsområde")
    assert "tilsyn init" in r.stderr
    assert "Traceback" not in r.stderr + r.stdout
    r = run("liste", env={"TILSYN_HOME": str(empty)})
    assert r.exit_code == 10
    assert "ikke et arbeidsområde" in r.stderr


@pytest.mark.parametrize(
    ("section", "line", "key"),
    [
        ("[frister]", 'dokumentasjon_uker = "tre"', "dokumentasjon_uker"),
        ("[frister]", "uttalelse_uker = 0", "uttalelse_uker"),
        ("[kalender]", 'julaften_stengt = "ja"', "julaften_stengt"),
        ("[kontor]", "navn = 42", "navn"),
    ],
)
def test_invalid_config_value_names_the_key(tmp_path, section, line, key):
    assert run("init", str(tmp_path / "ws")).exit_code == 0
    config = tmp_path / "ws" / "tilsyn.toml"
    text = config.read_text(encoding="utf-8")
    # Replace the existing key in its section (TOML refuses duplicate keys).
    lines = [ln for ln in text.splitlines() if not ln.startswith(f"{key} =")]
    at = lines.index(section)
    lines.insert(at + 1, line)
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = run("--arbeidsomrade", str(tmp_path / "ws"), "liste")
    assert r.exit_code == ExitCode.WORKSPACE
    assert key in r.stderr
    assert "tilsyn.toml" in r.stderr
    assert "Traceback" not in r.stderr


def test_invalid_toml_syntax(tmp_path):
    assert run("init", str(tmp_path / "ws")).exit_code == 0
    config = tmp_path / "ws" / "tilsyn.toml"
    config.write_text("[frister\n", encoding="utf-8")
    r = run("--arbeidsomrade", str(tmp_path / "ws"), "liste")
    assert r.exit_code == ExitCode.WORKSPACE
    assert "ugyldig TOML" in r.stderr


def test_db_option_and_env_select_another_database(tmp_path):
    assert run("init", str(tmp_path / "ws")).exit_code == 0
    root = tmp_path / "ws"
    other = tmp_path / "annen.db"
    url = f"sqlite:///{other.as_posix()}"
    make_audit(root, "--db", url)
    assert other.is_file()
    # The workspace's own database has no audits; the other one has one.
    r = run("--arbeidsomrade", str(root), "liste", "--json")
    assert json.loads(r.stdout) == []
    r = run("--arbeidsomrade", str(root), "--db", url, "liste", "--json")
    assert [a["id"] for a in json.loads(r.stdout)] == [1]
    r = run("--arbeidsomrade", str(root), "liste", "--json", env={"TILSYN_DB_URL": url})
    assert [a["id"] for a in json.loads(r.stdout)] == [1]


def test_bad_database_url_is_a_workspace_error(tmp_path):
    assert run("init", str(tmp_path / "ws")).exit_code == 0
    r = run("--arbeidsomrade", str(tmp_path / "ws"), "--db", "mysql://x/y", "liste")
    assert r.exit_code == ExitCode.WORKSPACE
    assert "støttes ikke" in r.stderr


def test_contact_details_follow_the_year(workspace):
    from tilsyn.workspace import read_config

    text = workspace.config_path.read_text(encoding="utf-8")
    text += (
        "\n[[kontor.historiske_navn]]\nfra = 2016\ntil = 2018\n"
        'adresse = "Postboks 788 Stoa, 4809 Arendal"\nepost = "fmavpost@fylkesmannen.no"\n'
    )
    workspace.config_path.write_text(text, encoding="utf-8")
    cfg = read_config(workspace.config_path)
    then = cfg.contact_for_year(2017)
    assert then.address == "Postboks 788 Stoa, 4809 Arendal"
    assert then.email == "fmavpost@fylkesmannen.no"
    assert then.department == cfg.department  # not given for that period: today's
    assert cfg.contact_for_year(2019).address == cfg.address
    assert cfg.contact_for_year(2024).email == cfg.email
    # The office's name comes from the office register, not from tilsyn.toml.
    assert cfg.office_for_year(2017) == "Fylkesmannen i Aust- og Vest-Agder"
    assert cfg.office_for_year(2019) == "Fylkesmannen i Agder"
    assert cfg.office_for_year(2024, nynorsk=True) == "Statsforvaltaren i Agder"


def test_appeal_body_is_read_from_tilsyn_toml(bare_workspace):
    from datetime import date

    from tilsyn.workspace import read_config

    path = bare_workspace.config_path
    text = path.read_text(encoding="utf-8")
    assert read_config(path).appeal_on(date(2017, 6, 1)) == ""  # nothing set by init
    # One body for every period (older workspaces), under [kontor]:
    path.write_text(
        text.replace('telefon = ""', 'telefon = ""\nklageinstans = "departementet"'),
        encoding="utf-8",
    )
    assert read_config(path).appeal_on(date(2017, 6, 1)) == "departementet"
    # Per period, which wins over the single value where it applies:
    path.write_text(
        text.replace('telefon = ""', 'telefon = ""\nklageinstans = "departementet"')
        + '\n[[kontor.klageinstanser]]\nfra = 2022-01-01\nnavn = "AID"\n'
        'navn_nynorsk = "AID nn"\n',
        encoding="utf-8",
    )
    cfg = read_config(path)
    assert cfg.appeal_on(date(2026, 3, 1)) == "AID"
    assert cfg.appeal_on(date(2026, 3, 1), nynorsk=True) == "AID nn"
    assert cfg.appeal_on(date(2021, 12, 31)) == "departementet"


@pytest.mark.parametrize(
    ("tables", "message"),
    [
        ("fra = 2022-01-01\n", "mangler navn"),
        ('fra = "1. mars"\nnavn = "X"\n', "er ikke en dato"),
        ('fra = 2022-01-01\ntil = 2021-01-01\nnavn = "X"\n', "er før fra"),
    ],
)
def test_bad_appeal_body_periods_are_refused(bare_workspace, tables, message):
    from tilsyn.errors import WorkspaceError
    from tilsyn.workspace import read_config

    path = bare_workspace.config_path
    path.write_text(
        path.read_text(encoding="utf-8") + "\n[[kontor.klageinstanser]]\n" + tables,
        encoding="utf-8",
    )
    with pytest.raises(WorkspaceError, match=message):
        read_config(path)


def test_overlapping_appeal_body_periods_are_refused(bare_workspace):
    from tilsyn.errors import WorkspaceError
    from tilsyn.workspace import read_config

    path = bare_workspace.config_path
    path.write_text(
        path.read_text(encoding="utf-8")
        + '\n[[kontor.klageinstanser]]\nfra = 2018-01-17\ntil = 2021-12-31\nnavn = "KD"\n'
        + '\n[[kontor.klageinstanser]]\nfra = 2021-01-01\nnavn = "AID"\n',
        encoding="utf-8",
    )
    with pytest.raises(WorkspaceError, match="overlapper med «KD» \\(2021-01-01\\)"):
        read_config(path)
