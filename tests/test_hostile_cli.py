"""Hostile input through the command line (issue 15, items 3, 6, 8 and 9): identity numbers
in every free-text option, absurd dates wherever dates enter, every traceback of the issue
turned into a message, look-alike pseudonyms and a read-only database. Each refusal: the
exact message, a non-zero exit code, and the store unchanged."""

from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hostile import (
    ABSURD_DATES,
    HUGE_IDS,
    NON_TEXT_JSON_VALUES,
    attempt,
    binary_toml,
    bulk_answers_json,
    deep_json,
    identity_numbers,
    issue_15_forms,
    json_with_nan,
    store_leaks,
    store_snapshot,
    write_deep_toml,
)
from summary import counter

from tilsyn.errors import ExitCode

TALLY = counter("fiendtlige kommandolinjer")
NUMBER = identity_numbers()["d-nummer"]
FORMS = issue_15_forms(NUMBER)
PERSONAL = re.compile(
    r"feil: (?P<where>.+): inneholder det som ser ut som et fødselsnummer eller D-nummer "
    r"\((?P<masked>\d{6}\*{5})\)\. Deltakere skal bare identifiseres med pseudonym; fjern "
    r"nummeret og prøv igjen\. Ingenting ble lagret\.\n"
)


@pytest.fixture
def reported(cli, scored_audit):
    """The scored audit with its preliminary report sent (comments can be registered)."""
    r = cli("hendelse", scored_audit, "forelopig", "--dato", "2017-05-02")
    assert r.exit_code == 0, r.stderr
    return str(scored_audit)


# --- item 3: identity numbers in every free-text option -----------------------------------

_TEXT_OPTIONS = [
    (["opprett", "--kommune", "1001", "--sjekkliste", "individuell-plan", "--tittel"], "--tittel"),
    (
        ["opprett", "--kommune", "1001", "--sjekkliste", "individuell-plan", "--saksnummer"],
        "--saksnummer",
    ),
    (
        ["opprett", "--kommune", "1001", "--sjekkliste", "individuell-plan", "--tilsynsleder"],
        "--tilsynsleder",
    ),
    (
        ["opprett", "--kommune", "1001", "--sjekkliste", "individuell-plan", "--revisor"],
        "--revisor",
    ),
    (["endre", "{a}", "--tittel"], "--tittel"),
    (["endre", "{a}", "--saksnummer"], "--saksnummer"),
    (["endre", "{a}", "--tilsynsleder"], "--tilsynsleder"),
    (["endre", "{a}", "--revisor"], "--revisor"),
    (["hendelse", "{a}", "intervju", "--dato", "2017-05-03", "--notat"], "--notat"),
    (["dokument", "{a}", "--tittel"], "--tittel"),
    (["dokument", "{a}", "--tittel", "Rutine", "--type"], "--type"),
    (["intervju", "{a}", "--dato", "2017-04-05", "--rolle"], "--rolle"),
    (["intervju", "{a}", "--rolle", "leder", "--dato", "2017-04-05", "--navn"], "--navn"),
    (["intervju", "{a}", "--rolle", "leder", "--dato", "2017-04-05", "--notat"], "--notat"),
    (["uttalelse", "{a}", "--tekst"], "--tekst"),
    (["uttalelse", "{a}", "--tekst", "Enig.", "--vurdering"], "--vurdering"),
    (["vurder", "{a}", "--sporsmal", "B1.6", "--svar", "ja", "--observasjon"], "--observasjon"),
    (["vurder", "{a}", "--sporsmal", "B1.6", "--svar", "ja", "--begrunnelse"], "--begrunnelse"),
    (["konkluder", "{a}", "--krav", "B1", "--utfall", "lovbrudd", "--praksis"], "krav B1, praksis"),
    (
        ["konkluder", "{a}", "--krav", "B1", "--utfall", "lovbrudd", "--vurdering"],
        "krav B1, vurdering",
    ),
    (
        ["konkluder", "{a}", "--krav", "B1", "--utfall", "lovbrudd", "--konklusjon"],
        "krav B1, konklusjon",
    ),
    (["--bruker"], "--bruker"),
    (["arkivnokkel", "lag", "sfag-2026-1", "--kontor"], "--kontor"),
]


@pytest.mark.parametrize(
    ("args", "where"), _TEXT_OPTIONS, ids=[" ".join(a[:1] + a[-1:]) for a, _ in _TEXT_OPTIONS]
)
def test_identity_numbers_in_free_text_options_are_refused_and_masked(
    cli, db_url, reported, workspace, args, where
):
    before = store_snapshot(db_url)
    for form in (*FORMS, *identity_numbers().values()):
        full = [a.format(a=reported) for a in args]
        if full[0] == "--bruker":
            full = ["--bruker", f"Kari {form}", "endre", reported, "--tittel", "Ny tittel"]
        else:
            full.append(f"Tekst med {form} i")
        out = attempt(TALLY, cli(*full), code=ExitCode.PERSONAL_DATA, numbers=(NUMBER, form))
        match = PERSONAL.fullmatch(out)
        assert match, out
        assert match["where"] == where
    assert store_snapshot(db_url) == before
    assert store_leaks(db_url) == []
    assert not (workspace.root / "nokler").exists()


