"""Hostile inputs (issue 15) against identity-number detection and the checklist loader,
and checks that the builders in tests/hostile.py make what they say (later tests of other
routes rely on them)."""

from __future__ import annotations

import json
import time
import tomllib
import zipfile
from pathlib import Path

import pytest
from hostile import (
    ABSURD_DATES,
    HUGE_IDS,
    binary_toml,
    bulk_answers_json,
    confusable_pseudonyms,
    deep_json,
    deep_toml,
    deep_yaml,
    hostile_archive,
    identity_numbers,
    invalid_utf8,
    issue_15_forms,
    long_text,
    oversized_yaml,
    write_alias_bomb,
    written_with_separators,
    xlsx_far_cell,
    xlsx_unpacks_large,
    yaml_alias_bomb,
    yaml_many_values,
)
from summary import counter
from test_checklist_format import VALID

from tilsyn.checklist.loader import load_checklist, parse_checklist
from tilsyn.errors import ChecklistError, ExitCode, PersonalDataError
from tilsyn.idnumber import find_identity_numbers, mask_identity_numbers, refuse_identity_numbers

TALLY = counter("fiendtlige inndata (fødselsnumre, sjekklister)")


def _refused(text: str, *, source: str = "x.yaml") -> ChecklistError:
    """Parse ``text``; it must be refused with a ChecklistError and no identity number."""
    TALLY["prøvd"] += 1
    try:
        parse_checklist(text, source=source)
    except ChecklistError as exc:
        TALLY["avvist"] += 1
        if find_identity_numbers(str(exc)):
            TALLY["fødselsnumre lekket"] += 1
        assert exc.exit_code == ExitCode.INVALID_CHECKLIST
        return exc
    except Exception:
        TALLY["tracebacks"] += 1
        raise
    raise AssertionError("the checklist was accepted")


def _line(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


# --- identity numbers ---------------------------------------------------------------------


def test_refusals_never_echo_a_number_in_any_form():
    for kind, number in identity_numbers().items():
        for label, written in [
            *written_with_separators(number),
            ("issue", issue_15_forms(number)[0]),
        ]:
            TALLY["prøvd"] += 1
            with pytest.raises(PersonalDataError) as caught:
                refuse_identity_numbers(f"Obs: {written}", where=f"--observasjon «{written}»")
            TALLY["avvist"] += 1
            message = str(caught.value)
            leaked = find_identity_numbers(message) or number in message
            TALLY["fødselsnumre lekket"] += bool(leaked)
            assert not leaked, (kind, label, message)
            assert message.startswith(f"--observasjon «{number[:6]}*****»: inneholder det"), message


def test_masking_a_message_with_many_numbers_is_complete():
    numbers = list(identity_numbers().values())
    forms = [w for n in numbers for _, w in written_with_separators(n)]
    message = "feil: " + " | ".join(forms)
    masked = mask_identity_numbers(message)
    assert find_identity_numbers(masked) == []
    assert masked.count("*****") == len(forms)


# --- checklist files: bombs, size, depth -------------------------------------------------


def test_alias_bomb_is_refused_at_once_naming_file_and_lines():
    bomb = yaml_alias_bomb()
    assert len(bomb.encode()) < 600
    start = time.perf_counter()
    exc = _refused(bomb, source="bombe.yaml")
    elapsed = time.perf_counter() - start
    assert elapsed < 2.0
    assert exc.message == "Ugyldig sjekkliste bombe.yaml: 11 feil."
    assert exc.details[0] == (
        "bombe.yaml:4: YAML-anker (&a0) er ikke tillatt i sjekklister; skriv verdien ut på "
        "hvert sted den trengs"
    )
    assert exc.details[1] == (
        "bombe.yaml:5: YAML-anker og -alias (&a1, *a0) er ikke tillatt i sjekklister; skriv "
        "verdien ut på hvert sted den trengs"
    )
    assert exc.details[-1] == (
        "bombe.yaml:14: YAML-alias (*a9) er ikke tillatt i sjekklister; skriv verdien ut på "
        "hvert sted den trengs"
    )


def test_a_single_alias_is_refused_too():
    text = VALID.replace("title: Testliste", "title: &t Testliste").replace(
        "title: Andre krav", "title: *t"
    )
    exc = _refused(text)
    assert exc.details == [
        f"x.yaml:{_line(text, '&t')}: YAML-anker (&t) er ikke tillatt i sjekklister; skriv "
        "verdien ut på hvert sted den trengs",
        f"x.yaml:{_line(text, '*t')}: YAML-alias (*t) er ikke tillatt i sjekklister; skriv "
        "verdien ut på hvert sted den trengs",
    ]


def test_many_aliases_are_summarised_after_twenty_lines():
    lines = ["id: x", "a: &a 1"] + [f"b{i}: *a" for i in range(30)]
    exc = _refused("\n".join(lines) + "\n")
    assert len(exc.details) == 21
    assert exc.details[-1] == "x.yaml:22: … og ankere eller aliaser på 11 linjer til"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (deep_yaml(10_000, flow=True), 1),
        (deep_yaml(100, flow=False), 41),
        ("id: " + "{a: " * 5_000, 1),
    ],
    ids=["flow-10000", "block-100", "unclosed-mappings"],
)
def test_deep_nesting_is_refused_quickly(text, line):
    start = time.perf_counter()
    exc = _refused(text)
    assert time.perf_counter() - start < 2.0
    assert exc.details == [
        f"x.yaml:{line}: YAML-strukturen er nestet dypere enn 40 nivåer; en sjekkliste trenger "
        "langt færre. Sjekk innrykk og klammer."
    ]


