"""Hostile archive packages (issue 15, item 1; with items 3, 7 and 8 where they reach a
package): a package never writes outside the workspace, never makes a later export pack a
local file, and — with an office key — a forged package is refused. Every refusal leaves the
store and the workspace unchanged."""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from pathlib import Path

import pytest
from hostile import (
    AUTHORIZED_KEYS,
    attempt,
    deep_json,
    files_under,
    hostile_archive,
    identity_numbers,
    issue_15_forms,
    store_snapshot,
    zip_bytes,
)
from summary import counter
from typer.testing import CliRunner

from tilsyn.cli import app
from tilsyn.errors import ExitCode
from tilsyn.workspace import init_workspace

TALLY = counter("fiendtlige arkivpakker")
UID = "3f0c2b1e-1111-4222-8333-944455556666"


def runner_for(root: Path):
    """A CLI on the workspace ``root`` (its own SQLite database)."""
    runner = CliRunner()

    def run(*args: str):
        env = {"TILSYN_HOME": str(root), "TILSYN_BRUKER": "arkivar"}
        return runner.invoke(app, [str(a) for a in args], env=env)

    return run


@pytest.fixture
def source(cli, workspace, tmp_path):
    """A case with a received document file and a sent notice, exported: (audit id, zip)."""
    r = cli("opprett", "--kommune", "1001", "--sjekkliste", "individuell-plan")
    assert r.exit_code == 0, r.stderr
    aid = r.stdout.strip()
    doc = tmp_path / "rutine.pdf"
    doc.write_bytes(b"%PDF-1.4 rutine for individuell plan")
    r = cli("dokument", aid, "--tittel", "Rutine", "--dato", "2017-03-20", "--fil", doc)
    assert r.exit_code == 0, r.stderr
    r = cli(
        "endre",
        aid,
        "--saksnummer",
        "2017/1234",
        "--tilsynsleder",
        "Ola Hansen",
        "--revisor",
        "Kari Nordmann",
    )
    assert r.exit_code == 0, r.stderr
    r = cli("rapport", aid, "--type", "varsel", "--dato", "2017-03-01")
    assert r.exit_code == 0, r.stderr
    r = cli("hendelse", aid, "varsel", "--dato", "2017-03-01")
    assert r.exit_code == 0, r.stderr
    out = tmp_path / "sak.zip"
    r = cli("eksport", aid, "-o", out)
    assert r.exit_code == 0, r.stderr
    return aid, out


@pytest.fixture
def target(tmp_path):
    """A second, empty workspace to import into: (root, cli)."""
    root = tmp_path / "mottaker"
    init_workspace(root)
    run = runner_for(root)
    assert run("liste").exit_code == 0  # creates the database
    return root, run


def _unchanged(root: Path):
    """A check that the workspace ``root`` and its store are as they were now."""
    db = f"sqlite:///{(root / 'tilsyn.db').as_posix()}"
    before_files, before_rows = files_under(root), store_snapshot(db)

    def check() -> None:
        assert files_under(root) == before_files
        assert store_snapshot(db) == before_rows
        assert not (root / "arkivimport").exists()

    return check


def _rewrite(src: Path, dst: Path, change) -> Path:
    """A copy of a package with ``change(meta, members)`` applied (no re-hashing)."""
    with zipfile.ZipFile(src) as z:
        members = {n: z.read(n) for n in z.namelist()}
    meta = json.loads(members["tilsyn-arkiv.json"])
    change(meta, members)
    members["tilsyn-arkiv.json"] = json.dumps(meta, ensure_ascii=False).encode()
    dst.write_bytes(zip_bytes(members))
    return dst


# --- item 1: the uid, member names and every derived path ---------------------------------


