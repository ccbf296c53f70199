"""Scoring through the CLI: scripted and bulk answers, computed checks, conclusions, text
hygiene, the log, and interactive scoring (interrupt, resume, conflict)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import old_click
from idnumbers import valid_number

from tilsyn.app.context import AppContext
from tilsyn.errors import ExitCode

PEOPLE = ["A-1", "A-2", "A-3"]


def create(cli, sjekkliste: str = "individuell-plan", people: list[str] = PEOPLE) -> int:
    r = cli("opprett", "--kommune", "1001", "--sjekkliste", sjekkliste, "--json")
    assert r.exit_code == 0, r.stderr
    aid = json.loads(r.stdout)["id"]
    args = [a for p in people for a in ("--deltaker", p)]
    r = cli("utvalg", aid, *args)
    assert r.exit_code == 0, r.stderr
    for title in ("Kommunens redegjørelse", "Rutine for individuell plan"):
        assert cli("dokument", aid, "--tittel", title).exit_code == 0
    return aid


def answers(session: AppContext, aid: int) -> dict[tuple[str, str], str]:
    return {
        (a.question_ref, a.participant): a.answer for a in session.store.audits.view(aid).answers
    }


def answer(session: AppContext, aid: int, ref: str, who: str = ""):
    return session.store.audits.view(aid).answer(ref, who)


# --- scripted answers --------------------------------------------------------------------


def test_scripted_kommune_and_deltaker_questions(cli, session):
    aid = create(cli)
    r = cli(
        "vurder",
        aid,
        "--sporsmal",
        "B1.6",
        "--svar",
        "ja",
        "--observasjon",
        "Rutinen er beskrevet.",
        "--kilde",
        "2",
    )
    assert r.exit_code == 0, r.stderr
    assert "B1.6: «ja» lagret" in r.stdout
    r = cli("vurder", aid, "--spørsmål", "b1.1", "--deltaker", "a-2", "--svar", "NEI", "--json")
    assert r.exit_code == 0, r.stderr
    out = json.loads(r.stdout)
    assert (out["sporsmal"], out["deltaker"], out["endring"], out["nytt"]) == (
        "B1.1",
        "A-2",
        "ny",
        "nei",
    )
    a = answer(session, aid, "B1.6")
    assert (a.answer, a.observation, a.sources, a.updated_by) == (
        "ja",
        "Rutinen er beskrevet.",
        (2,),
        "revisor",
    )
    assert answers(session, aid) == {("B1.6", ""): "ja", ("B1.1", "A-2"): "nei"}
    # The same answer again is "uendret"; a new one "endret fra".
    r = cli("vurder", aid, "--sporsmal", "B1.1", "--deltaker", "A-2", "--svar", "nei")
    assert "uendret" in r.stdout
    r = cli("vurder", aid, "--sporsmal", "B1.1", "--deltaker", "A-2", "--svar", "ja")
    assert "endret fra «nei»" in r.stdout
    s = json.loads(cli("vis", aid, "--json").stdout)
    assert s["fremdrift"]["besvart"] == 2


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["--sporsmal", "B1.1", "--deltaker", "A-1", "--svar", "kanskje"],
            ExitCode.USAGE,
            "«kanskje» er ikke et gyldig svar på B1.1 (gyldige: ja, nei, ikke relevant, "
            "ikke vurdert)",
        ),
        (
            ["--sporsmal", "B1.1", "--deltaker", "Z-9", "--svar", "ja"],
            ExitCode.NOT_FOUND,
            "Deltakeren «Z-9» er ikke i utvalget (utvalget: A-1, A-2, A-3)",
        ),
        (
            ["--sporsmal", "B1.1", "--svar", "ja"],
            ExitCode.USAGE,
            "besvares per deltakermappe; oppgi --deltaker",
        ),
        (
            ["--sporsmal", "B1.6", "--deltaker", "A-1", "--svar", "ja"],
            ExitCode.USAGE,
            "besvares én gang for kommunen",
        ),
        (
            ["--sporsmal", "B9.9", "--svar", "ja"],
            ExitCode.NOT_FOUND,
            "har ikke kontrollspørsmålet «B9.9»",
        ),
        (
            ["--sporsmal", "B1.6", "--svar", "ja", "--kilde", "7"],
            ExitCode.NOT_FOUND,
            "Dokument nr. 7 finnes ikke i dokumentregisteret",
        ),
        (
            ["--sporsmal", "B1.6", "--svar", "ja", "--kilde", "x"],
            ExitCode.USAGE,
            "«x» er ikke et dokumentnummer",
        ),
        (["--sporsmal", "B1.6"], ExitCode.USAGE, "Oppgi både --sporsmal og --svar"),
    ],
)
def test_scripted_refusals_store_nothing(cli, session, args, code, message):
    aid = create(cli)
    log_before = len(json.loads(cli("logg", aid, "--json").stdout)["linjer"])
    r = cli("vurder", aid, *args)
    assert r.exit_code == code
    assert r.stderr.startswith("feil: ")
    assert message in r.stderr
    assert "Traceback" not in r.stderr
    assert answers(session, aid) == {}
    assert len(json.loads(cli("logg", aid, "--json").stdout)["linjer"]) == log_before


@pytest.mark.parametrize(
    "spelling", ["ikke-relevant", "IKKE_RELEVANT", "Ikke relevant", "ikke  relevant"]
)
def test_ascii_answer_spellings(cli, session, spelling):
    aid = create(cli)
    r = cli("vurder", aid, "--sporsmal", "B1.6", "--svar", spelling)
    assert r.exit_code == 0, r.stderr
    assert answer(session, aid, "B1.6").answer == "ikke relevant"


def test_identity_number_in_observation_refused(cli, session):
    aid = create(cli)
    fnr = valid_number("150385")
    r = cli(
        "vurder",
        aid,
        "--sporsmal",
        "B1.6",
        "--svar",
        "nei",
        "--observasjon",
        f"Gjelder deltaker {fnr[:6]} {fnr[6:]}.",
    )
    assert r.exit_code == ExitCode.PERSONAL_DATA
    assert "--observasjon" in r.stderr and "fødselsnummer" in r.stderr
    assert fnr not in r.stderr
    assert answers(session, aid) == {}


def test_control_characters_cleaned_before_storing(cli, session):
    aid = create(cli)
    text = "Første linje\x0bandre linje\r\ntredje\x00\x07 linje\t(tab) 🙂 Sámi ትግርኛ عربي"
    r = cli("vurder", aid, "--sporsmal", "B1.6", "--svar", "ja", "--observasjon", text)
    assert r.exit_code == 0, r.stderr
    stored = answer(session, aid, "B1.6").observation
    assert stored == "Første linje\nandre linje\ntredje linje\t(tab) 🙂 Sámi ትግርኛ عربي"
    r = cli(
        "konkluder",
        aid,
        "--krav",
        "B1",
        "--utfall",
        "merknad",
        "--praksis",
        "Praksis\x0bny linje\x00",
    )
    assert r.exit_code == 0, r.stderr
    assert session.store.audits.view(aid).conclusion("B1").practice == "Praksis\nny linje"


def test_log_records_old_and_new(cli):
    aid = create(cli)
    cli("vurder", aid, "--sporsmal", "B1.6", "--svar", "ja", "--observasjon", "Først")
    cli("vurder", aid, "--sporsmal", "B1.6", "--svar", "nei", "--observasjon", "Så")
    data = json.loads(cli("logg", aid, "--json", "--verifiser").stdout)
    assert data["verifisert"] is True
    last = data["linjer"][-1]
    assert last["gjelder"] == "svar B1.6"
    assert last["gammel"] == {"svar": "ja", "observasjon": "Først"}
    assert last["ny"]["svar"] == "nei" and last["ny"]["observasjon"] == "Så"
    assert last["bruker"] == "revisor"
    text = cli("logg", aid).stdout
    assert "svar: ja → nei" in text


# --- bulk answers ------------------------------------------------------------------------


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_bulk_csv(cli, session, tmp_path):
    aid = create(cli)
    f = write(
        tmp_path / "svar.csv",
        "sporsmal;deltaker;svar;observasjon;kilder\n"
        "B1.6;;ja;Rutine finnes;1,2\n"
        "B1.1;A-1;ja;;\n"
        "B1.1;A-2;ikke-relevant;Sluttet;\n"
        "B1.1;A-3;nei;Ingen plan i mappen;2\n",
    )
    r = cli("vurder", aid, "--fil", f, "--json")
    assert r.exit_code == 0, r.stderr
    out = json.loads(r.stdout)
    assert (out["nye"], out["endret"], out["uendret"]) == (4, 0, 0)
    assert answers(session, aid) == {
        ("B1.6", ""): "ja",
        ("B1.1", "A-1"): "ja",
        ("B1.1", "A-2"): "ikke relevant",
        ("B1.1", "A-3"): "nei",
    }
    assert answer(session, aid, "B1.6").sources == (1, 2)
    log = json.loads(cli("logg", aid, "--json").stdout)["linjer"]
    assert log[-1]["handling"] == "import svarfil"


def test_bulk_json(cli, session, tmp_path):
    aid = create(cli)
    f = write(
        tmp_path / "svar.json",
        json.dumps(
            [
                {"spørsmål": "B1.6", "svar": "nei", "observasjon": "Mangler rutine", "kilder": [1]},
                {"sporsmal": "B1.2", "deltaker": "A-1", "svar": "ja"},
            ],
            ensure_ascii=False,
        ),
    )
    r = cli("vurder", aid, "--fil", f)
    assert r.exit_code == 0, r.stderr
    assert "2 nye og 0 endrede svar ble lagret" in r.stdout
    assert answers(session, aid) == {("B1.6", ""): "nei", ("B1.2", "A-1"): "ja"}


def test_bulk_all_or_nothing_lists_every_problem(cli, session, tmp_path):
    aid = create(cli)
    f = write(
        tmp_path / "svar.csv",
        "sporsmal,deltaker,svar,observasjon,kilder\n"
        "B1.6,,ja,,\n"
        "B1.1,A-1,kanskje,,\n"
        "B1.1,Z-9,ja,,\n"
        "B9.9,,ja,,\n"
        "B1.2,A-1,ja,,5\n"
        f"B1.3,A-1,ja,{valid_number('010190')},\n"
        "B1.4,A-2,ja,,\n"
        "B1.4,A-2,nei,,\n",
    )
    r = cli("vurder", aid, "--fil", f)
    assert r.exit_code == ExitCode.USAGE
    err = r.stderr
    assert "har 6 feil; ingenting ble lagret" in err
    assert "linje 3: «kanskje» er ikke et gyldig svar" in err
    assert "linje 4: Deltakeren «Z-9» er ikke i utvalget" in err
    assert "linje 5: Sjekklisten «individuell-plan» har ikke kontrollspørsmålet «B9.9»" in err
    assert "linje 6: Dokument nr. 5 finnes ikke" in err
    assert "linje 7" in err and "fødselsnummer" in err
    assert "B1.4 / A-2 er besvart flere ganger" in err
    assert answers(session, aid) == {}


def test_bulk_json_errors(cli, tmp_path):
    aid = create(cli)
    r = cli("vurder", aid, "--fil", write(tmp_path / "a.json", '[{"sporsmal": "B1.6",'))
    assert r.exit_code == ExitCode.USAGE
    assert "ugyldig JSON" in r.stderr
    r = cli("vurder", aid, "--fil", write(tmp_path / "b.json", '{"sporsmal": "B1.6"}'))
    assert r.exit_code == ExitCode.USAGE
    assert "skal være en liste" in r.stderr
    r = cli("vurder", aid, "--fil", write(tmp_path / "c.csv", "spm,svar\nB1.6,ja\n"))
    assert r.exit_code == ExitCode.USAGE
    assert "ukjent kolonne «spm»" in r.stderr


def test_bulk_dry_run_and_overwrite(cli, session, tmp_path):
    aid = create(cli)
    first = write(tmp_path / "1.csv", "sporsmal,deltaker,svar\nB1.6,,ja\nB1.1,A-1,ja\n")
    r = cli("vurder", aid, "--fil", first, "--torrkjoring")
    assert r.exit_code == 0, r.stderr
    assert "2 nye og 0 endrede svar ville blitt lagret" in r.stdout
    assert answers(session, aid) == {}
    log_before = len(json.loads(cli("logg", aid, "--json").stdout)["linjer"])
    assert cli("vurder", aid, "--fil", first).exit_code == 0
    second = write(
        tmp_path / "2.csv", "sporsmal,deltaker,svar\nB1.6,,nei\nB1.1,A-1,ja\nB1.1,A-2,ja\n"
    )
    r = cli("vurder", aid, "--fil", second)
    assert r.exit_code == ExitCode.CONFLICT
    assert "1 svar er forskjellige fra det som er lagret; bruk --overskriv" in r.stderr
    assert "B1.6: lagret «ja», ny «nei»" in r.stderr
    assert answers(session, aid) == {("B1.6", ""): "ja", ("B1.1", "A-1"): "ja"}
    r = cli("vurder", aid, "--fil", second, "--tørrkjøring", "--overskriv", "--json")
    assert r.exit_code == 0, r.stderr
    out = json.loads(r.stdout)
    assert (out["torrkjoring"], out["nye"], out["endret"], out["uendret"]) == (True, 1, 1, 1)
    assert answers(session, aid)[("B1.6", "")] == "ja"
    r = cli("vurder", aid, "--fil", second, "--overskriv")
    assert r.exit_code == 0, r.stderr
    assert "1 nye og 1 endrede svar ble lagret; 1 uendret" in r.stdout
    assert answers(session, aid)[("B1.6", "")] == "nei"
    log = json.loads(cli("logg", aid, "--json").stdout)["linjer"]
    assert len(log) == log_before + 2 + 1 + 2 + 1  # 2 answers + import, 2 answers + import


# --- computed checks ---------------------------------------------------------------------


def plan_audit(cli, tmp_path) -> int:
    pop = write(
        tmp_path / "pop.csv",
        "pseudonym,bosettingsdato,kravdato,planvedtak\n"
        "P-1,2016-01-10,,2016-03-01\n"  # in time
        "P-2,2016-01-10,,2016-05-20\n"  # late
        "P-3,2016-02-01,2016-02-15,2016-05-10\n",
    )  # claim date counts: in time
    r = cli("opprett", "--kommune", "1001", "--sjekkliste", "individuell-plan", "--json")
    aid = json.loads(r.stdout)["id"]
    r = cli("utvalg", aid, "--populasjon", pop, "--antall", "3", "--fro", "1")
    assert r.exit_code == 0, r.stderr
    return aid


def test_beregn_planfrist_from_population_dates(cli, session, tmp_path):
    aid = plan_audit(cli, tmp_path)
    r = cli("vurder", aid, "--beregn", "--json")
    assert r.exit_code == 0, r.stderr
    props = {p["deltaker"]: p for p in json.loads(r.stdout)}
    assert {k: p["forslag"] for k, p in props.items()} == {"P-1": "ja", "P-2": "nei", "P-3": "ja"}
    assert all(p["sporsmal"] == "B1.5" for p in props.values())
    assert "10. april 2016" in props["P-2"]["forklaring"]
    stored = session.store.audits.view(aid).answer("B1.5", "P-2")
    assert (stored.answer, stored.proposed) == ("nei", "nei")
    assert "etter fristen" in stored.observation
    # Running again keeps what is recorded (an answer changed by the auditor stays).
    r = cli(
        "vurder",
        aid,
        "--sporsmal",
        "B1.5",
        "--deltaker",
        "P-2",
        "--svar",
        "ja",
        "--begrunnelse",
        "Vedtaket ble fattet muntlig i mars.",
    )
    assert r.exit_code == 0, r.stderr
    cli("vurder", aid, "--beregn")
    assert answer(session, aid, "B1.5", "P-2").answer == "ja"


def test_answer_against_proposal_needs_a_reason(cli, session, tmp_path):
    aid = plan_audit(cli, tmp_path)
    r = cli("vurder", aid, "--sporsmal", "B1.5", "--deltaker", "P-2", "--svar", "ja")
    assert r.exit_code == ExitCode.USAGE
    assert "Beregningen foreslår «nei» for B1.5 / P-2" in r.stderr
    assert "--begrunnelse" in r.stderr
    assert answer(session, aid, "B1.5", "P-2") is None
    r = cli(
        "vurder",
        aid,
        "--sporsmal",
        "B1.5",
        "--deltaker",
        "P-2",
        "--svar",
        "ja",
        "--begrunnelse",
        "Vedtak fattet i tide, registrert senere.",
    )
    assert r.exit_code == 0, r.stderr
    a = answer(session, aid, "B1.5", "P-2")
    assert (a.answer, a.proposed, a.override_reason) == (
        "ja",
        "nei",
        "Vedtak fattet i tide, registrert senere.",
    )
    # Agreeing with the proposal needs no reason.
    r = cli("vurder", aid, "--sporsmal", "B1.5", "--deltaker", "P-1", "--svar", "ja")
    assert r.exit_code == 0, r.stderr
    assert "Beregnet: Planen ble vedtatt" in r.stdout


def test_bulk_answer_against_proposal_needs_a_reason(cli, session, tmp_path):
    aid = plan_audit(cli, tmp_path)
    f = write(
        tmp_path / "svar.csv", "sporsmal,deltaker,svar,begrunnelse\nB1.5,P-1,ja,\nB1.5,P-2,ja,\n"
    )
    r = cli("vurder", aid, "--fil", f)
    assert r.exit_code == ExitCode.USAGE
    assert "linje 3" in r.stderr and "Beregningen foreslår «nei»" in r.stderr
    assert answers(session, aid) == {}
    f = write(
        tmp_path / "svar2.csv",
        "sporsmal,deltaker,svar,begrunnelse\nB1.5,P-1,ja,\nB1.5,P-2,ja,Muntlig vedtak i tide\n",
    )
    r = cli("vurder", aid, "--fil", f)
    assert r.exit_code == 0, r.stderr
    a = answer(session, aid, "B1.5", "P-2")
    assert (a.answer, a.proposed, a.override_reason) == ("ja", "nei", "Muntlig vedtak i tide")


def test_timeplan_for_fulltid(cli, session, tmp_path):
    aid = create(cli, "helarig-fulltid", ["F-1", "F-2"])
    full = write(
        tmp_path / "full.csv",
        "aktivitet,type,minutter,leksjoner\n"
        "Norskopplæring,norsk,,15\n"  # 15 × 75 = 1125
        "Språkpraksis,annet,1200,\n",
    )  # 2325 ≥ 2250
    short = write(
        tmp_path / "kort.csv",
        "aktivitet;type;minutter;leksjoner\n"
        "Norsk;norsk;;10\n"  # 750
        "Samfunnskunnskap;samfunnskunnskap;;2\n"  # 150
        "Praksis;annet;600;\n",
    )  # 1500 < 2250
    r = cli(
        "vurder", aid, "--sporsmal", "A2.3", "--deltaker", "F-1", "--svar", "ja", "--timeplan", full
    )
    assert r.exit_code == 0, r.stderr
    assert "38,7 timer per uke" in r.stdout
    a = answer(session, aid, "A2.3", "F-1")
    assert (a.answer, a.proposed) == ("ja", "ja")
    r = cli(
        "vurder",
        aid,
        "--sporsmal",
        "A2.3",
        "--deltaker",
        "F-2",
        "--svar",
        "ja",
        "--timeplan",
        short,
    )
    assert r.exit_code == ExitCode.USAGE
    assert "Beregningen foreslår «nei»" in r.stderr and "25 timer per uke" in r.stderr
    assert answer(session, aid, "A2.3", "F-2") is None
    # The refused answer left nothing behind: not even the timetable.
    f2 = next(p for p in session.store.audits.view(aid).participants() if p.pseudonym == "F-2")
    assert "timeplan" not in f2.data
    r = cli(
        "vurder",
        aid,
        "--sporsmal",
        "A2.3",
        "--deltaker",
        "F-2",
        "--svar",
        "nei",
        "--timeplan",
        short,
    )
    assert r.exit_code == 0, r.stderr
    assert "Det mangler 750 minutter per uke" in answer(session, aid, "A2.3", "F-2").proposed_note
    # A timetable only applies to the full-time question.
    r = cli(
        "vurder", aid, "--sporsmal", "A2.4", "--deltaker", "F-1", "--svar", "ja", "--timeplan", full
    )
    assert r.exit_code == ExitCode.USAGE
    assert "har ingen timeplanberegning" in r.stderr
    # A broken timetable names file and line.
    bad = write(tmp_path / "feil.csv", "aktivitet,type,minutter,leksjoner\nNorsk,fransk,,3\n")
    r = cli(
        "vurder", aid, "--sporsmal", "A2.3", "--deltaker", "F-1", "--svar", "ja", "--timeplan", bad
    )
    assert r.exit_code == ExitCode.USAGE
    assert "linje 2" in r.stderr and "fransk" in r.stderr


def test_feriedager_for_helarig(cli, session):
    aid = create(cli, "helarig-fulltid", ["F-1"])
    r = cli(
        "vurder",
        aid,
        "--sporsmal",
        "A1.3",
        "--deltaker",
        "F-1",
        "--svar",
        "ja",
        "--feriedager",
        "40",
    )
    assert r.exit_code == ExitCode.USAGE
    assert "Beregningen foreslår «nei»" in r.stderr
    r = cli(
        "vurder",
        aid,
        "--sporsmal",
        "A1.3",
        "--deltaker",
        "F-1",
        "--svar",
        "nei",
        "--feriedager",
        "40",
    )
    assert r.exit_code == 0, r.stderr
    assert answer(session, aid, "A1.3", "F-1").proposed == "nei"


# --- conclusions -------------------------------------------------------------------------


def test_konkluder_lists_proposals_and_answers(cli, scored_audit):
    r = cli("konkluder", scored_audit, "--json")
    assert r.exit_code == 0, r.stderr
    rows = {row["krav"]: row for row in json.loads(r.stdout)}
    assert rows["B1"]["foreslatt"] == "lovbrudd"
    assert rows["B4"]["foreslatt"] == "lovbrudd"
    assert rows["B2"]["foreslatt"] == "ingen"
    b11 = next(q for q in rows["B1"]["sporsmal"] if q["sporsmal"] == "B1.1")
    assert (b11["besvart"], b11["av"], b11["nei"], b11["ja"]) == (8, 8, 2, 6)
    text = cli("konkluder", scored_audit).stdout
    assert "Krav B1: foreslått lovbrudd, bekreftet lovbrudd" in text
    assert "B1.1: 8/8 besvart, 6 ja, 2 nei → lovbrudd" in text


def test_konkluder_confirm_and_override(cli, session, scored_audit):
    aid = scored_audit
    r = cli(
        "konkluder",
        aid,
        "--krav",
        "B1",
        "--praksis",
        "Kommunen fatter ikke vedtak.",
        "--vurdering",
        "Planene er ikke enkeltvedtak.",
        "--konklusjon",
        "Lovbrudd.",
    )
    assert r.exit_code == 0, r.stderr
    assert "Krav B1: lovbrudd" in r.stdout and "overstyrt" not in r.stdout
    c = session.store.audits.view(aid).conclusion("B1")
    assert (c.outcome, c.practice, c.assessment, c.conclusion) == (
        "lovbrudd",
        "Kommunen fatter ikke vedtak.",
        "Planene er ikke enkeltvedtak.",
        "Lovbrudd.",
    )
    # Overriding without a reason is refused and changes nothing.
    r = cli("konkluder", aid, "--krav", "B2", "--utfall", "merknad")
    assert r.exit_code == ExitCode.USAGE
    assert "Foreslått konklusjon for B2 er «ingen»" in r.stderr
    assert "--begrunnelse" in r.stderr
    assert session.store.audits.view(aid).conclusion("B2").outcome == "ingen"
    r = cli(
        "konkluder",
        aid,
        "--krav",
        "b2",
        "--utfall",
        "merknad",
        "--begrunnelse",
        "Samrådet er dårlig dokumentert.",
        "--json",
    )
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout) == {
        "krav": "B2",
        "utfall": "merknad",
        "foreslatt": "ingen",
        "begrunnelse": "Samrådet er dårlig dokumentert.",
    }
    c = session.store.audits.view(aid).conclusion("B2")
    assert (c.outcome, c.reason) == ("merknad", "Samrådet er dårlig dokumentert.")
    # Texts not given again are kept.
    assert c.practice.startswith("Kommunens praksis for B2")
    funn = {f["krav"]: f for f in json.loads(cli("vis", aid, "--json").stdout)["funn"]}
    assert funn["B2"]["overstyrt"] is True and funn["B1"]["overstyrt"] is False
    r = cli("konkluder", aid, "--krav", "B3", "--utfall", "alvorlig")
    assert r.exit_code == ExitCode.USAGE
    assert "gyldige: lovbrudd, merknad, ingen" in r.stderr
    r = cli("konkluder", aid, "--utfall", "merknad")
    assert r.exit_code == ExitCode.USAGE and "Oppgi --krav" in r.stderr
    log = json.loads(cli("logg", aid, "--json", "--verifiser").stdout)
    assert log["verifisert"] is True
    assert log["linjer"][-1]["gammel"]["utfall"] == "ingen"
    assert log["linjer"][-1]["ny"]["outcome"] == "merknad"


def test_konkluder_without_proposal(cli, session):
    aid = create(cli)
    r = cli("konkluder", aid, "--krav", "B1")
    assert r.exit_code == ExitCode.USAGE
    assert "har ingen foreslått konklusjon ennå" in r.stderr
    r = cli(
        "konkluder",
        aid,
        "--krav",
        "B1",
        "--utfall",
        "ingen",
        "--vurdering",
        f"Se {valid_number('010190')}",
    )
    assert r.exit_code == ExitCode.PERSONAL_DATA
    assert session.store.audits.view(aid).conclusion("B1") is None


# --- interactive -------------------------------------------------------------------------


@pytest.mark.skipif(
    old_click(),
    reason="click < 8.2's test runner answers an ended input with '' instead of EOF",
)
def test_interactive_interrupt_keeps_answers_and_resumes(cli, session):
    aid = create(cli, people=["A-1", "A-2"])
    # B1.1/A-1: ja with observation and a source; B1.1/A-2: an invalid answer, then nei;
    # then the input ends in the middle of B1.2/A-1 (a closed terminal).
    r = cli("vurder", aid, input="ja\nPlan funnet\n1\nkanskje\nnei\n\n\n")
    assert r.exit_code == 130
    assert "Traceback" not in r.output
    assert "Avbrutt. Det som var lagret før avbruddet, er beholdt." in r.stderr
    assert "[1/41] B1.1  — deltakermappe A-1" in r.stdout
    assert "Har deltakeren en individuell plan?" in r.stdout
    assert "Hjemmel: introduksjonsloven §§ 6 og 21 andre ledd og forvaltningsloven" in r.stdout
    assert "«kanskje» er ikke et gyldig svar på B1.1" in r.stdout
    a = answer(session, aid, "B1.1", "A-1")
    assert (a.answer, a.observation, a.sources) == ("ja", "Plan funnet", (1,))
    assert answer(session, aid, "B1.1", "A-2").answer == "nei"
    assert answer(session, aid, "B1.1", "A-2").observation is None
    assert len(session.store.audits.view(aid).answers) == 2
    # Resume: the first unanswered slot comes first.
    r = cli("vurder", aid, input="")
    assert r.exit_code == 130
    assert "39 av 41 svar gjenstår" in r.stdout
    assert "[1/39] B1.2  — deltakermappe A-1" in r.stdout
    assert "Er planen fastsatt ved et skriftlig enkeltvedtak?" in r.stdout
    assert "B1.1  — deltakermappe" not in r.stdout
    # An empty answer skips to the next slot without storing anything.
    r = cli("vurder", aid, input="\nja\n\n\n")
    assert "[2/39] B1.2  — deltakermappe A-2" in r.stdout
    assert answer(session, aid, "B1.2", "A-1") is None
    assert answer(session, aid, "B1.2", "A-2").answer == "ja"


def test_interactive_shows_proposal_and_asks_reason(cli, session, tmp_path):
    aid = plan_audit(cli, tmp_path)
    # Skip through to B1.5 is long; answer everything else by bulk first.
    view = session.store.audits.view(aid)
    rows = ["sporsmal,deltaker,svar"]
    for _, _, q in view.checklist.questions():
        if q.ref_id == "B1.5":
            continue
        for who in [""] if q.scope == "kommune" else ["P-1", "P-2", "P-3"]:
            rows.append(f"{q.ref_id},{who},ja")
    f = write(tmp_path / "resten.csv", "\n".join(rows) + "\n")
    assert cli("vurder", aid, "--fil", f).exit_code == 0
    # Slot order follows the sample; accept the proposal for the first, override the
    # proposal "nei" for P-2 with a reason, accept the default for the third.
    order = [p.pseudonym for p in session.store.audits.view(aid).participants()]
    inputs = []
    for who in order:
        if who == "P-2":
            inputs += ["ja", "", "", "Muntlig vedtak"]
        else:
            inputs += ["", "", ""]  # the default is the proposal
    r = cli("vurder", aid, input="\n".join(inputs) + "\n")
    assert r.exit_code == 0, r.output
    assert "Beregnet forslag: nei" in r.stdout
    assert "Fremdrift: 60 av 60 svar." in r.stdout
    a = answer(session, aid, "B1.5", "P-2")
    assert (a.answer, a.proposed, a.override_reason) == ("ja", "nei", "Muntlig vedtak")
    assert answer(session, aid, "B1.5", "P-1").answer == "ja"
    r = cli("vurder", aid)
    assert r.exit_code == 0
    assert "Alle kontrollspørsmål er besvart" in r.stdout


def test_interactive_conflict_with_another_writer(cli, session, workspace, monkeypatch):
    aid = create(cli, people=["A-1"])
    from tilsyn.app import answers as assessment

    original = assessment.answer_question
    other = AppContext(workspace, db_url_override=session.db_url_override, user_override="kollega")

    def meanwhile(sess, audit_id, **kw):
        # Another auditor saves the same slot after it was shown and before ours is saved.
        if kw["question"] == "B1.1":
            original(
                other,
                audit_id,
                question="B1.1",
                participant="A-1",
                answer="nei",
                observation="Kollegaens svar",
            )
        return original(sess, audit_id, **kw)

    monkeypatch.setattr(assessment, "answer_question", meanwhile)
    r = cli("vurder", aid, input="ja\nmitt svar\n\n")
    assert "Traceback" not in r.output
    assert "Svaret er endret av noen andre siden du leste det; ingenting ble lagret" in r.stdout
    assert "kollega" in r.stdout
    a = answer(session, aid, "B1.1", "A-1")
    assert (a.answer, a.observation, a.updated_by) == ("nei", "Kollegaens svar", "kollega")
    # The session moved on to the next question after the conflict.
    assert "B1.2  — deltakermappe A-1" in r.stdout


def test_bulk_file_never_silently_replaces_an_observation(cli, session, tmp_path):
    aid = create(cli, "individuell-plan", ["P-1"])
    r = cli(
        "vurder",
        aid,
        "--sporsmal",
        "B1.6",
        "--svar",
        "ja",
        "--observasjon",
        "Skrevet av Kari.",
        user="kari",
    )
    assert r.exit_code == 0, r.stderr
    f = write(tmp_path / "svar.csv", "sporsmal,svar,observasjon\nB1.6,ja,Eldre notat.\n")
    r = cli("vurder", aid, "--fil", f)
    assert r.exit_code == ExitCode.CONFLICT
    assert "B1.6: observasjonen er endret (lagret av kari" in r.stderr
    assert answer(session, aid, "B1.6").observation == "Skrevet av Kari."
    r = cli("vurder", aid, "--fil", f, "--overskriv")
    assert r.exit_code == 0, r.stderr
    assert answer(session, aid, "B1.6").observation == "Eldre notat."
    # Adding an observation where none is recorded needs no --overskriv.
    cli("vurder", aid, "--sporsmal", "B4.1", "--svar", "nei")
    f2 = write(tmp_path / "svar2.csv", "sporsmal,svar,observasjon\nB4.1,nei,Ingen rutine.\n")
    assert cli("vurder", aid, "--fil", f2).exit_code == 0
    assert answer(session, aid, "B4.1").observation == "Ingen rutine."


def test_interactive_unknown_source_is_asked_again_without_losing_the_answer(cli, session):
    aid = create(cli, people=["A-1"])
    # Source 7 is not in the register: only the sources are asked again.
    r = cli("vurder", aid, input="nei\nMangler plan\n7\n1\n")
    assert "Dokument nr. 7 finnes ikke i dokumentregisteret" in r.stdout
    assert r.stdout.count("Observasjon:") == 1
    a = answer(session, aid, "B1.1", "A-1")
    assert (a.answer, a.observation, a.sources) == ("nei", "Mangler plan", (1,))
