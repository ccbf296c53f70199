"""Sampling participant files through the CLI: reproducible draws, XLSX lists, manual
choice, refused identity numbers, every problem of a list at once, replacing a sample."""

from __future__ import annotations

import json
import random
from pathlib import Path

from idnumbers import valid_number

from tilsyn.errors import ExitCode

HEADER = "pseudonym,bosettingsdato,kravdato,programstart,planvedtak"


def population_rows(n: int = 30) -> list[str]:
    return [
        f"P-{i:03d},2016-{1 + i % 12:02d}-{1 + i % 27:02d},,,2016-12-{1 + i % 27:02d}"
        for i in range(1, n + 1)
    ]


def write_csv(path: Path, rows: list[str], header: str = HEADER) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def create(cli) -> int:
    r = cli("opprett", "--kommune", "1001", "--sjekkliste", "individuell-plan", "--json")
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)["id"]


def sample_of(cli, aid: int) -> dict | None:
    r = cli("vis", aid, "--json")
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)["utvalg"]


def count_rows(sql, table: str) -> int:
    return sql(f"SELECT count(*) FROM {table}")[0][0]


def test_draw_is_reproducible_and_ignores_row_order(cli, tmp_path):
    rows = population_rows(30)
    ordered = write_csv(tmp_path / "a.csv", rows)
    shuffled_rows = rows[:]
    random.Random(1).shuffle(shuffled_rows)
    assert shuffled_rows != rows
    shuffled = write_csv(tmp_path / "b.csv", shuffled_rows)
    a, b, c = create(cli), create(cli), create(cli)
    r = cli("utvalg", a, "--populasjon", ordered, "--antall", "8", "--fro", "2017", "--json")
    assert r.exit_code == 0, r.stderr
    first = json.loads(r.stdout)
    assert first["metode"] == "tilfeldig"
    assert first["fro"] == "2017"
    assert first["populasjon"] == 30
    assert len(first["deltakere"]) == 8 == len(set(first["deltakere"]))
    r = cli("utvalg", b, "--populasjon", shuffled, "--antall", "8", "--frø", "2017", "--json")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["deltakere"] == first["deltakere"]
    # Another seed gives another sample.
    r = cli("utvalg", c, "--populasjon", ordered, "--antall", "8", "--fro", "2018", "--json")
    assert json.loads(r.stdout)["deltakere"] != first["deltakere"]
    recorded = sample_of(cli, a)
    assert recorded["metode"] == "tilfeldig"
    assert recorded["fro"] == "2017"
    assert recorded["populasjon"] == 30
    assert recorded["antall"] == 8
    assert recorded["deltakere"] == first["deltakere"]
    text = cli("vis", a).stdout
    assert "Utvalg: 8 deltakermapper (tilfeldig, frø 2017, av 30)" in text


def test_draw_without_seed_records_the_seed_used(cli, tmp_path):
    pop = write_csv(tmp_path / "p.csv", population_rows(12))
    a, b = create(cli), create(cli)
    r = cli("utvalg", a, "--populasjon", pop, "--antall", "5")
    assert r.exit_code == 0, r.stderr
    seed = sample_of(cli, a)["fro"]
    assert seed
    assert f"frø {seed}" in r.stdout
    cli("utvalg", b, "--populasjon", pop, "--antall", "5", "--fro", seed)
    assert sample_of(cli, b)["deltakere"] == sample_of(cli, a)["deltakere"]


def test_xlsx_population(cli, tmp_path):
    from datetime import datetime

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Pseudonym", "Bosettingsdato", "Planvedtak"])
    for i in range(1, 11):
        ws.append([f"X-{i:02d}", datetime(2016, 3, i), "01.05.2016"])
    path = tmp_path / "populasjon.xlsx"
    wb.save(path)
    aid = create(cli)
    r = cli("utvalg", aid, "--populasjon", path, "--antall", "4", "--fro", "7", "--json")
    assert r.exit_code == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["populasjon"] == 10
    assert all(p.startswith("X-") for p in out["deltakere"])
    # The dates were read (the computed plan-deadline check proposes answers from them).
    r = cli("vurder", aid, "--beregn", "--json")
    assert r.exit_code == 0, r.stderr
    proposals = json.loads(r.stdout)
    assert {p["deltaker"] for p in proposals} == set(out["deltakere"])
    assert all(p["forslag"] == "ja" for p in proposals)
    assert all("1. mai 2016" in p["forklaring"] for p in proposals)


