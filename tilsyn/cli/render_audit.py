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
    say()
    say("Hendelser:")
    if not s["hendelser"]:
        say("  (ingen ennå — start med: tilsyn hendelse ID varsel)")
    for e in s["hendelser"]:
        say(f"  {e['dato']}  {e['tekst']}")
    if s["frister"]:
        say("Frister:")
        for d in s["frister"]:
            moved = f", flyttet fra {d['flyttet_fra']}" if d["flyttet_fra"] else ""
            done = f", levert {d['levert']}" if d["levert"] else ""
            say(f"  {d['dato']}  {d['tekst']} ({_STATE[d['status']]}{done}{moved})")
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
    else:
        say("Utvalg: ikke trukket (tilsyn utvalg ID --populasjon FIL --antall N)")
    say(f"Dokumenter: {len(s['dokumenter'])}   Intervjuer: {len(s['intervjuer'])}")
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
    for problem in s.get("kontroll", []):
        warn(problem)
