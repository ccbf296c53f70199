"""Build the self-assessment report templates (egenvurdering_bokmal.docx, _nynorsk.docx).

Run from the repository root after changing the texts:

    .venv/bin/python templates/build_selfassessment_templates.py

The templates are docxtpl templates (Jinja tags in the Word text); the variables are
built by ``tilsyn.report.selfassessment.context`` and listed in its docstring. An office
may copy a template to the workspace's ``maler/`` folder and edit it in Word.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_templates import page_number_footer, page_setup

HERE = Path(__file__).resolve().parent

TEXTS = {
    "bokmal": {
        "title": "Egenvurdering: {{ tema }}",
        "sub": "{{ kommune }} – {{ ar }}",
        "intro": "Kommunen har svart på kontrollspørsmålene i egenvurderingsskjemaet om "
        "«{{ tema }}». Denne oversikten er laget av {{ kontor }} ut fra "
        "kommunens egne svar. Den er ikke en tilsynsrapport og inneholder ingen "
        "konklusjon om lovbrudd; den viser hvor kommunens svar tyder på risiko for "
        "at regelverket ikke følges. Spørsmålene har samme nummer som i skjemaet.",
        "audit": "Egenvurderingen er en del av tilsynet {{ kontor }} fører med kommunen.",
        "status": "Kommunen har besvart {{ besvart }} av {{ totalt }} kontrollspørsmål.",
        "missing_h": "Spørsmål som ikke er besvart",
        "risk_h": "Svar som tyder på risiko for lovbrudd",
        "none_risk": "Ingen av kommunens svar tyder på risiko for lovbrudd.",
        "req": "Lovkrav",
        "guid": "Veiledning",
        "expl": "Kommunens forklaring",
        "docs": "Kommunens dokumenter",
        "ok_h": "Dette er i orden etter kommunens egne svar",
        "none_ok": "Kommunen har ikke svart «ja» på noen av spørsmålene.",
        "nr_h": "Ikke relevant etter kommunens vurdering",
    },
    "nynorsk": {
        "title": "Eigenvurdering: {{ tema }}",
        "sub": "{{ kommune }} – {{ ar }}",
        "intro": "Kommunen har svart på kontrollspørsmåla i eigenvurderingsskjemaet om "
        "«{{ tema }}». Denne oversikta er laga av {{ kontor }} ut frå "
        "svara til kommunen. Ho er ikkje ein tilsynsrapport og inneheld ingen "
        "konklusjon om lovbrot; ho viser kvar svara til kommunen tyder på risiko for "
        "at regelverket ikkje blir følgt. Spørsmåla har same nummer som i skjemaet.",
        "audit": "Eigenvurderinga er ein del av tilsynet {{ kontor }} fører med kommunen.",
        "status": "Kommunen har svart på {{ besvart }} av {{ totalt }} kontrollspørsmål.",
        "missing_h": "Spørsmål som ikkje er svarte på",
        "risk_h": "Svar som tyder på risiko for lovbrot",
        "none_risk": "Ingen av svara til kommunen tyder på risiko for lovbrot.",
        "req": "Lovkrav",
        "guid": "Rettleiing",
        "expl": "Forklaringa til kommunen",
        "docs": "Dokumenta til kommunen",
        "ok_h": "Dette er i orden etter svara til kommunen",
        "none_ok": "Kommunen har ikkje svart «ja» på nokon av spørsmåla.",
        "nr_h": "Ikkje relevant etter vurderinga til kommunen",
    },
}


def build(form: str, output: Path) -> None:
    """Write the self-assessment template for ``form`` (bokmal or nynorsk) to ``output``."""
    t = TEXTS[form]
    doc = Document()
    page_setup(doc, first_page=False)
    page_number_footer(doc)
    head = doc.add_paragraph()
    head.add_run("{{ kontor }}").bold = True
    doc.add_paragraph("{{ dato }}")
    doc.add_heading(t["title"], level=1)
    doc.add_paragraph(t["sub"])
    doc.add_paragraph(t["intro"])
    doc.add_paragraph("{%p if tilsyn %}")
    doc.add_paragraph(t["audit"])
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph(t["status"])

    doc.add_paragraph("{%p if mangler %}")
    doc.add_heading(t["missing_h"], level=2)
    doc.add_paragraph("{%p for m in mangler %}")
    doc.add_paragraph("{{ m.ref }} {{ m.sporsmal }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")

    doc.add_heading(t["risk_h"], level=2)
    doc.add_paragraph("{%p if not risiko %}")
    doc.add_paragraph(t["none_risk"])
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p for r in risiko %}")
    p = doc.add_paragraph()
    p.add_run("{{ r.ref }} {{ r.sporsmal }}").bold = True
    doc.add_paragraph("Svar: {{ r.svar }}")
    p = doc.add_paragraph()
    p.add_run(t["req"] + " ({{ r.hjemmel }}): ").italic = True
    p.add_run("{{ r.krav }}")
    p = doc.add_paragraph()
    p.add_run(t["guid"] + ": ").italic = True
    p.add_run("{{ r.veiledning }}")
    doc.add_paragraph("{%p if r.forklaring %}")
    p = doc.add_paragraph()
    p.add_run(t["expl"] + ": ").italic = True
    p.add_run("{{ r.forklaring }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if r.dokumenter %}")
    p = doc.add_paragraph()
    p.add_run(t["docs"] + ": ").italic = True
    p.add_run("{{ r.dokumenter }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endfor %}")

    doc.add_heading(t["ok_h"], level=2)
    doc.add_paragraph("{%p if not i_orden %}")
    doc.add_paragraph(t["none_ok"])
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p for r in i_orden %}")
    doc.add_paragraph(
        "{{ r.ref }} {{ r.sporsmal }}{% if r.forklaring %} – {{ r.forklaring }}{% endif %}",
        style="List Bullet",
    )
    doc.add_paragraph("{%p endfor %}")

    doc.add_paragraph("{%p if ikke_relevant %}")
    doc.add_heading(t["nr_h"], level=2)
    doc.add_paragraph("{%p for r in ikke_relevant %}")
    doc.add_paragraph("{{ r.ref }} {{ r.sporsmal }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")
    doc.core_properties.title = ""
    doc.save(output)


def main() -> None:
    for form in TEXTS:
        build(form, HERE / f"egenvurdering_{form}.docx")


if __name__ == "__main__":
    main()
