"""Short generated commentary of the figures, in bokmål or nynorsk (pure).

Only figures that are shown are commented on: in publication mode a suppressed figure
yields no sentence. Figures are compared as they are printed (whole percent), so that a
sentence never says "rose from 68 % to 68 %"; ties are named together; questions are
named by their text.
"""

from __future__ import annotations

from tilsyn.stats.model import Bar, Statistics, Trend, whole_percent

_TEXT = {
    "bokmal": {
        "headline": "I {period} førte {office} tilsyn med {munis} kommuner "
        "({audits} tilsyn) og fant {violations} lovbrudd.",
        "any": "{share} av kommunene hadde minst ett lovbrudd ({per_audit} lovbrudd per tilsyn).",
        "none": "Utvalget har ingen tilsyn.",
        "worst": "Flest kommuner hadde lovbrudd på krav {refs}: {share} av de vurderte kommunene.",
        "worst_tie": "Flest kommuner hadde lovbrudd på kravene {refs}: {share} av de "
        "vurderte kommunene på hvert av dem.",
        "closure": "Lovbruddene ble lukket i median {days} dager etter endelig rapport, og "
        "{share} ble lukket innen første frist.",
        "calibration": "Der tilsynet fant lovbrudd på et kontrollspørsmål, hadde kommunen "
        "svart ja i egenvurderingen i {share} av tilfellene ({yes} av {found}).",
        "subject": "Andelen kommuner som svarte ja på {question}",
        "rose": "{subject} økte fra {points}.",
        "fell": "{subject} gikk ned fra {points}.",
        "flat": "{subject} var uendret på {share} ({period}).",
        "same_ends": "{subject} var {share} både i {first} og {last}, med {between} mellom.",
        "and": "og",
        "to": "til",
    },
    "nynorsk": {
        "headline": "I {period} førte {office} tilsyn med {munis} kommunar "
        "({audits} tilsyn) og fann {violations} lovbrot.",
        "any": "{share} av kommunane hadde minst eitt lovbrot ({per_audit} lovbrot per tilsyn).",
        "none": "Utvalet har ingen tilsyn.",
        "worst": "Flest kommunar hadde lovbrot på krav {refs}: {share} av dei vurderte kommunane.",
        "worst_tie": "Flest kommunar hadde lovbrot på krava {refs}: {share} av dei vurderte "
        "kommunane på kvart av dei.",
        "closure": "Lovbrota vart lukka i median {days} dagar etter endeleg rapport, og "
        "{share} vart lukka innan første frist.",
        "calibration": "Der tilsynet fann lovbrot på eit kontrollspørsmål, hadde kommunen "
        "svart ja i eigenvurderinga i {share} av tilfella ({yes} av {found}).",
        "subject": "Delen kommunar som svarte ja på {question}",
        "rose": "{subject} auka frå {points}.",
        "fell": "{subject} gjekk ned frå {points}.",
        "flat": "{subject} var uendra på {share} ({period}).",
        "same_ends": "{subject} var {share} både i {first} og {last}, med {between} mellom.",
        "and": "og",
        "to": "til",
    },
}


def percent(share: float) -> str:
    """0.6 → "60 %"."""
    return f"{_points(share)} %"


def _points(share: float) -> int:
    return whole_percent(share)  # as the tables print it


def _days(value: float) -> str:
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}".replace(".", ",")


