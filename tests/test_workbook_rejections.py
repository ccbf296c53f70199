"""Auditor workbook: every kind of file the import must refuse, with the exact message,
and a store left exactly as it was."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from workbook_helpers import edit, file_row, identity_number, new_audit, rows_of, state

from tilsyn.workbook import safety

SHEET = "Individuell plan"


@pytest.fixture
def exported(session, cli, tmp_path):
    """(audit id, path of its freshly exported workbook)."""
    a = new_audit(session)
    out = tmp_path / "arbeidsbok.xlsx"
    assert cli("arbeidsbok", "eksporter", str(a), "-o", str(out)).exit_code == 0
    return a, out


def _refused(session, cli, audit_id, path, code=4):
    before = state(session, audit_id)
    r = cli("arbeidsbok", "importer", str(audit_id), str(path))
    assert r.exit_code == code, (r.stdout, r.stderr)
    assert state(session, audit_id) == before
    return r.stderr


def _rezip(src: Path, dst: Path, change) -> Path:
    """Copy the zip ``src`` to ``dst``; ``change(name, data)`` returns new bytes or None."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = change(info.filename, zin.read(info.filename))
            if data is not None:
                zout.writestr(info.filename, data)
    return dst


def test_invalid_answers_are_all_reported_with_sheet_and_cell(session, cli, exported):
    a, path = exported
    cells = {}

    def fill(wb):
        ws = wb[SHEET]
        row = rows_of(ws)["B1.6"]
        ws[f"D{row}"] = "kanskje"
        files = wb["Deltakermapper"]
        r1 = file_row(files, "P01", "B1.1")
        files[f"D{r1}"] = "ja"
        files[f"D{r1 + 1}"] = "tja"
        files[f"F{r1}"] = "1, 9"
        cells.update(theme=row, r1=r1)

    edit(path, fill)
    err = _refused(session, cli, a, path)
    assert "arbeidsbok.xlsx: arbeidsboken ble avvist (3 feil); ingenting ble lagret." in err
    assert (
        f"Ark 'Individuell plan', celle D{cells['theme']}: «kanskje» er ikke et gyldig "
        "svar (gyldige: ja, nei, ikke relevant, ikke vurdert)"
    ) in err
    assert (
        f"Ark 'Deltakermapper', celle D{cells['r1'] + 1}: «tja» er ikke et gyldig svar "
        "(gyldige: ja, nei, ikke relevant, ikke vurdert)"
    ) in err
    assert (
        f"Ark 'Deltakermapper', celle F{cells['r1']}: dokument nr. 9 finnes ikke i "
        "dokumentregisteret (registrer det med tilsyn dokument)"
    ) in err


def test_formula_in_input_cell(session, cli, exported):
    a, path = exported
    rows = {}

    def fill(wb):
        files = wb["Deltakermapper"]
        r = file_row(files, "P02", "B1.2")
        files[f"E{r}"] = '=HYPERLINK("http://x","klikk")'
        rows["r"] = r

    edit(path, fill)
    err = _refused(session, cli, a, path)
    assert (
        f"Ark 'Deltakermapper', celle E{rows['r']}: formler er ikke tillatt i "
        'utfyllingsceller («=HYPERLINK("http://x","klikk")»); skriv verdien i stedet.' in err
    )


def test_tampered_id(session, cli, exported):
    a, path = exported

    def fill(wb):
        wb["Deltakermapper"]["B4"] = "B1.9"
        wb["Deltakermapper"]["D5"] = "ja"

    edit(path, fill)
    err = _refused(session, cli, a, path)
    assert (
        "Ark 'Deltakermapper', celle B4: id-en er endret (er «B1.9», skal være «B1.1»); "
        "låste celler kan ikke endres"
    ) in err


