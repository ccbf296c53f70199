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
    method: str,
    size: int,
    population: int | None,
    seed: str | None,
    office: str,
    malform: str,
    criteria: str | None = None,
) -> str:
    """How the sample was drawn, in plain words: a random draw from the municipality's
    list (and how it can be repeated), or a choice by stated criteria among how many."""
    nn = malform == "nynorsk"
    what = files(size, malform)
    if method == "tilfeldig":
        if nn:
            text = f"Utvalet på {what} vart trekt tilfeldig"
            if population:
                text += f" frå lista til kommunen over {population} deltakarar"
            text += "."
            if seed:
                text += (
                    " Trekkinga er gjord med dataprogram og kan gjentakast med same resultat "
                    f"ut frå lista og trekkingskoden «{seed}»."
                )
        else:
            text = f"Utvalget på {what} ble trukket tilfeldig"
            if population:
                text += f" fra kommunens liste over {population} deltakere"
            text += "."
            if seed:
                text += (
                    " Trekningen er gjort med dataprogram og kan gjentas med samme resultat ut "
                    f"fra listen og trekningskoden «{seed}»."
                )
        return text
    rule = (criteria or "").strip().rstrip(".")
    if nn:
        text = f"Utvalet på {what} vart valt ut av {office}"
        if population:
            text += f" blant {population} deltakarar"
        text += f" etter desse kriteria: {rule}." if rule else " etter fastsette kriterium."
    else:
        text = f"Utvalget på {what} ble valgt ut av {office}"
        if population:
            text += f" blant {population} deltakere"
        text += f" etter disse kriteriene: {rule}." if rule else " etter fastsatte kriterier."
    return text


# --- numbers and agreement ----------------------------------------------------------

_NUMBER_WORDS = ("null", "", "to", "tre", "fire", "fem", "seks", "sju", "åtte", "ni", "ti")
_NUMBER_WORDS += ("elleve", "tolv")
_ONE = {
    "bokmal": {"m": "én", "f": "ei", "n": "ett"},
    "nynorsk": {"m": "éin", "f": "éi", "n": "eitt"},
}


def number(n: int, gender: str, malform: str) -> str:
    """A count in running text: words up to twelve (1 by the noun's gender: «ett
    lovbrudd», «én merknad», nynorsk «eitt lovbrot», «éin merknad»), digits above."""
    if n == 1:
        return _ONE["nynorsk" if malform == "nynorsk" else "bokmal"][gender]
    if 0 <= n < len(_NUMBER_WORDS):
        return _NUMBER_WORDS[n]
    return str(n)


def count(n: int, singular: str, plural: str, gender: str, malform: str) -> str:
    """``"ett lovbrudd"``, ``"to lovbrudd"``, ``"13 lovbrudd"``: the number and the noun
    agree."""
    return f"{number(n, gender, malform)} {singular if n == 1 else plural}"


def violations_count(n: int, malform: str) -> str:
    """``"ett lovbrudd"`` / ``"to lovbrudd"`` (nynorsk: «eitt lovbrot», «to lovbrot»)."""
    word = "lovbrot" if malform == "nynorsk" else "lovbrudd"
    return count(n, word, word, "n", malform)


def definite(n: int, malform: str, *, bokmal: tuple[str, str], nynorsk: tuple[str, str]) -> str:
    """The definite form that agrees with ``n``: ``(singular, plural)`` per language form,
    e.g. «lovbruddet»/«lovbruddene», «lovbrotet»/«lovbrota»."""
    forms = nynorsk if malform == "nynorsk" else bokmal
    return forms[0] if n == 1 else forms[1]


def agreement(n: int, malform: str) -> dict[str, str]:
    """Words in a report that agree with the number of violations ``n`` (``funn`` in the
    template context): the violations, the orders and the pronoun for them."""
    return {
        "lovbruddene": definite(
            n, malform, bokmal=("lovbruddet", "lovbruddene"), nynorsk=("lovbrotet", "lovbrota")
        ),
        "palegget": definite(
            n, malform, bokmal=("pålegget", "påleggene"), nynorsk=("pålegget", "pålegga")
        ),
        "dem": definite(n, malform, bokmal=("det", "dem"), nynorsk=("det", "dei")),
        "disse": definite(n, malform, bokmal=("dette", "disse"), nynorsk=("dette", "desse")),
        "alle": "" if n == 1 else "alle ",
    }


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
    """``"én ansatt"`` / ``"fire ansatte"`` (nynorsk: «éin tilsett», «fire tilsette»)."""
    stem = "tilsett" if malform == "nynorsk" else "ansatt"
    return count(n, stem, stem + "e", "m", malform)


