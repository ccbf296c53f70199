"""Finding checklists: the shipped ones, plus those in a workspace's sjekklister/ folder."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tilsyn.checklist.loader import load_checklist, match_id
from tilsyn.checklist.model import Checklist
from tilsyn.errors import NotFoundError
from tilsyn.resources import checklists_dir


@dataclass(frozen=True)
class Entry:
    """A checklist and where it was read from."""

    checklist: Checklist
    path: Path
    shipped: bool


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))


def available(extra_dirs: Iterable[Path] = ()) -> dict[str, Entry]:
    """All checklists by id; a workspace checklist with the same id replaces a shipped one."""
    extra = [Path(d) for d in extra_dirs]
    paths = [(p, True) for p in _files(checklists_dir())]
    for folder in extra:
        paths += [(p, False) for p in _files(folder)]
    found: dict[str, Entry] = {}
    for path, shipped in paths:
        cl = load_checklist(path)
        found[cl.id] = Entry(cl, path, shipped)
    return found


def get(checklist_id: str, extra_dirs: Iterable[Path] = ()) -> Entry:
    """The checklist with ``checklist_id`` (typed with or without æ/ø/å)."""
    entries = available(extra_dirs)
    cid = match_id(checklist_id, list(entries))
    if cid is None:
        raise NotFoundError(
            f"Finner ingen sjekkliste med id «{checklist_id}». "
            f"Tilgjengelige: {', '.join(sorted(entries)) or '(ingen)'}. Se: tilsyn sjekkliste liste"
        )
    return entries[cid]


def json_schema() -> dict:
    """The JSON Schema of the checklist format (for editor validation)."""
    schema = Checklist.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "tilsyn sjekkliste (schema_version 1)"
    return schema
