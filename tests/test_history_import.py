"""`tilsyn historikk importer`: past audits in bulk, checked whole, stored closed and
read-only, shown as imported everywhere (issue 17)."""

from __future__ import annotations

import json

import pytest

HEAD = "kommunenummer,ar,sjekkliste,krav,utfall,kontor,saksnummer,endelig_dato,lukket_dato\n"


def write(path, text: str):
    path.write_text(text, encoding="utf-8")
    return path


def good_file(tmp_path):
    return write(
        tmp_path / "historikk.csv",
        HEAD
        + "1001,2014,helarig-fulltid,A1,lovbrudd,,14/100,2014-06-01,2014-09-30\n"
        + "1001,2014,helarig-fulltid,A2,ingen,,14/100,,\n"
        + "1001,2014,helarig-fulltid,A3,merknad,,14/100,,\n"
        + "0806,2015,helarig-fulltid,A1,Lovbrudd,,,,\n"
        + "0806,2015,helarig-fulltid,A2,lovbrot,,,,\n"
        + "1601,2016,helarig-fulltid,A1,ingen funn,Fylkesmannen i Sør-Trøndelag,,,\n",
    )


@pytest.fixture(autouse=True)
def _store(cli):
    """The database exists before anything is imported (a refused import opens none)."""
    assert cli("liste").exit_code == 0


def count_audits(sql) -> int:
    return sql("SELECT count(*) FROM audits")[0][0]


def test_import_creates_closed_imported_audits(cli, sql, tmp_path):
    path = good_file(tmp_path)
    dry = cli("historikk", "importer", path, "--torrkjoring")
    assert dry.exit_code == 0, dry.stderr
    assert "Tørrkjøring (ingenting lagret): historikk.csv – 3 tilsyn i 3 kommuner" in dry.stdout
    assert count_audits(sql) == 0

    r = cli("historikk", "importer", path, "--json")
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    assert (data["tilsyn"], data["kommuner"], data["krav"], data["lovbrudd"]) == (3, 3, 6, 3)
    assert data["ider"] == [1, 2, 3]
    first = data["liste"][0]
    assert first["rader"] == [2, 3, 4] and first["saksnummer"] == "14/100"
    assert first["kontor"] == "fm-vest-agder"  # the register's office for 1001 in 2014
    assert data["liste"][2]["kontor"] == "fm-sor-trondelag"
    assert first["konklusjoner"] == {"A1": "lovbrudd", "A2": "ingen", "A3": "merknad"}

    # liste: the year of the file, and marked as imported
    listed = json.loads(cli("liste", "--json").stdout)
    assert [(x["ar"], x["fase"], x["opprinnelse"]) for x in listed] == [
        (2014, "avsluttet", "importert"),
        (2015, "avsluttet", "importert"),
        (2016, "avsluttet", "importert"),
    ]
    text = cli("liste").stdout
    assert "avsluttet (importert)" in text and "2014" in text

    # vis: where it came from, its conclusions and its dates
    shown = cli("vis", "1")
    assert "Importert historikk: avsluttet og skrivebeskyttet" in shown.stdout
    assert "fra historikk.csv, rad 2–4" in shown.stdout
    assert "2014-06-01  endelig rapport sendt" in shown.stdout
    assert "tilsyn hendelse ID varsel" not in shown.stdout  # no hint to start it
    js = json.loads(cli("vis", "1", "--json").stdout)
    assert js["opprinnelse"] == "importert" and js["import"]["rader"] == "2–4"
    assert {f["krav"]: f["bekreftet"] for f in js["funn"]} == {
        "A1": "lovbrudd",
        "A2": "ingen",
        "A3": "merknad",
    }
    assert js["kommune"] == {"nummer": "1001", "navn": "Kristiansand", "fylke": "Vest-Agder"}
    # the log names the file
    log = cli("logg", "1").stdout
    assert "importert" in log and "historikk.csv" in log

    # statistics count them like any other audit
    stats = json.loads(cli("statistikk", "--json").stdout)
    assert stats["sammendrag"]["tilsyn"] == 3 and stats["sammendrag"]["lovbrudd"] == 3
    assert stats["sammendrag"]["importerte_tilsyn"] == 3
    years = [r["År"] for r in stats["tabeller"]["tilsyn"]["rader"]]
    assert years == [2014, 2015, 2016, "Totalt"]
    offices = [r["Kontor"] for r in stats["tabeller"]["kontor"]["rader"]]
    assert offices == [
        "Fylkesmannen i Sør-Trøndelag (2016)",
        "Fylkesmannen i Telemark (2015)",
        "Fylkesmannen i Vest-Agder (2014)",
        "Totalt",
    ]


