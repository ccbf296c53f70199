"""The law, office and municipality of a document's date (issue 12) and documents under
the current law (issue 16), through the CLI and read back from the .docx files:

- the kommunelov regime follows the notice date (October 2019 needs a choice with a
  reason; a contradicting choice needs a reason and is logged);
- a notice or document outside its checklist's period is refused, naming the law then,
  unless a transitional rule covers it;
- offices and municipalities through time (Steinkjer 2015, Lindås 2019);
- the appeal body and contact details at the quality gate; ``init --kontor``;
- 2026 audits of a bokmål and a nynorsk municipality to the final report.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from helpers import configure_office
from typer.testing import CliRunner

from tests.report_util import all_text
from tilsyn.app.context import AppContext
from tilsyn.cli import app
from tilsyn.errors import ExitCode
from tilsyn.workspace import init_workspace, open_workspace

GOLDEN = Path(__file__).resolve().parent / "golden"


class Office:
    """A workspace for one office, with the CLI bound to it."""

    def __init__(self, tmp_path: Path, office: str, *, configure: bool = True) -> None:
        ws = init_workspace(tmp_path / "ws", office=office)
        if configure:
            ws = configure_office(ws)
        self.root = ws.root
        self.runner = CliRunner()

    def __call__(self, *args: object, input: str | None = None):
        return self.runner.invoke(
            app,
            [str(a) for a in args],
            env={"TILSYN_HOME": str(self.root), "TILSYN_BRUKER": "revisor"},
            input=input,
        )

    def ok(self, *args: object) -> str:
        r = self(*args)
        assert r.exit_code == 0, r.stderr
        return r.stdout

    def create(self, *args: object) -> dict:
        team = ("--tilsynsleder", "Ola Hansen", "--revisor", "Kari Nordmann")
        return json.loads(self.ok("opprett", *args, *team, "--saksnummer", "2026/1", "--json"))

    def context(self) -> AppContext:
        return AppContext(open_workspace(str(self.root)), user_override="revisor")

    def document(self, aid: int, kind: str, when: str, *extra: object) -> str:
        out = self.root / "utdata" / f"{kind}-{when}-{len(list(self.root.rglob('*.docx')))}.docx"
        self.ok("rapport", aid, "--type", kind, "--dato", when, "-o", out, *extra)
        return all_text(out)

    def outputs(self) -> list[str]:
        return sorted(p.name for p in (self.root / "utdata").glob("*.docx"))


def assess(office: Office, aid: int, breaches: set[tuple[str, int]]) -> None:
    """Sample three files, answer every question (``breaches``: (question, file index)
    answered «nei»), and confirm the proposed conclusions with texts."""
    from tilsyn.app import answers as assessment
    from tilsyn.app.answers import write_answers
    from tilsyn.app.sampling import take_sample
    from tilsyn.audit import scoring
    from tilsyn.audit.models import AnswerInput

    s = office.context()
    take_sample(
        s,
        aid,
        population=None,
        count=None,
        seed=None,
        chosen=["P1", "P2", "P3"],
        criteria="bosetting det siste året",
        population_count=9,
    )
    view = s.store.audits.view(aid)
    people = [p.pseudonym for p in view.participants()]
    items = []
    for _, _, q in view.checklist.questions():
        for i, who in enumerate([""] if q.scope == "kommune" else people):
            bad = (q.ref_id, i) in breaches
            items.append(AnswerInput(q.ref_id, who, "nei" if bad else "ja"))
    write_answers(s, aid, items)
    view = s.store.audits.view(aid)
    for r in scoring.score_audit(view.checklist, view.answers, people):
        assessment.conclude(
            s,
            aid,
            requirement=r.requirement_ref,
            outcome=r.proposed or "ingen",
            practice=f"Praksis for {r.requirement_ref}.",
            assessment=f"Vurdering av {r.requirement_ref}.",
            conclusion=f"Konklusjon for {r.requirement_ref}.",
        )


def audit_log(office: Office, aid: int) -> list[dict]:
    return json.loads(office.ok("logg", aid, "--json"))["linjer"]


# --- init --kontor ---------------------------------------------------------------------


def test_init_refuses_an_unknown_office_with_suggestions_and_writes_nothing(tmp_path):
    folder = tmp_path / "nytt"
    r = CliRunner().invoke(app, ["init", str(folder), "--kontor", "Statsforvalteren i Vestlandet"])
    assert r.exit_code == ExitCode.NOT_FOUND
    assert "Finner ikke noe kontor som heter «Statsforvalteren i Vestlandet»" in r.stderr
    assert "Mente du: Statsforvalteren i Vestland" in r.stderr
    assert "Traceback" not in r.stderr
    assert not folder.exists()


def test_init_writes_the_chosen_offices_own_settings(tmp_path):
    r = CliRunner().invoke(
        app, ["init", str(tmp_path / "ws"), "--kontor", "Fylkesmannen i Hordaland"]
    )
    assert r.exit_code == 0, r.stderr
    assert "kontor:        Statsforvalteren i Vestland (tidligere Fylkesmannen i Hordaland)" in (
        r.stdout
    )
    text = (tmp_path / "ws" / "tilsyn.toml").read_text(encoding="utf-8")
    assert 'id = "sf-vestland"' in text
    assert 'navn = "Statsforvalteren i Vestland"' in text
    assert 'navn_nynorsk = "Statsforvaltaren i Vestland"' in text
    # Contact details the tool cannot know stay empty; nothing of Agder's.
    for key in ("adresse", "epost", "telefon", "avdeling"):
        assert f'{key} = ""' in text
    assert "Agder" not in text and "Kristiansand" not in text
    # The register's appeal bodies only as commented suggestions, marked unconfirmed.
    assert "# [[kontor.klageinstanser]]   # forslag fra tilsyn, ikke bekreftet" in text
    assert '# navn = "Arbeids- og inkluderingsdepartementet"' in text
    assert "\n[[kontor.klageinstanser]]" not in text
    cfg = open_workspace(str(tmp_path / "ws")).config
    assert cfg.appeal_on(date(2026, 1, 1)) == ""


# --- regime by date --------------------------------------------------------------------


def test_2015_trondelag_case(tmp_path):
    """Steinkjer (1702) in 2015: Fylkesmannen i Nord-Trøndelag, kommuneloven 1992."""
    office = Office(tmp_path, "Statsforvalteren i Trøndelag")
    r = office(
        "opprett",
        "--kommune",
        "1702",
        "--sjekkliste",
        "helarig-fulltid",
        "--varseldato",
        "2018-03-01",
    )
    assert r.exit_code == ExitCode.NOT_FOUND
    assert (
        "Kommunenummer 1702 (Steinkjer) gjaldt til 2017-12-31 og kan ikke brukes for "
        "2018-03-01. På den datoen var nummeret 5004 Steinkjer."
    ) in r.stderr
    a = office.create(
        "--kommune", "1702", "--sjekkliste", "helarig-fulltid", "--varseldato", "2015-03-02"
    )
    assert (a["kommunenummer"], a["kommune"], a["regime"]) == ("1702", "Steinkjer", "kl1992")
    assert a["regime_begrunnelse"] is None and a["varseldato_planlagt"] == "2015-03-02"
    text = office.document(a["id"], "varsel", "2015-03-02")
    assert "Fylkesmannen i Nord-Trøndelag" in text
    assert "Statsforvalteren" not in text and "Fylkesmannen i Trøndelag" not in text
    assert "Varsel om tilsyn med Steinkjer kommune" in text
    assert (
        "Fylkesmannen fører tilsyn med kommunen etter introduksjonsloven § 23. Reglene om "
        "statlig tilsyn i kommuneloven (1992) kapittel 10 A gjelder."
    ) in text
    assert "jf. kommuneloven (1992) § 60 c" in text
    assert "kapittel 30" not in text and "§ 30-3" not in text
    office.ok("hendelse", a["id"], "varsel", "--dato", "2015-03-02")
    shown = json.loads(office.ok("vis", a["id"], "--json"))
    assert shown["regime"] == "kl1992" and shown["kommune"]["fylke"] == "Nord-Trøndelag"
    # A document dated after the 2018 merger names the municipality and office then.
    from tilsyn.app.documents import report_context

    doc, _ = report_context(office.context(), a["id"], "varsel", report_date=date(2018, 3, 1))
    assert doc["kommune"]["nummer"] == "5004" and doc["kommune"]["fylke"] == "Trøndelag"
    assert doc["kontor"]["navn"] == "Fylkesmannen i Trøndelag"
    assert doc["tilsyn"]["regime"] == "kl1992"  # fixed by the notice


def test_2019_vestland_case(tmp_path):
    """Lindås (1263) in 2019: Fylkesmannen i Vestland; the notice date fixes the regime;
    a document after the 2020 merger goes to Alver."""
    office = Office(tmp_path, "vestland")
    a = office.create("--kommune", "1263", "--sjekkliste", "individuell-plan")
    assert a["varseldato_planlagt"] is None
    assert "foreløpig; fastsettes av varseldatoen" in office.ok("vis", a["id"])
    text = office.document(a["id"], "varsel", "2019-09-02")  # before the notice: its own date
    assert "Fylkesmannen i Vestland" in text and "Lindås kommune" in text
    assert "kommuneloven (1992) kapittel 10 A" in text
    office.ok("hendelse", a["id"], "varsel", "--dato", "2019-09-02")
    shown = office.ok("vis", a["id"])
    assert "Regelverk: kommuneloven 1992 kapittel 10 A (kl1992) – følger av varseldatoen" in shown
    notice = next(e for e in audit_log(office, a["id"]) if e["handling"] == "hendelse")
    assert notice["ny"]["tilsyn"] == {"regime": "kl1992"}  # logged with the event
    from tilsyn.app.documents import report_context

    doc, _ = report_context(office.context(), a["id"], "varsel", report_date=date(2020, 2, 3))
    assert (doc["kommune"]["nummer"], doc["kommune"]["navn"]) == ("4631", "Alver")
    assert doc["kommune"]["fylke"] == "Vestland"
    assert doc["kontor"]["navn"] == "Fylkesmannen i Vestland"
    # A notice from November 2019 gives kommuneloven 2018.
    b = office.create(
        "--kommune", "1263", "--sjekkliste", "individuell-plan", "--varseldato", "2019-11-15"
    )
    assert b["regime"] == "kl2018"
    text = office.document(b["id"], "varsel", "2019-11-15")
    assert "Reglene om statlig tilsyn i kommuneloven kapittel 30 gjelder" in text
    assert "jf. kommuneloven § 30-3" in text


def test_october_2019_needs_a_regime_with_a_reason(tmp_path):
    office = Office(tmp_path, "vestland")
    base = ("--kommune", "1263", "--sjekkliste", "individuell-plan")
    r = office("opprett", *base, "--varseldato", "2019-10-15")
    assert r.exit_code == ExitCode.USAGE
    assert "Varseldatoen 2019-10-15 er i oktober 2019" in r.stderr
    assert "Oppgi --regime kl1992 eller kl2018 og --begrunnelse" in r.stderr
    r = office("opprett", *base, "--varseldato", "2019-10-15", "--regime", "kl2018")
    assert r.exit_code == ExitCode.USAGE and "Oppgi --begrunnelse" in r.stderr
    assert json.loads(office.ok("liste", "--json")) == []
    a = office.create(
        *base,
        "--varseldato",
        "2019-10-15",
        "--regime",
        "kl2018",
        "--begrunnelse",
        "Konstituerende møte 8. oktober 2019",
    )
    assert a["regime"] == "kl2018"
    assert a["regime_begrunnelse"] == "Konstituerende møte 8. oktober 2019"
    created = audit_log(office, a["id"])[0]
    assert created["ny"]["regime_begrunnelse"] == "Konstituerende møte 8. oktober 2019"
    office.ok("hendelse", a["id"], "varsel", "--dato", "2019-10-15")
    assert "valgt: Konstituerende møte 8. oktober 2019" in office.ok("vis", a["id"])
    # Without a date at creation, the notice in October is refused until the office chooses.
    b = office.create(*base)["id"]
    r = office("hendelse", b, "varsel", "--dato", "2019-10-21")
    assert r.exit_code == ExitCode.USAGE
    assert f"tilsyn endre {b} --regime kl1992 eller kl2018 --begrunnelse" in r.stderr
    assert json.loads(office.ok("vis", b, "--json"))["hendelser"] == []
    r = office("endre", b, "--regime", "kl1992")
    assert r.exit_code == ExitCode.USAGE and "--begrunnelse" in r.stderr
    office.ok("endre", b, "--regime", "kl1992", "--begrunnelse", "Møtet var 24. oktober")
    office.ok("hendelse", b, "varsel", "--dato", "2019-10-21")
    shown = json.loads(office.ok("vis", b, "--json"))
    assert shown["regime"] == "kl1992" and shown["regime_begrunnelse"] == "Møtet var 24. oktober"


def test_a_regime_that_contradicts_the_date_needs_a_reason(tmp_path):
    from tilsyn.audit.legal import choose_regime
    from tilsyn.errors import UsageError

    office = Office(tmp_path, "trøndelag")
    base = ("--kommune", "1702", "--sjekkliste", "helarig-fulltid", "--varseldato", "2015-03-02")
    r = office("opprett", *base, "--regime", "kl2018")
    assert r.exit_code == ExitCode.USAGE
    assert "--regime kl2018 stemmer ikke med varseldatoen 2015-03-02" in r.stderr
    assert "kommuneloven 1992 kapittel 10 A gjaldt" in r.stderr
    a = office.create(*base, "--regime", "kl2018", "--begrunnelse", "Prøveordning")
    assert (a["regime"], a["regime_begrunnelse"]) == ("kl2018", "Prøveordning")
    # The same regime as the date gives needs no reason, and none is stored.
    b = office.create(*base, "--regime", "kl1992", "--begrunnelse", "unødvendig")
    assert (b["regime"], b["regime_begrunnelse"]) == ("kl1992", None)
    with pytest.raises(UsageError, match="før 2007-03-01"):
        choose_regime(None, None, date(2006, 12, 1))


# --- checklist validity ----------------------------------------------------------------


def test_2022_notice_on_the_old_law_is_refused_naming_integreringsloven(tmp_path):
    office = Office(tmp_path, "Statsforvalteren i Agder")
    base = ("--kommune", "4204", "--sjekkliste", "helarig-fulltid", "--varseldato", "2022-03-01")
    r = office("opprett", *base)
    assert r.exit_code == ExitCode.USAGE
    assert (
        "Sjekklisten «helarig-fulltid» (introduksjonsloven) gjelder 2013-01-01–2020-12-31, og "
        "varseldatoen 2022-03-01 er utenfor. 2022-03-01 gjaldt integreringsloven (fra "
        "2021-01-01)."
    ) in r.stderr
    assert "sjekklistene for integreringsloven gjelder integreringsplan-omfang" in r.stderr
    assert "oppgi --overgangsregel" in r.stderr
    assert "Traceback" not in r.stderr
    assert json.loads(office.ok("liste", "--json")) == []
    # Participants still under introduksjonsloven: the transitional rule, said in documents.
    a = office.create(*base, "--overgangsregel")
    assert a["overgangsregel"] is True
    text = office.document(a["id"], "varsel", "2022-03-01")
    assert (
        "Tilsynet gjelder deltakere som fortsatt er omfattet av introduksjonsloven etter "
        "overgangsreglene, jf. integreringsforskriften § 72 og integreringsloven § 51."
    ) in text
    assert "Statsforvalteren i Agder" in text
    # ... but not after the rule's last day.
    r = office(
        "opprett",
        "--kommune",
        "4204",
        "--sjekkliste",
        "helarig-fulltid",
        "--varseldato",
        "2026-03-02",
        "--overgangsregel",
    )
    assert r.exit_code == ExitCode.USAGE and "gjaldt integreringsloven" in r.stderr


def test_a_2015_notice_on_individuell_plan_names_the_checklist_to_use(tmp_path):
    office = Office(tmp_path, "trøndelag")
    r = office(
        "opprett",
        "--kommune",
        "1702",
        "--sjekkliste",
        "individuell-plan",
        "--varseldato",
        "2015-03-02",
    )
    assert r.exit_code == ExitCode.USAGE
    assert "gjelder 2017-01-01–2020-12-31, og varseldatoen 2015-03-02 er utenfor" in r.stderr
    assert "Bruk en sjekkliste som gjelder da: helarig-fulltid" in r.stderr


def test_a_document_outside_the_period_is_refused_and_nothing_written(tmp_path):
    office = Office(tmp_path, "Statsforvalteren i Agder")
    a = office.create(
        "--kommune", "1001", "--sjekkliste", "individuell-plan", "--varseldato", "2017-03-01"
    )
    office.ok("hendelse", a["id"], "varsel", "--dato", "2017-03-01")
    r = office("rapport", a["id"], "--type", "varsel", "--dato", "2026-03-01")
    assert r.exit_code == ExitCode.USAGE
    assert "dokumentdatoen 2026-03-01 er utenfor" in r.stderr
    assert office.outputs() == []
    # After the period, an audit noticed in it is finished under the transitional rule.
    text = office.document(a["id"], "varsel", "2021-02-01")
    assert "jf. integreringsforskriften § 72 og integreringsloven § 51" in text
    assert "4204 Kristiansand" in text or "Kristiansand kommune" in text


# --- the quality gate: office, contact details, appeal body ----------------------------


def _omfang_2026(office: Office, municipality: str = "4204") -> int:
    """A 2026 audit with a violation (OM2), preliminary report sent."""
    a = office.create(
        "--kommune",
        municipality,
        "--sjekkliste",
        "integreringsplan-omfang",
        "--varseldato",
        "2026-02-02",
    )
    office.ok("hendelse", a["id"], "varsel", "--dato", "2026-02-02")
    assess(office, a["id"], {("OM2.1", 0)})
    return a["id"]


def test_the_appeal_body_must_be_set_before_a_decision(tmp_path):
    office = Office(tmp_path, "Statsforvalteren i Agder", configure=False)
    config = office.root / "tilsyn.toml"
    text = config.read_text(encoding="utf-8")
    for key, value in (
        ("adresse", "Postboks 1, 4604 Kristiansand"),
        ("epost", "sf@x.no"),
        ("telefon", "37 00 00 00"),
    ):
        text = text.replace(f'{key} = ""', f'{key} = "{value}"')
    config.write_text(text, encoding="utf-8")
    aid = _omfang_2026(office)
    office.document(aid, "varsel", "2026-02-02")  # no decision: no appeal body needed
    for kind, when, what in (
        ("forelopig", "2026-04-13", "varsler"),
        ("endelig", "2026-05-11", "inneholder"),
    ):
        if kind == "endelig":
            office.ok("hendelse", aid, "forelopig", "--dato", "2026-04-13")
        r = office("rapport", aid, "--type", kind, "--dato", when)
        assert r.exit_code == ExitCode.QUALITY_GATE, r.stdout
        assert (
            f"Dokumentet {what} et vedtak om pålegg, og vedtaket skal nevne klageinstansen "
            f"(forvaltningsloven § 27 tredje ledd), men tilsyn.toml har ingen klageinstans "
            f"for {when}. tilsyn foreslår «Arbeids- og inkluderingsdepartementet» for "
            "perioden 2022-01-01–, men det er ikke bekreftet; kontoret må selv bekrefte "
            "hvilket organ som er klageinstans."
        ) in r.stderr
        assert "[[kontor.klageinstanser]] med fra = 2022-01-01" in r.stderr
    assert [n for n in office.outputs() if "forelopig" in n or "endelig" in n] == []
    config.write_text(
        config.read_text(encoding="utf-8")
        + '\n[[kontor.klageinstanser]]\nfra = 2022-01-01\nnavn = "Klagenemnda for tilsyn"\n',
        encoding="utf-8",
    )
    text = office.document(aid, "endelig", "2026-05-11")
    assert "Klageinstans er Klagenemnda for tilsyn." in text
    assert "sendes klagen til Klagenemnda for tilsyn for avgjørelse" in text


def test_contact_details_are_required_and_named(tmp_path):
    office = Office(tmp_path, "Statsforvalteren i Agder", configure=False)
    a = office.create(
        "--kommune", "4204", "--sjekkliste", "integreringsplan-omfang", "--varseldato", "2026-02-02"
    )
    r = office("rapport", a["id"], "--type", "varsel", "--dato", "2026-02-02")
    assert r.exit_code == ExitCode.QUALITY_GATE
    assert (
        "tilsyn.toml mangler kontaktopplysninger til brevhodet (adresse, e-post, telefon): "
        "fyll inn adresse, epost, telefon under [kontor]"
    ) in r.stderr
    assert office.outputs() == []


def test_a_municipality_of_another_office_is_stopped(tmp_path):
    office = Office(tmp_path, "Statsforvalteren i Agder")
    a = office.create(
        "--kommune", "1263", "--sjekkliste", "individuell-plan", "--varseldato", "2019-09-02"
    )
    r = office("rapport", a["id"], "--type", "varsel", "--dato", "2019-09-02")
    assert r.exit_code == ExitCode.QUALITY_GATE
    assert (
        "1263 Lindås hørte 2019-09-02 til Fylkesmannen i Vestland, men arbeidsområdet er for "
        "Statsforvalteren i Agder."
    ) in r.stderr
    assert "tilsyn init MAPPE --kontor «Fylkesmannen i Vestland»" in r.stderr


# --- 2026: the current law, bokmål and nynorsk -----------------------------------------


def _run_2026(office: Office, municipality: str, checklist: str, breach: str) -> int:
    a = office.create(
        "--kommune", municipality, "--sjekkliste", checklist, "--varseldato", "2026-02-02"
    )
    aid = a["id"]
    assert a["regime"] == "kl2018"
    office.document(aid, "varsel", "2026-02-02")
    office.ok("hendelse", aid, "varsel", "--dato", "2026-02-02")
    assess(office, aid, {(breach, 1)})
    office.document(aid, "forelopig", "2026-04-13")
    office.ok("hendelse", aid, "forelopig", "--dato", "2026-04-13")
    return aid


def test_2026_audit_of_a_bokmal_municipality_to_the_final_report(tmp_path, request):
    office = Office(tmp_path, "Statsforvalteren i Agder")
    aid = _run_2026(office, "4204", "integreringsplan-omfang", "OM2.1")
    text = office.document(aid, "endelig", "2026-05-11")
    office.ok("hendelse", aid, "endelig", "--dato", "2026-05-11")
    for phrase in (
        "Statsforvalteren i Agder",
        "Kristiansand kommune (4204)",
        "Statsforvalteren fører tilsyn med kommunen etter integreringsloven § 48. Reglene om "
        "statlig tilsyn i kommuneloven kapittel 30 gjelder for tilsynet.",
        "Forvaltningsloven gjelder for tilsynet etter kommuneloven kapittel 30, og et pålegg "
        "om retting etter kommuneloven § 30-4 er derfor et enkeltvedtak.",
        "Klageinstans er Arbeids- og inkluderingsdepartementet.",
        "tre uker fra kommunen mottok vedtaket, jf. forvaltningsloven § 29",
        "integreringsplan",
    ):
        assert phrase in text, phrase
    for wrong in (
        "Fylkesmannen",
        "introduksjonsloven",
        "individuell plan",
        "§ 30-5",
        "forvaltningsloven § 2.",
    ):
        assert wrong not in text, wrong
    _golden(request, "endelig_2026_bokmal", text)


def test_2026_audit_of_a_nynorsk_municipality_to_the_final_report(tmp_path, request):
    office = Office(tmp_path, "Statsforvalteren i Agder")
    aid = _run_2026(office, "4220", "integreringsplan-sluttmal", "SM1.2")
    text = office.document(aid, "endelig", "2026-05-11")
    assert "målform: nynorsk" in office.ok("vis", aid) or True
    for phrase in (
        "Statsforvaltaren i Agder",
        "Bygland kommune (4220)",
        "Endeleg tilsynsrapport",
        "Statsforvaltaren fører tilsyn med kommunen etter integreringslova § 48. Reglane om "
        "statleg tilsyn i kommunelova kapittel 30 gjeld for tilsynet.",
        "Forvaltningslova gjeld for tilsynet etter kommunelova kapittel 30, og eit pålegg om "
        "retting etter kommunelova § 30-4 er difor eit enkeltvedtak.",
        "Klageinstans er Arbeids- og inkluderingsdepartementet.",
        "tre veker frå kommunen fekk vedtaket, jf. forvaltningslova § 29",
        "sluttmål",
        "deltakar",
        "integreringsplan",
    ):
        assert phrase in text, phrase
    for wrong in (
        "Statsforvalteren",
        "Fylkesmannen",
        "integreringsloven",
        "kommuneloven",
        "deltaker ",
        "introduksjonslova",
    ):
        assert wrong not in text, wrong
    _golden(request, "endelig_2026_nynorsk", text)


def _golden(request, name: str, text: str) -> None:
    golden = GOLDEN / f"{name}.txt"
    if request.config.getoption("--regen-golden"):
        golden.write_text(text + "\n", encoding="utf-8")
        return
    assert golden.is_file(), f"mangler {golden}; kjør med --regen-golden"
    assert text.splitlines() == golden.read_text(encoding="utf-8").splitlines()


# --- the corrected citations -----------------------------------------------------------


def test_corrected_citations_kommuneloven_2018(tmp_path, request):
    """A 2020 individual-plan audit (kommuneloven 2018): the order, the decision, the
    appeal text and the individual-plan citations, as golden text."""
    office = Office(tmp_path, "Statsforvalteren i Agder")
    a = office.create(
        "--kommune", "4204", "--sjekkliste", "individuell-plan", "--varseldato", "2020-02-03"
    )
    aid = a["id"]
    office.ok("hendelse", aid, "varsel", "--dato", "2020-02-03")
    assess(office, aid, {("B1.2", 0), ("B3.4", 1), ("B5.3", 2)})
    office.ok("hendelse", aid, "forelopig", "--dato", "2020-04-14")
    text = office.document(aid, "endelig", "2020-05-12")
    letter = office.document(aid, "palegg", "2020-05-12")
    assert "Fylkesmannen i Agder" in text and "Statsforvalteren" not in text
    # The order is an enkeltvedtak because forvaltningsloven applies to the supervision.
    assert not re.search(r"forvaltningsloven § 2\b", text + letter)
    assert (
        "Forvaltningsloven gjelder for tilsynet etter kommuneloven kapittel 30, og et pålegg "
        "om retting etter kommuneloven § 30-4 er derfor et enkeltvedtak."
    ) in text
    # Kommuneloven 2018: the decision is the report's chapter; the letter only covers it.
    assert "Vedtaket om pålegg om retting står i kapittel 8 i rapporten" in letter
    assert "dette brevet er ikke et eget vedtak" in letter
    # Appeal: §§ 28, 29, 30, 32, 18 flg., 42; the deadline from receipt; the appeal body.
    for phrase in (
        "jf. forvaltningsloven § 28. Klageinstans er Kunnskapsdepartementet.",
        "Klagefristen er tre uker fra kommunen mottok vedtaket, jf. forvaltningsloven § 29.",
        "Det er nok at klagen er postlagt før fristen går ut, jf. forvaltningsloven § 30.",
        "og sendes til Fylkesmannen, jf. forvaltningsloven § 32.",
        "jf. forvaltningsloven §§ 18 flg.",
        "jf. forvaltningsloven § 42",
    ):
        assert phrase in text, phrase
    # Individual plan: § 21 andre ledd and fvl. § 23 for B1/B5, § 5 extension, B3 wording.
    assert (
        "introduksjonsloven §§ 6 og 21 andre ledd og forvaltningsloven §§ 23, 24, 25 og 27"
    ) in text
    assert "introduksjonsloven §§ 5, 6 og 21 andre ledd og forvaltningsloven" in text
    assert "Når programmet er forlenget etter introduksjonsloven § 5" in text
    assert "B5.3" not in text  # no checklist ids in formal text
    assert "styrke deltakerens mulighet for deltakelse i yrkeslivet" in text
    assert "første ledd bokstav b" not in text
    _golden(request, "endelig_kl2018_bokmal", text)
    _golden(request, "palegg_kl2018_bokmal", letter)


def test_corrected_citations_kommuneloven_1992(tmp_path, request):
    """A 2017 audit (notice 1 March 2017): kommuneloven 1992; no section of chapter 10 A
    cited as the reason the order is an enkeltvedtak; the later order's appeal body."""
    office = Office(tmp_path, "Statsforvalteren i Agder")
    a = office.create(
        "--kommune", "1001", "--sjekkliste", "individuell-plan", "--varseldato", "2017-03-01"
    )
    aid = a["id"]
    assert a["regime"] == "kl1992"
    office.ok("hendelse", aid, "varsel", "--dato", "2017-03-01")
    assess(office, aid, {("B1.2", 0)})
    office.ok("hendelse", aid, "forelopig", "--dato", "2017-05-02")
    text = office.document(aid, "endelig", "2017-06-01")
    office.ok("hendelse", aid, "endelig", "--dato", "2017-06-01")
    # Under § 60 d the order comes only after the rectification deadline has passed.
    letter = office.document(aid, "palegg", "2017-10-02")
    assert "Fylkesmannen i Aust- og Vest-Agder" in text
    assert (
        "Et pålegg om retting etter kommuneloven (1992) § 60 d er et enkeltvedtak, og "
        "forvaltningslovens regler om enkeltvedtak gjelder."
    ) in text + letter
    assert "kommuneloven kapittel 30" not in text and "§ 30-4" not in text
    assert (
        "Dersom Fylkesmannen senere gir pålegg om retting etter kommuneloven (1992) § 60 d, er "
        "pålegget et enkeltvedtak som kommunen kan klage på til Justis- og "
        "beredskapsdepartementet, innen tre uker fra kommunen mottok vedtaket"
    ) in text
    assert "Klageinstans er Justis- og beredskapsdepartementet." in letter
    _golden(request, "endelig_kl1992_bokmal", text)


