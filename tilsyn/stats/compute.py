"""Every figure of ``tilsyn statistikk``, as pure functions over ``StatsData``.

Definitions (also in the README, «Tall og trender»):

- **Lovbrudd** (violation): a requirement of an audit concluded ``lovbrudd``.
- **Year** of an audit: the year of its notice (``varsel``), else its stored year
  (imported history), else the year it was created; of a self-assessment: its own year.
  Every filter on years uses these.
- **Per** (``--per``): figures as they stood on that day. An audit counts from its notice
  (imported: from 1 January of its year); events, orders, deadline changes and closures
  dated after the day are left out; a conclusion counts when the final report was sent by
  then (imported: when its final report, if given, was), else when it was last changed by
  then; self-assessments count up to the day's year.
- **Municipalities** are counted by number; one municipality audited twice counts once.
  The base of a figure is the number of distinct municipalities it rests on; in
  publication mode a figure on fewer than ``min_count`` municipalities (but more than
  none) is suppressed (shown as ``:``) and the table says so in a footnote. In a table
  with a total row, when only one row is suppressed the shown row with the fewest
  municipalities is suppressed too (secondary suppression).
- **Office**: the office the register names for the municipality in the audit's year
  (an imported audit may name its own); offices are compared under that year's name.
- **Per control question**: an audit has a violation on a question when the question's
  requirement is concluded ``lovbrudd`` and at least one answer to the question means
  breach in the audit's checklist version ("Svar med brudd" counts those answers).
- **Closure**: days from the final report (``endelig`` event) to ``closed_at``; "closed by
  the first deadline" compares with the rectification deadline first set (before any
  deadline change), among violations that are closed or whose first deadline has passed.
  Imported history has no orders and is not part of it.
- **Repeat**: an audit of the same municipality and checklist after one that concluded
  ``lovbrudd`` on the requirement (the most recent earlier audit concluding on it). The
  same municipality is the same number, followed through pure renumberings only: a
  merged municipality is a new one (``places.identity``).
- **Self-assessment**: share answering yes (meaning ``oppfylt``) among yes/no answers
  (meaning ``oppfylt``/``brudd``); per municipality, checklist and year the latest
  self-assessment that has such answers counts (an empty later form changes nothing).
- **Calibration**: a self-assessment paired with its audit (``audit_id``, else an audit of
  the same municipality, checklist and year); per question, how often the municipality
  answered yes where the audit found a violation on that question.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from tilsyn.stats.labels import LABELS
from tilsyn.stats.model import (
    DEFAULT_MIN_COUNT,
    SUPPRESSED,
    Bar,
    Column,
    Filters,
    Statistics,
    Table,
)
from tilsyn.stats.places import expand_municipalities, identity, office_of
from tilsyn.stats.rows import AuditRow, ConclusionRow, SelfAssessmentRow, StatsData
from tilsyn.stats.shared import _requirement_of, _share, footnotes
from tilsyn.text import fold

Progress = Callable[[int, int, str], None]
"""progress(done, total, what): called after each step of the computation."""

IMPORTED = "importert"
SYNTHETIC = "syntetisk"

__all__ = [
    "LABELS",
    "compute_statistics",
    "counts_as_assessed",
    "expand_municipalities",
    "identity",
    "office_of",
]


def counts_as_assessed(conclusion: ConclusionRow) -> bool:
    """Whether a stored conclusion counts as an assessed requirement.

    The one place to leave out requirements that were not assessed (a requirement scoped
    out of an audit is not a requirement without findings).
    """
    return True


# --- filters ---------------------------------------------------------------------------


class _Matcher:
    """Applies :class:`Filters` (not the ``per`` cut-off) to audits and self-assessments."""

    def __init__(self, filters: Filters) -> None:
        self.f = filters
        self.counties = [fold(c) for c in filters.counties]
        self.offices = [fold(o) for o in filters.offices]
        self.munis = set(expand_municipalities(filters.municipalities))
        self._county_ok: dict[str, bool] = {}
        self._checklist_ok: dict[str, bool] = {}

    def place(
        self,
        number: str,
        county: str,
        checklist_id: str,
        year: int,
        office_id: str | None = None,
    ) -> bool:
        """Everything but the year."""
        ok = self._checklist_ok.get(checklist_id)
        if ok is None:
            ok = self._checklist_ok[checklist_id] = self.f.checklist_matches(checklist_id)
        if not ok:
            return False
        if self.munis and number not in self.munis:
            return False
        if self.counties:
            ok = self._county_ok.get(county)
            if ok is None:
                ok = self._county_ok[county] = any(c in fold(county) for c in self.counties)
            if not ok:
                return False
        if self.offices:
            office = fold(office_of(number, county, year, office_id=office_id))
            if not any(o in office for o in self.offices):
                return False
        return True

    def year(self, year: int) -> bool:
        return (self.f.from_year is None or year >= self.f.from_year) and (
            self.f.to_year is None or year <= self.f.to_year
        )

    def audit_place(self, a: AuditRow) -> bool:
        return self.place(a.municipality_number, a.county, a.checklist_id, a.year, a.office_id)

    def self_assessment(self, s: SelfAssessmentRow) -> bool:
        if self.f.per is not None and s.year > self.f.per.year:
            return False
        return self.year(s.year) and self.place(
            s.municipality_number, s.county, s.checklist_id, s.year
        )


def _started_by(a: AuditRow, per: date) -> bool:
    """Whether the audit existed on ``per``."""
    if a.notice is not None:
        return a.notice <= per
    if a.origin == IMPORTED or a.created is None:
        return a.year <= per.year
    return a.created <= per


def _as_of(a: AuditRow, per: date) -> AuditRow:
    """The audit as it stood on ``per`` (later events left out)."""
    final = a.final_report if a.final_report and a.final_report <= per else None
    closed = a.closed if a.closed and a.closed <= per else None
    if final is a.final_report and closed is a.closed:
        return a
    return a._replace(final_report=final, closed=closed)


def _conclusion_known(c: ConclusionRow, a: AuditRow, per: date | None) -> bool:
    """Whether conclusion ``c`` of audit ``a`` (as stored, before any cut-off) was known
    on ``per``."""
    if per is None:
        return True
    if a.origin == IMPORTED:
        return a.final_report is None or a.final_report <= per
    if a.final_report is not None and a.final_report <= per:
        return True
    return c.decided is None or c.decided <= per


# --- helpers -------------------------------------------------------------------------


class _Cells:
    """Builds cells, suppressing figures on too few municipalities in publication mode."""

    def __init__(self, publication: bool, min_count: int) -> None:
        self.publication = publication
        self.min_count = min_count
        self.used = False
        self.secondary = False

    def __call__(self, value: Any, base: int) -> Any:
        if not self.visible(base):
            self.used = True
            return SUPPRESSED
        return value

    def visible(self, base: int) -> bool:
        # Nothing to hide where there is nothing: an empty cell shows 0, never ":".
        return not (self.publication and 0 < base < self.min_count)

    def protect_total(
        self, rows: list[tuple[Any, ...]], bases: list[int], columns: Iterable[int]
    ) -> list[tuple[Any, ...]]:
        """Secondary suppression for a table whose last row is the total of the others.

        When exactly one row is suppressed and the total is shown, the hidden figures
        could be worked out as the total minus the other rows; then the shown row with
        the fewest municipalities is suppressed too (in ``columns``, the figures that
        add up to the total). ``bases`` are the rows' municipality counts.
        """
        columns = set(columns)
        if not self.publication or len(rows) < 3:
            return rows
        body, total = rows[:-1], rows[-1]
        if any(total[c] is SUPPRESSED for c in columns):
            return rows
        hidden = [i for i, r in enumerate(body) if any(r[c] is SUPPRESSED for c in columns)]
        if len(hidden) != 1:
            return rows
        j = min((i for i in range(len(body)) if i not in hidden), key=lambda i: (bases[i], i))
        body = list(body)
        body[j] = tuple(SUPPRESSED if c in columns else v for c, v in enumerate(body[j]))
        self.secondary = True
        return [*body, total]


def norwegian_order(text: str) -> str:
    """A sort key in Norwegian alphabetical order (æ, ø, å after z)."""
    return text.lower().translate(str.maketrans({"æ": "{", "ø": "|", "å": "}"}))


def _version_key(version: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in version.replace("-", ".").split("."))


@dataclass(frozen=True)
class Catalog:
    """What the statistics say about each checklist id (its newest version), in one
    language form: titles, the order of requirements and questions, and their texts."""

    titles: dict[str, str]
    requirements: dict[str, list[str]]
    requirement_titles: dict[str, dict[str, str]]
    questions: dict[str, dict[str, tuple[str, str]]]
    """checklist id → question ref → (requirement ref, question text)."""

    def title(self, cid: str) -> str:
        return self.titles.get(cid, cid)

    def theme(self, cid: str) -> tuple[str, str]:
        """(theme, sub-theme): the title split at its dash ("Deltakerens
        integreringsplan – omfanget …"); the sub-theme is "" for a one-part title."""
        title = self.title(cid)
        head, _, tail = title.partition(" – ")
        return head, tail

    def question_text(self, cid: str, ref: str) -> str:
        return self.questions.get(cid, {}).get(ref, ("", ""))[1]

    def requirement_title(self, cid: str, ref: str) -> str:
        return self.requirement_titles.get(cid, {}).get(ref, "")

    def position(self, cid: str, ref: str) -> tuple[int, str]:
        order = self.requirements.get(cid, [])
        return (order.index(ref) if ref in order else len(order), ref)


def catalog_of(data: StatsData, language: str = "bokmal") -> Catalog:
    """The catalog of the checklists in ``data`` (newest version per id wins)."""
    titles: dict[str, str] = {}
    order: dict[str, list[str]] = {}
    req_titles: dict[str, dict[str, str]] = {}
    questions: dict[str, dict[str, tuple[str, str]]] = {}
    for (cid, _version), cl in sorted(
        data.checklists.items(), key=lambda kv: (kv[0][0], _version_key(kv[0][1]))
    ):
        titles[cid] = cl.text_in("title", language)
        order[cid] = [r.ref_id for r in cl.requirements()]
        req_titles[cid] = {r.ref_id: r.text_in("title", language) for r in cl.requirements()}
        questions[cid] = {
            q.ref_id: (req.ref_id, q.text_in("question", language)) for _, req, q in cl.questions()
        }
    return Catalog(titles, order, req_titles, questions)


def _meanings(data: StatsData) -> dict[tuple[str, str], dict[str, dict[str, str]]]:
    """(checklist id, version) → question → answer value → meaning."""
    return {
        key: {
            q.ref_id: {o.value: o.meaning for o in cl.options_for(q)} for _, _, q in cl.questions()
        }
        for key, cl in data.checklists.items()
    }


@dataclass
class _Selection:
    """The audits, conclusions and orders the figures rest on."""

    audits: list[AuditRow]
    """Selected by every filter (years too), as they stood on ``per``."""
    by_id: dict[int, AuditRow]
    concl: dict[int, dict[str, str]]
    """Audit id → requirement → outcome, for every audit in ``history``."""
    history: list[AuditRow]
    """Selected by place and checklist only (any year up to ``per``): earlier audits
    for the repeat table."""


def _select(data: StatsData, match: _Matcher, per: date | None) -> _Selection:
    history: list[AuditRow] = []
    stored: dict[int, AuditRow] = {}
    for a in data.audits:
        if per is not None and not _started_by(a, per):
            continue
        if not match.audit_place(a):
            continue
        stored[a.id] = a
        history.append(_as_of(a, per) if per is not None else a)
    concl: dict[int, dict[str, str]] = defaultdict(dict)
    for c in data.conclusions:
        a = stored.get(c.audit_id)
        if a is not None and counts_as_assessed(c) and _conclusion_known(c, a, per):
            concl[c.audit_id][c.requirement_ref] = c.outcome
    audits = [a for a in history if match.year(a.year)]
    return _Selection(audits, {a.id: a for a in audits}, concl, history)


# --- the computation -----------------------------------------------------------------


def compute_statistics(
    data: StatsData,
    filters: Filters | None = None,
    *,
    publication: bool = False,
    min_count: int = DEFAULT_MIN_COUNT,
    language: str = "bokmal",
    today: date | None = None,
    progress: Progress | None = None,
) -> Statistics:
    """Every table, trend and headline number for the selection ``filters``."""
    from tilsyn.errors import UsageError
    from tilsyn.stats.selfstats import latest_self_assessments, table_calibration, tables_self

    filters = filters or Filters()
    if min_count < 1:
        raise UsageError("--min-antall må være minst 1.")
    if language not in LABELS:
        raise UsageError(f"Ukjent målform «{language}» (bokmal eller nynorsk).")
    per = filters.per
    today = per or today or date.today()
    L = LABELS[language]
    match = _Matcher(filters)
    steps = 11
    done = 0

    def step(what: str) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, steps, what)

    sel = _select(data, match, per)
    audits, concl = sel.audits, sel.concl
    catalog = catalog_of(data, language)
    meanings = _meanings(data)
    step("tilsyn")

    def cells() -> _Cells:
        return _Cells(publication, min_count)

    lb_of = _ViolationsPerAudit(concl)
    t_audits, headline = _table_audits(audits, lb_of, L, cells(), min_count)
    step("antall")
    t_themes = _table_themes(audits, lb_of, catalog, L, cells(), min_count)
    step("tema")
    t_req, bars = _table_requirements(audits, concl, catalog, L, cells(), min_count)
    step("krav")
    t_offices = _table_offices(audits, lb_of, language, L, cells(), min_count)
    step("kontor")
    t_q = _table_questions(data, sel, catalog, meanings, L, cells(), min_count)
    step("spørsmål")
    t_closure, closure = _table_closure(data, sel, per, today, L, cells(), min_count)
    step("lukking")
    t_repeat = _table_repeat(sel, catalog, L, cells(), min_count)
    step("gjentatte")
    latest = latest_self_assessments(data, match, meanings)
    t_self, t_change, trends = tables_self(data, latest, catalog, meanings, L, cells, min_count)
    step("egenvurdering")
    t_cal, calibration = table_calibration(
        data, latest, sel, catalog, meanings, L, cells(), min_count
    )
    step("kalibrering")
    imported = sum(1 for a in audits if a.origin == IMPORTED)
    synthetic = sum(1 for a in audits if a.origin == SYNTHETIC)
    summary = {
        **headline,
        **closure,
        **calibration,
        "per": per.isoformat() if per else None,
        "importerte_tilsyn": imported,
        "syntetiske_tilsyn": synthetic,
        "egenvurderinger": len(latest),
        "kommuner_egenvurdering": len({s.municipality_number for s in latest}),
        "importerte_egenvurderinger": sum(1 for s in latest if s.origin == IMPORTED),
        "syntetiske_egenvurderinger": sum(1 for s in latest if s.origin == SYNTHETIC),
    }
    step("sammendrag")
    return Statistics(
        filters=filters,
        language=language,
        publication=publication,
        min_count=min_count,
        tables=(
            t_audits,
            t_themes,
            t_req,
            t_offices,
            t_q,
            t_closure,
            t_repeat,
            t_self,
            t_change,
            t_cal,
        ),
        trends=tuple(trends),
        bars=tuple(bars),
        summary=summary,
    )


