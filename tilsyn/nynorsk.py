"""A lint for nynorsk text: find bokmål word forms that do not belong in nynorsk.

A nynorsk municipality is entitled to documents wholly in nynorsk. :func:`bokmal_forms`
finds the bokmål forms from :data:`BOKMAL_FORMS` in a text, as whole words and
case-insensitively, so tests and ``mal sjekk`` can fail on «ikke», «hvordan», «deltakere» …
in checklist texts, rendered documents and workbooks.

The list holds only forms that are *not* correct nynorsk. Words both written standards
share (og, for, med, til, er, av, skal, kan, når, etter …) and nynorsk forms that look
like bokmål (the verb «nå», the pronoun «De», «også», «heller») are deliberately absent;
:data:`SHARED_FORMS` lists such words and a test keeps the two lists apart. The list is
aimed at the language of supervision documents; it is not a full dictionary.
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` (keeps the word lists readable)."""
    return frozenset(text.split())


BOKMAL_FORMS: frozenset[str] = _words(
    """
    ikke hvordan hva hvem hvilke hvilken hvilket hvor hvorfor hvorvidt hvis hver hvert fra
    noen noe mye jeg dere deres dem disse hennes uten innen mens bare kun selv samme sammen
    annen annet egen eget egne flere dessuten imidlertid senest tidligere hele

    være vært ble gjelder inneholde inneholder gjøre gjør sier ligger finnes kommer tar vet
    følger

    mulig vanlig tilstrekkelig nærmere skriftlig begrunnet fastsatt

    deltaker deltakere deltakeren deltakerne deltakers deltakerens deltakernes deltakelse
    rådgiver rådgivere rådgiveren rådgiverne programrådgiver programrådgivere seniorrådgiver
    lærere læreren lærerne måned måneder måneden uke uker uken ukene timer dager dagene
    planer planene rutiner rutinene maler malene opplysninger endringer vurderinger
    intervjuer registreringer begrunnelse veiledning veileder opplæringen fravær fraværs
    statsforvalteren statsforvalterens integreringsloven introduksjonsloven kommuneloven
    forvaltningsloven
    """
)
"""Bokmål word forms (lower case) that are not correct nynorsk: small words and pronouns,
verbs, adjectives, and the domain's nouns (nynorsk: deltakar, rådgjevar, lærar, månad,
veke, time, integreringslova …)."""

SHARED_FORMS: frozenset[str] = _words(
    """
    og for med til er av i på som det den at om skal kan må blir bli har hadde gir får også
    eller etter når ved under mot alle andre mange ingen seg sin sine vi de nå heller både
    enn slik dette denne var kommunen plan planen sluttmål integreringsplan ferie
    stikkprøver vedtak vedtaket tilsyn tilsynet krav kravet individuell kartlegging
    samfunnskunnskap norsk program programmet fulltid praksis merknad pålegg lovbrot gjennom
    mellom fordi ut opp hos aldri altså
    """
)
"""Words that are correct in both written standards; :data:`BOKMAL_FORMS` must not
contain any of them (a test checks it)."""

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def bokmal_forms(text: str | None) -> list[str]:
    """The bokmål forms in ``text``, in order of appearance and as written.

    Words are matched whole and case-insensitively: «Ikke» and «IKKE» are found,
    «ikkje» and «deltakarane» are not, and a compound such as «NIR-registreringer» is
    checked part by part. Every occurrence is returned, so the length is a count.
    E-mail and web addresses are not language («post@statsforvalteren.no») and are
    skipped.
    """
    if not text:
        return []
    text = _ADDRESS.sub(" ", text)
    return [m.group(0) for m in _WORD.finditer(text) if m.group(0).casefold() in BOKMAL_FORMS]


_ADDRESS = re.compile(r"\S+@\S+|\b(?:https?://|www\.)\S+", re.IGNORECASE)
"""An e-mail or web address (skipped by the lint)."""


_LAW_NAME = re.compile(r"\b(\w+)loven\b")


def law_citation(text: str) -> str:
    """A bokmål law citation in nynorsk: «introduksjonsloven § 4 annet ledd» →
    «introduksjonslova § 4 andre ledd» (law names in -loven, «annet ledd»). Text that is
    already nynorsk is returned unchanged."""
    return _LAW_NAME.sub(lambda m: f"{m.group(1)}lova", text).replace("annet ledd", "andre ledd")
