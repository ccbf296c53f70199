"""Use cases of self-assessment: creating one, exporting the form, importing it back,
and the report."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from tilsyn.audit.selfassessment import (
    SelfAnswer,
    SelfAssessment,
    SelfAssessmentView,
    missing,
    status_for,
)
from tilsyn.errors import UsageError

if TYPE_CHECKING:
    from tilsyn.app.context import AppContext


def create(
    ctx: AppContext,
    *,
    municipality: str,
    checklist: str,
    year: int | None = None,
    audit_id: int | None = None,
    new: bool = False,
) -> SelfAssessment:
    """Create a self-assessment, linked to the audit of the same municipality, checklist and
    year when there is one (or to ``audit_id``, which must match).

    A municipality has one self-assessment per checklist and year: a second one is
    refused unless ``new`` (statistics then use the newest that has answers)."""
    from tilsyn.app.audits import list_audits

    m = ctx.registry.get(municipality)
    cl = ctx.checklist(checklist)
    year = year or date.today().year
    if not 2000 <= year <= 2100:
        raise UsageError(f"«{year}» er ikke et gyldig år.")
    if not new:
        refuse_second(ctx, m.number, f"{m.number} {m.name}", cl.id, year)
    if audit_id is not None:
        a = ctx.store.audits.get(audit_id)
        if a.municipality_number != m.number or a.checklist_id != cl.id:
            raise UsageError(
                f"Tilsyn {audit_id} gjelder {a.municipality_number} {a.municipality_name} og "
                f"sjekklisten {a.checklist_id}; egenvurderingen gjelder {m.number} {m.name} og "
                f"{cl.id}. Velg et tilsyn med samme kommune og sjekkliste."
            )
    else:
        matches = [
            r
            for r in list_audits(ctx, municipality=m.number, checklist=cl.id, year=year)
            if r.audit.municipality_number == m.number
        ]
        if matches:
            audit_id = matches[-1].audit.id
    return ctx.store.selfassessments.create(
        municipality_number=m.number,
        municipality_name=m.name,
        county=m.county,
        checklist=cl,
        year=year,
        audit_id=audit_id,
    )


def refuse_second(ctx: AppContext, number: str, label: str, checklist_id: str, year: int) -> None:
    """Refuse a second self-assessment of one municipality on one checklist in one year."""
    from tilsyn.errors import ConflictError

    found = [
        (sid, status)
        for sid, n, cid, y, status, _audit in ctx.store.stats.self_assessment_keys()
        if n == number and cid == checklist_id and y == year
    ]
    if found:
        listed = ", ".join(f"{sid} ({status})" for sid, status in found)
        raise ConflictError(
            f"{label} har allerede egenvurdering {listed} på {checklist_id} for {year}. Bruk "
            f"den (tilsyn egenvurdering vis {found[-1][0]}), eller lag en ny med --ny; "
            "statistikken bruker da den nyeste som har svar."
        )


def get(ctx: AppContext, sa_id: int) -> SelfAssessmentView:
    """A self-assessment with its checklist and answers."""
    return ctx.store.selfassessments.get(sa_id)


def language_of(ctx: AppContext, view: SelfAssessmentView) -> str:
    """The municipality's document language (nynorsk or bokmål)."""
    form = ctx.language_form(view.record.municipality_number)
    return "nynorsk" if form == "nynorsk" else "bokmal"


def _office(ctx: AppContext, view: SelfAssessmentView, language: str) -> str:
    """The office responsible for the municipality in the self-assessment's year."""
    from tilsyn.app.legal import office_name_for

    return office_name_for(
        ctx.workspace.config,
        view.record.municipality_number,
        date(view.record.year, 7, 1),
        nynorsk=language == "nynorsk",
    )


def export_form(ctx: AppContext, sa_id: int, output: Path) -> Path:
    """Write the self-assessment workbook in the municipality's language form."""
    from tilsyn.app.documents import output_rules
    from tilsyn.workbook.selfassessment import export_self_assessment

    view = get(ctx, sa_id)
    language = language_of(ctx, view)
    office = _office(ctx, view, language)
    return export_self_assessment(
        view, output, user=ctx.user, rules=output_rules(ctx), malform=language, office=office
    )


@dataclass
class SelfImportResult:
    """What importing a self-assessment workbook did (or would do)."""

    file: str
    sha256: str
    dry_run: bool
    status: str
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    missing: list[str] = field(default_factory=list)


def import_form(
    ctx: AppContext, sa_id: int, path: Path, *, overwrite: bool = False, dry_run: bool = False
) -> SelfImportResult:
    """Validate the filled workbook completely, then store its answers, or nothing.

    An incomplete form is stored (status «ufullstendig») and the missing questions are
    returned so that it can be sent back.
    """
    from tilsyn.workbook.selfassessment import read_self_assessment_workbook

    view = get(ctx, sa_id)
    language = language_of(ctx, view)
    office = ctx.workspace.config.office_for_year(view.record.year, nynorsk=language == "nynorsk")
    book = read_self_assessment_workbook(view, Path(path), office=office)
    # Status after the write: stored answers plus the new ones (blank cells keep theirs).
    added = tuple(
        SelfAnswer(i.question_ref, i.answer, i.explanation, i.document_refs, "", "", 0)
        for i in book.items
        if view.answer(i.question_ref) is None
    )
    after = replace(view, answers=view.answers + added)
    status = status_for(after)
    result = SelfImportResult(book.name, book.sha256, dry_run, status, missing=missing(after))
    extra = {
        "action": "import egenvurdering",
        "entity": book.name,
        "fil": book.name,
        "sha256": book.sha256,
        "status": status,
        "mangler": result.missing,
    }
    changes = ctx.store.selfassessments.write_answers(
        sa_id, book.items, status=status, overwrite=overwrite, dry_run=dry_run, extra_log=extra
    )
    result.new = sum(1 for c in changes if c[1] == "ny")
    result.changed = sum(1 for c in changes if c[1] == "endret")
    result.unchanged = sum(1 for c in changes if c[1] == "uendret")
    return result


def write_report(
    ctx: AppContext,
    sa_id: int,
    output: Path,
    *,
    malform: str | None = None,
    today: date | None = None,
) -> Path:
    """Write the self-assessment report, in the municipality's language form by default."""
    from tilsyn.app.documents import output_rules
    from tilsyn.report.selfassessment import render_self_assessment
    from tilsyn.text import choose

    view = get(ctx, sa_id)
    if malform is None:
        malform = language_of(ctx, view)
    malform = {"nb": "bokmal", "nn": "nynorsk"}.get(malform, malform)
    malform = choose(malform, ["bokmal", "nynorsk"], what="målform")
    office = _office(ctx, view, malform)
    return render_self_assessment(
        view,
        output,
        malform=malform,
        office=office,
        today=today or date.today(),
        templates_dir=ctx.workspace.templates_dir,
        rules=output_rules(ctx),
    )


def all_self_assessments(ctx: AppContext) -> list[SelfAssessment]:
    """Every self-assessment in the workspace."""
    return ctx.store.selfassessments.all()
