"""`tilsyn egenvurdering importer-svar` (a survey in bulk), one self-assessment per
municipality, checklist and year unless --ny, and statistics that use the latest form
that has answers (issue 17)."""

from __future__ import annotations

import json

import pytest

HEAD = "kommunenummer,ar,sporsmal,svar,forklaring\n"


@pytest.fixture(autouse=True)
def _store(cli):
    assert cli("liste").exit_code == 0


def write(path, text: str):
    path.write_text(text, encoding="utf-8")
    return path


def survey(tmp_path, name="undersokelse.csv"):
    return write(
        tmp_path / name,
        HEAD
        + "1001,2014,A1.1,ja,\n"
        + "1001,2014,A2.1,nei,For få timer i praksis.\n"
        + "1018,2014,A1.1,Nei,\n"
        + "0806,2016,a1.1,ikkje relevant,\n",
    )


def test_one_self_assessment_per_municipality_and_year(cli, sql, tmp_path):
    path = survey(tmp_path)
    dry = cli(
        "egenvurdering", "importer-svar", path, "--sjekkliste", "helarig-fulltid", "--torrkjoring"
    )
    assert dry.exit_code == 0, dry.stderr
    assert (
        "Tørrkjøring (ingenting lagret): undersokelse.csv – 3 egenvurderinger (4 svar)"
        in dry.stdout
    )
    assert sql("SELECT count(*) FROM self_assessments")[0][0] == 0

    r = cli("egenvurdering", "importer-svar", path, "--sjekkliste", "helarig-fulltid", "--json")
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["egenvurderinger"] == 3 and data["svar"] == 4 and data["ar"] == [2014, 2016]
    forms = {(f["kommune"], f["ar"]): f for f in data["skjemaer"]}
    assert forms[("1001", 2014)]["svar"] == {"A1.1": "ja", "A2.1": "nei"}
    assert forms[("0806", 2016)]["svar"] == {"A1.1": "ikke relevant"}  # stored in bokmål
    assert forms[("1001", 2014)]["status"] == "ufullstendig"  # a survey asks two questions
    rows = sql("SELECT municipality_number, year, origin, county FROM self_assessments ORDER BY id")
    assert rows == [
        ("1001", 2014, "importert", "Vest-Agder"),
        ("1018", 2014, "importert", "Vest-Agder"),
        ("0806", 2016, "importert", "Telemark"),
    ]
    assert sql("SELECT explanation FROM self_assessment_answers WHERE question_ref = 'A2.1'") == [
        ("For få timer i praksis.",)
    ]
    stats = json.loads(cli("statistikk", "--json").stdout)
    share = {r["Spørsmål"]: r for r in stats["tabeller"]["egenvurdering"]["rader"]}
    # 0806 answered only «ikke relevant» in 2016: no yes/no answer, so no 2016 figure
    assert share["A1.1"]["2014"] == 0.5 and "2016" not in share["A1.1"]
    assert stats["sammendrag"]["importerte_egenvurderinger"] == 2


def test_a_second_survey_is_refused_unless_new(cli, sql, tmp_path):
    path = survey(tmp_path)
    assert (
        cli("egenvurdering", "importer-svar", path, "--sjekkliste", "helarig-fulltid").exit_code
        == 0
    )
    again = cli("egenvurdering", "importer-svar", path, "--sjekkliste", "helarig-fulltid")
    assert again.exit_code == 1
    assert (
        "rad 2–3: 1001 Kristiansand har allerede egenvurdering 1 (ufullstendig) på "
        "helarig-fulltid for 2014. Fjern radene, eller bruk --ny"
    ) in again.stderr
    assert sql("SELECT count(*) FROM self_assessments")[0][0] == 3
    new = cli("egenvurdering", "importer-svar", path, "--sjekkliste", "helarig-fulltid", "--ny")
    assert new.exit_code == 0, new.stderr
    assert sql("SELECT count(*) FROM self_assessments")[0][0] == 6