def remarks(n: int, malform: str = "bokmal") -> str:
    """``"én merknad"`` / ``"to merknader"`` (nynorsk «éin merknad»)."""
    return count(n, "merknad", "merknader", "m", malform)


_TITLE_ENDINGS_NN = (
    ("saksbehandlere", "sakshandsamarar"),
    ("saksbehandler", "sakshandsamar"),
    ("rådgivere", "rådgjevarar"),
    ("rådgiver", "rådgjevar"),
    ("ledere", "leiarar"),
    ("leder", "leiar"),
    ("forvalter", "forvaltar"),
    ("utreder", "utgreiar"),
    ("assisterende", "assisterande"),
)
_TITLE_PARTS_NN = (("utrednings", "utgreiings"), ("veiledning", "rettleiing"))
_TITLE_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def title_in(title: str, malform: str) -> str:
    """A signatory's job title in ``malform``: nynorsk forms of the bokmål titles offices
    use (seniorrådgiver → seniorrådgjevar, avdelingsleder → avdelingsleiar, assisterende
    → assisterande, saksbehandler → sakshandsamar …); titles that are the same in both
    forms (avdelingsdirektør, seksjonssjef, førstekonsulent, jurist) and bokmål are
    returned unchanged. A capital first letter is kept."""
    if malform not in ("nynorsk", "nn") or not title:
        return title

    def word(m: re.Match[str]) -> str:
        text = m.group(0)
        lower = text.casefold()
        for bokmal, nynorsk in _TITLE_ENDINGS_NN:
            if lower.endswith(bokmal):
                lower = lower[: len(lower) - len(bokmal)] + nynorsk
                break
        for bokmal, nynorsk in _TITLE_PARTS_NN:
            lower = lower.replace(bokmal, nynorsk)
        if lower == text.casefold():
            return text
        return lower[:1].upper() + lower[1:] if text[:1].isupper() else lower

    return _TITLE_WORD.sub(word, title)


# --- the process, in words derived from what was recorded ---------------------------

COVERING_ORDER_TITLE = {
    "bokmal": "Oversendelse av endelig tilsynsrapport med vedtak om pålegg",
    "nynorsk": "Oversending av endeleg tilsynsrapport med vedtak om pålegg",
}
"""kl. 2018: a separate `palegg` document is a covering letter; the decision is in the
final report."""


def interviews(n: int, people: int | None, malform: str) -> str:
    """Who was interviewed, from the records: ``"fire ansatte"``, ``"seks ansatte i tre
    intervjuer"`` (group conversations), or — when head counts were not kept —
    ``"ansatte i tre intervjuer"``."""
    nn = malform == "nynorsk"
    held = count(n, "intervju", "intervju" if nn else "intervjuer", "n", malform)
    if people is None:
        return f"{'tilsette' if nn else 'ansatte'} i {held}"
    if people == n:
        return employees(people, malform)
    return f"{employees(people, malform)} i {held}"


def interviewed(n: int, people: int | None, malform: str) -> str:
    """The object of «har intervjuet …» (kept for templates that use ``antall_tekst``)."""
    return interviews(n, people, malform)


def requirement_result(
    outcome: str, violation: int | None, remarks: list[int], malform: str
) -> str:
    """The result line of a requirement in chapter 5: ``"Lovbrudd 1"``, ``"Lovbrudd 1.
    Merknad 2"``, ``"Merknad 2 og 3"``, ``"Ingen funn"``, or «ikke konkludert»."""
    nn = malform == "nynorsk"
    parts = []
    if violation:
        parts.append(f"{'Lovbrot' if nn else 'Lovbrudd'} {violation}")
    if remarks:
        numbers = join_and([str(r) for r in remarks], malform)
        parts.append(f"{'Merknad' if len(remarks) == 1 else 'Merknader'} {numbers}")
    if parts:
        return ". ".join(parts)
    if outcome in ("ingen", "merknad", "lovbrudd"):
        return "Ingen funn"
    return "Ikkje konkludert" if nn else "Ikke konkludert"


def conclusion_ground(section: str, malform: str) -> str:
    """The ground of a correction point that stands for the whole requirement:
    «konklusjonen i punkt 5.2»."""
    return f"konklusjonen i punkt {section}"


def see_section(n: int, malform: str) -> str:
    """``", se punkt 5.2"`` (nynorsk: «sjå»)."""
    return f", {'sjå' if malform == 'nynorsk' else 'se'} punkt 5.{n}"