def test_identity_numbers_through_the_user_variable_and_file_names(
    cli, db_url, reported, workspace, tmp_path
):
    from typer.testing import CliRunner

    from tilsyn.cli import app

    before = store_snapshot(db_url)
    env = {"TILSYN_HOME": str(workspace.root), "TILSYN_BRUKER": f"Ola {FORMS[0]}"}
    if db_url != workspace.db_url():
        env["TILSYN_DB_URL"] = db_url
    r = CliRunner().invoke(app, ["endre", reported, "--tittel", "Ny"], env=env)
    assert PERSONAL.fullmatch(attempt(TALLY, r, code=ExitCode.PERSONAL_DATA, numbers=(NUMBER,)))
    named = tmp_path / f"vedtak {NUMBER}.pdf"
    named.write_bytes(b"%PDF-1.4")
    out = attempt(
        TALLY,
        cli("dokument", reported, "--tittel", "Vedtak", "--fil", named),
        code=ExitCode.PERSONAL_DATA,
        numbers=(NUMBER,),
    )
    assert PERSONAL.fullmatch(out)["where"] == "--fil"
    population = tmp_path / f"populasjon-{NUMBER[:6]}.{NUMBER[6:]}.csv"
    population.write_text("pseudonym\nP-1\nP-2\n", encoding="utf-8")
    out = attempt(
        TALLY,
        cli("utvalg", reported, "--populasjon", population, "--antall", "1", "--erstatt"),
        code=ExitCode.PERSONAL_DATA,
        numbers=(NUMBER,),
    )
    assert PERSONAL.fullmatch(out)["where"] == "Navnet på populasjonsfilen"
    seeded = tmp_path / "p.csv"
    seeded.write_text("pseudonym\nP-1\nP-2\n", encoding="utf-8")
    out = attempt(
        TALLY,
        cli("utvalg", reported, "--populasjon", seeded, "--antall", "1", "--fro", FORMS[1]),
        code=ExitCode.PERSONAL_DATA,
        numbers=(NUMBER,),
    )
    assert PERSONAL.fullmatch(out)["where"] == "--fro"
    for form in FORMS:
        out = attempt(
            TALLY,
            cli("utvalg", reported, "--deltaker", form, "--erstatt"),
            code=ExitCode.PERSONAL_DATA,
            numbers=(NUMBER, form),
        )
        assert PERSONAL.fullmatch(out)["where"] == f"--deltaker «{NUMBER[:6]}*****»"
    assert store_snapshot(db_url) == before
    assert store_leaks(db_url) == []


def test_identity_numbers_in_a_timetable_population_and_bulk_file(cli, db_url, reported, tmp_path):
    before = store_snapshot(db_url)
    timetable = tmp_path / "timeplan.csv"
    timetable.write_text(
        f"aktivitet,type,minutter,leksjoner,merknad\nNorsk,norsk,,15,{FORMS[2]}\n",
        encoding="utf-8",
    )
    aid = cli("opprett", "--kommune", "1001", "--sjekkliste", "helarig-fulltid").stdout.strip()
    assert cli("utvalg", aid, "--deltaker", "P-1").exit_code == 0
    before = store_snapshot(db_url)
    out = attempt(
        TALLY,
        cli(
            "vurder",
            aid,
            "--sporsmal",
            "A2.3",
            "--deltaker",
            "P-1",
            "--svar",
            "ja",
            "--timeplan",
            timetable,
        ),
        code=ExitCode.PERSONAL_DATA,
        numbers=(NUMBER,),
    )
    assert PERSONAL.fullmatch(out)["where"] == f"{timetable}, linje 2"
    population = tmp_path / "populasjon.csv"
    population.write_text(f"pseudonym;merknad\nP-1;{FORMS[3]}\nP-2;\n", encoding="utf-8")
    out = attempt(
        TALLY,
        cli("utvalg", reported, "--populasjon", population, "--antall", "1", "--erstatt"),
        code=ExitCode.PERSONAL_DATA,
        numbers=(NUMBER,),
    )
    assert out == (
        f"feil: {population}, rad 2, kolonne merknad: inneholder et fødselsnummer eller "
        "D-nummer. Deltakere skal bare identifiseres med pseudonym; fjern nummeret og prøv "
        "igjen. Ingenting ble lagret.\n"
    )
    bulk = bulk_answers_json(tmp_path, sporsmal="B1.6", observasjon=f"Se vedtak for {FORMS[4]}")
    out = attempt(
        TALLY, cli("vurder", reported, "--fil", bulk), code=ExitCode.USAGE, numbers=(NUMBER,)
    )
    assert out == (
        f"feil: {bulk} har 1 feil; ingenting ble lagret:\n"
        f"{bulk}, svar nr. 1: {bulk}, svar nr. 1: inneholder det som ser ut som et "
        f"fødselsnummer eller D-nummer ({NUMBER[:6]}*****). Deltakere skal bare identifiseres "
        "med pseudonym; fjern nummeret og prøv igjen. Ingenting ble lagret.\n"
    )
    assert store_snapshot(db_url) == before
    assert store_leaks(db_url) == []


