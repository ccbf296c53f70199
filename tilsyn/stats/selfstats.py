"""The self-assessment figures of ``tilsyn statistikk``: share answering yes per question
and year, its change from one measurement to the next, and calibration against the
auditors' findings (definitions in :mod:`tilsyn.stats.compute`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tilsyn.stats.model import SUPPRESSED, Column, Table, Trend
from tilsyn.stats.rows import AuditRow, SelfAssessmentRow, StatsData

if TYPE_CHECKING:
    from tilsyn.stats.compute import Catalog, _Cells, _Matcher, _Selection

Meanings = dict[tuple[str, str], dict[str, dict[str, str]]]


@dataclass(frozen=True)
class Chosen:
    """A self-assessment that counts, with its yes/no answers (question → answered yes)."""

    row: SelfAssessmentRow
    answers: dict[str, bool]

    @property
    def origin(self) -> str | None:
        return self.row.origin

    @property
    def municipality_number(self) -> str:
        return self.row.municipality_number


def yes_no(row: SelfAssessmentRow, answers: dict[str, str], meanings: Meanings) -> dict[str, bool]:
    """Question → True (yes, meaning ``oppfylt``) / False (no, ``brudd``); other answers
    (not relevant, blank) are left out."""
    known = meanings.get((row.checklist_id, row.checklist_version), {})
    out: dict[str, bool] = {}
    for q, value in answers.items():
        meaning = known.get(q, {}).get(value)
        if meaning == "oppfylt":
            out[q] = True
        elif meaning == "brudd":
            out[q] = False
    return out


def latest_self_assessments(data: StatsData, match: _Matcher, meanings: Meanings) -> list[Chosen]:
    """Per municipality, checklist and year: the latest self-assessment with yes/no
    answers (a later form without answers does not replace a completed one)."""
    latest: dict[tuple[str, str, int], Chosen] = {}
    for s in data.self_assessments:
        answers = data.self_answers.get(s.id)
        if not answers or not match.self_assessment(s):
            continue
        marks = yes_no(s, answers, meanings)
        if not marks:
            continue
        key = (s.municipality_number, s.checklist_id, s.year)
        if key not in latest or s.id > latest[key].row.id:
            latest[key] = Chosen(s, marks)
    return sorted(latest.values(), key=lambda c: c.row.id)


def _question_order(catalog: Catalog, cid: str, present: set[str]) -> list[str]:
    known = catalog.questions.get(cid, {})
    return [q for q in known if q in present] + sorted(present - set(known))


def tables_self(
    data: StatsData,
    latest: list[Chosen],
    catalog: Catalog,
    meanings: Meanings,
    L: dict[str, str],
    new_cells: Callable[[], _Cells],
    min_count: int,
) -> tuple[Table, Table, list[Trend]]:
    from tilsyn.stats.shared import footnotes

    n: dict[tuple[str, str, int], int] = defaultdict(int)
    yes: dict[tuple[str, str, int], int] = defaultdict(int)
    for chosen in latest:
        s = chosen.row
        for q, is_yes in chosen.answers.items():
            key = (s.checklist_id, q, s.year)
            n[key] += 1
            yes[key] += is_yes
    years = sorted({k[2] for k in n})
    questions: list[tuple[str, str]] = []
    for cid in sorted({k[0] for k in n}):
        present = {k[1] for k in n if k[0] == cid}
        questions += [(cid, q) for q in _question_order(catalog, cid, present)]
    wide_cells, long_cells = new_cells(), new_cells()
    wide, long, trends = [], [], []
    for cid, q in questions:
        points = []
        shown: list[tuple[int, float]] = []
        prev: tuple[int, float] | None = None
        for y in years:
            key = (cid, q, y)
            if key not in n:
                points.append((y, None, 0))
                continue
            share = yes[key] / n[key]
            visible = wide_cells.visible(n[key])
            points.append((y, share if visible else None, n[key]))
            change = share - prev[1] if (visible and prev is not None) else None
            long.append(
                (
                    cid,
                    q,
                    y,
                    n[key],
                    long_cells(share, n[key]),
                    prev[0] if (visible and prev is not None) else None,
                    long_cells(change, n[key]),
                )
            )
            if visible:
                shown.append((y, share))
            prev = (y, share) if visible else None
        row_cells = []
        for _, share, count in points:
            if not count:
                row_cells.append(None)
            elif share is None:
                wide_cells.used = True
                row_cells.append(SUPPRESSED)
            else:
                row_cells.append(share)
        change = shown[-1][1] - shown[0][1] if len(shown) >= 2 else None
        period = f"{shown[0][0]}–{shown[-1][0]}" if len(shown) >= 2 else None
        text = catalog.question_text(cid, q)
        wide.append((cid, q, text, *row_cells, change, period))
        trends.append(Trend(cid, q, text, tuple(points), catalog.title(cid)))
    t_wide = Table(
        "egenvurdering",
        L["t.self"],
        (
            Column(L["checklist"]),
            Column(L["question"]),
            Column(L["question_text"]),
            *(Column(str(y), "pct") for y in years),
            Column(L["change"], "pp"),
            Column(L["period"]),
        ),
        tuple(wide),
        footnotes(wide_cells, L, min_count, L["fn.self"] if wide else ""),
    )
    t_long = Table(
        "egenvurdering_endring",
        L["t.self_change"],
        (
            Column(L["checklist"]),
            Column(L["question"]),
            Column(L["year"], "year"),
            Column(L["munis"], "int"),
            Column(L["share_yes"], "pct"),
            Column(L["previous"], "year"),
            Column(L["change_prev"], "pp"),
        ),
        tuple(long),
        footnotes(long_cells, L, min_count, L["fn.self_change"] if long else ""),
    )
    return t_wide, t_long, trends


def table_calibration(
    data: StatsData,
    latest: list[Chosen],
    sel: _Selection,
    catalog: Catalog,
    meanings: Meanings,
    L: dict[str, str],
    cells: _Cells,
    min_count: int,
) -> tuple[Table, dict[str, Any]]:
    from tilsyn.stats.shared import _requirement_of, _share, footnotes

    req_of = _requirement_of(data)
    concl = sel.concl
    by_place: dict[tuple[str, str, int], AuditRow] = {}
    for a in sel.audits:
        if concl.get(a.id):
            key = (a.municipality_number, a.checklist_id, a.year)
            if key not in by_place or a.id > by_place[key].id:
                by_place[key] = a
    pairs: list[tuple[Chosen, AuditRow]] = []
    for chosen in latest:
        s = chosen.row
        a = sel.by_id.get(s.audit_id) if s.audit_id is not None else None
        if a is None or not concl.get(a.id) or a.checklist_id != s.checklist_id:
            a = by_place.get((s.municipality_number, s.checklist_id, s.year))
        if a is not None:
            pairs.append((chosen, a))
    paired_audits = {a.id for _, a in pairs}
    breach: set[tuple[int, str]] = set()
    for b in data.breaches:
        if b.audit_id not in paired_audits or not b.count:
            continue
        a = sel.by_id[b.audit_id]
        m = meanings.get((a.checklist_id, a.checklist_version), {}).get(b.question_ref, {})
        if m.get(b.answer) == "brudd":
            breach.add((a.id, b.question_ref))
    base_munis: dict[tuple[str, str], set[str]] = defaultdict(set)
    found_munis: dict[tuple[str, str], set[str]] = defaultdict(set)
    n_pairs: dict[tuple[str, str], int] = defaultdict(int)
    n_found: dict[tuple[str, str], int] = defaultdict(int)
    n_believed: dict[tuple[str, str], int] = defaultdict(int)
    for chosen, a in pairs:
        outcomes = concl[a.id]
        reqs = req_of.get((a.checklist_id, a.checklist_version), {})
        for q, said_yes in chosen.answers.items():
            req = reqs.get(q)
            if req is None or req not in outcomes:
                continue
            key = (a.checklist_id, q)
            n_pairs[key] += 1
            base_munis[key].add(a.municipality_number)
            # Imported history has no answers per question: there the requirement's
            # conclusion is the finding on each of its questions.
            found = (a.id, q) in breach or a.origin == "importert"
            if outcomes[req] == "lovbrudd" and found:
                n_found[key] += 1
                found_munis[key].add(a.municipality_number)
                n_believed[key] += said_yes
    rows = []
    for cid in sorted({k[0] for k in n_pairs}):
        present = {k[1] for k in n_pairs if k[0] == cid}
        for q in _question_order(catalog, cid, present):
            key = (cid, q)
            base = len(base_munis[key])
            found_base = len(found_munis[key])
            share = _share(n_believed[key], n_found[key])
            rows.append(
                (
                    cid,
                    q,
                    n_pairs[key],
                    cells(n_found[key], base),
                    cells(n_believed[key], base),
                    cells(share, min(base, found_base)),
                )
            )
    all_found = sum(n_found.values())
    all_believed = sum(n_believed.values())
    found_all_munis = set().union(*found_munis.values()) if found_munis else set()
    summary = {
        "kalibrering_funnet": all_found,
        "kalibrering_svarte_ja": all_believed,
        "kalibrering_andel": _share(all_believed, all_found),
        "kalibrering_vises": cells.visible(len(found_all_munis)),
    }
    table = Table(
        "kalibrering",
        L["t.calibration"],
        (
            Column(L["checklist"]),
            Column(L["question"]),
            Column(L["pairs"], "int"),
            Column(L["found"], "int"),
            Column(L["believed"], "int"),
            Column(L["share_believed"], "pct"),
        ),
        tuple(rows),
        footnotes(
            cells,
            L,
            min_count,
            L["fn.calibration"] if rows else "",
            L["fn.calibration_imported"] if any(a.origin == "importert" for _, a in pairs) else "",
        ),
    )
    return table, summary