@pytest.mark.parametrize(
    "uid",
    [
        "../../../../tmp/x",
        "../../utenfor",
        "/etc",
        "C:\\Windows\\x",
        "..",
        "",
        "3F0C2B1E-1111-4222-8333-944455556666",
        "{3f0c2b1e-1111-4222-8333-944455556666}",
        "3f0c2b1e-1111-4222-8333-94445555666\x00",
        "x" * 36,
    ],
    ids=[
        "issue",
        "up-two",
        "absolute",
        "windows",
        "dotdot",
        "empty",
        "upper",
        "braces",
        "nul",
        "x",
    ],
)
def test_a_uid_that_is_not_a_uuid_is_refused_before_anything_is_written(
    source, target, tmp_path, uid
):
    _, good = source
    root, run = target
    unchanged = _unchanged(root)
    bad = hostile_archive(good, tmp_path / "ond.zip", uid=uid)
    out = attempt(TALLY, run("importer-arkiv", bad), code=ExitCode.ERROR)
    assert out == (
        f"feil: {bad}: tilsyn_uid {uid[:60]!r} er ikke en UUID (en sak identifiseres med en "
        "UUID som 3f0c…-…); pakken er ikke laget av tilsyn eller er endret. Ingenting ble "
        "lagret.\n"
    )
    unchanged()
    assert not (tmp_path / "utenfor").exists()
    assert not Path("/tmp/x/authorized_keys").exists()


@pytest.mark.parametrize(
    "name",
    [
        "../authorized_keys",
        "/tmp/authorized_keys",
        "filer/../../authorized_keys",
        "filer/.ssh/authorized_keys",
        "filer/..",
        "C:/authorized_keys",
        "filer\\authorized_keys",
        "annet.txt",
    ],
    ids=[
        "up",
        "absolute",
        "up-from-filer",
        "subfolder",
        "dotdot",
        "drive",
        "backslash",
        "root",
    ],
)
def test_a_member_outside_filer_is_refused(source, target, tmp_path, name):
    _, good = source
    root, run = target
    unchanged = _unchanged(root)
    with zipfile.ZipFile(good) as z:
        members = {n: z.read(n) for n in z.namelist()}
    members[name] = AUTHORIZED_KEYS
    bad = tmp_path / "ond.zip"
    bad.write_bytes(zip_bytes(members))
    with zipfile.ZipFile(bad) as z, zipfile.ZipFile(good) as g:  # (NUL ends a name in a zip)
        stored = next(n for n in z.namelist() if n not in g.namelist())
    out = attempt(TALLY, run("importer-arkiv", bad), code=ExitCode.ERROR)
    assert out == (
        f"feil: {bad}: ugyldig filnavn i pakken: {stored[:120]!r} (bare tilsyn-arkiv.json, "
        "tilsyn-arkiv.hmac og filer direkte i filer/ er tillatt).\n"
    )
    unchanged()


def test_a_member_not_in_the_file_list_is_refused(source, target, tmp_path):
    """A NUL cuts a name in a zip («filer/authorized\\x00keys» is stored as
    «filer/authorized»): a plain name, refused because the file list does not have it."""
    _, good = source
    root, run = target
    unchanged = _unchanged(root)
    with zipfile.ZipFile(good) as z:
        members = {n: z.read(n) for n in z.namelist()}
    members["filer/authorized\x00keys"] = AUTHORIZED_KEYS
    bad = tmp_path / "ond.zip"
    bad.write_bytes(zip_bytes(members))
    out = attempt(TALLY, run("importer-arkiv", bad), code=ExitCode.ERROR)
    assert out == (
        f"feil: {bad} kan ikke importeres (1 feil); ingenting ble lagret:\n"
        "  - filer/authorized: ligger i pakken, men står ikke i fillisten\n"
    )
    unchanged()


def test_a_name_twice_in_the_zip_is_refused(source, target, tmp_path):
    _, good = source
    root, run = target
    unchanged = _unchanged(root)
    bad = tmp_path / "to.zip"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bad, "w") as z:
        for n in zin.namelist():
            z.writestr(n, zin.read(n))
        first = next(n for n in zin.namelist() if n.startswith("filer/"))
        with pytest.warns(UserWarning):
            z.writestr(first, AUTHORIZED_KEYS)
    out = attempt(TALLY, run("importer-arkiv", bad), code=ExitCode.ERROR)
    assert out == f"feil: {bad}: filnavnet {first!r} står to ganger i pakken.\n"
    unchanged()