def test_holiday_text_and_regulation_in_helarig_fulltid(tmp_path):
    office = Office(tmp_path, "trøndelag")
    a = office.create(
        "--kommune", "1702", "--sjekkliste", "helarig-fulltid", "--varseldato", "2015-03-02"
    )
    text = office.document(a["id"], "varsel", "2015-03-02")
    assert (
        "Programmet er helårig (introduksjonsloven § 4 annet ledd og forskrift 18. juli 2003 "
        "nr. 973 om fravær og permisjon ved nyankomne innvandreres deltakelse i "
        "introduksjonsordning § 6-2)"
    ) in text
    from tilsyn.app.checklists import get

    cl = get("helarig-fulltid", None)
    a1 = cl.requirement_by_ref("A1")
    assert "Deltakerne skal ikke ha mer enn fem uker (25 virkedager) ferie" in a1.requirement
    assert "skal ha mindre" in a1.requirement and "har krav på" not in a1.requirement
    assert "verktøyet som sin egen konvensjon" in cl.question("A1.3").guidance
    assert "https://lovdata.no/forskrift/2003-07-18-973/§6-2" in [b.url for b in a1.legal_basis]


def test_lessons_count_45_minutes_under_the_30_hour_norm():
    from tilsyn.audit.checks import Activity, full_time, full_year

    week = [Activity("Norsk", "norsk", lessons=20), Activity("Lekser", "annet", minutes=900)]
    normal = full_time(week)
    assert normal.counted_minutes == 20 * 75 + 900
    reduced = full_time(week, substantial_own_work=True)
    assert reduced.counted_minutes == 20 * 45 + 900  # preparation not counted twice
    assert reduced.answer == "ja"  # 30 hours
    assert "regnet som 45 minutter, fordi 30-timersnormen" in reduced.explanation
    only_lessons = [Activity("Norsk", "norsk", lessons=30)]  # 37.5 hours at 75 minutes
    assert full_time(only_lessons, substantial_own_work=True).ok  # never stricter
    other = full_time(week, substantial_own_work=True, weighted_at_reduced_norm=True)
    assert other.counted_minutes == 20 * 75 + 900
    assert "verktøyets konvensjon: 25 × 180/365" in full_year(20, programme_days=180).explanation


