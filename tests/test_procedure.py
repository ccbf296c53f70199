"""The procedure the tool enforces (issue 13): deadlines that protect the municipality,
the no-violation path, orders under kommuneloven 1992 § 60 d and 2018 § 30-4,
correction points from findings, scoping, remarks with text, the sample gate, process
sentences derived from what was recorded, warnings and reruns."""

from __future__ import annotations

import json
from datetime import date

import pytest
from procedure_support import build
from report_util import all_text, paragraphs

from tilsyn.app import followup
from tilsyn.app.audits import create_audit, record_event, register_comment
from tilsyn.app.documents import produce_document
from tilsyn.errors import ExitCode, QualityGateError, UsageError
from tilsyn.store.base import audit_chain

PRELIMINARY = date(2017, 5, 2)  # comments due 16 May 2017
FINAL = date(2017, 6, 1)  # kl. 2018: rectify by 29 June; kl. 1992: plan 29 June, rectify 27 July


def _log(session, audit_id):
    return session.store.log.entries(audit_chain(session.store.audits.get(audit_id).uid))


def _events(session, audit_id):
    return [e.type for e in session.store.audits.view(audit_id).events]


# --- 1. deadlines that bind -------------------------------------------------------------


def test_final_report_before_the_comment_deadline_is_refused_and_nothing_stored(cli, session):
    aid = build(session, breaches={"B1.2": {1}})
    record_event(session, aid, "forelopig", PRELIMINARY)
    log_before = len(_log(session, aid))
    r = cli("hendelse", aid, "endelig", "--dato", "2017-05-05")
    assert r.exit_code == ExitCode.USAGE
    # The step, the date, the deadline and the ways forward.
    assert "Endelig rapport kan ikke registreres med dato 2017-05-05" in r.stderr
    assert "frist for uttalelse til foreløpig rapport (sendt 2017-05-02) er 2017-05-16" in r.stderr
    assert f"tilsyn uttalelse {aid} --tekst" in r.stderr and "--begrunnelse" in r.stderr
    assert "endelig" not in _events(session, aid)
    assert session.store.violations.all(aid) == []
    assert len(_log(session, aid)) == log_before
    # Writing the report is refused the same way, and no file is written.
    r = cli("rapport", aid, "--type", "endelig", "--dato", "2017-05-05")
    assert r.exit_code == ExitCode.QUALITY_GATE
    assert "Endelig rapport kan ikke lages med dato 2017-05-05" in r.stderr
    assert session.store.audits.view(aid).document_versions == ()
    # After the deadline no reason is needed.
    assert cli("rapport", aid, "--type", "endelig", "--dato", "2017-05-17").exit_code == 0


def test_registered_comments_or_a_logged_reason_let_the_final_report_go_ahead(cli, session):
    aid = build(session, breaches={"B1.2": {1}})
    record_event(session, aid, "forelopig", PRELIMINARY)
    register_comment(
        session, aid, text="Kommunen er enig.", requirement="B1", response="Tatt til følge."
    )
    r = produce_document(session, aid, "endelig", report_date=date(2017, 5, 5))
    assert "Kommunens uttalelse: Kommunen er enig." in all_text(r.path)

    other = build(session, breaches={"B1.2": {1}}, case_number="2017/2")
    record_event(session, other, "forelopig", PRELIMINARY)
    why = "Kommunen har bekreftet på telefon at den ikke vil uttale seg."
    r = cli("rapport", other, "--type", "endelig", "--dato", "2017-05-05", "--begrunnelse", why)
    assert r.exit_code == 0, r.stderr
    r = cli("hendelse", other, "endelig", "--dato", "2017-05-05", "--begrunnelse", why)
    assert r.exit_code == 0, r.stderr
    logged = [e for e in _log(session, other) if why in str(e.new)]
    assert {e.action for e in logged} >= {"hendelse"} and len(logged) == 2
    doc = produce_document(session, other, "endelig", report_date=date(2017, 5, 5))
    assert (
        "Fristen for uttalelse til den foreløpige rapporten er 16. mai 2017. Kommunen hadde "
        "ikke uttalt seg da denne rapporten ble skrevet." in all_text(doc.path)
    )


