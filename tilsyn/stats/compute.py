"""Every figure of ``tilsyn statistikk``, as pure functions over ``StatsData``.

Definitions (also in docs/readme/statistikk.md):

- **Lovbrudd** (violation): a requirement of an audit concluded ``lovbrudd``.
- **Year** of an audit: the year of its notice (``varsel``), else of its creation; of a
  self-assessment: its own year. Every filter on years uses these.
- **Municipalities** are counted by number; one municipality audited twice counts once.
  The base of a figure is the number of distinct municipalities it rests on; in
  publication mode a figure on fewer than ``min_count`` municipalities is suppressed
  (shown as ``:``) and the table says so in a footnote. In a table with a total row, when
  only one row is suppressed the shown row with the fewest municipalities is suppressed
  too (secondary suppression), so the hidden figures cannot be worked out from the total.
- **Per control question**: an audit has a violation on a question when the question's
  requirement is concluded ``lovbrudd`` and at least one answer to the question means
  breach in the audit's checklist version ("Svar med brudd" counts those answers).
- **Closure**: days from the final report (``endelig`` event) to ``closed_at``; "closed by
  the first deadline" compares with the rectification deadline first set (before any
  deadline change), among violations that are closed or whose first deadline has passed.
- **Repeat**: an audit of the same municipality and checklist after one that concluded
  ``lovbrudd`` on the requirement (the most recent earlier audit concluding on it).
  Before 2020 municipalities in Agder and Telemark had other numbers: the registry's
  successor number links them.
- **Self-assessment**: share answering yes (meaning ``oppfylt``) among yes/no answers
  (meaning ``oppfylt``/``brudd``); the latest self-assessment per municipality, checklist
  and year counts.
- **Calibration**: a self-assessment paired with its audit (``audit_id``, else an audit of
  the same municipality, checklist and year); per question, how often the municipality
  answered yes where the audit found a violation on that question.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from functools import lru_cache
from typing import Any

from tilsyn.stats.model import (
    DEFAULT_MIN_COUNT,
    SUPPRESSED,
    Bar,
    Column,
    Filters,
    Statistics,
    Table,
    Trend,
)
from tilsyn.stats.rows import AuditRow, SelfAssessmentRow, StatsData
from tilsyn.text import fold

Progress = Callable[[int, int, str], None]
"""progress(done, total, what): called after each step of the computation."""

LABELS: dict[str, dict[str, str]] = {
    "bokmal": {
        "total": "Totalt",
        "year": "År",
        "audits": "Tilsyn",
        "munis": "Kommuner",
        "munis_lb": "Kommuner med lovbrudd",
        "lb": "Lovbrudd",
        "checklist": "Sjekkliste",
        "req": "Krav",
        "req_title": "Tittel",
        "assessed": "Kommuner vurdert",
        "share_lb": "Andel kommuner med lovbrudd",
        "question": "Spørsmål",
        "breach_answers": "Svar med brudd",
        "final_year": "År (endelig rapport)",
        "closed": "Lukket",
        "median": "Median dager",
        "by_first": "Lukket innen første frist",
        "moved": "Frist flyttet",
        "followups": "Nye tilsyn etter lovbrudd",
        "again": "Lovbrudd igjen",
        "share_again": "Andel gjentatt",
        "change": "Endring",
        "period": "Periode",
        "share_yes": "Andel ja",
        "change_prev": "Endring fra året før",
        "pairs": "Egenvurderinger med tilsyn",
        "found": "Lovbrudd funnet",
        "believed": "Svarte ja likevel",
        "share_believed": "Andel som svarte ja",
        "t.audits": "Antall tilsyn og lovbrudd",
        "t.requirements": "Lovbrudd per krav",
        "t.questions": "Lovbrudd per kontrollspørsmål",
        "t.closure": "Tid fra endelig rapport til lukking av lovbrudd",
        "t.repeat": "Gjentatte lovbrudd ved nytt tilsyn i samme kommune og tema",
        "t.self": "Egenvurdering: andel kommuner som svarte ja",
        "t.self_change": "Egenvurdering: endring fra år til år",
        "t.calibration": "Egenvurdering mot tilsynets konklusjon",
        "fn.suppressed": "«:» = prikket: tallet bygger på færre enn {n} kommuner og vises ikke.",
        "fn.secondary": "Noen tall er også prikket fordi de ellers kunne regnes ut fra totalen.",
        "fn.closure": "Andelen lukket innen første frist regnes av lovbrudd som er lukket "
        "eller har passert den første fristen.",
        "fn.self": "Endring: fra første til siste år med tall, i prosentpoeng (p.p.).",
        "fn.calibration": "Andel som svarte ja: av kommunene der tilsynet fant lovbrudd på "
        "spørsmålet, andelen som hadde svart ja i egenvurderingen.",
        "fn.questions": "Lovbrudd: kravet er konkludert med lovbrudd og minst ett svar på "
        "spørsmålet viser brudd.",
    },
    "nynorsk": {
        "total": "Totalt",
        "year": "År",
        "audits": "Tilsyn",
        "munis": "Kommunar",
        "munis_lb": "Kommunar med lovbrot",
        "lb": "Lovbrot",
        "checklist": "Sjekkliste",
        "req": "Krav",
        "req_title": "Tittel",
        "assessed": "Kommunar vurderte",
        "share_lb": "Del kommunar med lovbrot",
        "question": "Spørsmål",
        "breach_answers": "Svar med brot",
        "final_year": "År (endeleg rapport)",
        "closed": "Lukka",
        "median": "Median dagar",
        "by_first": "Lukka innan første frist",
        "moved": "Frist flytta",
        "followups": "Nye tilsyn etter lovbrot",
        "again": "Lovbrot igjen",
        "share_again": "Del gjentekne",
        "change": "Endring",
        "period": "Periode",
        "share_yes": "Del ja",
        "change_prev": "Endring frå året før",
        "pairs": "Eigenvurderingar med tilsyn",
        "found": "Lovbrot funne",
        "believed": "Svarte ja likevel",
        "share_believed": "Del som svarte ja",
        "t.audits": "Tal på tilsyn og lovbrot",
        "t.requirements": "Lovbrot per krav",
        "t.questions": "Lovbrot per kontrollspørsmål",
        "t.closure": "Tid frå endeleg rapport til lukking av lovbrot",
        "t.repeat": "Gjentekne lovbrot ved nytt tilsyn i same kommune og tema",
        "t.self": "Eigenvurdering: del kommunar som svarte ja",
        "t.self_change": "Eigenvurdering: endring frå år til år",
        "t.calibration": "Eigenvurdering mot konklusjonen frå tilsynet",
        "fn.suppressed": "«:» = prikka: talet byggjer på færre enn {n} kommunar og blir "
        "ikkje vist.",
        "fn.secondary": "Nokre tal er òg prikka fordi dei elles kunne reknast ut frå totalen.",
        "fn.closure": "Delen lukka innan første frist er rekna av lovbrot som er lukka "
        "eller har passert den første fristen.",
        "fn.self": "Endring: frå første til siste år med tal, i prosentpoeng (p.p.).",
        "fn.calibration": "Del som svarte ja: av kommunane der tilsynet fann lovbrot på "
        "spørsmålet, delen som hadde svart ja i eigenvurderinga.",
        "fn.questions": "Lovbrot: kravet er konkludert med lovbrot og minst eitt svar på "
        "spørsmålet viser brot.",
    },
}


# --- municipalities, offices, filters ------------------------------------------------


@lru_cache(maxsize=4096)
def _county_number(number: str) -> str | None:
    from tilsyn.municipalities import load_registry

    reg = load_registry()
    return reg.get(number).county_number if number in reg else None


@lru_cache(maxsize=65536)
def office_of(number: str, county: str, year: int) -> str:
    """The supervising office of a municipality in ``year``, derived (not stored).

    Agder and Telemark: the historical names from ``tilsyn.municipalities.office_name``;
    elsewhere "Fylkesmannen i <county>" before 2021 and "Statsforvalteren i <county>" from
    2021, with the county stored on the audit.
    """
    from tilsyn.municipalities import office_name

    county_number = _county_number(number)
    name = office_name(county_number, year) if county_number else None
    if name:
        return name
    return f"{'Statsforvalteren' if year >= 2021 else 'Fylkesmannen'} i {county}"


@lru_cache(maxsize=4096)
def identity(number: str) -> str:
    """The number that links a municipality across the 2020 reform (its successor)."""
    from tilsyn.municipalities import load_registry

    reg = load_registry()
    if number in reg:
        m = reg.get(number)
        if len(m.successors) == 1:
            return m.successors[0]
    return number


def expand_municipalities(numbers: Iterable[str]) -> tuple[str, ...]:
    """Numbers as typed, zero-padded, with the pre-2020 predecessors of each."""
    from tilsyn.municipalities import load_registry, normalise_number

    reg = load_registry()
    out: list[str] = []
    for raw in numbers:
        n = normalise_number(raw) or str(raw).strip()
        out.append(n)
        if n in reg:
            out.extend(reg.get(n).predecessors)
    return tuple(dict.fromkeys(out))


class _Matcher:
    """Applies :class:`Filters` to audits and self-assessments."""

    def __init__(self, filters: Filters) -> None:
        self.f = filters
        self.checklist = fold(filters.checklist) if filters.checklist else None
        self.counties = [fold(c) for c in filters.counties]
        self.offices = [fold(o) for o in filters.offices]
        self.munis = set(expand_municipalities(filters.municipalities))
        self._county_ok: dict[str, bool] = {}

    def place(self, number: str, county: str, checklist_id: str, year: int) -> bool:
        """Everything but the year."""
        if self.checklist and fold(checklist_id) != self.checklist:
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
            office = fold(office_of(number, county, year))
            if not any(o in office for o in self.offices):
                return False
        return True

    def year(self, year: int) -> bool:
        return (self.f.from_year is None or year >= self.f.from_year) and (
            self.f.to_year is None or year <= self.f.to_year
        )

    def audit(self, a: AuditRow) -> bool:
        return self.year(a.year) and self.place(
            a.municipality_number, a.county, a.checklist_id, a.year
        )

    def self_assessment(self, s: SelfAssessmentRow) -> bool:
        return self.year(s.year) and self.place(
            s.municipality_number, s.county, s.checklist_id, s.year
        )


# --- helpers -------------------------------------------------------------------------


class _Cells:
    """Builds cells, suppressing figures on too few municipalities in publication mode."""

    def __init__(self, publication: bool, min_count: int) -> None:
        self.publication = publication
        self.min_count = min_count
        self.used = False
        self.secondary = False

    def __call__(self, value: Any, base: int) -> Any:
        if self.publication and base < self.min_count:
            self.used = True
            return SUPPRESSED
        return value

    def visible(self, base: int) -> bool:
        return not (self.publication and base < self.min_count)

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


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _catalog_order(
    data: StatsData, language: str = "bokmal"
) -> dict[str, tuple[list[str], dict[str, str], dict[str, tuple[str, str]]]]:
    """Per checklist id (newest version wins): requirement order, requirement titles,
    and for each question (requirement ref, question text); texts in ``language``."""
    out: dict[str, Any] = {}
    for (cid, _version), cl in sorted(
        data.checklists.items(), key=lambda kv: (kv[0][0], _version_key(kv[0][1]))
    ):
        out[cid] = (
            [r.ref_id for r in cl.requirements()],
            {r.ref_id: r.text_in("title", language) for r in cl.requirements()},
            {
                q.ref_id: (req.ref_id, q.text_in("question", language))
                for _, req, q in cl.questions()
            },
        )
    return out


def _version_key(version: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in version.replace("-", ".").split("."))


def _meanings(data: StatsData) -> dict[tuple[str, str], dict[str, dict[str, str]]]:
    """(checklist id, version) → question → answer value → meaning."""
    return {
        key: {
            q.ref_id: {o.value: o.meaning for o in cl.options_for(q)} for _, _, q in cl.questions()
        }
        for key, cl in data.checklists.items()
    }


def _requirement_of(data: StatsData) -> dict[tuple[str, str], dict[str, str]]:
    return {
        key: {q.ref_id: req.ref_id for _, req, q in cl.questions()}
        for key, cl in data.checklists.items()
    }


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

    filters = filters or Filters()
    if min_count < 1:
        raise UsageError("--min-antall må være minst 1.")
    if language not in LABELS:
        raise UsageError(f"Ukjent målform «{language}» (bokmal eller nynorsk).")
    today = today or date.today()
    L = LABELS[language]
    match = _Matcher(filters)
    steps = 8
    done = 0

    def step(what: str) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, steps, what)

    audits = [a for a in data.audits if match.audit(a)]
    by_id = {a.id: a for a in audits}
    concl: dict[int, dict[str, str]] = defaultdict(dict)
    for c in data.conclusions:
        if c.audit_id in by_id:
            concl[c.audit_id][c.requirement_ref] = c.outcome
    catalog = _catalog_order(data, language)
    meanings = _meanings(data)
    step("tilsyn")

    t_audits, headline = _table_audits(audits, concl, L, _Cells(publication, min_count), min_count)
    step("antall")
    t_req, bars = _table_requirements(
        audits, concl, catalog, L, _Cells(publication, min_count), min_count
    )
    step("krav")
    t_q = _table_questions(
        data, audits, by_id, concl, catalog, meanings, L, _Cells(publication, min_count), min_count
    )
    step("spørsmål")
    t_closure, closure = _table_closure(
        data, by_id, today, L, _Cells(publication, min_count), min_count
    )
    step("lukking")
    t_repeat = _table_repeat(
        data, match, by_id, catalog, L, _Cells(publication, min_count), min_count
    )
    step("gjentatte")
    latest = _latest_self_assessments(data, match)
    t_self, t_change, trends = _tables_self(
        data, latest, catalog, meanings, L, _Cells(publication, min_count), min_count
    )
    step("egenvurdering")
    t_cal, calibration = _table_calibration(
        data,
        latest,
        audits,
        by_id,
        concl,
        catalog,
        meanings,
        L,
        _Cells(publication, min_count),
        min_count,
    )
    step("kalibrering")
    summary = {
        **headline,
        **closure,
        **calibration,
        "egenvurderinger": len(latest),
        "kommuner_egenvurdering": len({s.municipality_number for s in latest}),
    }
    return Statistics(
        filters=filters,
        language=language,
        publication=publication,
        min_count=min_count,
        tables=(t_audits, t_req, t_q, t_closure, t_repeat, t_self, t_change, t_cal),
        trends=tuple(trends),
        bars=tuple(bars),
        summary=summary,
    )


def _footnotes(cells: _Cells, L: dict[str, str], min_count: int, *extra: str) -> tuple[str, ...]:
    notes = list(extra)
    if cells.used:
        notes.append(L["fn.suppressed"].format(n=min_count))
    if cells.secondary:
        notes.append(L["fn.secondary"])
    return tuple(notes)


def _table_audits(
    audits: list[AuditRow],
    concl: dict[int, dict[str, str]],
    L: dict[str, str],
    cells: _Cells,
    min_count: int,
) -> tuple[Table, dict[str, Any]]:
    by_year: dict[int, list[AuditRow]] = defaultdict(list)
    for a in audits:
        by_year[a.year].append(a)

    def row(label: Any, group: list[AuditRow]) -> tuple[tuple[Any, ...], dict[str, int]]:
        munis = {a.municipality_number for a in group}
        lb = sum(1 for a in group for o in concl.get(a.id, {}).values() if o == "lovbrudd")
        munis_lb = {
            a.municipality_number for a in group if "lovbrudd" in concl.get(a.id, {}).values()
        }
        base = len(munis)
        return (
            (label, len(group), base, cells(len(munis_lb), base), cells(lb, base)),
            {
                "tilsyn": len(group),
                "kommuner": base,
                "kommuner_med_lovbrudd": len(munis_lb),
                "lovbrudd": lb,
            },
        )

    rows = [row(y, by_year[y])[0] for y in sorted(by_year)]
    total_row, total = row(L["total"], audits)
    rows.append(total_row)
    bases = [len({a.municipality_number for a in by_year[y]}) for y in sorted(by_year)]
    rows = cells.protect_total(rows, bases, (3, 4))
    years = sorted(by_year)
    headline = {
        **total,
        "fra_ar": years[0] if years else None,
        "til_ar": years[-1] if years else None,
        "tall_vises": cells.visible(total["kommuner"]),
    }
    table = Table(
        "tilsyn",
        L["t.audits"],
        (
            Column(L["year"], "year"),
            Column(L["audits"], "int"),
            Column(L["munis"], "int"),
            Column(L["munis_lb"], "int"),
            Column(L["lb"], "int"),
        ),
        tuple(rows),
        _footnotes(cells, L, min_count),
    )
    return table, headline


def _requirement_keys(
    audits: Iterable[AuditRow], concl: dict[int, dict[str, str]], catalog: dict[str, Any]
) -> list[tuple[str, str]]:
    seen: dict[str, set[str]] = defaultdict(set)
    for a in audits:
        seen[a.checklist_id].update(concl.get(a.id, {}))
    keys = []
    for cid in sorted(seen):
        order = catalog.get(cid, ([], {}, {}))[0]
        keys.extend((cid, r) for r in order if r in seen[cid])
        keys.extend((cid, r) for r in sorted(seen[cid] - set(order)))
    return keys


def _table_requirements(
    audits: list[AuditRow],
    concl: dict[int, dict[str, str]],
    catalog: dict[str, Any],
    L: dict[str, str],
    cells: _Cells,
    min_count: int,
) -> tuple[Table, list[Bar]]:
    assessed: dict[tuple[str, str], set[str]] = defaultdict(set)
    munis_lb: dict[tuple[str, str], set[str]] = defaultdict(set)
    count_lb: dict[tuple[str, str], int] = defaultdict(int)
    for a in audits:
        for ref, outcome in concl.get(a.id, {}).items():
            key = (a.checklist_id, ref)
            assessed[key].add(a.municipality_number)
            if outcome == "lovbrudd":
                munis_lb[key].add(a.municipality_number)
                count_lb[key] += 1
    rows, bars = [], []
    for cid, ref in _requirement_keys(audits, concl, catalog):
        key = (cid, ref)
        base = len(assessed[key])
        title = catalog.get(cid, ([], {}, {}))[1].get(ref, "")
        share = _share(len(munis_lb[key]), base)
        rows.append(
            (
                cid,
                ref,
                title,
                base,
                cells(count_lb[key], base),
                cells(len(munis_lb[key]), base),
                cells(share, base),
            )
        )
        visible = cells.visible(base)
        bars.append(
            Bar(cid, ref, title, share if visible else None, count_lb[key] if visible else None)
        )
    table = Table(
        "krav",
        L["t.requirements"],
        (
            Column(L["checklist"]),
            Column(L["req"]),
            Column(L["req_title"]),
            Column(L["assessed"], "int"),
            Column(L["lb"], "int"),
            Column(L["munis_lb"], "int"),
            Column(L["share_lb"], "pct"),
        ),
        tuple(rows),
        _footnotes(cells, L, min_count),
    )
    return table, bars


def _table_questions(
    data: StatsData,
    audits: list[AuditRow],
    by_id: dict[int, AuditRow],
    concl: dict[int, dict[str, str]],
    catalog: dict[str, Any],
    meanings: dict[tuple[str, str], dict[str, dict[str, str]]],
    L: dict[str, str],
    cells: _Cells,
    min_count: int,
) -> Table:
    req_of = _requirement_of(data)
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
    for a in audits:
        outcomes = concl.get(a.id)
        if not outcomes:
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
        questions = catalog.get(cid, ([], {}, {}))[2]
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
        _footnotes(cells, L, min_count, L["fn.questions"]),
    )


def _table_closure(
    data: StatsData,
    by_id: dict[int, AuditRow],
    today: date,
    L: dict[str, str],
    cells: _Cells,
    min_count: int,
) -> tuple[Table, dict[str, Any]]:
    groups: dict[int, list[Any]] = defaultdict(list)
    selected = []
    for v in data.violations:
        a = by_id.get(v.audit_id)
        if a is None:
            continue
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
        _footnotes(cells, L, min_count, L["fn.closure"]),
    )
    return table, total


def _table_repeat(
    data: StatsData,
    match: _Matcher,
    by_id: dict[int, AuditRow],
    catalog: dict[str, Any],
    L: dict[str, str],
    cells: _Cells,
    min_count: int,
) -> Table:
    # Earlier audits count even outside the year range (a follow-up in 2016 of 2013).
    history: dict[tuple[str, str], list[AuditRow]] = defaultdict(list)
    for a in data.audits:
        if match.place(a.municipality_number, a.county, a.checklist_id, a.year):
            history[(identity(a.municipality_number), a.checklist_id)].append(a)
    outcomes: dict[int, dict[str, str]] = defaultdict(dict)
    wanted = {a.id for group in history.values() for a in group}
    for c in data.conclusions:
        if c.audit_id in wanted:
            outcomes[c.audit_id][c.requirement_ref] = c.outcome
    followups: dict[tuple[str, str], set[int]] = defaultdict(set)
    munis: dict[tuple[str, str], set[str]] = defaultdict(set)
    again: dict[tuple[str, str], int] = defaultdict(int)
    for group in history.values():
        group.sort(key=lambda a: (a.year, a.notice or date.min, a.id))
        last: dict[str, str] = {}  # requirement → outcome in the latest earlier audit
        for a in group:
            mine = outcomes.get(a.id, {})
            if a.id in by_id:
                for ref, outcome in mine.items():
                    if last.get(ref) == "lovbrudd":
                        key = (a.checklist_id, ref)
                        followups[key].add(a.id)
                        munis[key].add(identity(a.municipality_number))
                        if outcome == "lovbrudd":
                            again[key] += 1
            last.update(mine)
    rows = []
    keys = sorted(followups, key=lambda k: (k[0], _position(catalog, k)))
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
        _footnotes(cells, L, min_count),
    )


def _position(catalog: dict[str, Any], key: tuple[str, str]) -> tuple[int, str]:
    order = catalog.get(key[0], ([], {}, {}))[0]
    return (order.index(key[1]) if key[1] in order else len(order), key[1])


def _latest_self_assessments(data: StatsData, match: _Matcher) -> list[SelfAssessmentRow]:
    latest: dict[tuple[str, str, int], SelfAssessmentRow] = {}
    for s in data.self_assessments:
        if match.self_assessment(s):
            key = (s.municipality_number, s.checklist_id, s.year)
            if key not in latest or s.id > latest[key].id:
                latest[key] = s
    return sorted(latest.values(), key=lambda s: s.id)


def _self_yes_no(
    data: StatsData,
    chosen: dict[int, SelfAssessmentRow],
    meanings: dict[tuple[str, str], dict[str, dict[str, str]]],
) -> dict[int, dict[str, bool]]:
    """Self-assessment id → question → answered yes (True) / no (False)."""
    out: dict[int, dict[str, bool]] = defaultdict(dict)
    for r in data.self_answers:
        s = chosen.get(r.self_assessment_id)
        if s is None:
            continue
        meaning = (
            meanings.get((s.checklist_id, s.checklist_version), {})
            .get(r.question_ref, {})
            .get(r.answer)
        )
        if meaning == "oppfylt":
            out[s.id][r.question_ref] = True
        elif meaning == "brudd":
            out[s.id][r.question_ref] = False
    return out


def _tables_self(
    data: StatsData,
    latest: list[SelfAssessmentRow],
    catalog: dict[str, Any],
    meanings: dict[tuple[str, str], dict[str, dict[str, str]]],
    L: dict[str, str],
    cells: _Cells,
    min_count: int,
) -> tuple[Table, Table, list[Trend]]:
    chosen = {s.id: s for s in latest}
    answers = _self_yes_no(data, chosen, meanings)
    n: dict[tuple[str, str, int], int] = defaultdict(int)
    yes: dict[tuple[str, str, int], int] = defaultdict(int)
    for sid, qs in answers.items():
        s = chosen[sid]
        for q, is_yes in qs.items():
            key = (s.checklist_id, q, s.year)
            n[key] += 1
            yes[key] += is_yes
    years = sorted({k[2] for k in n})
    questions: list[tuple[str, str]] = []
    for cid in sorted({k[0] for k in n}):
        known = catalog.get(cid, ([], {}, {}))[2]
        present = {k[1] for k in n if k[0] == cid}
        questions += [(cid, q) for q in known if q in present]
        questions += [(cid, q) for q in sorted(present - set(known))]
    wide, long, trends = [], [], []
    for cid, q in questions:
        points = []
        shown: list[tuple[int, float]] = []
        prev: float | None = None
        for y in years:
            key = (cid, q, y)
            if key not in n:
                points.append((y, None, 0))
                continue
            share = yes[key] / n[key]
            visible = cells.visible(n[key])
            points.append((y, share if visible else None, n[key]))
            change = share - prev if (visible and prev is not None) else None
            long.append((cid, q, y, n[key], cells(share, n[key]), cells(change, n[key])))
            if visible:
                shown.append((y, share))
            prev = share if visible else None
        # a suppressed cell keeps SUPPRESSED (the long table above sets the footnote)
        row_cells = [
            SUPPRESSED if (p[2] and not cells.visible(p[2])) else p[1] if p[2] else None
            for p in points
        ]
        change = shown[-1][1] - shown[0][1] if len(shown) >= 2 else None
        period = f"{shown[0][0]}–{shown[-1][0]}" if len(shown) >= 2 else None
        wide.append((cid, q, *row_cells, change, period))
        text = catalog.get(cid, ([], {}, {}))[2].get(q, ("", ""))[1]
        trends.append(Trend(cid, q, text, tuple(points)))
    notes = _footnotes(cells, L, min_count, L["fn.self"])
    t_wide = Table(
        "egenvurdering",
        L["t.self"],
        (
            Column(L["checklist"]),
            Column(L["question"]),
            *(Column(str(y), "pct") for y in years),
            Column(L["change"], "pp"),
            Column(L["period"]),
        ),
        tuple(wide),
        notes,
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
            Column(L["change_prev"], "pp"),
        ),
        tuple(long),
        _footnotes(cells, L, min_count),
    )
    return t_wide, t_long, trends


def _table_calibration(
    data: StatsData,
    latest: list[SelfAssessmentRow],
    audits: list[AuditRow],
    by_id: dict[int, AuditRow],
    concl: dict[int, dict[str, str]],
    catalog: dict[str, Any],
    meanings: dict[tuple[str, str], dict[str, dict[str, str]]],
    L: dict[str, str],
    cells: _Cells,
    min_count: int,
) -> tuple[Table, dict[str, Any]]:
    req_of = _requirement_of(data)
    by_place: dict[tuple[str, str, int], AuditRow] = {}
    for a in audits:
        if concl.get(a.id):
            key = (identity(a.municipality_number), a.checklist_id, a.year)
            if key not in by_place or a.id > by_place[key].id:
                by_place[key] = a
    pairs: dict[int, AuditRow] = {}
    for s in latest:
        a = by_id.get(s.audit_id) if s.audit_id is not None else None
        if a is None or not concl.get(a.id) or a.checklist_id != s.checklist_id:
            a = by_place.get((identity(s.municipality_number), s.checklist_id, s.year))
        if a is not None:
            pairs[s.id] = a
    chosen = {s.id: s for s in latest if s.id in pairs}
    answers = _self_yes_no(data, chosen, meanings)
    breach: set[tuple[int, str]] = set()
    paired_audits = {a.id for a in pairs.values()}
    for b in data.breaches:
        a = by_id.get(b.audit_id)
        if a is None or a.id not in paired_audits:
            continue
        m = meanings.get((a.checklist_id, a.checklist_version), {}).get(b.question_ref, {})
        if m.get(b.answer) == "brudd" and b.count:
            breach.add((a.id, b.question_ref))
    base_munis: dict[tuple[str, str], set[str]] = defaultdict(set)
    found_munis: dict[tuple[str, str], set[str]] = defaultdict(set)
    n_pairs: dict[tuple[str, str], int] = defaultdict(int)
    n_found: dict[tuple[str, str], int] = defaultdict(int)
    n_believed: dict[tuple[str, str], int] = defaultdict(int)
    for sid, qs in answers.items():
        a = pairs[sid]
        outcomes = concl[a.id]
        reqs = req_of.get((a.checklist_id, a.checklist_version), {})
        for q, said_yes in qs.items():
            req = reqs.get(q)
            if req is None or req not in outcomes:
                continue
            key = (a.checklist_id, q)
            n_pairs[key] += 1
            base_munis[key].add(a.municipality_number)
            if outcomes[req] == "lovbrudd" and (a.id, q) in breach:
                n_found[key] += 1
                found_munis[key].add(a.municipality_number)
                n_believed[key] += said_yes
    rows = []
    for cid in sorted({k[0] for k in n_pairs}):
        known = catalog.get(cid, ([], {}, {}))[2]
        present = {k[1] for k in n_pairs if k[0] == cid}
        for q in [q for q in known if q in present] + sorted(present - set(known)):
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
        _footnotes(cells, L, min_count, L["fn.calibration"]),
    )
    return table, summary
