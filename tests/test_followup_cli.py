"""The follow-up commands: lovbrudd, status (exit code 5), register and reminder letters."""

from __future__ import annotations

import json
from datetime import date, datetime

from docx import Document
from followup_support import nynorsk_audit, send_final
from openpyxl import load_workbook

from tilsyn.app.audits import create_audit, record_event
from tilsyn.errors import ExitCode
from tilsyn.report.render import document_text


def _final(session, scored_audit):
    send_final(session, scored_audit)
    return scored_audit


def test_list_and_show(cli, session, scored_audit):
    aid = _final(session, scored_audit)
    r = cli("lovbrudd", "liste", "--json", "--idag", "2017-06-10")
    assert r.exit_code == 0, r.stderr
    rows = json.loads(r.stdout)
    assert [(x["ref"], x["krav"], x["status"]) for x in rows] == [
        (f"{aid}/1", "B1", "apen"),
        (f"{aid}/2", "B4", "apen"),
    ]
    assert rows[0]["rettefrist"] == "2017-06-29" and rows[0]["forfalt"] == []
    r = cli("lovbrudd", "liste", "--forfalt", "--idag", "2017-07-03", "--json")
    late = json.loads(r.stdout)
    assert late[0]["forfalt"] == [
        {"frist": "tilbakemeldingsfrist", "dato": "2017-06-29", "dager_over": 4}
    ]
    assert json.loads(cli("lovbrudd", "liste", "--kommune", "Seljord", "--json").stdout) == []
    r = cli("lovbrudd", "liste", "--kommune", "kristiansand")
    assert "B1" in r.stdout and "Kristiansand" in r.stdout
    r = cli("lovbrudd", "vis", f"{aid}/1")
    assert r.exit_code == 0, r.stderr
    assert "B1-K2 [ikke vurdert]" in r.stdout and "Rettefrist: 2017-06-29" in r.stdout


def test_feedback_assessment_and_closing_through_the_cli(cli, session, scored_audit):
    aid = _final(session, scored_audit)
    r = cli(
        "lovbrudd",
        "tilbakemelding",
        aid,
        1,
        "--dato",
        "2017-06-20",
        "--tekst",
        "Vedtak fattet for alle.",
        "--dokument",
        "2017/1234-15",
    )
    assert r.exit_code == 0, r.stderr
    assert "tilbakemelding mottatt" in r.stdout
    r = cli("lovbrudd", "lukk", aid, 1)
    assert r.exit_code == ExitCode.USAGE
    assert "kan ikke lukkes" in r.stderr and "B1-K1 (ikke vurdert)" in r.stderr
    r = cli("lovbrudd", "vurder", aid, 1, "--utfall", "rettet", "--begrunnelse", "OK.")
    assert r.exit_code == ExitCode.USAGE and "--alle" in r.stderr
    r = cli(
        "lovbrudd",
        "vurder",
        aid,
        1,
        "--alle",
        "--utfall",
        "rettet",
        "--begrunnelse",
        "Vedtakene sannsynliggjør retting.",
    )
    assert "retting sannsynliggjort" in r.stdout
    r = cli("lovbrudd", "lukk", aid, 1)
    assert r.exit_code == 0 and "lukket" in r.stdout
    r = cli("lovbrudd", "klage", aid, 2, "--mottatt", "2017-06-15")
    assert "klage til behandling (mottatt 2017-06-15)" in r.stdout
    r = cli("lovbrudd", "liste")
    assert "til behandling" in r.stdout
    r = cli("lovbrudd", "ny-frist", aid, 2, "--dato", "2018-04-02", "--begrunnelse", "Mer tid.")
    assert r.exit_code == 0, r.stderr
    assert "flyttet fra mandag 2. april 2018 (Andre påskedag) til tirsdag 3. april 2018" in r.stdout
    r = cli("lovbrudd", "eskaler", aid, 2, "--begrunnelse", "Brev til kommunedirektøren.")
    assert "eskalert" in r.stdout
    r = cli("hendelse", aid, "avsluttet", "--dato", "2018-05-01")
    assert r.exit_code != 0 and "kan ikke avsluttes" in r.stderr


