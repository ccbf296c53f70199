"""Audits through the CLI: creation, the checklist snapshot, events and their order,
deadlines across Norwegian holidays, listing, documents, interviews, comments, the log,
and the municipality registry."""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from tilsyn.errors import ExitCode

REPO = Path(__file__).resolve().parent.parent


def create(cli, kommune: str = "1001", sjekkliste: str = "individuell-plan", *extra: str) -> int:
    r = cli("opprett", "--kommune", kommune, "--sjekkliste", sjekkliste, "--json", *extra)
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)["id"]


def show(cli, aid: int) -> dict:
    r = cli("vis", aid, "--json")
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)


def deadline(summary: dict, key: str) -> dict:
    return next(d for d in summary["frister"] if d["frist"] == key)


def log_count(sql) -> int:
    return sql("SELECT count(*) FROM log_entries")[0][0]


# --- opprett -----------------------------------------------------------------------------


def test_opprett_prints_id_and_json(cli):
    r = cli(
        "opprett",
        "--kommune",
        "1001",
        "--sjekkliste",
        "individuell-plan",
        "--saksnummer",
        "2017/1234",
        "--tilsynsleder",
        "Ola Hansen",
        "--revisor",
        "Kari Nordmann",
        "--revisor",
        "Per Olsen",
    )
    assert r.exit_code == 0, r.stderr
    assert r.stdout.strip() == "1"
    r = cli(
        "opprett",
        "--kommune",
        "4204",
        "--sjekkliste",
        "helarig-fulltid",
        "--tittel",
        "Helårig og fulltid",
        "--json",
    )
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["id"] == 2
    assert data["sjekkliste"] == "helarig-fulltid"
    s = show(cli, 1)
    assert s["kommune"] == {"nummer": "1001", "navn": "Kristiansand", "fylke": "Vest-Agder"}
    assert s["saksnummer"] == "2017/1234"
    assert s["tilsynsleder"] == "Ola Hansen"
    assert s["revisorer"] == ["Kari Nordmann", "Per Olsen"]
    assert s["fase"] == "planlagt"
    assert show(cli, 2)["tittel"] == "Helårig og fulltid"


def test_opprett_unknown_municipality_and_checklist(cli):
    r = cli("opprett", "--kommune", "9999", "--sjekkliste", "individuell-plan")
    assert r.exit_code == ExitCode.NOT_FOUND
    assert "Finner ingen kommune med nummer 9999" in r.stderr
    r = cli("opprett", "--kommune", "1001", "--sjekkliste", "finnes-ikke")
    assert r.exit_code == ExitCode.NOT_FOUND
    assert "Finner ingen sjekkliste med id «finnes-ikke»" in r.stderr
    assert "individuell-plan" in r.stderr  # lists what is available
    assert json.loads(cli("liste", "--json").stdout) == []


def test_checklist_snapshot_survives_edits(cli, workspace):
    target = workspace.checklists_dir / "individuell-plan.yaml"
    shutil.copy(REPO / "checklists" / "individuell-plan.yaml", target)
    text = target.read_text(encoding="utf-8")
    first = create(cli)
    before = show(cli, first)
    assert before["sjekkliste"]["versjon"] == "2017.2"
    old_title = before["funn"][0]["tittel"]
    assert old_title == "Individuell plan fastsatt ved enkeltvedtak innen tre måneder"
    # Edit the workspace checklist: new version, new requirement title.
    edited = text.replace('version: "2017.2"', 'version: "2017.3-lokal"').replace(
        "title: Individuell plan fastsatt ved enkeltvedtak innen tre måneder",
        "title: Endret krav B1",
    )
    assert edited != text
    target.write_text(edited, encoding="utf-8")
    after = show(cli, first)
    assert after["sjekkliste"] == before["sjekkliste"]
    assert after["funn"] == before["funn"]
    # A new audit takes the edited checklist, so the edit did take effect.
    second = create(cli)
    new = show(cli, second)
    assert new["sjekkliste"]["versjon"] == "2017.3-lokal"
    assert new["funn"][0]["tittel"] == "Endret krav B1"
    # Even deleting the file leaves the audit intact.
    target.unlink()
    assert show(cli, second)["funn"][0]["tittel"] == "Endret krav B1"


# --- events ------------------------------------------------------------------------------