def test_too_many_values_are_refused_quickly():
    start = time.perf_counter()
    exc = _refused(yaml_many_values(200_000))
    assert time.perf_counter() - start < 2.0
    assert exc.details == [
        "x.yaml:2: filen har mer enn 25 000 verdier; en sjekkliste trenger langt færre. Del den "
        "opp i flere sjekklister."
    ]


def test_oversized_file_is_refused_before_reading(tmp_path):
    text = oversized_yaml(1_100_000)
    size = len(text.encode())
    exc = _refused(text)
    expected = (
        f"filen er for stor ({size:,} byte); en sjekkliste kan være høyst 1 000 000 byte "
        "(1 MB). Del den opp i flere sjekklister."
    ).replace(",", " ")
    assert exc.details == [f"x.yaml:1: {expected}"]
    path = tmp_path / "stor.yaml"
    path.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    with pytest.raises(ChecklistError) as caught:
        load_checklist(path)
    assert time.perf_counter() - start < 1.0
    assert caught.value.details == [f"{path}:1: {expected}"]


def test_a_folder_or_device_named_yaml_is_refused(tmp_path):
    folder = tmp_path / "mappe.yaml"
    folder.mkdir()
    with pytest.raises(ChecklistError) as caught:
        load_checklist(folder)
    assert str(caught.value) == f"{folder}: er ikke en vanlig fil; en sjekkliste er en YAML-fil."


# --- checklist files: every problem at once, text problems --------------------------------


def test_duplicate_key_and_unknown_key_are_reported_together():
    text = VALID.replace("title: Andre krav\n", "title: Andre krav\n        title: Igjen\n")
    text = text.replace("scope: kommune\n", "scope: kommune\n            colour: red\n")
    exc = _refused(text)
    assert exc.details == [
        f"x.yaml:{_line(text, 'title: Igjen')}: nøkkelen finnes to ganger (duplikat i YAML)",
        f"x.yaml:{_line(text, 'colour: red')}: themes[0].requirements[1].questions[0].colour: "
        "ukjent felt; sjekk stavingen (se tilsyn sjekkliste skjema)",
    ]


def test_duplicates_at_several_levels_with_other_problems():
    text = VALID.replace("id: test\n", "id: test\nid: igjen\n")
    text = text.replace("  short_name: introduksjonsloven\n", "  short_name: a\n  short_name: b\n")
    text = text.replace("scope: deltaker", "scope: deltakere")
    exc = _refused(text)
    assert exc.message == "Ugyldig sjekkliste x.yaml: 3 feil."
    assert exc.details[0] == "x.yaml:3: nøkkelen finnes to ganger (duplikat i YAML)"
    assert exc.details[1] == (
        f"x.yaml:{_line(text, 'short_name: b')}: nøkkelen finnes to ganger (duplikat i YAML)"
    )
    assert exc.details[2].startswith(f"x.yaml:{_line(text, 'scope: deltakere')}: ")
    assert "'deltakere'" in exc.details[2]


