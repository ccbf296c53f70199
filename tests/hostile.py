"""Builders of hostile inputs (issue 15), for the tests of every route that must refuse them.

Each builder returns text, bytes or a file written under a folder the test gives (always a
``tmp_path``), and says in its docstring what it attacks. They are deterministic (fixed
seeds), so a failing test can be rerun with the same input. Import them as
``from hostile import ...`` (tests/ is on the path, like ``idnumbers``).
"""

from __future__ import annotations

import io
import json
import random
import zipfile
from collections.abc import Iterator
from pathlib import Path

from idnumbers import valid_number

# --- identity numbers --------------------------------------------------------------------


def identity_numbers() -> dict[str, str]:
    """Valid numbers of each kind (fødselsnummer, D-, H- and synthetic number): the refusals."""
    return {
        "fodselsnummer": valid_number("150585"),
        "d-nummer": valid_number("550585"),
        "h-nummer": valid_number("154585"),
        "syntetisk": valid_number("158585"),
    }


# Visible separators a person may type (or a program may insert) between digit groups.
SEPARATORS: dict[str, str] = {
    "space": " ",
    "two-spaces": "  ",
    "no-break-space": "\u00a0",
    "narrow-no-break-space": "\u202f",
    "figure-space": "\u2007",
    "ideographic-space": "\u3000",
    "tab": "\t",
    "newline": "\n",
    "crlf": "\r\n",
    "dot": ".",
    "dot-space": ". ",
    "hyphen": "-",
    "spaced-hyphen": " - ",
    "non-breaking-hyphen": "\u2011",
    "en-dash": "\u2013",
    "em-dash": "\u2014",
    "minus-sign": "\u2212",
    "fullwidth-hyphen": "\uff0d",
    "slash": "/",
    "backslash": "\\",
    "underscore": "_",
    "comma": ",",
    "colon": ":",
    "apostrophe": "'",
    "middle-dot": "\u00b7",
}

# Invisible characters that a copy from Word, a web page or a hostile user leaves between
# digits: format characters (Cf), control characters and combining marks.
INVISIBLES: dict[str, str] = {
    "zero-width-space": "\u200b",
    "zero-width-non-joiner": "\u200c",
    "zero-width-joiner": "\u200d",
    "word-joiner": "\u2060",
    "soft-hyphen": "\u00ad",
    "bom": "\ufeff",
    "left-to-right-mark": "\u200e",
    "right-to-left-mark": "\u200f",
    "right-to-left-override": "\u202e",
    "left-to-right-isolate": "\u2066",
    "pop-directional-isolate": "\u2069",
    "arabic-letter-mark": "\u061c",
    "nul": "\x00",
    "vertical-tab": "\x0b",
    "combining-low-line": "\u0332",
    "variation-selector-16": "\ufe0f",
}

# Digits of other scripts and compatibility forms (NFKC or their digit value gives 0-9).
_DIGIT_FORMS: dict[str, int | str] = {
    "fullwidth": 0xFF10,
    "arabic-indic": 0x0660,
    "extended-arabic-indic": 0x06F0,
    "devanagari": 0x0966,
    "mathematical-bold": 0x1D7CE,
    "superscript": "⁰¹²³⁴⁵⁶⁷⁸⁹",
}

_GROUPINGS: dict[str, tuple[int, ...]] = {
    "6+5": (6, 5),
    "2+2+2+3+2": (2, 2, 2, 3, 2),
    "4+7": (4, 7),
    "2+2+7": (2, 2, 7),
    "3+3+3+2": (3, 3, 3, 2),
    "every-digit": (1,) * 11,
}


def in_digit_form(number: str, form: str) -> str:
    """``number`` written with the digits of ``form`` (see ``_DIGIT_FORMS``)."""
    base = _DIGIT_FORMS[form]
    if isinstance(base, str):
        return "".join(base[int(c)] for c in number)
    return "".join(chr(base + int(c)) for c in number)


