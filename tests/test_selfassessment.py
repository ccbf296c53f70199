"""Self-assessment (egenvurdering): create, export, fill, import, show, report."""

from __future__ import annotations

import json

import pytest
from docx import Document
from office import needs_soffice, resave
from openpyxl import load_workbook
from workbook_helpers import edit, identity_number, new_audit, rows_of

SHEET = "Heilårleg program på full tid"  # Valle (4221) writes nynorsk
SHEET_BOKMAL = "Helårig program på full tid"


def _create(cli, *args):
    r = cli(
        "egenvurdering",
        "opprett",
        "--kommune",
        "4221",
        "--sjekkliste",
        "helarig-fulltid",
        "--ar",
        "2016",
        "--json",
        *args,
    )
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)


def _fill(answers: dict[str, str]):
    def fn(wb):
        ws = wb[SHEET]
        rows = rows_of(ws)
        for ref, value in answers.items():
            ws[f"D{rows[ref]}"] = value
            ws[f"E{rows[ref]}"] = f"Forklaring til {ref}"
            ws[f"F{rows[ref]}"] = "Rutine for ferie (2016)"

    return fn


def _sa_state(session, sa_id):
    v = session.store.selfassessments.get(sa_id)
    log = session.store.log.entries(f"egenvurdering:{v.record.uid}")
    return v.record.status, v.answers, len(log)


def test_round_trip_incomplete_then_complete(session, cli, tmp_path):
    created = _create(cli)
    sid = created["id"]
    assert created["status"] == "opprettet" and created["tilsyn"] is None
    out = tmp_path / "egen.xlsx"
    assert cli("egenvurdering", "eksporter", str(sid), "-o", str(out)).exit_code == 0

    wb = load_workbook(out)
    ws = wb[SHEET]
    rows = rows_of(ws)
    headers = [ws.cell(row=3, column=c).value for c in range(1, 8)]
    assert headers == [
        "Ref",
        "Kontrollspørsmål",
        "Heimel",
        "Svar",
        "Forklaring",
        "Dokument frå kommunen",
        "Rettleiing: dette ser tilsynet etter",
    ]  # no auditor fields; Valle writes nynorsk
    assert ws[f"G{rows['A1.1']}"].value.startswith("Be om skriftlege rutinar")  # Valle: nynorsk
    formula = ws.data_validations.dataValidation[0].formula1
    ref = wb.defined_names[formula.lstrip("=")].attr_text.split("!")[1].replace("$", "")
    assert [c[0].value for c in wb["Lister"][ref]] == ["ja", "nei", "ikkje relevant"]

    edit(out, _fill({"A1.1": "ja", "A1.2": "Nei", "A1.3": "ikke relevant"}))
    r = cli("egenvurdering", "importer", str(sid), str(out))
    assert r.exit_code == 0, r.stderr
    assert "Status: ufullstendig." in r.stdout
    assert "8 spørsmål mangler svar: A1.4, A2.1, A2.2, A2.3, A2.4, A2.5, A3.1, A3.2" in r.stdout
    shown = json.loads(cli("egenvurdering", "vis", str(sid), "--json").stdout)
    assert shown["status"] == "ufullstendig" and shown["risiko"] == ["A1.2"]
    assert shown["mangler"][0] == "A1.4" and shown["besvart"] == 3

    # Sent back: the new export says what is missing and keeps the answers given.
    again = tmp_path / "tilbake.xlsx"
    assert cli("egenvurdering", "eksporter", str(sid), "-o", str(again)).exit_code == 0
    back = load_workbook(again)
    guide = " ".join(str(c.value) for row in back["Rettleiing"].iter_rows() for c in row if c.value)
    assert (
        "Skjemaet er sendt tilbake fordi 8 spørsmål manglar svar: A1.4, A2.1, A2.2, A2.3, "
        "A2.4, A2.5, A3.1, A3.2."
    ) in guide
    assert back[SHEET][f"D{rows['A1.2']}"].value == "nei"

    rest = {ref: "ja" for ref in shown["mangler"]}
    edit(out, _fill(rest))
    r = cli("egenvurdering", "importer", str(sid), str(out), "--json")
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["status"] == "fullstendig" and data["mangler"] == [] and data["nye"] == 8
    assert data["uendrede"] == 3
    v = session.store.selfassessments.get(sid)
    assert v.answer("A1.2").answer == "nei"
    assert v.answer("A1.2").explanation == "Forklaring til A1.2"
    assert session.store.log.verify(f"egenvurdering:{v.record.uid}") == []
    entries = session.store.log.entries(f"egenvurdering:{v.record.uid}")
    assert [e.action for e in entries].count("import egenvurdering") == 2

    lst = json.loads(cli("egenvurdering", "liste", "--json").stdout)
    assert lst[0]["status"] == "fullstendig"


