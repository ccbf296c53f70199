"""Letter conventions (issue 14, item 1): the addressee with postal address and «v/», the
references, «Kopi til», signatures by the audit's team (with nynorsk titles), the line
on electronic approval, the letterhead's logo, and a manual sample's criteria in the
reports. Read back from the written documents, as a municipality would read them."""

from __future__ import annotations

import json
import struct
import zlib

from docx import Document

from tests.report_util import FORELOPIG
from tilsyn.app.documents import produce_document
from tilsyn.report.render import document_text


def _text(path) -> str:
    return document_text(Document(str(path)))


def _create(cli, *extra: str, kommune: str = "1001", varsel: str = "2017-03-01") -> str:
    r = cli(
        "opprett",
        "--kommune",
        kommune,
        "--sjekkliste",
        "individuell-plan",
        "--saksnummer",
        "2017/1234",
        "--tilsynsleder",
        "Ola Hansen",
        "--revisor",
        "Kari Nordmann",
        "--varseldato",
        varsel,
        "--json",
        *extra,
    )
    assert r.exit_code == 0, r.stderr
    return str(json.loads(r.stdout)["id"])


def _notice(cli, aid: str, when: str = "2017-03-01") -> str:
    r = cli("rapport", aid, "--type", "varsel", "--dato", when, "--json")
    assert r.exit_code == 0, r.stderr
    return _text(json.loads(r.stdout)["fil"])


def test_the_addressee_block_references_and_copies_are_in_the_letter(cli):
    aid = _create(
        cli,
        "--postadresse",
        "Postboks 417 Lund, 4604 Kristiansand S",
        "--deres-ref",
        "17/880",
        "--kopi-til",
        "Integrerings- og mangfoldsdirektoratet (IMDi)",
        "--kopi-til",
        "Kontrollutvalget i Kristiansand kommune",
    )
    text = _notice(cli, aid)
    lines = [line.strip() for line in text.splitlines()]
    # Name, «v/» the chief executive by the title of 2017 (kommuneloven 1992), address.
    at = lines.index("Kristiansand kommune")
    assert lines[at : at + 4] == [
        "Kristiansand kommune",
        "v/ rådmannen",
        "Postboks 417 Lund",
        "4604 Kristiansand S",
    ]
    assert "Vår dato: 1. mars 2017" in lines
    assert "Vår ref.: 2017/1234" in lines
    assert "Deres ref.: 17/880" in lines
    copies = lines.index("Kopi til:")
    assert lines[copies + 1 : copies + 3] == [
        "Integrerings- og mangfoldsdirektoratet (IMDi)",
        "Kontrollutvalget i Kristiansand kommune",
    ]
    # The office approves by hand here: no line on electronic approval.
    assert "elektronisk godkjent" not in text
    # The letter is signed by the audit's team: the lead and the other auditor.
    assert "Ola Hansen\tKari Nordmann" in text
    assert "seniorrådgiver\tavdelingsdirektør" in text
    # `tilsyn vis` shows what the letters will say.
    shown = cli("vis", aid).stdout
    assert "Postadresse: Postboks 417 Lund; 4604 Kristiansand S" in shown
    assert "Deres ref.: 17/880" in shown and "Kopi til: Integrerings- og" in shown


def test_after_kommuneloven_2018_the_letter_goes_to_the_kommunedirektor(cli):
    aid = _create(
        cli, "--postadresse", "Postboks 4; 4685 Nodeland", kommune="4204", varsel="2020-03-02"
    )
    lines = [line.strip() for line in _notice(cli, aid, "2020-03-02").splitlines()]
    assert "v/ kommunedirektøren" in lines and "v/ rådmannen" not in lines
    assert "Postboks 4" in lines and "4685 Nodeland" in lines
    # A municipality that uses another title is addressed by it.
    assert cli("endre", aid, "--adressat-ved", "v/ rådmannen").exit_code == 0
    lines = [line.strip() for line in _notice(cli, aid, "2020-03-02").splitlines()]
    assert "v/ rådmannen" in lines and "v/ kommunedirektøren" not in lines