def test_tampered_question_text(session, cli, exported):
    a, path = exported
    where = {}

    def fill(wb):
        ws = wb[SHEET]
        row = rows_of(ws)["B1.6"]
        ws[f"B{row}"] = "Har kommunen en rutine? (lettere spørsmål)"
        where["row"] = row

    edit(path, fill)
    err = _refused(session, cli, a, path)
    text = session.store.audits.checklist_of(a).question("B1.6").question
    want = text if len(text) <= 60 else text[:59] + "…"
    assert (
        "arbeidsbok.xlsx: arbeidsboken ble avvist (1 feil); ingenting ble lagret. "
        "Rett opp og importer på nytt:"
    ) in err
    assert (
        f"Ark 'Individuell plan', celle B{where['row']}: teksten er endret (er «Har "
        f"kommunen en rutine? (lettere spørsmål)», skal være «{want}»); låste celler kan "
        "ikke endres"
    ) in err


def test_another_audits_workbook(session, cli, tmp_path, exported):
    a, _ = exported
    other = new_audit(session, municipality="1018")  # Søgne, 2017
    out = tmp_path / "annen.xlsx"
    cli("arbeidsbok", "eksporter", str(other), "-o", str(out))
    err = _refused(session, cli, a, out)
    uid = session.store.audits.view(other).audit.uid
    assert (
        f"annen.xlsx: arbeidsboken tilhører tilsyn {other} (uid {uid}), ikke tilsyn {a}. "
        "Sjekk at du importerer riktig fil til riktig id. Ingenting ble lagret."
    ) in err


def test_another_checklist_version(session, cli, workspace, tmp_path, exported):
    a, _ = exported
    from tilsyn.resources import checklists_dir

    text = (checklists_dir() / "individuell-plan.yaml").read_text(encoding="utf-8")
    workspace.checklists_dir.mkdir(exist_ok=True)
    (workspace.checklists_dir / "individuell-plan.yaml").write_text(
        text.replace('version: "2017.2"', 'version: "2017.3"'), encoding="utf-8"
    )
    newer = new_audit(session)
    assert session.store.audits.view(newer).audit.checklist_version == "2017.3"
    out = tmp_path / "ny.xlsx"
    cli("arbeidsbok", "eksporter", str(newer), "-o", str(out))
    err = _refused(session, cli, a, out)
    assert (
        f"ny.xlsx: arbeidsboken er laget for sjekklisten individuell-plan versjon 2017.3, "
        f"men tilsyn {a} bruker individuell-plan versjon 2017.2. "
        "Eksporter på nytt. Ingenting ble lagret."
    ) in err


def test_not_a_zip(session, cli, tmp_path, exported):
    a, _ = exported
    fake = tmp_path / "svar.xlsx"
    fake.write_text("ref;svar\nB1.1;ja\n", encoding="utf-8")
    err = _refused(session, cli, a, fake)
    assert (
        "svar.xlsx: er ikke en Excel-arbeidsbok (.xlsx er en zip-fil, denne er det ikke). "
        "Lagre filen som «Excel-arbeidsbok (.xlsx)» og prøv igjen. Ingenting ble lagret." in err
    )


def test_zip_bomb(session, cli, tmp_path, exported):
    a, path = exported
    bomb = tmp_path / "bombe.xlsx"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            z.writestr(info.filename, zin.read(info.filename))
        with z.open("xl/media/image1.bin", "w", force_zip64=True) as fh:
            block = b"\0" * (1 << 20)
            for _ in range(safety.MAX_UNCOMPRESSED_BYTES // (1 << 20) + 1):
                fh.write(block)
    assert bomb.stat().st_size < 1_000_000
    err = _refused(session, cli, a, bomb)
    limit = safety.MAX_UNCOMPRESSED_BYTES // (1 << 20)
    assert (
        f"bombe.xlsx: arbeidsboken pakker seg ut til {limit + 1} MB; høyst {limit} MB er "
        "tillatt (mulig zip-bombe). Ingenting ble lagret." in err
    )


def test_too_many_parts(session, cli, tmp_path, exported):
    a, path = exported
    many = tmp_path / "mange.xlsx"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(many, "w") as z:
        for info in zin.infolist():
            z.writestr(info.filename, zin.read(info.filename))
        for i in range(safety.MAX_PARTS):
            z.writestr(f"xl/x/{i}.xml", b"<a/>")
    err = _refused(session, cli, a, many)
    with zipfile.ZipFile(many) as z:
        parts = len(z.infolist())
    assert (
        f"mange.xlsx: arbeidsboken har {parts} deler; høyst 1000 er tillatt. Filen er ikke "
        "laget av tilsyn. Ingenting ble lagret."
    ) in err


def test_highly_compressed_part(session, cli, tmp_path, exported):
    """A part that expands far more than any real sheet (a small zip bomb)."""
    a, path = exported
    bomb = tmp_path / "komprimert.xlsx"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            z.writestr(info.filename, zin.read(info.filename))
        z.writestr("xl/media/image1.bin", b"\0" * (5 << 20))
    err = _refused(session, cli, a, bomb)
    assert (
        "komprimert.xlsx: delen xl/media/image1.bin er unormalt sterkt komprimert ("
    ) in err and ":1; mulig zip-bombe). Ingenting ble lagret." in err


BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n'
)