def test_feedback_before_final_report_is_refused_in_the_cli(cli, session, scored_audit):
    record_event(session, scored_audit, "forelopig", date(2017, 5, 2))
    r = cli(
        "lovbrudd", "tilbakemelding", scored_audit, 1, "--dato", "2017-06-20", "--tekst", "Rettet."
    )
    assert r.exit_code == ExitCode.USAGE
    assert "endelig rapport er ikke sendt" in r.stderr


def test_status_exit_code_when_overdue(cli, session, scored_audit):
    aid = _final(session, scored_audit)
    r = cli("status", "--idag", "2017-06-20", "--json")
    assert r.exit_code == 0, r.stderr
    d = json.loads(r.stdout)
    assert [(p["fase"], p["antall"]) for p in d["faser"] if p["antall"]] == [("endelig", 1)]
    assert {(i["ref"], i["frist"], i["dager_igjen"]) for i in d["kommende"]} == {
        (f"{aid}/1", "tilbakemeldingsfrist", 9),
        (f"{aid}/2", "tilbakemeldingsfrist", 9),
    }
    assert d["forfalt"] == []
    r = cli("status", "--idag", "2017-07-09")
    assert r.exit_code == ExitCode.OVERDUE == 5
    assert "Forfalt:" in r.stdout and "tilbakemelding om retting" in r.stdout
    assert "10" in r.stdout  # days overdue
    r = cli("status", "--idag", "2017-07-09", "--json")
    assert r.exit_code == 5
    assert {i["dager_over"] for i in json.loads(r.stdout)["forfalt"]} == {10}


def test_status_reports_overdue_documentation(cli, session):
    from datetime import date

    a = create_audit(
        session,
        municipality="1001",
        checklist="individuell-plan",
        case_number=None,
        lead=None,
        auditors=[],
        title=None,
    )
    record_event(session, a.id, "varsel", date(2017, 3, 1))
    r = cli("status", "--idag", "2017-03-30", "--json")
    assert r.exit_code == 5
    item = json.loads(r.stdout)["forfalt"][0]
    assert (item["frist"], item["dato"], item["dager_over"]) == ("dokumentasjon", "2017-03-22", 8)


def test_register_workbook(cli, session, scored_audit, tmp_path):
    aid = _final(session, scored_audit)
    cli("lovbrudd", "tilbakemelding", aid, 1, "--dato", "2017-06-20", "--tekst", "=Rettet")
    cli(
        "lovbrudd",
        "vurder",
        aid,
        1,
        "--punkt",
        "B1-K1",
        "--utfall",
        "rettet",
        "--begrunnelse",
        "=SUM(A1)",
    )
    out = tmp_path / "register.xlsx"
    r = cli("lovbrudd", "eksporter", "-o", out, "--idag", "2017-07-03")
    assert r.exit_code == 0, r.stderr
    assert "5 korreksjonspunkter" in r.stdout
    ws = load_workbook(out).active
    header = [c.value for c in ws[1]]
    assert header[:4] == ["Tilsyn", "Kommunenr.", "Kommune", "Saksnummer"]
    col = {h: i for i, h in enumerate(header)}
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert [(r[col["Lovbrudd nr."]], r[col["Korreksjonspunkt"]]) for r in rows] == [
        (1, "B1-K1"),
        (1, "B1-K2"),
        (1, "B1-K3"),
        (2, "B4-K1"),
        (2, "B4-K2"),
    ]
    first = rows[0]
    assert first[col["Kommune"]] == "Kristiansand"
    assert first[col["Rettefrist"]] == datetime(2017, 6, 29)
    assert first[col["Endelig rapport"]] == datetime(2017, 6, 1)
    assert first[col["Siste tilbakemelding"]] == datetime(2017, 6, 20)
    assert first[col["Vurdering"]] == "rettet"
    assert first[col["Begrunnelse"]] == "=SUM(A1)"  # text, not a formula
    assert ws.cell(row=2, column=col["Begrunnelse"] + 1).data_type == "s"
    assert rows[3][col["Dager over frist"]] == 4
    assert ws.cell(row=2, column=col["Rettefrist"] + 1).is_date
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:W{len(rows) + 1}"
    assert ws.column_dimensions["J"].width == 50
    r = cli("lovbrudd", "eksporter", "-o", out, "--json")
    assert json.loads(r.stdout) == {"fil": str(out), "korreksjonspunkter": 5}
    r = cli("lovbrudd", "eksporter", "-o", tmp_path / "register.csv")
    assert r.exit_code == ExitCode.USAGE and ".xlsx" in r.stderr


