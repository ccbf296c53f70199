"""Rendering `tilsyn vis` for people."""

from __future__ import annotations

from typing import Any

from tilsyn.cli.output import say, table, warn

_STATE = {
    "overholdt": "overholdt",
    "overskredet": "levert for sent",
    "forfalt": "FORFALT",
    "ikke_mottatt": "ikke mottatt; prosessen gikk videre",
    "apen": "åpen",
}
_OUTCOME = {"lovbrudd": "lovbrudd", "merknad": "merknad", "ingen": "ingen funn", None: "–"}
_REGIME = {
    "kl1992": "kommuneloven 1992 kapittel 10 A (kl1992)",
    "kl2018": "kommuneloven 2018 kapittel 30 (kl2018)",
}


def _regime_note(s: dict[str, Any]) -> str:
    if s["regime_begrunnelse"]:
        return f" – valgt: {s['regime_begrunnelse']}"
    notice = next((e["dato"] for e in s["hendelser"] if e["type"] == "varsel"), None)
    if notice:
        return f" – følger av varseldatoen {notice}"
    if s["varseldato_planlagt"]:
        return f" – følger av planlagt varseldato {s['varseldato_planlagt']}"
    return " – foreløpig; fastsettes av varseldatoen"


def render_summary(s: dict[str, Any]) -> None:
    """Print the summary of one audit."""
    say(f"Tilsyn {s['id']}: {s['tittel']}")
    say(f"Kommune: {s['kommune']['nummer']} {s['kommune']['navn']} ({s['kommune']['fylke']})")
    say(f"Sjekkliste: {s['sjekkliste']['id']} versjon {s['sjekkliste']['versjon']}")
    say(
        f"Saksnummer: {s['saksnummer'] or '–'}   Tilsynsleder: {s['tilsynsleder'] or '–'}   "
        f"Revisorer: {', '.join(s['revisorer']) or '–'}"
    )
    say(f"Fase: {s['fase_tekst']}")
    say(f"Regelverk: {_REGIME.get(s['regime'], s['regime'])}{_regime_note(s)}")
    if s["overgangsregel"]:
        say("Overgangsregel: tilsynet gjelder deltakere som fortsatt følger loven etter perioden")
    letter = s["brev"]
    if s.get("opprinnelse") != "importert":
        say(
            f"Postadresse: {letter['postadresse'] or '– (tilsyn endre ID --postadresse «…»)'}"
            + (f"   v/ {letter['adressat_ved']}" if letter["adressat_ved"] else "")
            + (f"   Deres ref.: {letter['deres_ref']}" if letter["deres_ref"] else "")
        )
    if letter["kopi_til"]:
        say(f"Kopi til: {'; '.join(letter['kopi_til'])}")
    _render_origin(s)
    say()
    imported = s.get("opprinnelse") == "importert"
    say("Hendelser:")
    if not s["hendelser"]:
        say(
            "  (ingen registrert)"
            if imported
            else "  (ingen ennå — start med: tilsyn hendelse ID varsel)"
        )
    for e in s["hendelser"]:
        say(f"  {e['dato']}  {e['tekst']}")
    if s["frister"]:
        say("Frister:")
        for d in s["frister"]:
            moved = f", flyttet fra {d['flyttet_fra']}" if d["flyttet_fra"] else ""
            done = f", levert {d['levert']}" if d["levert"] else ""
            say(f"  {d['dato']}  {d['tekst']} ({_STATE[d['status']]}{done}{moved})")
    if not imported:  # imported history has no answers, sample or documents
        _render_work(s)
    say()
    table(
        ["krav", "tittel", "foreslått", "bekreftet"],
        [
            [
                x["krav"],
                x["tittel"],
                _OUTCOME[x["foreslatt"]],
                _OUTCOME.get(x["bekreftet"], x["bekreftet"])
                + (" (overstyrt)" if x["overstyrt"] else ""),
            ]
            for x in s["funn"]
        ],
    )
    for a in s.get("avgrenset", []):
        say(f"  {a['krav']}: avgrenset bort fra tilsynet ({a['begrunnelse']})")
    for r in s.get("merknader", []):
        say(f"  Merknad ({r['krav']}): {r['tekst']}")
    if s.get("palegg"):
        say()
        say("Pålegg (oppfølging):")
        for o in s["palegg"]:
            text = (
                f"  {o['ref']} {o['krav']} {o['tittel']}: {o['status_tekst']}, rettefrist "
                f"{o['rettefrist']}"
            )
            for f in o["forfalt"]:
                text += f"; FORFALT {f['frist']} {f['dato']} ({f['dager_over']} dager)"
            if o["klage"]:
                text += f" – {o['klage']}"
            say(text)
    if s["dokumentversjoner"]:
        say()
        say("Dokumenter produsert:")
        for d in s["dokumentversjoner"]:
            sent = f"sendt {d['sendt_tid'][:10]}" if d["sendt"] else "ikke sendt"
            say(
                f"  {d['type']} v{d['versjon']} ({d['malform']}, {sent}) sha256 "
                f"{d['sha256'][:16]}…  {d['fil']}"
            )
    _render_calibration(s.get("kalibrering"))
    for problem in s.get("kontroll", []):
        warn(problem)


