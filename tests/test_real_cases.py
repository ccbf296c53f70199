"""Three real supervisions, run the way the offices ran them (issue 13).

The cases are reconstructed from the public reports (dates not given there are chosen
to fit the process; the findings are simplified to the checklist's questions):

- Steinkjer 2015 (Fylkesmannen i Nord-Trøndelag, introduksjonsloven § 4 annet ledd,
  kommuneloven 1992): no violation; the final report followed the notice and the
  assessment directly, with no preliminary report, and the cover letter sending it
  closed the supervision («Tilsynet med Steinkjer kommune anses med dette som
  avsluttet»).
- Lindås 2019/20 (Fylkesmannen i Vestland, case 2019/14754, report 5 May 2020, nynorsk,
  §§ 6 and 19, kommuneloven 2018): violations and a remark; the order is a decision in
  the final report; the municipality's fråsegn to the preliminary report is assessed.
  (Lindås, 1263, became part of Alver, 4631, on 1 January 2020: the notice goes to
  Lindås, the reports of 2020 to Alver.)
- Arendal 2017 (Fylkesmannen i Aust- og Vest-Agder, case 2017/2882, §§ 6 and 19 (1),
  kommuneloven 1992): violations with a deadline for a plan of measures and for
  rectification; an order under § 60 d only for what was still not rectified after the
  deadline.
"""

from __future__ import annotations

from datetime import date

import pytest
from helpers import configure_office
from procedure_support import build
from report_util import all_text

from tilsyn.app import followup
from tilsyn.errors import ExitCode


@pytest.fixture
def office() -> str:
    """The office whose workspace a case runs in (each case: the office of its county)."""
    return "Statsforvalteren i Agder"


@pytest.fixture
def workspace(tmp_path, _migrated_sqlite, office):
    """This module's cases run in a workspace of the office that supervised them."""
    import shutil

    from tilsyn.workspace import init_workspace

    ws = configure_office(init_workspace(tmp_path / "ws", office=office))
    shutil.copyfile(_migrated_sqlite, ws.db_path)
    return ws


def _text(session, aid, kind):
    view = session.store.audits.view(aid)
    return all_text(
        session.workspace.root / [d for d in view.document_versions if d.kind == kind][-1].path
    )


@pytest.mark.parametrize("office", ["Statsforvalteren i Trøndelag"])
def test_steinkjer_2015_no_violation_closed_with_the_final_report(cli, session):
    aid = build(
        session,
        checklist="helarig-fulltid",
        municipality="1702",
        regime="kl1992",
        files=6,
        scope=(("A3", "Dokumentasjonen av programmets omfang er ikke undersøkt i tilsynet."),),
        interviews=(("ledelsen", 2), ("programrådgivere", 3), ("lærere", 2)),
        notice=date(2015, 2, 16),
        received=date(2015, 3, 6),
        held=date(2015, 4, 21),
        case_number="2015/417",
    )
    final = "2015-06-05"
    r = cli("rapport", aid, "--type", "endelig", "--dato", final)
    assert r.exit_code == 0, r.stderr
    report = _text(session, aid, "endelig")
    assert "har intervjuet sju ansatte i tre intervjuer" in report
    assert "gjennomgangen av deltakermapper" in report
    assert "det er derfor ikke sendt en foreløpig rapport" in report
    assert "hatt merknader" not in report and "følgende vedtak" not in report
    assert "Dokumentasjon av programmets omfang: Dokumentasjonen av programmets omfang" in report
    assert "Ikke vurdert i dette tilsynet" not in report
    assert cli("hendelse", aid, "endelig", "--dato", final).exit_code == 0
    assert cli("rapport", aid, "--type", "avslutning", "--dato", final).exit_code == 0
    assert cli("hendelse", aid, "avsluttet", "--dato", final).exit_code == 0
    letter = _text(session, aid, "avslutning")
    assert "Oversendelse av endelig tilsynsrapport og avslutning av tilsyn med Steinkjer" in letter
    assert "har ikke funnet lovbrudd i tilsynet" in letter
    assert "Tilsynet med Steinkjer kommune er med dette avsluttet." in letter
    view = session.store.audits.view(aid)
    assert view.audit.status == "avsluttet" and session.store.violations.all(aid) == []
    assert {d.kind for d in view.document_versions if d.sent} == {"endelig", "avslutning"}
    assert [e.type for e in view.events if e.type in ("forelopig", "uttalelse")] == []


