"""Detection of Norwegian national identity numbers (fødselsnummer and D-nummer).

Participants are pseudonymised: any text that would enter the store or a document is
scanned, and an 11-digit number with valid check digits and a plausible date part is
refused. D-numbers (day + 40), H-numbers (month + 40) and synthetic test numbers
(month + 80) are refused too.
"""

from __future__ import annotations

import re

_W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
# 11 digits, optionally written "DDMMYY NNNNN" or "DDMMYY-NNNNN", not part of a longer number.
_CANDIDATE = re.compile(r"(?<![\d])(\d{6})[ \-]?(\d{5})(?![\d])")


def _check_digit(digits: list[int], weights: tuple[int, ...]) -> int | None:
    rest = sum(d * w for d, w in zip(digits, weights, strict=False)) % 11
    k = 0 if rest == 0 else 11 - rest
    return None if k == 10 else k


def is_identity_number(number: str) -> bool:
    """True when ``number`` (11 digits) is a valid fødselsnummer, D-nummer or H-nummer."""
    if len(number) != 11 or not number.isdigit():
        return False
    digits = [int(c) for c in number]
    day = int(number[0:2])
    month = int(number[2:4])
    if day > 40:
        day -= 40
    for offset in (80, 40, 0):
        if month > offset:
            month -= offset
            break
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return False
    k1 = _check_digit(digits[:9], _W1)
    if k1 is None or k1 != digits[9]:
        return False
    k2 = _check_digit(digits[:10], _W2)
    return k2 is not None and k2 == digits[10]


def find_identity_numbers(text: str) -> list[str]:
    """Return every identity number found in ``text`` (masked: first six digits + *****)."""
    found = []
    for match in _CANDIDATE.finditer(text or ""):
        number = match.group(1) + match.group(2)
        if is_identity_number(number):
            found.append(number[:6] + "*****")
    return found


def contains_identity_number(text: str) -> bool:
    """True when ``text`` contains a fødselsnummer or D-nummer."""
    return bool(find_identity_numbers(text))


def refuse_identity_numbers(text: str | None, *, where: str) -> None:
    """Raise :class:`~tilsyn.errors.PersonalDataError` if ``text`` holds an identity number.

    ``where`` names the place (file and row, field, requirement) for the message.
    """
    if not text:
        return
    found = find_identity_numbers(text)
    if found:
        from tilsyn.errors import PersonalDataError

        raise PersonalDataError(
            f"{where}: inneholder det som ser ut som et fødselsnummer eller D-nummer "
            f"({found[0]}). Deltakere skal bare identifiseres med pseudonym; fjern nummeret "
            "og prøv igjen. Ingenting ble lagret."
        )