def test_events_with_aeoeaa_spellings(cli):
    aid = create(cli)
    assert cli("hendelse", aid, "varsel", "--dato", "2017-03-01").exit_code == 0
    r = cli("hendelse", aid, "åpningsmøte", "--dato", "2017-04-04")
    assert r.exit_code == 0, r.stderr
    assert "åpningsmøte" in r.stdout
    r = cli("hendelse", aid, "foreløpig", "--dato", "2017-06-01")
    assert r.exit_code == 0, r.stderr
    r = cli("hendelse", aid, "Sluttmøte", "--dato", "2017-06-20")
    assert r.exit_code == 0, r.stderr
    s = show(cli, aid)
    assert [e["type"] for e in s["hendelser"]] == [
        "varsel",
        "apningsmote",
        "forelopig",
        "sluttmote",
    ]
    assert s["fase"] == "forelopig"


def test_unknown_event_type_lists_valid_ones(cli):
    aid = create(cli)
    r = cli("hendelse", aid, "møte", "--dato", "2017-03-01")
    assert r.exit_code == ExitCode.USAGE
    assert "ikke en gyldig hendelsestype" in r.stderr
    assert "apningsmote" in r.stderr


@pytest.mark.parametrize(
    ("before", "event", "when", "message"),
    [
        ([], ("endelig", "2017-06-01"), None, "før «varsel»"),
        ([], ("forelopig", "2017-06-01"), None, "før «varsel»"),
        ([("varsel", "2017-03-01")], ("uttalelse", "2017-04-01"), None, "før «forelopig»"),
        ([("varsel", "2017-03-01")], ("dokumentasjon", "2017-02-20"), None, "er før «varsel»"),
        (
            [("varsel", "2017-03-01"), ("forelopig", "2017-05-01")],
            ("endelig", "2017-04-01"),
            None,
            "er før «forelopig»",
        ),
        ([("varsel", "2017-03-01")], ("varsel", "2017-03-05"), None, "--korriger"),
    ],
)
def test_refused_event_orders_store_nothing(cli, sql, before, event, when, message):
    aid = create(cli)
    for kind, day in before:
        assert cli("hendelse", aid, kind, "--dato", day).exit_code == 0
    events_before = show(cli, aid)["hendelser"]
    logged = log_count(sql)
    r = cli("hendelse", aid, event[0], "--dato", event[1])
    assert r.exit_code == ExitCode.USAGE == 2
    assert r.stderr.startswith("feil: ")
    assert message in r.stderr
    assert "Traceback" not in r.stderr
    assert show(cli, aid)["hendelser"] == events_before
    assert log_count(sql) == logged


def test_optional_steps_may_be_skipped(cli):
    aid = create(cli)
    for kind, day in [
        ("varsel", "2017-03-01"),
        ("forelopig", "2017-05-01"),
        ("endelig", "2017-06-01"),
    ]:
        r = cli("hendelse", aid, kind, "--dato", day)
        assert r.exit_code == 0, r.stderr
    assert show(cli, aid)["fase"] == "endelig"


def test_korriger_changes_the_date_and_the_deadline(cli):
    aid = create(cli)
    assert cli("hendelse", aid, "varsel", "--dato", "2017-03-01").exit_code == 0
    assert deadline(show(cli, aid), "dokumentasjon")["dato"] == "2017-03-22"
    r = cli("hendelse", aid, "varsel", "--dato", "2017-04-26", "--korriger")
    assert r.exit_code == 0, r.stderr
    s = show(cli, aid)
    assert [(e["type"], e["dato"]) for e in s["hendelser"]] == [("varsel", "2017-04-26")]
    assert deadline(s, "dokumentasjon")["dato"] == "2017-05-18"
    # Correcting an event that was never recorded is refused.
    r = cli("hendelse", aid, "forelopig", "--dato", "2017-06-01", "--korriger")
    assert r.exit_code == ExitCode.USAGE
    assert "ingen «forelopig»-hendelse å korrigere" in r.stderr
    # Correcting into an impossible order is refused too.
    assert cli("hendelse", aid, "forelopig", "--dato", "2017-06-01").exit_code == 0
    r = cli("hendelse", aid, "varsel", "--dato", "2017-07-01", "--korriger")
    assert r.exit_code == ExitCode.USAGE
    assert show(cli, aid)["hendelser"][0]["dato"] == "2017-04-26"


