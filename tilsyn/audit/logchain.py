"""The hash-chained change log: how an entry's hash is made and how a chain is checked.

Every change to an audit (or a self-assessment, or a workspace setting) is logged as an
entry in a *chain*; each entry's hash covers its content and the previous entry's hash,
so a changed, removed or reordered entry breaks the chain. The store writes entries and
the archive exports them; both check them with :func:`verify_chain`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

GENESIS = "0" * 64
"""The "previous hash" of a chain's first entry."""

FIELDS = ("chain", "seq", "at", "user", "action", "entity", "old", "new", "prev_hash", "hash")
"""The fields of a log entry that its hash covers or links."""


def canonical(value: Any) -> str:
    """The canonical JSON text of a logged value (sorted keys, no spaces)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def entry_hash(
    prev: str,
    *,
    chain: str,
    seq: int,
    at: str,
    user: str,
    action: str,
    entity: str,
    old: str | None,
    new: str | None,
) -> str:
    """The hash of one log entry, chained to the previous entry's hash."""
    payload = canonical([prev, chain, seq, at, user, action, entity, old, new])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def chain_head(entries: Iterable[Mapping[str, Any]]) -> tuple[int, str]:
    """The number of entries and the hash of the last one (``(0, GENESIS)`` when empty)."""
    count, head = 0, GENESIS
    for e in entries:
        count, head = count + 1, e["hash"]
    return count, head


def verify_chain(chain: str, entries: Iterable[Mapping[str, Any]]) -> list[str]:
    """Problems in one chain's entries, oldest first (empty when every link verifies).

    ``old`` and ``new`` are the canonical JSON texts as stored.
    """
    problems: list[str] = []
    prev = GENESIS
    for expected, e in enumerate(entries, start=1):
        seq = e["seq"]
        if seq != expected:
            problems.append(f"logglinje {expected} mangler (neste er {seq})")
        if e["prev_hash"] != prev:
            problems.append(f"logglinje {seq}: lenken til forrige linje stemmer ikke")
        digest = entry_hash(
            e["prev_hash"],
            chain=chain,
            seq=seq,
            at=e["at"],
            user=e["user"],
            action=e["action"],
            entity=e["entity"],
            old=e["old"],
            new=e["new"],
        )
        if digest != e["hash"]:
            problems.append(f"logglinje {seq}: innholdet er endret etter at det ble skrevet")
        prev = e["hash"]
    return problems


def check_anchor(
    entries: list[Mapping[str, Any]], anchor_count: int | None, anchor_head: str | None
) -> list[str]:
    """Problems between a chain and its anchor (the entry count and newest hash stored with
    the audit when the newest entry was written): entries removed from the end, or added
    or replaced without the anchor."""
    count, head = chain_head(entries)
    if anchor_count is None or anchor_head is None:
        return [
            "loggen har ikke noe anker (antall linjer og siste hash lagret med tilsynet); "
            "at ingen linje er fjernet fra slutten, kan ikke bekreftes"
        ]
    if count < anchor_count:
        missing = anchor_count - count
        return [
            f"{'den siste logglinjen' if missing == 1 else f'de siste {missing} logglinjene'} "
            f"mangler: ankeret sier {anchor_count} linjer med siste hash {anchor_head[:12]}…, "
            f"men loggen har {count}"
        ]
    if count > anchor_count:
        return [
            f"loggen har {count - anchor_count} linje(r) mer enn ankeret ({anchor_count}); de er "
            "lagt til utenom tilsyn"
        ]
    if head != anchor_head:
        return [
            f"siste logglinje har hash {head[:12]}…, men ankeret sier {anchor_head[:12]}…; "
            "linjen er erstattet utenom tilsyn"
        ]
    return []
