"""Which kommunelov regime governed the supervision on a date.

- ``"kl1992"``: kommuneloven 1992 kapittel 10 A (§ 60 b lovlighetstilsyn, § 60 c
  innsyn, § 60 d pålegg om retting, § 60 e samordning), in force from 1 March 2007.
- ``"kl2018"``: kommuneloven 2018 kapittel 30. Chapters 1–13, 17–27, 30 and 31 took
  effect in each municipality at its constituent council meeting at the start of the
  2019–2023 term (kgl.res. 20. desember 2018 nr. 2062). The first such meeting was
  held on 3 October 2019 and all were held by the end of October, so the 2018 act
  applied everywhere from 1 November 2019 (regjeringen.no, "Kommuneloven (2018)").
- ``"uncertain"``: 3–31 October 2019, when the regime depends on the date of the
  municipality's own constituent meeting. The caller must ask (or take an explicit
  choice) and record why.

Sources and their status are listed in ``docs/rettskilder.md``.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from tilsyn.errors import UsageError
from tilsyn.reference._data import as_day

Regime = Literal["kl1992", "kl2018", "uncertain"]

KL1992_CHAPTER_10A_FROM = date(2007, 3, 1)
"""Kommuneloven 1992 kap. 10 A in force (before that the tool has no regime)."""
KL2018_FIRST_MEETING = date(2019, 10, 3)
"""The first constituent council meeting of the 2019–2023 term (regjeringen.no)."""
KL2018_EVERYWHERE_FROM = date(2019, 11, 1)
"""By this day kommuneloven 2018 kap. 30 applied in every municipality."""

REGIMES: dict[str, str] = {
    "kl1992": "kommuneloven 1992 kapittel 10 A",
    "kl2018": "kommuneloven 2018 kapittel 30",
    "uncertain": "kommuneloven 1992 kapittel 10 A eller kommuneloven 2018 kapittel 30",
}
"""Regime code → the law as written in documents and messages."""


def regime_on(on: date) -> Regime:
    """The regime for a notice dated ``on``: ``kl1992``, ``kl2018`` or ``uncertain``.

    A date before 1 March 2007 is refused (:class:`~tilsyn.errors.UsageError`).
    """
    on = as_day(on)
    if on < KL1992_CHAPTER_10A_FROM:
        raise UsageError(
            f"Datoen {on.isoformat()} er før {KL1992_CHAPTER_10A_FROM.isoformat()}, da "
            "kommuneloven kapittel 10 A om statlig tilsyn trådte i kraft. tilsyn har ikke "
            "regelverk for tilsyn før den datoen."
        )
    if on < KL2018_FIRST_MEETING:
        return "kl1992"
    if on < KL2018_EVERYWHERE_FROM:
        return "uncertain"
    return "kl2018"


def regime_explanation(on: date) -> str:
    """A Norwegian sentence saying why :func:`regime_on` gave its answer, for the log."""
    regime = regime_on(on)
    day = as_day(on).isoformat()
    if regime == "kl1992":
        return (
            f"{day} er før det første konstituerende kommunestyremøtet "
            f"({KL2018_FIRST_MEETING.isoformat()}): {REGIMES['kl1992']} gjaldt."
        )
    if regime == "kl2018":
        return (
            f"Fra {KL2018_EVERYWHERE_FROM.isoformat()} gjaldt {REGIMES['kl2018']} i alle "
            f"kommuner; {day} er etter det."
        )
    return (
        f"{day} er i oktober 2019: kommuneloven 2018 kapittel 30 gjaldt fra kommunens eget "
        "konstituerende møte. Sjekk datoen for møtet i kommunen og velg regelverk."
    )
