"""Detection of Norwegian national identity numbers (fødselsnummer and D-nummer).

Participants are pseudonymised: any text that would enter the store or a document is
scanned, and an 11-digit number with valid check digits and a plausible date part is
refused. D-numbers (day + 40), H-numbers (month + 40) and synthetic test numbers
(month + 80) are refused too.

A number is found however it is written: the 11 digits may be split into groups by
any run of separators (spaces of every kind, tabs and line breaks, ``.`` ``,`` ``:``
``/`` ``\\`` ``_`` ``'``, every dash, and their full-width forms), and invisible
characters anywhere in it are ignored (zero-width space and joiner, soft hyphen, byte
order mark, bidi marks and overrides, other format and control characters, combining
marks). Digits of every script count (full-width, Arabic-Indic, superscript, circled),
which is what NFKC normalisation followed by Unicode digit values gives, but computed
character by character so that positions in the original text are kept for masking.

To keep ordinary text with dates and numbers from being refused, the 11 digits must be
a whole number of digit groups: a match never starts or ends inside a longer digit
group, and letters always end a candidate. Checksums (hexadecimal tokens of 32 or more
characters, such as the sha256 of a document or a log entry) and UUIDs are not searched.
"""

from __future__ import annotations

import re
import unicodedata
from operator import mul

MASK = "*****"

# --- character classes ---------------------------------------------------------------
# Python's ``re`` has no \p{...}: the Unicode sets are listed here (generated from the
# Unicode 14 database of Python 3.11; tests/test_idnumber.py checks them against
# ``unicodedata`` so that a newer Python cannot silently add an unlisted one).

# Category Cf (format characters): soft hyphen, zero-width space/joiners, bidi marks,
# embeddings, overrides and isolates, word joiner, BOM, interlinear annotation, tags.
CF_RANGES = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f"
)
# Category Pd (dashes): hyphen-minus, hyphen, non-breaking hyphen, figure dash, en and
# em dash, horizontal bar, and the dashes of other scripts and full-width forms.
PD_RANGES = (
    "\\-\u058a\u05be\u1400\u1806\u2010-\u2015\u2e17\u2e1a\u2e3a-\u2e3b\u2e40\u2e5d\u301c"
    "\u3030\u30a0\ufe31-\ufe32\ufe58\ufe63\uff0d\U00010ead"
)
# Characters with a digit value that are not decimal digits (Numeric_Type=Digit):
# superscript and subscript digits, circled and parenthesised digits, "1." forms.
DIGIT_EXTRA_RANGES = (
    "\u00b2-\u00b3\u00b9\u1369-\u1371\u19da\u2070\u2074-\u2079\u2080-\u2089\u2460-\u2468"
    "\u2474-\u247c\u2488-\u2490\u24ea\u24f5-\u24fd\u24ff\u2776-\u277e\u2780-\u2788"
    "\u278a-\u2792\U00010a40-\U00010a43\U00010e60-\U00010e68\U00011052-\U0001105a"
    "\U0001f100-\U0001f10a"
)
# Characters whose NFKC form is an ASCII separator (. , : / \ _ ' and runs of them).
NFKC_SEPARATOR_RANGES = (
    "\u2024-\u2026\ufe10\ufe13\ufe19\ufe30\ufe33-\ufe34\ufe4d-\ufe50\ufe52\ufe55\ufe68"
    "\uff07\uff0c\uff0e-\uff0f\uff1a\uff3c\uff3f"
)
_MARKS = (
    "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f"
    "\U000e0100-\U000e01ef"
)
_SEPARATOR_CLASS = (
    r"\s"  # every Unicode space, tab, line and paragraph separator
    "\x00-\x1f\x7f-\x9f"  # control characters (some are dropped when text is cleaned)
    + CF_RANGES
    + PD_RANGES
    + NFKC_SEPARATOR_RANGES
    + ".,:/\\\\_'"
    # Look-alikes: minus signs, dots and bullets, slashes, apostrophes, CJK and Arabic
    # punctuation used between digits.
    + "\u2212\u207b\u208b\u2796\u2043\u00b7\u2022\u2027\u2219\u22c5\u2044\u2215\u29f8"
    + "\u2018\u2019\u02bc\u3001\u3002\uff61\uff64\u060c\u066b\u066c"
    # Invisible fillers and blanks (Hangul fillers, braille blank, Khmer inherent vowels).
    + "\u115f\u1160\u3164\uffa0\u2800\u17b4\u17b5"
    # Combining marks and variation selectors (a keycap "1\ufe0f\u20e3" is a digit).
    + _MARKS
    # Noncharacters and lone surrogates: text cleaning drops some of them, so a number
    # split by one must be found before cleaning as well as after.
    + "\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff"
)
_DIGIT_CLASS = r"\d" + DIGIT_EXTRA_RANGES

