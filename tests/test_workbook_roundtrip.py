"""Auditor workbook: export → fill in Excel (openpyxl) → import, and what it looks like."""

from __future__ import annotations

import pytest
from office import needs_soffice, resave
from openpyxl import load_workbook
from workbook_helpers import PEOPLE, edit, file_row, new_audit, rows_of, state

from tilsyn.app.answers import write_answers
from tilsyn.audit.models import AnswerInput
from tilsyn.files import NO_WORKSPACE

SHEET = "Individuell plan"


REASON = "Vedtaket er fattet, men ikke registrert i fagsystemet ennå"


def _fill(wb):
    """Fill every slot as an auditor would: ja, some nei with observations and sources, and
    a reason where the answer differs from the computed plan deadline (B1.5)."""
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
        answer, note, sources, reason = _answer_for(ref, who)
        files[f"D{r}"] = answer.capitalize() if answer == "nei" else answer  # any case
        files[f"E{r}"] = note
        files[f"F{r}"] = int(sources) if sources else None
        files[f"H{r}"] = reason
    return wb


def _answer_for(ref: str, who: str) -> tuple[str, str | None, str | None, str | None]:
    """(answer, observation, sources, reason) for one sampled file and question."""
    if ref == "B1.1" and who == "P02":
        return "nei", "Vedtaket mangler.\nSe mappen.", "2", None
    if ref == "B1.5":  # no decision recorded: the computed deadline check proposes «nei»
        return ("ja", None, None, REASON) if who == "P01" else ("nei", None, None, None)
    return "ja", None, None, None


def _score_through_cli(session, cli, tmp_path, audit_id):
    """The same answers, scored with `tilsyn vurder --fil` (a CSV answer file)."""
    import csv

    cl = session.store.audits.checklist_of(audit_id)
    path = tmp_path / f"svar-{audit_id}.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["sporsmal", "deltaker", "svar", "observasjon", "kilder", "begrunnelse"])
        for _, _, q in cl.questions():
            if q.scope == "kommune":
                if q.ref_id == "B1.6":
                    w.writerow(
                        [
                            "B1.6",
                            "",
                            "ja",
                            "=Rutinen er kjent (tekst som starter med =)",
                            "1, 2",
                            "",
                        ]
                    )
                continue
            for p in PEOPLE:
                answer, note, sources, reason = _answer_for(q.ref_id, p)
                w.writerow([q.ref_id, p, answer, note or "", sources or "", reason or ""])
    r = cli("vurder", str(audit_id), "--fil", str(path))
    assert r.exit_code == 0, r.stderr


def _full_state(session, audit_id):
    """Every stored field of every answer, including the proposals and reasons."""
    return sorted(
        (
            a.question_ref,
            a.participant,
            a.answer,
            a.observation,
            a.sources,
            a.proposed,
            a.proposed_note,
            a.override_reason,
        )
        for a in session.store.audits.view(audit_id).answers
    )


def test_round_trip_equals_scoring_through_the_cli(session, cli, tmp_path):
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
    _score_through_cli(session, cli, tmp_path, b)
    assert _full_state(session, a) == _full_state(session, b)
    stored = session.store.audits.view(a).answer("B1.5", "P01")
    assert (stored.answer, stored.proposed, stored.override_reason) == ("ja", "nei", REASON)
    assert session.store.log.verify(f"tilsyn:{session.store.audits.view(a).audit.uid}") == []

    # The log records who imported which file (sha256), when, and what changed.
    entries = session.store.log.entries(f"tilsyn:{session.store.audits.view(a).audit.uid}")
    imp = [e for e in entries if e.action == "import arbeidsbok"]
    assert len(imp) == 1 and imp[0].entity == "arbeidsbok.xlsx" and imp[0].user == "revisor"
    assert imp[0].at  # when
    from tilsyn.files import sha256_file

    assert imp[0].new["sha256"] == sha256_file(out)
    n = len(session.store.audits.view(b).answers)
    assert imp[0].new["nye"] == n and len(imp[0].new["endringer"]) == n
    assert "B1.1 / P02: – → nei" in imp[0].new["endringer"]
    per_answer = [e for e in entries if e.action == "svar (arbeidsbok)"]
    assert len(per_answer) == n

    # Importing the same file again changes nothing.
    again = cli("arbeidsbok", "importer", str(a), str(out), "--json")
    assert '"nye": 0' in again.stdout and '"endrede": 0' in again.stdout