def test_reminders_and_reminder_letter(cli, session, scored_audit, tmp_path):
    _final(session, scored_audit)
    r = cli("paminnelser", "--dager", "30", "--idag", "2017-06-10", "--json")
    d = json.loads(r.stdout)
    assert len(d["kommende"]) == 2 and d["tilbakemelding_forfalt"] == []
    r = cli("paminnelser", "--idag", "2017-07-03", "--brev", "-o", tmp_path / "brev")
    assert r.exit_code == 0, r.stderr
    letters = sorted((tmp_path / "brev").glob("*.docx"))
    assert len(letters) == 1 and "Skrev" in r.stdout
    text = document_text(Document(str(letters[0])))
    assert "Påminnelse – tilbakemelding om retting" in text
    assert "Kristiansand kommune" in text
    assert "Vår ref.: 2017/1234" in text
    assert "endelig tilsynsrapport av 1. juni 2017" in text
    assert "Pålegg 1: Individuell plan" in text or "Pålegg 1:" in text
    assert "frist 29. juni 2017, 4 dager over fristen" in text
    # Points are numbered as in the final report (order.point), never by checklist id.
    assert "B1-K3" not in text and "B4-K2" not in text
    assert "Korreksjonspunkt 1.3: Kommunen må sørge for at planen er fastsatt senest" in text
    assert "Korreksjonspunkt 2.2: Kommunen må sørge for at planen vurderes på nytt" in text
    assert "senest 17. juli 2017" in text
    assert "{{" not in text and "{%" not in text


def test_reminder_letter_in_nynorsk(cli, session, tmp_path):
    aid = nynorsk_audit(session)
    r = cli("paminnelser", "--idag", "2017-07-03", "--brev", "-o", tmp_path, "--json")
    assert r.exit_code == 0, r.stderr
    [path] = json.loads(r.stdout)["brev"]
    text = document_text(Document(path))
    assert "Påminning" in text and "Seljord kommune" in text
    assert "Vi kan ikkje sjå å ha fått tilbakemelding" in text
    assert "4 dagar over fristen" in text
    assert f"tilsyn-{aid}" in path


def test_reminder_refused_when_nothing_is_overdue(session, scored_audit, tmp_path):
    import pytest

    from tilsyn.app.followup import write_reminder
    from tilsyn.errors import UsageError

    aid = _final(session, scored_audit)
    from datetime import date

    with pytest.raises(UsageError, match="ingen påminnelse å skrive"):
        write_reminder(session, aid, tmp_path, today=date(2017, 6, 10))