@pytest.mark.parametrize("office", ["Statsforvalteren i Vestland"])
def test_lindas_2019_20_decision_in_the_final_report_in_nynorsk(cli, session):
    assert cli("kommune", "malform", "4631", "nynorsk").exit_code == 0
    aid = build(
        session,
        municipality="1263",
        files=10,
        breaches={"B1.5": {2, 5, 8}, "B4.2": {1, 3, 7}},
        scope=(("B6", "Tilsynet gjeld introduksjonslova §§ 6 og 19."),),
        interviews=(("leiar for flyktningtenesta", 1), ("programrådgjevarar", 3)),
        notice=date(2019, 11, 4),
        received=date(2019, 11, 25),
        held=date(2020, 1, 21),
        case_number="2019/14754",
    )
    remark = "Kommunen bør skrive i planen korleis deltakaren har vore med i arbeidet med han."
    assert cli("merknad", aid, "--krav", "B2", "--tekst", remark).exit_code == 0
    assert cli("rapport", aid, "--type", "forelopig", "--dato", "2020-03-16").exit_code == 0
    assert cli("hendelse", aid, "forelopig", "--dato", "2020-03-16").exit_code == 0
    fråsegn = "Kommunen har sett i gang arbeid med ein ny rutine for evaluering av planane."
    r = cli(
        "uttalelse",
        aid,
        "--krav",
        "B4",
        "--tekst",
        fråsegn,
        "--vurdering",
        "Fylkesmannen ser positivt på arbeidet, men konklusjonen står ved lag.",
    )
    assert r.exit_code == 0
    assert cli("hendelse", aid, "uttalelse", "--dato", "2020-03-27").exit_code == 0
    assert cli("rapport", aid, "--type", "endelig", "--dato", "2020-05-05").exit_code == 0
    report = _text(session, aid, "endelig")
    assert "Endeleg tilsynsrapport" in report and "Samandrag" in report
    assert "7 Fråsegna frå kommunen og vår vurdering" in report and fråsegn in report
    assert "8 Vedtak om pålegg" in report and "Klagerett" in report
    assert "Merknad 1: " in report
    assert remark in report
    # Only the points the findings support: B1.5 (deadline) and B4.2 (reviews).
    assert (
        "Grunnlag: kontrollspørsmålet «Er planen fastsett seinast tre månader etter busetjing i "
        "kommunen eller etter at krav om deltaking vart sett fram?» (avvik i 3 av 10 "
        "deltakarmapper), sjå punkt 5.1"
    ) in report
    assert (
        "Grunnlag: kontrollspørsmålet «Er planen teken opp til ny vurdering med jamne mellomrom, "
        "og er vurderinga dokumentert?» (avvik i 3 av 10 deltakarmapper), sjå punkt 5.4"
    ) in report
    assert "har ein individuell plan." not in report  # B1-K1 has no deviation
    assert cli("hendelse", aid, "endelig", "--dato", "2020-05-05").exit_code == 0
    # A separate letter only covers the report: one decision, one appeal deadline.
    assert cli("rapport", aid, "--type", "palegg", "--dato", "2020-05-05").exit_code == 0
    letter = _text(session, aid, "palegg")
    assert "Oversending av endeleg tilsynsrapport" in letter
    assert "dette brevet er ikkje eit eige vedtak" in letter and "Klagerett" not in letter
    for v in session.store.violations.all(aid):
        assert len(v.points) == 1
        followup.record_feedback(session, aid, v.number, received=date(2020, 6, 2), text="Retta.")
        followup.assess(session, aid, v.number, points=None, outcome="rettet", reason="Ny rutine.")
        followup.close(session, aid, v.number, closed_on=date(2020, 6, 10))
    assert cli("rapport", aid, "--type", "avslutning", "--dato", "2020-06-15").exit_code == 0
    assert cli("hendelse", aid, "avsluttet", "--dato", "2020-06-15").exit_code == 0
    letter = _text(session, aid, "avslutning")
    assert "Merknad 1 (" in letter and remark in letter


