"""The self-assessment report (Word): answers indicating a risk of violation, with the
legal requirement and guidance, what is in order, and what is missing.

Context variables (for the templates built by templates/build_selfassessment_templates.py):
``kontor``, ``dato``, ``tema``, ``versjon``, ``kommune``, ``ar``, ``tilsyn`` (id or None),
``besvart``, ``totalt``, ``mangler`` (list of {ref, sporsmal}), ``risiko`` (list of {ref,
sporsmal, svar, krav, hjemmel, veiledning, forklaring, dokumenter}), ``i_orden`` (list of
{ref, sporsmal, forklaring}), ``ikke_relevant`` (list of {ref, sporsmal}).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tilsyn.audit.selfassessment import SelfAssessmentView, meaning, missing

if TYPE_CHECKING:
    from tilsyn.files import OutputRules


def context(
    view: SelfAssessmentView, *, office: str, today: date, nynorsk: bool = False
) -> dict[str, Any]:
    """The template context for one self-assessment."""
    from tilsyn.audit.calendar import format_date
    from tilsyn.report import phrases

    malform = "nynorsk" if nynorsk else "bokmal"
    r = view.record
    cl = view.checklist
    risk, ok, not_relevant = [], [], []
    for _, req, q in cl.questions():
        a = view.answer(q.ref_id)
        if a is None:
            continue
        m = meaning(view, q, a.answer)
        row = {
            "ref": q.ref_id,
            "sporsmal": q.text_in("question", malform),
            "svar": a.answer,
            "krav": req.text_in("requirement", malform),
            "hjemmel": phrases.join_citations(
                [phrases.cite(b.cite(malform), malform) for b in req.legal_basis], malform
            ),
            "veiledning": q.text_in("guidance", malform),
            "forklaring": a.explanation or "",
            "dokumenter": a.document_refs or "",
        }
        if m == "brudd":
            risk.append(row)
        elif m == "oppfylt":
            ok.append(row)
        else:
            not_relevant.append(row)
    refs = missing(view)
    dato = format_date(today, malform)
    return {
        "kontor": office,
        "dato": dato,
        "tema": cl.text_in("title", malform),
        "versjon": cl.version,
        "kommune": f"{r.municipality_name} kommune",
        "ar": str(r.year),
        "tilsyn": r.audit_id,
        "besvart": len(risk) + len(ok) + len(not_relevant),
        "totalt": sum(1 for _ in cl.questions()),
        "mangler": [
            {"ref": ref, "sporsmal": cl.question(ref).text_in("question", malform)} for ref in refs
        ],
        "risiko": risk,
        "i_orden": ok,
        "ikke_relevant": not_relevant,
    }


def render_self_assessment(
    view: SelfAssessmentView,
    output: Path,
    *,
    malform: str,
    office: str,
    today: date,
    templates_dir: Path | None,
    rules: OutputRules,
) -> Path:
    """Write the self-assessment report in ``malform`` (bokmal or nynorsk)."""
    from tilsyn.report.render import render_template, template_path

    r = view.record
    nynorsk = malform == "nynorsk"
    ctx = context(view, office=office, today=today, nynorsk=nynorsk)
    title = ("Eigenvurdering" if nynorsk else "Egenvurdering") + f" – {r.municipality_name}"
    return render_template(
        template_path("egenvurdering", malform, templates_dir),
        ctx,
        Path(output),
        rules=rules,
        properties={"title": title, "author": office},
    )
