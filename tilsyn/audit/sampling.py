"""Reproducible random sampling of participant files (domain.md § 7)."""

from __future__ import annotations

import random
import secrets

from tilsyn.errors import UsageError


def new_seed() -> str:
    """A fresh random seed, recorded so that the draw can be reproduced."""
    return str(secrets.randbelow(10**9))


def draw(pseudonyms: list[str], n: int, seed: str) -> list[str]:
    """A reproducible random sample of ``n`` pseudonyms (same list and seed → same sample).

    The population is sorted first, so the order of rows in the file does not matter.
    """
    if n <= 0:
        raise UsageError("Antall deltakermapper i utvalget må være minst 1.")
    population = sorted(pseudonyms, key=lambda p: (p.casefold(), p))
    if n > len(population):
        raise UsageError(
            f"Kan ikke trekke {n} deltakermapper fra en populasjon på {len(population)}."
        )
    return random.Random(f"tilsyn-utvalg:{seed}").sample(population, n)