# --- answers in nynorsk, checklists shown with sources and periods ---------------------


def test_nynorsk_answers_on_the_command_line_and_in_files(tmp_path):
    office = Office(tmp_path, "Statsforvalteren i Agder")
    a = office.create(
        "--kommune",
        "4220",
        "--sjekkliste",
        "integreringsplan-sluttmal",
        "--varseldato",
        "2026-02-02",
    )
    office.ok("utvalg", a["id"], "--deltaker", "P1", "--deltaker", "P2")
    out = office.ok(
        "vurder", a["id"], "--sporsmal", "SM2.3", "--deltaker", "P1", "--svar", "ikkje relevant"
    )
    assert "«ikke relevant» lagret" in out
    answers = tmp_path / "svar.csv"
    answers.write_text(
        "sporsmal,deltaker,svar\nSM2.3,P2,Ikkje-relevant\nSM4.1,,ja\nSM1.1,P1,ikkje vurdert\n",
        encoding="utf-8",
    )
    r = office("vurder", a["id"], "--fil", answers)
    assert r.exit_code == 0, r.stderr
    stored = {
        (x.question_ref, x.participant): x.answer
        for x in office.context().store.audits.view(a["id"]).answers
    }
    assert stored[("SM2.3", "P1")] == "ikke relevant"
    assert stored[("SM2.3", "P2")] == "ikke relevant"
    assert stored[("SM1.1", "P1")] == "ikke vurdert"


