"""Workbooks keep what people type: text in a locked cell, a new row, a new sheet or a cell
comment refuses the import naming the cells (never dropped silently); an inserted or
deleted row is reported once per sheet. Nynorsk answers are accepted. Edits are made with
openpyxl as a user's spreadsheet program would make them."""

from __future__ import annotations

import json

from openpyxl import load_workbook
from openpyxl.comments import Comment
from workbook_helpers import edit, file_row, new_audit, rows_of, state

SHEET = "Individuell plan"
SA_SHEET = "Heilårleg program på full tid"  # Valle (4221) writes nynorsk


def _export(session, cli, tmp_path):
    a = new_audit(session)
    out = tmp_path / "arbeidsbok.xlsx"
    assert cli("arbeidsbok", "eksporter", str(a), "-o", str(out)).exit_code == 0
    return a, out


def _refused(session, cli, audit_id, path):
    before = state(session, audit_id)
    r = cli("arbeidsbok", "importer", str(audit_id), str(path))
    assert r.exit_code == 4, (r.stdout, r.stderr)
    assert state(session, audit_id) == before
    return r.stderr


def _details(stderr: str) -> list[str]:
    """The problem lines of a refusal (one per problem)."""
    return [line.strip() for line in stderr.splitlines()[1:] if line.strip()]


def test_inserted_row_is_one_message_with_the_text_in_it(session, cli, tmp_path):
    a, out = _export(session, cli, tmp_path)
    where = {}

    def insert(wb):
        ws = wb[SHEET]
        rows = rows_of(ws)
        where.update(rows)
        ws[f"D{rows['B1.6']}"] = "ja"
        ws.insert_rows(rows["B1.6"])
        ws[f"E{rows['B1.6']}"] = "Rutinen ble revidert i mars"

    edit(out, insert)
    err = _refused(session, cli, a, out)
    lines = _details(err)
    assert len(lines) == 1, lines  # one message, not one per shifted id below the row
    row = where["B1.6"]
    assert lines[0] == (
        f"Ark '{SHEET}': det er satt inn en rad (rad {row}). Rader kan ikke settes inn eller "
        "slettes i arbeidsboken; angre endringen (eller eksporter på nytt) og skriv i de gule "
        f"cellene. Tekst i den innsatte raden: E{row} «Rutinen ble revidert i mars»."
    )
    assert "arbeidsboken ble avvist (1 feil)" in err


def test_deleted_rows_are_one_message_naming_them(session, cli, tmp_path):
    a, out = _export(session, cli, tmp_path)

    def delete(wb):
        ws = wb["Deltakermapper"]
        ws.delete_rows(file_row(ws, "P01", "B1.2"), 2)

    edit(out, delete)
    lines = _details(_refused(session, cli, a, out))
    assert lines == [
        "Ark 'Deltakermapper': radene for P01 / B1.2, P01 / B1.3 er slettet. Rader kan ikke "
        "settes inn eller slettes i arbeidsboken; angre endringen (eller eksporter på nytt) "
        "og skriv i de gule cellene."
    ]


def test_text_in_locked_cells_extra_rows_and_comments_is_named(session, cli, tmp_path):
    a, out = _export(session, cli, tmp_path)
    rows = {}

    def type_everywhere(wb):
        ws = wb[SHEET]
        rows.update(rows_of(ws))
        ws[f"D{rows['B1.6']}"] = "ja"  # a valid answer: the file is refused all the same
        ws[f"G{rows['B1.6']}"] = "Kommunen har ny rutine"  # over the guidance
        ws[f"E{rows['B1']}"] = "Merknad til kravet"  # a locked, empty cell
        ws[f"I{rows['B1.6']}"] = "Sjekk med leder"  # beside the table
        ws[f"B{ws.max_row + 2}"] = "Husk sluttmøtet"  # an extra row under the table
        ws[f"D{rows['B1.6']}"].comment = Comment("Usikker, se referatet", "revisor")
        files = wb["Deltakermapper"]
        files[f"G{file_row(files, 'P01', 'B1.1')}"] = "Ingen beregning her"  # locked, empty
        wb.create_sheet("Notater")["A1"] = "Spør om ferie"

    edit(out, type_everywhere)
    lines = _details(_refused(session, cli, a, out))
    last = max(rows.values()) + 2
    assert len(lines) == 4, lines
    assert lines[0] == (
        f"Ark '{SHEET}': kommentarer kan ikke leses inn: D{rows['B1.6']} «Usikker, se "
        "referatet». Skriv teksten i en gul celle på riktig rad (observasjon i kolonne E, "
        "kilder i kolonne F, begrunnelse i kolonne H på «Deltakermapper»), slett kommentarene "
        "og importer på nytt"
    )
    text = lines[1]
    assert text.startswith(f"Ark '{SHEET}': tekst utenfor de gule utfyllingscellene kan ikke")
    for cell in (
        f"E{rows['B1']} «Merknad til kravet»",
        f"G{rows['B1.6']} «Kommunen har ny rutine» (låst tekst er endret)",
        f"I{rows['B1.6']} «Sjekk med leder»",
        f"B{last} «Husk sluttmøtet»",
    ):
        assert cell in text, cell
    assert "G4 «Ingen beregning her»" in lines[2] and lines[2].startswith("Ark 'Deltakermapper'")
    assert lines[3].startswith(
        "Ark 'Notater' er ikke laget av tilsyn, og teksten der kan ikke leses inn (A1 «Spør "
        "om ferie»)"
    )