def test_copies_are_replaced_and_removed_and_a_bad_address_is_refused(cli, sql):
    aid = _create(cli, "--kopi-til", "IMDi")
    r = cli("endre", aid, "--kopi-til", "Kontrollutvalget", "--json")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["brev"]["kopi_til"] == ["Kontrollutvalget"]
    r = cli("endre", aid, "--ingen-kopi", "--json")
    assert json.loads(r.stdout)["brev"]["kopi_til"] == []
    assert "Kopi til" not in _notice(cli, aid)
    before = sql("SELECT recipient_address, copy_to FROM audits WHERE id = :i", i=int(aid))
    r = cli("endre", aid, "--postadresse", "Rådhuset")
    assert r.exit_code != 0
    assert "--postadresse «Rådhuset»" in r.stderr and "postnummer og poststed" in r.stderr
    assert "Traceback" not in r.stderr
    assert sql("SELECT recipient_address, copy_to FROM audits WHERE id = :i", i=int(aid)) == before
    r = cli("endre", aid, "--kopi-til", "IMDi", "--ingen-kopi")
    assert r.exit_code != 0 and "ikke begge" in r.stderr


def test_a_letter_without_postal_address_is_written_with_a_warning(cli):
    aid = _create(cli)
    r = cli("rapport", aid, "--type", "varsel", "--dato", "2017-03-01")
    assert r.exit_code == 0, r.stderr
    assert "har ingen postadresse for Kristiansand kommune" in r.stdout + r.stderr
    assert f"tilsyn endre {aid} --postadresse" in r.stdout + r.stderr


def test_only_the_audits_team_signs_and_an_unknown_title_stops_the_document(cli, sql):
    r = cli(
        "opprett",
        "--kommune",
        "0938",
        "--sjekkliste",
        "individuell-plan",
        "--saksnummer",
        "2017/2040",
        "--tilsynsleder",
        "Kari Nordmann",
        "--revisor",
        "Eva Berg",
        "--varseldato",
        "2017-08-21",
        "--json",
    )
    aid = str(json.loads(r.stdout)["id"])
    r = cli("rapport", aid, "--type", "varsel", "--dato", "2017-08-21")
    assert r.exit_code == 7
    assert "Eva Berg (revisor i tilsyn" in r.stderr and "[[underskrivere]]" in r.stderr
    assert sql("SELECT count(*) FROM documents")[0][0] == 0
    # With Ola Hansen (in the settings) on the team instead, Bygland's notice is signed
    # by its lead and Ola Hansen, in nynorsk titles — not by anyone else.
    assert cli("endre", aid, "--revisor", "Ola Hansen").exit_code == 0
    text = _notice(cli, aid, "2017-08-21")
    assert "Kari Nordmann\tOla Hansen" in text
    assert "avdelingsdirektør\tseniorrådgjevar" in text
    assert "seniorrådgiver" not in text


def test_an_audit_without_a_lead_cannot_be_signed(cli):
    r = cli("opprett", "--kommune", "1001", "--sjekkliste", "individuell-plan", "--json")
    aid = str(json.loads(r.stdout)["id"])
    assert cli("endre", aid, "--saksnummer", "2017/1").exit_code == 0
    r = cli("rapport", aid, "--type", "varsel", "--dato", "2017-03-01")
    assert r.exit_code == 7 and "ingen tilsynsleder" in r.stderr
    assert f"tilsyn endre {aid} --tilsynsleder" in r.stderr


def _office_line(workspace, key: str, value: str) -> None:
    """Set ``key = value`` in [kontor] (the setting is already there or commented)."""
    path = workspace.config_path
    text = path.read_text(encoding="utf-8")
    text = text.replace("[kontor]\n", f"[kontor]\n{key} = {value}\n", 1)
    if key == "elektronisk_godkjent":
        text = text.replace("elektronisk_godkjent = false\n", "", 1)
    path.write_text(text, encoding="utf-8")


def test_nynorsk_title_from_the_settings_and_electronic_approval(cli, workspace):
    path = workspace.config_path
    text = path.read_text(encoding="utf-8").replace(
        'tittel = "avdelingsdirektør"', 'tittel = "avdelingsdirektør"\ntittel_nynorsk = "direktør"'
    )
    path.write_text(text, encoding="utf-8")
    _office_line(workspace, "elektronisk_godkjent", "true")
    aid = _create(cli, kommune="0938", varsel="2017-08-21")
    text = _notice(cli, aid, "2017-08-21")
    assert "seniorrådgjevar\tdirektør" in text
    assert "Dokumentet er elektronisk godkjent" in text