def test_preliminary_report_before_the_documentation_deadline_needs_the_documents(cli, session):
    aid = build(session, received=None, breaches={"B1.2": {1}})
    r = cli("hendelse", aid, "forelopig", "--dato", "2017-03-15")
    assert r.exit_code == ExitCode.USAGE
    assert "Foreløpig rapport kan ikke registreres med dato 2017-03-15" in r.stderr
    assert "frist for dokumentasjon (varsel sendt 2017-03-01) er 2017-03-22" in r.stderr
    assert f"tilsyn hendelse {aid} dokumentasjon" in r.stderr
    assert "forelopig" not in _events(session, aid)
    assert cli("hendelse", aid, "dokumentasjon", "--dato", "2017-03-14").exit_code == 0
    assert cli("hendelse", aid, "forelopig", "--dato", "2017-03-15").exit_code == 0


# --- 2. paths that match practice ---------------------------------------------------------


def test_no_violation_final_report_follows_the_notice_and_closes_the_audit(session):
    aid = build(session)
    day = date(2017, 5, 10)
    r = produce_document(session, aid, "endelig", report_date=day)
    text = all_text(r.path)
    body = paragraphs(r.path)
    assert "7 Kommunens uttalelse" in body
    assert (
        "Fylkesmannen har ikke funnet lovbrudd, og det er derfor ikke sendt en foreløpig "
        "rapport. Kommunen har derfor ikke hatt en foreløpig rapport å uttale seg om." in body
    )
    assert "hatt merknader" not in text and "Vedtak om pålegg" not in text
    result = record_event(session, aid, "endelig", day)
    assert result.opened == () and result.sent is not None
    closing = produce_document(session, aid, "avslutning", report_date=day)
    ctext = all_text(closing.path)
    assert "Oversendelse av endelig tilsynsrapport og avslutning av tilsyn" in ctext
    assert "Tilsynet med Kristiansand kommune er med dette avsluttet." in ctext
    record_event(session, aid, "avsluttet", day)
    assert session.store.audits.get(aid).status == "avsluttet"


def test_final_report_with_violations_needs_the_preliminary_report(cli, session):
    aid = build(session, breaches={"B1.2": {1}})
    r = cli("hendelse", aid, "endelig", "--dato", "2017-05-10")
    assert r.exit_code == ExitCode.USAGE
    assert "før foreløpig rapport" in r.stderr and "forvaltningsloven § 16" in r.stderr
    unconcluded = build(session, conclude=False, case_number="2017/3")
    r = cli("hendelse", unconcluded, "endelig", "--dato", "2017-05-10")
    assert r.exit_code == ExitCode.USAGE and "mangler B1, B2" in r.stderr
    assert session.store.violations.all(aid) == [] and "endelig" not in _events(session, aid)


def test_process_sentences_follow_what_was_recorded(session, sql):
    aid = build(session, interviews=(("leder", 1), ("programrådgivere", 3)))
    r = produce_document(session, aid, "forelopig", report_date=PRELIMINARY)
    body = paragraphs(r.path)
    summary = next(p for p in body if p.startswith("Fylkesmannen har ført tilsyn"))
    assert "har gått gjennom dokumentasjon fra kommunen og 8 av 24 deltakermapper" in summary
    assert "har intervjuet fire ansatte i to intervjuer" in summary
    # Interviews recorded before head counts were kept: never «1 ansatt».
    sql("UPDATE interviews SET people = NULL WHERE audit_id = :a", a=aid)
    r = produce_document(session, aid, "forelopig", report_date=PRELIMINARY)
    text = all_text(r.path)
    assert "har intervjuet ansatte i to intervjuer" in text and "1 ansatt" not in text

    # No files, no documents: the report does not speak of them.
    bare = build(
        session,
        checklist="integreringsplan-omfang",
        municipality="4204",
        files=0,
        received=None,
        scope=(("OM1", "Ikke valgt"), ("OM2", "Ikke valgt"), ("OM3", "Ikke valgt")),
        notice=date(2026, 3, 2),
        held=date(2026, 4, 7),
        case_number="2026/1",
    )
    r = produce_document(session, bare, "forelopig", report_date=date(2026, 5, 4))
    text = all_text(r.path)
    assert "deltakermapper" not in text and "deltakermappe" not in text
    assert "Rapporten bygger på intervjuene, slik det er beskrevet i kapittel 3." in text
    assert "Statsforvalteren har ikke mottatt dokumenter fra kommunen i tilsynet." in text


