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