def test_identity_numbers_in_checklists_and_settings_are_refused(cli, workspace, db_url):
    source = Path(__file__).resolve().parent.parent / "checklists" / "individuell-plan.yaml"
    own = workspace.root / "sjekklister" / "egen.yaml"
    text = source.read_text(encoding="utf-8").replace("id: individuell-plan", "id: egen", 1)
    own.write_text(text.replace("title: ", f"title: {FORMS[5]} ", 1), encoding="utf-8")
    out = attempt(
        TALLY,
        cli("sjekkliste", "valider", own),
        code=ExitCode.INVALID_CHECKLIST,
        numbers=(NUMBER,),
    )
    line = next(n for n, t in enumerate(own.read_text().splitlines(), 1) if "title:" in t)
    assert (
        f"{own}:{line}: title: inneholder det som ser ut som et fødselsnummer eller D-nummer "
        f"({NUMBER[:6]}*****); en sjekkliste skal aldri ha det"
    ) in out
    own.unlink()
    before = store_snapshot(db_url)
    config = workspace.root / "tilsyn.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            'telefon = "37 01 75 00"', f'telefon = "{FORMS[0]}"'
        ),
        encoding="utf-8",
    )
    out = attempt(TALLY, cli("liste"), code=ExitCode.PERSONAL_DATA, numbers=(NUMBER,))
    assert out == (
        f"feil: {config}: kontor.telefon: inneholder det som ser ut som et fødselsnummer eller "
        f"D-nummer ({NUMBER[:6]}*****). Deltakere skal bare identifiseres med pseudonym; fjern "
        "nummeret og prøv igjen. Rett tilsyn.toml.\n"
    )
    assert store_snapshot(db_url) == before


def test_messages_mask_numbers_the_user_typed(cli, workspace):
    for args in (
        ["vis", NUMBER],
        ["kommune", "finn", FORMS[0]],
        ["sjekkliste", "vis", FORMS[1]],
        ["opprett", "--kommune", NUMBER, "--sjekkliste", "individuell-plan"],
        ["rapport", "1", "--type", FORMS[2]],
        ["mal", "sjekk", f"/ingen/{NUMBER}.docx"],
        ["lovbrudd", "vis", f"1/{NUMBER}"],
        ["status", "--idag", NUMBER],
    ):
        r = cli(*args)
        attempt(TALLY, r, numbers=(NUMBER, FORMS[0], FORMS[1], FORMS[2]))
        assert r.exit_code != 0 or "*****" in r.stdout


# --- item 6: absurd dates, before anything is stored, and robust reading of bad stored ones -----

_DATE_MESSAGES = {
    "9999-12-31": "Datoen 9999-12-31 for {what} er utenfor det tillatte tidsrommet "
    "1990-01-01–2099-12-31; sjekk årstallet. Ingenting ble lagret.",
    "0001-01-01": "Datoen 0001-01-01 for {what} er utenfor det tillatte tidsrommet "
    "1990-01-01–2099-12-31; sjekk årstallet. Ingenting ble lagret.",
    "31.12.9999": "Datoen 9999-12-31 for {what} er utenfor det tillatte tidsrommet "
    "1990-01-01–2099-12-31; sjekk årstallet. Ingenting ble lagret.",
    "01.01.0001": "Datoen 0001-01-01 for {what} er utenfor det tillatte tidsrommet "
    "1990-01-01–2099-12-31; sjekk årstallet. Ingenting ble lagret.",
    "1000-01-01": "Datoen 1000-01-01 for {what} er utenfor det tillatte tidsrommet "
    "1990-01-01–2099-12-31; sjekk årstallet. Ingenting ble lagret.",
}


def _date_message(value: str, what: str) -> str:
    if value in _DATE_MESSAGES:
        return _DATE_MESSAGES[value].format(what=what)
    return f"«{value}» er ikke en gyldig dato for {what}; skriv ÅÅÅÅ-MM-DD, f.eks. 2017-03-01."