def test_a_changed_answer_replaces_the_stored_one_only_with_overskriv(session, cli, tmp_path):
    sid = _create(cli)["id"]
    out = tmp_path / "egen.xlsx"
    assert cli("egenvurdering", "eksporter", str(sid), "-o", str(out)).exit_code == 0
    edit(out, _fill({"A1.1": "ja", "A1.2": "ja"}))
    assert cli("egenvurdering", "importer", str(sid), str(out)).exit_code == 0
    before = _sa_state(session, sid)

    edit(out, _fill({"A1.2": "nei"}))  # the municipality changed its mind
    r = cli("egenvurdering", "importer", str(sid), str(out))
    assert r.exit_code != 0
    assert (
        "1 svar er forskjellige fra det som er lagret; bruk --overskriv for å erstatte dem. "
        "Ingenting ble lagret."
    ) in r.stderr
    assert "A1.2: lagret «ja», ny «nei»" in r.stderr
    assert _sa_state(session, sid) == before

    r = cli("egenvurdering", "importer", str(sid), str(out), "--overskriv", "--json")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["endrede"] == 1
    assert session.store.selfassessments.get(sid).answer("A1.2").answer == "nei"


def test_report_lists_risk_with_requirement_and_guidance_in_nynorsk(session, cli, tmp_path):
    sid = _create(cli)["id"]
    out = tmp_path / "egen.xlsx"
    cli("egenvurdering", "eksporter", str(sid), "-o", str(out))
    edit(out, _fill({"A1.1": "ja", "A1.2": "nei"}))
    assert cli("egenvurdering", "importer", str(sid), str(out)).exit_code == 0
    docx = tmp_path / "rapport.docx"
    r = cli("egenvurdering", "rapport", str(sid), "-o", str(docx))
    assert r.exit_code == 0, r.stderr
    text = "\n".join(p.text for p in Document(docx).paragraphs)
    assert "Eigenvurdering: Introduksjonsprogram som er heilårleg og på full tid" in text
    assert "Valle kommune – 2016" in text
    risk = text.split("Svar som tyder på risiko for lovbrot")[1].split("Dette er i orden")[0]
    assert "A1.2 Har kommunen eit tilbod om aktivitet i alle skuleferiar" in risk
    assert (
        # The regulation is cited by date and number in nynorsk: its title is bokmål.
        "Lovkrav (introduksjonslova § 4 andre ledd og forskrift 18. juli 2003 nr. 973 "
        "§ 6-2): Introduksjonsprogrammet skal vere heilårleg." in risk
    )
    assert "Rettleiing: Samanhald skuleruta" in risk
    assert "Sammenhold skoleruten" not in risk
    assert "Forklaringa til kommunen: Forklaring til A1.2" in risk
    assert "A1.1" not in risk
    ok = text.split("Dette er i orden etter svara til kommunen")[1]
    assert "A1.1 Har kommunen rutinar" in ok
    assert "Spørsmål som ikkje er svarte på" in text

    bm = tmp_path / "bokmal.docx"
    assert (
        cli("egenvurdering", "rapport", str(sid), "-o", str(bm), "--malform", "bokmal").exit_code
        == 0
    )
    bm_text = "\n".join(p.text for p in Document(bm).paragraphs)
    assert "Svar som tyder på risiko for lovbrudd" in bm_text
    assert "A1.2 Har kommunen et tilbud om aktivitet i alle skoleferier" in bm_text


def test_invalid_answer_and_identity_number_refused(session, cli, tmp_path):
    sid = _create(cli)["id"]
    out = tmp_path / "egen.xlsx"
    cli("egenvurdering", "eksporter", str(sid), "-o", str(out))
    number = identity_number()
    where = {}

    def fill(wb):
        ws = wb[SHEET]
        rows = rows_of(ws)
        ws[f"D{rows['A1.1']}"] = "ikke vurdert"  # not offered to municipalities
        ws[f"D{rows['A1.2']}"] = "ja"
        ws[f"E{rows['A1.2']}"] = f"Gjelder {number}"
        ws[f"E{rows['A1.3']}"] = "Forklaring uten svar"
        where.update(rows)

    edit(out, fill)
    before = _sa_state(session, sid)
    r = cli("egenvurdering", "importer", str(sid), str(out))
    assert r.exit_code == 4, r.stderr
    assert (
        f"Ark '{SHEET}', celle D{where['A1.1']}: «ikke vurdert» er ikke et gyldig svar "
        "(gyldige: ja, nei, ikkje relevant)"
    ) in r.stderr
    assert (
        f"Ark '{SHEET}', celle E{where['A1.2']}: inneholder det som ser ut som et "
        f"fødselsnummer eller D-nummer ({number[:6]}*****)"
    ) in r.stderr
    assert (
        f"Ark '{SHEET}', celle D{where['A1.3']}: forklaring eller dokumenter er fylt inn, "
        "men svaret mangler (gyldige: ja, nei, ikkje relevant)"
    ) in r.stderr
    assert _sa_state(session, sid) == before


