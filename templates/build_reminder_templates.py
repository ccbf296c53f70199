"""Build the reminder letter templates (paminnelse_bokmal.docx, paminnelse_nynorsk.docx).

Run from the repository root after changing the texts:

    .venv/bin/python templates/build_reminder_templates.py

The templates are docxtpl templates (Jinja tags in the Word text); the variables are
built by ``tilsyn.report.reminder.reminder_context`` and listed in its docstring.
An office may copy a template to the workspace's ``maler/`` folder and edit it in Word.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

HERE = Path(__file__).resolve().parent

TEXTS = {
    "bokmal": {
        "title": "Påminnelse – tilbakemelding om retting etter tilsyn med introduksjonsprogrammet",
        "ref": "Vår ref.: {{ saksnummer }}",
        "intro": "Vi viser til endelig tilsynsrapport av {{ endelig_dato }} om tilsynet med "
        "{{ tema }} i {{ kommune }}. I rapporten {% if gammel_kommunelov %}fant "
        "{{ kontor }} lovbrudd og ba kommunen om en plan for tiltak og om "
        "tilbakemelding om hvordan lovbruddene er rettet, med frister{% else %}ga "
        "{{ kontor }} kommunen pålegg om å rette lovbrudd, med frist for "
        "tilbakemelding om hvordan lovbruddene er rettet{% endif %}.",
        "missing": "Vi kan ikke se å ha mottatt {% if gammel_kommunelov %}plan for tiltak "
        "eller tilbakemelding for disse lovbruddene{% else %}tilbakemelding på "
        "disse påleggene{% endif %}:",
        "order": "{% if gammel_kommunelov %}Lovbrudd{% else %}Pålegg{% endif %} "
        "{{ p.nummer }}: {{ p.tittel }} ({{ p.fristtype }} {{ p.frist }}, "
        "{{ p.dager_over }} dager over fristen)",
        "point": "Korreksjonspunkt {{ k.ref }}: {{ k.tekst }}",
        "ask": "Vi ber om at kommunen sender tilbakemeldingen snarest og senest "
        "{{ svar_innen }}. Tilbakemeldingen skal beskrive hvordan hvert "
        "korreksjonspunkt er rettet, og vise til dokumentasjon som kan sannsynliggjøre "
        "rettingen.",
        "ask_plan": "Vi ber om at kommunen sender planen for tiltak snarest og senest "
        "{{ svar_innen }}. Planen skal vise hvilke tiltak kommunen vil sette i verk "
        "for hvert korreksjonspunkt, og når.",
        "close": "Tilsynet kan ikke avsluttes før retting er sannsynliggjort for alle "
        "lovbruddene. Ta gjerne kontakt hvis noe er uklart.",
        "greeting": "Med hilsen",
    },
    "nynorsk": {
        "title": "Påminning – tilbakemelding om retting etter tilsyn med introduksjonsprogrammet",
        "ref": "Vår ref.: {{ saksnummer }}",
        "intro": "Vi viser til endeleg tilsynsrapport av {{ endelig_dato }} om tilsynet med "
        "{{ tema }} i {{ kommune }}. I rapporten {% if gammel_kommunelov %}fann "
        "{{ kontor }} lovbrot og bad kommunen om ein plan for tiltak og om "
        "tilbakemelding om korleis lovbrota er retta, med fristar{% else %}gav "
        "{{ kontor }} kommunen pålegg om å rette lovbrot, med frist for "
        "tilbakemelding om korleis lovbrota er retta{% endif %}.",
        "missing": "Vi kan ikkje sjå å ha motteke {% if gammel_kommunelov %}plan for tiltak "
        "eller tilbakemelding for desse lovbrota{% else %}tilbakemelding på desse "
        "pålegga{% endif %}:",
        "order": "{% if gammel_kommunelov %}Lovbrot{% else %}Pålegg{% endif %} "
        "{{ p.nummer }}: {{ p.tittel }} ({{ p.fristtype }} {{ p.frist }}, "
        "{{ p.dager_over }} dagar over fristen)",
        "point": "Korreksjonspunkt {{ k.ref }}: {{ k.tekst }}",
        "ask": "Vi ber om at kommunen sender tilbakemeldinga snarast og seinast "
        "{{ svar_innen }}. Tilbakemeldinga skal skildre korleis kvart "
        "korreksjonspunkt er retta, og vise til dokumentasjon som kan sannsynleggjere "
        "rettinga.",
        "ask_plan": "Vi ber om at kommunen sender planen for tiltak snarast og seinast "
        "{{ svar_innen }}. Planen skal vise kva for tiltak kommunen vil setje i verk "
        "for kvart korreksjonspunkt, og når.",
        "close": "Tilsynet kan ikkje avsluttast før retting er sannsynleggjort for alle "
        "lovbrota. Ta gjerne kontakt om noko er uklart.",
        "greeting": "Med helsing",
    },
}


def build(form: str, output: Path) -> None:
    """Write the reminder template for ``form`` (bokmal or nynorsk) to ``output``."""
    t = TEXTS[form]
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    section = doc.sections[0]  # python-docx's default is US Letter; Norwegian letters are A4
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)

    head = doc.add_paragraph()
    head.add_run("{{ kontor }}").bold = True
    doc.add_paragraph("{{ avdeling }}")
    doc.add_paragraph("{%p if adresse %}")
    doc.add_paragraph("{{ adresse }}")
    doc.add_paragraph("{%p endif %}")
    right = doc.add_paragraph("{{ dato }}")
    right.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph("{%p if saksnummer %}")
    doc.add_paragraph(t["ref"])
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{{ kommune }}")

    doc.add_heading(t["title"], level=1)
    doc.add_paragraph(t["intro"])
    doc.add_paragraph(t["missing"])
    doc.add_paragraph("{%p for p in palegg %}")
    order = doc.add_paragraph()
    order.add_run(t["order"]).bold = True
    # Under the old act (kl. 1992) no order was given yet: the order text is not quoted.
    doc.add_paragraph("{%p if not gammel_kommunelov %}")
    doc.add_paragraph("{{ p.tekst }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p for k in p.korreksjonspunkter %}")
    doc.add_paragraph(t["point"], style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p if plan_forfalt %}")
    doc.add_paragraph(t["ask_plan"])
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if tilbakemelding_forfalt %}")
    doc.add_paragraph(t["ask"])
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph(t["close"])
    doc.add_paragraph(t["greeting"])
    doc.add_paragraph("")
    doc.add_paragraph("{%p for u in underskrivere %}")
    doc.add_paragraph("{{ u.navn }}, {{ u.tittel }}")
    doc.add_paragraph("{%p endfor %}")
    doc.save(str(output))


def main() -> None:
    for form in TEXTS:
        build(form, HERE / f"paminnelse_{form}.docx")
        print(f"skrev {HERE / f'paminnelse_{form}.docx'}")


if __name__ == "__main__":
    main()