def test_checklists_show_their_sources_and_periods(tmp_path):
    office = Office(tmp_path, "Statsforvalteren i Agder")
    shown = office.ok("sjekkliste", "vis", "integreringsplan-sluttmal")
    assert "    Kilde: IMDi: Tilsynsinstruks 2026–2028" in shown
    listed = office.ok("sjekkliste", "liste")
    assert "2026-01-01–2028-12-31" in listed
    assert "2013-01-01–2020-12-31 (overgang til 2025-12-31)" in listed
    rows = {r["id"]: r for r in json.loads(office.ok("sjekkliste", "liste", "--json"))}
    assert rows["integreringsplan-omfang"]["gyldig_fra"] == "2026-01-01"
    assert rows["individuell-plan"]["overgangsregel_til"] == "2025-12-31"
    shown = office.ok("sjekkliste", "vis", "individuell-plan")
    assert "Overgangsregel til 2025-12-31 (integreringsforskriften § 72)" in shown


def test_kommune_finn_shows_every_period_with_successors(tmp_path):
    office = Office(tmp_path, "vestland")
    rows = json.loads(office.ok("kommune", "finn", "lindås", "--json"))
    assert [(r["nummer"], r["gyldig_til"], r["etterfolgere"], r["fylke"]) for r in rows] == [
        ("1263", "2019-12-31", ["4631"], "Hordaland")
    ]
    shown = office.ok("kommune", "finn", "steinkjer")
    assert "1702  Steinkjer  Nord-Trøndelag  2013-01-01–2017-12-31" in shown
    assert "→ 5004" in shown
    # The language form stays per number: Lindås corrected, Alver follows its own.
    assert office.ok("kommune", "malform", "1263", "nynorsk") == (
        "1263 Lindås: målform satt til nynorsk.\n"
    )
    assert json.loads(office.ok("kommune", "finn", "1263", "--json"))[0]["malform"] == "nynorsk"
    a = office.create("--kommune", "1263", "--sjekkliste", "individuell-plan")
    assert "målform: nynorsk" in office.ok(
        "rapport", a["id"], "--type", "varsel", "--dato", "2019-09-02"
    )