def test_answer_differing_from_the_proposal_needs_a_reason(session, cli, tmp_path):
    a = new_audit(session)
    out = tmp_path / "a.xlsx"
    cli("arbeidsbok", "eksporter", str(a), "-o", str(out))
    where = {}

    def fill(wb):
        files = wb["Deltakermapper"]
        r = file_row(files, "P03", "B1.5")
        assert files[f"G{r}"].value.startswith("nei: Det er ikke fattet vedtak")
        assert not files[f"H{r}"].protection.locked
        files[f"D{r}"] = "ja"
        where["r"] = r

    edit(out, fill)
    before = state(session, a)
    r = cli("arbeidsbok", "importer", str(a), str(out))
    assert r.exit_code == 4
    assert (
        f"Ark 'Deltakermapper', celle H{where['r']}: beregningen foreslår «nei» for "
        "B1.5 / P03 (Det er ikke fattet vedtak om individuell plan, og fristen 2. april "
        "2017 (tre måneder etter 2. januar 2017) er overskredet med "
    ) in r.stderr
    assert "for å svare «ja» må du skrive en begrunnelse i denne cellen" in r.stderr
    assert state(session, a) == before

    edit(out, lambda wb: wb["Deltakermapper"].__setitem__(f"H{where['r']}", "Se e-post"))
    assert cli("arbeidsbok", "importer", str(a), str(out)).exit_code == 0
    stored = session.store.audits.view(a).answer("B1.5", "P03")
    assert (stored.answer, stored.proposed, stored.override_reason) == ("ja", "nei", "Se e-post")


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
    assert session.store.audits.view(a).answer("B1.1", "P01").answer == "nei"


def test_export_looks_professional_and_is_safe(session, tmp_path):
    a = new_audit(session)
    write_answers(session, a, [AnswerInput("B1.6", "", "ja", observation="=HYPERLINK(1)")])
    out = tmp_path / "a.xlsx"
    from tilsyn.workbook.export import export_audit_workbook

    export_audit_workbook(session.store.audits.view(a), out, user="revisor", rules=NO_WORKSPACE)
    wb = load_workbook(out)
    assert wb.sheetnames[:5] == [
        "Veiledning",
        SHEET,
        "Deltakermapper",
        "Oversikt deltakere",
        "Dokumenter",
    ]
    assert wb["Metadata"].sheet_state == "veryHidden" and wb["Lister"].sheet_state == "hidden"
    ws = wb[SHEET]
    rows = rows_of(ws)
    cell = ws[f"E{rows['B1.6']}"]
    assert cell.value == "=HYPERLINK(1)" and cell.data_type == "s"  # never a formula
    assert ws.protection.sheet and ws[f"A{rows['B1.6']}"].protection.locked
    assert not ws[f"D{rows['B1.6']}"].protection.locked
    assert ws.freeze_panes == "C4" and ws.print_title_rows == "$3:$3"
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws["B3"].value == "Kontrollspørsmål" and ws["B3"].fill.start_color.rgb.endswith("1F3864")
    # Drop-downs refer to a defined name on the hidden sheet, never an inline list.
    formulas = {dv.formula1 for dv in ws.data_validations.dataValidation}
    assert formulas and all(f.startswith("=svar_") for f in formulas)
    assert "svar_1" in wb.defined_names
    props = {p.name: p.value for p in wb.custom_doc_props.props}
    assert props["tilsyn_id"] == a and props["tilsyn_format"] == 2
    assert props["tilsyn_uid"] == session.store.audits.view(a).audit.uid
    cl = session.store.audits.checklist_of(a)
    assert ws[f"B{rows['B1.1']}"].value == cl.question("B1.1").question
    per_file = [q for _, _, q in cl.questions() if q.scope == "deltaker"]
    assert wb["Deltakermapper"].max_row == 3 + len(PEOPLE) * len(per_file)
    assert all(
        wb[f"Timeplan {p}"]["A1"].value == f"Timeplan for deltakermappe {p} (en typisk uke)"
        for p in PEOPLE
    )
    # Rows are sized to their wrapped text (LibreOffice and Excel do not do it on opening).
    assert ws.row_dimensions[rows["B1.1"]].height >= 5 * 13  # six legal bases in column C
    assert ws.row_dimensions[rows["B1"]].height >= 4 * 13  # the requirement text in G
    # Deltakermapper: proposal (G, locked) and reason (H, input) only for computed checks.
    files = wb["Deltakermapper"]
    assert [files.cell(row=3, column=c).value for c in (7, 8)] == [
        "Forslag fra beregningen",
        "Begrunnelse når svaret avviker fra forslaget",
    ]
    computed = file_row(files, "P01", "B1.5")
    plain = file_row(files, "P01", "B1.1")
    assert files[f"G{computed}"].value.startswith("nei: Det er ikke fattet vedtak")
    assert files[f"G{computed}"].protection.locked
    assert not files[f"H{computed}"].protection.locked and files[f"H{plain}"].protection.locked
    assert files.auto_filter.ref == f"A3:H{files.max_row}"
    # Answers that indicate a violation are highlighted wherever answers are shown.
    assert any("nei" in r.formula[0] for cf in ws.conditional_formatting for r in cf.rules)