# A run of at least 11 digits with only separators between them (possessive: linear).
_RUN = re.compile(
    f"[{_DIGIT_CLASS}](?:[{_SEPARATOR_CLASS}]*+[{_DIGIT_CLASS}]){{10}}"
    f"(?:[{_SEPARATOR_CLASS}]*+[{_DIGIT_CLASS}])*+"
)
# Inside a run normalised to ASCII digits and spaces: 11 digits starting at the start of
# a digit group and ending at the end of one, beginning with a possible day (01-31, or
# 41-71 for a D-number) and month (01-12, +40 or +80). The lookahead finds overlapping
# candidates; the check digits are tested in Python.
_WINDOW = re.compile(
    r"(?<!\d)(?=((?:0 *+[1-9]|[1256] *+\d|[37] *+[01]|4 *+[1-9])"
    r" *+(?:[048] *+[1-9]|[159] *+[0-2])(?: *+\d){7})(?!\d))"
)


# Marks after the last digit belong to it and are masked with it.
_TRAILING_MARKS = re.compile(f"[{_MARKS}]*+")


class _Normaliser(dict):
    """``str.translate`` table for a run: digits of any script to ASCII, the rest to ' '."""

    def __missing__(self, code: int) -> int:
        value = unicodedata.digit(chr(code), None)
        result = 48 + value if value is not None else 32
        self[code] = result
        return result


_NORMALISE = _Normaliser({c: c for c in range(48, 58)})

# Check digits: with the check digit's own weight 1 appended, a valid number's weighted
# digit sum is divisible by 11 (the sums are taken over ASCII codes, hence the offsets).
_W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2, 1)
_W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
_OFFSET1 = 48 * sum(_W1) % 11
_OFFSET2 = 48 * sum(_W2) % 11


def is_identity_number(number: str) -> bool:
    """True when ``number`` (11 ASCII digits) is a valid fødselsnummer, D-, H- or
    synthetic number."""
    if len(number) != 11 or not number.isascii() or not number.isdigit():
        return False
    codes = number.encode("ascii")
    if sum(map(mul, _W1, codes)) % 11 != _OFFSET1:
        return False
    if sum(map(mul, _W2, codes)) % 11 != _OFFSET2:
        return False
    day = int(number[0:2])
    month = int(number[2:4])
    if day > 40:
        day -= 40
    for offset in (80, 40, 0):
        if month > offset:
            month -= offset
            break
    return 1 <= day <= 31 and 1 <= month <= 12


# A checksum (sha256, sha1, md5) or other hexadecimal token of 32 or more characters: its
# digit runs are not numbers anyone wrote. About one sha256 in 9 000 holds eleven digits
# that pass as a fødselsnummer (23 of 200 000 measured); an archive package has hundreds.
# A UUID (an audit's uid in an archive package, 8-4-4-4-12 hexadecimal digits) is not
# searched either: its digit groups joined across a dash can pass as one (a package
# export failed on «…-5404-34xxxxxab…» in a test run).
_HASH_TOKEN = re.compile(
    r"(?<![0-9A-Za-z])(?:[0-9a-fA-F]{32,}+"
    r"|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})"
    r"(?![0-9A-Za-z])"
)