# --- deadlines ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("notice", "due", "moved_from", "why"),
    [
        ("2017-04-26", "2017-05-18", "2017-05-17", "17. mai"),
        ("2017-03-23", "2017-04-18", "2017-04-13", "skjærtorsdag → langfredag → påske"),
        ("2017-03-27", "2017-04-18", "2017-04-17", "2. påskedag"),
        ("2017-05-04", "2017-05-26", "2017-05-25", "Kristi himmelfartsdag"),
        ("2017-05-15", "2017-06-06", "2017-06-05", "2. pinsedag"),
        ("2018-12-05", "2018-12-27", "2018-12-26", "2. juledag"),
        ("2018-12-03", "2018-12-24", None, "julaften er arbeidsdag som standard"),
        ("2017-03-01", "2017-03-22", None, "vanlig onsdag"),
        ("2017-03-04", "2017-03-27", "2017-03-25", "lørdag"),
    ],
)
def test_documentation_deadline_across_holidays(cli, notice, due, moved_from, why):
    aid = create(cli)
    r = cli("hendelse", aid, "varsel", "--dato", notice)
    assert r.exit_code == 0, r.stderr
    d = deadline(show(cli, aid), "dokumentasjon")
    assert (d["fra"], d["dato"], d["flyttet_fra"]) == (notice, due, moved_from), why
    assert d["status"] == "forfalt"
    if moved_from:
        assert f"flyttet fra {moved_from}" in r.stdout


def test_comment_deadline_and_status(cli):
    aid = create(cli)
    cli("hendelse", aid, "varsel", "--dato", "2017-03-01")
    # Documentation arrives in time; comments arrive late.
    cli("hendelse", aid, "dokumentasjon", "--dato", "2017-03-20")
    cli("hendelse", aid, "forelopig", "--dato", "2017-04-03")  # +2 weeks = Easter Monday
    r = cli("hendelse", aid, "uttalelse", "--dato", "2017-04-20", "--json")
    assert r.exit_code == 0, r.stderr
    frister = {d["frist"]: d for d in json.loads(r.stdout)["frister"]}
    assert frister["dokumentasjon"]["status"] == "overholdt"
    assert frister["dokumentasjon"]["levert"] == "2017-03-20"
    assert frister["uttalelse"]["dato"] == "2017-04-18"
    assert frister["uttalelse"]["flyttet_fra"] == "2017-04-17"
    assert frister["uttalelse"]["status"] == "overskredet"
    text = cli("vis", aid).stdout
    assert "levert for sent" in text


def test_open_deadline_in_the_future(cli):
    aid = create(cli, "4204", "integreringsplan-omfang")  # a checklist in force (2026–2028)
    today = date.today()
    cli("hendelse", aid, "varsel", "--dato", today.isoformat())
    d = deadline(show(cli, aid), "dokumentasjon")
    assert d["status"] == "apen"
    assert date.fromisoformat(d["dato"]) >= today + timedelta(weeks=3)


def test_deadline_weeks_and_christmas_eve_from_workspace_config(cli, workspace):
    config = workspace.config_path
    text = config.read_text(encoding="utf-8")
    text = text.replace("dokumentasjon_uker = 3", "dokumentasjon_uker = 4")
    text = text.replace("uttalelse_uker = 2", "uttalelse_uker = 3")
    text = text.replace("julaften_stengt = false", "julaften_stengt = true")
    config.write_text(text, encoding="utf-8")
    aid = create(cli)
    cli("hendelse", aid, "varsel", "--dato", "2018-11-26")  # + 4 weeks = 24 December
    cli("hendelse", aid, "forelopig", "--dato", "2019-01-07")
    s = show(cli, aid)
    assert deadline(s, "dokumentasjon")["dato"] == "2018-12-27"
    assert deadline(s, "dokumentasjon")["flyttet_fra"] == "2018-12-24"
    assert deadline(s, "uttalelse")["dato"] == "2019-01-28"


# --- liste -------------------------------------------------------------------------------


def test_liste_filters(cli):
    a = create(cli, "1001", "individuell-plan")
    cli("hendelse", a, "varsel", "--dato", "2017-03-01")
    b = create(cli, "4204", "integreringsplan-omfang")
    assert cli("hendelse", b, "varsel", "--dato", "2027-01-04").exit_code == 0
    cli("hendelse", b, "apningsmote", "--dato", "2027-02-01")
    c = create(cli, "0805", "individuell-plan")  # Porsgrunn 2017, not yet notified

    def ids(*args: str) -> list[int]:
        r = cli("liste", "--json", *args)
        assert r.exit_code == 0, r.stderr
        return [row["id"] for row in json.loads(r.stdout)]

    assert ids() == [a, b, c]
    assert ids("--status", "varslet") == [a]
    assert ids("--status", "gjennomføring") == [b]
    assert ids("--status", "planlagt") == [c]
    assert ids("--kommune", "1001") == [a]
    assert ids("--kommune", "porsgrunn") == [c]
    assert ids("--kommune", "kristiansand") == [a, b]
    assert ids("--ar", "2017") == [a]
    assert ids("--år", "2027") == [b]
    assert ids("--sjekkliste", "integreringsplan-omfang") == [b]
    assert ids("--sjekkliste", "individuell-plan", "--kommune", "0805") == [c]
    rows = json.loads(cli("liste", "--json").stdout)
    assert rows[0]["fremdrift"] == {"besvart": 0, "totalt": 3, "prosent": 0}
    assert rows[0]["frister"][0]["dato"] == "2017-03-22"
    r = cli("liste", "--status", "ferdig")
    assert r.exit_code == ExitCode.USAGE
    assert "ikke en gyldig status" in r.stderr
    text = cli("liste").stdout
    assert "1001 Kristiansand" in text and "neste frist" in text


