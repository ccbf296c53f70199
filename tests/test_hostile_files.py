"""Hostile outputs and input files (issue 15, items 2, 3, 5 and 9): frozen documents are
never overwritten by any route, every part written out is scanned for identity numbers,
workbooks and templates cannot exhaust time or memory, over-long text and invalid UTF-8
are refused, and a multi-file output is all or nothing. Each refusal: the exact message,
and the store and the workspace unchanged."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from hostile import (
    attempt,
    confusable_pseudonyms,
    files_under,
    identity_numbers,
    invalid_utf8,
    long_text,
    store_snapshot,
    xlsx_far_cell,
    xlsx_unpacks_large,
    zip_bytes,
)
from summary import counter, report
from typer.testing import CliRunner

from tilsyn.cli import app
from tilsyn.errors import ExitCode

TALLY = counter("fiendtlige filer og utdata")
REPO = Path(__file__).resolve().parent.parent
NUMBER = identity_numbers()["fodselsnummer"]


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo") / "ws"
    r = CliRunner().invoke(app, ["demo", str(folder)])
    assert r.exit_code == 0, r.output
    return folder


@pytest.fixture
def demo(demo_folder, tmp_path, monkeypatch):
    """A fresh copy of the demo workspace (audit 1 closed with four sent documents, audit 2
    with its preliminary report sent, self-assessment 1): (root, run)."""
    root = tmp_path / "ws"
    shutil.copytree(demo_folder, root, symlinks=True)
    monkeypatch.chdir(root)
    runner = CliRunner()

    def run(*args: str):
        env = {"TILSYN_HOME": str(root), "TILSYN_BRUKER": "revisor"}
        return runner.invoke(app, [str(a) for a in args], env=env)

    return root, run


def _state(root: Path):
    """A check that nothing in the workspace or its store changed (sent copies: bytes and
    read-only bit)."""
    db = f"sqlite:///{(root / 'tilsyn.db').as_posix()}"
    sent = {p: (p.read_bytes(), p.stat().st_mode) for p in (root / "sendt").rglob("*.docx")}
    files, rows = files_under(root), store_snapshot(db)

    def check() -> None:
        assert {p: (p.read_bytes(), p.stat().st_mode) for p in sent} == sent
        assert files_under(root) == files
        assert store_snapshot(db) == rows

    return check


# --- item 2: every route to a sent or another audit's document is refused ---------------------

SENT = "sendt/tilsyn-1/varsel-v1.docx"


@pytest.mark.parametrize(
    ("args", "target", "what"),
    [
        (["egenvurdering", "rapport", "1", "-o", SENT], SENT, "dokumentet"),
        (["statistikk", "--rapport", SENT], SENT, "rapporten"),
        (["statistikk", "--xlsx", "sendt/tilsyn-1/tall.xlsx"], None, "statistikkarbeidsboken"),
        (
            ["rapport", "2", "--type", "endelig", "-o", "sendt/tilsyn-1/endelig-v1.docx"],
            None,
            "dokumentet",
        ),
        (["arbeidsbok", "eksporter", "2", "-o", "sendt/tilsyn-2/ab.xlsx"], None, "arbeidsboken"),
        (["lovbrudd", "eksporter", "-o", "sendt/register.xlsx"], None, "lovbruddsregisteret"),
        (["eksport", "1", "-o", "sendt/tilsyn-1/sak.zip"], None, "arkivpakken"),
        (["sjekkliste", "skjema", "-o", "sendt/skjema.json"], None, "skjemaet"),
        (["db", "sikkerhetskopi", "sendt/kopi.db"], None, "sikkerhetskopien"),
        (["egenvurdering", "eksporter", "1", "-o", "sendt/ev.xlsx"], None, "egenvurderingen"),
    ],
    ids=[
        "egenvurdering-rapport",
        "statistikk-rapport",
        "statistikk-xlsx",
        "rapport",
        "arbeidsbok",
        "lovbruddsregister",
        "eksport",
        "skjema",
        "sikkerhetskopi",
        "egenvurdering-eksport",
    ],
)
def test_no_route_writes_into_sendt(demo, args, target, what):
    root, run = demo
    unchanged = _state(root)
    path = target or args[args.index("-o") + 1] if "-o" in args else target
    if path is None:
        path = next(a for a in args if a.startswith("sendt/"))
    out = attempt(TALLY, run(*args), code=ExitCode.USAGE)
    assert out == (
        f"feil: {path} ligger blant sendte dokumenter (sendt/), som er frosset og aldri "
        f"overskrives; velg en annen fil for {what}. Ingenting ble skrevet.\n"
    )
    unchanged()


def test_another_audits_document_is_not_overwritten(demo):
    root, run = demo
    unchanged = _state(root)
    out = attempt(
        TALLY,
        run("rapport", "1", "--type", "avslutning", "-o", "utdata/tilsyn-2-endelig-v1.docx"),
        code=ExitCode.USAGE,
    )
    assert out == (
        "feil: utdata/tilsyn-2-endelig-v1.docx er et dokument laget for tilsyn 2; det blir ikke "
        "overskrevet. Velg en annen fil for dokumentet. Ingenting ble skrevet.\n"
    )
    unchanged()


def test_a_changed_sent_copy_is_reported_by_vis_and_logg(demo):
    root, run = demo
    sent = root / SENT
    sent.chmod(0o644)
    sent.write_bytes(sent.read_bytes() + b"endret")
    r = run("vis", "1")
    assert r.exit_code == 0
    problem = f"tilsyn 1: varsel v1 ({SENT}): den sendte kopien er endret etter at den ble sendt"
    assert r.stderr == f"advarsel: {problem}\n"
    r = run("logg", "1", "--verifiser")
    assert r.exit_code == ExitCode.ERROR
    assert r.stderr == f"feil: Loggen kunne ikke verifiseres:\n{problem}\n"
    sent.unlink()
    r = run("vis", "1", "--json")
    import json

    assert json.loads(r.stdout)["kontroll"] == [
        f"tilsyn 1: varsel v1 ({SENT}): den sendte kopien mangler"
    ]


_WRITE_CALL = re.compile(
    r"open\([^)]*['\"][wax]b?['\"]|\.write_text\(|\.write_bytes\(|\.save\(|savefig\(|"
    r"shutil\.(?:copy|move)|ZipFile\([^)]*['\"][wa]['\"]|os\.open\(|\.backup\(|"
    r"os\.replace\(|os\.rename\(|\.to_csv\(|\.dump\("
)
# Writes that are not outputs, each with the reason it does not use the door.
_ALLOWED = {
    ("tilsyn/stats/charts.py", "lambda tmp: fig.savefig("): "inside write_file",
    ("tilsyn/workbook/demo.py", "lambda tmp: wb.save(tmp)"): "inside write_file",
    ("tilsyn/workbook/register.py", "lambda tmp: wb.save(str(tmp))"): "inside write_file",
    ("tilsyn/workbook/stats.py", "lambda tmp: wb.save(tmp)"): "inside write_file",
    ("tilsyn/workbook/export.py", "lambda tmp: wb.save(tmp)"): "inside write_file",
    ("tilsyn/workbook/selfassessment.py", "lambda tmp: wb.save(tmp)"): "inside write_file",
    ("tilsyn/app/archive.py", 'zipfile.ZipFile(tmp, "w"'): "inside write_file",
    ("tilsyn/app/archive.py", 'tmp.open("wb")'): "inside write_file",
    ("tilsyn/report/render.py", "tpl.save(buffer)"): "into memory",
    ("tilsyn/store/engine.py", "raw.driver_connection.backup(dest)"): "inside write_file",
    ("tilsyn/app/officekeys.py", "os.open(path"): "a key file: O_EXCL, mode 0600",
    ("tilsyn/app/officekeys.py", 'os.fdopen(fd, "w"'): "a key file: O_EXCL, mode 0600",
    ("tilsyn/report/pdf.py", "module.write_text(EXPORT_MACRO"): "LibreOffice's temporary profile",
    ("tilsyn/report/pdf.py", "listing.write_text("): "a list in LibreOffice's temporary folder",
}


def test_every_write_goes_through_the_output_door():
    """Source check: outside tilsyn/files.py, a write is a producer passed to write_file
    (or one of the listed exceptions); a new route cannot bypass the door unnoticed."""
    found = []
    for path in sorted((REPO / "tilsyn").rglob("*.py")):
        rel = path.relative_to(REPO).as_posix()
        if rel == "tilsyn/files.py" or "/migrations/" in rel:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if _WRITE_CALL.search(line) and not any(
                rel == f and snippet in line for (f, snippet) in _ALLOWED
            ):
                found.append(f"{rel}:{n}: {line.strip()}")
    assert found == []


# --- item 3: identity numbers in any part written out -------------------------------------

_TEMPLATE_PARTS = {
    "tekstboks": (
        "word/document.xml",
        lambda x, n: x.replace(
            "</w:body>",
            '<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/'
            'drawingml/2006/wordprocessingDrawing"><w:txbxContent><w:p><w:r><w:t>'
            f"{n[:6]}</w:t></w:r><w:r><w:t> {n[6:]}</w:t></w:r></w:p></w:txbxContent>"
            "</wp:inline></w:drawing></w:r></w:p></w:body>",
            1,
        ),
    ),
    "feltkode": (
        "word/document.xml",
        lambda x, n: x.replace(
            "</w:body>",
            f'<w:p><w:fldSimple w:instr=" AUTHOR {n[:6]}.{n[6:]} "><w:r><w:t>x</w:t></w:r>'
            "</w:fldSimple></w:p></w:body>",
            1,
        ),
    ),
    "docProps/app.xml": (
        "docProps/app.xml",
        lambda x, n: x.replace(
            "</Properties>", f"<Company>{n[:6]}\u2013{n[6:]}</Company></Properties>"
        ),
    ),
    "customXml": (
        "customXml/item1.xml",
        lambda x, n: x.rstrip().removesuffix(">") + f"><!-- {n} -->",
    ),
}


@pytest.mark.parametrize("where", list(_TEMPLATE_PARTS))
def test_identity_numbers_in_any_part_of_an_office_template_are_refused(demo, where):
    root, run = demo
    part, change = _TEMPLATE_PARTS[where]
    template = REPO / "templates" / "endelig_nynorsk.docx"
    own = root / "maler" / template.name
    with zipfile.ZipFile(template) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts[part] = change(parts[part].decode("utf-8"), NUMBER).encode("utf-8")
    own.write_bytes(zip_bytes(parts))
    unchanged = _state(root)
    out = attempt(
        TALLY,
        run("rapport", "2", "--type", "endelig", "--dato", "2017-10-30"),
        code=ExitCode.PERSONAL_DATA,
        numbers=(NUMBER,),
    )
    assert out == (
        f"feil: tilsyn-2-endelig-v2.docx, delen {part}: inneholder det som ser ut som et "
        f"fødselsnummer eller D-nummer ({NUMBER[:6]}*****). Deltakere skal bare identifiseres "
        "med pseudonym; finn og fjern nummeret (i dokumentet, malen eller innstillingene) og "
        "prøv igjen. Ingenting ble skrevet.\n"
    )
    unchanged()


def test_a_number_typed_into_a_document_before_it_is_frozen_refuses_the_event(demo):
    root, run = demo
    doc = root / "utdata" / "tilsyn-2-endelig-v1.docx"
    with zipfile.ZipFile(doc) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    body = parts["word/document.xml"].decode()
    spaced = " ".join([NUMBER[:2], NUMBER[2:4], NUMBER[4:6], NUMBER[6:9], NUMBER[9:]])
    parts["word/document.xml"] = body.replace(
        "</w:body>", f"<w:p><w:r><w:t>Deltaker {spaced}</w:t></w:r></w:p></w:body>", 1
    ).encode()
    doc.write_bytes(zip_bytes(parts))
    unchanged = _state(root)
    out = attempt(
        TALLY,
        run("hendelse", "2", "endelig", "--dato", "2017-10-30"),
        code=ExitCode.PERSONAL_DATA,
        numbers=(NUMBER, spaced),
    )
    assert out == (
        f"feil: endelig-v1.docx, delen word/document.xml: inneholder det som ser ut som et "
        f"fødselsnummer eller D-nummer ({NUMBER[:6]}*****). Deltakere skal bare identifiseres "
        "med pseudonym; finn og fjern nummeret (i dokumentet, malen eller innstillingene) og "
        "prøv igjen. Ingenting ble skrevet.\n"
    )
    unchanged()
    assert not (root / "sendt" / "tilsyn-2" / "endelig-v1.docx").exists()


def test_the_door_scans_every_xml_part_of_a_workbook(tmp_path):
    from openpyxl import Workbook
    from openpyxl.comments import Comment

    from tilsyn.errors import PersonalDataError
    from tilsyn.files import NO_WORKSPACE, write_file

    for where in ("comment", "property", "cell"):
        wb = Workbook()
        ws = wb.active
        ws["A1"] = "Deltaker"
        if where == "comment":
            ws["A1"].comment = Comment(f"Sjekk {NUMBER[:6]} {NUMBER[6:]}", "revisor")
        elif where == "property":
            wb.properties.keywords = f"{NUMBER[:6]}/{NUMBER[6:]}"
        else:
            ws["B2"] = f"{NUMBER[:4]}\u200b{NUMBER[4:]}"
        out = tmp_path / f"{where}.xlsx"
        TALLY["prøvd"] += 1
        with pytest.raises(PersonalDataError) as caught:
            write_file(out, lambda tmp, wb=wb: wb.save(tmp), rules=NO_WORKSPACE)
        TALLY["avvist"] += 1
        part = {
            "comment": "xl/comments/comment1.xml",
            "property": "docProps/core.xml",
            "cell": "xl/worksheets/sheet1.xml",
        }[where]
        assert str(caught.value) == (
            f"{where}.xlsx, delen {part}: inneholder det som ser ut som et fødselsnummer eller "
            f"D-nummer ({NUMBER[:6]}*****). Deltakere skal bare identifiseres med pseudonym; "
            "finn og fjern nummeret (i dokumentet, malen eller innstillingene) og prøv igjen. "
            "Ingenting ble skrevet."
        )
        assert not out.exists() and list(tmp_path.glob(".tilsyn-*")) == []


def test_checksums_in_an_output_are_not_taken_for_identity_numbers(tmp_path):
    import hashlib

    from tilsyn.files import NO_WORKSPACE, write_text

    hashes = "\n".join(hashlib.sha256(str(i).encode()).hexdigest() for i in range(20_000))
    path = write_text(tmp_path / "sjekksummer.txt", hashes, rules=NO_WORKSPACE)
    assert path.read_text() == hashes


def test_uuids_in_an_output_are_not_taken_for_identity_numbers(tmp_path):
    """An archive package names each audit by its uid: a UUID's digit groups joined
    across a dash once passed as a fødselsnummer and stopped an export at random."""
    import uuid

    from tilsyn.files import NO_WORKSPACE, write_text
    from tilsyn.idnumber import find_identity_numbers

    # The digit groups «5404» and «3412347» read together as a valid D-nummer-like number.
    joined = next(
        f"0a1b2c3d-4e5f-6a7b-{a:04d}-{b:07d}abcde"
        for a in range(1000, 10_000)
        for b in (3412347, 1234567, 7654321)
        if find_identity_numbers(f"{a:04d} {b:07d}")
    )
    assert find_identity_numbers(joined.replace("-", " ").split(" ", 3)[3]) != []
    assert find_identity_numbers(joined) == []
    uids = "\n".join([joined, *(str(uuid.uuid4()) for _ in range(50_000))])
    path = write_text(tmp_path / "uid.txt", uids, rules=NO_WORKSPACE)
    assert path.read_text() == uids
    # A number written beside a UUID is still found.
    assert find_identity_numbers(f"{joined} {NUMBER}") == [f"{NUMBER[:6]}*****"]


# --- item 5: workbooks that would exhaust memory, templates that would run forever --------------


# The child reports its peak memory at exit: VmHWM (Linux; ru_maxrss would include the
# memory of the pytest process it was forked from), else ru_maxrss, in kB.
_MEASURE = (
    "import atexit, resource, sys\n"
    "def peak():\n"
    "    try:\n"
    "        for line in open('/proc/self/status'):\n"
    "            if line.startswith('VmHWM:'):\n"
    "                return int(line.split()[1])\n"
    "    except OSError:\n"
    "        pass\n"
    "    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "atexit.register(lambda: sys.stderr.write(f'#maxrss {peak()}\\n'))\n"
    "from tilsyn.cli import main\n"
    "sys.argv = ['tilsyn', *sys.argv[1:]]\n"
    "main()\n"
)


def _measured(args: list[str], cwd: Path) -> tuple[int, str, float, int]:
    """Run tilsyn in a child process: (exit code, stderr, seconds, peak memory in MB)."""
    start = time.perf_counter()
    r = subprocess.run(
        [sys.executable, "-c", _MEASURE, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )
    seconds = time.perf_counter() - start
    stderr, _, rss = r.stderr.rpartition("#maxrss ")
    return r.returncode, stderr, seconds, int(rss.strip()) // 1024


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["far-cell", "unpacks-large"])
def test_hostile_population_workbooks_are_refused_fast_with_little_memory(demo, tmp_path, kind):
    root, _run = demo
    unchanged = _state(root)
    if kind == "far-cell":
        path = xlsx_far_cell(tmp_path)
        message = (
            f"feil: {path.name}: arbeidsboken er for stor; ingenting ble lagret.\n"
            "Ark 'Populasjon': har 1048576 rader og 16384 kolonner; høyst 100001 rader og 60 "
            "kolonner er tillatt.\n"
        )
    else:
        path = xlsx_unpacks_large(tmp_path)
        with zipfile.ZipFile(path) as z:
            total = sum(i.file_size for i in z.infolist())
        message = (
            f"feil: {path.name}: arbeidsboken pakker seg ut til {total // (1024 * 1024)} MB; "
            "høyst 16 MB er tillatt (mulig zip-bombe). Ingenting ble lagret.\n"
        )
    code, stderr, seconds, peak = _measured(
        ["--arbeidsomrade", str(root), "utvalg", "2", "--populasjon", str(path), "--antall", "1"],
        root,
    )
    TALLY["prøvd"] += 1
    TALLY["avvist"] += code != 0
    TALLY["tracebacks"] += "Traceback" in stderr
    assert code == ExitCode.REJECTED_WORKBOOK, stderr
    assert stderr == message
    report(
        f"populasjonsarbeidsbok ({kind}, {path.stat().st_size // 1024} kB): avvist på "
        f"{seconds:.2f} s med høyst {peak} MB minne (hele prosessen)"
    )
    assert seconds < 10 and peak < 150
    unchanged()


def test_a_sheet_that_declares_a_small_size_but_holds_a_far_cell_is_refused(demo, tmp_path):
    root, run = demo
    path = xlsx_far_cell(tmp_path, "lyver.xlsx")
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = next(n for n in parts if n.startswith("xl/worksheets/sheet"))
    parts[sheet] = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:B3"/>', parts[sheet])
    path.write_bytes(zip_bytes(parts))
    unchanged = _state(root)
    out = attempt(
        TALLY,
        run("utvalg", "2", "--populasjon", path, "--antall", "1"),
        code=ExitCode.REJECTED_WORKBOOK,
    )
    assert out == (
        "feil: lyver.xlsx: arbeidsboken er for stor; ingenting ble lagret.\n"
        "Ark 'Populasjon': har 1048576 rader og 16384 kolonner; høyst 100001 rader og 60 "
        "kolonner er tillatt.\n"
    )
    unchanged()


def test_a_far_cell_in_an_auditors_workbook_is_refused_before_it_is_parsed(demo, tmp_path):
    root, run = demo
    book = tmp_path / "ab.xlsx"
    assert run("arbeidsbok", "eksporter", "2", "-o", book).exit_code == 0
    with zipfile.ZipFile(book) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = "xl/worksheets/sheet2.xml"
    parts[sheet] = parts[sheet].replace(
        b"</sheetData>",
        b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
    )
    book.write_bytes(zip_bytes(parts))
    unchanged = _state(root)
    out = attempt(TALLY, run("arbeidsbok", "importer", "2", book), code=ExitCode.REJECTED_WORKBOOK)
    assert out.startswith("feil: ab.xlsx: arbeidsboken er for stor; ingenting ble lagret.\nArk '")
    assert (
        "har 1048576 rader og 16384 kolonner; høyst 20000 rader og 60 kolonner er tillatt." in out
    )
    unchanged()


_LOOPS = {
    "range-in-range": (
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "malen bruker mer enn 2 000 000 operasjoner (løkker i løkker?)",
    ),
    "long-string": ("{{ 'x' * 1000000000 }}", "malen lager en for lang tekst eller liste"),
    "huge-width": (
        "{{ 'x'|center(1000000000) }}",
        "malen bruker tallet 1000000000 (høyst 1 000 000)",
    ),
}


@pytest.mark.parametrize("case", list(_LOOPS))
def test_template_rendering_is_bounded(demo, case):
    root, run = demo
    snippet, reason = _LOOPS[case]
    template = REPO / "templates" / "endelig_nynorsk.docx"
    own = root / "maler" / template.name
    with zipfile.ZipFile(template) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    body = parts["word/document.xml"].decode()
    parts["word/document.xml"] = body.replace(
        "</w:body>", f"<w:p><w:r><w:t>{snippet}</w:t></w:r></w:p></w:body>", 1
    ).encode()
    own.write_bytes(zip_bytes(parts))
    unchanged = _state(root)
    start = time.perf_counter()
    out = attempt(TALLY, run("rapport", "2", "--type", "endelig", "--dato", "2017-10-30"), code=1)
    assert time.perf_counter() - start < 25
    assert out == (
        f"feil: Malen {own} kan ikke fylles ut: {reason}. Utfyllingen ble stoppet; rett malen "
        "(tilsyn mal sjekk viser problemene). Ingen fil ble skrevet.\n"
    )
    unchanged()


@pytest.mark.parametrize(
    ("snippet", "reason"),
    [
        (
            "{% include 'annen.docx' %}",
            "{% include %}, {% import %} og {% extends %} er ikke "
            "tillatt i en mal (malen prøver å hente «annen.docx»); en mal må være én fil",
        ),
        (
            "{% import 'makroer' as m %}",
            "{% include %}, {% import %} og {% extends %} er ikke "
            "tillatt i en mal (malen prøver å hente «makroer»); en mal må være én fil",
        ),
        ("{{ 1 / 0 }}", None),
    ],
    ids=["include", "import", "division-by-zero"],
)
def test_include_and_failing_expressions_in_a_template_are_messages(demo, snippet, reason):
    root, run = demo
    template = REPO / "templates" / "endelig_nynorsk.docx"
    own = root / "maler" / template.name
    with zipfile.ZipFile(template) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    body = parts["word/document.xml"].decode()
    parts["word/document.xml"] = body.replace(
        "</w:body>",
        f"<w:p><w:r><w:t>{snippet.replace(chr(39), '&apos;')}</w:t></w:r></w:p></w:body>",
        1,
    ).encode()
    own.write_bytes(zip_bytes(parts))
    unchanged = _state(root)
    out = attempt(TALLY, run("rapport", "2", "--type", "endelig", "--dato", "2017-10-30"), code=1)
    if reason:
        assert out == f"feil: Malen {own} kan ikke fylles ut: {reason}.\n"
    else:
        assert out == (
            f"feil: Malen {own} kan ikke fylles ut: et uttrykk i malen feiler "
            "(ZeroDivisionError: division by zero). Rett malen (tilsyn mal sjekk). Ingen fil "
            "ble skrevet.\n"
        )
    unchanged()


# --- item 9: over-long text, invalid UTF-8, look-alike pseudonyms, all or nothing -----------------


def test_an_over_long_observation_is_refused_with_the_limit(demo):
    root, run = demo
    unchanged = _state(root)
    text = long_text(100_000)
    out = attempt(
        TALLY,
        run("vurder", "2", "--sporsmal", "B1.6", "--svar", "ja", "--observasjon", text),
        code=ExitCode.USAGE,
    )
    assert out == (
        "feil: --observasjon: teksten er 100000 tegn; høyst 20000 tegn er tillatt. Forkort den "
        "(eller legg den ved som et dokument). Ingenting ble lagret.\n"
    )
    unchanged()


def test_an_over_long_cell_in_a_workbook_is_refused_not_cut(demo, tmp_path):
    from openpyxl import load_workbook

    root, run = demo
    book = tmp_path / "ab.xlsx"
    assert run("arbeidsbok", "eksporter", "2", "-o", book).exit_code == 0
    from tilsyn.workbook import layout as L

    wb = load_workbook(book)
    ws = wb[L.SHEET_FILES]
    row = L.FIRST_ROW
    ws[f"{L.NOTE_COL}{row}"] = long_text(25_000)
    wb.save(book)
    unchanged = _state(root)
    out = attempt(TALLY, run("arbeidsbok", "importer", "2", book), code=ExitCode.REJECTED_WORKBOOK)
    assert (
        f"Ark '{ws.title}', celle {L.NOTE_COL}{row}: teksten er 25000 tegn; høyst 20000 tegn er "
        "tillatt. Forkort den (eller legg den ved som et dokument)" in out
    )
    unchanged()


def test_stored_text_longer_than_a_cell_is_never_exported_cut(demo, tmp_path):
    import sqlite3

    root, run = demo
    with sqlite3.connect(root / "tilsyn.db") as con:  # stored before the limit existed
        con.execute(
            "UPDATE answers SET observation = ? WHERE id = (SELECT min(id) FROM answers "
            "WHERE audit_id = 2)",
            (long_text(40_000),),
        )
    book = tmp_path / "ab.xlsx"
    out = attempt(TALLY, run("arbeidsbok", "eksporter", "2", "-o", book), code=ExitCode.ERROR)
    assert re.fullmatch(
        r"feil: Ark '[^']+', celle [A-Z]+\d+: teksten er 40000 tegn, men en Excel-celle rommer "
        r"høyst 32767, og Excel ville kuttet den\. Forkort teksten i tilsynet og lag filen på "
        r"nytt\. Ingenting ble skrevet\.\n",
        out,
    ), out
    assert not book.exists()


@pytest.mark.parametrize("case", list(invalid_utf8()))
def test_invalid_utf8_is_refused_with_the_position(demo, tmp_path, case):
    root, run = demo
    data, offset = invalid_utf8()[case]
    path = tmp_path / "populasjon.csv"
    path.write_bytes(data)
    unchanged = _state(root)
    out = attempt(
        TALLY, run("utvalg", "2", "--populasjon", path, "--antall", "1"), code=ExitCode.USAGE
    )
    assert out == (
        f"feil: {path}: populasjonsfilen er ikke UTF-8-tekst: ugyldig byte 0x{data[offset]:02x} "
        f"på linje 3 (byte nr. {offset + 1} i filen). Lagre den som «CSV UTF-8» i Excel og prøv "
        "igjen. Ingenting ble lagret.\n"
    )
    unchanged()


@pytest.mark.parametrize("route", ["timeplan", "svarfil-json", "svarfil-csv"])
def test_invalid_utf8_in_other_input_files(demo, tmp_path, route):
    root, run = demo
    bad = b"aktivitet,type,minutter,leksjoner\nNorsk,norsk,,15\nPraksis\xf8,annet,900,\n"
    if route == "timeplan":
        path = tmp_path / "timeplan.csv"
        aid = run("opprett", "--kommune", "1001", "--sjekkliste", "helarig-fulltid").stdout.strip()
        assert run("utvalg", aid, "--deltaker", "P-1").exit_code == 0
        args = ["vurder", aid, "--sporsmal", "A2.3", "--deltaker", "P-1", "--svar", "ja"]
        args += ["--timeplan", path]
        what, hint = "timeplanen", "Lagre den som «CSV UTF-8» i Excel og prøv igjen."
    elif route == "svarfil-json":
        path = tmp_path / "svar.json"
        bad = b'[{"sporsmal": "B1.6",\n "svar": "ja",\n "observasjon": "\xe6"}]'
        args = ["vurder", "2", "--fil", path]
        what, hint = "svarfilen", "Lagre filen som UTF-8 og prøv igjen."
    else:
        path = tmp_path / "svar.csv"
        bad = b"sporsmal,svar,observasjon\nB1.6,ja,ok\nB1.5,ja,\xe6\n"
        args = ["vurder", "2", "--fil", path]
        what, hint = "svarfilen", "Lagre den som «CSV UTF-8» i Excel og prøv igjen."
    path.write_bytes(bad)
    offset = next(i for i, b in enumerate(bad) if b >= 0x80)
    line = bad.count(b"\n", 0, offset) + 1
    unchanged = _state(root)
    out = attempt(TALLY, run(*args), code=ExitCode.USAGE)
    assert out.endswith(
        f"{path}: {what} er ikke UTF-8-tekst: ugyldig byte 0x{bad[offset]:02x} på linje {line} "
        f"(byte nr. {offset + 1} i filen). {hint} Ingenting ble lagret.\n"
    ), out
    unchanged()


@pytest.mark.parametrize("case", list(confusable_pseudonyms()))
def test_look_alike_pseudonyms_are_refused(demo, tmp_path, case):
    root, run = demo
    original, lookalike = confusable_pseudonyms()[case]
    path = tmp_path / "populasjon.csv"
    path.write_text(
        f"pseudonym;bosettingsdato\n{original};2017-01-03\n{lookalike};2017-01-04\n",
        encoding="utf-8",
    )
    unchanged = _state(root)
    out = attempt(
        TALLY, run("utvalg", "2", "--populasjon", path, "--antall", "1"), code=ExitCode.USAGE
    )
    assert out.startswith(f"feil: Populasjonslisten {path} har 1 feil; ingenting ble lagret:\n")
    problem = out.splitlines()[1]
    if case == "letter-o-for-zero":
        assert problem == (
            f"{path}, rad 3: pseudonymet «{lookalike}» ligner for mye på «{original}» (rad 2); "
            "to deltakere må ha pseudonymer som ikke kan forveksles"
        )
    else:
        assert problem.startswith(f"{path}, rad 3, kolonne pseudonym: tegn nr. ")
        assert "Et pseudonym kan ha bokstaver, sifre 0–9, mellomrom, bindestrek (-), " in problem
    unchanged()
    out = attempt(TALLY, run("utvalg", "2", "--deltaker", original, "--deltaker", lookalike))
    assert run("vis", "2", "--json").stdout.count(lookalike) == 0
    assert out.startswith("feil:")


def test_statistics_write_all_outputs_or_none(demo, tmp_path):
    root, run = demo
    xlsx, docx, figures = tmp_path / "tall.xlsx", tmp_path / "tall.docx", tmp_path / "figurer"
    own = root / "maler" / "statistikk_bokmal.docx"
    with zipfile.ZipFile(REPO / "templates" / "statistikk_bokmal.docx") as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b"</w:body>", b"<w:p><w:r><w:t>{% include 'x' %}</w:t></w:r></w:p></w:body>", 1
    )
    own.write_bytes(zip_bytes(parts))
    xlsx.write_bytes(b"forrige versjon")
    out = attempt(
        TALLY,
        run("statistikk", "--xlsx", xlsx, "--figurer", figures, "--rapport", docx),
        code=ExitCode.ERROR,
    )
    assert out.endswith(
        f"feil: Malen {own} kan ikke fylles ut: {{% include %}}, {{% import %}} og "
        "{% extends %} er ikke tillatt i en mal (malen prøver å hente «x»); en mal må være "
        "én fil.\n"
    )
    assert xlsx.read_bytes() == b"forrige versjon"  # the replaced file is back
    assert not docx.exists()
    assert not figures.exists() or list(figures.iterdir()) == []
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".tilsyn-")] == []
    own.unlink()
    out = attempt(
        TALLY,
        run("statistikk", "--xlsx", xlsx, "--rapport", root / SENT),
        code=ExitCode.USAGE,
    )
    assert xlsx.read_bytes() == b"forrige versjon"