def test_self_assessment_on_the_2026_checklists(tmp_path):
    from openpyxl import load_workbook

    office = Office(tmp_path, "Statsforvalteren i Agder")
    for checklist in (
        "integreringsplan-sluttmal",
        "integreringsplan-samfunnskunnskap",
        "integreringsplan-omfang",
    ):
        created = json.loads(
            office.ok(
                "egenvurdering",
                "opprett",
                "--kommune",
                "4220",
                "--sjekkliste",
                checklist,
                "--ar",
                "2026",
                "--json",
            )
        )
        sid = created["id"]
        out = tmp_path / f"{checklist}.xlsx"
        office.ok("egenvurdering", "eksporter", sid, "-o", out)
        wb = load_workbook(out)
        sheet = next(
            ws
            for ws in wb.worksheets
            if ws.title not in ("Veiledning", "Lister")
            and ws.sheet_state == "visible"
            and ws["A3"].value == "Ref"
        )
        first = True
        for row in range(4, sheet.max_row + 1):
            ref = sheet[f"A{row}"].value
            # Question rows only (SM1.1); requirement headings (SM1) are locked.
            if ref and "." in str(ref) and sheet[f"D{row}"].value is None:
                sheet[f"D{row}"] = "nei" if first else "ja"
                sheet[f"E{row}"] = "Forklaring"
                first = False
        wb.save(out)
        r = office("egenvurdering", "importer", sid, out, "--json")
        assert r.exit_code == 0, r.stderr
        assert json.loads(r.stdout)["status"] == "fullstendig"
        report = tmp_path / f"{checklist}.docx"
        office.ok("egenvurdering", "rapport", sid, "-o", report)
        text = all_text(report)
        assert "Statsforvaltaren i Agder" in text and "Bygland" in text