class _ViolationsPerAudit(dict):
    """Audit id → number of requirements concluded ``lovbrudd`` (counted once, used by
    every summary table)."""

    def __init__(self, concl: dict[int, dict[str, str]]) -> None:
        super().__init__(
            (aid, sum(1 for o in outcomes.values() if o == "lovbrudd"))
            for aid, outcomes in concl.items()
        )


def _violation_counts(
    group: Iterable[AuditRow], lb_of: dict[int, int]
) -> tuple[int, set[str], set[str]]:
    """(violations, municipalities, municipalities with a violation) of ``group``."""
    lb = 0
    munis: set[str] = set()
    munis_lb: set[str] = set()
    for a in group:
        munis.add(a.municipality_number)
        n = lb_of.get(a.id, 0)
        if n:
            lb += n
            munis_lb.add(a.municipality_number)
    return lb, munis, munis_lb


def _summary_row(
    label: Any, group: list[AuditRow], lb_of: dict[int, int], cells: _Cells
) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """A row (label, audits, municipalities, with violation, share, violations, per audit)."""
    lb, munis, munis_lb = _violation_counts(group, lb_of)
    base = len(munis)
    share = _share(len(munis_lb), base)
    per_audit = _share(lb, len(group))
    return (
        (
            label,
            len(group),
            base,
            cells(len(munis_lb), base),
            cells(share, base),
            cells(lb, base),
            cells(per_audit, base),
        ),
        {
            "tilsyn": len(group),
            "kommuner": base,
            "kommuner_med_lovbrudd": len(munis_lb),
            "andel_kommuner_med_lovbrudd": share,
            "lovbrudd": lb,
            "lovbrudd_per_tilsyn": per_audit,
        },
    )


