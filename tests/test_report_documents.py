"""Every document type, read back with python-docx: sections, names, dates, findings,
orders, correction points; language forms; template override; the CLI."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.report_util import ENDELIG, FORELOPIG, all_text, headers, headings, paragraphs, to_final
from tilsyn.app import followup
from tilsyn.app.audits import create_audit, record_event
from tilsyn.app.documents import produce_document

REPORT_SECTIONS = [
    "1 Sammendrag",
    "2 Innledning",
    "3 Gjennomføring",
    "4 Tema og avgrensning",
    "5 Kommunens praksis, Fylkesmannens vurdering og konklusjon",
    "6 Lovbrudd og merknader",
    "Vedlegg 1: Oversikt over dokumentasjon",
    "Vedlegg 2: Lovgrunnlaget",
]


def test_final_report_has_every_section_and_the_findings(session, scored_audit):
    to_final(session, scored_audit)
    r = produce_document(session, scored_audit, "endelig", report_date=ENDELIG)
    assert r.path.name == f"tilsyn-{scored_audit}-endelig-v1.docx"
    assert r.malform == "bokmal" and r.version == 1 and len(r.sha256) == 64
    heads = headings(r.path)
    for section in [
        *REPORT_SECTIONS,
        # No comment is registered: the chapter says so, without «og vår vurdering».
        "7 Kommunens uttalelse",
        "8 Vedtak om pålegg",
        "9 Oppfølging og avslutning av tilsynet",
        "10 Klageadgang",
    ]:
        assert section in heads, section
    text = all_text(r.path)
    # Front page data: office as named in 2017, municipality, case number, team, dates.
    assert "Fylkesmannen i Aust- og Vest-Agder" in text
    assert "Statsforvalteren i Agder" not in text
    assert "Kristiansand kommune (1001)" in text
    assert "2017/1234" in text and "Ola Hansen" in text and "Kari Nordmann" in text
    assert "1. juni 2017" in text and "Tilsynet ble varslet 1. mars 2017." in text
    # Conduct: interviews by role, documents, the sample in aggregate only.
    assert "programrådgiver" in text and "Kommunens redegjørelse" in text
    assert "8 av 31 deltakermapper" in text
    assert "avvik i 2 av 8 deltakermapper" in text
    assert "D001" not in text and "D004" not in text
    # Per requirement: practice → assessment → conclusion, in that order.
    body = paragraphs(r.path)
    b1 = body.index("5.1 Individuell plan fastsatt ved enkeltvedtak innen tre måneder")
    order = [
        body.index(h, b1)
        for h in (
            "Beskrivelse av kommunens praksis",
            "Fylkesmannens vurdering",
            "Fylkesmannens konklusjon",
        )
    ]
    assert order == sorted(order)
    assert body[order[0] + 1] == "Kommunens praksis for B1 er beskrevet i redegjørelsen."
    # Numbered violations, the order as a decision with correction points and deadline.
    assert "Lovbrudd 1: Individuell plan fastsatt ved enkeltvedtak innen tre måneder" in body
    assert "Lovbrudd 2: Planen tas opp til ny vurdering" in body
    assert "Pålegg 1: Individuell plan fastsatt ved enkeltvedtak innen tre måneder" in body
    assert any(p.startswith("Kommunen pålegges å sørge for at alle deltakere") for p in body)
    assert (
        "1.1 Kommunen må sørge for at alle deltakere i introduksjonsprogrammet har en "
        "individuell plan."
    ) in body
    assert (
        "2.2 Kommunen må sørge for at planen vurderes på nytt når deltakerens "
        "livssituasjon endrer seg vesentlig." in body
    )
    # Deadline: 4 weeks from 1 June 2017 = 29 June 2017 (a Thursday).
    assert "Frist for retting: 29. juni 2017" in body
    assert "med hjemmel i kommuneloven § 30-4 følgende vedtak:" in text
    assert "klage på, jf. forvaltningsloven § 28" in text
    assert "tre uker fra kommunen mottok vedtaket, jf. forvaltningsloven § 29" in text
    assert "https://lovdata.no/lov/2003-07-04-80/§6" in text
    assert "konklusjonene bygger bare på disse kildene" in text.lower()
    # The deadline for comments (16 May) had passed without a comment.
    assert (
        "Kommunen har ikke uttalt seg om den foreløpige rapporten innen fristen 16. mai 2017."
        in body
    )
    # Each correction point states the finding it rests on.
    assert (
        "Grunnlag: kontrollspørsmålet «Har deltakeren en individuell plan?» (avvik i 2 av 8 "
        "deltakermapper), se punkt 5.1"
    ) in body


def test_preliminary_report_gives_advance_notice_of_the_order(session, scored_audit):
    r = produce_document(session, scored_audit, "forelopig", report_date=FORELOPIG)
    heads = headings(r.path)
    for section in [
        *REPORT_SECTIONS,
        "7 Varsel om pålegg",
        "8 Oppfølging og avslutning av tilsynet",
    ]:
        assert section in heads
    text = all_text(r.path)
    assert "Foreløpig tilsynsrapport" in text
    assert "forhåndsvarsel etter forvaltningsloven § 16" in text
    # Comments due 2 weeks after 2 May 2017.
    assert "innen 16. mai 2017" in text
    assert "Vedtak om pålegg" not in heads and "Klageadgang" not in text


def test_notice_letter_asks_for_documentation_by_the_deadline(session, scored_audit):
    r = produce_document(session, scored_audit, "varsel", report_date=date(2017, 3, 1))
    text = all_text(r.path)
    assert "Varsel om tilsyn med Kristiansand kommune" in text
    assert "Vi ber kommunen sende følgende innen 22. mars 2017:" in text
    # Routines and templates are sent at once; file-level documents only for the sample.
    body = paragraphs(r.path)
    assert (
        body.index("rutiner for individuell plan")
        < body.index(
            "Fylkesmannen trekker et utvalg deltakermapper fra oversikten og gir kommunen beskjed "
            "om hvilke mapper som er trukket ut. For deltakerne i utvalget vil vi gå gjennom:"
        )
        < body.index("individuelle planer")
    )
    assert "deltakermapper" not in body and "kommunens redegjørelse" not in body
    assert "redegjørelse" in text and "åpningsmøte" in text.lower()
    assert "uten hinder av taushetsplikt, jf. kommuneloven § 30-3" in text
    assert "Individuell plan fastsatt ved enkeltvedtak innen tre måneder" in text
    assert "B1 " not in text  # no checklist ids in formal text
    assert "Kari Nordmann" in text and "avdelingsdirektør" in text


def test_order_letter_and_closing_letter(session, scored_audit):
    to_final(session, scored_audit)
    record_event(session, scored_audit, "endelig", ENDELIG)
    r = produce_document(session, scored_audit, "palegg", report_date=ENDELIG)
    text = all_text(r.path)
    # Kommuneloven 2018: the decision is the final report's chapter 8; a separate letter
    # only covers the report (one decision, one appeal deadline).
    assert "Oversendelse av endelig tilsynsrapport" in text
    assert "Vedtaket om pålegg om retting står i kapittel 8 i rapporten" in text
    assert "dette brevet er ikke et eget vedtak" in text
    assert "frist for retting (29. juni 2017)" in text
    assert "Klageadgang" not in text and "Frist for retting:" not in text
    # The closing letter waits until every order is closed.
    from tilsyn.errors import QualityGateError

    with pytest.raises(QualityGateError, match=r"Pålegg 1 .* er ikke lukket"):
        produce_document(session, scored_audit, "avslutning", report_date=date(2017, 8, 1))
    for v in session.store.violations.all(scored_audit):
        followup.record_feedback(
            session,
            scored_audit,
            v.number,
            received=date(2017, 6, 20),
            text="Ny rutine er innført.",
        )
        followup.assess(
            session,
            scored_audit,
            v.number,
            points=None,
            outcome="rettet",
            reason="Ny rutine og fem nye vedtak viser at kravet er oppfylt.",
        )
        followup.close(session, scored_audit, v.number)
    r = produce_document(session, scored_audit, "avslutning", report_date=date(2017, 8, 1))
    text = all_text(r.path)
    assert "Avslutning av tilsyn med Kristiansand kommune" in text
    assert "Ny rutine og fem nye vedtak viser at kravet er oppfylt." in text
    assert "Tilbakemelding fra kommunen 20. juni 2017: Ny rutine er innført." in text
    assert "Fylkesmannen avslutter med dette tilsynet." in text
    # Each order with its legal basis; the per-point reason is not repeated when it is
    # the same as the basis for closing.
    assert "Pålegg 1: Individuell plan fastsatt ved enkeltvedtak innen tre måneder" in text
    assert (
        "Hjemmel: introduksjonsloven §§ 6 og 21 andre ledd og forvaltningsloven §§ 23, 24, "
        "25 og 27" in text
    )
    assert text.count("Ny rutine og fem nye vedtak viser at kravet er oppfylt.") == 2


def test_closing_letter_without_violations(session, scored_audit):
    for ref in ("B1", "B4"):
        session.store.answers.set_conclusion(
            scored_audit,
            requirement_ref=ref,
            outcome="ingen",
            proposed="lovbrudd",
            practice=None,
            assessment=None,
            conclusion="Kommunen oppfyller kravet.",
            reason="Avvikene er enkeltstående.",
        )
    r = produce_document(session, scored_audit, "avslutning", report_date=date(2017, 8, 1))
    text = all_text(r.path)
    assert "Fylkesmannen fant ingen lovbrudd i tilsynet med Kristiansand kommune" in text
    assert "Pålegg" not in text


def test_nynorsk_final_report(session, scored_audit):
    to_final(session, scored_audit)
    session.store.evidence.add_comment(
        scored_audit,
        text="Kommunen er ueinig i B4.",
        requirement_ref="B4",
        response="Fylkesmannen held fast ved konklusjonen.",
    )
    r = produce_document(session, scored_audit, "endelig", malform="nynorsk", report_date=ENDELIG)
    assert r.malform == "nynorsk"
    heads = headings(r.path)
    for section in [
        "1 Samandrag",
        "2 Innleiing",
        "2.2 Heimel for tilsynet",
        "4 Tema og avgrensing",
        "5 Praksisen til kommunen, vurderinga og konklusjonen til Fylkesmannen",
        "6 Lovbrot og merknader",
        "7 Fråsegna frå kommunen og vår vurdering",
        "10 Klagerett",
        "Vedlegg 1: Oversikt over dokumentasjon",
        "Skildring av praksisen til kommunen",
        "Fylkesmannen si vurdering",
        "Fylkesmannen sin konklusjon",
    ]:
        assert section in heads, section
    text = all_text(r.path)
    assert "Endeleg tilsynsrapport" in text
    assert "Lovbrot 1: Individuell plan fastsett ved enkeltvedtak innan tre månader" in text
    assert "introduksjonslova §§ 6 og 21 andre ledd" in text
    assert "jf. forvaltningslova § 28" in text and "jf. forvaltningslova § 29" in text
    assert "8 av 31 deltakarmapper" in text
    assert "Fråsegna frå kommunen: Kommunen er ueinig i B4." in text
    assert "Vurderinga til Fylkesmannen: Fylkesmannen held fast ved konklusjonen." in text
    for bokmal in ("Sammendrag", "Innledning", "Lovbrudd ", "Klageadgang", "ikke funnet"):
        assert bokmal not in text, bokmal


def test_language_form_defaults_to_the_municipalitys(session):
    from tilsyn.municipalities import document_language

    # Bygland (0938) writes nynorsk; Kristiansand (1001) is neutral → bokmål.
    assert document_language(session.registry.get("0938")) == "nynorsk"
    a = create_audit(
        session,
        municipality="0938",
        checklist="individuell-plan",
        case_number="2017/2040",
        lead="Kari Nordmann",
        auditors=[],
        title=None,
    )
    record_event(session, a.id, "varsel", date(2017, 8, 21))
    r = produce_document(session, a.id, "varsel", report_date=date(2017, 8, 21))
    assert r.malform == "nynorsk"
    text = all_text(r.path)
    assert "Varsel om tilsyn med Bygland kommune" in text
    assert "Vi ber kommunen sende følgjande innan 11. september 2017:" in text


def test_old_municipal_act_gives_a_deadline_for_a_plan_of_measures(session, scored_audit):
    session.store.audits.update(scored_audit, regime="kl1992")
    to_final(session, scored_audit)
    r = produce_document(session, scored_audit, "endelig", report_date=ENDELIG)
    text = all_text(r.path)
    assert "8 Frist for plan for tiltak og for retting" in headings(r.path)
    assert (
        "Fylkesmannen ber kommunen sende en plan for hvordan lovbruddene skal rettes, "
        "innen 29. juni 2017"
    ) in text
    # 1992 act: no order yet, so no order text and no «Pålegg N» headings; the order power
    # is § 60 d, information is demanded under § 60 c.
    assert (
        "Dersom lovbruddene ikke blir rettet innen fristen, kan Fylkesmannen gi pålegg "
        "om retting etter kommuneloven (1992) § 60 d." in text
    )
    assert "jf. kommuneloven (1992) § 60 c" in text
    assert "Kommunen pålegges" not in text and "Pålegg 1:" not in text
    assert "Lovbrudd 1: Individuell plan fastsatt ved enkeltvedtak innen tre måneder" in text
    assert "Rapporten og fristene for plan for tiltak og for retting er ikke enkeltvedtak" in text
    assert "§ 30-4" not in text
    # The preliminary report warns of the deadlines, not of an order.
    r = produce_document(session, scored_audit, "forelopig", report_date=FORELOPIG)
    text = all_text(r.path)
    assert "7 Varsel om frist for retting og mulig pålegg" in headings(r.path)
    assert "Kommunen pålegges" not in text
    assert "en frist for plan for tiltak på 4 uker og en frist for retting på 8 uker" in text


def test_workspace_template_overrides_the_shipped_one(session, scored_audit, workspace):
    from docx import Document

    from tilsyn.resources import templates_dir

    doc = Document(str(templates_dir() / "varsel_bokmal.docx"))
    doc.paragraphs[0].insert_paragraph_before("KONTORETS EGET BREVARK")
    doc.save(str(workspace.templates_dir / "varsel_bokmal.docx"))
    r = produce_document(session, scored_audit, "varsel", report_date=date(2017, 3, 1))
    assert r.template == workspace.templates_dir / "varsel_bokmal.docx"
    assert paragraphs(r.path)[0] == "KONTORETS EGET BREVARK"


def test_headers_and_properties(session, scored_audit):
    from docx import Document

    r = produce_document(session, scored_audit, "forelopig", report_date=FORELOPIG)
    head = headers(r.path)
    assert any("Foreløpig tilsynsrapport – vår ref. 2017/1234" in h for h in head)
    props = Document(str(r.path)).core_properties
    assert props.title == "Foreløpig tilsynsrapport – Kristiansand kommune"
    assert props.author == "Fylkesmannen i Aust- og Vest-Agder"
    assert props.language == "nb-NO"


def test_cli_rapport_prints_path_version_and_checksum(cli, scored_audit, workspace):
    r = cli("rapport", str(scored_audit), "--type", "forelopig", "--dato", "2017-05-02")
    assert r.exit_code == 0, r.stderr
    assert "tilsyn-1-forelopig-v1.docx" in r.stdout and "versjon: 1" in r.stdout
    assert "sha256: " in r.stdout
    r = cli(
        "rapport",
        str(scored_audit),
        "--type",
        "foreløpig",
        "--målform",
        "nynorsk",
        "--dato",
        "2017-05-02",
        "-o",
        str(workspace.root / "eigen.docx"),
        "--json",
    )
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["versjon"] == 2 and data["malform"] == "nynorsk"
    assert data["fil"].endswith("eigen.docx")
    assert "Førebels tilsynsrapport" in all_text(workspace.root / "eigen.docx")
    r = cli("rapport", str(scored_audit), "--type", "brev")
    assert r.exit_code == 2 and "dokumenttype" in r.stderr


def test_appeal_body_comes_from_the_workspace(session, scored_audit, workspace):
    from dataclasses import replace

    to_final(session, scored_audit)
    r = produce_document(session, scored_audit, "endelig", report_date=ENDELIG)
    # The fixture's workspace sets the appeal body per period (2017: JD).
    assert "sendes klagen til Justis- og beredskapsdepartementet for avgjørelse" in all_text(r.path)
    cfg = replace(
        workspace.config, appeal_body="Integrerings- og mangfoldsdirektoratet", appeal_bodies=()
    )
    session.workspace = replace(workspace, config=cfg)
    r = produce_document(session, scored_audit, "endelig", report_date=ENDELIG)
    assert "sendes klagen til Integrerings- og mangfoldsdirektoratet for avgjørelse" in all_text(
        r.path
    )