def test_manual_choice(cli, tmp_path):
    aid = create(cli)
    r = cli("utvalg", aid, "--deltaker", "Mappe A", "--deltaker", "Mappe B", "--json")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout) == {
        "metode": "manuelt",
        "fro": None,
        "populasjon": None,
        "kriterier": None,
        "deltakere": ["Mappe A", "Mappe B"],
    }
    s = sample_of(cli, aid)
    assert s["metode"] == "manuelt" and s["deltakere"] == ["Mappe A", "Mappe B"]


def test_manual_choice_from_population_takes_its_dates(cli, tmp_path):
    pop = write_csv(tmp_path / "p.csv", population_rows(5))
    aid = create(cli)
    r = cli("utvalg", aid, "--populasjon", pop, "--deltaker", "p-002", "--deltaker", "P-004")
    assert r.exit_code == 0, r.stderr
    s = sample_of(cli, aid)
    assert s["deltakere"] == ["P-002", "P-004"]  # spelled as in the list
    assert s["populasjon"] == 5
    r = cli("vurder", aid, "--beregn", "--json")
    assert {p["deltaker"] for p in json.loads(r.stdout)} == {"P-002", "P-004"}


def test_manual_choice_refusals(cli, tmp_path, workspace, sql):
    pop = write_csv(tmp_path / "p.csv", population_rows(5))
    aid = create(cli)
    r = cli("utvalg", aid, "--deltaker", "A", "--deltaker", "a")
    assert r.exit_code == ExitCode.USAGE
    assert "flere ganger" in r.stderr
    r = cli("utvalg", aid, "--populasjon", pop, "--deltaker", "P-999")
    assert r.exit_code == ExitCode.USAGE
    assert "Finnes ikke i populasjonslisten: P-999" in r.stderr
    r = cli("utvalg", aid, "--deltaker", "A", "--antall", "2")
    assert r.exit_code == ExitCode.USAGE
    r = cli("utvalg", aid, "--deltaker", valid_number("150385"))
    assert r.exit_code == ExitCode.PERSONAL_DATA
    assert "--deltaker" in r.stderr
    assert sample_of(cli, aid) is None
    assert count_rows(sql, "participants") == 0


def test_draw_count_checks(cli, tmp_path):
    pop = write_csv(tmp_path / "p.csv", population_rows(5))
    aid = create(cli)
    r = cli("utvalg", aid, "--populasjon", pop, "--antall", "6")
    assert r.exit_code == ExitCode.USAGE
    assert "Kan ikke trekke 6 deltakermapper fra en populasjon på 5" in r.stderr
    r = cli("utvalg", aid, "--populasjon", pop, "--antall", "0")
    assert r.exit_code == ExitCode.USAGE
    r = cli("utvalg", aid, "--populasjon", tmp_path / "mangler.csv", "--antall", "2")
    assert r.exit_code == ExitCode.USAGE
    assert "Finner ikke populasjonsfilen" in r.stderr
    assert sample_of(cli, aid) is None


def test_identity_number_in_population_refused(cli, tmp_path, workspace, sql):
    rows = population_rows(10)
    fnr = valid_number("010190")
    # Row 7 of the file (header is row 1), in the column "kravdato".
    rows[5] = f"P-006,2016-01-02,{fnr},,"
    pop = write_csv(tmp_path / "p.csv", rows)
    aid = create(cli)
    logged = count_rows(sql, "log_entries")
    r = cli("utvalg", aid, "--populasjon", pop, "--antall", "3", "--fro", "1")
    assert r.exit_code == ExitCode.PERSONAL_DATA == 8
    assert r.stderr.startswith("feil: ")
    assert "rad 7" in r.stderr and "kolonne kravdato" in r.stderr
    assert "fødselsnummer" in r.stderr
    assert fnr not in r.stderr + r.stdout  # the number itself is never echoed
    assert "Traceback" not in r.stderr
    assert sample_of(cli, aid) is None
    assert count_rows(sql, "participants") == 0
    assert count_rows(sql, "samples") == 0
    assert count_rows(sql, "log_entries") == logged


def test_d_number_with_space_in_pseudonym_column_refused(cli, tmp_path):
    number = valid_number("410190")  # D-nummer
    spaced = f"{number[:6]} {number[6:]}"
    rows = population_rows(4)
    rows[2] = f"{spaced},2016-01-02,,,"
    pop = write_csv(tmp_path / "p.csv", rows)
    aid = create(cli)
    r = cli("utvalg", aid, "--populasjon", pop, "--antall", "2")
    assert r.exit_code == ExitCode.PERSONAL_DATA
    assert "rad 4" in r.stderr and "kolonne pseudonym" in r.stderr
    assert sample_of(cli, aid) is None