def _summary_columns(L: dict[str, str], first: Column) -> tuple[Column, ...]:
    return (
        first,
        Column(L["audits"], "int"),
        Column(L["munis"], "int"),
        Column(L["munis_lb"], "int"),
        Column(L["share_lb"], "pct"),
        Column(L["lb"], "int"),
        Column(L["lb_per_audit"], "ratio"),
    )


def _table_audits(
    audits: list[AuditRow],
    lb_of: dict[int, int],
    L: dict[str, str],
    cells: _Cells,
    min_count: int,
) -> tuple[Table, dict[str, Any]]:
    by_year: dict[int, list[AuditRow]] = defaultdict(list)
    for a in audits:
        by_year[a.year].append(a)
    years = sorted(by_year)
    rows = [_summary_row(y, by_year[y], lb_of, cells)[0] for y in years]
    total_row, total = _summary_row(L["total"], audits, lb_of, cells)
    rows.append(total_row)
    bases = [len({a.municipality_number for a in by_year[y]}) for y in years]
    rows = cells.protect_total(rows, bases, (3, 4, 5, 6))
    headline = {
        **total,
        "fra_ar": years[0] if years else None,
        "til_ar": years[-1] if years else None,
        "tall_vises": cells.visible(total["kommuner"]),
    }
    table = Table(
        "tilsyn",
        L["t.audits"],
        _summary_columns(L, Column(L["year"], "year")),
        tuple(rows),
        footnotes(cells, L, min_count, L["fn.lb_per_audit"] if audits else ""),
        total_row=True,
    )
    return table, headline