def test_auditor_workbook_is_not_a_self_assessment(session, cli, tmp_path):
    sid = _create(cli)["id"]
    a = new_audit(session)
    out = tmp_path / "arbeidsbok.xlsx"
    cli("arbeidsbok", "eksporter", str(a), "-o", str(out))
    r = cli("egenvurdering", "importer", str(sid), str(out))
    assert r.exit_code == 4
    assert (
        "arbeidsbok.xlsx: er en arbeidsbok for et tilsyn, ikke en egenvurdering. "
        "Ingenting ble lagret."
    ) in r.stderr


def test_linked_to_audit_of_same_municipality_checklist_and_year(session, cli):
    # new_audit records the notice in 2017, when Valle had the number 0940
    a = new_audit(session, checklist="helarig-fulltid", municipality="0940")
    assert _create(cli)["tilsyn"] is None
    r = cli(
        "egenvurdering",
        "opprett",
        "--kommune",
        "0940",
        "--sjekkliste",
        "helarig-fulltid",
        "--ar",
        "2017",
        "--json",
    )
    assert json.loads(r.stdout)["tilsyn"] == a
    r = cli(
        "egenvurdering",
        "opprett",
        "--kommune",
        "4204",
        "--sjekkliste",
        "helarig-fulltid",
        "--tilsyn",
        str(a),
    )
    assert r.exit_code == 2
    assert "Velg et tilsyn med samme kommune og sjekkliste." in r.stderr


def _refused(session, cli, sid, path):
    before = _sa_state(session, sid)
    r = cli("egenvurdering", "importer", str(sid), str(path))
    assert r.exit_code == 4, (r.stdout, r.stderr)
    assert _sa_state(session, sid) == before
    return r.stderr


def test_self_assessment_rejections(session, cli, tmp_path):
    """Another municipality's form, tampered text, formulas, not a zip: refused, nothing
    stored, every message naming sheet and cell."""
    sid = _create(cli)["id"]
    other = _create(cli, "--ny")["id"]  # a second form of the same year needs --ny
    out = tmp_path / "egen.xlsx"
    cli("egenvurdering", "eksporter", str(sid), "-o", str(out))
    foreign = tmp_path / "annen.xlsx"
    cli("egenvurdering", "eksporter", str(other), "-o", str(foreign))
    uid = session.store.selfassessments.get(other).record.uid
    assert (
        f"annen.xlsx: arbeidsboken tilhører egenvurdering {other} (uid {uid}), ikke "
        f"egenvurdering {sid}. Sjekk at du importerer riktig fil til riktig id. Ingenting "
        "ble lagret."
    ) in _refused(session, cli, sid, foreign)

    where = {}

    def tamper(wb):
        ws = wb[SHEET]
        rows = rows_of(ws)
        ws[f"B{rows['A1.1']}"] = "Har kommunen rutiner?"
        ws[f"D{rows['A1.2']}"] = '=IF(1,"ja")'
        ws[f"D{rows['A1.3']}"] = "ja"
        where.update(rows)

    edit(out, tamper)
    err = _refused(session, cli, sid, out)
    assert "egen.xlsx: arbeidsboken ble avvist (2 feil); ingenting ble lagret." in err
    text = (
        session.store.selfassessments.get(sid)
        .checklist.question("A1.1")
        .text_in("question", "nynorsk")
    )
    assert (
        f"Ark '{SHEET}', celle B{where['A1.1']}: teksten er endret (er «Har kommunen "
        f"rutiner?», skal være «{text[:59]}…»); låste celler kan ikke endres"
    ) in err
    assert (
        f"Ark '{SHEET}', celle D{where['A1.2']}: formler er ikke tillatt i "
        'utfyllingsceller («=IF(1,"ja")»); skriv verdien i stedet.'
    ) in err

    fake = tmp_path / "skjema.xlsx"
    fake.write_bytes(b"PK\x03\x04 not really a zip")
    assert (
        "skjema.xlsx: er ikke en Excel-arbeidsbok (.xlsx er en zip-fil, denne er det "
        "ikke). Lagre filen som «Excel-arbeidsbok (.xlsx)» og prøv igjen. Ingenting ble "
        "lagret."
    ) in _refused(session, cli, sid, fake)