@pytest.mark.parametrize(
    ("args", "what"),
    [
        (["hendelse", "{a}", "forelopig", "--dato"], "--dato"),
        (["hendelse", "{a}", "varsel", "--korriger", "--dato"], "--dato"),
        (["dokument", "{a}", "--tittel", "Rutine", "--dato"], "--dato"),
        (["intervju", "{a}", "--rolle", "leder", "--dato"], "--dato"),
        (["rapport", "{a}", "--type", "forelopig", "--dato"], "--dato"),
        (["status", "--idag"], "--idag"),
        (["paminnelser", "--idag"], "--idag"),
        (["lovbrudd", "liste", "--idag"], "--idag"),
    ],
    ids=[
        "hendelse",
        "korriger",
        "dokument",
        "intervju",
        "rapport",
        "status",
        "paminnelser",
        "lovbrudd",
    ],
)
def test_absurd_dates_are_refused_before_anything_is_stored(cli, db_url, scored_audit, args, what):
    before = store_snapshot(db_url)
    for value in ABSURD_DATES.values():
        full = [a.format(a=scored_audit) for a in args] + [value]
        out = attempt(TALLY, cli(*full), code=ExitCode.USAGE)
        assert out == f"feil: {_date_message(value, what)}\n", value
    assert store_snapshot(db_url) == before


def test_an_event_decades_from_the_audits_other_dates_is_refused(cli, db_url, scored_audit):
    before = store_snapshot(db_url)
    out = attempt(
        TALLY,
        cli("hendelse", scored_audit, "forelopig", "--dato", "2099-01-02"),
        code=ExitCode.USAGE,
    )
    assert out == (
        "feil: Datoen 2099-01-02 for «forelopig» (--dato) ligger mer enn 10 år fra tilsynets "
        "andre datoer (2017-03-01); sjekk årstallet. Ingenting ble lagret.\n"
    )
    assert store_snapshot(db_url) == before


def test_absurd_dates_in_a_population_list_are_refused(cli, db_url, scored_audit, tmp_path):
    population = tmp_path / "populasjon.csv"
    population.write_text(
        "pseudonym;bosettingsdato;planvedtak\nP-1;9999-12-31;2017-01-01\nP-2;2017-01-01;"
        "31.12.9999\nP-3;1000-01-01;\n",
        encoding="utf-8",
    )
    before = store_snapshot(db_url)
    out = attempt(
        TALLY,
        cli("utvalg", scored_audit, "--populasjon", population, "--antall", "1", "--erstatt"),
        code=ExitCode.USAGE,
    )
    assert out == (
        f"feil: Populasjonslisten {population} har 3 feil; ingenting ble lagret:\n"
        f"{population}, rad 2, kolonne bosettingsdato: Datoen 9999-12-31 for bosettingsdato er "
        "utenfor det tillatte tidsrommet 1990-01-01–2099-12-31; sjekk årstallet.\n"
        f"{population}, rad 3, kolonne planvedtak: Datoen 9999-12-31 for planvedtak er utenfor "
        "det tillatte tidsrommet 1990-01-01–2099-12-31; sjekk årstallet.\n"
        f"{population}, rad 4, kolonne bosettingsdato: Datoen 1000-01-01 for bosettingsdato er "
        "utenfor det tillatte tidsrommet 1990-01-01–2099-12-31; sjekk årstallet.\n"
    )
    assert store_snapshot(db_url) == before


def test_bad_dates_already_stored_never_crash_a_command(cli, sql, reported, tmp_path):
    """Dates stored before they were checked (or written with an SQL tool): every reading
    command still answers."""
    a = reported
    sql("UPDATE events SET date = '9999-12-31' WHERE audit_id = :a AND type = 'forelopig'", a=a)
    sql(
        "UPDATE participants SET data = :d WHERE audit_id = :a",
        d='{"bosettingsdato": "9999-12-31", "planvedtak": "9999-12-31"}',
        a=a,
    )
    for args, codes in [
        (["vis", a], {0}),
        (["vis", a, "--json"], {0}),
        (["liste"], {0}),
        (["status"], {0, ExitCode.OVERDUE}),
        (["status", "--idag", "2099-12-31", "--dager", "3650"], {0, ExitCode.OVERDUE}),
        (["paminnelser"], {0}),
        (["lovbrudd", "liste"], {0}),
        (["vurder", a, "--beregn"], {0}),
        (["arbeidsbok", "eksporter", a, "-o", tmp_path / "ab.xlsx"], {0}),
        (["logg", a], {0}),
    ]:
        r = cli(*args)
        attempt(TALLY, r)
        assert r.exit_code in codes, (args, r.stderr)