def _table_themes(
    audits: list[AuditRow],
    lb_of: dict[int, int],
    catalog: Catalog,
    L: dict[str, str],
    cells: _Cells,
    min_count: int,
) -> Table:
    """Per theme and sub-theme (one checklist per sub-theme: the 2026–2028 theme has
    three), with a theme total where a theme has more than one sub-theme."""
    by_checklist: dict[str, list[AuditRow]] = defaultdict(list)
    for a in audits:
        by_checklist[a.checklist_id].append(a)
    by_theme: dict[str, list[str]] = defaultdict(list)
    for cid in sorted(by_checklist, key=lambda c: (catalog.theme(c), c)):
        by_theme[catalog.theme(cid)[0]].append(cid)
    rows = []
    for theme, cids in by_theme.items():
        for cid in cids:
            row, _ = _summary_row(cid, by_checklist[cid], lb_of, cells)
            rows.append((theme, catalog.theme(cid)[1] or "–", *row))
        if len(cids) > 1:
            group = [a for cid in cids for a in by_checklist[cid]]
            row, _ = _summary_row("", group, lb_of, cells)
            rows.append((theme, L["theme_total"], *row))
    columns = _summary_columns(L, Column(L["checklist"]))
    return Table(
        "tema",
        L["t.themes"],
        (Column(L["theme"]), Column(L["subtheme"]), *columns),
        tuple(rows),
        footnotes(cells, L, min_count),
    )


