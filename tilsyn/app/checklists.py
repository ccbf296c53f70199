"""Use cases of checklists: the shipped ones and a workspace's own, validation, and the
JSON Schema of the format."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tilsyn.errors import ChecklistError

if TYPE_CHECKING:
    from tilsyn.checklist.model import Checklist
    from tilsyn.checklist.registry import Entry


def _extra_dirs(workspace: str | None) -> list[Path]:
    from tilsyn.workspace import optional_workspace

    ws = optional_workspace(workspace)
    return [ws.checklists_dir] if ws else []


def available(workspace: str | None) -> dict[str, Entry]:
    """Every checklist by id: shipped, and the workspace's own (which win)."""
    from tilsyn.checklist import registry

    return registry.available(_extra_dirs(workspace))


def get(checklist_id: str, workspace: str | None) -> Checklist:
    """One checklist by id (typed with or without æ/ø/å)."""
    from tilsyn.checklist import registry

    return registry.get(checklist_id, _extra_dirs(workspace)).checklist


def validate(files: list[Path], workspace: str | None) -> list[tuple[Path, Checklist]]:
    """Validate checklist files (references resolved against every known checklist);
    raises ChecklistError listing every problem with file and line."""
    from tilsyn.checklist.loader import load_checklist

    problems: list[str] = []
    loaded = []
    known = set(available(workspace))
    for path in files:
        try:
            loaded.append((path, load_checklist(path)))
        except ChecklistError as exc:
            problems.extend(exc.details or [exc.message])
    known |= {cl.id for _, cl in loaded}
    valid = []
    for path, cl in loaded:
        try:
            load_checklist(path, known_ids=known)
        except ChecklistError as exc:
            problems.extend(exc.details)
            continue
        valid.append((path, cl))
    if problems:
        raise ChecklistError(f"{len(problems)} feil i {len(files)} fil(er):", details=problems)
    return valid


def schema_text() -> str:
    """The JSON Schema of the checklist format, as text."""
    import json

    from tilsyn.checklist.registry import json_schema

    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


def write_schema(output: Path) -> Path:
    """Write the JSON Schema to a file (through the one output door)."""
    from tilsyn.files import NO_WORKSPACE, write_text

    return write_text(Path(output), schema_text(), rules=NO_WORKSPACE, what="skjemaet")