def test_every_error_with_row_and_column(cli, sql, tmp_path):
    path = write(
        tmp_path / "feil.csv",
        HEAD
        + "4204,2014,A1.1,ja,\n"
        + "1001,2014,A9.9,ja,\n"
        + "1001,2014,A1.1,kanskje,\n"
        + "1001,2014,A1.2,ikke vurdert,\n"
        + "1001,2014,A1.3,ja,\n"
        + "1001,2014,A1.3,nei,\n"
        + "1001,2012,A1.1,ja,\n",
    )
    r = cli("egenvurdering", "importer-svar", path, "--sjekkliste", "helarig-fulltid")
    assert r.exit_code == 1
    err = r.stderr
    assert "feil.csv: 6 feil i svarfilen; ingenting ble lagret" in err
    assert "rad 2, kolonne kommunenummer (A): kommunenummer 4204 (Kristiansand) gjaldt først" in err
    assert "rad 3, kolonne sporsmal (C):" in err and "A9.9" in err
    assert "rad 4, kolonne svar (D): «kanskje» er ikke et gyldig svar på A1.1" in err
    assert "rad 5, kolonne svar (D): «ikke vurdert» er ikke et gyldig svar på A1.2" in err
    assert "rad 7, kolonne sporsmal (C): A1.3 er allerede besvart for 1001 Kristiansand 2014" in err
    assert "rad 8, kolonne ar (B): 2012 er utenfor" in err
    assert sql("SELECT count(*) FROM self_assessments")[0][0] == 0
    unknown = cli("egenvurdering", "importer-svar", path, "--sjekkliste", "finnes-ikke")
    assert unknown.exit_code != 0 and "finnes-ikke" in unknown.stderr


def test_opprett_refuses_a_second_form_unless_new(cli):
    args = ("egenvurdering", "opprett", "--kommune", "4204", "--sjekkliste", "helarig-fulltid")
    first = cli(*args, "--ar", "2020", "--json")
    assert first.exit_code == 0, first.stderr
    second = cli(*args, "--ar", "2020")
    assert second.exit_code != 0
    assert (
        "4204 Kristiansand har allerede egenvurdering 1 (opprettet) på helarig-fulltid for "
        "2020. Bruk den (tilsyn egenvurdering vis 1), eller lag en ny med --ny"
    ) in second.stderr
    assert cli(*args, "--ar", "2020", "--ny").exit_code == 0
    assert cli(*args, "--ar", "2019").exit_code == 0  # another year is another form


def test_an_empty_later_form_does_not_wipe_a_completed_one(cli, tmp_path):
    """The reported bug: a second, empty self-assessment replaced a completed one and
    wiped the self-assessment and calibration tables."""
    path = survey(tmp_path)
    assert (
        cli("egenvurdering", "importer-svar", path, "--sjekkliste", "helarig-fulltid").exit_code
        == 0
    )
    before = json.loads(cli("statistikk", "--json").stdout)["tabeller"]
    r = cli(
        "egenvurdering", "opprett", "--kommune", "1001", "--sjekkliste", "helarig-fulltid",
        "--ar", "2014", "--ny",
    )  # fmt: skip
    assert r.exit_code == 0, r.stderr
    after = json.loads(cli("statistikk", "--json").stdout)["tabeller"]
    assert after["egenvurdering"] == before["egenvurdering"]
    assert after["egenvurdering"]["rader"][0]["2014"] == 0.5
    # a later form WITH answers does count: the newest with answers wins
    newer = write(tmp_path / "ny.csv", HEAD + "1001,2014,A1.1,nei,\n")
    assert (
        cli("egenvurdering", "importer-svar", newer, "--sjekkliste", "helarig-fulltid", "--ny")
    ).exit_code == 0
    latest = json.loads(cli("statistikk", "--json").stdout)["tabeller"]["egenvurdering"]
    assert latest["rader"][0]["2014"] == 0.0  # 1001 now says no; 1018 said no


def test_xlsx_survey(cli, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Kommunenummer", "År", "Spørsmål", "Svar"])
    ws.append([806, 2015, "A1.1", "ja"])
    ws.append([807, 2015, "A1.1", "nei"])
    path = tmp_path / "svar.xlsx"
    wb.save(path)
    r = cli("egenvurdering", "importer-svar", path, "--sjekkliste", "helarig-fulltid", "--json")
    assert r.exit_code == 0, r.stderr
    assert [f["kommune"] for f in json.loads(r.stdout)["skjemaer"]] == ["0806", "0807"]