def test_a_symlinked_import_folder_is_not_followed_out_of_the_workspace(source, target, tmp_path):
    _, good = source
    root, run = target
    outside = tmp_path / "utenfor"
    outside.mkdir()
    (root / "arkivimport").symlink_to(outside, target_is_directory=True)
    uid = json.loads(zipfile.ZipFile(good).read("tilsyn-arkiv.json"))["tilsyn_uid"]
    out = attempt(TALLY, run("importer-arkiv", good), code=ExitCode.ERROR)
    assert out.endswith(
        f"feil: {root / 'arkivimport' / uid}/document_versions-1-varsel-v1.docx ligger utenfor "
        f"arbeidsområdet {root} (en snarvei?); ingenting ble importert.\n"
    )
    assert list(outside.iterdir()) == []
    assert run("liste", "--json").stdout.strip() == "[]"


def test_a_row_path_never_makes_a_later_export_pack_a_local_file(source, target, tmp_path):
    """The forger points a received document's row at a local secret, with its sha256, and
    recomputes every hash and the anchor (no office key): the package imports, but the row
    gets no path, and a later export does not contain the secret."""
    _, good = source
    root, run = target
    secret = tmp_path / "hemmelig.txt"
    secret.write_bytes(b"passord=hunter2\n")
    digest = hashlib.sha256(secret.read_bytes()).hexdigest()

    def point_at_secret(meta, members):
        listed = {(f["tabell"], f["id"]) for f in meta["filer"]}
        for table in ("documents", "document_versions"):
            for row in meta["tabeller"][table]:
                if (table, row["id"]) not in listed or table == "documents":
                    row["path"] = str(secret)
                    row["sha256"] = digest
        # the received document's own file leaves the package
        for f in [f for f in meta["filer"] if f["tabell"] == "documents"]:
            meta["filer"].remove(f)
            members.pop(f["fil"])

    forged = _rewrite(good, tmp_path / "pekende.zip", point_at_secret)
    forged = hostile_archive(
        forged,
        tmp_path / "forfalsket.zip",
        uid=UID,
        file_name="filer/document_versions-1-x.docx",
        content=zipfile.ZipFile(good).read(
            next(n for n in zipfile.ZipFile(good).namelist() if "varsel" in n)
        ),
    )
    out = attempt(TALLY, run("importer-arkiv", forged), code=0)
    assert f"Importerte saken (uid {UID}) som tilsyn 1." in out
    assert "advarsel: Pakken er ikke autentisert med en kontornøkkel" in out
    imported = sorted(p.relative_to(root).as_posix() for p in (root / "arkivimport").rglob("*"))
    assert imported == [f"arkivimport/{UID}", f"arkivimport/{UID}/document_versions-1-x.docx"]
    shown = json.loads(run("vis", "1", "--json").stdout)
    assert [d["sha256"] for d in shown["dokumenter"]] == [digest]
    out_zip = tmp_path / "videre.zip"
    attempt(TALLY, run("eksport", "1", "-o", out_zip), code=0)
    with zipfile.ZipFile(out_zip) as z:
        packed = b"".join(z.read(n) for n in z.namelist())
        meta = json.loads(z.read("tilsyn-arkiv.json"))
    assert b"hunter2" not in packed
    assert [r["path"] for r in meta["tabeller"]["documents"]] == [None]
    log = json.loads(run("logg", "1", "--json").stdout)
    note = log["linjer"][-1] if "linjer" in log else log["logg"][-1]
    assert "stier_uten_fil" in json.dumps(note, ensure_ascii=False)


# --- item 1: an office key that a forger cannot recompute ----------------------------------


@pytest.fixture
def keyed(cli, workspace, source, target):
    """The sender has an office key; the receiver holds a copy of it."""
    r = cli("arkivnokkel", "lag", "sfag-2026-1")
    assert r.exit_code == 0, r.stderr
    key = workspace.root / "nokler" / "sfag-2026-1.nokkel"
    root, _run = target
    (root / "nokler").mkdir()
    (root / "nokler" / key.name).write_bytes(key.read_bytes())
    aid, _ = source
    signed = source[1].with_name("signert.zip")
    r = cli("eksport", aid, "-o", signed)
    assert r.exit_code == 0, r.stderr
    assert "Signert med kontornøkkelen «sfag-2026-1»." in r.stdout
    return signed


