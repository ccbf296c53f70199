"""Build the "Tall og trender" templates: statistikk_bokmal.docx and statistikk_nynorsk.docx.

Run from the repository root: ``.venv/bin/python templates/build_stats_templates.py``.
The templates are python-docx documents with docxtpl tags; the context is built by
``tilsyn.report.trends.trends_context`` (variables: tittel, utvalg, avsender (also
kontor), dato, per_tekst, syntetisk, syntetisk_tekst, datagrunnlag, kommentar,
figurer[bilde, tekst], tabeller[tittel, kolonner, rader, fotnoter], publisering,
merknad_publisering). Tables have a dynamic number of columns (``{%tc for %}``) and rows
(``{%tr for %}``); tables without figures are not in the context.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Cm, Pt, RGBColor

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_templates import page_number_footer

HERE = Path(__file__).resolve().parent

TEXT = {
    "bokmal": {
        "summary": "Sammendrag",
        "figures": "Figurer",
        "tables": "Tabeller",
        "about": "Om tallene",
        "about_text": "Tallene bygger på tilsynene og egenvurderingene {{ avsender }} har "
        "ført oversikt over. Et lovbrudd er et krav konkludert med lovbrudd i et tilsyn. "
        "Kommuner telles én gang selv om de har hatt flere tilsyn, og hver kommune under "
        "sitt eget nummer: en sammenslått kommune er en ny kommune.",
    },
    "nynorsk": {
        "summary": "Samandrag",
        "figures": "Figurar",
        "tables": "Tabellar",
        "about": "Om tala",
        "about_text": "Tala byggjer på tilsyna og eigenvurderingane {{ avsender }} har ført "
        "oversikt over. Eit lovbrot er eit krav konkludert med lovbrot i eit tilsyn. "
        "Kommunar blir talde éin gong sjølv om dei har hatt fleire tilsyn, og kvar kommune "
        "under sitt eige nummer: ein samanslått kommune er ein ny kommune.",
    },
}


def _cell_text(cell, text: str, style: str) -> None:
    p = cell.paragraphs[0]
    p.text = text
    p.style = style


def build(language: str) -> Path:
    t = TEXT[language]
    doc = Document()
    section = doc.sections[0]
    # Landscape: the self-assessment table has a column per year.
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.8))
    page_number_footer(doc)
    styles = doc.styles
    # Body text in the same family as the headings (the default is the viewer's serif).
    styles["Normal"].font.name = "Calibri"
    styles["Normal"].font.size = Pt(10)
    cell_style = styles.add_style("Tabelltekst", WD_STYLE_TYPE.PARAGRAPH)
    cell_style.base_style = styles["Normal"]
    cell_style.font.size = Pt(8)
    cell_style.paragraph_format.space_after = Pt(0)
    head_style = styles.add_style("Tabellhode", WD_STYLE_TYPE.PARAGRAPH)
    head_style.base_style = cell_style
    head_style.font.bold = True
    note_style = styles.add_style("Fotnote", WD_STYLE_TYPE.PARAGRAPH)
    note_style.base_style = styles["Normal"]
    note_style.font.size = Pt(8)
    note_style.font.italic = True

    warning_style = styles.add_style("Advarsel", WD_STYLE_TYPE.PARAGRAPH)
    warning_style.base_style = styles["Normal"]
    warning_style.font.bold = True
    warning_style.font.color.rgb = RGBColor(0xA0, 0x00, 0x00)

    doc.add_paragraph("{{ tittel }}", style="Title")
    doc.add_paragraph("{{ utvalg }}", style="Subtitle")
    doc.add_paragraph("{{ avsender }} · {{ dato }}")
    doc.add_paragraph("{%p if per_tekst %}")
    doc.add_paragraph("{{ per_tekst }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if syntetisk %}")
    doc.add_paragraph("{{ syntetisk_tekst }}", style="Advarsel")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph(t["summary"], style="Heading 1")
    doc.add_paragraph("{%p for setning in kommentar %}")
    doc.add_paragraph("{{ setning }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p if publisering %}")
    doc.add_paragraph("{{ merknad_publisering }}", style="Fotnote")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if figurer %}")
    doc.add_paragraph(t["figures"], style="Heading 1")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p for f in figurer %}")
    doc.add_paragraph("{{ f.bilde }}")
    doc.add_paragraph("{{ f.tekst }}", style="Caption")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p if tabeller %}")
    doc.add_paragraph(t["tables"], style="Heading 1")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p for t in tabeller %}")
    doc.add_paragraph("{{ t.tittel }}", style="Heading 2")
    table = doc.add_table(rows=4, cols=3)
    table.style = "Table Grid"
    head, open_rows, body, close_rows = table.rows
    _cell_text(head.cells[0], "{%tc for h in t.kolonner %}", "Tabellhode")
    _cell_text(head.cells[1], "{{ h }}", "Tabellhode")
    _cell_text(head.cells[2], "{%tc endfor %}", "Tabellhode")
    _cell_text(open_rows.cells[0], "{%tr for rad in t.rader %}", "Tabelltekst")
    _cell_text(body.cells[0], "{%tc for c in rad %}", "Tabelltekst")
    _cell_text(body.cells[1], "{{ c }}", "Tabelltekst")
    _cell_text(body.cells[2], "{%tc endfor %}", "Tabelltekst")
    _cell_text(close_rows.cells[0], "{%tr endfor %}", "Tabelltekst")
    doc.add_paragraph("{%p for n in t.fotnoter %}")
    doc.add_paragraph("{{ n }}", style="Fotnote")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph(t["about"], style="Heading 1")
    doc.add_paragraph(t["about_text"])
    doc.add_paragraph("{%p for linje in datagrunnlag %}")
    doc.add_paragraph("{{ linje }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p if syntetisk %}")
    doc.add_paragraph("{{ syntetisk_tekst }}", style="Advarsel")
    doc.add_paragraph("{%p endif %}")
    out = HERE / f"statistikk_{language}.docx"
    doc.save(str(out))
    return out


def main() -> None:
    for language in TEXT:
        print(build(language))


if __name__ == "__main__":
    main()