def test_imported_audits_are_read_only(cli, sql, tmp_path):
    assert cli("historikk", "importer", good_file(tmp_path)).exit_code == 0
    before = sql("SELECT count(*) FROM log_entries")[0][0]
    refusals = [
        ("konkluder", "1", "--krav", "A1", "--utfall", "ingen", "--begrunnelse", "Feil."),
        ("vurder", "1", "--sporsmal", "A1.1", "--svar", "ja"),
        ("utvalg", "1", "--deltaker", "D001"),
        ("hendelse", "1", "varsel", "--dato", "2014-01-10"),
        ("endre", "1", "--tittel", "Ny tittel"),
        ("dokument", "1", "--tittel", "Rutine"),
        ("intervju", "1", "--rolle", "leder", "--dato", "2014-02-01"),
    ]
    for args in refusals:
        r = cli(*args)
        assert r.exit_code != 0, args
        assert "Tilsyn 1 er importert historikk (avsluttet og skrivebeskyttet)" in r.stderr, (
            args,
            r.stderr,
        )
    assert sql("SELECT count(*) FROM log_entries")[0][0] == before
    assert sql("SELECT outcome FROM conclusions WHERE audit_id = 1 AND requirement_ref = 'A1'") == [
        ("lovbrudd",)
    ]


def test_every_error_with_row_and_column_and_nothing_written(cli, sql, tmp_path):
    path = write(
        tmp_path / "feil.csv",
        HEAD
        + "4204,2014,helarig-fulltid,A1,lovbrudd,,,,\n"  # 4204 did not exist in 2014
        + "1702,2018,helarig-fulltid,A1,lovbrudd,,,,\n"  # renumbered to 5004 in 2018
        + "9999,2014,helarig-fulltid,A1,lovbrudd,,,,\n"
        + "0301,2014,helarig-fulltid,A9,lovbrudd,,,,\n"
        + "0301,2014,helarig-fulltid,A1,kanskje,,,,\n"
        + "0301,2014,finnes-ikke,A1,ingen,,,,\n"
        + "0301,14,helarig-fulltid,A1,ingen,,,,\n"
        + "0301,2026,helarig-fulltid,A1,ingen,,,,\n"  # usable until 2025 (transitional)
        + "0301,2015,helarig-fulltid,A1,ingen,,,2015-02-30,\n"
        + "0301,2015,helarig-fulltid,A2,ingen,,,2015-03-01,\n"
        + "0301,2015,helarig-fulltid,A2,ingen,,,,\n"  # A2 twice
        + "0301,2016,helarig-fulltid,A1,ingen,Fylkesmannen i Atlantis,,,\n"
        + "0301,2016,helarig-fulltid,A2,ingen,,,2016-05-01,2016-04-01\n",
    )
    r = cli("historikk", "importer", path)
    assert r.exit_code == 1, r.stderr
    err = r.stderr
    assert "feil.csv: 12 feil i historikkfilen; ingenting ble lagret" in err
    assert (
        "rad 2, kolonne kommunenummer (A): kommunenummer 4204 (Kristiansand) gjaldt først fra "
        "2020, ikke i 2014. I 2014 var området flere kommuner: 1001 Kristiansand, "
        "1017 Songdalen, 1018 Søgne."
    ) in err
    assert (
        "rad 3, kolonne kommunenummer (A): kommunenummer 1702 (Steinkjer) gjaldt til og med" in err
    )
    assert "I 2018 var nummeret 5004 Steinkjer: bruk det." in err
    assert "rad 4, kolonne kommunenummer (A): finner ingen kommune med nummer 9999" in err
    assert "rad 5, kolonne krav (D): Sjekklisten «helarig-fulltid» har ikke kravet «A9»" in err
    assert "rad 6, kolonne utfall (E): «kanskje» er ikke en gyldig utfall" in err
    assert "rad 7, kolonne sjekkliste (C):" in err and "finnes-ikke" in err
    assert "rad 8, kolonne ar (B): «14» er ikke et årstall" in err
    assert (
        "rad 9, kolonne ar (B): sjekklisten helarig-fulltid kan brukes 2013–2025, ikke i 2026"
        in err
    )
    assert "rad 10, kolonne endelig_dato (H): «2015-02-30» er ikke en gyldig dato" in err
    assert "rad 12, kolonne krav (D): krav A2 står allerede for dette tilsynet (rad 11)" in err
    assert (
        "rad 13, kolonne kontor (F): Finner ikke noe kontor som heter «Fylkesmannen i Atlantis»"
        in err
    )
    assert "rad 14, kolonne lukket_dato (I): 2016-04-01 er før endelig_dato 2016-05-01." in err
    assert count_audits(sql) == 0
    assert sql("SELECT count(*) FROM log_entries")[0][0] == 0