def point_ground(findings: list[tuple[str, str]], section: str, malform: str) -> str:
    """The finding a correction point rests on, in plain words: the control questions by
    their text with what they showed, and where the report discusses them —
    «kontrollspørsmålet «Er planen …?» (avvik i 2 av 8 deltakermapper), se punkt 5.1»."""
    nn = malform == "nynorsk"
    quoted = [f"«{text}» ({result})" if result else f"«{text}»" for text, result in findings]
    if len(quoted) == 1:
        head = "kontrollspørsmålet"
    else:
        head = "kontrollspørsmåla" if nn else "kontrollspørsmålene"
    where = f", {'sjå' if nn else 'se'} punkt {section}" if section else ""
    return f"{head} {join_and(quoted, malform)}{where}"


class Sources:
    """The sources a report rests on, as recorded: documents received, interviews (the
    phrase from :func:`interviews`), sampled files (the phrase from :func:`of_files`)."""

    def __init__(self, *, documents: bool, interviews: str, files: str) -> None:
        self.documents = documents
        self.interviews = interviews
        self.files = files

    @property
    def any(self) -> bool:
        return bool(self.documents or self.interviews or self.files)

    def basis(self, malform: str) -> str:
        """What the report builds on: «dokumentasjonen og redegjørelsen kommunen har
        sendt inn, intervjuene og gjennomgangen av deltakermapper»."""
        nn = malform == "nynorsk"
        parts = []
        if self.documents:
            parts.append(
                "dokumentasjonen og utgreiinga kommunen har sendt inn"
                if nn
                else "dokumentasjonen og redegjørelsen kommunen har sendt inn"
            )
        if self.interviews:
            parts.append("intervjua" if nn else "intervjuene")
        if self.files:
            parts.append(
                "gjennomgangen av deltakarmapper" if nn else "gjennomgangen av deltakermapper"
            )
        return join_and(parts, malform)

    def done(self, malform: str) -> str:
        """What the office did: «gått gjennom dokumentasjon fra kommunen og 8 av 31
        deltakermapper, og har intervjuet 4 ansatte»."""
        nn = malform == "nynorsk"
        read = []
        if self.documents:
            read.append("dokumentasjon frå kommunen" if nn else "dokumentasjon fra kommunen")
        if self.files:
            read.append(self.files)
        text = f"gått gjennom {join_and(read, malform)}" if read else ""
        if self.interviews:
            talked = f"{'intervjua' if nn else 'intervjuet'} {self.interviews}"
            text = f"{text}, og har {talked}" if text else talked
        return text


def comments_text(
    *,
    preliminary: bool,
    comments: int,
    answered: object,
    due: object,
    report_date: object,
    office: str,
    malform: str,
) -> str:
    """What the final report says about the municipality's comments when none are
    registered, from what was recorded: no preliminary report (no violations), an answer
    without objections, no answer by the deadline, or a report written before it."""
    from datetime import date

    from tilsyn.audit.calendar import format_date

    nn = malform == "nynorsk"
    if comments:
        return ""
    if not preliminary:
        if nn:
            return (
                f"{office} har ikkje funne lovbrot, og det er difor ikkje sendt ein førebels "
                "rapport. Kommunen har difor ikkje hatt ein førebels rapport å uttale seg om."
            )
        return (
            f"{office} har ikke funnet lovbrudd, og det er derfor ikke sendt en foreløpig "
            "rapport. Kommunen har derfor ikke hatt en foreløpig rapport å uttale seg om."
        )
    if isinstance(answered, date):
        when = format_date(answered, malform)
        if nn:
            return f"Kommunen svarte {when} på den førebelse rapporten, utan innvendingar."
        return f"Kommunen svarte {when} på den foreløpige rapporten, uten innvendinger."
    if isinstance(due, date) and isinstance(report_date, date):
        when = format_date(due, malform)
        if report_date > due:
            if nn:
                return (
                    "Kommunen har ikkje uttalt seg om den førebelse rapporten innan "
                    f"fristen {when}."
                )
            return f"Kommunen har ikke uttalt seg om den foreløpige rapporten innen fristen {when}."
        if nn:
            return (
                f"Fristen for fråsegn til den førebelse rapporten er {when}. Kommunen hadde "
                "ikkje uttalt seg då denne rapporten vart skriven."
            )
        return (
            f"Fristen for uttalelse til den foreløpige rapporten er {when}. Kommunen hadde "
            "ikke uttalt seg da denne rapporten ble skrevet."
        )
    return (
        "Kommunen har ikkje uttalt seg om den førebelse rapporten."
        if nn
        else "Kommunen har ikke uttalt seg om den foreløpige rapporten."
    )


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