def test_key_file_is_private_and_never_shown_or_stored(cli, workspace, db_url):
    r = cli("arkivnokkel", "lag", "sfag-2026-1")
    assert r.exit_code == 0, r.stderr
    key = workspace.root / "nokler" / "sfag-2026-1.nokkel"
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    secret = next(
        line.split('"')[1] for line in key.read_text().splitlines() if line.startswith("nokkel")
    )
    listing = cli("arkivnokkel", "liste", "--json")
    assert secret not in listing.stdout and secret not in r.stdout
    assert json.loads(listing.stdout)["nokler"][0]["signerer"] is True
    assert secret not in repr(store_snapshot(db_url))
    again = cli("arkivnokkel", "lag", "sfag-2026-1")
    assert again.exit_code == ExitCode.USAGE
    assert again.stderr == (
        f"feil: Kontornøkkelen {key} finnes allerede; en nøkkel blir aldri erstattet. Velg "
        "et nytt navn (for eksempel neste løpenummer).\n"
    )
    bad = cli("arkivnokkel", "lag", "../x")
    assert bad.stderr == (
        "feil: «../x» er ikke et gyldig nøkkelnavn: bruk 3–64 små bokstaver a–z, sifre og "
        "bindestrek, f.eks. sfag-2026-1 (kontor, år, løpenummer).\n"
    )


def test_a_genuine_signed_package_is_authenticated(keyed, target):
    _, run = target
    out = attempt(TALLY, run("importer-arkiv", keyed), code=0)
    assert "  Autentisert med kontornøkkelen «sfag-2026-1» (Statsforvalteren i Agder).\n" in out
    assert "advarsel" not in out


def test_a_forged_package_from_an_office_with_a_key_is_refused(keyed, target, tmp_path):
    root, run = target
    unchanged = _unchanged(root)
    unsigned = hostile_archive(keyed, tmp_path / "usignert.zip", uid=UID)
    out = attempt(TALLY, run("importer-arkiv", unsigned), code=ExitCode.ERROR)
    assert out == (
        f"feil: {unsigned} kan ikke importeres: pakken sier at den er fra Statsforvalteren i "
        "Agder, som dette arbeidsområdet har kontornøkkel for (sfag-2026-1), men den er ikke "
        "signert. Ingenting ble lagret. Se docs/arkivformat.md om kontornøkler.\n"
    )
    resigned = hostile_archive(keyed, tmp_path / "signatur.zip", uid=UID, keep_signature=True)
    out = attempt(TALLY, run("importer-arkiv", resigned), code=ExitCode.ERROR)
    assert out == (
        f"feil: {resigned} kan ikke importeres: signaturen med kontornøkkelen «sfag-2026-1» "
        "stemmer ikke: pakken er endret etter at den ble laget, eller den er ikke laget av "
        "Statsforvalteren i Agder. Ingenting ble lagret. Se docs/arkivformat.md om "
        "kontornøkler.\n"
    )
    # Only the title changed, nothing re-hashed: the tag still catches it.
    retitled = _rewrite(
        keyed, tmp_path / "tittel.zip", lambda m, _: m["tabeller"]["audits"][0].update(title="X")
    )
    out = attempt(TALLY, run("importer-arkiv", retitled), code=ExitCode.ERROR)
    assert "signaturen med kontornøkkelen «sfag-2026-1» stemmer ikke" in out

    def other_key(meta, members):
        sig = json.loads(members["tilsyn-arkiv.hmac"])
        sig["nokkel"] = "falsk-2026-1"
        members["tilsyn-arkiv.hmac"] = json.dumps(sig).encode()

    renamed = _rewrite(keyed, tmp_path / "annen.zip", other_key)
    out = attempt(TALLY, run("importer-arkiv", renamed), code=ExitCode.ERROR)
    assert out == (
        f"feil: {renamed} kan ikke importeres: pakken er signert med kontornøkkelen "
        "«falsk-2026-1», som dette arbeidsområdet ikke har for Statsforvalteren i Agder. "
        "Ingenting ble lagret. Se docs/arkivformat.md om kontornøkler.\n"
    )
    unchanged()


def test_require_key_refuses_any_unsigned_package(source, target, tmp_path):
    _, good = source
    root, run = target
    config = root / "tilsyn.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("# krev_nokkel = false", "krev_nokkel = true"),
        encoding="utf-8",
    )
    unchanged = _unchanged(root)
    out = attempt(TALLY, run("importer-arkiv", good), code=ExitCode.ERROR)
    assert out == (
        f"feil: {good} kan ikke importeres: pakken er ikke signert med en kontornøkkel ([arkiv] "
        "krev_nokkel). Ingenting ble lagret. Se docs/arkivformat.md om kontornøkler.\n"
    )
    unchanged()