def _table_offices(
    audits: list[AuditRow],
    lb_of: dict[int, int],
    language: str,
    L: dict[str, str],
    cells: _Cells,
    min_count: int,
) -> Table:
    by_office: dict[str, list[AuditRow]] = defaultdict(list)
    for a in audits:
        name = office_of(a.municipality_number, a.county, a.year, language, a.office_id)
        by_office[name].append(a)
    names = sorted(by_office, key=norwegian_order)
    rows = []
    for name in names:
        years = sorted({a.year for a in by_office[name]})
        label = f"{name} ({years[0]}–{years[-1]})" if len(years) > 1 else f"{name} ({years[0]})"
        rows.append(_summary_row(label, by_office[name], lb_of, cells)[0])
    rows.append(_summary_row(L["total"], audits, lb_of, cells)[0])
    bases = [len({a.municipality_number for a in by_office[n]}) for n in names]
    rows = cells.protect_total(rows, bases, (3, 4, 5, 6))
    return Table(
        "kontor",
        L["t.offices"],
        _summary_columns(L, Column(L["office"])),
        tuple(rows),
        footnotes(cells, L, min_count, L["fn.offices"] if audits else ""),
        total_row=True,
    )


def _requirement_keys(
    audits: Iterable[AuditRow], concl: dict[int, dict[str, str]], catalog: Catalog
) -> list[tuple[str, str]]:
    seen: dict[str, set[str]] = defaultdict(set)
    for a in audits:
        seen[a.checklist_id].update(concl.get(a.id, {}))
    keys = []
    for cid in sorted(seen):
        order = catalog.requirements.get(cid, [])
        keys.extend((cid, r) for r in order if r in seen[cid])
        keys.extend((cid, r) for r in sorted(seen[cid] - set(order)))
    return keys