def _with_entities(path: Path, dst: Path) -> Path:
    def change(name, data):
        if name == "xl/worksheets/sheet2.xml":
            body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
            return BILLION_LAUGHS + body.replace(b"<sheetData>", b"<sheetData>", 1)
        return data

    return _rezip(path, dst, change)


def test_entity_expansion_is_refused_before_loading(session, cli, tmp_path, exported):
    a, path = exported
    bad = _with_entities(path, tmp_path / "entiteter.xlsx")
    err = _refused(session, cli, a, bad)
    assert (
        "entiteter.xlsx: delen xl/worksheets/sheet2.xml inneholder en "
        "XML-dokumenttypedeklarasjon (DTD/entiteter), som Excel aldri skriver og som kan "
        "brukes til angrep («billion laughs»). Filen er avvist; ingenting ble lagret."
    ) in err


def test_entity_expansion_defusedxml_message(session, cli, tmp_path, exported, monkeypatch):
    """Even without the pre-scan, defusedxml refuses the file and the message is clear."""
    a, path = exported
    bad = _with_entities(path, tmp_path / "entiteter.xlsx")
    monkeypatch.setattr(safety, "_has_doctype", lambda zf, info: False)
    err = _refused(session, cli, a, bad)
    assert (
        "entiteter.xlsx: arbeidsboken inneholder XML med entitetsdeklarasjoner, som ikke "
        "er tillatt. Filen er avvist; ingenting ble lagret."
    ) in err


def test_oversized_sheet(session, cli, exported):
    a, path = exported

    def fill(wb):
        wb["Dokumenter"].cell(row=safety.MAX_ROWS + 5, column=1, value="x")

    edit(path, fill)
    err = _refused(session, cli, a, path)
    assert "arbeidsbok.xlsx: arbeidsboken er for stor; ingenting ble lagret." in err
    assert (
        "Ark 'Dokumenter': har 20005 rader og 5 kolonner; høyst 20000 rader og 60 "
        "kolonner er tillatt."
    ) in err


def test_macros_and_external_links(session, cli, tmp_path, exported):
    a, path = exported
    macro = tmp_path / "makro.xlsm"
    _rezip(path, macro, lambda n, d: d)
    with zipfile.ZipFile(macro, "a") as z:
        z.writestr("xl/vbaProject.bin", b"\0" * 100)
    assert (
        "makro.xlsm: arbeidsboken inneholder makroer (VBA). Makroer er ikke tillatt; "
        "lagre som «Excel-arbeidsbok (.xlsx)» uten makroer. Ingenting ble lagret."
        in _refused(session, cli, a, macro)
    )
    linked = tmp_path / "lenket.xlsx"
    _rezip(path, linked, lambda n, d: d)
    with zipfile.ZipFile(linked, "a") as z:
        z.writestr("xl/externalLinks/externalLink1.xml", b"<externalLink/>")
    assert (
        "lenket.xlsx: arbeidsboken har koblinger til andre filer (eksterne koblinger). "
        "Bryt koblingene (Data → Rediger koblinger → Bryt kobling) og prøv igjen. "
        "Ingenting ble lagret." in _refused(session, cli, a, linked)
    )