# --- item 7: the log anchor travels in every package ----------------------------------------


def test_a_package_with_its_newest_log_lines_removed_is_refused(source, target, tmp_path):
    _, good = source
    root, run = target
    unchanged = _unchanged(root)

    def drop_newest(meta, members):
        chain = f"tilsyn:{meta['tilsyn_uid']}"
        newest = max((e for e in meta["logg"] if e["chain"] == chain), key=lambda e: e["seq"])
        meta["logg"].remove(newest)

    bad = _rewrite(good, tmp_path / "kortere.zip", drop_newest)
    meta = json.loads(zipfile.ZipFile(good).read("tilsyn-arkiv.json"))
    anchor = meta["logg_anker"]
    own = [e for e in meta["logg"] if e["chain"] == anchor["kjede"]]
    out = attempt(TALLY, run("importer-arkiv", bad), code=ExitCode.ERROR)
    assert out == (
        f"feil: {bad} kan ikke importeres (2 feil); ingenting ble lagret:\n"
        f"  - logg_anker sier {anchor['antall']} linjer med siste hash {anchor['hode'][:12]}…, "
        f"men loggen i pakken har {anchor['antall'] - 1} med siste hash {own[-2]['hash'][:12]}… "
        "(linjer er fjernet eller lagt til)\n"
        "  - audits[1]: ankeret (log_count, log_head) stemmer ikke med loggen\n"
    )
    unchanged()


# --- items 3, 6 and 8: what a package's JSON may hold ----------------------------------------


@pytest.mark.parametrize("form", range(len(issue_15_forms("15058510170"))))
def test_identity_numbers_in_package_fields_are_refused_masked(source, target, tmp_path, form):
    number = identity_numbers()["d-nummer"]
    written = issue_15_forms(number)[form]
    _, good = source
    root, run = target
    unchanged = _unchanged(root)
    bad = _rewrite(
        good,
        tmp_path / "fnr.zip",
        lambda m, _: m["tabeller"]["documents"][0].update(title=f"Vedtak for {written}"),
    )
    out = attempt(TALLY, run("importer-arkiv", bad), code=ExitCode.ERROR, numbers=(number,))
    assert out == (
        f"feil: {bad} kan ikke importeres (1 feil); ingenting ble lagret:\n"
        f"  - tabeller.documents[1].title: inneholder det som ser ut som et fødselsnummer eller "
        f"D-nummer ({number[:6]}*****)\n"
    )
    unchanged()


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("9999-12-31", "datoen 9999-12-31 er utenfor 1990-01-01–2099-12-31"),
        ("0001-01-01", "datoen 0001-01-01 er utenfor 1990-01-01–2099-12-31"),
        ("2017-02-30", "skal være en dato ÅÅÅÅ-MM-DD"),
        (20170301, "skal være en dato ÅÅÅÅ-MM-DD"),
    ],
)
def test_absurd_dates_in_a_package_are_refused(source, target, tmp_path, value, problem):
    _, good = source
    root, run = target
    unchanged = _unchanged(root)
    bad = _rewrite(
        good, tmp_path / "dato.zip", lambda m, _: m["tabeller"]["events"][0].update(date=value)
    )
    out = attempt(TALLY, run("importer-arkiv", bad), code=ExitCode.ERROR)
    assert out == (
        f"feil: {bad} kan ikke importeres (1 feil); ingenting ble lagret:\n"
        f"  - events[1].date: {problem}\n"
    )
    unchanged()


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (1, "skal være tekst"),
        (99999999999999999999, "skal være tekst"),
        (1.5e308, "skal være tekst"),
        (True, "skal være tekst"),
        ([], "skal være tekst"),
        (["x"], "skal være tekst"),
        ({"a": "b"}, "skal være tekst"),
        (None, "mangler (påkrevd)"),
        ("x" * 301, "er for lang (301 tegn, høyst 300)"),
        ("a\x00b", "inneholder NUL-tegn"),
    ],
    ids=[
        "int",
        "huge-int",
        "huge-float",
        "bool",
        "empty-list",
        "list",
        "object",
        "null",
        "long",
        "nul",
    ],
)
def test_non_text_json_fields_are_refused(source, target, tmp_path, value, problem):
    _, good = source
    root, run = target
    unchanged = _unchanged(root)
    bad = _rewrite(
        good, tmp_path / "felt.zip", lambda m, _: m["tabeller"]["audits"][0].update(title=value)
    )
    out = attempt(TALLY, run("importer-arkiv", bad), code=ExitCode.ERROR)
    assert out.startswith(f"feil: {bad} kan ikke importeres (")
    assert f"  - audits[1].title: {problem}\n" in out
    unchanged()