# --- 3. orders under the two regimes ------------------------------------------------------


def test_kl1992_order_only_after_the_rectification_deadline_ran_out(cli, session):
    aid = build(session, regime="kl1992", breaches={"B1.2": {1}, "B4.2": {2}})
    record_event(session, aid, "forelopig", PRELIMINARY)
    with pytest.raises(UsageError, match="før den endelige rapporten er registrert sendt"):
        produce_document(session, aid, "palegg", report_date=FINAL)
    record_event(session, aid, "endelig", FINAL)
    r = cli("rapport", aid, "--type", "palegg", "--dato", "2017-06-01")
    assert r.exit_code == ExitCode.USAGE
    assert "med dato 2017-06-01" in r.stderr
    assert "fristen for retting i den endelige rapporten av 2017-06-01" in r.stderr
    assert "Bruk en dato etter 2017-07-27" in r.stderr and "nr. 1 B1" in r.stderr
    assert session.store.audits.view(aid).document_versions == ()  # nothing written
    # B1 is rectified in time; B4 is not.
    followup.record_feedback(session, aid, 1, received=date(2017, 7, 10), text="Rettet.")
    followup.assess(session, aid, 1, points=None, outcome="rettet", reason="Ny rutine.")
    followup.close(session, aid, 1, closed_on=date(2017, 7, 12))
    r = produce_document(session, aid, "palegg", report_date=date(2017, 8, 15))
    body = paragraphs(r.path)
    text = all_text(r.path)
    assert (
        "Vedtak om pålegg om retting – Individuell plan for deltakere i introduksjonsprogram"
        in body
    )
    assert "Vi viser til den endelige tilsynsrapporten av 1. juni 2017" in text
    assert (
        "Lovbrudd 2 (Planen tas opp til ny vurdering): fristen for retting gikk ut 27. juli 2017"
        in text
    )
    assert "§ 60 d" in text and "Klageadgang" in text
    assert "Frist for retting: 12. september 2017" in body
    assert "Lovbrudd 1 (" not in text  # rectified: not ordered
    result = record_event(session, aid, "palegg", date(2017, 8, 15))
    assert result.sent is not None and result.sent.kind == "palegg"
    v1, v2 = session.store.violations.all(aid)
    assert v2.rectification_deadline == date(2017, 9, 12) and v2.status == "ny_frist"
    assert "§ 60 d" in v2.deadline_changes[-1].reason
    assert v1.status == "lukket" and v1.deadline_changes == ()
    with pytest.raises(UsageError, match="registrert sendt 2017-08-15"):
        produce_document(session, aid, "palegg", report_date=date(2017, 8, 16))


def test_kl2018_has_one_decision_the_final_report(session):
    aid = build(session, breaches={"B1.2": {1}})
    record_event(session, aid, "forelopig", PRELIMINARY)
    final = produce_document(session, aid, "endelig", report_date=FINAL)
    assert "8 Vedtak om pålegg" in paragraphs(final.path)
    record_event(session, aid, "endelig", FINAL)
    letter = produce_document(session, aid, "palegg", report_date=FINAL)
    text = all_text(letter.path)
    assert "Oversendelse av endelig tilsynsrapport" in text
    assert "dette brevet er ikke et eget vedtak" in text
    assert "Klagefristen på 3 uker regnes fra kommunen mottok rapporten" in text
    assert "Klageadgang" not in text and "følgende vedtak" not in text
    with pytest.raises(UsageError, match="kapittel 8 i den endelige rapporten"):
        record_event(session, aid, "palegg", FINAL)