@pytest.mark.parametrize("case", list(invalid_utf8()))
def test_invalid_utf8_is_refused_with_line_and_byte(tmp_path, case):
    bad, first_bad = invalid_utf8()[case]
    raw = VALID.encode().replace(b"title: Testliste", b"title: " + bad[first_bad : first_bad + 3])
    path = tmp_path / "x.yaml"
    path.write_bytes(raw)
    offset = raw.index(b"title: ") + len(b"title: ")
    TALLY["prøvd"] += 1
    with pytest.raises(ChecklistError) as caught:
        load_checklist(path)
    TALLY["avvist"] += 1
    assert caught.value.message == f"{path}: filen er ikke UTF-8-tekst."
    assert caught.value.details == [
        f"{path}:3: ugyldig byte 0x{raw[offset]:02x} (byte nr. {offset + 1} i filen); "
        "lagre filen som UTF-8"
    ]


def test_error_messages_mask_identity_numbers(tmp_path):
    number = identity_numbers()["fodselsnummer"]
    text = VALID.replace("scope: deltaker", f"scope: {number[:6]} {number[6:]}")
    exc = _refused(text, source=f"sjekklister/{number}.yaml")
    assert number not in str(exc) and number[6:] not in str(exc)
    assert exc.details[0].startswith(f"sjekklister/{number[:6]}*****.yaml:")
    assert f"'{number[:6]}*****'" in exc.details[0]
    path = tmp_path / f"{number}.yaml"
    path.write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(ChecklistError) as caught:
        load_checklist(path)
    assert number not in str(caught.value)


@pytest.mark.parametrize("value", [*ABSURD_DATES.values(), *HUGE_IDS.values()])
@pytest.mark.parametrize("field", ["valid_from", "valid_to", "version", "schema_version"])
def test_absurd_dates_and_huge_numbers_never_crash(field, value):
    """Loaded or refused with a message; never an OverflowError or other traceback."""
    needle = {
        "valid_from": "valid_from: 2017-01-01",
        "valid_to": "valid_to: 2020-12-31",
        "version": 'version: "2017.1"',
        "schema_version": "schema_version: 1",
    }[field]
    text = VALID.replace(needle, f"{field}: {value}")
    TALLY["prøvd"] += 1
    try:
        parse_checklist(text, source="x.yaml")
    except ChecklistError as exc:
        TALLY["avvist"] += 1
        assert all(d.startswith("x.yaml:") for d in exc.details)
    except Exception:
        TALLY["tracebacks"] += 1
        raise


# --- through the command line -------------------------------------------------------------


def test_alias_bomb_in_the_workspace_does_not_hang_any_command(cli, workspace, session):
    bomb = write_alias_bomb(workspace.root / "sjekklister")
    first = (
        f"{bomb}:4: YAML-anker (&a0) er ikke tillatt i sjekklister; skriv verdien ut på hvert "
        "sted den trengs"
    )
    for args in (
        ("sjekkliste", "liste"),
        ("sjekkliste", "valider", str(bomb)),
        ("opprett", "--kommune", "1001", "--sjekkliste", "individuell-plan"),
    ):
        start = time.perf_counter()
        r = cli(*args)
        elapsed = time.perf_counter() - start
        TALLY["prøvd"] += 1
        assert r.exit_code == ExitCode.INVALID_CHECKLIST, (args, r.stderr)
        TALLY["avvist"] += 1
        assert "Traceback" not in r.output
        assert first in r.stderr, (args, r.stderr)
        assert elapsed < 2.0, (args, elapsed)
    assert session.store.audits.all() == []


# --- the builders make what they say ------------------------------------------------------