def test_identity_number_in_xlsx_refused(cli, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["pseudonym", "bosettingsdato"])
    ws.append(["A-1", "2016-01-01"])
    ws.append(["A-2", int(valid_number("311299"))])  # typed as a number in Excel
    path = tmp_path / "p.xlsx"
    wb.save(path)
    aid = create(cli)
    r = cli("utvalg", aid, "--populasjon", path, "--antall", "1")
    assert r.exit_code == ExitCode.PERSONAL_DATA
    assert "rad 3" in r.stderr and "bosettingsdato" in r.stderr
    assert sample_of(cli, aid) is None


def test_phone_like_numbers_are_not_refused(cli, tmp_path):
    rows = [f"P-{i},2016-01-0{i},,," for i in range(1, 5)]
    pop = write_csv(tmp_path / "p.csv", rows, header=HEADER)
    pop.write_text(
        pop.read_text(encoding="utf-8").replace("P-1,", "004798765432,"), encoding="utf-8"
    )
    aid = create(cli)
    r = cli("utvalg", aid, "--populasjon", pop, "--antall", "4", "--fro", "1")
    assert r.exit_code == 0, r.stderr


def test_all_problems_reported_at_once(cli, tmp_path, workspace, sql):
    rows = population_rows(6)
    rows[1] = "P-001,2016-01-02,,,"  # duplicate of row 2
    rows[3] = "P-004,32.13.2016,,,"  # not a date
    rows[4] = "p-003,2016-01-02,,,"  # duplicate of row 4 (case-insensitive)
    rows[5] = "P-006,2016-01-02,,,kanskje"  # not a date either
    rows.append(",2016-01-02,,,")  # missing pseudonym
    pop = write_csv(tmp_path / "p.csv", rows)
    aid = create(cli)
    r = cli("utvalg", aid, "--populasjon", pop, "--antall", "2")
    assert r.exit_code == ExitCode.USAGE
    err = r.stderr
    assert "har 5 feil; ingenting ble lagret" in err
    assert "rad 7, kolonne planvedtak: «kanskje» er ikke en dato" in err
    assert "rad 3: pseudonymet «P-001» står også på rad 2" in err
    assert "rad 5, kolonne bosettingsdato: «32.13.2016» er ikke en dato" in err
    assert "rad 6: pseudonymet «p-003» står også på rad 4" in err
    assert "rad 8, kolonne pseudonym: mangler pseudonym" in err
    assert sample_of(cli, aid) is None
    assert count_rows(sql, "samples") == 0


def test_missing_pseudonym_column(cli, tmp_path):
    pop = write_csv(tmp_path / "p.csv", ["a,2016-01-01"], header="navn,bosettingsdato")
    aid = create(cli)
    r = cli("utvalg", aid, "--populasjon", pop, "--antall", "1")
    assert r.exit_code == ExitCode.USAGE
    assert "mangler kolonnen «pseudonym»" in r.stderr


def test_replacing_a_sample(cli, tmp_path):
    pop = write_csv(tmp_path / "p.csv", population_rows(20))
    aid = create(cli)
    cli("utvalg", aid, "--populasjon", pop, "--antall", "4", "--fro", "1")
    first = sample_of(cli, aid)["deltakere"]
    r = cli("utvalg", aid, "--populasjon", pop, "--antall", "4", "--fro", "2")
    assert r.exit_code == ExitCode.USAGE
    assert "har allerede et utvalg" in r.stderr and "--erstatt" in r.stderr
    assert sample_of(cli, aid)["deltakere"] == first
    # Not yet scored: --erstatt replaces it (a kommune answer does not count as scored).
    assert cli("vurder", aid, "--sporsmal", "B1.6", "--svar", "ja").exit_code == 0
    r = cli("utvalg", aid, "--populasjon", pop, "--antall", "4", "--fro", "2", "--erstatt")
    assert r.exit_code == 0, r.stderr
    second = sample_of(cli, aid)["deltakere"]
    assert second != first
    # Scored: replacing is refused and the sample and answer stay.
    r = cli("vurder", aid, "--sporsmal", "B1.1", "--deltaker", second[0], "--svar", "ja")
    assert r.exit_code == 0, r.stderr
    r = cli("utvalg", aid, "--populasjon", pop, "--antall", "4", "--fro", "3", "--erstatt")
    assert r.exit_code == ExitCode.USAGE
    assert "kan ikke erstattes" in r.stderr and "1 svar" in r.stderr
    assert sample_of(cli, aid)["deltakere"] == second
    log = json.loads(cli("logg", aid, "--json").stdout)["linjer"]
    assert [e["handling"] for e in log].count("nytt utvalg") == 1
