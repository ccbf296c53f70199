"""Test helper: build Norwegian identity numbers with correct check digits."""

from __future__ import annotations

_W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def _check(digits: list[int], weights: tuple[int, ...]) -> int | None:
    k = 11 - sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
    k = 0 if k == 11 else k
    return None if k == 10 else k


def make_number(first_nine: str) -> str | None:
    """The 11-digit number for these nine digits, or None when no check digit exists."""
    digits = [int(c) for c in first_nine]
    k1 = _check(digits, _W1)
    if k1 is None:
        return None
    k2 = _check([*digits, k1], _W2)
    if k2 is None:
        return None
    return f"{first_nine}{k1}{k2}"


def valid_number(ddmmyy: str = "010190", *, start: int = 123) -> str:
    """A valid identity number with this date part (first individual number from ``start``)."""
    for individual in range(start, 1000):
        number = make_number(f"{ddmmyy}{individual:03d}")
        if number:
            return number
    raise AssertionError("no valid number")  # pragma: no cover