# --- 4. orders from findings --------------------------------------------------------------


def test_correction_points_follow_the_findings(cli, session):
    aid = build(session, breaches={"B1.2": {1}})  # only B1.2 fails
    r = cli("korreksjonspunkt", aid, "--json")
    b1 = next(x for x in json.loads(r.stdout) if x["krav"] == "B1")
    assert [(p["punkt"], p["med"]) for p in b1["punkter"]] == [
        ("B1-K1", False),
        ("B1-K2", True),
        ("B1-K3", False),
    ]
    # Changing the choice needs a reason; the last point cannot be removed.
    r = cli("korreksjonspunkt", aid, "--punkt", "B1-K1", "--legg-til")
    assert r.exit_code == ExitCode.USAGE and "Begrunnelsen" in r.stderr
    r = cli("korreksjonspunkt", aid, "--punkt", "B1-K2", "--fjern", "--begrunnelse", "x")
    assert r.exit_code == ExitCode.USAGE and "minst ett korreksjonspunkt" in r.stderr
    r = cli("korreksjonspunkt", aid, "--punkt", "B1-K2", "--legg-til", "--begrunnelse", "x")
    assert r.exit_code == ExitCode.USAGE and "allerede med" in r.stderr
    why = "Kommunen opplyste i intervju at to deltakere mangler plan."
    r = cli("korreksjonspunkt", aid, "--punkt", "b1-k1", "--legg-til", "--begrunnelse", why)
    assert r.exit_code == 0, r.stderr
    assert "med  B1-K1: lagt til: " + why in r.stdout
    assert any(e.action == "korreksjonspunkt" and why in str(e.new) for e in _log(session, aid))
    record_event(session, aid, "forelopig", PRELIMINARY)
    r = cli("korreksjonspunkt", aid, "--punkt", "B1-K3", "--legg-til", "--begrunnelse", "x")
    assert r.exit_code == ExitCode.USAGE and "før rapporten sendes" in r.stderr
    doc = produce_document(session, aid, "endelig", report_date=FINAL)
    body = paragraphs(doc.path)
    assert f"Grunnlag: {why}" in body
    assert (
        "Grunnlag: kontrollspørsmålet «Er planen fastsatt ved et skriftlig enkeltvedtak?» "
        "(avvik i 1 av 8 deltakermapper), se punkt 5.1"
    ) in body
    assert not any(p.startswith("1.3 ") for p in body)
    record_event(session, aid, "endelig", FINAL)
    (v,) = session.store.violations.all(aid)
    assert [p.ref_id for p in v.points] == ["B1-K1", "B1-K2"]
    # Closing needs only the ordered points.
    followup.record_feedback(session, aid, 1, received=date(2017, 6, 20), text="Rettet.")
    followup.assess(session, aid, 1, points=None, outcome="rettet", reason="Ny rutine.")
    assert followup.close(session, aid, 1).status == "lukket"


# --- 5. scoping ---------------------------------------------------------------------------


def test_scoping_a_requirement_out_of_the_audit(cli, session):
    aid = build(session, breaches={"B1.2": {1}}, conclude=False)
    cli("konkluder", aid, "--krav", "B6", "--utfall", "ingen")
    r = cli("avgrens", aid, "--krav", "b6", "--begrunnelse", "Instruksen gjelder §§ 6 og 19.")
    assert r.exit_code == 0, r.stderr
    view = session.store.audits.view(aid)
    assert view.conclusion("B6") is None  # a scoped requirement is not concluded
    entry = next(e for e in _log(session, aid) if e.action == "avgrens")
    assert entry.old["utfall"] == "ingen"
    r = cli("konkluder", aid, "--krav", "B6", "--utfall", "ingen")
    assert r.exit_code == ExitCode.USAGE and "avgrenset bort" in r.stderr
    from procedure_support import conclude_all

    conclude_all(session, aid)
    # Statistics read conclusions: B6 has none, so it is not counted as assessed.
    refs = {c.requirement_ref for c in session.store.stats.data().conclusions if c.audit_id == aid}
    assert "B6" not in refs and "B1" in refs
    record_event(session, aid, "forelopig", PRELIMINARY)
    doc = produce_document(session, aid, "endelig", report_date=FINAL)
    body = paragraphs(doc.path)
    assert "Helårig program på full tid i planen: Instruksen gjelder §§ 6 og 19." in body
    assert not any(p.startswith("5.6") or p.startswith("B6.1") for p in body)
    assert "Ikke vurdert" not in all_text(doc.path)
    r = cli("avgrens", aid, "--krav", "B6", "--angre", "--begrunnelse", "Likevel med.")
    assert r.exit_code == ExitCode.USAGE and "foreløpig rapport ble registrert sendt" in r.stderr