def _table_requirements(
    audits: list[AuditRow],
    concl: dict[int, dict[str, str]],
    catalog: Catalog,
    L: dict[str, str],
    cells: _Cells,
    min_count: int,
) -> tuple[Table, list[Bar]]:
    assessed: dict[tuple[str, str], set[str]] = defaultdict(set)
    n_audits: dict[tuple[str, str], int] = defaultdict(int)
    munis_lb: dict[tuple[str, str], set[str]] = defaultdict(set)
    count_lb: dict[tuple[str, str], int] = defaultdict(int)
    for a in audits:
        for ref, outcome in concl.get(a.id, {}).items():
            key = (a.checklist_id, ref)
            assessed[key].add(a.municipality_number)
            n_audits[key] += 1
            if outcome == "lovbrudd":
                munis_lb[key].add(a.municipality_number)
                count_lb[key] += 1
    rows, bars = [], []
    for cid, ref in _requirement_keys(audits, concl, catalog):
        key = (cid, ref)
        base = len(assessed[key])
        title = catalog.requirement_title(cid, ref)
        share = _share(len(munis_lb[key]), base)
        rows.append(
            (
                cid,
                ref,
                title,
                n_audits[key],
                base,
                cells(count_lb[key], base),
                cells(_share(count_lb[key], n_audits[key]), base),
                cells(len(munis_lb[key]), base),
                cells(share, base),
            )
        )
        visible = cells.visible(base)
        bars.append(
            Bar(
                cid,
                ref,
                title,
                share if visible else None,
                count_lb[key] if visible else None,
                base,
            )
        )
    table = Table(
        "krav",
        L["t.requirements"],
        (
            Column(L["checklist"]),
            Column(L["req"]),
            Column(L["req_title"]),
            Column(L["audits"], "int"),
            Column(L["assessed"], "int"),
            Column(L["lb"], "int"),
            Column(L["lb_per_audit"], "ratio"),
            Column(L["munis_lb"], "int"),
            Column(L["share_lb"], "pct"),
        ),
        tuple(rows),
        footnotes(cells, L, min_count),
    )
    return table, bars