def _render_work(s: dict[str, Any]) -> None:
    f = s["fremdrift"]
    say(f"Fremdrift: {f['besvart']} av {f['totalt']} svar ({f['prosent']} %)")
    u = s["utvalg"]
    if u:
        say(
            f"Utvalg: {u['antall']} deltakermapper ({u['metode']}"
            + (f", frø {u['fro']}" if u["fro"] else "")
            + (f", av {u['populasjon']}" if u["populasjon"] else "")
            + ")"
        )
        if u["kriterier"]:
            say(f"  kriterier: {u['kriterier']}")
    else:
        say("Utvalg: ikke trukket (tilsyn utvalg ID --populasjon FIL --antall N)")
    say(f"Dokumenter: {len(s['dokumenter'])}   Intervjuer: {len(s['intervjuer'])}")


def _render_origin(s: dict[str, Any]) -> None:
    if s.get("opprinnelse") == "importert":
        source = s.get("import") or {}
        say(
            "Importert historikk: avsluttet og skrivebeskyttet, bare konklusjoner per krav"
            + (
                f" (fra {source['fil']}, rad {source['rader']}, importert "
                f"{source['importert'][:10]} av {source['importert_av']})"
                if source
                else ""
            )
            + "."
        )
    elif s.get("opprinnelse") == "syntetisk":
        say("Syntetiske data: generert for demonstrasjon, ikke et virkelig tilsyn.")


_SAYS = {"oppfylt": "ja", "brudd": "nei"}


def _render_calibration(c: dict[str, Any] | None) -> None:
    if not c:
        return
    say()
    say(
        f"Egenvurdering {c['egenvurdering']} ({c['ar']}) mot tilsynets funn: samsvar på "
        f"{c['samsvar']}, avvik på {c['avvik']} spørsmål"
        + (
            f"; kommunen svarte ja der tilsynet fant brudd på {c['svarte_ja_ved_brudd']}."
            if c["svarte_ja_ved_brudd"]
            else "."
        )
    )
    answered = [q for q in c["sporsmal"] if q["kommunens_svar"]]
    table(
        ["spørsmål", "kommunens svar", "tilsynets funn", ""],
        [
            [
                q["ref"],
                q["kommunens_svar"],
                q["funn_tekst"],
                "" if q["samsvar"] is None else "samsvar" if q["samsvar"] else "AVVIK",
            ]
            for q in answered
        ],
    )
    if len(answered) < len(c["sporsmal"]):
        say(f"({len(c['sporsmal']) - len(answered)} spørsmål uten svar fra kommunen.)")
