"""Generated phrases that go into documents, in bokmål and nynorsk.

Templates hold the prose; these are the few words the context builder composes itself
(outcomes, sample descriptions, document titles, law citations).
"""

from __future__ import annotations

import re

DOC_TITLES = {
    "bokmal": {
        "varsel": "Varsel om tilsyn",
        "forelopig": "Foreløpig tilsynsrapport",
        "endelig": "Endelig tilsynsrapport",
        "palegg": "Vedtak om pålegg om retting",
        "avslutning": "Avslutning av tilsyn",
    },
    "nynorsk": {
        "varsel": "Varsel om tilsyn",
        "forelopig": "Førebels tilsynsrapport",
        "endelig": "Endeleg tilsynsrapport",
        "palegg": "Vedtak om pålegg om retting",
        "avslutning": "Avslutning av tilsyn",
    },
}

OUTCOMES = {
    "bokmal": {"lovbrudd": "lovbrudd", "merknad": "merknad", "ingen": "ingen funn"},
    "nynorsk": {"lovbrudd": "lovbrot", "merknad": "merknad", "ingen": "ingen funn"},
}

EVENT_NAMES = {
    "bokmal": {"formote": "formøte", "apningsmote": "åpningsmøte", "sluttmote": "sluttmøte"},
    "nynorsk": {"formote": "formøte", "apningsmote": "opningsmøte", "sluttmote": "sluttmøte"},
}

VIOLATION_STATUS = {
    "bokmal": {
        "apen": "åpent",
        "tilbakemelding": "tilbakemelding mottatt",
        "sannsynliggjort": "retting sannsynliggjort",
        "ikke_tilstrekkelig": "ikke tilstrekkelig",
        "ny_frist": "ny frist",
        "eskalert": "eskalert",
        "lukket": "lukket",
    },
    "nynorsk": {
        "apen": "ope",
        "tilbakemelding": "tilbakemelding motteken",
        "sannsynliggjort": "retting sannsynleggjord",
        "ikke_tilstrekkelig": "ikkje tilstrekkeleg",
        "ny_frist": "ny frist",
        "eskalert": "eskalert",
        "lukket": "lukka",
    },
}

POINT_ASSESSMENT = {
    "bokmal": {"rettet": "rettet", "ikke_tilstrekkelig": "ikke tilstrekkelig rettet"},
    "nynorsk": {"rettet": "retta", "ikke_tilstrekkelig": "ikkje tilstrekkeleg retta"},
}

SCOPE = {
    "bokmal": {"kommune": "kommunen", "deltaker": "hver deltakermappe i utvalget"},
    "nynorsk": {"kommune": "kommunen", "deltaker": "kvar deltakarmappe i utvalet"},
}


def files(n: int, malform: str) -> str:
    """``"1 deltakermappe"`` / ``"8 deltakermapper"`` (nynorsk: deltakarmappe/-mapper)."""
    stem = "deltakarmapp" if malform == "nynorsk" else "deltakermapp"
    return f"{n} {stem}{'e' if n == 1 else 'er'}"


def of_files(k: int, n: int, malform: str) -> str:
    """``"3 av 8 deltakermapper"``."""
    return f"{k} av {files(n, malform)}"


def question_result(
    scope: str, breaches: int, compliant: int, kommune_meaning: str | None, malform: str
) -> str:
    """What the answers to one control question showed, in aggregate."""
    nn = malform == "nynorsk"
    if scope == "kommune":
        return {
            "oppfylt": "oppfylt",
            "brudd": "ikkje oppfylt" if nn else "ikke oppfylt",
            "ikke_relevant": "ikkje relevant" if nn else "ikke relevant",
        }.get(kommune_meaning or "", "ikkje vurdert" if nn else "ikke vurdert")
    assessed = breaches + compliant
    if assessed == 0:
        return "ikkje vurdert" if nn else "ikke vurdert"
    if breaches:
        return f"avvik i {of_files(breaches, assessed, malform)}"
    return f"ingen avvik i {files(assessed, malform)}"