def test_liste_empty_says_how_to_start(cli):
    r = cli("liste")
    assert r.exit_code == 0
    assert "Ingen tilsyn funnet" in r.stdout


# --- documents, interviews, comments -----------------------------------------------------


def test_dokument_stores_path_and_sha256_not_the_file(cli, workspace, sql, tmp_path):
    aid = create(cli)
    f = tmp_path / "rutine.pdf"
    marker = b"HEMMELIG-INNHOLD-7f3a9c"
    f.write_bytes(b"%PDF-1.4\n" + marker * 50)
    r = cli(
        "dokument",
        aid,
        "--tittel",
        "Rutine for individuell plan",
        "--dato",
        "2017-03-20",
        "--type",
        "rutine",
        "--fil",
        f,
        "--json",
    )
    assert r.exit_code == 0, r.stderr
    out = json.loads(r.stdout)
    digest = hashlib.sha256(f.read_bytes()).hexdigest()
    assert out == {"nr": 1, "tittel": "Rutine for individuell plan", "sha256": digest}
    r = cli("dokument", aid, "--tittel", "Redegjørelse")
    assert r.exit_code == 0 and "Dokument nr. 2" in r.stdout
    docs = show(cli, aid)["dokumenter"]
    assert [(d["nr"], d["tittel"], d["dato"], d["type"], d["sha256"]) for d in docs] == [
        (1, "Rutine for individuell plan", "2017-03-20", "rutine", digest),
        (2, "Redegjørelse", None, None, None),
    ]
    path = sql("SELECT path FROM documents WHERE number = 1")[0][0]
    assert path == str(f.resolve())
    stored = b"".join(p.read_bytes() for p in workspace.root.glob("tilsyn.db*"))
    assert marker not in stored  # (on PostgreSQL there is no file: trivially true)
    assert not sql("SELECT 1 FROM documents WHERE title LIKE :m", m=f"%{marker.decode()}%")


def test_dokument_missing_file(cli, tmp_path):
    aid = create(cli)
    r = cli("dokument", aid, "--tittel", "X", "--fil", tmp_path / "finnes-ikke.pdf")
    assert r.exit_code == ExitCode.NOT_FOUND
    assert "Finner ikke filen" in r.stderr
    assert show(cli, aid)["dokumenter"] == []


def test_intervju_by_role(cli):
    aid = create(cli)
    r = cli("intervju", aid, "--rolle", "programrådgiver", "--dato", "2017-04-04")
    assert r.exit_code == 0, r.stderr
    assert "programrådgiver 2017-04-04" in r.stdout
    cli("intervju", aid, "--rolle", "rektor", "--dato", "2017-04-05", "--navn", "Per")
    r = cli("intervju", aid, "--rolle", "lærere", "--dato", "2017-04-05", "--antall", "4")
    assert r.exit_code == 0 and "4 personer" in r.stdout
    s = show(cli, aid)
    assert s["intervjuer"] == [
        {"rolle": "programrådgiver", "dato": "2017-04-04", "antall": 1},
        {"rolle": "rektor", "dato": "2017-04-05", "antall": 1},
        {"rolle": "lærere", "dato": "2017-04-05", "antall": 4},
    ]
    r = cli("intervju", aid, "--rolle", "lærere", "--antall", "0")
    assert r.exit_code == ExitCode.USAGE and "--antall" in r.stderr
    r = cli("intervju", aid, "--rolle", "  ")
    assert r.exit_code == ExitCode.USAGE
    assert "Rollen kan ikke være tom" in r.stderr


