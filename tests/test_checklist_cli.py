"""The `tilsyn sjekkliste` commands through the CLI, the committed JSON Schema, packaging."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from helpers import cli_runner

from tilsyn.checklist.registry import json_schema
from tilsyn.cli import app

REPO = Path(__file__).resolve().parent.parent
runner = cli_runner()


def test_list_shows_both_national_checklists():
    r = runner.invoke(app, ["sjekkliste", "liste"])
    assert r.exit_code == 0, r.output
    assert "helarig-fulltid" in r.stdout and "individuell-plan" in r.stdout
    data = json.loads(runner.invoke(app, ["sjekkliste", "liste", "--json"]).stdout)
    ids = {row["id"]: row for row in data}
    assert ids["individuell-plan"]["lov"] == "introduksjonsloven"
    assert ids["individuell-plan"]["krav"] == 6


def test_show_text_and_json():
    r = runner.invoke(app, ["sjekkliste", "vis", "individuell-plan"])
    assert r.exit_code == 0
    assert "LOV-2003-07-04-80" in r.stdout
    assert "Krav B1:" in r.stdout and "introduksjonsloven § 6" in r.stdout
    data = json.loads(
        runner.invoke(app, ["sjekkliste", "vis", "individuell-plan", "--json"]).stdout
    )
    assert data["schema_version"] == 1
    assert [r["ref_id"] for r in data["themes"][0]["requirements"]] == [
        "B1",
        "B2",
        "B3",
        "B4",
        "B5",
        "B6",
    ]


def test_show_unknown_checklist_names_the_valid_ones():
    r = runner.invoke(app, ["sjekkliste", "vis", "finnes-ikke"])
    assert r.exit_code == 9
    assert "Finner ingen sjekkliste med id «finnes-ikke»" in r.stderr
    assert "individuell-plan" in r.stderr
    assert "Traceback" not in r.output


def test_validate_shipped_checklists_passes():
    files = sorted(str(p) for p in (REPO / "checklists").glob("*.yaml"))
    r = runner.invoke(app, ["sjekkliste", "valider", *files])
    assert r.exit_code == 0, r.output
    assert r.stdout.count("OK  ") == len(files)


def test_validate_broken_file_lists_every_error_with_line(tmp_path):
    text = (REPO / "checklists" / "individuell-plan.yaml").read_text(encoding="utf-8")
    text = text.replace("legal_basis:", "legal_basisx:", 1)
    text = text.replace("scope: deltaker", "scope: fylke", 1)
    broken = tmp_path / "broken.yaml"
    broken.write_text(text, encoding="utf-8")
    r = runner.invoke(app, ["sjekkliste", "valider", str(broken)])
    assert r.exit_code == 3
    lines = [x for x in r.stderr.splitlines() if x.startswith(str(broken))]
    assert len(lines) == 3, r.stderr
    scope_line = (
        text.splitlines().index(next(x for x in text.splitlines() if "scope: fylke" in x)) + 1
    )
    assert any(x.startswith(f"{broken}:{scope_line}:") and "fylke" in x for x in lines)
    assert any("legal_basisx: ukjent felt" in x for x in lines)
    assert any("kravet mangler hjemmel" in x for x in lines)


def test_validate_refers_to_unknown_checklist(tmp_path):
    text = (REPO / "checklists" / "individuell-plan.yaml").read_text(encoding="utf-8")
    text = text.replace("see_also: [helarig-fulltid]", "see_also: [finnes-ikke]")
    assert "finnes-ikke" in text
    f = tmp_path / "x.yaml"
    f.write_text(text, encoding="utf-8")
    r = runner.invoke(app, ["sjekkliste", "valider", str(f)])
    assert r.exit_code == 3
    assert "ukjent sjekkliste «finnes-ikke»" in r.stderr


def test_schema_command_and_committed_copy_in_sync(tmp_path):
    out = tmp_path / "schema.json"
    r = runner.invoke(app, ["sjekkliste", "skjema", "-o", str(out)])
    assert r.exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8")) == json_schema()
    committed = json.loads((REPO / "docs" / "checklist.schema.json").read_text(encoding="utf-8"))
    assert committed == json_schema(), (
        "docs/checklist.schema.json is stale: run `tilsyn sjekkliste skjema -o "
        "docs/checklist.schema.json`"
    )


def test_workspace_checklist_folder_adds_checklists(workspace, cli):
    src = (REPO / "checklists" / "helarig-fulltid.yaml").read_text(encoding="utf-8")
    (workspace.checklists_dir / "kontor.yaml").write_text(
        src.replace("id: helarig-fulltid", "id: kontorets-tema"), encoding="utf-8"
    )
    r = cli("sjekkliste", "liste")
    assert "kontorets-tema" in r.stdout
    assert "arbeidsområdet (kontor.yaml)" in r.stdout


def test_python_dash_m_runs():
    r = subprocess.run(
        [sys.executable, "-m", "tilsyn", "sjekkliste", "liste"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 0 and "individuell-plan" in r.stdout


@pytest.mark.slow
def test_wheel_contains_checklists_templates_and_samples(tmp_path):
    r = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if r.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {r.stderr[-300:]}")
    wheel = next(tmp_path.glob("tilsyn-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for sub in (
        "checklists/individuell-plan.yaml",
        "checklists/helarig-fulltid.yaml",
        "samples/populasjon-kristiansand-2017.csv",
        "data/kommuner-2024.csv",
        "store/migrations/versions/0001_initial_tables.py",
    ):
        assert f"tilsyn/{sub}" in names, sub
    assert any(n.startswith("tilsyn/templates/") and n.endswith(".docx") for n in names)