def test_timetable_text_outside_the_input_rows_is_named(session, cli, tmp_path):
    a = new_audit(session, checklist="helarig-fulltid")
    out = tmp_path / "arbeidsbok.xlsx"
    assert cli("arbeidsbok", "eksporter", str(a), "-o", str(out)).exit_code == 0

    def fill(wb):
        ws = wb["Timeplan P01"]
        ws["A4"], ws["B4"], ws["C4"] = "Språkpraksis", "anna", 600  # nynorsk «anna» accepted
        ws["F4"] = "Gjelder vårhalvåret"
        ws["E5"] = "120"  # typed over the minutes formula

    edit(out, fill)
    lines = _details(_refused(session, cli, a, out))
    assert lines == [
        "Ark 'Timeplan P01': tekst utenfor utfyllingscellene (kolonne A–D, rad 4–18) kan ikke "
        "leses inn: F4 «Gjelder vårhalvåret», E5 «120». Skriv teksten i utfyllingscellene, og "
        "importer på nytt"
    ]

    def tidy(wb):
        ws = wb["Timeplan P01"]
        ws["F4"] = None
        ws["E5"] = "=IF(1,0,0)"

    edit(out, tidy)
    assert cli("arbeidsbok", "importer", str(a), str(out)).exit_code == 0
    people = {p.pseudonym: p for p in session.store.audits.view(a).participants()}
    assert people["P01"].data["timeplan"][0]["type"] == "annet"


def test_nynorsk_answers_are_accepted_in_the_auditors_workbook(session, cli, tmp_path):
    a, out = _export(session, cli, tmp_path)

    def fill(wb):
        ws = wb[SHEET]
        ws[f"D{rows_of(ws)['B1.6']}"] = "Ikkje relevant"
        files = wb["Deltakermapper"]
        files[f"D{file_row(files, 'P02', 'B1.1')}"] = "ikkje vurdert"

    edit(out, fill)
    r = cli("arbeidsbok", "importer", str(a), str(out))
    assert r.exit_code == 0, r.stderr
    view = session.store.audits.view(a)
    assert view.answer("B1.6", "").answer == "ikke relevant"
    assert view.answer("B1.1", "P02").answer == "ikke vurdert"


def test_nynorsk_answer_on_the_command_line(session, cli):
    a = new_audit(session)
    r = cli("vurder", str(a), "--sporsmal", "B1.6", "--svar", "Ikkje relevant")
    assert r.exit_code == 0, r.stderr
    assert session.store.audits.view(a).answer("B1.6", "").answer == "ikke relevant"


# --- the self-assessment form (a nynorsk municipality) -------------------------------


def _self_assessment(cli, tmp_path):
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
    )
    assert r.exit_code == 0, r.stderr
    sid = json.loads(r.stdout)["id"]
    out = tmp_path / "egen.xlsx"
    assert cli("egenvurdering", "eksporter", str(sid), "-o", str(out)).exit_code == 0
    return sid, out


def _sa_refused(session, cli, sid, path):
    before = session.store.selfassessments.get(sid)
    r = cli("egenvurdering", "importer", str(sid), str(path))
    assert r.exit_code == 4, (r.stdout, r.stderr)
    assert session.store.selfassessments.get(sid) == before
    return _details(r.stderr)