def test_no_dangling_contact_sentence_without_an_e_mail(cli, workspace):
    path = workspace.config_path
    text = path.read_text(encoding="utf-8")
    text = text.replace('epost = "sfagpost@statsforvalteren.no"', 'epost = ""')
    text = text.replace('epost = "fmavpost@fylkesmannen.no"', 'epost = ""')
    path.write_text(text, encoding="utf-8")
    aid = _create(cli)
    r = cli("rapport", aid, "--type", "varsel", "--dato", "2017-03-01", "--json")
    # The quality gate asks for the e-mail instead of writing «kan rettes til .».
    assert r.exit_code == 7, r.stderr
    assert "(e-post): fyll inn epost under [kontor]" in r.stderr
    assert not list((workspace.root / "utdata").glob("*.docx"))


def _png(width: int, height: int) -> bytes:
    """A valid grey PNG of the given size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def test_the_logo_is_on_the_first_page_and_a_bad_logo_stops_the_document(cli, workspace, sql):
    (workspace.root / "logo.png").write_bytes(_png(300, 100))
    _office_line(workspace, "logo", '"logo.png"')
    aid = _create(cli)
    r = cli("rapport", aid, "--type", "varsel", "--dato", "2017-03-01", "--json")
    assert r.exit_code == 0, r.stderr
    doc = Document(json.loads(r.stdout)["fil"])
    first = doc.sections[0].first_page_header
    assert doc.sections[0].different_first_page_header_footer
    assert first._element.xpath(".//pic:pic"), "logoen mangler i brevhodet"
    assert not doc.sections[0].header._element.xpath(".//pic:pic"), "logo i løpende topptekst"
    # A file that is not an image: refused, naming the setting; nothing written.
    (workspace.root / "logo.png").write_bytes(b"<html>not an image</html>")
    count = sql("SELECT count(*) FROM documents")[0][0]
    r = cli("rapport", aid, "--type", "varsel", "--dato", "2017-03-01")
    assert r.exit_code != 0 and "Traceback" not in r.stderr
    assert "[kontor] logo" in r.stderr and "PNG" in r.stderr
    assert sql("SELECT count(*) FROM documents")[0][0] == count


def test_a_manual_sample_states_its_criteria_and_population(cli):
    aid = _create(cli)
    r = cli("utvalg", aid, "--deltaker", "P-1", "--deltaker", "P-2", "--json")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["kriterier"] is None
    r = cli(
        "utvalg",
        aid,
        "--kriterier",
        "deltakere bosatt i 2016 med vedtak om forlenget program",
        "--populasjon-antall",
        "14",
        "--json",
    )
    assert r.exit_code == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["kriterier"].startswith("deltakere bosatt i 2016") and d["populasjon"] == 14
    shown = cli("vis", aid).stdout
    assert "kriterier: deltakere bosatt i 2016" in shown
    r = cli("utvalg", aid, "--populasjon-antall", "0")
    assert r.exit_code != 0 and "--populasjon-antall" in r.stderr


def test_the_report_refuses_a_manual_sample_without_criteria(session, scored_audit):
    import pytest

    from tilsyn.errors import QualityGateError

    session.store.evidence.set_sample(
        scored_audit,
        method="manuelt",
        seed=None,
        population_size=None,
        population_file=None,
        population_sha256=None,
        requested=None,
        participants=[(f"D{n:03d}", {}) for n in range(1, 9)],
    )
    with pytest.raises(QualityGateError) as e:
        produce_document(session, scored_audit, "forelopig", report_date=FORELOPIG)
    assert "--kriterier" in str(e.value.details) and "--populasjon-antall" in str(e.value.details)
    session.store.evidence.describe_sample(
        scored_audit, criteria="deltakere bosatt i januar 2017", population_size=31
    )
    r = produce_document(session, scored_audit, "forelopig", report_date=FORELOPIG)
    text = _text(r.path)
    assert (
        "valgt ut av Fylkesmannen blant 31 deltakere etter disse kriteriene: deltakere bosatt "
        "i januar 2017"
    ) in text
    assert "8 av 31 deltakermapper" in text
