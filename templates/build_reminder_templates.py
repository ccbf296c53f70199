"""Build the reminder letter templates (paminnelse_bokmal.docx, paminnelse_nynorsk.docx).

Run from the repository root after changing the texts:

    .venv/bin/python templates/build_reminder_templates.py

The templates are docxtpl templates (Jinja tags in the Word text); the variables are
built by ``tilsyn.report.reminder.reminder_context`` and listed in its docstring.
An office may copy a template to the workspace's ``maler/`` folder and edit it in Word.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_templates import Builder, letterhead, signatures

HERE = Path(__file__).resolve().parent

TEXTS = {
    "bokmal": {
        "title": "Påminnelse – tilbakemelding om retting etter tilsyn med introduksjonsprogrammet",
        "intro": "Vi viser til endelig tilsynsrapport av {{ endelig_dato }} om tilsynet med "
        "{{ tema }} i {{ kommune }}. I rapporten {% if gammel_kommunelov %}fant "
        "{{ kontor }} lovbrudd og ba kommunen om en plan for tiltak og om "
        "tilbakemelding om hvordan lovbruddene er rettet, med frister{% else %}ga "
        "{{ kontor }} kommunen pålegg om å rette lovbrudd, med frist for "
        "tilbakemelding om hvordan lovbruddene er rettet{% endif %}.",
        "missing": "Vi kan ikke se å ha mottatt {% if gammel_kommunelov %}plan for tiltak "
        "eller tilbakemelding for {% if antall_palegg == 1 %}dette lovbruddet{% else %}disse "
        "lovbruddene{% endif %}{% else %}tilbakemelding på {% if antall_palegg == 1 %}dette "
        "pålegget{% else %}disse påleggene{% endif %}{% endif %}:",
        "order": "{% if gammel_kommunelov %}Lovbrudd{% else %}Pålegg{% endif %} "
        "{{ p.nummer }}: {{ p.tittel }} ({{ p.fristtype }} {{ p.frist }}, "
        "{{ p.dager_tekst }})",
        "point": "Korreksjonspunkt {{ k.nr }}: {{ k.tekst }}",
        "ask": "Vi ber om at kommunen sender tilbakemeldingen snarest og senest "
        "{{ svar_innen }}. Tilbakemeldingen skal beskrive hvordan hvert "
        "korreksjonspunkt er rettet, og vise til dokumentasjon som kan sannsynliggjøre "
        "rettingen.",
        "ask_plan": "Vi ber om at kommunen sender planen for tiltak snarest og senest "
        "{{ svar_innen }}. Planen skal vise hvilke tiltak kommunen vil sette i verk "
        "for hvert korreksjonspunkt, og når.",
        "close": "Tilsynet kan ikke avsluttes før retting er sannsynliggjort for "
        "{% if antall_palegg == 1 %}lovbruddet{% else %}alle lovbruddene{% endif %}. Ta "
        "gjerne kontakt hvis noe er uklart.",
    },
    "nynorsk": {
        "title": "Påminning – tilbakemelding om retting etter tilsyn med introduksjonsprogrammet",
        "intro": "Vi viser til endeleg tilsynsrapport av {{ endelig_dato }} om tilsynet med "
        "{{ tema }} i {{ kommune }}. I rapporten {% if gammel_kommunelov %}fann "
        "{{ kontor }} lovbrot og bad kommunen om ein plan for tiltak og om "
        "tilbakemelding om korleis lovbrota er retta, med fristar{% else %}gav "
        "{{ kontor }} kommunen pålegg om å rette lovbrot, med frist for "
        "tilbakemelding om korleis lovbrota er retta{% endif %}.",
        "missing": "Vi kan ikkje sjå å ha fått {% if gammel_kommunelov %}plan for tiltak "
        "eller tilbakemelding for {% if antall_palegg == 1 %}dette lovbrotet{% else %}desse "
        "lovbrota{% endif %}{% else %}tilbakemelding på {% if antall_palegg == 1 %}dette "
        "pålegget{% else %}desse pålegga{% endif %}{% endif %}:",
        "order": "{% if gammel_kommunelov %}Lovbrot{% else %}Pålegg{% endif %} "
        "{{ p.nummer }}: {{ p.tittel }} ({{ p.fristtype }} {{ p.frist }}, "
        "{{ p.dager_tekst }})",
        "point": "Korreksjonspunkt {{ k.nr }}: {{ k.tekst }}",
        "ask": "Vi ber om at kommunen sender tilbakemeldinga snarast og seinast "
        "{{ svar_innen }}. Tilbakemeldinga skal skildre korleis kvart "
        "korreksjonspunkt er retta, og vise til dokumentasjon som kan sannsynleggjere "
        "rettinga.",
        "ask_plan": "Vi ber om at kommunen sender planen for tiltak snarast og seinast "
        "{{ svar_innen }}. Planen skal vise kva for tiltak kommunen vil setje i verk "
        "for kvart korreksjonspunkt, og når.",
        "close": "Tilsynet kan ikkje avsluttast før retting er sannsynleggjort for "
        "{% if antall_palegg == 1 %}lovbrotet{% else %}alle lovbrota{% endif %}. Ta gjerne "
        "kontakt om noko er uklart.",
    },
}


def build(form: str, output: Path) -> None:
    """Write the reminder template for ``form`` (bokmal or nynorsk) to ``output``: the
    same letterhead, addressee block, references, signatures and page numbers as the other
    letters (templates/build_templates.py)."""
    t = TEXTS[form]
    b = Builder(form)
    title = "Påminning" if form == "nynorsk" else "Påminnelse"
    b.header_footer(
        office="",
        running=(
            "{{ kontor }} – " + title + " om tilbakemelding etter tilsyn",
            "{{ kommune }}{% if saksnummer %} – vår ref. {{ saksnummer }}{% endif %}",
        ),
    )
    letterhead(b, date="dato")
    b.h(1, t["title"])
    b.p(t["intro"])
    b.p(t["missing"], keep=True)
    b.tag("{%p for p in palegg %}")
    b.p(t["order"], bold=True, keep=True)
    # Under the old act (kl. 1992) no order was given yet: the order text is not quoted.
    b.tag("{%p if not gammel_kommunelov %}")
    b.p("{{ p.tekst }}")
    b.tag("{%p endif %}")
    b.tag("{%p for k in p.korreksjonspunkter %}")
    b.bullet(t["point"])
    b.tag("{%p endfor %}")
    b.tag("{%p endfor %}")
    b.tag("{%p if plan_forfalt %}")
    b.p(t["ask_plan"])
    b.tag("{%p endif %}")
    b.tag("{%p if tilbakemelding_forfalt %}")
    b.p(t["ask"])
    b.tag("{%p endif %}")
    b.p(t["close"])
    signatures(b)
    b.save(output, title="paminnelse")


def main() -> None:
    for form in TEXTS:
        build(form, HERE / f"paminnelse_{form}.docx")
        print(f"skrev {HERE / f'paminnelse_{form}.docx'}")


if __name__ == "__main__":
    main()