def test_scoping_can_be_undone_before_the_preliminary_report(cli, session):
    aid = build(session, scope=(("B6", "Ikke del av instruksen."),))
    summary = cli("vis", aid, "--json")
    data = json.loads(summary.stdout)
    assert [f["krav"] for f in data["funn"]] == ["B1", "B2", "B3", "B4", "B5"]
    assert data["avgrenset"] == [{"krav": "B6", "begrunnelse": "Ikke del av instruksen."}]
    assert cli("avgrens", aid, "--krav", "B6", "--angre", "--begrunnelse", "Med.").exit_code == 0
    assert "B6" in [f["krav"] for f in json.loads(cli("vis", aid, "--json").stdout)["funn"]]


# --- 6. remarks with content --------------------------------------------------------------


def test_remarks_carry_their_own_text_without_a_breached_requirement(cli, session):
    aid = build(session)
    text = "Kommunen bør dokumentere samrådet med deltakeren i planen."
    r = cli("merknad", aid, "--krav", "B2", "--tekst", text)
    assert r.exit_code == 0 and f"Merknad 1 (B2): {text}" in r.stdout
    assert session.store.audits.view(aid).conclusion("B2").outcome == "ingen"
    # The words the tool prints are accepted as an outcome.
    r = cli("konkluder", aid, "--krav", "B3", "--utfall", "ingen funn")
    assert r.exit_code == 0 and "Krav B3: ingen funn" in r.stdout
    doc = produce_document(session, aid, "forelopig", report_date=PRELIMINARY)
    body = paragraphs(doc.path)
    assert (
        "Merknad 1: Planen er individuelt tilpasset og utarbeidet i samråd med deltakeren" in body
    )
    assert text in body
    assert "Resultat: Merknad 1" in body and "gir en merknad" not in all_text(doc.path)
    # A requirement concluded «merknad» must say what the municipality should do.
    r = cli(
        "konkluder", aid, "--krav", "B5", "--utfall", "merknad", "--begrunnelse", "Tynn rutine."
    )
    assert r.exit_code == 0
    with pytest.raises(QualityGateError, match=r"Krav B5 er konkludert med merknad, men"):
        produce_document(session, aid, "forelopig", report_date=PRELIMINARY)
    cli("merknad", aid, "--krav", "B5", "--tekst", "Kommunen bør skrive rutinen ned.")
    assert cli("merknad", aid, "--fjern", "1", "--begrunnelse", "Trukket.").exit_code == 0
    rows = [x["tekst"] for x in json.loads(cli("merknad", aid, "--json").stdout)]
    assert rows == ["Kommunen bør skrive rutinen ned."]


# --- sample gate --------------------------------------------------------------------------


def test_participant_questions_need_a_sample_or_scoping(cli, session):
    aid = build(session, files=0, conclude=False)
    for ref in ("B1", "B2", "B3", "B4", "B5", "B6"):
        cli(
            "konkluder",
            aid,
            "--krav",
            ref,
            "--utfall",
            "ingen",
            "--praksis",
            "P",
            "--vurdering",
            "V",
            "--konklusjon",
            "K",
        )
    r = cli("rapport", aid, "--type", "forelopig", "--dato", "2017-05-02")
    assert r.exit_code == ExitCode.QUALITY_GATE
    assert "Krav B1, B2, B3, B4, B5, B6 har kontrollspørsmål per deltakermappe" in r.stderr
    assert f"tilsyn utvalg {aid}" in r.stderr and f"tilsyn avgrens {aid}" in r.stderr


