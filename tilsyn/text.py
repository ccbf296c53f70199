"""Text hygiene: cleaning typed or pasted text, and accent-insensitive matching."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

# XML 1.0 forbids C0 controls except tab, newline and carriage return; Word's manual
# line break (\x0b) and \r become newlines, other illegal characters are dropped.
_LINEBREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n", "\u2028": "\n", "\u2029": "\n"})
_ILLEGAL = re.compile("[\x00-\x08\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def clean_text(value: str | None) -> str:
    """Return ``value`` safe for the store, Word and Excel, otherwise exactly as typed.

    Line breaks pasted from Word (``\\x0b``, ``\\r\\n``, ``\\r``) become ``\\n``; characters
    that XML cannot hold are removed. Tabs, emoji and every script are kept.
    """
    if value is None:
        return ""
    text = value.replace("\r\n", "\n").replace("\r", "\n").translate(_LINEBREAKS)
    return _ILLEGAL.sub("", text)


def clean_optional(value: str | None) -> str | None:
    """Like :func:`clean_text` but keeps ``None`` and turns blank text into ``None``."""
    if value is None:
        return None
    text = clean_text(value)
    return text if text.strip() else None


_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"})


def fold(value: str) -> str:
    """Fold text for comparison: lower case, æ→ae, ø→o, å→a, accents and spaces trimmed."""
    text = value.strip().translate(_FOLD).casefold()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[\s_]+", " ", text)


def choose(value: str, options: Mapping[str, str] | Sequence[str], *, what: str) -> str:
    """Match ``value`` against allowed options, accepting spellings without æ/ø/å.

    ``options`` is a list of canonical values, or a mapping from canonical value to
    label. Raises :class:`~tilsyn.errors.UsageError` naming the valid choices.
    """
    from tilsyn.errors import UsageError

    canon = list(options)
    wanted = fold(value).replace("-", " ")
    for option in canon:
        if fold(option).replace("-", " ") == wanted:
            return option
    if isinstance(options, Mapping):
        for option, label in options.items():
            if fold(label).replace("-", " ") == wanted:
                return option
    raise UsageError(f"«{value}» er ikke en gyldig {what} (gyldige: {', '.join(canon)}).")


MAX_TEXT_LENGTH = 20_000
"""The longest free text one field takes (an observation, a reason, a comment): longer
text is refused at input, never cut (Excel holds at most 32 767 characters per cell)."""


def guard_text(value: str | None, *, where: str, max_length: int = MAX_TEXT_LENGTH) -> str | None:
    """The one door for free text on its way into the store or a document.

    Cleans the text (:func:`clean_optional`), refuses a fødselsnummer or D-nummer and
    text longer than ``max_length``; ``where`` names the field, file and line for the
    message. Blank text becomes ``None``.
    """
    from tilsyn.idnumber import refuse_identity_numbers

    text = clean_optional(value)
    if text is None:
        return None
    refuse_identity_numbers(text, where=where)
    if len(text) > max_length:
        from tilsyn.errors import UsageError

        raise UsageError(
            f"{where}: teksten er {len(text)} tegn; høyst {max_length} tegn er tillatt. "
            "Forkort den (eller legg den ved som et dokument). Ingenting ble lagret."
        )
    return text


def required_text(
    value: str | None, *, where: str, what: str, max_length: int = MAX_TEXT_LENGTH
) -> str:
    """Like :func:`guard_text`, and refuses empty text (``what`` names it: "Tittelen")."""
    text = guard_text(value, where=where, max_length=max_length)
    if text is None:
        from tilsyn.errors import UsageError

        raise UsageError(f"{what} kan ikke være tom ({where}).")
    return text


# --- files of text --------------------------------------------------------------------


UTF8_HINT = "Lagre filen som UTF-8 og prøv igjen."


def decode_utf8(data: bytes, *, source: str, what: str = "filen", hint: str = UTF8_HINT) -> str:
    """``data`` as UTF-8 text (a byte order mark is dropped), or a message naming the line
    and byte of the first invalid byte: text is never dropped or replaced silently."""
    from tilsyn.errors import UsageError

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise UsageError(
            f"{source}: {what} er ikke UTF-8-tekst: ugyldig byte 0x{data[exc.start]:02x} på "
            f"linje {line} (byte nr. {exc.start + 1} i filen). {hint} Ingenting ble lagret."
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def read_text_file(
    path: object, *, what: str = "filen", max_bytes: int = 20_000_000, hint: str = UTF8_HINT
) -> str:
    """Read a UTF-8 text file the user brings (at most ``max_bytes``), with messages for a
    missing file, a folder, a file too large and invalid UTF-8 (line and byte)."""
    from pathlib import Path

    from tilsyn.errors import UsageError

    path = Path(str(path))
    try:
        if path.is_dir():
            raise UsageError(f"{path} er en mappe; oppgi {what}.")
        size = path.stat().st_size
        if size > max_bytes:
            raise UsageError(
                f"{path}: {what} er {size:,} byte; høyst {max_bytes:,} byte er tillatt.".replace(
                    ",", " "
                )
            )
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise UsageError(f"Finner ikke {what} {path}.") from None
    except OSError as exc:
        raise UsageError(f"Kan ikke lese {path}: {exc.strerror or exc}.") from None
    if len(data) > max_bytes:
        raise UsageError(f"{path}: {what} er for stor (høyst {max_bytes} byte).")
    return decode_utf8(data, source=str(path), what=what, hint=hint)


# --- pseudonyms ---------------------------------------------------------------------

MAX_PSEUDONYM_LENGTH = 100
_PSEUDONYM_PUNCTUATION = " -_."
# Look-alikes folded together when pseudonyms are compared (KRS-OO1 and KRS-001 are one).
_SKELETON = str.maketrans({"o": "0", "i": "1", "l": "1"})


def _pseudonym_char_problem(ch: str) -> str | None:
    import unicodedata

    if ch.isascii():
        if ch.isalnum() or ch in _PSEUDONYM_PUNCTUATION:
            return None
        return "er ikke tillatt"
    category = unicodedata.category(ch)
    name = unicodedata.name(ch, "")
    if category in ("Cf", "Cc", "Co", "Cs", "Cn"):
        return "er et usynlig tegn eller et styretegn"
    if category.startswith("M"):
        return "er et kombinerende tegn (skriv bokstaven ferdig sammensatt)"
    if category.startswith("Z"):
        return "er et spesielt mellomrom (bruk vanlig mellomrom)"
    if category.startswith("N"):
        return "er et siffer fra et annet skriftsystem eller en annen skrivemåte (bruk 0–9)"
    if category.startswith("L") and "LATIN" in name:
        if unicodedata.normalize("NFKC", ch) != ch:
            return "er en annen skrivemåte av en bokstav (for eksempel fullbredde)"
        return None
    if category.startswith("L"):
        return "er en bokstav fra et annet alfabet enn det latinske (kan forveksles)"
    return "er ikke tillatt"


def pseudonym_key(value: str) -> str:
    """What two pseudonyms are compared by: case, separators and look-alike letters and
    digits (O/0, I/l/1) do not tell pseudonyms apart."""
    text = fold(value)
    text = "".join(ch for ch in text if ch not in _PSEUDONYM_PUNCTUATION)
    return text.translate(_SKELETON)


def guard_pseudonym(value: object, *, where: str) -> str:
    """The one door for a participant's pseudonym: text of letters (Latin alphabet, æøå
    and Sami letters included), digits 0–9, single spaces and ``-``, ``_``, ``.``.

    Refused, with the character and its position: invisible and format characters (zero
    width, soft hyphen, bidi overrides), combining marks, other spaces and dashes, digits
    and letters of other scripts (full width, Cyrillic look-alikes); leading or trailing
    space; an identity number; more than :data:`MAX_PSEUDONYM_LENGTH` characters.
    """
    import unicodedata

    from tilsyn.errors import UsageError
    from tilsyn.idnumber import refuse_identity_numbers

    if not isinstance(value, str):
        raise UsageError(f"{where}: pseudonymet skal være tekst (fikk {type(value).__name__}).")
    refuse_identity_numbers(value, where=where)
    text = unicodedata.normalize("NFC", value)
    if not text.strip():
        raise UsageError(f"{where}: pseudonymet mangler.")
    if len(text) > MAX_PSEUDONYM_LENGTH:
        raise UsageError(
            f"{where}: pseudonymet er {len(text)} tegn; høyst {MAX_PSEUDONYM_LENGTH} er tillatt."
        )
    for pos, ch in enumerate(text, start=1):
        why = _pseudonym_char_problem(ch)
        if why:
            code = f"U+{ord(ch):04X} {unicodedata.name(ch, '')}".strip()
            visible = unicodedata.category(ch)[0] in "LNPS"
            shown = ch if visible and ch.isprintable() and not ch.isspace() else ""
            label = f"«{shown}» ({code})" if shown else f"({code})"
            raise UsageError(
                f"{where}: tegn nr. {pos} i pseudonymet {label} {why}. Et pseudonym kan ha "
                "bokstaver, sifre 0–9, mellomrom, bindestrek (-), understrek (_) og punktum. "
                "Ingenting ble lagret."
            )
    if text != text.strip() or "  " in text:
        raise UsageError(
            f"{where}: pseudonymet «{text}» har mellomrom først, sist eller to på rad. "
            "Ingenting ble lagret."
        )
    return text


def check_distinct_pseudonyms(items: list[tuple[str, str]]) -> list[str]:
    """Problems for pseudonyms that are equal or look alike: ``items`` are (pseudonym,
    where it came from), e.g. ("KRS-001", "rad 2")."""
    seen: dict[str, tuple[str, str]] = {}
    problems = []
    for pseudonym, where in items:
        key = pseudonym_key(pseudonym)
        if key in seen:
            other, other_where = seen[key]
            if fold(other) == fold(pseudonym):
                problems.append(f"{where}: pseudonymet «{pseudonym}» står også på {other_where}")
            else:
                problems.append(
                    f"{where}: pseudonymet «{pseudonym}» ligner for mye på «{other}» "
                    f"({other_where}); to deltakere må ha pseudonymer som ikke kan forveksles"
                )
            continue
        seen[key] = (pseudonym, where)
    return problems