def grouped(number: str, groups: tuple[int, ...], separator: str) -> str:
    """``number`` split into digit groups of the given sizes, joined by ``separator``."""
    assert sum(groups) == len(number)
    parts, pos = [], 0
    for size in groups:
        parts.append(number[pos : pos + size])
        pos += size
    return separator.join(parts)


def written_with_separators(number: str) -> Iterator[tuple[str, str]]:
    """Every way of writing ``number`` that detection must see through: (label, text)."""
    for sep_name, sep in SEPARATORS.items():
        for group_name, groups in _GROUPINGS.items():
            yield f"{group_name} {sep_name}", grouped(number, groups, sep)
    for inv_name, inv in INVISIBLES.items():
        yield f"{inv_name} inside", number[:4] + inv + number[4:]
        yield f"{inv_name} everywhere", inv.join(number)
        yield f"{inv_name} + space", grouped(number, (6, 5), inv + " ")
    for form in _DIGIT_FORMS:
        written = in_digit_form(number, form)
        yield f"{form} digits", written
        yield f"{form} digits 6+5 space", grouped(written, (6, 5), " ")
    yield "mixed runs", number[:2] + " \u00a0\t" + number[2:4] + ".\u200b-" + number[4:]
    yield "keycap digits", "".join(c + "\ufe0f\u20e3" for c in number)


# The forms issue 15 lists by name (for a number whose digits are given in full).
ISSUE_15_FORMS = (
    "{d:2} {d:2} {d:2} {d:3} {d:2}",
    "{d:6}.{d:5}",
    "{d:6}\u2013{d:5}",
    "{d:2}/{d:2}/{d:2} {d:5}",
    "{d:4}\u200b{d:7}",
    "{d:6}\u00a0{d:5}",
    "{d:6}\u00ad{d:5}",
    "{d:6}\t{d:5}",
    "{d:6}   {d:5}",
)


def issue_15_forms(number: str) -> list[str]:
    """``number`` in each form issue 15 says was accepted (attacks every route in)."""
    out = []
    for form in ISSUE_15_FORMS:
        digits = iter(number)
        text, pos = "", 0
        while pos < len(form):
            if form.startswith("{d:", pos):
                end = form.index("}", pos)
                text += "".join(next(digits) for _ in range(int(form[pos + 3 : end])))
                pos = end + 1
            else:
                text += form[pos]
                pos += 1
        out.append(text)
    return out


def ordinary_text_with_numbers() -> list[str]:
    """Text with dates, times, phone, account, case and org numbers: must NOT be refused."""
    return [
        "Vedtak 15.05.2017, 16.05.2017 og 01.06.2017; møte kl. 10:15–12:30.",
        "Planen ble vedtatt 2017-03-15, fulgt opp 2017-04-01 og 2017-05-02.",
        "Ring 004791234567 eller +47 912 34 567.",
        "Kontonummer 1503.12.34567, saksnummer 2017/123456-12, org.nr. 974 763 907.",
        "Telefon 12345678901 og 99999999999; ti sifre 0101901234.",
        "Av 31 deltakere hadde 12 plan innen 3 måneder (38,7 %); 2016: 10 av 28.",
        "Timeplan: 37,5 timer per uke i 47 uker, 1 740 timer i alt.",
        "Kommunenummer 4204, 1001 og 3005; fylke 42.",
        "Dokument nr. 1, 2, 3, 4 og 5 ble mottatt 20.03.2017.",
    ]