def test_arendal_2017_order_under_60_d_only_after_the_deadline(cli, session):
    aid = build(
        session,
        municipality="0906",
        regime="kl1992",
        breaches={"B1.2": {0, 4}, "B3.2": {2}},
        scope=(("B6", "Tilsynsinstruksen gjelder introduksjonsloven §§ 6 og 19 (1)."),),
        interviews=(("leder av norskopplæringen", 1), ("programrådgivere", 2)),
        notice=date(2017, 2, 6),
        received=date(2017, 2, 24),
        held=date(2017, 3, 21),
        case_number="2017/2882",
    )
    assert cli("rapport", aid, "--type", "forelopig", "--dato", "2017-04-24").exit_code == 0
    assert cli("hendelse", aid, "forelopig", "--dato", "2017-04-24").exit_code == 0
    # A week before the comment deadline: refused, with the way forward.
    r = cli("hendelse", aid, "endelig", "--dato", "2017-05-02")
    assert r.exit_code == ExitCode.USAGE and "2017-05-08" in r.stderr
    # The final report's rectification deadline would land in July: the office is warned
    # and gives three weeks instead of four.
    r = cli("rapport", aid, "--type", "endelig", "--dato", "2017-05-15")
    assert r.exit_code == 0 and "fellesferien" in r.stderr
    assert cli("endre", aid, "--retting-uker", "3").exit_code == 0
    r = cli("rapport", aid, "--type", "endelig", "--dato", "2017-05-15")
    assert r.exit_code == 0 and "fellesferien" not in r.stderr
    report = _text(session, aid, "endelig")
    assert "innen 6. juni 2017" in report and "innen 26. juni 2017" in report
    assert "Kommunen har ikke uttalt seg om den foreløpige rapporten innen fristen" in report
    assert cli("hendelse", aid, "endelig", "--dato", "2017-05-15").exit_code == 0
    assert [v.requirement_ref for v in session.store.violations.all(aid)] == ["B1", "B3"]
    followup.record_feedback(session, aid, 1, received=date(2017, 6, 20), text="Ny vedtaksmal.")
    followup.assess(session, aid, 1, points=None, outcome="rettet", reason="Ny mal i bruk.")
    followup.close(session, aid, 1, closed_on=date(2017, 6, 23))
    r = cli("rapport", aid, "--type", "palegg", "--dato", "2017-06-20")
    assert r.exit_code == ExitCode.USAGE and "Bruk en dato etter 2017-06-26" in r.stderr
    assert cli("rapport", aid, "--type", "palegg", "--dato", "2017-08-14").exit_code == 0
    letter = _text(session, aid, "palegg")
    assert "Vi viser til den endelige tilsynsrapporten av 15. mai 2017" in letter
    assert "Lovbrudd 2 (Planens innhold): fristen for retting gikk ut 26. juni 2017" in letter
    assert "§ 60 d" in letter and "Frist for retting: 4. september 2017" in letter
    assert "Lovbrudd 1 (" not in letter and "Klageadgang" in letter
    assert cli("hendelse", aid, "palegg", "--dato", "2017-08-14").exit_code == 0
    followup.record_feedback(session, aid, 2, received=date(2017, 9, 1), text="Tidsfasar lagt inn.")
    followup.assess(session, aid, 2, points=None, outcome="rettet", reason="Planane er retta.")
    followup.close(session, aid, 2, closed_on=date(2017, 9, 5))
    assert cli("rapport", aid, "--type", "avslutning", "--dato", "2017-09-06").exit_code == 0
    assert cli("hendelse", aid, "avsluttet", "--dato", "2017-09-06").exit_code == 0
    letter = _text(session, aid, "avslutning")
    assert "Da fristen var ute, ga Fylkesmannen pålegg om retting 14. august 2017." in letter