def _without_hashes(text: str) -> str:
    """``text`` with every hash-like token blanked out, keeping every position."""
    if len(text) < 32:
        return text
    return _HASH_TOKEN.sub(lambda m: "x" * len(m.group()), text)


def _spans(text: str) -> list[tuple[int, int, str]]:
    """Every identity number in ``text``: (start, end, the 11 digits), by position."""
    found: list[tuple[int, int, str]] = []
    text = _without_hashes(text)
    for run in _RUN.finditer(text):
        norm = run.group().translate(_NORMALISE)
        valid = {w for w in set(_WINDOW.findall(norm)) if is_identity_number(w.replace(" ", ""))}
        if not valid:
            continue
        base = run.start()
        for m in _WINDOW.finditer(norm):
            window = m.group(1)
            if window in valid:
                end = _TRAILING_MARKS.match(text, base + m.end(1)).end()
                found.append((base + m.start(1), end, window.replace(" ", "")))
    return found


def _masked(digits: str) -> str:
    return digits[:6] + MASK


def find_identity_numbers(text: str | None) -> list[str]:
    """Return every identity number found in ``text``, masked ("150585*****"), in order."""
    if not text:
        return []
    return [_masked(digits) for _, _, digits in _spans(text)]


def contains_identity_number(text: str | None) -> bool:
    """True when ``text`` contains a fødselsnummer or D-nummer, however it is written."""
    return bool(find_identity_numbers(text))


def mask_identity_numbers(text: str | None) -> str:
    """``text`` with every identity number replaced in place by its masked form.

    Use it on anything that goes into a message: file names, field values, places.
    """
    if not text:
        return text or ""
    for _ in range(3):  # a second pass is a safeguard; masking cannot create a number
        spans = _spans(text)
        if not spans:
            break
        # Overlapping candidates (two numbers written with only separators between them
        # can yield a third, valid-looking window across both) are masked as one region
        # that shows every number's mask, so no text is lost and none is left readable.
        out: list[str] = []
        pos = 0
        i = 0
        while i < len(spans):
            start, end, digits = spans[i]
            masks = [_masked(digits)]
            j = i + 1
            while j < len(spans) and spans[j][0] < end:
                end = max(end, spans[j][1])
                masks.append(_masked(spans[j][2]))
                j += 1
            out.append(text[pos:start])
            out.append(" ".join(masks))
            pos = end
            i = j
        out.append(text[pos:])
        text = "".join(out)
    return text


def refuse_identity_numbers(text: str | None, *, where: str) -> None:
    """Raise :class:`~tilsyn.errors.PersonalDataError` if ``text`` holds an identity number.

    ``where`` names the place (file and row, field, requirement) for the message; an
    identity number in ``where`` itself is masked too.
    """
    if not text:
        return
    found = find_identity_numbers(text)
    if found:
        from tilsyn.errors import PersonalDataError

        raise PersonalDataError(
            f"{mask_identity_numbers(where)}: inneholder det som ser ut som et fødselsnummer "
            f"eller D-nummer ({found[0]}). Deltakere skal bare identifiseres med pseudonym; "
            "fjern nummeret og prøv igjen. Ingenting ble lagret."
        )


# --- XML parts (.docx, .xlsx) ----------------------------------------------------------