def ordinary_text_1mb() -> str:
    """1 MB of ordinary report text with many numbers (attacks the scanner's speed)."""
    sentence = (
        "Kommunen fattet vedtak 12.03.2017 i sak 2017/01234-5 for 14 deltakere; "
        "3 hadde plan innen 3 måneder, 38,7 % av 31. "
    )
    return (sentence * (1_000_000 // len(sentence) + 1))[:1_000_000]


def digits_and_separators_1mb(seed: int = 15) -> str:
    """1 MB of random digits and separators (attacks regex backtracking in detection)."""
    rng = random.Random(seed)
    alphabet = "0123456789" * 3 + " .-/\u00a0\u200b\u2013\t"
    return "".join(rng.choice(alphabet) for _ in range(1_000_000))


def single_digit_groups_1mb(seed: int = 15) -> str:
    """1 MB of single digits each followed by a separator: the most candidate windows."""
    rng = random.Random(seed)
    return "".join(rng.choice("0123456789") + " " for _ in range(500_000))


def docx_xml_with_split_number(number: str) -> str:
    """A Word body where ``number`` is split over runs, a tracked change and a field code."""
    return (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>Deltaker </w:t></w:r>"
        f'<w:r><w:rPr><w:b/></w:rPr><w:t>{number[:3]}</w:t></w:r><w:proofErr w:type="x"/>'
        f'<w:ins w:id="1" w:author="a"><w:r><w:t xml:space="preserve">{number[3:6]} </w:t>'
        "</w:r></w:ins>"
        f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>{number[6:9]}'
        f"</w:instrText></w:r><w:r><w:t>{number[9:]}</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>Neste avsnitt 12</w:t></w:r></w:p></w:body></w:document>"
    )


def docx_parts_with_number(number: str) -> dict[str, str]:
    """XML parts of a .docx that hide ``number`` where a body scan does not look."""
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    return {
        "word/document.xml (text box)": (
            f"<w:document {w}><w:body><w:p><w:r><w:drawing><wps:txbx><w:txbxContent>"
            f"<w:p><w:r><w:t>{number[:6]}</w:t></w:r><w:r><w:t> {number[6:]}</w:t></w:r></w:p>"
            "</w:txbxContent></wps:txbx></w:drawing></w:r></w:p></w:body></w:document>"
        ),
        "word/document.xml (simple field)": (
            f'<w:document {w}><w:body><w:p><w:fldSimple w:instr=" AUTHOR {number} ">'
            "<w:r><w:t>x</w:t></w:r></w:fldSimple></w:p></w:body></w:document>"
        ),
        "word/comments.xml": (
            f'<w:comments {w}><w:comment w:id="0" w:author="x"><w:p><w:r>'
            f"<w:t>{number[:6]}-{number[6:]}</w:t></w:r></w:p></w:comment></w:comments>"
        ),
        "docProps/core.xml": (
            "<cp:coreProperties><dc:title>Rapport</dc:title>"
            f"<dc:subject>{number[:6]}&#160;{number[6:]}</dc:subject></cp:coreProperties>"
        ),
        "customXml/item1.xml": f"<root><!-- {number} --><fnr><![CDATA[{number}]]></fnr></root>",
        "word/document.xml (character references)": (
            f"<w:document {w}><w:body><w:p><w:r><w:t>"
            + "".join(f"&#{ord(c)};" for c in number)
            + "</w:t></w:r></w:p></w:body></w:document>"
        ),
    }


# --- YAML --------------------------------------------------------------------------------


def yaml_alias_bomb(levels: int = 9, width: int = 9) -> str:
    """A ~540-byte checklist that expands to width**levels values (billion laughs)."""
    lines = ["schema_version: 1", "id: bombe", "title: Bombe"]
    lines.append("a0: &a0 [" + ",".join(['"lol"'] * width) + "]")
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * width) + "]")
    lines.append(f"themes: *a{levels}")
    return "\n".join(lines) + "\n"