def test_pending_appeal_is_visible_everywhere_the_order_is(cli, session, scored_audit, tmp_path):
    aid = _final(session, scored_audit)
    r = cli("lovbrudd", "klage", aid, 2, "--mottatt", "2017-06-15", "--oversendt", "2017-06-22")
    assert r.exit_code == 0, r.stderr
    pending = "klage til behandling (mottatt 2017-06-15, oversendt 2017-06-22)"
    assert pending in r.stdout
    # lovbrudd liste (table and JSON)
    assert "til behandling" in cli("lovbrudd", "liste", "--idag", "2017-06-23").stdout
    rows = json.loads(cli("lovbrudd", "liste", "--json", "--idag", "2017-06-23").stdout)
    assert [(x["ref"], x["klage_til_behandling"], x["klage"]) for x in rows] == [
        (f"{aid}/1", False, None),
        (f"{aid}/2", True, pending),
    ]
    # lovbrudd vis
    assert f"Klage:      {pending}" in cli("lovbrudd", "vis", f"{aid}/2").stdout
    # tilsyn vis ID (text and JSON)
    r = cli("vis", aid)
    assert r.exit_code == 0, r.stderr
    assert "Pålegg (oppfølging):" in r.stdout
    line = next(x for x in r.stdout.splitlines() if x.startswith(f"  {aid}/2 "))
    assert line.startswith(
        f"  {aid}/2 B4 Planen tas opp til ny vurdering: åpen, rettefrist "
        "2017-06-29; FORFALT tilbakemeldingsfrist 2017-06-29"
    )
    assert line.endswith(f" – {pending}")
    orders = json.loads(cli("vis", aid, "--json").stdout)["palegg"]
    assert [(o["ref"], o["klage_til_behandling"]) for o in orders] == [
        (f"{aid}/1", False),
        (f"{aid}/2", True),
    ]
    # tilsyn status: the overdue feedback carries the appeal as a note
    r = cli("status", "--idag", "2017-07-03", "--json")
    late = {i["ref"]: i["merknad"] for i in json.loads(r.stdout)["forfalt"]}
    assert late == {f"{aid}/1": None, f"{aid}/2": pending}
    assert (
        "klage til behandling (mottatt 2017-06-15" in cli("status", "--idag", "2017-07-03").stdout
    )
    # the register
    out = tmp_path / "register.xlsx"
    assert cli("lovbrudd", "eksporter", "-o", out, "--idag", "2017-07-03").exit_code == 0
    ws = load_workbook(out).active
    col = [c.value for c in ws[1]].index("Klage")
    assert [row[col].value for row in ws.iter_rows(min_row=2)] == [None] * 3 + [pending] * 2
    # decided: no longer pending anywhere
    cli("lovbrudd", "klage", aid, 2, "--utfall", "stadfestet", "--utfallsdato", "2017-08-01")
    orders = json.loads(cli("vis", aid, "--json").stdout)["palegg"]
    assert orders[1]["klage_til_behandling"] is False
    assert orders[1]["klage"] == "klage avgjort 2017-08-01: pålegget er stadfestet"


def test_every_step_is_in_the_audit_log_and_the_chain_verifies(cli, session, scored_audit):
    aid = _final(session, scored_audit)
    steps = [
        (
            "lovbrudd",
            "tilbakemelding",
            aid,
            2,
            "--dato",
            "2017-06-20",
            "--tekst",
            "Rutine.",
            "--punkt",
            "B4-K1",
        ),
        (
            "lovbrudd",
            "vurder",
            aid,
            2,
            "--punkt",
            "B4-K1",
            "--utfall",
            "rettet",
            "--begrunnelse",
            "Rutinen er god.",
        ),
        (
            "lovbrudd",
            "vurder",
            aid,
            2,
            "--punkt",
            "B4-K2",
            "--utfall",
            "ikke-tilstrekkelig",
            "--begrunnelse",
            "Ingen dokumentasjon.",
        ),
        ("lovbrudd", "ny-frist", aid, 2, "--dato", "2018-03-29", "--begrunnelse", "Mer tid."),
        ("lovbrudd", "eskaler", aid, 2, "--begrunnelse", "Brev til kommunedirektøren."),
        ("lovbrudd", "klage", aid, 2, "--mottatt", "2017-06-21"),
        ("lovbrudd", "tilbakemelding", aid, 2, "--dato", "2018-03-20", "--tekst", "Rettet."),
        (
            "lovbrudd",
            "vurder",
            aid,
            2,
            "--alle",
            "--utfall",
            "rettet",
            "--begrunnelse",
            "Dokumentert.",
        ),
        ("lovbrudd", "lukk", aid, 2, "--dato", "2018-03-22"),
        ("lovbrudd", "gjenapne", aid, 2, "--begrunnelse", "Ny klage fra en deltaker."),
    ]
    for args in steps:
        r = cli(*args)
        assert r.exit_code == 0, (args, r.stderr)
    # Maundy Thursday 2018 is a public holiday: moved to Tuesday after Easter
    assert session.store.violations.get(aid, 2).rectification_deadline.isoformat() == "2018-04-03"
    assert "Vurder korreksjonspunktene på nytt" in r.stdout  # the reopen hint
    r = cli("logg", aid, "--verifiser")
    assert r.exit_code == 0, r.stderr
    assert "hash-kjeden er intakt" in r.stdout
    for action in (
        "pålegg",
        "tilbakemelding",
        "vurdering",
        "status",
        "ny frist",
        "eskalert",
        "klage",
        "lukket",
        "gjenåpnet",
    ):
        assert action in r.stdout, action
    assert "lukket_dato: 2018-03-22" in r.stdout


