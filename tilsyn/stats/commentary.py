"""Short generated commentary of the figures, in bokmål or nynorsk (pure).

Only figures that are shown are commented on: in publication mode a suppressed figure
yields no sentence.
"""

from __future__ import annotations

from tilsyn.stats.model import Statistics, Trend

_TEXT = {
    "bokmal": {
        "headline": "I {period} førte {office} tilsyn med {munis} kommuner "
        "({audits} tilsyn) og fant {violations} lovbrudd.",
        "none": "Utvalget har ingen tilsyn.",
        "worst": "Flest kommuner hadde lovbrudd på krav {ref} «{title}»: {share} av de "
        "vurderte kommunene.",
        "closure": "Lovbruddene ble lukket i median {days} dager etter endelig rapport, og "
        "{share} ble lukket innen første frist.",
        "calibration": "Der tilsynet fant lovbrudd på et kontrollspørsmål, hadde kommunen "
        "svart ja i egenvurderingen i {share} av tilfellene ({yes} av {found}).",
        "rose": "Andelen kommuner som svarte ja på {ref} økte fra {points}.",
        "fell": "Andelen kommuner som svarte ja på {ref} gikk ned fra {points}.",
        "flat": "Andelen kommuner som svarte ja på {ref} var uendret på {share} ({period}).",
        "and": "og",
        "to": "til",
    },
    "nynorsk": {
        "headline": "I {period} førte {office} tilsyn med {munis} kommunar "
        "({audits} tilsyn) og fann {violations} lovbrot.",
        "none": "Utvalet har ingen tilsyn.",
        "worst": "Flest kommunar hadde lovbrot på krav {ref} «{title}»: {share} av dei "
        "vurderte kommunane.",
        "closure": "Lovbrota vart lukka i median {days} dagar etter endeleg rapport, og "
        "{share} vart lukka innan første frist.",
        "calibration": "Der tilsynet fann lovbrot på eit kontrollspørsmål, hadde kommunen "
        "svart ja i eigenvurderinga i {share} av tilfella ({yes} av {found}).",
        "rose": "Delen kommunar som svarte ja på {ref} auka frå {points}.",
        "fell": "Delen kommunar som svarte ja på {ref} gjekk ned frå {points}.",
        "flat": "Delen kommunar som svarte ja på {ref} var uendra på {share} ({period}).",
        "and": "og",
        "to": "til",
    },
}


def percent(share: float) -> str:
    """0.6 → "60 %"."""
    return f"{round(share * 100)} %"


def _days(value: float) -> str:
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}".replace(".", ",")


def trend_sentence(trend: Trend, language: str = "bokmal") -> str | None:
    """ "Andelen kommuner som svarte ja på A1.1 økte fra 60 % (2013) til 67 % (2014) og
    81 % (2016)." — None with fewer than two shown years."""
    T = _TEXT[language]
    shown = [(year, share) for year, share, _n in trend.points if share is not None]
    if len(shown) < 2:
        return None
    if len(shown) > 4:  # keep the sentence short: first, middle and last year
        shown = [shown[0], shown[len(shown) // 2], shown[-1]]
    parts = [f"{percent(s)} ({y})" for y, s in shown]
    text = f"{parts[0]} {T['to']} " + (
        parts[1] if len(parts) == 2 else ", ".join(parts[1:-1]) + f" {T['and']} " + parts[-1]
    )
    change = round(shown[-1][1] * 100) - round(shown[0][1] * 100)
    if change == 0:
        return T["flat"].format(
            ref=trend.question_ref,
            share=percent(shown[0][1]),
            period=f"{shown[0][0]}–{shown[-1][0]}",
        )
    return T["rose" if change > 0 else "fell"].format(ref=trend.question_ref, points=text)


def commentary(stats: Statistics, *, max_trends: int = 5) -> list[str]:
    """The sentences of the report's commentary, most general first."""
    T = _TEXT[stats.language]
    s = stats.summary
    out: list[str] = []
    if not s.get("tilsyn"):
        out.append(T["none"])
    elif s.get("tall_vises"):
        period = str(s["fra_ar"]) if s["fra_ar"] == s["til_ar"] else f"{s['fra_ar']}–{s['til_ar']}"
        # The County Governor was "Fylkesmannen" until 2021 (same word in nynorsk).
        office = (
            "Fylkesmannen"
            if s["til_ar"] < 2021
            else "Statsforvaltaren"
            if stats.language == "nynorsk"
            else "Statsforvalteren"
        )
        out.append(
            T["headline"].format(
                period=period,
                office=office,
                munis=s["kommuner"],
                audits=s["tilsyn"],
                violations=s["lovbrudd"],
            )
        )
    bars = [b for b in stats.bars if b.share is not None and b.violations]
    if bars:
        worst = max(bars, key=lambda b: (b.share, b.violations))
        out.append(
            T["worst"].format(
                ref=worst.requirement_ref, title=worst.title, share=percent(worst.share)
            )
        )
    if (
        s.get("lukking_vises")
        and s.get("median_dager") is not None
        and s.get("andel_innen_frist") is not None
    ):
        out.append(
            T["closure"].format(
                days=_days(s["median_dager"]), share=percent(s["andel_innen_frist"])
            )
        )
    if s.get("kalibrering_vises") and s.get("kalibrering_funnet"):
        out.append(
            T["calibration"].format(
                share=percent(s["kalibrering_andel"]),
                yes=s["kalibrering_svarte_ja"],
                found=s["kalibrering_funnet"],
            )
        )
    ranked = []
    for t in stats.trends:
        shown = [p[1] for p in t.points if p[1] is not None]
        if len(shown) >= 2:
            ranked.append((abs(shown[-1] - shown[0]), t))
    ranked.sort(key=lambda x: (-x[0], x[1].checklist_id, x[1].question_ref))
    for _, t in ranked[:max_trends]:
        sentence = trend_sentence(t, stats.language)
        if sentence:
            out.append(sentence)
    return out