def test_municipality_answers_in_nynorsk_are_accepted(session, cli, tmp_path):
    sid, out = _self_assessment(cli, tmp_path)

    def fill(wb):
        ws = wb[SA_SHEET]
        rows = rows_of(ws)
        ws[f"D{rows['A1.1']}"] = "Ikkje relevant"  # typed, capital I
        ws[f"D{rows['A1.2']}"] = "ikkje relevant"  # from the drop-down
        ws[f"D{rows['A1.3']}"] = "ikke relevant"  # bokmål is understood too

    edit(out, fill)
    r = cli("egenvurdering", "importer", str(sid), str(out))
    assert r.exit_code == 0, r.stderr
    v = session.store.selfassessments.get(sid)
    assert {v.answer(ref).answer for ref in ("A1.1", "A1.2", "A1.3")} == {"ikke relevant"}
    # Sent back, the form shows the stored answers in nynorsk.
    again = tmp_path / "tilbake.xlsx"
    assert cli("egenvurdering", "eksporter", str(sid), "-o", str(again)).exit_code == 0
    ws = load_workbook(again)[SA_SHEET]
    assert ws[f"D{rows_of(ws)['A1.1']}"].value == "ikkje relevant"


def test_municipality_text_outside_the_form_is_never_dropped(session, cli, tmp_path):
    sid, out = _self_assessment(cli, tmp_path)
    rows = {}

    def fill(wb):
        ws = wb[SA_SHEET]
        rows.update(rows_of(ws))
        ws[f"D{rows['A1.1']}"] = "ja"
        ws[f"H{rows['A1.1']}"] = "Sjå rutinen frå 2015"
        ws[f"E{rows['A1.2']}"].comment = Comment("Vi har sommarskule", "kommunen")
        wb["Rettleiing"]["D3"] = "Kontaktperson: Kari"

    edit(out, fill)
    assert _sa_refused(session, cli, sid, out) == [
        "Ark 'Rettleiing': tekst utenfor de gule utfyllingscellene kan ikke leses inn: "
        "D3 «Kontaktperson: Kari». Skriv teksten i kolonnen Forklaring (E) eller Dokument frå "
        "kommunen (F) på riktig rad (og sett låst tekst tilbake), og importer på nytt",
        f"Ark '{SA_SHEET}': kommentarer kan ikke leses inn: E{rows['A1.2']} «Vi har "
        "sommarskule». Skriv teksten i kolonnen Forklaring (E) eller Dokument frå kommunen "
        "(F) på riktig rad, slett kommentarene og importer på nytt",
        f"Ark '{SA_SHEET}': tekst utenfor de gule utfyllingscellene kan ikke leses inn: "
        f"H{rows['A1.1']} «Sjå rutinen frå 2015». Skriv teksten i kolonnen Forklaring (E) "
        "eller Dokument frå kommunen (F) på riktig rad (og sett låst tekst tilbake), og "
        "importer på nytt",
    ]


def test_municipality_inserting_a_row_gets_one_message(session, cli, tmp_path):
    sid, out = _self_assessment(cli, tmp_path)
    rows = {}

    def insert(wb):
        ws = wb[SA_SHEET]
        rows.update(rows_of(ws))
        for ref in ("A1.1", "A1.2", "A2.1", "A3.2"):
            ws[f"D{rows[ref]}"] = "ja"
        ws.insert_rows(rows["A1.3"])
        ws[f"E{rows['A1.3']}"] = "Tillegg: sommarskulen er ny i år"

    edit(out, insert)
    row = rows["A1.3"]
    assert _sa_refused(session, cli, sid, out) == [
        f"Ark '{SA_SHEET}': det er satt inn en rad (rad {row}). Rader kan ikke settes inn "
        "eller slettes i arbeidsboken; angre endringen (eller eksporter på nytt) og skriv i "
        f"de gule cellene. Tekst i den innsatte raden: E{row} «Tillegg: sommarskulen er ny i "
        "år»."
    ]


def test_sorted_rows_are_one_message(session, cli, tmp_path):
    a, out = _export(session, cli, tmp_path)
    swapped = {}

    def swap(wb):
        ws = wb["Deltakermapper"]
        first, second = file_row(ws, "P01", "B1.1"), file_row(ws, "P02", "B1.1")
        swapped.update(first=first, second=second)
        for col in "ABCDEFGH":
            ws[f"{col}{first}"].value, ws[f"{col}{second}"].value = (
                ws[f"{col}{second}"].value,
                ws[f"{col}{first}"].value,
            )

    edit(out, swap)
    lines = _details(_refused(session, cli, a, out))
    assert lines == [
        "Ark 'Deltakermapper': radene er flyttet eller sortert (rad "
        f"{swapped['first']}, {swapped['second']}). Rader kan ikke flyttes eller sorteres i "
        "arbeidsboken; angre endringen (eller eksporter på nytt) og skriv i de gule cellene."
    ]