def test_form_is_clear_for_the_municipality(session, cli, tmp_path):
    """The municipality sees its office as sender, the options offered, and sized rows."""
    sid = _create(cli)["id"]
    out = tmp_path / "egen.xlsx"
    r = cli("egenvurdering", "eksporter", str(sid), "-o", str(out), "--json")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["fil"] == str(out)
    wb = load_workbook(out)
    guide = wb["Rettleiing"]
    text = "\n".join(str(c.value) for row in guide.iter_rows() for c in row if c.value)
    office = session.workspace.config.office_for_year(2016, nynorsk=True)
    assert f"send ho tilbake til {office}" in text
    assert "ja, nei, ikkje relevant" in text
    assert "revisor" not in text.lower() and "observasjon" not in text.lower()
    ws = wb[SHEET]
    rows = rows_of(ws)
    assert ws["A1"].value == f"Tema A: {SHEET}"
    assert ws.row_dimensions[rows["A1.1"]].height >= 3 * 13  # wrapped guidance fits
    assert ws.freeze_panes == "C4" and ws.print_title_rows == "$3:$3"


@pytest.mark.libreoffice
@needs_soffice
def test_libreoffice_resaved_form_imports(session, cli, tmp_path):
    """The nynorsk form, filled in and saved by LibreOffice Calc, imports: answers in
    nynorsk, nothing reported as stray text, and the re-saved file is still wholly
    nynorsk."""
    from document_sets import xlsx_text

    from tilsyn.nynorsk import bokmal_forms

    sid = _create(cli)["id"]
    out = tmp_path / "egen.xlsx"
    cli("egenvurdering", "eksporter", str(sid), "-o", str(out))
    edit(out, _fill({"A1.1": "ja", "A1.2": "nei", "A1.3": "Ikkje relevant"}))
    resaved = resave([out], tmp_path / "lo", "xlsx")[out.resolve()]
    assert resaved != out and resaved.is_file()
    r = cli("egenvurdering", "importer", str(sid), str(resaved), "--json")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["nye"] == 3
    v = session.store.selfassessments.get(sid)
    assert v.answer("A1.2").answer == "nei" and v.answer("A1.3").answer == "ikke relevant"
    assert bokmal_forms(xlsx_text(resaved)) == []


def test_workbook_for_nynorsk_municipality_has_nynorsk_guidance(session, cli, tmp_path):
    # Valle (4221) writes nynorsk: the whole form is in nynorsk, question texts included.
    sid = _create(cli)["id"]
    out = tmp_path / "egen.xlsx"
    assert cli("egenvurdering", "eksporter", str(sid), "-o", str(out)).exit_code == 0
    ws = load_workbook(out)[SHEET]
    rows = rows_of(ws)
    guidance = ws[f"G{rows['A1.2']}"].value
    assert guidance.startswith("Samanhald skuleruta eller årsplanen for vaksenopplæringa")
    assert "Sammenhold skoleruten" not in guidance
    assert ws[f"B{rows['A1.2']}"].value.startswith("Har kommunen eit tilbod om aktivitet")
    # The nynorsk workbook is read back like any other.
    edit(out, _fill({"A1.1": "ja", "A1.2": "nei"}))
    assert cli("egenvurdering", "importer", str(sid), str(out)).exit_code == 0


def test_workbook_for_bokmal_municipality_keeps_bokmal_guidance(session, cli, tmp_path):
    r = cli(
        "egenvurdering",
        "opprett",
        "--kommune",
        "4204",
        "--sjekkliste",
        "helarig-fulltid",
        "--ar",
        "2020",
        "--json",
    )
    assert r.exit_code == 0, r.stderr
    sid = json.loads(r.stdout)["id"]
    out = tmp_path / "egen.xlsx"
    assert cli("egenvurdering", "eksporter", str(sid), "-o", str(out)).exit_code == 0
    ws = load_workbook(out)[SHEET_BOKMAL]
    assert ws[f"G{rows_of(ws)['A1.2']}"].value.startswith("Sammenhold skoleruten")
    assert ws[f"B{rows_of(ws)['A1.2']}"].value.startswith("Har kommunen et tilbud om aktivitet")