@pytest.mark.parametrize(
    ("blob", "message"),
    [
        (
            b'{"format": "tilsyn-arkiv", "formatversjon": 2, "tabeller": NaN}',
            "{pkg}: tilsyn-arkiv.json: ugyldig JSON (NaN er ikke et gyldig JSON-tall). "
            "Ingenting ble lagret.",
        ),
        (
            b'{"formatversjon": Infinity}',
            "{pkg}: tilsyn-arkiv.json: ugyldig JSON (Infinity er ikke et gyldig JSON-tall). "
            "Ingenting ble lagret.",
        ),
        (
            deep_json(10_000).encode(),
            "{pkg}: tilsyn-arkiv.json, linje 1: JSON-strukturen er nestet dypere enn 64 nivåer; "
            "filen er ikke laget av tilsyn eller er ødelagt. Ingenting ble lagret.",
        ),
        (
            deep_json(10_000, kind="object").encode(),
            "{pkg}: tilsyn-arkiv.json, linje 1: JSON-strukturen er nestet dypere enn 64 nivåer; "
            "filen er ikke laget av tilsyn eller er ødelagt. Ingenting ble lagret.",
        ),
        (
            b'{"format": "tilsyn-arkiv",\n "x": \xff}',
            "{pkg}: tilsyn-arkiv.json: metadataene er ikke UTF-8-tekst: ugyldig byte 0xff på "
            "linje 2 (byte nr. 34 i filen). Lagre filen som UTF-8 og prøv igjen. Ingenting ble "
            "lagret.",
        ),
        (
            b'{"format": "tilsyn-arkiv",',
            "{pkg}: tilsyn-arkiv.json, linje 1, kolonne 27: ugyldig JSON (Expecting property "
            "name enclosed in double quotes). Ingenting ble lagret.",
        ),
        (
            b"[1, 2]",
            "{pkg}: ikke en arkivpakke fra tilsyn (format mangler).",
        ),
        (
            b'{"format": "tilsyn-arkiv", "formatversjon": 2, "tilsyn_uid": "'
            + UID.encode()
            + b'", "tabeller": {"audits": [[[[1]]]]}, "logg": [], "filer": []}',
            "{pkg} kan ikke importeres (1 feil); ingenting ble lagret:\n"
            "  - audits[1]: skal være et objekt",
        ),
    ],
    ids=["nan", "infinity", "deep-list", "deep-object", "not-utf8", "syntax", "list", "nested"],
)
def test_broken_metadata_is_refused_with_a_message(target, tmp_path, blob, message):
    root, run = target
    unchanged = _unchanged(root)
    pkg = tmp_path / "pakke.zip"
    pkg.write_bytes(zip_bytes({"tilsyn-arkiv.json": blob}))
    out = attempt(TALLY, run("importer-arkiv", pkg), code=ExitCode.ERROR)
    assert out == "feil: " + message.format(pkg=pkg) + "\n"
    unchanged()


def test_a_zip_bomb_member_is_refused_before_it_is_unpacked(source, target, tmp_path):
    _, good = source
    root, run = target
    unchanged = _unchanged(root)
    bomb = tmp_path / "bombe.zip"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        for n in zin.namelist():
            z.writestr(n, zin.read(n))
        with z.open("filer/bombe.bin", "w", force_zip64=True) as fh:
            block = b"\0" * (1 << 20)
            for _ in range(40):
                fh.write(block)
    assert bomb.stat().st_size < 1_000_000
    out = attempt(TALLY, run("importer-arkiv", bomb), code=ExitCode.ERROR)
    ratio = zipfile.ZipFile(bomb).getinfo("filer/bombe.bin")
    assert out == (
        f"feil: {bomb}: filer/bombe.bin er unormalt sterkt komprimert "
        f"({ratio.file_size // ratio.compress_size}:1; mulig zip-bombe).\n"
    )
    unchanged()