def test_feedback_for_an_audit_without_violations_is_refused_in_the_cli(cli, session, scored_audit):
    for ref in ("B1", "B4"):
        session.store.answers.set_conclusion(
            scored_audit,
            requirement_ref=ref,
            outcome="ingen",
            proposed="lovbrudd",
            practice=None,
            assessment=None,
            conclusion=None,
            reason="Rettet før rapporten.",
        )
    send_final(session, scored_audit)
    r = cli(
        "lovbrudd", "tilbakemelding", scored_audit, 1, "--dato", "2017-06-20", "--tekst", "Rettet."
    )
    assert r.exit_code == ExitCode.USAGE
    assert "ingen lovbrudd i endelig rapport" in r.stderr and "kan avsluttes" in r.stderr
    assert json.loads(cli("lovbrudd", "liste", "--json").stdout) == []
    assert json.loads(cli("vis", scored_audit, "--json").stdout)["palegg"] == []


def test_closing_letter_only_when_every_order_is_closed(cli, session, scored_audit, tmp_path):
    aid = _final(session, scored_audit)
    out = tmp_path / "avslutning.docx"
    for n in (1, 2):
        cli(
            "lovbrudd",
            "tilbakemelding",
            aid,
            n,
            "--dato",
            "2017-06-20",
            "--tekst",
            f"Tilbakemelding på pålegg {n}.",
        )
        cli(
            "lovbrudd",
            "vurder",
            aid,
            n,
            "--alle",
            "--utfall",
            "rettet",
            "--begrunnelse",
            f"Grunnlag for pålegg {n}.",
        )
    assert cli("lovbrudd", "lukk", aid, 1, "--dato", "2017-06-28").exit_code == 0
    r = cli("rapport", aid, "--type", "avslutning", "--dato", "2017-07-10", "-o", out)
    assert r.exit_code == ExitCode.QUALITY_GATE and "Pålegg 2 (B4) er ikke lukket" in r.stderr
    assert not out.exists()
    r = cli("lovbrudd", "lukk", aid, 2, "--dato", "2017-06-29")
    assert "tilsynet kan avsluttes (tilsyn hendelse" in r.stdout and "--dato DATO" in r.stdout
    r = cli("rapport", aid, "--type", "avslutning", "--dato", "2017-07-10", "-o", out)
    assert r.exit_code == 0, r.stderr
    text = document_text(Document(str(out)))
    assert "Avslutning av tilsyn med Kristiansand kommune" in text
    # each violation with the municipality's feedback and the basis for closing it
    for n in (1, 2):
        assert f"20. juni 2017: Tilbakemelding på pålegg {n}." in text
        assert f"Grunnlag for pålegg {n}." in text
    assert text.index("Grunnlag for pålegg 1.") < text.index("Grunnlag for pålegg 2.")


def test_negative_days_are_refused_in_norwegian(cli):
    for command in ("status", "paminnelser"):
        r = cli(command, "--dager", "-1")
        assert r.exit_code == ExitCode.USAGE
        assert "ugyldig verdi for '--dager': skal være minst 0" in r.stderr