def test_timetable_round_trip(session, cli, tmp_path):
    a = new_audit(session)
    session.store.evidence.set_participant_data(
        a,
        [
            (
                "P01",
                "timeplan",
                [{"aktivitet": "Norskopplæring", "type": "norsk", "minutter": 0, "leksjoner": 15}],
            )
        ],
    )
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
    data = {p.pseudonym: p.data for p in session.store.audits.view(a).participants()}
    assert data["P02"]["timeplan"] == [
        {"aktivitet": "Arbeidspraksis", "type": "annet", "minutter": 1350, "leksjoner": 0},
        {
            "aktivitet": "Samfunnskunnskap",
            "type": "samfunnskunnskap",
            "minutter": 0,
            "leksjoner": 9,
        },
    ]
    assert data["P01"]["timeplan"][0]["leksjoner"] == 15


@pytest.mark.libreoffice
@needs_soffice
def test_libreoffice_resave_still_imports(session, cli, tmp_path):
    """Export, fill, re-save with LibreOffice (very hidden → hidden, ints → floats), import."""
    a = new_audit(session)
    out = tmp_path / "a.xlsx"
    cli("arbeidsbok", "eksporter", str(a), "-o", str(out))
    edit(out, _fill)
    lo_dir = tmp_path / "lo"
    resave([out], lo_dir, "xlsx")
    resaved = lo_dir / "a.xlsx"
    assert resaved.exists(), "LibreOffice skrev ingen fil"
    wb = load_workbook(resaved)
    assert wb["Metadata"].sheet_state in ("hidden", "veryHidden")
    r = cli("arbeidsbok", "importer", str(a), str(resaved), "--json")
    assert r.exit_code == 0, r.stderr
    b = new_audit(session)
    _score_through_cli(session, cli, tmp_path, b)
    assert _full_state(session, a) == _full_state(session, b)


def test_imported_timetable_recomputes_the_full_time_proposal(session, cli, tmp_path):
    a = new_audit(session)
    csv_path = tmp_path / "uke.csv"
    csv_path.write_text(
        "aktivitet,type,minutter,leksjoner\nNorskopplæring,norsk,,15\nArbeidspraksis,annet,1200,\n",
        encoding="utf-8",
    )
    r = cli(
        "vurder",
        str(a),
        "--sporsmal",
        "B6.2",
        "--deltaker",
        "P01",
        "--svar",
        "ja",
        "--timeplan",
        str(csv_path),
    )
    assert r.exit_code == 0, r.stderr  # 18.75 + 20 = 38.75 hours: full time
    out = tmp_path / "a.xlsx"
    cli("arbeidsbok", "eksporter", str(a), "-o", str(out))
    where = {}

    def shorten(wb):
        wb["Timeplan P01"]["C5"] = 900  # 18.75 + 15 = 33.75 hours: not full time
        wb["Timeplan P02"]["A4"], wb["Timeplan P02"]["B4"] = "Norsk", "norsk"
        wb["Timeplan P02"]["D4"] = 20
        files = wb["Deltakermapper"]
        where["r"] = file_row(files, "P01", "B6.2")
        assert files[f"D{where['r']}"].value == "ja"

    edit(out, shorten)
    before = state(session, a)
    r = cli("arbeidsbok", "importer", str(a), str(out), "--overskriv")
    assert r.exit_code == 4, r.stderr
    assert (
        f"Ark 'Deltakermapper', celle H{where['r']}: beregningen foreslår «nei» for "
        "B6.2 / P01 (Programmet utgjør 33,7 timer per uke etter reglene; kravet er 37,5 "
        "timer. Det mangler 225 minutter per uke); for å svare «ja» må du skrive en "
        "begrunnelse i denne cellen"
    ) in r.stderr
    assert state(session, a) == before

    edit(
        out,
        lambda wb: wb["Deltakermapper"].__setitem__(
            f"H{where['r']}", "Deltakeren har i tillegg kveldskurs som ikke står i timeplanen"
        ),
    )
    r = cli("arbeidsbok", "importer", str(a), str(out), "--overskriv", "--json")
    assert r.exit_code == 0, r.stderr
    import json

    result = json.loads(r.stdout)
    assert result["timeplaner"] == 2
    forslag = {(p["sporsmal"], p["deltaker"]): p["forslag"] for p in result["forslag"]}
    assert forslag == {("B6.2", "P01"): "nei", ("B6.2", "P02"): "nei"}  # P02 unanswered
    stored = session.store.audits.view(a).answer("B6.2", "P01")
    assert (stored.answer, stored.proposed) == ("ja", "nei")
    assert stored.proposed_note.startswith("Programmet utgjør 33,7 timer per uke")
    assert stored.override_reason.startswith("Deltakeren har i tillegg kveldskurs")
    assert session.store.audits.view(a).answer("B6.2", "P02") is None
    data = {p.pseudonym: p.data for p in session.store.audits.view(a).participants()}
    assert data["P01"]["timeplan"][1]["minutter"] == 900
    entries = session.store.log.entries(f"tilsyn:{session.store.audits.view(a).audit.uid}")
    imp = [e for e in entries if e.action == "import arbeidsbok"][-1]
    assert imp.new["timeplaner"] == ["P01", "P02"]
    assert imp.new["endringer"] == [
        "B6.2 / P01: ja (ny observasjon, kilder, forslag eller begrunnelse)"
    ]