# Elements that only split the text of one paragraph into pieces (Word runs, field codes,
# tracked changes, hyperlinks, content controls, bookmarks; Excel rich-text runs;
# DrawingML runs). Their tags are removed without a trace, so a number typed across
# several runs is found. Every other tag ends a piece of text: the values of
# neighbouring cells, paragraphs or document properties are never joined.
_INLINE = (
    "r|t|delText|instrText|fldChar|fldSimple|hyperlink|smartTag|ins|del|moveFrom|moveTo|"
    "proofErr|bookmarkStart|bookmarkEnd|commentRangeStart|commentRangeEnd|"
    "commentReference|permStart|permEnd|lastRenderedPageBreak|sdt|sdtContent|"
    "customXml|AlternateContent|Choice|Fallback|dir|bdo|ruby|rubyBase|fld|annotationRef"
)
# Elements that stand for a separator inside a paragraph.
_SEPARATING = "tab|ptab|br|cr|softHyphen|noBreakHyphen"
# Properties of runs and content controls never hold visible text and may sit between two
# runs of one number; they are dropped (innermost first, for nested tracked changes).
# Every pattern below stops at the next "<" when it fails (an attribute value cannot hold
# one), so a malformed part costs linear time, not quadratic.
_PROPS_NAME = r"(?:[\w.-]+:)?(?:rPr|sdtPr|sdtEndPr|smartTagPr)(?=[\s/>])"
_ATTRS = r"""(?:[^<>"'/]++|/(?!>)|"[^"<]*+"|'[^'<]*+')*+"""
_PROPS = re.compile(rf"<({_PROPS_NAME}){_ATTRS}(?:/>|>(?:[^<]++|<(?!/?{_PROPS_NAME}))*+</\1\s*+>)")
_COMMENT = re.compile(r"<!--(.*?)(?:-->|\Z)|<\?(.*?)(?:\?>|\Z)|<!(?!\[CDATA\[|--)([^<>]*+)>?", re.S)
_CDATA = re.compile(r"<!\[CDATA\[(.*?)(?:\]\]>|\Z)", re.S)
_INLINE_TAG = re.compile(rf"</?(?:[\w.-]+:)?(?:{_INLINE})(?=[\s/>]){_ATTRS}/?>")
_SEPARATING_TAG = re.compile(rf"<(?:[\w.-]+:)?(?:{_SEPARATING})(?=[\s/>]){_ATTRS}/?>")
_ANY_TAG = re.compile(rf"</?[\w.:-]++{_ATTRS}/?>")
_ATTRIBUTE = re.compile(r"""[\s"'][^\s=<>"'/]++\s*+=\s*+(?:"([^"<]*+)"|'([^'<]*+)')""")
_BOUNDARY = "|"  # not a separator and not a digit: ends every candidate


def _xml_texts(xml_text: str) -> str:
    """The text of an XML part, pieces that a reader sees apart kept apart by ``|``."""
    pieces: list[str] = []
    for groups in _COMMENT.findall(xml_text):  # comments, processing instructions, DTD
        pieces.extend(g for g in groups if g)
    body = _COMMENT.sub(_BOUNDARY, xml_text)
    for values in _ATTRIBUTE.findall(body):  # attributes: field codes, properties
        pieces.extend(v for v in values if v)
    body = _CDATA.sub(lambda m: m.group(1).replace("<", "&lt;"), body)
    for _ in range(4):
        body, changed = _PROPS.subn("", body)
        if not changed:
            break
    body = _INLINE_TAG.sub("", body)
    body = _SEPARATING_TAG.sub(" ", body)
    body = _ANY_TAG.sub(_BOUNDARY, body)
    pieces.append(body)
    import html  # only here: it costs 10 ms at import time, and few commands scan XML

    return html.unescape(_BOUNDARY.join(pieces))


def find_in_xml(xml_text: str) -> list[str]:
    """Identity numbers (masked) in the text of an XML part of a .docx or .xlsx file.

    Tags are removed: a number split over several runs (``<w:t>``), tracked changes or
    field codes is found; text in comments, attribute values (simple field codes,
    properties), CDATA and character references is scanned as well. Paragraphs, cells
    and properties are kept apart, so neighbouring values are never read as one number.
    """
    if not xml_text:
        return []
    return find_identity_numbers(_xml_texts(xml_text))