def _ratio(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def _join(items: list[str], language: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {_TEXT[language]['and']} " + items[-1]


def question_name(trend: Trend) -> str:
    """The question as the reader knows it: its text in quotes (the ref when unknown)."""
    text = " ".join((trend.question or "").split())
    return f"«{text}»" if text else trend.question_ref


def trend_sentence(trend: Trend, language: str = "bokmal") -> str | None:
    """ "Andelen kommuner som svarte ja på «…» økte fra 60 % (2013) til 67 % (2014) og
    81 % (2016)." — None with fewer than two shown years. Years without figures are left
    out (the years named show the gap)."""
    T = _TEXT[language]
    shown = [(year, share) for year, share, _n in trend.points if share is not None]
    if len(shown) < 2:
        return None
    if len(shown) > 4:  # keep the sentence short: first, middle and last year
        shown = [shown[0], shown[len(shown) // 2], shown[-1]]
    subject = T["subject"].format(question=question_name(trend))
    values = [_points(s) for _, s in shown]
    first, last = shown[0], shown[-1]
    if len(set(values)) == 1:
        return T["flat"].format(
            subject=subject, share=percent(first[1]), period=f"{first[0]}–{last[0]}"
        )
    if values[0] == values[-1]:
        between = _join([f"{percent(s)} ({y})" for y, s in shown[1:-1]], language)
        return T["same_ends"].format(
            subject=subject, share=percent(first[1]), first=first[0], last=last[0], between=between
        )
    parts = [f"{percent(s)} ({y})" for y, s in shown]
    text = f"{parts[0]} {T['to']} " + _join(parts[1:], language)
    return T["rose" if values[-1] > values[0] else "fell"].format(subject=subject, points=text)


def _worst(bars: list[Bar], language: str) -> str | None:
    """The requirement(s) with the highest shown share of municipalities with a
    violation; ties (equal when printed) are named together."""
    T = _TEXT[language]
    shown = [b for b in bars if b.share is not None and b.violations]
    if not shown:
        return None
    top = max(_points(b.share) for b in shown)  # type: ignore[arg-type]
    worst = [b for b in shown if _points(b.share) == top]  # type: ignore[arg-type]
    refs = _join([f"{b.requirement_ref} «{b.title}»" for b in worst], language)
    key = "worst_tie" if len(worst) > 1 else "worst"
    return T[key].format(refs=refs, share=percent(worst[0].share))  # type: ignore[arg-type]


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
        if s.get("andel_kommuner_med_lovbrudd") is not None and s.get("lovbrudd"):
            out.append(
                T["any"].format(
                    share=percent(s["andel_kommuner_med_lovbrudd"]),
                    per_audit=_ratio(s["lovbrudd_per_tilsyn"]),
                )
            )
    worst = _worst(list(stats.bars), stats.language)
    if worst:
        out.append(worst)
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
            ranked.append((abs(_points(shown[-1]) - _points(shown[0])), t))
    ranked.sort(key=lambda x: (-x[0], x[1].checklist_id, x[1].question_ref))
    for _, t in ranked[:max_trends]:
        sentence = trend_sentence(t, stats.language)
        if sentence:
            out.append(sentence)
    return out


_BASIS = {
    "bokmal": {
        "basis": "Tallene bygger på {parts}.",
        "own": "{n} tilsyn registrert i tilsyn",
        "imported": "{n} tilsyn fra importert historikk",
        "synthetic": "{n} syntetiske tilsyn",
        "imported_note": "Importert historikk er avsluttede tilsyn lest inn fra fil med "
        "konklusjonen per krav. De har ingen svar per kontrollspørsmål og ingen "
        "registrerte pålegg, og er derfor ikke med i tabellene over kontrollspørsmål og "
        "lukking.",
        "self": "Egenvurderingene: {n} skjemaer fra {m} kommuner{imported}.",
        "self_imported": ", herav {n} lest inn fra kommuneundersøkelser",
        "synthetic_warning": "SYNTETISKE DATA: {parts} i disse tallene er generert for "
        "demonstrasjon og beskriver ingen virkelige tilsyn. Tallene må ikke brukes eller "
        "publiseres som fakta.",
        "synthetic_audits": "{n} av {total} tilsyn",
        "synthetic_self": "{n} av {total} egenvurderinger",
    },
    "nynorsk": {
        "basis": "Tala byggjer på {parts}.",
        "own": "{n} tilsyn registrerte i tilsyn",
        "imported": "{n} tilsyn frå importert historikk",
        "synthetic": "{n} syntetiske tilsyn",
        "imported_note": "Importert historikk er avslutta tilsyn lesne inn frå fil med "
        "konklusjonen per krav. Dei har ingen svar per kontrollspørsmål og ingen "
        "registrerte pålegg, og er difor ikkje med i tabellane over kontrollspørsmål og "
        "lukking.",
        "self": "Eigenvurderingane: {n} skjema frå {m} kommunar{imported}.",
        "self_imported": ", av dei {n} lesne inn frå kommuneundersøkingar",
        "synthetic_warning": "SYNTETISKE DATA: {parts} i desse tala er genererte for "
        "demonstrasjon og skildrar ingen verkelege tilsyn. Tala må ikkje brukast eller "
        "publiserast som fakta.",
        "synthetic_audits": "{n} av {total} tilsyn",
        "synthetic_self": "{n} av {total} eigenvurderingar",
    },
}


def data_basis(stats: Statistics) -> tuple[list[str], str | None]:
    """What the figures rest on, in sentences, and the warning about synthetic data
    (None when there is none)."""
    T = _BASIS[stats.language]
    language = stats.language
    s = stats.summary
    total = s.get("tilsyn") or 0
    imported = s.get("importerte_tilsyn") or 0
    synthetic = s.get("syntetiske_tilsyn") or 0
    own = total - imported - synthetic
    lines = []
    if total:
        parts = [T["own"].format(n=own)] if own or not (imported or synthetic) else []
        if imported:
            parts.append(T["imported"].format(n=imported))
        if synthetic:
            parts.append(T["synthetic"].format(n=synthetic))
        lines.append(T["basis"].format(parts=_join(parts, language)))
        if imported:
            lines.append(T["imported_note"])
    forms = s.get("egenvurderinger") or 0
    if forms:
        imported_forms = s.get("importerte_egenvurderinger") or 0
        lines.append(
            T["self"].format(
                n=forms,
                m=s.get("kommuner_egenvurdering") or 0,
                imported=T["self_imported"].format(n=imported_forms) if imported_forms else "",
            )
        )
    warning = None
    synthetic_forms = s.get("syntetiske_egenvurderinger") or 0
    if synthetic or synthetic_forms:
        parts = []
        if synthetic:
            parts.append(T["synthetic_audits"].format(n=synthetic, total=total))
        if synthetic_forms:
            parts.append(T["synthetic_self"].format(n=synthetic_forms, total=forms))
        warning = T["synthetic_warning"].format(parts=_join(parts, language))
    return lines, warning
