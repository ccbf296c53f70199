"""``tilsyn egenvurdering importer-svar``: a municipal survey's answers in bulk.

One row per municipality, year and question::

    kommunenummer,ar,sporsmal,svar[,forklaring]

for one checklist (``--sjekkliste``). The rows of one municipality and year make one
self-assessment (``origin`` = ``importert``), linked to the audit of that municipality,
checklist and year when there is exactly one. Municipality numbers are those valid in
that year. A municipality that already has a self-assessment on the checklist that year
is refused unless ``--ny`` is given (then the newest form that has answers counts in the
statistics). The whole file is checked first and every problem reported with its row
and column; then everything is written in one transaction, or nothing is.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from tilsyn.app.history import municipality_in_year, parse_year, year_in_checklist
from tilsyn.app.tabular import TableFile, describe_rows, read_table
from tilsyn.errors import UsageError
from tilsyn.text import guard_text

if TYPE_CHECKING:
    from tilsyn.app.context import AppContext
    from tilsyn.checklist.model import Checklist
    from tilsyn.reference import Municipality

REQUIRED = ("kommunenummer", "ar", "sporsmal", "svar")
OPTIONAL = ("forklaring",)
ALIASES = {"kommunenr": "kommunenummer", "kommune_nr": "kommunenummer", "aar": "ar"}


@dataclass
class PlannedForm:
    """One self-assessment the file describes."""

    rows: list[int]
    municipality: Municipality
    year: int
    answers: dict[str, str] = field(default_factory=dict)
    explanations: dict[str, str] = field(default_factory=dict)
    audit_id: int | None = None
    status: str = ""


@dataclass
class SurveyImportResult:
    """What a survey import did (or would do, with ``dry_run``)."""

    file: str
    sha256: str
    dry_run: bool
    checklist_id: str
    forms: list[PlannedForm]
    ids: list[int] = field(default_factory=list)

    @property
    def answers(self) -> int:
        return sum(len(f.answers) for f in self.forms)

    @property
    def years(self) -> list[int]:
        return sorted({f.year for f in self.forms})


def _explanation(typed: str, *, where: str) -> str | None:
    return guard_text(typed or None, where=where, max_length=4000)


def _answer(cl: Checklist, question_ref: str, typed: str) -> str:
    """The stored value of a typed answer (ASCII spellings and nynorsk accepted; «ikke
    vurdert» is for auditors, not municipalities)."""
    from tilsyn.audit.selfassessment import options

    q = cl.question(question_ref)
    option = cl.option_for(q, typed)
    allowed = options(cl, q)
    if option is None or option not in allowed:
        raise UsageError(
            f"«{typed}» er ikke et gyldig svar på {q.ref_id} "
            f"(gyldige: {', '.join(o.value for o in allowed)})"
        )
    return option.value


def import_survey(
    ctx: AppContext,
    path: Path,
    *,
    checklist: str,
    new: bool = False,
    dry_run: bool = False,
) -> SurveyImportResult:
    """Check the whole file, then create one self-assessment per municipality and year in
    one transaction (or, with ``dry_run``, nothing)."""
    from tilsyn.audit.values import SelfAssessmentStatus
    from tilsyn.stats.places import county_name
    from tilsyn.stats.rows import NewSelfAssessment
    from tilsyn.store.base import utcnow

    cl = ctx.checklist(checklist)
    table = read_table(
        path, what="svarfilen", required=REQUIRED, optional=OPTIONAL, aliases=ALIASES
    )
    forms: dict[tuple[str, int], PlannedForm] = {}
    seen: dict[tuple[str, int, str], int] = {}
    for row in table.rows:
        year = table.check(row, "ar", parse_year)
        if year is not None:
            table.check(row, "ar", partial(year_in_checklist, cl=cl, year=year))
        m = None
        if not row.get("kommunenummer"):
            table.problem(row, "kommunenummer", "mangler kommunenummer")
        elif year is not None:
            m = table.check(row, "kommunenummer", partial(municipality_in_year, year=year))
        ref = None
        if not row.get("sporsmal"):
            table.problem(row, "sporsmal", "mangler spørsmålets id (f.eks. A1.1)")
        else:
            q = table.check(row, "sporsmal", lambda v: cl.question(v))
            ref = q.ref_id if q is not None else None
        value = None
        if ref is not None:
            if not row.get("svar"):
                table.problem(row, "svar", "mangler svar (ja, nei eller ikke relevant)")
            else:
                value = table.check(row, "svar", partial(_answer, cl, ref))
        note = table.check(
            row,
            "forklaring",
            partial(_explanation, where=f"forklaring til {ref}"),
        )
        if m is None or year is None or ref is None or value is None:
            continue
        if row.get("forklaring") and note is None:
            continue
        key = (m.number, year)
        if (*key, ref) in seen:
            table.problem(
                row,
                "sporsmal",
                f"{ref} er allerede besvart for {m.label} {year} (rad {seen[(*key, ref)]}); "
                "én rad per kommune, år og spørsmål.",
            )
            continue
        seen[(*key, ref)] = row.number
        form = forms.setdefault(key, PlannedForm([], m, year))
        form.rows.append(row.number)
        form.answers[ref] = value
        if note:
            form.explanations[ref] = note
    plans = list(forms.values())
    if not table.problems:
        _link_and_refuse_existing(ctx, table, cl, plans, new=new)
    table.reject_if_problems("svarfilen")
    every = {q.ref_id for _, _, q in cl.questions()}
    for form in plans:
        complete = every <= set(form.answers)
        form.status = SelfAssessmentStatus.COMPLETE if complete else SelfAssessmentStatus.INCOMPLETE
    result = SurveyImportResult(table.name, table.sha256, dry_run, cl.id, plans)
    if dry_run:
        return result
    stamp = utcnow()
    items = [
        (
            NewSelfAssessment(
                municipality_number=f.municipality.number,
                municipality_name=f.municipality.name,
                county=county_name(f.municipality.number),
                checklist=cl,
                year=f.year,
                status=f.status,
                created_at=stamp,
                answers=tuple(f.answers.items()),
                explanations=tuple(f.explanations.items()),
                origin="importert",
                log=(
                    ("fil", table.name),
                    ("sha256", table.sha256),
                    ("rader", describe_rows(f.rows)),
                ),
            ),
            f.audit_id,
        )
        for f in plans
    ]
    result.ids = ctx.store.stats.insert_self_assessments(
        items, source=table.name, sha256=table.sha256
    )
    return result


def _link_and_refuse_existing(
    ctx: AppContext, table: TableFile, cl: Checklist, plans: list[PlannedForm], *, new: bool
) -> None:
    audits: dict[tuple[str, int], list[int]] = defaultdict(list)
    for aid, number, cid, year, _case, _origin in ctx.store.stats.audit_keys():
        if cid == cl.id:
            audits[(number, year)].append(aid)
    existing: dict[tuple[str, int], list[tuple[int, str]]] = defaultdict(list)
    for sid, number, cid, year, status, _audit in ctx.store.stats.self_assessment_keys():
        if cid == cl.id:
            existing[(number, year)].append((sid, status))
    for form in plans:
        key = (form.municipality.number, form.year)
        found = audits.get(key, [])
        form.audit_id = found[0] if len(found) == 1 else None
        if existing.get(key) and not new:
            listed = ", ".join(f"{sid} ({status})" for sid, status in existing[key])
            table.problem(
                describe_rows(form.rows),
                None,
                f"{form.municipality.label} har allerede egenvurdering {listed} på {cl.id} "
                f"for {form.year}. Fjern radene, eller bruk --ny for å legge inn en ny "
                "(statistikken bruker da den nyeste som har svar).",
            )