# --- item 8: every traceback of the issue is a message -------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["vis", "{id}"],
        ["logg", "{id}"],
        ["endre", "{id}", "--tittel", "x"],
        ["hendelse", "{id}", "varsel"],
        ["dokument", "{id}", "--tittel", "x"],
        ["intervju", "{id}", "--rolle", "x"],
        ["uttalelse", "{id}", "--tekst", "x"],
        ["utvalg", "{id}", "--deltaker", "P-1"],
        ["vurder", "{id}", "--beregn"],
        ["konkluder", "{id}", "--krav", "B1"],
        ["rapport", "{id}", "--type", "varsel"],
        ["eksport", "{id}", "-o", "x.zip"],
        ["arbeidsbok", "eksporter", "{id}", "-o", "x.xlsx"],
        ["arbeidsbok", "importer", "{id}", "x.xlsx"],
        ["lovbrudd", "vis", "{id}/1"],
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_huge_and_odd_ids_are_messages(cli, db_url, args):
    before = store_snapshot(db_url)
    for value in HUGE_IDS.values():
        out = attempt(TALLY, cli(*[a.format(id=value) for a in args]), code=ExitCode.USAGE)
        if value.startswith("-"):  # read as an option by the command line
            assert out.startswith(f"feil: ukjent valg: {value}\n"), out
            continue
        shown = value if len(value) <= 30 else value[:29] + "…"
        kind = (
            "et positivt heltall"
            if value.lstrip("-").isdigit() and value.isascii()
            else "et heltall"
        )
        assert out == (
            f"feil: «{shown}» er ikke et gyldig tilsyns-id ({kind}, se tilsyn liste).\n"
        ), (args, value)
    assert store_snapshot(db_url) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["status", "--dager", "3000000"], "--dager må være mellom 0 og 3660 (fikk 3000000)."),
        (
            ["paminnelser", "--dager", "99999999999999999999"],
            "--dager må være mellom 0 og 3660 (fikk 99999999999999999999).",
        ),
        (
            ["demo", "--skala", "99999999999999999999", "skala"],
            "--skala må være mellom 1 og 100 000 tilsyn (fikk 99999999999999999999).",
        ),
        (
            ["endre", "1", "--retting-uker", "99999999999999999999"],
            "En frist må være mellom 1 og 52 uker (fikk 99999999999999999999).",
        ),
    ],
    ids=["dager", "dager-huge", "skala", "uker"],
)
def test_huge_counts_are_messages(cli, db_url, scored_audit, args, message):
    before = store_snapshot(db_url)
    out = attempt(TALLY, cli(*args), code=ExitCode.USAGE)
    assert out == f"feil: {message}\n"
    assert store_snapshot(db_url) == before
    assert not Path("skala").exists()


def _full_disk(monkeypatch):
    """Every file the output door writes meets a full disk."""
    import tilsyn.files as files

    def full(src, dst):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))

    monkeypatch.setattr(files.os, "replace", full)


@pytest.mark.parametrize(
    ("args", "what", "target"),
    [
        (
            ["rapport", "{a}", "--type", "forelopig", "--dato", "2017-05-02"],
            "dokumentet",
            "utdata/tilsyn-{a}-forelopig-v1.docx",
        ),
        (["arbeidsbok", "eksporter", "{a}", "-o", "ab.xlsx"], "arbeidsboken", "ab.xlsx"),
        (["db", "sikkerhetskopi", "kopi.db"], "sikkerhetskopien", "kopi.db"),
        (["eksport", "{a}", "-o", "sak.zip"], "arkivpakken", "sak.zip"),
        (["sjekkliste", "skjema", "-o", "skjema.json"], "skjemaet", "skjema.json"),
    ],
    ids=["rapport", "arbeidsbok", "sikkerhetskopi", "eksport", "skjema"],
)
def test_a_full_disk_is_a_message_and_leaves_nothing(
    cli, db_url, workspace, scored_audit, monkeypatch, tmp_path, args, what, target
):
    if args[0] == "db" and not db_url.startswith("sqlite"):
        pytest.skip("sikkerhetskopi gjelder SQLite")
    before = store_snapshot(db_url)
    _full_disk(monkeypatch)
    out = attempt(TALLY, cli(*[a.format(a=scored_audit) for a in args]), code=ExitCode.ERROR)
    path = (workspace.root if target.startswith("utdata") else tmp_path) / target.format(
        a=scored_audit
    )
    assert out == (
        f"feil: Disken er full: {what} ({path.resolve()}) kunne ikke skrives. Frigjør plass og "
        "prøv igjen; ingenting ble skrevet.\n"
    )
    assert not path.exists()
    assert [p for p in path.parent.iterdir() if p.name.startswith(".tilsyn-")] == []
    assert store_snapshot(db_url) == before