# --- 8. warnings --------------------------------------------------------------------------


def test_deadlines_in_july_or_christmas_are_warned_about(cli, session):
    aid = build(session, breaches={"B1.2": {1}})
    r = produce_document(session, aid, "forelopig", report_date=date(2017, 6, 20))
    assert any("4. juli 2017, i fellesferien (juli)" in w for w in r.warnings)
    assert any(f"tilsyn endre {aid} --uttalelse-uker N" in w for w in r.warnings)
    r = cli("hendelse", aid, "forelopig", "--dato", "2017-06-20")
    assert r.exit_code == 0 and "fellesferien" in r.stderr
    other = build(session, breaches={"B1.2": {1}}, case_number="2017/9")
    r = produce_document(session, other, "forelopig", report_date=date(2017, 12, 12))
    assert any("27. desember 2017, i julen" in w for w in r.warnings)


def test_notice_recorded_before_its_document_can_be_completed(cli, session):
    a = create_audit(
        session,
        municipality="1001",
        checklist="individuell-plan",
        case_number="2017/7",
        lead="Ola Hansen",
        auditors=[],
        title=None,
    )
    r = cli("hendelse", a.id, "varsel", "--dato", "2017-03-01")
    assert r.exit_code == 0
    assert "Varsel om tilsyn er ikke laget med tilsyn ennå" in r.stderr
    assert f"tilsyn rapport {a.id} --type varsel --dato 2017-03-01" in r.stderr
    assert "--korriger" in r.stderr
    assert cli("rapport", a.id, "--type", "varsel", "--dato", "2017-03-01").exit_code == 0
    r = cli("hendelse", a.id, "varsel", "--dato", "2017-03-01", "--korriger")
    assert r.exit_code == 0 and "ikke laget" not in r.stderr
    (version,) = session.store.audits.view(a.id).document_versions
    assert version.sent and version.path.startswith("sendt/")


# --- 7. reruns complete a step ------------------------------------------------------------


def test_rerun_completes_a_final_report_left_without_orders(cli, session):
    aid = build(session, breaches={"B1.2": {1}, "B4.2": {0}})
    record_event(session, aid, "forelopig", PRELIMINARY)
    produce_document(session, aid, "endelig", report_date=FINAL)
    # What an interrupted older version left behind: the event without its consequences.
    session.store.audits.add_event(aid, "endelig", FINAL, note=None, phase="endelig")
    assert session.store.violations.all(aid) == []
    r = cli("hendelse", aid, "endelig", "--dato", "2017-06-01")
    assert r.exit_code == 0, r.stderr
    assert "Allerede registrert" in r.stdout and "Pålegg som følges opp: 2" in r.stdout
    view = session.store.audits.view(aid)
    assert [d.sent for d in view.document_versions] == [True]
    assert [v.requirement_ref for v in session.store.violations.all(aid)] == ["B1", "B4"]
    r = cli("hendelse", aid, "endelig", "--dato", "2017-06-01")
    assert r.exit_code == 0 and len(session.store.violations.all(aid)) == 2
    r = cli("hendelse", aid, "endelig", "--dato", "2017-06-02")
    assert r.exit_code == ExitCode.USAGE and "--korriger" in r.stderr


def test_progress_leaves_out_scoped_requirements(session):
    from helpers import audit_rows, summary_of

    aid = build(session, files=2, conclude=False)
    full = summary_of(session, aid)["fremdrift"]
    from tilsyn.app.procedure import scope_out

    scope_out(session, aid, requirement="B6", reason="Ikke del av tilsynet.")
    scoped = summary_of(session, aid)["fremdrift"]
    assert scoped["totalt"] == full["totalt"] - 4 == scoped["besvart"]  # B6: 2 questions × 2 files
    (row,) = [r for r in audit_rows(session) if r["id"] == aid]
    assert row["fremdrift"] == scoped
