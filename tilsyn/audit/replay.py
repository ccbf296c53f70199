"""Replaying an audit's log against its current rows (`tilsyn logg --verifiser`).

The hash chain proves that the log itself is unchanged; the anchor on the audit row
(count and newest hash) that no entry was removed from its end. Replaying proves what the
chain cannot: that the case's rows are what the log says they became. A change made
directly in the database (an answer edited with an SQL tool) is in the rows but not in
the log, and is reported here.

Replayed: answers (answer, observation, sources, proposal, reason), conclusions (outcome,
proposal, texts), events (type and date, with corrections) and produced documents
(checksum and sent state). Not replayed: violations and their follow-up, the register of
received documents, interviews and the sample (their rows are checked by the chain's
hashes only, through the entries that describe them).

Rows made in bulk without one log entry each (synthetic data, :data:`BULK_ACTIONS`) are
accepted when the log has no entry for them; entries that exist must still match.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

BULK_ACTIONS = frozenset({"syntetisk"})
"""Log actions that stand for many rows written at once (no entry per row)."""

ANSWER_FIELDS = {
    "svar": "answer",
    "observasjon": "observation",
    "kilder": "sources",
    "foreslått": "proposed",
    "begrunnelse": "override_reason",
}
"""Logged name → the answer row's field."""
CONCLUSION_FIELDS = ("outcome", "proposed", "practice", "assessment", "conclusion", "reason")
_CONCLUSION_LABELS = {
    "outcome": "utfall",
    "proposed": "forslag",
    "practice": "praksis",
    "assessment": "vurdering",
    "conclusion": "konklusjon",
    "reason": "begrunnelse",
}


@dataclass
class CaseRows:
    """The rows replay compares with (plain values, as the store reads them)."""

    answers: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    """(question, participant "" for the municipality) → answer, observation, sources
    (list of document numbers), proposed, override_reason."""
    conclusions: dict[str, dict[str, Any]] = field(default_factory=dict)
    """requirement → the fields of :data:`CONCLUSION_FIELDS`."""
    events: list[tuple[str, str]] = field(default_factory=list)
    """(type, ISO date) of every event."""
    versions: dict[tuple[str, int], dict[str, Any]] = field(default_factory=dict)
    """(kind, version) → sha256, sent (bool)."""


def _short(value: Any) -> str:
    text = "" if value is None else str(value)
    text = text.replace("\n", " ")
    return f"«{text if len(text) <= 40 else text[:39] + '…'}»" if text else "tom"


def replay(entries: Iterable[Mapping[str, Any]], rows: CaseRows) -> list[str]:
    """Problems where the rows differ from what the log says (empty when they agree).

    ``entries`` are the chain's entries oldest first, with ``action``, ``entity`` and
    ``old``/``new`` parsed from their JSON.
    """
    answers: dict[tuple[str, str], dict[str, Any]] = {}
    conclusions: dict[str, dict[str, Any]] = {}
    events: list[list[str]] = []
    versions: dict[tuple[str, int], dict[str, Any]] = {}
    bulk = False
    for e in entries:
        action, entity, old, new = e["action"], e["entity"], e.get("old"), e.get("new")
        if action in BULK_ACTIONS:
            bulk = True
        elif entity.startswith("svar ") and isinstance(new, dict) and "svar" in new:
            ref, _, who = entity[len("svar ") :].partition(" / ")
            answers[(ref, who)] = {f: new.get(k) for k, f in ANSWER_FIELDS.items()}
        elif action == "konklusjon" and entity.startswith("krav ") and isinstance(new, dict):
            current = conclusions.setdefault(entity[len("krav ") :], {})
            current.update({k: v for k, v in new.items() if k in CONCLUSION_FIELDS})
        elif action == "hendelse" and entity.startswith("hendelse ") and isinstance(new, dict):
            events.append([entity[len("hendelse ") :], str(new.get("dato"))])
        elif action == "korriger hendelse" and isinstance(old, dict) and isinstance(new, dict):
            kind = entity[len("hendelse ") :]
            for ev in reversed(events):
                if ev == [kind, str(old.get("dato"))]:
                    ev[1] = str(new.get("dato"))
                    break
        elif action in ("dokument laget", "dokument sendt") and isinstance(new, dict):
            kind, _, number = entity.rpartition(" v")
            if number.isdigit():
                version = versions.setdefault((kind, int(number)), {"sent": False})
                version["sha256"] = new.get("sha256")
                if action == "dokument sendt":
                    version["sent"] = True
    problems: list[str] = []

    for slot in sorted(set(answers) | set(rows.answers)):
        ref, who = slot
        name = f"svar {ref}" + (f" / {who}" if who else "")
        logged, stored = answers.get(slot), rows.answers.get(slot)
        if logged is None:
            if not bulk:
                problems.append(f"{name}: finnes i databasen, men ikke i loggen")
            continue
        if stored is None:
            problems.append(f"{name}: står i loggen, men mangler i databasen")
            continue
        for label, column in ANSWER_FIELDS.items():
            want, have = logged[column], stored.get(column)
            if column == "sources":
                want, have = list(want or []), list(have or [])
            if want != have:
                problems.append(
                    f"{name}: {label} er {_short(have)} i databasen, men {_short(want)} i loggen "
                    "(endret utenom tilsyn)"
                )

    for ref in sorted(set(conclusions) | set(rows.conclusions)):
        logged, stored = conclusions.get(ref), rows.conclusions.get(ref)
        if logged is None:
            if not bulk:
                problems.append(f"konklusjon {ref}: finnes i databasen, men ikke i loggen")
            continue
        if stored is None:
            problems.append(f"konklusjon {ref}: står i loggen, men mangler i databasen")
            continue
        for column, want in logged.items():
            if stored.get(column) != want:
                problems.append(
                    f"konklusjon {ref}: {_CONCLUSION_LABELS[column]} er "
                    f"{_short(stored.get(column))} i "
                    "databasen, men "
                    f"{_short(want)} i loggen (endret utenom tilsyn)"
                )

    if events or not bulk:
        expected = Counter((ev[0], ev[1]) for ev in events)
        actual = Counter(rows.events)
        for (kind, day), n in sorted((expected - actual).items()):
            problems.append(
                f"hendelse {kind} {day}: står i loggen{f' {n} ganger' if n > 1 else ''}, men "
                "mangler i databasen (eller har en annen dato der)"
            )
        for (kind, day), n in sorted((actual - expected).items()):
            problems.append(
                f"hendelse {kind} {day}: finnes i databasen{f' {n} ganger' if n > 1 else ''}, "
                "men ikke i loggen"
            )

    for key in sorted(set(versions) | set(rows.versions)):
        kind, number = key
        name = f"dokument {kind} v{number}"
        logged, stored = versions.get(key), rows.versions.get(key)
        if logged is None:
            if not bulk:
                problems.append(f"{name}: finnes i databasen, men ikke i loggen")
            continue
        if stored is None:
            problems.append(f"{name}: står i loggen, men mangler i databasen")
            continue
        if stored.get("sha256") != logged.get("sha256"):
            problems.append(f"{name}: sjekksummen i databasen er ikke den loggen har")
        if bool(stored.get("sent")) != bool(logged.get("sent")):
            state = "sendt" if stored.get("sent") else "ikke sendt"
            problems.append(f"{name}: står som {state} i databasen, men ikke i loggen")
    return problems