OLD_CONFIG = """\
format = 1

[kontor]
navn = "Statsforvalteren i Agder"
avdeling = "Oppvekst- og utdanningsavdelingen"
adresse = "Postboks 9359 Lundsiden, 4604 Kristiansand S"
epost = "sfagpost@statsforvalteren.no"
telefon = "37 01 75 00"
klageinstans = "Kunnskapsdepartementet"

[[kontor.historiske_navn]]
fra = 2016
til = 2018
navn = "Fylkesmannen i Agder"
adresse = "Postboks 788 Stoa, 4809 Arendal"

[[underskrivere]]
navn = "Kari Nordmann"
tittel = "avdelingsdirektør"

[[underskrivere]]
navn = "Ola Hansen"
tittel = "seniorrådgiver"
"""


def test_an_older_tilsyn_toml_still_works_and_documents_follow_the_register(tmp_path):
    """No [kontor] id (found from the name), a single appeal body, and a historical name
    that the register contradicts: the register decides the name, the entry still gives
    the address of those years."""
    office = Office(tmp_path, "Statsforvalteren i Agder")
    (office.root / "tilsyn.toml").write_text(OLD_CONFIG, encoding="utf-8")
    a = office.create(
        "--kommune", "1001", "--sjekkliste", "individuell-plan", "--varseldato", "2017-03-01"
    )
    text = office.document(a["id"], "varsel", "2017-03-01")
    assert "Fylkesmannen i Aust- og Vest-Agder" in text
    assert "Fylkesmannen i Agder" not in text
    from docx import Document

    (path,) = (office.root / "utdata").glob("varsel-*.docx")
    # The first page's footer has the office's contact details (letterhead).
    footer = Document(str(path)).sections[0].first_page_footer.paragraphs[0].text
    assert footer == (
        "Fylkesmannen i Aust- og Vest-Agder · Postadresse: Postboks 788 Stoa, 4809 Arendal · "
        "E-post: sfagpost@statsforvalteren.no · Telefon: 37 01 75 00"
    )