def test_uttalelse_refused_before_forelopig(cli, workspace, sql):
    aid = create(cli)
    cli("hendelse", aid, "varsel", "--dato", "2017-03-01")
    logged = log_count(sql)
    r = cli("uttalelse", aid, "--tekst", "Vi er uenige.")
    assert r.exit_code == ExitCode.USAGE
    assert "foreløpig rapport er sendt" in r.stderr
    assert log_count(sql) == logged
    cli("hendelse", aid, "forelopig", "--dato", "2017-05-01")
    r = cli(
        "uttalelse",
        aid,
        "--tekst",
        "Vi er uenige i B1.",
        "--krav",
        "b1",
        "--vurdering",
        "Merknaden endrer ikke konklusjonen.",
    )
    assert r.exit_code == 0, r.stderr
    assert "til krav B1" in r.stdout
    r = cli("uttalelse", aid, "--tekst", "X", "--krav", "Z9")
    assert r.exit_code != 0
    assert "Z9" in r.stderr


# --- the log -----------------------------------------------------------------------------


def test_logg_verifies_and_detects_tampering(cli, workspace, sql):
    aid = create(cli)
    cli("hendelse", aid, "varsel", "--dato", "2017-03-01")
    cli("dokument", aid, "--tittel", "Redegjørelse")
    r = cli("logg", aid, "--verifiser")
    assert r.exit_code == 0, r.stderr
    assert "Loggen er verifisert: 3 linjer" in r.stdout
    data = json.loads(cli("logg", aid, "--json", "--verifiser").stdout)
    assert data["verifisert"] is True
    assert [line["handling"] for line in data["linjer"]] == ["opprett", "hendelse", "dokument"]
    assert {line["bruker"] for line in data["linjer"]} == {"revisor"}
    # Someone edits the notice date in the log directly.
    sql("UPDATE log_entries SET new = :new WHERE seq = 2", new='{"dato":"2017-02-01","notat":null}')
    r = cli("logg", aid, "--verifiser")
    assert r.exit_code == ExitCode.ERROR
    assert "Loggen kunne ikke verifiseres" in r.stderr
    assert "logglinje 2: innholdet er endret" in r.stderr
    assert "Traceback" not in r.stderr
    data = json.loads(cli("logg", aid, "--json", "--verifiser").stdout)
    assert data["verifisert"] is False


def test_logg_detects_a_deleted_row(cli, workspace, sql):
    aid = create(cli)
    cli("hendelse", aid, "varsel", "--dato", "2017-03-01")
    cli("dokument", aid, "--tittel", "Redegjørelse")
    sql("DELETE FROM log_entries WHERE seq = 2")
    r = cli("logg", aid, "--verifiser")
    assert r.exit_code == ExitCode.ERROR
    assert "logglinje 2 mangler" in r.stderr


# --- municipalities ----------------------------------------------------------------------


def test_kommune_finn(cli):
    def numbers(text: str) -> list[str]:
        r = cli("kommune", "finn", text, "--json")
        assert r.exit_code == 0, r.stderr
        return [m["nummer"] for m in json.loads(r.stdout)]

    assert numbers("TROMSO")[0] == "5501"
    assert numbers("tromsø")[0] == "5501"
    # Sami names, without accents; every period since 2013, the one in force first
    assert numbers("karasjohka") == ["5610", "2021", "5437"]
    assert numbers("Guovdageaidnu")[0] == "5612"
    assert numbers("4204") == ["4204"]
    assert set(numbers("kristiansand")) >= {"1001", "4204"}
    r = cli("kommune", "finn", "1001")
    assert "Kristiansand" in r.stdout and "4204" in r.stdout  # successor shown
    r = cli("kommune", "finn", "Atlantis")
    assert r.exit_code == 1
    assert "Ingen kommune passer «Atlantis»" in r.stdout


def test_kommune_malform_correction_is_used_afterwards(cli, workspace, sql):
    def form(number: str) -> str:
        r = cli("kommune", "finn", number, "--json")
        return json.loads(r.stdout)[0]["malform"]

    before = form("4204")
    assert before != "nynorsk"
    r = cli("kommune", "malform", "4204", "nynorsk")
    assert r.exit_code == 0, r.stderr
    assert "målform satt til nynorsk" in r.stdout
    assert form("4204") == "nynorsk"
    assert form("1001") == "nynorsk"  # the 2017 predecessor follows its successor
    r = cli("kommune", "malform", "4204", "bokmål")
    assert r.exit_code == 0, r.stderr
    assert form("4204") == "bokmal"
    r = cli("kommune", "malform", "4204", "samisk")
    assert r.exit_code == ExitCode.USAGE
    assert "Ugyldig målform" in r.stderr
    assert form("4204") == "bokmal"
    actions = [
        r[0] for r in sql("SELECT action FROM log_entries WHERE chain = 'global' ORDER BY seq")
    ]
    assert actions == ["målform", "målform"]