def sample_description(
    method: str, size: int, population: int | None, seed: str | None, office: str, malform: str
) -> str:
    """How the sample was drawn, in one sentence."""
    nn = malform == "nynorsk"
    what = files(size, malform)
    if method == "tilfeldig":
        if nn:
            text = f"Utvalet på {what} vart trekt tilfeldig"
            if population:
                text += f" frå lista til kommunen over {population} deltakarar"
            if seed:
                text += f" (trekkinga kan etterprøvast med startverdien «{seed}»)"
        else:
            text = f"Utvalget på {what} ble trukket tilfeldig"
            if population:
                text += f" fra kommunens liste over {population} deltakere"
            if seed:
                text += f" (trekningen kan etterprøves med startverdien «{seed}»)"
        return text + "."
    if nn:
        text = f"Utvalet på {what} vart valt ut av {office} etter fastsette kriterium"
        if population:
            text += f" blant {population} deltakarar"
    else:
        text = f"Utvalget på {what} ble valgt ut av {office} etter fastsatte kriterier"
        if population:
            text += f" blant {population} deltakere"
    return text + "."


_LAW = re.compile(r"\b(\w+)loven\b")


def cite(text: str, malform: str) -> str:
    """A bokmål law citation in the document's language form.

    Nynorsk: «introduksjonsloven § 4 annet ledd» → «introduksjonslova § 4 andre ledd».
    """
    if malform != "nynorsk":
        return text
    text = _LAW.sub(lambda m: f"{m.group(1)}lova", text)
    return text.replace("annet ledd", "andre ledd")


def join_and(items: list[str], malform: str) -> str:
    """``"a, b og c"``."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " og " + items[-1]


_SECTION = re.compile(r"^(?P<law>.+?) § (?P<rest>.+)$")


def join_citations(citations: list[str], malform: str) -> str:
    """Citations in one text, sections of the same law grouped as lawyers write them.

    ``["introduksjonsloven § 6", "forvaltningsloven § 24", "forvaltningsloven § 25"]`` →
    ``"introduksjonsloven § 6 og forvaltningsloven §§ 24 og 25"``.
    """
    groups: list[tuple[str, list[str]]] = []
    for c in citations:
        m = _SECTION.match(c)
        if m is None:
            groups.append((c, []))
            continue
        if groups and groups[-1][1] and groups[-1][0] == m["law"]:
            groups[-1][1].append(m["rest"])
        else:
            groups.append((m["law"], [m["rest"]]))
    parts = []
    for law, sections in groups:
        if not sections:
            parts.append(law)
        elif len(sections) == 1:
            parts.append(f"{law} § {sections[0]}")
        else:
            parts.append(f"{law} §§ " + ", ".join(sections[:-1]) + " og " + sections[-1])
    if len(parts) <= 1:
        return "".join(parts)
    # The last group may itself end in "og": separate the groups with commas then.
    return ", ".join(parts[:-1]) + " og " + parts[-1]


def employees(n: int, malform: str) -> str:
    """``"1 ansatt"`` / ``"4 ansatte"`` (nynorsk: tilsett/tilsette)."""
    stem = "tilsett" if malform == "nynorsk" else "ansatt"
    return f"{n} {stem}{'' if n == 1 else 'e'}"


def remarks(n: int) -> str:
    """``"1 merknad"`` / ``"2 merknader"`` (the same in both language forms)."""
    return f"{n} merknad{'' if n == 1 else 'er'}"


def enkeltvedtak(
    regime: str, malform: str, *, chapter: str, order: str, basis: str | None = None
) -> str:
    """Why an order is an enkeltvedtak, as one sentence (docs/rettskilder.md § 1.2–1.3).

    Kommuneloven 2018: forvaltningsloven applies to the supervision under chapter 30
    (``basis``, the section saying so, only when it is confirmed). Kommuneloven 1992:
    no provision of chapter 10 A is cited; the order is an enkeltvedtak and
    forvaltningsloven's rules on enkeltvedtak apply.
    """
    nn = malform == "nynorsk"
    if regime == "kl1992":
        if nn:
            return (
                f"Eit pålegg om retting etter {order} er eit enkeltvedtak, og reglane i "
                "forvaltningslova om enkeltvedtak gjeld."
            )
        return (
            f"Et pålegg om retting etter {order} er et enkeltvedtak, og forvaltningslovens "
            "regler om enkeltvedtak gjelder."
        )
    via = f", jf. {basis}" if basis else ""
    if nn:
        return (
            f"Forvaltningslova gjeld for tilsynet etter {chapter}{via}, og eit pålegg om "
            f"retting etter {order} er difor eit enkeltvedtak."
        )
    return (
        f"Forvaltningsloven gjelder for tilsynet etter {chapter}{via}, og et pålegg om "
        f"retting etter {order} er derfor et enkeltvedtak."
    )