def _table_questions(
    data: StatsData,
    sel: _Selection,
    catalog: Catalog,
    meanings: dict[tuple[str, str], dict[str, dict[str, str]]],
    L: dict[str, str],
    cells: _Cells,
    min_count: int,
) -> Table:
    req_of = _requirement_of(data)
    by_id, concl = sel.by_id, sel.concl
    # breach answers per (audit, question), meaning checked against the audit's version
    breach: dict[tuple[int, str], int] = defaultdict(int)
    for b in data.breaches:
        a = by_id.get(b.audit_id)
        if a is None:
            continue
        m = meanings.get((a.checklist_id, a.checklist_version), {}).get(b.question_ref, {})
        if m.get(b.answer) == "brudd":
            breach[(b.audit_id, b.question_ref)] += b.count
    assessed: dict[tuple[str, str], set[str]] = defaultdict(set)
    lb: dict[tuple[str, str], int] = defaultdict(int)
    answers: dict[tuple[str, str], int] = defaultdict(int)
    for a in sel.audits:
        outcomes = concl.get(a.id)
        if not outcomes or a.origin == IMPORTED:  # imported history has no answers
            continue
        for q, req in req_of.get((a.checklist_id, a.checklist_version), {}).items():
            if req not in outcomes:
                continue
            key = (a.checklist_id, q)
            assessed[key].add(a.municipality_number)
            n = breach.get((a.id, q), 0)
            answers[key] += n
            if n and outcomes[req] == "lovbrudd":
                lb[key] += 1
    rows = []
    for cid in sorted({k[0] for k in assessed}):
        questions = catalog.questions.get(cid, {})
        order = [q for q in questions if (cid, q) in assessed]
        order += sorted(q for c, q in assessed if c == cid and q not in questions)
        for q in order:
            key = (cid, q)
            base = len(assessed[key])
            rows.append(
                (
                    cid,
                    q,
                    questions.get(q, ("", ""))[0],
                    base,
                    cells(lb[key], base),
                    cells(answers[key], base),
                )
            )
    imported = any(a.origin == IMPORTED for a in sel.audits)
    return Table(
        "sporsmal",
        L["t.questions"],
        (
            Column(L["checklist"]),
            Column(L["question"]),
            Column(L["req"]),
            Column(L["assessed"], "int"),
            Column(L["lb"], "int"),
            Column(L["breach_answers"], "int"),
        ),
        tuple(rows),
        footnotes(
            cells, L, min_count, L["fn.questions"], L["fn.imported_answers"] if imported else ""
        ),
    )