def test_identity_number_refused_with_cell(session, cli, exported):
    a, path = exported
    number = identity_number()
    where = {}

    def fill(wb):
        files = wb["Deltakermapper"]
        r = file_row(files, "P03", "B2.1")
        files[f"D{r}"] = "nei"
        files[f"E{r}"] = f"Deltakeren {number} mangler plan"
        where["r"] = r

    edit(path, fill)
    err = _refused(session, cli, a, path, code=8)
    assert (
        f"Ark 'Deltakermapper', celle E{where['r']}: inneholder det som ser ut som et "
        f"fødselsnummer eller D-nummer ({number[:6]}*****); bruk bare pseudonymer"
    ) in err
    assert number not in err


def test_metadata_missing(session, cli, tmp_path, exported):
    a, _ = exported
    from openpyxl import Workbook

    plain = tmp_path / "tom.xlsx"
    Workbook().save(plain)
    err = _refused(session, cli, a, plain)
    assert (
        "tom.xlsx: finner ikke metadata om tilsynet (det skjulte arket «Metadata»). Bare "
        "arbeidsbøker eksportert med tilsyn kan importeres; eksporter på nytt. Ingenting "
        "ble lagret."
    ) in err


def test_older_workbook_format(session, cli, exported):
    a, path = exported

    def downgrade(wb):
        meta = wb["Metadata"]
        for row in meta.iter_rows(min_row=2):
            if row[0].value == "format":
                row[1].value = 1

    edit(path, downgrade)
    err = _refused(session, cli, a, path)
    assert (
        "arbeidsbok.xlsx: arbeidsbokformat 1 støttes ikke (denne versjonen av tilsyn leser "
        "format 2). Eksporter på nytt. Ingenting ble lagret."
    ) in err


def test_formula_in_timetable_and_in_reason(session, cli, exported):
    a, path = exported
    where = {}

    def fill(wb):
        wb["Timeplan P01"]["C4"] = "=8*60"
        files = wb["Deltakermapper"]
        r = file_row(files, "P01", "B1.5")
        files[f"H{r}"] = "=A1"
        where["r"] = r

    edit(path, fill)
    err = _refused(session, cli, a, path)
    assert (
        "Ark 'Timeplan P01', celle C4: formler er ikke tillatt i utfyllingsceller («=8*60»); "
        "skriv verdien i stedet."
    ) in err
    assert (
        f"Ark 'Deltakermapper', celle H{where['r']}: formler er ikke tillatt i "
        "utfyllingsceller («=A1»); skriv verdien i stedet."
    ) in err


def test_all_errors_at_once_and_exit_code(session, cli, exported):
    """Several kinds of problems in one file are all listed, each with sheet and cell."""
    a, path = exported

    def fill(wb):
        wb[SHEET]["A5"] = "X"
        files = wb["Deltakermapper"]
        files[f"D{file_row(files, 'P04', 'B2.1')}"] = "kanskje"
        wb["Timeplan P02"]["B4"] = "fotball"
        wb["Timeplan P02"]["A4"] = "Trening"
        wb["Timeplan P02"]["C4"] = "mange"

    edit(path, fill)
    err = _refused(session, cli, a, path)
    assert "arbeidsboken ble avvist (4 feil)" in err
    assert "Ark 'Individuell plan', celle A5: id-en er endret (er «X», skal være" in err
    assert "«kanskje» er ikke et gyldig svar (gyldige: ja, nei, ikke relevant, ikke vurdert)" in err
    assert (
        "Ark 'Timeplan P02', celle B4: «fotball» er ikke en gyldig type (gyldige: norsk, "
        "samfunnskunnskap, annet)"
    ) in err
    assert "Ark 'Timeplan P02', celle C4: «mange» er ikke et tall" in err