LONG = "a" * 300


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (
            ["rapport", "{a}", "--type", "forelopig", "--dato", "2017-05-02", "-o", f"{LONG}.docx"],
            f"{LONG}.docx",
        ),
        (["sjekkliste", "skjema", "-o", f"{LONG}.json"], f"{LONG}.json"),
        (["eksport", "{a}", "-o", f"{LONG}.zip"], f"{LONG}.zip"),
        (["arbeidsbok", "eksporter", "{a}", "-o", f"{LONG}.xlsx"], f"{LONG}.xlsx"),
        (["init", LONG], LONG),
    ],
    ids=["rapport", "skjema", "eksport", "arbeidsbok", "init"],
)
def test_names_too_long_for_the_file_system_are_messages(cli, db_url, scored_audit, args, name):
    before = store_snapshot(db_url)
    out = attempt(TALLY, cli(*[a.format(a=scored_audit) for a in args]), code=ExitCode.USAGE)
    assert out == (
        f"feil: Filnavnet er for langt for filsystemet ({len(name)} tegn): {name[:40]}…; "
        "velg et kortere navn.\n"
    )
    assert store_snapshot(db_url) == before


def _unprivileged(folder: Path, args: list[str]) -> subprocess.CompletedProcess:
    """Run tilsyn in ``folder`` as a user without write access where the test removed it
    (as root, permissions do not bind: the command runs as «nobody»)."""
    cmd = [str(Path(sys.executable).parent / "tilsyn"), *args]
    if os.geteuid() == 0:
        cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *cmd]
    env = {**os.environ, "HOME": str(folder)}
    env.pop("TILSYN_HOME", None)
    return subprocess.run(cmd, cwd=folder, capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture
def open_folder():
    """A folder every user can read (tmp_path may not be), removed afterwards."""
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        pytest.skip("kjører som root uten setpriv")
    if os.geteuid() == 0:
        # The unprivileged user must reach the installed tilsyn: a checkout in a private
        # folder (mktemp -d is 0700) cannot be tested this way.
        probe = _unprivileged(Path("/tmp"), ["--help"])
        if probe.returncode != 0:
            pytest.skip(f"brukeren «nobody» kan ikke kjøre tilsyn her: {probe.stderr.strip()}")
    folder = Path(tempfile.mkdtemp(prefix="tilsyn-hostile-", dir="/tmp"))
    folder.chmod(0o755)
    yield folder
    for p in folder.rglob("*"):
        if p.is_dir():
            p.chmod(0o755)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.sqlite_only
def test_an_unwritable_folder_is_a_message(open_folder):
    locked = open_folder / "laast"
    locked.mkdir()
    locked.chmod(0o555)
    r = _unprivileged(open_folder, ["init", "laast/ws"])
    TALLY["prøvd"] += 1
    TALLY["avvist"] += r.returncode != 0
    assert "Traceback" not in r.stderr and r.returncode == ExitCode.ERROR, r.stderr
    assert r.stderr == (
        "feil: Kan ikke skrive laast/ws: ingen skrivetilgang til mappen, eller filen er åpen i "
        "et annet program (lukk den i Word/Excel og prøv igjen). Ingenting ble skrevet.\n"
    )
    r = _unprivileged(open_folder, ["sjekkliste", "skjema", "-o", "laast/skjema.json"])
    TALLY["prøvd"] += 1
    TALLY["avvist"] += r.returncode != 0
    assert r.returncode == ExitCode.ERROR, r.stderr
    assert r.stderr == (
        f"feil: Kan ikke skrive {locked}: ingen skrivetilgang til mappen, eller filen er åpen "
        "i et annet program (lukk den i Word/Excel og prøv igjen). Ingenting ble skrevet.\n"
    )
    assert list(locked.iterdir()) == []


@pytest.mark.sqlite_only
def test_a_read_only_database_still_serves_read_commands(open_folder):
    from typer.testing import CliRunner

    from tilsyn.cli import app

    ws = open_folder / "ws"
    runner = CliRunner()
    env = {"TILSYN_HOME": str(ws), "TILSYN_BRUKER": "revisor"}
    assert runner.invoke(app, ["init", str(ws)]).exit_code == 0
    r = runner.invoke(
        app, ["opprett", "--kommune", "1001", "--sjekkliste", "individuell-plan"], env=env
    )
    assert r.exit_code == 0, r.stderr
    assert (
        runner.invoke(app, ["hendelse", "1", "varsel", "--dato", "2017-03-01"], env=env).exit_code
        == 0
    )
    for p in ws.rglob("*"):
        p.chmod(0o555 if p.is_dir() else 0o444)
    ws.chmod(0o555)
    before = (ws / "tilsyn.db").read_bytes()
    names = sorted(p.name for p in ws.iterdir())
    for args, code in [
        (["--arbeidsomrade", str(ws), "vis", "1"], 0),
        (["--arbeidsomrade", str(ws), "liste"], 0),
        (["--arbeidsomrade", str(ws), "logg", "1", "--verifiser"], 0),
        (["--arbeidsomrade", str(ws), "status", "--idag", "2017-03-02"], 0),
        (
            ["--arbeidsomrade", str(ws), "hendelse", "1", "dokumentasjon", "--dato", "2017-03-20"],
            ExitCode.WORKSPACE,
        ),
    ]:
        r = _unprivileged(open_folder, args)
        TALLY["prøvd"] += 1
        TALLY["avvist"] += r.returncode != 0
        TALLY["tracebacks"] += "Traceback" in r.stderr
        assert r.returncode == code, (args, r.stderr)
    assert r.stderr == (
        "feil: Databasen er skrivebeskyttet (du har bare lesetilgang til filen eller mappen); "
        "ingenting ble lagret. Lesende kommandoer (vis, liste, status, logg) virker.\n"
    )
    assert (ws / "tilsyn.db").read_bytes() == before
    assert sorted(p.name for p in ws.iterdir()) == names


def _restore(path: Path) -> str:
    return (
        f"Legg tilbake en sikkerhetskopi (tilsyn db sikkerhetskopi lager den) som {path}, eller "
        "flytt filen bort hvis du vil begynne på nytt med en tom database."
    )


@pytest.mark.sqlite_only
@pytest.mark.parametrize("damage", ["random", "text", "empty", "truncated", "dropped", "memory"])
def test_a_damaged_database_is_refused_never_recreated(cli, workspace, damage):
    import random
    import sqlite3

    assert cli("opprett", "--kommune", "1001", "--sjekkliste", "individuell-plan").exit_code == 0
    db = workspace.db_path
    if damage == "random":
        db.write_bytes(random.Random(15).randbytes(8192))
    elif damage == "text":
        db.write_text("Dette er ikke en database.\n", encoding="utf-8")
    elif damage == "empty":
        db.write_bytes(b"")
    elif damage == "truncated":  # a copy cut short (everything checkpointed into the file)
        with sqlite3.connect(db) as con:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.write_bytes(db.read_bytes()[:8192])
    elif damage == "dropped":
        with sqlite3.connect(db) as con:
            con.execute("DROP TABLE answers")
    before = db.read_bytes()
    args = ["--db", "sqlite://", "liste"] if damage == "memory" else ["liste"]
    out = attempt(TALLY, cli(*args), code=ExitCode.WORKSPACE)
    size = len(before)
    expected = {
        "random": f"{db} er ikke en SQLite-database (filen begynner ikke som en); den er ødelagt "
        f"eller en annen fil. {_restore(db)}",
        "text": f"{db} er ikke en SQLite-database (filen begynner ikke som en); den er ødelagt "
        f"eller en annen fil. {_restore(db)}",
        "empty": f"Databasefilen {db} er tom (0 byte): den er avkortet eller ødelagt, og tilsyn "
        f"lager ikke en ny database over den. {_restore(db)}",
        "truncated": f"Databasefilen {db} er avkortet: den er {size} byte, men skal være ",
        "dropped": f"Databasen sqlite:///{db} er skadet: tabellen(e) answers mangler. "
        f"{_restore(db)}",
        "memory": "«sqlite://» er en database i minnet, som forsvinner når kommandoen er ferdig. "
        "Oppgi en fil: --db sqlite:///STI/tilsyn.db (eller la --db være, så brukes "
        "arbeidsområdets tilsyn.db).",
    }[damage]
    assert out.startswith(f"feil: {expected}"), out
    assert db.read_bytes() == before  # never replaced by a new, empty database


@pytest.mark.parametrize(
    ("field", "value"),
    list(NON_TEXT_JSON_VALUES.items()),
    ids=list(NON_TEXT_JSON_VALUES),
)
def test_non_text_fields_in_a_bulk_file_are_messages(
    cli, db_url, scored_audit, tmp_path, field, value
):
    before = store_snapshot(db_url)
    path = bulk_answers_json(tmp_path, sporsmal="B1.6", observasjon=value)
    r = cli("vurder", scored_audit, "--fil", path)
    out = attempt(TALLY, r)
    if (isinstance(value, (str, int, float)) and not isinstance(value, bool)) or value is None:
        return  # numbers are written as text; null is no observation
    kind = {bool: "sannhetsverdi", list: "liste", dict: "objekt"}[type(value)]
    assert r.exit_code == ExitCode.USAGE
    assert out == (
        f"feil: {path} har 1 feil; ingenting ble lagret:\n"
        f"{path}, svar nr. 1: observasjon skal være tekst, ikke {kind} ({str(value)[:40]})\n"
    )
    assert store_snapshot(db_url) == before


@pytest.mark.parametrize("kind", ["deep-list", "deep-object", "nan"])
def test_deep_and_nan_bulk_files_are_messages(cli, db_url, scored_audit, tmp_path, kind):
    path = tmp_path / "svar.json"
    text = {
        "deep-list": deep_json(10_000),
        "deep-object": deep_json(10_000, kind="object"),
        "nan": '[{"sporsmal": "B1.6", "svar": "ja", "observasjon": NaN}]',
    }[kind]
    path.write_text(text, encoding="utf-8")
    before = store_snapshot(db_url)
    out = attempt(TALLY, cli("vurder", scored_audit, "--fil", path), code=ExitCode.USAGE)
    if kind == "nan":
        assert out == (
            f"feil: {path}: ugyldig JSON (NaN er ikke et gyldig JSON-tall). Ingenting ble lagret.\n"
        )
    else:
        assert out == (
            f"feil: {path}, linje 1: JSON-strukturen er nestet dypere enn 64 nivåer; filen er "
            "ikke laget av tilsyn eller er ødelagt. Ingenting ble lagret.\n"
        )
    assert store_snapshot(db_url) == before
    assert json_with_nan()  # the builder the archive test uses


@pytest.mark.parametrize("kind", ["binary", "deep-array", "deep-table", "deep-inline"])
def test_a_binary_or_deeply_nested_config_is_a_message(cli, workspace, kind):
    config = workspace.config_path
    if kind == "binary":
        binary_toml(workspace.root)
        expected = (
            f"feil: {config}: innstillingsfilen er ikke UTF-8-tekst: ugyldig byte 0xff på linje 1 "
            "(byte nr. 2 i filen). Lagre filen som UTF-8 og prøv igjen. Ingenting ble lagret.\n"
        )
    elif kind == "deep-table":
        write_deep_toml(workspace.root, 2000, kind="table")
        expected = (
            f"feil: {config}: a.a.a.a.a.a.a.a.a er nestet dypere enn 8 nivåer; tilsyn.toml "
            "trenger langt færre. Rett filen (se formatet i tilsyn init).\n"
        )
    else:
        write_deep_toml(workspace.root, kind="array" if kind == "deep-array" else "inline-table")
        expected = (
            f"feil: {config}: innstillingene er nestet for dypt (lister eller tabeller i "
            "tusenvis av nivåer) og kan ikke leses. Rett filen.\n"
        )
    out = attempt(TALLY, cli("liste"), code=ExitCode.WORKSPACE)
    assert out == expected


def test_onto_a_file_and_other_wrong_targets_are_messages(cli, workspace, tmp_path):
    a_file = tmp_path / "fil.txt"
    a_file.write_text("x")
    for args, code, message in [
        (
            ["init", a_file],
            ExitCode.WORKSPACE,
            f"{a_file} finnes allerede og er en fil, ikke en mappe; velg en mappe for "
            "arbeidsområdet.",
        ),
        (
            ["demo", a_file],
            ExitCode.USAGE,
            f"{a_file} finnes allerede og er en fil, ikke en mappe; velg en mappe for demoen.",
        ),
        (
            ["statistikk", "--figurer", a_file],
            ExitCode.USAGE,
            f"--figurer skal være en mappe, men {a_file} er en fil.",
        ),
    ]:
        out = attempt(TALLY, cli(*args), code=code)
        assert out == f"feil: {message}\n"
    assert a_file.read_text() == "x"


@pytest.mark.slow
@pytest.mark.sqlite_only
def test_a_really_full_disk_is_a_message(cli, tmp_path):
    """The same refusal as the simulated one, on a real file system with no space left (a
    small tmpfs; needs root and mount, skipped otherwise)."""
    mount = tmp_path / "full"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("trenger root og mount for et lite tmpfs")
    r = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)], capture_output=True
    )
    if r.returncode != 0:
        pytest.skip(f"kan ikke montere tmpfs: {r.stderr.decode(errors='replace').strip()}")
    try:
        fd = os.open(mount / "fyll", os.O_WRONLY | os.O_CREAT)  # fill it up
        try:
            while True:
                os.write(fd, b"\0" * 4096)
        except OSError:
            pass
        finally:
            os.close(fd)
        out = attempt(TALLY, cli("sjekkliste", "skjema", "-o", mount / "skjema.json"), code=1)
        assert out == (
            f"feil: Disken er full: skjemaet ({mount / 'skjema.json'}) kunne ikke skrives. "
            "Frigjør plass og prøv igjen; ingenting ble skrevet.\n"
        )
        assert sorted(p.name for p in mount.iterdir()) == ["fyll"]
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)