def _table_closure(
    data: StatsData,
    sel: _Selection,
    per: date | None,
    today: date,
    L: dict[str, str],
    cells: _Cells,
    min_count: int,
) -> tuple[Table, dict[str, Any]]:
    groups: dict[int, list[Any]] = defaultdict(list)
    selected = []
    for v in data.violations:
        a = sel.by_id.get(v.audit_id)
        if a is None:
            continue
        if per is not None:
            if v.created is not None and v.created > per:
                continue
            if v.closed is not None and v.closed > per:
                v = v._replace(closed=None)
            if v.moved_on is not None and v.moved_on > per:
                v = v._replace(deadline_moved=False, deadline=v.first_deadline)
        year = a.final_report.year if a.final_report else a.year
        groups[year].append((v, a))
        selected.append((v, a))

    def row(label: Any, items: list[Any]) -> tuple[tuple[Any, ...], dict[str, Any]]:
        base = len({a.municipality_number for _, a in items})
        closed = [(v, a) for v, a in items if v.closed is not None]
        days = [(v.closed - a.final_report).days for v, a in closed if a.final_report]
        median = statistics.median(days) if days else None
        due = [(v, a) for v, a in items if v.closed is not None or v.first_deadline < today]
        in_time = sum(1 for v, _ in due if v.closed is not None and v.closed <= v.first_deadline)
        share = _share(in_time, len(due))
        moved = sum(1 for v, _ in items if v.deadline_moved)
        return (
            (
                label,
                cells(len(items), base),
                cells(len(closed), base),
                cells(median, base),
                cells(share, base),
                cells(moved, base),
            ),
            {
                "lovbrudd_fulgt_opp": len(items),
                "lukket": len(closed),
                "median_dager": median,
                "andel_innen_frist": share,
                "lukking_vises": cells.visible(base),
            },
        )

    rows = [row(y, groups[y])[0] for y in sorted(groups)]
    total_row, total = row(L["total"], selected)
    rows.append(total_row)
    bases = [len({a.municipality_number for _, a in groups[y]}) for y in sorted(groups)]
    rows = cells.protect_total(rows, bases, (1, 2, 3, 4, 5))
    imported = any(a.origin == IMPORTED for a in sel.audits)
    table = Table(
        "lukking",
        L["t.closure"],
        (
            Column(L["final_year"], "year"),
            Column(L["lb"], "int"),
            Column(L["closed"], "int"),
            Column(L["median"], "days"),
            Column(L["by_first"], "pct"),
            Column(L["moved"], "int"),
        ),
        tuple(rows),
        footnotes(
            cells, L, min_count, L["fn.closure"], L["fn.imported_orders"] if imported else ""
        ),
        total_row=True,
    )
    return table, total


def _table_repeat(
    sel: _Selection,
    catalog: Catalog,
    L: dict[str, str],
    cells: _Cells,
    min_count: int,
) -> Table:
    # Earlier audits count even outside the year range (a follow-up in 2016 of 2013).
    history: dict[tuple[str, str], list[AuditRow]] = defaultdict(list)
    for a in sel.history:
        history[(identity(a.municipality_number), a.checklist_id)].append(a)
    followups: dict[tuple[str, str], set[int]] = defaultdict(set)
    munis: dict[tuple[str, str], set[str]] = defaultdict(set)
    again: dict[tuple[str, str], int] = defaultdict(int)
    for (who, _), group in history.items():
        group.sort(key=lambda a: (a.year, a.notice or date.min, a.id))
        last: dict[str, str] = {}  # requirement → outcome in the latest earlier audit
        for a in group:
            mine = sel.concl.get(a.id, {})
            if a.id in sel.by_id:
                for ref, outcome in mine.items():
                    if last.get(ref) == "lovbrudd":
                        key = (a.checklist_id, ref)
                        followups[key].add(a.id)
                        munis[key].add(who)
                        if outcome == "lovbrudd":
                            again[key] += 1
            last.update(mine)
    rows = []
    keys = sorted(followups, key=lambda k: (k[0], catalog.position(*k)))
    bases = [len(munis[key]) for key in keys]
    for key in keys:
        base = len(munis[key])
        n = len(followups[key])
        rows.append(
            (
                key[0],
                key[1],
                cells(n, base),
                cells(again[key], base),
                cells(_share(again[key], n), base),
            )
        )
    all_munis = set().union(*munis.values()) if munis else set()
    n_all = sum(len(f) for f in followups.values())
    n_again = sum(again.values())
    base = len(all_munis)
    rows.append(
        (
            L["total"],
            "",
            cells(n_all, base),
            cells(n_again, base),
            cells(_share(n_again, n_all), base),
        )
    )
    rows = cells.protect_total(rows, bases, (2, 3, 4))
    return Table(
        "gjentatte",
        L["t.repeat"],
        (
            Column(L["checklist"]),
            Column(L["req"]),
            Column(L["followups"], "int"),
            Column(L["again"], "int"),
            Column(L["share_again"], "pct"),
        ),
        tuple(rows),
        footnotes(cells, L, min_count, L["fn.repeat"] if keys else ""),
        total_row=True,
    )