def test_builder_far_cell_workbook(tmp_path):
    from openpyxl import load_workbook

    path = xlsx_far_cell(tmp_path)
    assert path.stat().st_size < 8_000
    wb = load_workbook(path, read_only=True)
    ws = wb.active
    assert (ws.max_row, ws.max_column) == (1_048_576, 16_384)
    assert next(ws.iter_rows(max_row=1, values_only=True))[:2] == ("pseudonym", "bosettingsdato")


def test_builder_workbook_that_unpacks_large(tmp_path):
    from openpyxl import load_workbook

    path = xlsx_unpacks_large(tmp_path)
    with zipfile.ZipFile(path) as z:
        sizes = [i.file_size for i in z.infolist()]
    assert 1_800_000 < path.stat().st_size < 2_500_000
    assert sum(sizes) > 27_000_000
    assert max(sizes) < 2_000_000
    wb = load_workbook(path, read_only=True)
    assert len(wb.worksheets) == 15
    assert next(wb.worksheets[0].iter_rows(max_row=1, values_only=True))[:2] == (
        "pseudonym",
        "bosettingsdato",
    )


def test_builder_archive_with_a_path_for_a_uid(cli, workspace, tmp_path):
    from tilsyn.store.archive import verify_entries

    r = cli("opprett", "--kommune", "1001", "--sjekkliste", "individuell-plan")
    assert r.exit_code == 0, r.stderr
    aid = r.stdout.strip()
    doc = workspace.root / "rutine.pdf"
    doc.write_bytes(b"%PDF-1.4 rutine")
    r = cli("dokument", aid, "--tittel", "Rutine", "--dato", "2017-03-20", "--fil", str(doc))
    assert r.exit_code == 0, r.stderr
    real = tmp_path / "sak.zip"
    assert cli("eksport", aid, "-o", str(real)).exit_code == 0
    forged = hostile_archive(real, tmp_path / "forfalsket.zip", row_path="/etc/passwd")
    with zipfile.ZipFile(forged) as z:
        meta = json.loads(z.read("tilsyn-arkiv.json"))
        assert z.read("filer/authorized_keys").startswith(b"ssh-ed25519 ")
    assert meta["tilsyn_uid"] == "../../../../tmp/x"
    assert meta["tabeller"]["audits"][0]["uid"] == "../../../../tmp/x"
    assert meta["filer"][0]["fil"] == "filer/authorized_keys"
    assert all(r["path"] == "/etc/passwd" for r in meta["tabeller"]["documents"])
    assert {e["chain"] for e in meta["logg"]} >= {"tilsyn:../../../../tmp/x"}
    assert verify_entries(meta["logg"]) == []  # the unkeyed chain is recomputed


def test_builders_of_json_toml_text_and_pseudonyms(tmp_path):
    for kind in ("list", "object"):
        with pytest.raises(RecursionError):
            json.loads(deep_json(10_000, kind=kind))
    for kind in ("array", "inline-table"):
        with pytest.raises(RecursionError):
            tomllib.loads(deep_toml(10_000, kind=kind))
    with pytest.raises(UnicodeDecodeError):
        binary_toml(tmp_path).read_bytes().decode("utf-8")
    path = bulk_answers_json(tmp_path, observasjon=99999999999999999999)
    assert json.loads(path.read_text(encoding="utf-8"))[0]["observasjon"] == 10**20 - 1
    for bad, offset in invalid_utf8().values():
        with pytest.raises(UnicodeDecodeError) as caught:
            bad.decode("utf-8")
        assert caught.value.start == offset
    assert len(long_text()) == 100_000 and find_identity_numbers(long_text()) == []
    for original, lookalike in confusable_pseudonyms().values():
        assert lookalike != original


def test_builder_deep_toml_as_a_dotted_table_parses_into_deep_dicts():
    data = tomllib.loads(deep_toml(2_000, kind="table"))
    depth = 0
    while isinstance(data, dict) and "a" in data:
        data, depth = data["a"], depth + 1
    assert depth == 2_000


def test_builder_paths_are_inside_tmp_path(tmp_path):
    for path in (xlsx_far_cell(tmp_path), binary_toml(tmp_path)):
        assert Path(path).resolve().is_relative_to(tmp_path.resolve())