def test_audit_wide_fields_must_agree_across_rows(cli, sql, tmp_path):
    path = write(
        tmp_path / "h.csv",
        HEAD
        + "0301,2015,helarig-fulltid,A1,ingen,,,2015-03-01,\n"
        + "0301,2015,helarig-fulltid,A2,ingen,,,2015-04-01,\n",
    )
    r = cli("historikk", "importer", path)
    assert r.exit_code == 1
    assert "rad 3, kolonne endelig_dato (H): samme tilsyn (rad 2) har en annen verdi" in r.stderr
    assert count_audits(sql) == 0


def test_headings_are_checked_first(cli, tmp_path):
    r = cli(
        "historikk",
        "importer",
        write(tmp_path / "a.csv", "kommune,år,krav,utfall,farge\n1,2,3,4,5\n"),
    )
    assert r.exit_code == 1
    assert "overskriftene i historikkfilen stemmer ikke" in r.stderr
    assert "rad 1, kolonne A: ukjent kolonne «kommune»" in r.stderr
    assert "rad 1, kolonne E: ukjent kolonne «farge»" in r.stderr
    assert "rad 1: mangler kolonnen «sjekkliste»" in r.stderr
    r = cli("historikk", "importer", write(tmp_path / "b.txt", HEAD))
    assert r.exit_code != 0 and "CSV-fil (.csv) eller Excel-arbeidsbok (.xlsx)" in r.stderr
    r = cli("historikk", "importer", write(tmp_path / "c.csv", HEAD))
    assert r.exit_code == 1 and "bare overskrifter" in r.stderr


def test_the_same_history_twice_is_refused(cli, sql, tmp_path):
    path = good_file(tmp_path)
    assert cli("historikk", "importer", path).exit_code == 0
    again = cli("historikk", "importer", path)
    assert again.exit_code == 1
    assert (
        "rad 2–4: tilsyn 1 (importert) gjelder allerede 1001 Kristiansand, helarig-fulltid, 2014."
    ) in again.stderr
    assert count_audits(sql) == 3


def test_semicolons_and_norwegian_headings(cli, tmp_path):
    path = write(
        tmp_path / "excel.csv",
        "Kommunenummer;År;Sjekkliste;Krav;Utfall;Endelig dato\n"
        "806;2015;helarig-fulltid;A1;lovbrudd;01.06.2015\n",
    )
    r = cli("historikk", "importer", path, "--json")
    assert r.exit_code == 0, r.stderr
    row = json.loads(r.stdout)["liste"][0]
    assert row["kommune"] == "0806" and row["endelig"] == "2015-06-01"


def test_xlsx_with_dates_and_numbers(cli, tmp_path):
    from datetime import datetime

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["kommunenummer", "ar", "sjekkliste", "krav", "utfall", "endelig_dato"])
    ws.append([1001, 2014, "helarig-fulltid", "A1", "lovbrudd", datetime(2014, 6, 1)])
    ws.append(["1001", 2014.0, "helarig-fulltid", "A2", "ingen", None])
    path = tmp_path / "historikk.xlsx"
    wb.save(path)
    r = cli("historikk", "importer", path, "--json")
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["tilsyn"] == 1
    assert data["liste"][0]["endelig"] == "2014-06-01"
    assert data["liste"][0]["rader"] == [2, 3]

    ws.append(["1001", "=2013+1", "helarig-fulltid", "A3", "ingen", None])
    wb.save(path)
    r = cli("historikk", "importer", path)
    assert r.exit_code != 0 and "cellene B4 inneholder formler" in r.stderr


@pytest.mark.parametrize("column", ["kontor", "saksnummer", "utfall"])
def test_identity_numbers_in_text_are_refused(cli, sql, tmp_path, column):
    from idnumbers import valid_number

    number = valid_number()
    cells = {"kontor": "", "saksnummer": "", "utfall": "ingen"}
    cells[column] = number
    path = write(
        tmp_path / "h.csv",
        HEAD
        + f"0301,2015,helarig-fulltid,A1,{cells['utfall']},{cells['kontor']},"
        + f"{cells['saksnummer']},,\n",
    )
    r = cli("historikk", "importer", path)
    assert r.exit_code != 0
    assert f"rad 2, kolonne {column}" in r.stderr
    assert number not in r.stderr
    assert count_audits(sql) == 0