def test_workbook_timetable_verdict_follows_the_30_hour_rule(session, cli, tmp_path):
    """The timetable sheet's verdict under the 30-hour norm: lessons at 45 minutes, or
    37.5 hours at 75 minutes (as tilsyn.audit.checks.full_time)."""
    from openpyxl import load_workbook

    from tilsyn.app.audits import create_audit, record_event

    a = create_audit(
        session,
        municipality="1001",
        checklist="helarig-fulltid",
        case_number="2016/1",
        lead=None,
        auditors=[],
        title=None,
        notice=date(2016, 3, 1),
    )
    record_event(session, a.id, "varsel", date(2016, 3, 1))
    session.store.evidence.set_sample(
        a.id,
        method="manuelt",
        seed=None,
        population_size=None,
        population_file=None,
        population_sha256=None,
        requested=None,
        participants=[("P1", {"betydelig_egeninnsats": True}), ("P2", {})],
    )
    out = tmp_path / "a.xlsx"
    assert cli("arbeidsbok", "eksporter", a.id, "-o", out).exit_code == 0
    wb = load_workbook(out)
    verdicts = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("Full tid (minst"):
                    verdicts[ws.title] = (cell.value, ws[f"E{cell.row}"].value)
    reduced = next(v for title, v in verdicts.items() if "P1" in title)
    normal = next(v for title, v in verdicts.items() if "P2" in title)
    assert reduced[0] == "Full tid (minst 30 timer, betydelig egeninnsats)?"
    assert "*45)/60>=30" in reduced[1] and ">=37.5" in reduced[1] and "OR(" in reduced[1]
    assert normal[0] == "Full tid (minst 37,5 timer)?" and "OR(" not in normal[1]
