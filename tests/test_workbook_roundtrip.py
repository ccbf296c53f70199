"""Auditor workbook: export → fill in Excel (openpyxl) → import, and what it looks like."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from openpyxl import load_workbook
from workbook_helpers import PEOPLE, edit, file_row, new_audit, rows_of, state

from tilsyn.store import AnswerInput

SHEET = "Individuell plan"


def _fill(wb):
    """Fill every slot as an auditor would: ja, some nei with observations and sources."""
    ws = wb[SHEET]
    rows = rows_of(ws)
    ws[f"D{rows['B1.6']}"] = "ja"
    ws[f"E{rows['B1.6']}"] = "=Rutinen er kjent (tekst som starter med =)"
    ws[f"E{rows['B1.6']}"].data_type = "s"
    ws[f"F{rows['B1.6']}"] = "1, 2"
    files = wb["Deltakermapper"]
    for r in range(4, files.max_row + 1):
        ref, who = files[f"B{r}"].value, files[f"A{r}"].value
        if not ref:
            continue
        bad = ref == "B1.1" and who == "P02"
        files[f"D{r}"] = "Nei" if bad else "ja"  # case-insensitive
        if bad:
            files[f"E{r}"] = "Vedtaket mangler.\nSe mappen."
            files[f"F{r}"] = 2
    return wb


def _expected_items(session, audit_id):
    """The same answers, written directly through the store."""
    cl = session.store.checklist_of(audit_id)
    items = []
    for _, _, q in cl.questions():
        if q.scope == "kommune":
            if q.ref_id == "B1.6":
                items.append(AnswerInput("B1.6", "", "ja",
                                         observation="=Rutinen er kjent (tekst som starter "
                                         "med =)", sources=(1, 2)))
            continue
        for p in PEOPLE:
            bad = q.ref_id == "B1.1" and p == "P02"
            items.append(AnswerInput(q.ref_id, p, "nei" if bad else "ja",
                                     observation="Vedtaket mangler.\nSe mappen." if bad else None,
                                     sources=(2,) if bad else ()))
    return items


def test_round_trip_equals_scoring_through_the_store(session, cli, tmp_path):
    a = new_audit(session)
    b = new_audit(session)
    out = tmp_path / "arbeidsbok.xlsx"
    r = cli("arbeidsbok", "eksporter", str(a), "-o", str(out))
    assert r.exit_code == 0, r.stderr
    edit(out, _fill)

    dry = cli("arbeidsbok", "importer", str(a), str(out), "--torrkjoring")
    assert dry.exit_code == 0, dry.stderr
    assert "nye svar: " in dry.stdout and "Tørrkjøring" in dry.stdout
    assert state(session, a)[0] == []

    r = cli("arbeidsbok", "importer", str(a), str(out), "--json")
    assert r.exit_code == 0, r.stderr
    session.store.write_answers(b, _expected_items(session, b))
    assert state(session, a)[0] == state(session, b)[0]
    assert session.store.verify_log(f"tilsyn:{session.view(a).audit.uid}") == []

    # The log records who imported which file (sha256) and what changed.
    entries = session.store.log_entries(f"tilsyn:{session.view(a).audit.uid}")
    imp = [e for e in entries if e.action == "import arbeidsbok"]
    assert len(imp) == 1 and imp[0].entity == "arbeidsbok.xlsx" and imp[0].user == "revisor"
    from tilsyn.session import sha256_file

    assert imp[0].new["sha256"] == sha256_file(out)
    assert imp[0].new["nye"] == len(_expected_items(session, b))

    # Importing the same file again changes nothing.
    again = cli("arbeidsbok", "importer", str(a), str(out), "--json")
    assert '"nye": 0' in again.stdout and '"endrede": 0' in again.stdout


def test_changed_answer_needs_overwrite(session, cli, tmp_path):
    a = new_audit(session)
    out = tmp_path / "a.xlsx"
    cli("arbeidsbok", "eksporter", str(a), "-o", str(out))
    edit(out, _fill)
    assert cli("arbeidsbok", "importer", str(a), str(out)).exit_code == 0

    def flip(wb):
        files = wb["Deltakermapper"]
        files[f"D{file_row(files, 'P01', 'B1.1')}"] = "nei"

    edit(out, flip)
    before = state(session, a)
    r = cli("arbeidsbok", "importer", str(a), str(out))
    assert r.exit_code == 6
    assert "1 svar er forskjellige fra det som er lagret; bruk --overskriv" in r.stderr
    assert "B1.1 / P01: lagret «ja», ny «nei»" in r.stderr
    assert state(session, a) == before
    r = cli("arbeidsbok", "importer", str(a), str(out), "--overskriv")
    assert r.exit_code == 0, r.stderr
    assert "~ B1.1 / P01: ja → nei" in r.stdout
    assert session.view(a).answer("B1.1", "P01").answer == "nei"


def test_export_looks_professional_and_is_safe(session, tmp_path):
    a = new_audit(session)
    session.store.write_answers(a, [AnswerInput("B1.6", "", "ja", observation="=HYPERLINK(1)")])
    out = tmp_path / "a.xlsx"
    from tilsyn.workbook.export import export_audit_workbook

    export_audit_workbook(session.view(a), out, user="revisor")
    wb = load_workbook(out)
    assert wb.sheetnames[:5] == ["Veiledning", SHEET, "Deltakermapper", "Oversikt deltakere",
                                 "Dokumenter"]
    assert wb["Metadata"].sheet_state == "veryHidden" and wb["Lister"].sheet_state == "hidden"
    ws = wb[SHEET]
    rows = rows_of(ws)
    cell = ws[f"E{rows['B1.6']}"]
    assert cell.value == "=HYPERLINK(1)" and cell.data_type == "s"  # never a formula
    assert ws.protection.sheet and ws[f"A{rows['B1.6']}"].protection.locked
    assert not ws[f"D{rows['B1.6']}"].protection.locked
    assert ws.freeze_panes == "C4" and ws.print_title_rows == "$3:$3"
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws["B3"].value == "Kontrollspørsmål" and ws["B3"].fill.start_color.rgb.endswith(
        "1F3864")
    # Drop-downs refer to a defined name on the hidden sheet, never an inline list.
    formulas = {dv.formula1 for dv in ws.data_validations.dataValidation}
    assert formulas and all(f.startswith("=svar_") for f in formulas)
    assert "svar_1" in wb.defined_names
    props = {p.name: p.value for p in wb.custom_doc_props.props}
    assert props["tilsyn_id"] == a and props["tilsyn_format"] == 1
    assert props["tilsyn_uid"] == session.view(a).audit.uid
    cl = session.store.checklist_of(a)
    assert ws[f"B{rows['B1.1']}"].value == cl.question("B1.1").question
    per_file = [q for _, _, q in cl.questions() if q.scope == "deltaker"]
    assert wb["Deltakermapper"].max_row == 3 + len(PEOPLE) * len(per_file)
    assert all(wb[f"Timeplan {p}"]["A1"].value == f"Timeplan for deltakermappe {p} (en typisk "
               "uke)" for p in PEOPLE)


def test_timetable_round_trip(session, cli, tmp_path):
    a = new_audit(session)
    session.store.set_participant_data(a, "P01", "timeplan", [
        {"aktivitet": "Norskopplæring", "type": "norsk", "minutter": 0, "leksjoner": 15}])
    out = tmp_path / "a.xlsx"
    cli("arbeidsbok", "eksporter", str(a), "-o", str(out))
    wb = load_workbook(out)
    ws = wb["Timeplan P01"]
    assert ws["A4"].value == "Norskopplæring"
    text = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert "18,7 timer per uke" in text  # 15 × 75 min = 18.75 h (rounded down)

    def add(wb):
        ws = wb["Timeplan P02"]
        ws["A4"], ws["B4"], ws["C4"] = "Arbeidspraksis", "annet", 1350
        ws["A5"], ws["B5"], ws["D5"] = "Samfunnskunnskap", "Samfunnskunnskap", "9"

    edit(out, add)
    r = cli("arbeidsbok", "importer", str(a), str(out), "--json")
    assert r.exit_code == 0, r.stderr
    assert '"timeplaner": 1' in r.stdout
    data = {p.pseudonym: p.data for p in session.view(a).participants()}
    assert data["P02"]["timeplan"] == [
        {"aktivitet": "Arbeidspraksis", "type": "annet", "minutter": 1350, "leksjoner": 0},
        {"aktivitet": "Samfunnskunnskap", "type": "samfunnskunnskap", "minutter": 0,
         "leksjoner": 9}]
    assert data["P01"]["timeplan"][0]["leksjoner"] == 15


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) mangler")
def test_libreoffice_resave_still_imports(session, cli, tmp_path):
    a = new_audit(session)
    out = tmp_path / "a.xlsx"
    cli("arbeidsbok", "eksporter", str(a), "-o", str(out))
    edit(out, _fill)
    lo_dir = tmp_path / "lo"
    profile = Path("/tmp") / f"lo-{uuid.uuid4()}"
    try:
        subprocess.run(["soffice", "--headless", "--norestore",
                        f"-env:UserInstallation=file://{profile}", "--convert-to", "xlsx",
                        "--outdir", str(lo_dir), str(out)], capture_output=True, timeout=180,
                       check=False)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    resaved = lo_dir / "a.xlsx"
    assert resaved.exists(), "LibreOffice skrev ingen fil"
    wb = load_workbook(resaved)
    assert wb["Metadata"].sheet_state in ("hidden", "veryHidden")
    r = cli("arbeidsbok", "importer", str(a), str(resaved), "--json")
    assert r.exit_code == 0, r.stderr
    b = new_audit(session)
    session.store.write_answers(b, _expected_items(session, b))
    assert state(session, a)[0] == state(session, b)[0]
