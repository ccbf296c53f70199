"""Small helpers both the audit tables and the self-assessment tables use."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tilsyn.stats.compute import _Cells
    from tilsyn.stats.rows import StatsData


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _requirement_of(data: StatsData) -> dict[tuple[str, str], dict[str, str]]:
    return {
        key: {q.ref_id: req.ref_id for _, req, q in cl.questions()}
        for key, cl in data.checklists.items()
    }


def footnotes(cells: _Cells, L: dict[str, str], min_count: int, *extra: str) -> tuple[str, ...]:
    notes = [e for e in extra if e]
    if cells.used:
        notes.append(L["fn.suppressed"].format(n=min_count))
    if cells.secondary:
        notes.append(L["fn.secondary"])
    return tuple(notes)