def test_the_export_of_a_case_with_a_key_file_registered_leaves_the_key_out(
    cli, workspace, tmp_path
):
    r = cli("arkivnokkel", "lag", "sfag-2026-1")
    assert r.exit_code == 0, r.stderr
    aid = cli("opprett", "--kommune", "1001", "--sjekkliste", "individuell-plan").stdout.strip()
    key = workspace.root / "nokler" / "sfag-2026-1.nokkel"
    r = cli("dokument", aid, "--tittel", "Nøkkel", "--fil", key)
    assert r.exit_code == 0, r.stderr
    out = tmp_path / "sak.zip"
    r = cli("eksport", aid, "-o", out)
    assert r.exit_code == 0, r.stderr
    assert "ikke med i pakken: dokument nr. 1:" in r.stderr
    assert "(en kontornøkkel blir aldri pakket)" in r.stderr
    with zipfile.ZipFile(out) as z:
        assert not any(n.startswith("filer/documents") for n in z.namelist())
        assert key.read_bytes() not in b"".join(z.read(n) for n in z.namelist())


def test_import_writes_files_only_inside_the_workspace(source, target):
    _, good = source
    root, run = target
    out = attempt(TALLY, run("importer-arkiv", good), code=0)
    assert "Importerte saken" in out
    written = [p for p in root.rglob("*") if p.is_file() and "arkivimport" in p.parts]
    assert written and all(p.resolve().is_relative_to(root.resolve()) for p in written)
    assert os.path.commonpath([str(p) for p in written]).startswith(str(root / "arkivimport"))


def test_look_alike_pseudonyms_in_a_package_are_refused(cli, scored_audit, target, tmp_path):
    out_zip = tmp_path / "utvalg.zip"
    assert cli("eksport", scored_audit, "-o", out_zip).exit_code == 0
    root, run = target
    unchanged = _unchanged(root)

    def lookalikes(meta, _):
        rows = meta["tabeller"]["participants"]
        rows[0]["pseudonym"] = "D00\u202e1"
        rows[1]["pseudonym"] = rows[2]["pseudonym"].replace("0", "O")

    bad = _rewrite(out_zip, tmp_path / "ond.zip", lookalikes)
    out = attempt(TALLY, run("importer-arkiv", bad), code=ExitCode.ERROR)
    assert out == (
        f"feil: {bad} kan ikke importeres (2 feil); ingenting ble lagret:\n"
        "  - participants[1].pseudonym: tegn nr. 4 i pseudonymet (U+202E RIGHT-TO-LEFT "
        "OVERRIDE) er et usynlig tegn eller et styretegn. Et pseudonym kan ha bokstaver, sifre "
        "0–9, mellomrom, bindestrek (-), understrek (_) og punktum.\n"
        "  - participants[3].pseudonym: pseudonymet «D003» ligner for mye på «DOO3» "
        "(participants[2].pseudonym); to deltakere må ha pseudonymer som ikke kan forveksles\n"
    )
    unchanged()


def test_absurd_dates_in_a_participants_file_facts_are_refused(cli, scored_audit, target, tmp_path):
    out_zip = tmp_path / "utvalg.zip"
    assert cli("eksport", scored_audit, "-o", out_zip).exit_code == 0
    root, run = target
    unchanged = _unchanged(root)

    def far_future(meta, _):
        row = meta["tabeller"]["participants"][0]
        facts = json.loads(row["data"])
        facts["bosettingsdato"] = "9999-12-31"
        row["data"] = json.dumps(facts)

    bad = _rewrite(out_zip, tmp_path / "dato.zip", far_future)
    out = attempt(TALLY, run("importer-arkiv", bad), code=ExitCode.ERROR)
    assert out == (
        f"feil: {bad} kan ikke importeres (1 feil); ingenting ble lagret:\n"
        "  - participants[1].data.bosettingsdato: Datoen 9999-12-31 for bosettingsdato er "
        "utenfor det tillatte tidsrommet 1990-01-01–2099-12-31; sjekk årstallet.\n"
    )
    unchanged()