def write_alias_bomb(folder: Path, name: str = "bombe.yaml") -> Path:
    """The alias bomb as a checklist file in ``folder`` (e.g. a workspace's sjekklister/)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(yaml_alias_bomb(), encoding="utf-8")
    return path


def deep_yaml(depth: int = 10_000, *, flow: bool = True) -> str:
    """YAML nested ``depth`` levels deep (attacks recursion and ruamel's quadratic scanner)."""
    if flow:
        return "id: " + "[" * depth + "]" * depth + "\n"
    return "".join(" " * i + f"k{i}:\n" for i in range(depth)) + " " * depth + "x: 1\n"


def oversized_yaml(size: int = 1_100_000) -> str:
    """Valid YAML of ``size`` bytes, mostly comments (attacks memory and time: size limit)."""
    head = "schema_version: 1\nid: stor\n"
    line = "# " + "x" * 97 + "\n"
    return head + line * ((size - len(head)) // len(line) + 1)


def yaml_many_values(count: int = 200_000) -> str:
    """A small file with ``count`` tiny values (attacks time: ruamel reads ~30 000/s)."""
    return "id: mange\nx: [" + ",".join("0" * count) + "]\n"


# --- Excel -------------------------------------------------------------------------------

_XLSX_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


def xlsx_far_cell(folder: Path, name: str = "populasjon.xlsx") -> Path:
    """A 5 KB population workbook with one cell at XFD1048576 (attacks memory: 2 GB+)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Populasjon"
    ws.append(["pseudonym", "bosettingsdato"])
    ws.append(["KRS-001", "2017-01-03"])
    ws.append(["KRS-002", "2017-01-04"])
    ws["XFD1048576"] = "x"
    path = folder / name
    wb.save(path)
    return path


def _sheet_xml(part_bytes: int, rng: random.Random, sheet: int) -> bytes:
    # Row numbers and small random values keep deflate at about 13:1, as in issue 15's file.
    note = ("Ingen merknader til mappen. " * 8)[:200]
    rows, size, r = [], 0, 1
    while size < part_bytes:
        r += 1
        cells = "".join(f'<c r="{col}{r}"><v>{rng.randrange(100)}</v></c>' for col in "CDEFGH")
        row = (
            f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>P{sheet}-{r:06d}</t></is></c>'
            f'<c r="B{r}" t="inlineStr"><is><t>2017-01-{r % 28 + 1:02d}</t></is></c>{cells}'
            f'<c r="I{r}" t="inlineStr"><is><t>{note}</t></is></c></row>'
        )
        rows.append(row)
        size += len(row)
    head = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{_XLSX_MAIN}">'
        f'<dimension ref="A1:I{r}"/><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>pseudonym</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>bosettingsdato</t></is></c></row>'
    )
    return (head + "".join(rows) + "</sheetData></worksheet>").encode("utf-8")


def xlsx_unpacks_large(
    folder: Path, name: str = "populasjon.xlsx", *, sheets: int = 15, part_bytes: int = 1_860_000
) -> Path:
    """A 2.1 MB workbook that unpacks to 28 MB, each part under 2 MB (attacks time and memory
    when only each part's size is checked)."""
    rng = random.Random(15)
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats'
            '-officedocument.spreadsheetml.sheet.main+xml"/>'
            + "".join(
                f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                for i in range(1, sheets + 1)
            )
            + "</Types>"
        ).encode(),
        "_rels/.rels": (
            f'<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" Type="{_REL}/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ).encode(),
        "xl/workbook.xml": (
            f'<workbook xmlns="{_XLSX_MAIN}" xmlns:r="{_REL}"><sheets>'
            + "".join(
                f'<sheet name="Ark{i}" sheetId="{i}" r:id="rId{i}"/>' for i in range(1, sheets + 1)
            )
            + "</sheets></workbook>"
        ).encode(),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{_PKG_REL}">'
            + "".join(
                f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" '
                f'Target="worksheets/sheet{i}.xml"/>'
                for i in range(1, sheets + 1)
            )
            + "</Relationships>"
        ).encode(),
    }
    for i in range(1, sheets + 1):
        parts[f"xl/worksheets/sheet{i}.xml"] = _sheet_xml(part_bytes, rng, i)
    path = folder / name
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for part, data in parts.items():
            z.writestr(part, data)
    return path


# --- archive packages --------------------------------------------------------------------

AUTHORIZED_KEYS = b"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHostileHostileHostileHostile angriper\n"


def hostile_archive(
    source: Path,
    dest: Path,
    *,
    uid: str = "../../../../tmp/x",
    file_name: str = "filer/authorized_keys",
    content: bytes = AUTHORIZED_KEYS,
    row_path: str | None = None,
    anchor: bool = True,
    keep_signature: bool = False,
) -> Path:
    """A re-hashed copy of a real package (from ``tilsyn eksport``) with a path for a uid, its
    first file renamed to ``file_name`` and, optionally, every row's ``path`` set to
    ``row_path`` (attacks: writing outside the workspace, exporting local files, and an
    unkeyed log hash that a forger recomputes). With ``anchor`` the forger also recomputes
    the log anchor (format 2) of the package; the office-key tag is dropped unless
    ``keep_signature`` (a forger cannot recompute it)."""
    from tilsyn.audit.logchain import entry_hash

    with zipfile.ZipFile(source) as z:
        entries = {n: z.read(n) for n in z.namelist()}
    meta = json.loads(entries.pop("tilsyn-arkiv.json").decode("utf-8"))
    old_uid = meta["tilsyn_uid"]
    text = json.dumps(meta, ensure_ascii=False).replace(old_uid, json.dumps(uid)[1:-1])
    meta = json.loads(text)
    tables = meta["tabeller"]
    if not meta["filer"]:
        raise ValueError("the package has no file: register a document with --fil first")
    listed = meta["filer"][0]
    entries.pop(listed["fil"], None)
    import hashlib

    digest = hashlib.sha256(content).hexdigest()
    entries[file_name] = content
    listed.update(fil=file_name, sha256=digest, bytes=len(content))
    for row in tables.get(listed["tabell"]) or []:
        if row.get("id") == listed["id"] and row.get("sha256"):
            row["sha256"] = digest
    if row_path is not None:
        for table in ("documents", "document_versions"):
            for row in tables.get(table) or []:
                row["path"] = row_path
    previous: dict[str, str] = {}
    for entry in meta["logg"]:
        prev = previous.get(entry["chain"], "0" * 64)
        entry["prev_hash"] = prev
        entry["hash"] = entry_hash(
            prev,
            chain=entry["chain"],
            seq=entry["seq"],
            at=entry["at"],
            user=entry["user"],
            action=entry["action"],
            entity=entry["entity"],
            old=entry["old"],
            new=entry["new"],
        )
        previous[entry["chain"]] = entry["hash"]
    if anchor and isinstance(meta.get("logg_anker"), dict):
        chain = f"tilsyn:{uid}"
        own = [e for e in meta["logg"] if e["chain"] == chain]
        count, head = len(own), own[-1]["hash"] if own else "0" * 64
        meta["logg_anker"] = {"kjede": chain, "antall": count, "hode": head}
        tables["audits"][0]["log_count"], tables["audits"][0]["log_head"] = count, head
    if not keep_signature:
        entries.pop("tilsyn-arkiv.hmac", None)
    blob = json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    with zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("tilsyn-arkiv.json", blob)
        for name, data in entries.items():
            z.writestr(name, data)
    return dest


# --- JSON --------------------------------------------------------------------------------

# Values where a text is expected (attacks code that assumes str: .strip(), len(), regex).
NON_TEXT_JSON_VALUES: dict[str, object] = {
    "integer": 1,
    "huge-integer": 99999999999999999999,
    "float": 1.5,
    "huge-float": 1e308,
    "true": True,
    "null": None,
    "empty-list": [],
    "list": ["ja"],
    "object": {"svar": "ja"},
}


def bulk_answers_json(folder: Path, *, name: str = "svar.json", **fields: object) -> Path:
    """A bulk answer file (``vurder --fil``) with one answer whose fields are ``fields``
    (pass NON_TEXT_JSON_VALUES to attack type assumptions)."""
    row = {"sporsmal": "B1.1", "svar": "ja", "observasjon": "Greit."}
    row.update(fields)
    path = folder / name
    path.write_text(json.dumps([row], ensure_ascii=False), encoding="utf-8")
    return path


def deep_json(depth: int = 10_000, *, kind: str = "list") -> str:
    """JSON nested ``depth`` levels (attacks recursion: RecursionError in json and walkers)."""
    if kind == "list":
        return "[" * depth + "]" * depth
    return '{"a":' * depth + "{}" + "}" * depth


def json_with_nan() -> str:
    """JSON with NaN and Infinity, which Python's json accepts (``"tabeller": NaN``)."""
    return '{"tabeller": NaN, "formatversjon": Infinity, "x": -Infinity}'


# --- text --------------------------------------------------------------------------------


def invalid_utf8() -> dict[str, tuple[bytes, int]]:
    """Byte strings with invalid UTF-8 and the offset of the first bad byte (attacks
    decoding with errors='ignore'/'replace', which drops text silently)."""
    base = b"pseudonym;bosettingsdato\nKRS-001;2017-01-03\nKRS-"
    return {
        "latin-1": (base + b"\xf8002;2017-01-04\n", len(base)),
        "lone-continuation": (base + b"\x80002;2017-01-04\n", len(base)),
        "truncated-sequence": (base + b"\xe2\x82002;2017-01-04\n", len(base)),
        "overlong-slash": (base + b"\xc0\xaf002;2017-01-04\n", len(base)),
        "surrogate": (base + b"\xed\xa0\x80002;2017-01-04\n", len(base)),
        "ff-byte": (base + b"\xff002;2017-01-04\n", len(base)),
    }


def confusable_pseudonyms() -> dict[str, tuple[str, str]]:
    """(original, look-alike) pairs of pseudonyms (attacks duplicate detection, sheet names
    and reviewers' eyes: invisible, near-duplicate and bidi-override characters)."""
    return {
        "fullwidth-digits": ("KRS-001", "KRS-\uff10\uff101"),
        "right-to-left-override": ("KRS-001", "KRS\u202e-001"),
        "zero-width-space": ("KRS-001", "KRS-0\u200b01"),
        "zero-width-joiner": ("KRS-001", "KRS\u200d-001"),
        "soft-hyphen": ("KRS-001", "KRS-00\u00ad1"),
        "cyrillic-letters": ("KRS-001", "KR\u0405-001"),
        "trailing-no-break-space": ("KRS-001", "KRS-001\u00a0"),
        "combining-mark": ("KRS-001", "KRS-001\u0301"),
        "en-dash": ("KRS-001", "KRS\u2013001"),
        "letter-o-for-zero": ("KRS-001", "KRS-OO1"),
        "bom-prefix": ("KRS-001", "\ufeffKRS-001"),
    }


def long_text(length: int = 100_000) -> str:
    """Norwegian text of ``length`` characters (attacks Excel's 32 767-character cell limit:
    silently truncated on a round-trip)."""
    sentence = "Kommunen har ikke utarbeidet individuell plan for deltakeren innen fristen. "
    return (sentence * (length // len(sentence) + 1))[:length]


# --- configuration -----------------------------------------------------------------------


def binary_toml(folder: Path) -> Path:
    """A tilsyn.toml of random bytes with NUL and invalid UTF-8 (attacks config loading)."""
    rng = random.Random(15)
    data = b"\x00\xff\xfePK\x03\x04" + bytes(rng.randrange(256) for _ in range(4096))
    path = folder / "tilsyn.toml"
    path.write_bytes(data)
    return path


def deep_toml(depth: int = 10_000, *, kind: str = "array") -> str:
    """TOML nested ``depth`` levels (attacks tomllib's recursion: RecursionError)."""
    if kind == "array":
        return "x = " + "[" * depth + "]" * depth + "\n"
    if kind == "inline-table":
        return "x = " + "{a = " * depth + "1" + "}" * depth + "\n"
    return "[" + ".".join(["a"] * depth) + "]\nx = 1\n"


def write_deep_toml(folder: Path, depth: int = 10_000, *, kind: str = "array") -> Path:
    """``deep_toml`` written as ``folder``/tilsyn.toml."""
    path = folder / "tilsyn.toml"
    path.write_text(deep_toml(depth, kind=kind), encoding="utf-8")
    return path


# --- dates and numbers -------------------------------------------------------------------

# Dates that parse but overflow later arithmetic, and dates that do not parse at all.
ABSURD_DATES: dict[str, str] = {
    "max-date": "9999-12-31",
    "min-date": "0001-01-01",
    "year-10000": "10000-01-01",
    "year-zero": "0000-01-01",
    "negative-year": "-0001-01-01",
    "february-30": "2017-02-30",
    "month-13": "2017-13-01",
    "norwegian-max": "31.12.9999",
    "norwegian-min": "01.01.0001",
    "far-past": "1000-01-01",
}

# Ids and counts that overflow a 64-bit integer or are not integers (OverflowError in
# about ten commands in issue 15).
HUGE_IDS: dict[str, str] = {
    "twenty-nines": "99999999999999999999",
    "int64-max+1": "9223372036854775808",
    "int64-max": "9223372036854775807",
    "four-hundred-digits": "9" * 400,
    "negative": "-1",
    "zero": "0",
    "exponent": "1e309",
    "nan": "NaN",
    "fullwidth-one": "\uff11",
    "arabic-indic-one": "\u0661",
}


def zip_bytes(parts: dict[str, bytes]) -> bytes:
    """A zip archive of ``parts`` in memory (for building small hostile packages)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buffer.getvalue()


# --- running hostile inputs through the command line ------------------------------------


def attempt(
    tally: dict[str, int],
    result: object,
    *,
    code: int | None = None,
    numbers: tuple[str, ...] = (),
) -> str:
    """Count one hostile input run through the CLI (``tally`` is a summary.counter) and
    check that it made no traceback and leaked no identity number (masked or not, in any
    form in ``numbers``); with ``code``, check the exit code. Returns stdout + stderr."""
    from tilsyn.idnumber import find_identity_numbers

    tally["prøvd"] += 1
    out = (getattr(result, "stdout", "") or "") + (getattr(result, "stderr", "") or "")
    exc = getattr(result, "exception", None)
    crashed = (
        (exc is not None and not isinstance(exc, SystemExit))
        or "Traceback" in out
        or "Intern feil" in out
    )
    tally["tracebacks"] += crashed
    leaked = bool(find_identity_numbers(out)) or any(n in out for n in numbers)
    tally["fødselsnumre lekket"] += leaked
    tally["avvist"] += getattr(result, "exit_code", 0) != 0
    assert not crashed, out
    assert not leaked, out
    if code is not None:
        assert getattr(result, "exit_code", None) == code, out
    return out


def store_snapshot(db_url: str) -> dict[str, list[tuple]]:
    """Every row of every table (to show that a refusal left the store unchanged)."""
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return {
                name: sorted(
                    (tuple(r) for r in conn.execute(text(f'SELECT * FROM "{name}"'))), key=repr
                )
                for name in sorted(inspect(conn).get_table_names())
            }
    finally:
        engine.dispose()


def store_leaks(db_url: str) -> list[str]:
    """Identity numbers (masked) anywhere in the store's text."""
    from tilsyn.idnumber import find_identity_numbers

    found = []
    for table, rows in store_snapshot(db_url).items():
        for row in rows:
            for value in row:
                if isinstance(value, str):
                    found += [f"{table}: {n}" for n in find_identity_numbers(value)]
    return found


def files_under(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its content (to show that nothing was written)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(Path(folder).rglob("*"))
        if p.is_file() and not p.name.startswith("tilsyn.db")
    }
