"""Build the shipped Word templates (templates/<kind>_<malform>.docx).

Run from the repository root:  .venv/bin/python templates/build_templates.py

The .docx files are ordinary Word documents with docxtpl tags: ``{{ variable }}``,
``{%p if … %}`` / ``{%p for … %}`` paragraphs and ``{%tr for … %}`` table rows. An
office can open them in Word, change the letterhead and wording, and save them in its
workspace's ``maler/`` folder under the same name; ``tilsyn mal sjekk FIL`` checks the
result. Every variable is documented in docs/malkontekst.md.

The structure follows domain.md § 4; texts are given once per language form. The layout
follows Norwegian state letters: a first page of its own (the letterhead with the optional
logo, no running header), the addressee block with «v/» and the postal address beside
«Vår dato», «Vår ref.» and «Deres ref.», signatures of the audit's team, «Kopi til», and
«Side X av Y» in the footer of every page. Reports have a table of contents (a TOC field
with its entries filled in, each with a PAGEREF field to its heading: Word updates it when
the document is opened, and tilsyn's PDF export lets LibreOffice update it before the PDF
is written, see tilsyn/report/pdf.py).

The other templates (reminder, self-assessment, statistics) share the page furniture
defined here (:func:`page_setup`, :func:`page_number_footer`).
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
KINDS = ("varsel", "forelopig", "endelig", "palegg", "avslutning")
MALFORMS = ("bokmal", "nynorsk")
TEXT_WIDTH_CM = 16.0
"""A4 minus 2.5 cm margins."""


# --- page furniture shared by every template ------------------------------------------


def page_setup(doc, *, landscape: bool = False, first_page: bool = True) -> None:
    """A4 (python-docx's default is US Letter), Calibri 11, and a first page with a header
    and footer of its own (the letterhead; no running header on page 1)."""
    style = doc.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    section = doc.sections[0]
    if landscape:
        from docx.enum.section import WD_ORIENT

        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    else:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = Cm(2.0)
    section.bottom_margin = Cm(2.0)
    section.header_distance = Cm(1.0)
    section.footer_distance = Cm(0.8)
    section.different_first_page_header_footer = first_page


def add_field(paragraph, instruction: str, shown: str = "1", *, size: Pt | None = None) -> None:
    """A complex field (``PAGE``, ``NUMPAGES``, ``PAGEREF …``) in ``paragraph``, showing
    ``shown`` until Word or LibreOffice computes it."""

    def run(child=None, text: str | None = None):
        r = paragraph.add_run(text)
        if size is not None:
            r.font.size = size
        if child is not None:
            r._r.append(child)
        return r

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run(separate)
    run(text=shown)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run(end)


def page_number_paragraph(container, *, size: Pt = Pt(8), align_right: bool = True):
    """«Side X av Y» (the same in bokmål and nynorsk) with PAGE and NUMPAGES fields."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    par = container.add_paragraph() if container.paragraphs[0].text else container.paragraphs[0]
    if align_right:
        par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    par.add_run("Side ").font.size = size
    add_field(par, "PAGE", size=size)
    par.add_run(" av ").font.size = size
    add_field(par, "NUMPAGES", size=size)
    return par


def page_number_footer(doc, *, first_lines: list[str] = (), size: Pt = Pt(8)) -> None:
    """Every page's footer ends in «Side X av Y»; the first page's footer (when the first
    page has its own) has ``first_lines`` above it (the office's contact details)."""
    section = doc.sections[0]
    page_number_paragraph(section.footer, size=size)
    if section.different_first_page_header_footer:
        footer = section.first_page_footer
        footer.is_linked_to_previous = False
        first = footer.paragraphs[0]
        for i, line in enumerate(first_lines):
            par = first if i == 0 else footer.add_paragraph()
            par.add_run(line).font.size = size
        page_number_paragraph(footer, size=size)


def keep_together(tbl) -> None:
    """Keep a table's rows on one page (cantSplit, and each cell's text with the next)."""
    for row in tbl.rows:
        tr_pr = row._tr.get_or_add_trPr()
        el = OxmlElement("w:cantSplit")
        tr_pr.append(el)
        for cell in row.cells:
            for par in cell.paragraphs:
                par.paragraph_format.keep_with_next = True


def no_borders(tbl) -> None:
    """A layout table: no borders."""
    tbl_pr = tbl._tbl.tblPr
    borders = parse_xml(
        f"<w:tblBorders {nsdecls('w')}>"
        + "".join(
            f'<w:{side} w:val="nil"/>'
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        + "</w:tblBorders>"
    )
    tbl_pr.append(borders)


def update_fields_on_open(doc) -> None:
    """Word updates the fields (the table of contents) when the document is opened."""
    settings = doc.settings.element
    el = settings.find(qn("w:updateFields"))
    if el is None:
        el = OxmlElement("w:updateFields")
        settings.append(el)
    el.set(qn("w:val"), "true")


class Builder:
    """A document being built in one language form."""

    def __init__(self, malform: str) -> None:
        self.nn = malform == "nynorsk"
        self.doc = Document()
        page_setup(self.doc)
        self._toc: list[tuple[str, str]] = []
        self._toc_anchor = None
        self._bookmark = 100

    def t(self, bm: str, nn: str) -> str:
        """The text in this document's language form."""
        return nn if self.nn else bm

    # --- blocks ---
    def h(self, level: int, bm: str, nn: str | None = None) -> None:
        """A heading. Chapter headings (level 1) of a document with a table of contents
        get a bookmark and an entry in it."""
        text = self.t(bm, nn if nn is not None else bm)
        par = self.doc.add_heading(text, level)
        if level == 1 and self._toc_anchor is not None:
            self._bookmark += 1
            name = f"_TocTilsyn{self._bookmark}"
            start = OxmlElement("w:bookmarkStart")
            start.set(qn("w:id"), str(self._bookmark))
            start.set(qn("w:name"), name)
            end = OxmlElement("w:bookmarkEnd")
            end.set(qn("w:id"), str(self._bookmark))
            runs = par._p.findall(qn("w:r"))
            runs[0].addprevious(start)
            runs[-1].addnext(end)
            self._toc.append((text, name))

    def p(
        self,
        bm: str,
        nn: str | None = None,
        *,
        bold: bool = False,
        style: str | None = None,
        keep: bool = False,
        tight: bool = False,
    ):
        """A paragraph; ``keep`` keeps it on the page of the next one, ``tight`` drops the
        space after it."""
        par = self.doc.add_paragraph(style=style)
        run = par.add_run(self.t(bm, nn if nn is not None else bm))
        run.bold = bold
        if keep:
            par.paragraph_format.keep_with_next = True
        if tight:
            par.paragraph_format.space_after = Pt(0)
        return par

    def label(self, label_bm: str, label_nn: str, value: str, *, keep: bool = False) -> None:
        """A paragraph starting with a bold label."""
        par = self.doc.add_paragraph()
        par.add_run(self.t(label_bm, label_nn) + " ").bold = True
        par.add_run(value)
        if keep:
            par.paragraph_format.keep_with_next = True

    def tag(self, tag: str) -> None:
        """A paragraph holding only a docxtpl paragraph tag ({%p … %})."""
        self.doc.add_paragraph(tag)

    def bullet(self, bm: str, nn: str | None = None) -> None:
        self.p(bm, nn, style="List Bullet")

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def table(
        self,
        headers: list[tuple[str, str]],
        loop: str,
        cells: list[str],
        widths: list[float] | None = None,
    ) -> None:
        """A table: a header row (repeated on every page), then one row per item of
        ``loop`` ({%tr for %})."""
        tbl = self.doc.add_table(rows=4, cols=len(headers))
        tbl.style = "Table Grid"
        for i, (bm, nn) in enumerate(headers):
            cell = tbl.rows[0].cells[i]
            cell.paragraphs[0].add_run(self.t(bm, nn)).bold = True
        _repeat_header(tbl.rows[0])
        tbl.rows[1].cells[0].text = "{%tr for " + loop + " %}"
        for i, text in enumerate(cells):
            tbl.rows[2].cells[i].text = text
        tbl.rows[3].cells[0].text = "{%tr endfor %}"
        _widths(tbl, widths or [16 / len(headers)] * len(headers))
        self.doc.add_paragraph()

    def facts(self, rows: list[tuple[str, str, str] | tuple[str, str, str, str]]) -> None:
        """A two-column table of fixed facts (label, value); a fourth element is a
        condition the row is shown under ({%tr if … %})."""
        tbl = self.doc.add_table(rows=0, cols=2)
        tbl.style = "Table Grid"
        for row in rows:
            bm, nn, value = row[0], row[1], row[2]
            condition = row[3] if len(row) > 3 else None
            if condition:
                tbl.add_row().cells[0].text = "{%tr if " + condition + " %}"
            r = tbl.add_row()
            r.cells[0].paragraphs[0].add_run(self.t(bm, nn)).bold = True
            r.cells[1].text = value
            if condition:
                tbl.add_row().cells[0].text = "{%tr endif %}"
        _widths(tbl, [4.5, 11.5])
        self.doc.add_paragraph()

    def header_footer(
        self,
        *,
        office: str = "kontor",
        running: tuple[str, str] = (
            "{{ kontor.navn }} – {{ tilsyn.tittel }}",
            "{{ dokument.tittel }}{% if brev.var_ref %} – vår ref. {{ brev.var_ref }}{% endif %}",
        ),
    ) -> None:
        """The letterhead on the first page (logo, office and department) and its footer
        with the office's contact details; on later pages a running header (the
        document, the audit, our reference). Every page: «Side X av Y». ``office`` is the
        context's office (a dict with navn, avdeling, adresse, epost, telefon); the
        reminder's flat keys are given as ``office=""``."""
        names = _office_vars(office)
        letterhead_header(
            self.doc.sections[0].first_page_header, office=names[0], department=names[1]
        )
        section = self.doc.sections[0]
        head = section.header.paragraphs[0]
        head.text = running[0]
        head2 = section.header.add_paragraph(running[1])
        for par in (head, head2):
            par.paragraph_format.space_after = Pt(0)
            for run in par.runs:
                run.font.size = Pt(8)
                run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
        page_number_footer(self.doc, first_lines=[contact_line(*names[:1], *names[2:])])

    # --- table of contents (reports) ---
    def table_of_contents(self) -> None:
        """Where the table of contents goes: the entries are filled in by :meth:`save`
        from the chapter headings that follow."""
        self.p("Innhold", "Innhald", style="TOC Heading")
        self._toc_anchor = self.doc.add_paragraph()

    def _fill_toc(self) -> None:
        if self._toc_anchor is None or not self._toc:
            return
        style = _toc_style(self.doc)
        anchor = self._toc_anchor._p
        last = len(self._toc) - 1
        for i, (text, bookmark) in enumerate(self._toc):
            par = self.doc.add_paragraph(style=style)
            par.paragraph_format.tab_stops.add_tab_stop(
                Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
            )
            if i == 0:  # the TOC field starts in the first entry …
                _field_start(par, 'TOC \\o "1-1" \\h \\z \\u', dirty=True)
            link = OxmlElement("w:hyperlink")
            link.set(qn("w:anchor"), bookmark)
            link.set(qn("w:history"), "1")
            par._p.append(link)
            r = par.add_run(text)
            link.append(r._r)
            r = par.add_run()
            r._r.append(OxmlElement("w:tab"))
            link.append(r._r)
            holder = self.doc.add_paragraph()
            add_field(holder, f"PAGEREF {bookmark} \\h", "2")
            for run in list(holder._p.findall(qn("w:r"))):
                link.append(run)
            holder._p.getparent().remove(holder._p)
            if i == last:  # … and ends after the last one
                _field_end(par)
            anchor.addprevious(par._p)
        anchor.getparent().remove(anchor)
        update_fields_on_open(self.doc)

    def save(self, path: Path, title: str) -> None:
        self._fill_toc()
        # Document properties are set by tilsyn after rendering; keep them plain here.
        props = self.doc.core_properties
        props.title = title
        props.author = "tilsyn"
        props.subject = ""
        props.comments = ""
        props.keywords = ""
        props.identifier = ""
        props.language = "nn-NO" if self.nn else "nb-NO"
        props.category = ""
        self.doc.save(str(path))


def _office_vars(office: str) -> tuple[str, str, str, str, str]:
    """The variables of the office's name, department, address, e-mail and phone: in a
    dict (``kontor.navn`` …) or, for ``office=""``, flat (the reminder: ``kontor``,
    ``avdeling``, ``adresse``, ``epost``, ``telefon``)."""
    if office:
        return tuple(f"{office}.{k}" for k in ("navn", "avdeling", "adresse", "epost", "telefon"))  # type: ignore[return-value]
    return ("kontor", "avdeling", "adresse", "epost", "telefon")


def contact_line(name: str, address: str, email: str, phone: str) -> str:
    """The office's contact details in the first page's footer; an empty setting leaves
    its part out (never «E-post: »)."""
    return (
        f"{{{{ {name} }}}}{{% if {address} %}} · Postadresse: {{{{ {address} }}}}{{% endif %}}"
        f"{{% if {email} %}} · E-post: {{{{ {email} }}}}{{% endif %}}"
        f"{{% if {phone} %}} · Telefon: {{{{ {phone} }}}}{{% endif %}}"
    )


def letterhead_header(
    header, *, office: str = "kontor.navn", department: str = "kontor.avdeling"
) -> None:
    """The first page's header: the logo (``[kontor] logo``, when set), then the office's
    name as it was on the document's date (always as text: a logo cannot follow a change
    of name) and its department."""
    header.is_linked_to_previous = False
    first = header.paragraphs[0]
    first.text = "{%p if logo %}"
    header.add_paragraph("{{ logo }}")
    header.add_paragraph("{%p endif %}")
    name = header.add_paragraph()
    run = name.add_run("{{ " + office + " }}")
    run.bold = True
    run.font.size = Pt(13)
    name.paragraph_format.space_after = Pt(0)
    header.add_paragraph("{%p if " + department + " %}")
    dept = header.add_paragraph()
    dept.add_run("{{ " + department + " }}").font.size = Pt(10)
    header.add_paragraph("{%p endif %}")


def _toc_style(doc) -> str:
    """The paragraph style of a table-of-contents entry (Word's built-in «toc 1»)."""
    styles = doc.styles
    try:
        return styles["toc 1"].name
    except KeyError:
        style = styles.add_style("toc 1", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        style.paragraph_format.space_after = Pt(4)
        style.paragraph_format.tab_stops.add_tab_stop(
            Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
        )
        return style.name


def _field_start(paragraph, instruction: str, *, dirty: bool = False) -> None:
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    if dirty:
        begin.set(qn("w:dirty"), "true")
    paragraph.add_run()._r.append(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    paragraph.add_run()._r.append(separate)


def _field_end(paragraph) -> None:
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def _widths(tbl, widths: list[float]) -> None:
    """Fixed column widths (cm). Word reads the cells' widths, LibreOffice the table grid:
    set both, and turn autofit off so neither stretches the columns evenly."""
    tbl.autofit = False
    for col, w in zip(tbl.columns, widths, strict=True):
        col.width = Cm(w)
    for row in tbl.rows:
        for cell, w in zip(row.cells, widths, strict=True):
            cell.width = Cm(w)


def _repeat_header(row) -> None:
    """Repeat this table row at the top of every page the table runs over."""
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


# --- shared parts -----------------------------------------------------------------------


def letterhead(b: Builder, *, date: str = "dokument.dato") -> None:
    """The top of a letter: the addressee block (the municipality, «v/» its chief
    executive, the postal address) beside our date and references, as Norwegian state
    letters have them."""
    tbl = b.doc.add_table(rows=1, cols=2)
    no_borders(tbl)
    tbl.alignment = WD_TABLE_ALIGNMENT.LEFT
    left, right = tbl.rows[0].cells
    _cell_lines(
        left,
        [
            ("{{ mottaker.navn }}", False),
            ("{%p if mottaker.ved %}", False),
            ("v/ {{ mottaker.ved }}", False),
            ("{%p endif %}", False),
            ("{%p for linje in mottaker.adresse %}", False),
            ("{{ linje }}", False),
            ("{%p endfor %}", False),
        ],
    )
    _cell_lines(
        right,
        [
            ("Vår dato: {{ " + date + " }}", False),
            ("{%p if brev.var_ref %}", False),
            ("Vår ref.: {{ brev.var_ref }}", False),
            ("{%p endif %}", False),
            ("{%p if brev.deres_ref %}", False),
            (b.t("Deres ref.: {{ brev.deres_ref }}", "Dykkar ref.: {{ brev.deres_ref }}"), False),
            ("{%p endif %}", False),
            ("{%p if brev.saksbehandler %}", False),
            (
                b.t(
                    "Saksbehandler: {{ brev.saksbehandler }}",
                    "Sakshandsamar: {{ brev.saksbehandler }}",
                ),
                False,
            ),
            ("{%p endif %}", False),
        ],
        size=Pt(9),
    )
    _widths(tbl, [9.5, 6.5])
    b.p("")


def _cell_lines(cell, lines: list[tuple[str, bool]], *, size: Pt | None = None) -> None:
    """Paragraphs in a table cell, without space between them."""
    for i, (text, bold) in enumerate(lines):
        par = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        run = par.add_run(text)
        run.bold = bold
        if size is not None:
            run.font.size = size
        par.paragraph_format.space_after = Pt(0)


def front_page(b: Builder) -> None:
    """Front page of a report: title, municipality, theme, date, references, team; then the
    table of contents on a page of its own."""
    b.doc.add_heading("{{ dokument.tittel }}", 0)
    b.p("{{ kommune.navn_kommune }}", bold=True)
    b.p("{{ tilsyn.tema }}")
    b.facts(
        [
            ("Kommune", "Kommune", "{{ kommune.navn_kommune }} ({{ kommune.nummer }})"),
            ("Tema", "Tema", "{{ tilsyn.tema }}"),
            ("Tilsynsmyndighet", "Tilsynsstyresmakt", "{{ kontor.navn }}"),
            ("Rapportdato", "Rapportdato", "{{ dokument.dato }}"),
            ("Vår ref.", "Vår ref.", "{{ brev.var_ref }}"),
            ("Deres ref.", "Dykkar ref.", "{{ brev.deres_ref }}", "brev.deres_ref"),
            ("Tilsynsleder", "Tilsynsleiar", "{{ tilsyn.tilsynsleder }}"),
            ("Tilsynsgruppe", "Tilsynsgruppe", "{{ tilsyn.team }}"),
        ]
    )
    b.page_break()
    b.table_of_contents()
    b.page_break()


def signatures(b: Builder, *, greeting: bool = True) -> None:
    """Greeting (letters), then the signatories (the audit's team) side by side with their
    titles (names on one line, titles on the next, a tab between), «Dokumentet er
    elektronisk godkjent» where the office uses it, and the recipients of copies, kept on
    one page."""
    b.p("", keep=True)
    if greeting:
        b.p("Med hilsen", "Med helsing", keep=True)
        b.p("", keep=True)
    for field, last in (("navn", False), ("tittel", True)):
        par = b.doc.add_paragraph()
        par.paragraph_format.tab_stops.add_tab_stop(Cm(8.5))
        par.paragraph_format.space_after = Pt(0)
        if not last:
            par.paragraph_format.keep_with_next = True
        par.add_run("{% for u in underskrivere %}{{ u." + field + " }}{% if not loop.last %}")
        par.add_run()._r.append(OxmlElement("w:tab"))
        par.add_run("{% endif %}{% endfor %}")
    b.tag("{%p if brev.elektronisk_godkjent %}")
    b.p("", tight=True)
    b.p("Dokumentet er elektronisk godkjent", "Dokumentet er elektronisk godkjent", keep=True)
    b.tag("{%p endif %}")
    b.tag("{%p if brev.kopi_til %}")
    b.p("", tight=True)
    b.p("Kopi til:", "Kopi til:", bold=True, keep=True, tight=True)
    b.tag("{%p for k in brev.kopi_til %}")
    b.p("{{ k }}", tight=True)
    b.tag("{%p endfor %}")
    b.tag("{%p endif %}")


def correction_points(b: Builder) -> None:
    """The correction points of violation ``l`` (inside a loop over ``lovbrudd``)."""
    b.p("Korreksjonspunkter:", "Korreksjonspunkt:", bold=True, keep=True)
    b.tag("{%p for kp in l.korreksjonspunkter %}")
    b.p("{{ kp.nr }} {{ kp.tekst }}")
    b.tag("{%p if kp.grunnlag %}")
    b.p("Grunnlag: {{ kp.grunnlag }}", "Grunnlag: {{ kp.grunnlag }}")
    b.tag("{%p endif %}")
    b.tag("{%p endfor %}")


def order_points(b: Builder, *, with_deadline: bool) -> None:
    """For each violation: the order text, correction points and deadline (kl. § 30-4,
    and every separate order letter)."""
    b.tag("{%p for l in lovbrudd %}")
    b.h(3, "Pålegg {{ l.nr }}: {{ l.tittel }}")
    b.p("{{ l.palegg }}")
    correction_points(b)
    if with_deadline:
        b.label("Frist for retting:", "Frist for retting:", "{{ l.frist }}")
    b.tag("{%p endfor %}")


def violation_points(b: Builder) -> None:
    """For each violation under the old act (kl. 1992): what was breached and the
    correction points. No order text: an order is not given (yet)."""
    b.tag("{%p for l in lovbrudd %}")
    b.h(3, "Lovbrudd {{ l.nr }}: {{ l.tittel }}", "Lovbrot {{ l.nr }}: {{ l.tittel }}")
    b.label("Hjemmel:", "Heimel:", "{{ l.hjemmel }}")
    correction_points(b)
    b.tag("{%p endfor %}")


def decision_text(b: Builder, *, standalone: bool) -> None:
    """The order as a decision (kl. § 30-4), or in a report under the old act (kl. 1992
    § 60 d) a deadline for a plan of measures and for rectification. A separate order
    letter is always the order."""
    b.tag("{%p if tilsyn.gammel_kommunelov and dokument.type != 'palegg' %}")
    b.p(
        "{{ kontor.kort }} ber kommunen sende en plan for hvordan {{ funn.lovbruddene }} skal "
        "rettes, innen {{ frister.plan }}. Planen skal vise hvilke tiltak kommunen vil sette i "
        "verk, og når. {{ funn.lovbruddene|capitalize }} skal være rettet innen "
        "{{ frister.retting }}. Korreksjonspunktene nedenfor sier hva kommunen må rette.",
        "{{ kontor.kort }} ber kommunen sende ein plan for korleis {{ funn.lovbruddene }} skal "
        "rettast, innan {{ frister.plan }}. Planen skal vise kva for tiltak kommunen vil setje "
        "i verk, og når. {{ funn.lovbruddene|capitalize }} skal vere retta innan "
        "{{ frister.retting }}. Korreksjonspunkta nedanfor seier kva kommunen må rette.",
    )
    violation_points(b)
    b.p(
        "Dersom {{ funn.lovbruddene }} ikke blir rettet innen fristen, kan {{ kontor.kort }} "
        "gi pålegg om retting etter {{ lov.palegg }}.",
        "Dersom {{ funn.lovbruddene }} ikkje blir retta innan fristen, kan {{ kontor.kort }} "
        "gje pålegg om retting etter {{ lov.palegg }}.",
    )
    b.tag("{%p else %}")
    b.p(
        "{{ kontor.kort }} har funnet lovbrudd og fatter med hjemmel i {{ lov.palegg }} "
        "følgende vedtak:",
        "{{ kontor.kort }} har funne lovbrot og gjer med heimel i {{ lov.palegg }} "
        "følgjande vedtak:",
    )
    order_points(b, with_deadline=True)
    b.p(
        "Innen fristen skal kommunen sende {{ kontor.kort }} en erklæring om at "
        "{{ funn.lovbruddene }} er rettet, og en redegjørelse for hvordan det er gjort. "
        "{{ kontor.kort }} kan be om dokumentasjon.",
        "Innan fristen skal kommunen sende {{ kontor.kort }} ei stadfesting av at "
        "{{ funn.lovbruddene }} er retta, og ei utgreiing om korleis det er gjort. "
        "{{ kontor.kort }} kan be om dokumentasjon.",
    )
    if standalone:
        b.p(
            "{{ lov.enkeltvedtak }} Begrunnelsen for vedtaket går fram av den endelige "
            "tilsynsrapporten, jf. forvaltningsloven §§ 24 og 25.",
            "{{ lov.enkeltvedtak }} Grunngjevinga for vedtaket går fram av den endelege "
            "tilsynsrapporten, jf. forvaltningslova §§ 24 og 25.",
        )
    else:
        b.p(
            "{{ lov.enkeltvedtak }} Begrunnelsen for vedtaket går fram av kapittel 5 og 6 i "
            "rapporten, jf. forvaltningsloven §§ 24 og 25. Kommunen kan klage på vedtaket til "
            "{{ kontor.klageinstans }}, se kapittel 10.",
            "{{ lov.enkeltvedtak }} Grunngjevinga for vedtaket går fram av kapittel 5 og 6 i "
            "rapporten, jf. forvaltningslova §§ 24 og 25. Kommunen kan klage på vedtaket til "
            "{{ kontor.klageinstans }}, sjå kapittel 10.",
        )
    b.tag("{%p endif %}")


def appeal(b: Builder, heading: str) -> None:
    """Appeal information (forvaltningsloven § 27 tredje ledd): the right to appeal
    (§ 28), the deadline from receipt (§ 29), the appeal body, how to appeal (§§ 30 and
    32), access to the documents (§§ 18 flg.) and deferred implementation (§ 42)."""
    b.h(1, heading.format(bm="Klageadgang"), heading.format(bm="Klagerett"))
    b.tag(
        "{%p if funn.har_lovbrudd and (not tilsyn.gammel_kommunelov or "
        "dokument.type == 'palegg') %}"
    )
    b.p(
        "Vedtaket om pålegg om retting er et enkeltvedtak som kommunen kan klage på, jf. "
        "forvaltningsloven § 28. Klageinstans er {{ kontor.klageinstans }}. Klagefristen er "
        "tre uker fra kommunen mottok vedtaket, jf. forvaltningsloven § 29. Det er nok at "
        "klagen er postlagt før fristen går ut, jf. forvaltningsloven § 30.",
        "Vedtaket om pålegg om retting er eit enkeltvedtak som kommunen kan klage på, jf. "
        "forvaltningslova § 28. Klageinstans er {{ kontor.klageinstans }}. Klagefristen er "
        "tre veker frå kommunen fekk vedtaket, jf. forvaltningslova § 29. Det er nok at "
        "klaga er postlagd før fristen går ut, jf. forvaltningslova § 30.",
    )
    b.p(
        "Klagen skal være skriftlig, nevne vedtaket det klages over og den endringen som "
        "ønskes, og sendes til {{ kontor.kort }}, jf. forvaltningsloven § 32. Dersom "
        "{{ kontor.kort }} ikke endrer vedtaket, sendes klagen til {{ kontor.klageinstans }} "
        "for avgjørelse.",
        "Klaga skal vere skriftleg, nemne vedtaket det blir klaga over og den endringa som er "
        "ønskt, og sendast til {{ kontor.kort }}, jf. forvaltningslova § 32. Dersom "
        "{{ kontor.kort }} ikkje endrar vedtaket, blir klaga send til {{ kontor.klageinstans }} "
        "for avgjerd.",
    )
    b.p(
        "Kommunen har rett til å se dokumentene i saken, jf. forvaltningsloven §§ 18 flg. "
        "Kommunen kan be om at gjennomføringen av vedtaket utsettes til klagefristen er ute "
        "eller klagen er avgjort, jf. forvaltningsloven § 42. Informasjonen er gitt etter "
        "forvaltningsloven § 27 tredje ledd.",
        "Kommunen har rett til å sjå dokumenta i saka, jf. forvaltningslova §§ 18 flg. "
        "Kommunen kan be om at gjennomføringa av vedtaket blir utsett til klagefristen er ute "
        "eller klaga er avgjord, jf. forvaltningslova § 42. Informasjonen er gitt etter "
        "forvaltningslova § 27 tredje ledd.",
    )
    b.tag("{%p elif funn.har_lovbrudd %}")
    b.p(
        "Rapporten og fristene for plan for tiltak og for retting er ikke enkeltvedtak og kan "
        "ikke påklages. Dersom {{ kontor.kort }} senere gir pålegg om retting etter "
        "{{ lov.palegg }}, er pålegget et enkeltvedtak som kommunen kan klage på til "
        "{{ kontor.klageinstans }}, innen tre uker fra kommunen mottok vedtaket, jf. "
        "forvaltningsloven §§ 28 og 29.",
        "Rapporten og fristane for plan for tiltak og for retting er ikkje enkeltvedtak og kan "
        "ikkje påklagast. Dersom {{ kontor.kort }} seinare gjev pålegg om retting etter "
        "{{ lov.palegg }}, er pålegget eit enkeltvedtak som kommunen kan klage på til "
        "{{ kontor.klageinstans }}, innan tre veker frå kommunen fekk vedtaket, jf. "
        "forvaltningslova §§ 28 og 29.",
    )
    b.tag("{%p else %}")
    b.p(
        "Rapporten inneholder ikke noe enkeltvedtak, og det er derfor ikke klageadgang.",
        "Rapporten inneheld ikkje noko enkeltvedtak, og det er difor ikkje klagerett.",
    )
    b.tag("{%p endif %}")


def transitional_rule(b: Builder) -> None:
    """The transitional rule the audit is carried out under, when there is one."""
    b.tag("{%p if lov.overgangsregel %}")
    b.p("{{ lov.overgangsregel }}")
    b.tag("{%p endif %}")


def appendices(b: Builder) -> None:
    b.page_break()
    b.h(1, "Vedlegg 1: Oversikt over dokumentasjon")
    b.tag("{%p if dokumenter %}")
    b.p(
        "Dokumenter kommunen har sendt inn, og som {{ kontor.kort }} har gått gjennom:",
        "Dokument kommunen har sendt inn, og som {{ kontor.kort }} har gått gjennom:",
    )
    b.table(
        [("Nr.", "Nr."), ("Dokument", "Dokument"), ("Dato", "Dato"), ("Type", "Type")],
        "d in dokumenter",
        ["{{ d.nr }}", "{{ d.tittel }}", "{{ d.dato }}", "{{ d.type }}"],
        [1.2, 7.8, 3.5, 3.5],
    )
    b.tag("{%p else %}")
    b.p(
        "{{ kontor.kort }} har ikke mottatt dokumenter fra kommunen i tilsynet.",
        "{{ kontor.kort }} har ikkje fått dokument frå kommunen i tilsynet.",
    )
    b.tag("{%p endif %}")
    b.tag("{%p if utvalg.finnes %}")
    b.p(
        "I tillegg har {{ kontor.kort }} gått gjennom {{ utvalg.tekst }} "
        "(stikkprøve, se kapittel 3).",
        "I tillegg har {{ kontor.kort }} gått gjennom {{ utvalg.tekst }} "
        "(stikkprøve, sjå kapittel 3).",
    )
    b.tag("{%p endif %}")
    b.h(1, "Vedlegg 2: Lovgrunnlaget")
    b.p(
        "Bestemmelsene tilsynet bygger på, med lenke til lovteksten på Lovdata:",
        "Føresegnene tilsynet byggjer på, med lenkje til lovteksten på Lovdata:",
    )
    b.table(
        [("Bestemmelse", "Føresegn"), ("Lovdata", "Lovdata")],
        "a in vedlegg_lovgrunnlag",
        ["{{ a.sitat }}", "{{ a.url }}"],
        [8, 8],
    )
    b.p("Hjemmel for hvert krav:", "Heimel for kvart krav:", bold=True, keep=True)
    b.tag("{%p for k in krav %}")
    b.label("{{ k.punkt }} {{ k.tittel }}:", "{{ k.punkt }} {{ k.tittel }}:", "{{ k.hjemmel }}")
    b.tag("{%p endfor %}")


# --- reports ------------------------------------------------------------------------------


def report(b: Builder, kind: str) -> None:
    """The preliminary (forelopig) or final (endelig) report."""
    final = kind == "endelig"
    b.header_footer()
    front_page(b)

    b.h(1, "1 Sammendrag", "1 Samandrag")
    b.p(
        "{{ kontor.kort }} har ført tilsyn med {{ kommune.navn_kommune }} om temaet "
        "«{{ tilsyn.tema }}». Tilsynet ble varslet {{ datoer.varsel }}.{% if kilder.finnes %} "
        "{{ kontor.kort }} har {{ kilder.gjort }}.{% endif %}",
        "{{ kontor.kort }} har ført tilsyn med {{ kommune.navn_kommune }} om temaet "
        "«{{ tilsyn.tema }}». Tilsynet vart varsla {{ datoer.varsel }}.{% if kilder.finnes %} "
        "{{ kontor.kort }} har {{ kilder.gjort }}.{% endif %}",
    )
    b.tag("{%p if funn.har_lovbrudd %}")
    b.p(
        "{{ kontor.kort }} har funnet {{ funn.lovbrudd_tekst }}:",
        "{{ kontor.kort }} har funne {{ funn.lovbrudd_tekst }}:",
        keep=True,
    )
    b.tag("{%p for l in lovbrudd %}")
    b.bullet(
        "Lovbrudd {{ l.nr }}: {{ l.tittel }} ({{ l.hjemmel }})",
        "Lovbrot {{ l.nr }}: {{ l.tittel }} ({{ l.hjemmel }})",
    )
    b.tag("{%p endfor %}")
    if final:
        b.tag("{%p if tilsyn.gammel_kommunelov %}")
        b.p(
            "{{ kontor.kort }} ber kommunen sende en plan for hvordan {{ funn.lovbruddene }} "
            "skal rettes, innen {{ frister.plan }}, og rette {{ funn.dem }} innen "
            "{{ frister.retting }}, se kapittel 8. Tilsynet blir avsluttet når "
            "{{ kontor.kort }} har vurdert at {{ funn.lovbruddene }} er rettet.",
            "{{ kontor.kort }} ber kommunen sende ein plan for korleis {{ funn.lovbruddene }} "
            "skal rettast, innan {{ frister.plan }}, og rette {{ funn.dem }} innan "
            "{{ frister.retting }}, sjå kapittel 8. Tilsynet blir avslutta når "
            "{{ kontor.kort }} har vurdert at {{ funn.lovbruddene }} er retta.",
        )
        b.tag("{%p else %}")
        b.p(
            "Kommunen får pålegg om å rette {{ funn.lovbruddene }} innen "
            "{{ frister.retting }}, se kapittel 8. Tilsynet blir avsluttet når "
            "{{ kontor.kort }} har vurdert at {{ funn.lovbruddene }} er rettet.",
            "Kommunen får pålegg om å rette {{ funn.lovbruddene }} innan "
            "{{ frister.retting }}, sjå kapittel 8. Tilsynet blir avslutta når "
            "{{ kontor.kort }} har vurdert at {{ funn.lovbruddene }} er retta.",
        )
        b.tag("{%p endif %}")
    else:
        b.tag("{%p if tilsyn.gammel_kommunelov %}")
        b.p(
            "Dette er en foreløpig rapport. {{ kontor.kort }} varsler at kommunen i den "
            "endelige rapporten vil få frist til å rette {{ funn.lovbruddene }}, se kapittel 7. "
            "Kommunen "
            "kan uttale seg innen {{ frister.uttalelse }}.",
            "Dette er ein førebels rapport. {{ kontor.kort }} varslar at kommunen i den "
            "endelege rapporten vil få frist til å rette {{ funn.lovbruddene }}, sjå kapittel 7. "
            "Kommunen "
            "kan uttale seg innan {{ frister.uttalelse }}.",
        )
        b.tag("{%p else %}")
        b.p(
            "Dette er en foreløpig rapport. {{ kontor.kort }} varsler at kommunen vil få "
            "pålegg om å rette {{ funn.lovbruddene }}, se kapittel 7. Kommunen kan uttale seg "
            "innen {{ frister.uttalelse }}.",
            "Dette er ein førebels rapport. {{ kontor.kort }} varslar at kommunen vil få "
            "pålegg om å rette {{ funn.lovbruddene }}, sjå kapittel 7. Kommunen kan uttale seg "
            "innan {{ frister.uttalelse }}.",
        )
        b.tag("{%p endif %}")
    b.tag("{%p else %}")
    if final:
        b.p(
            "{{ kontor.kort }} har ikke funnet lovbrudd, og tilsynet er avsluttet med denne "
            "rapporten.",
            "{{ kontor.kort }} har ikkje funne lovbrot, og tilsynet er avslutta med denne "
            "rapporten.",
        )
    else:
        b.p(
            "{{ kontor.kort }} har ikke funnet lovbrudd. Kommunen kan uttale seg om "
            "rapporten innen {{ frister.uttalelse }}.",
            "{{ kontor.kort }} har ikkje funne lovbrot. Kommunen kan uttale seg om "
            "rapporten innan {{ frister.uttalelse }}.",
        )
    b.tag("{%p endif %}")
    b.tag("{%p if funn.har_merknader %}")
    b.p(
        "{{ kontor.kort }} har i tillegg gitt {{ funn.merknader_tekst }}, se kapittel 6.",
        "{{ kontor.kort }} har i tillegg gitt {{ funn.merknader_tekst }}, sjå kapittel 6.",
    )
    b.tag("{%p endif %}")

    b.h(1, "2 Innledning", "2 Innleiing")
    b.h(2, "2.1 Formålet med tilsynet", "2.1 Føremålet med tilsynet")
    b.p(
        "Formålet med statlig tilsyn er å kontrollere at kommunen oppfyller pliktene sine "
        "etter {{ lov.kortnavn }}. Tilsynet er et lovlighetstilsyn: {{ kontor.kort }} "
        "kontrollerer om kommunens praksis er i samsvar med lovkravene, og vurderer ikke "
        "kvaliteten på tjenesten ut over det. Tilsynet skal bidra til at deltakerne i "
        "introduksjonsprogrammet får det de har krav på etter loven.",
        "Føremålet med statleg tilsyn er å kontrollere at kommunen oppfyller pliktene sine "
        "etter {{ lov.kortnavn }}. Tilsynet er eit lovlegheitstilsyn: {{ kontor.kort }} "
        "kontrollerer om praksisen til kommunen er i samsvar med lovkrava, og vurderer ikkje "
        "kvaliteten på tenesta utover det. Tilsynet skal medverke til at deltakarane i "
        "introduksjonsprogrammet får det dei har krav på etter lova.",
    )
    b.h(2, "2.2 Hjemmel for tilsynet", "2.2 Heimel for tilsynet")
    b.p(
        "{{ kontor.kort }} fører tilsyn med kommunen etter {{ lov.tilsynshjemmel }}. Reglene om "
        "statlig tilsyn i {{ lov.kommunelov_kapittel }} gjelder for tilsynet. {{ kontor.kort }} "
        "kan kreve de opplysningene som trengs for tilsynet, uten hinder av taushetsplikt, "
        "jf. {{ lov.innsyn }}. Den foreløpige rapporten er et forhåndsvarsel etter "
        "forvaltningsloven § 16. {{ lov.enkeltvedtak }}",
        "{{ kontor.kort }} fører tilsyn med kommunen etter {{ lov.tilsynshjemmel }}. Reglane om "
        "statleg tilsyn i {{ lov.kommunelov_kapittel }} gjeld for tilsynet. {{ kontor.kort }} "
        "kan krevje dei opplysningane som trengst for tilsynet, utan hinder av teieplikt, "
        "jf. {{ lov.innsyn }}. Den førebelse rapporten er eit førehandsvarsel etter "
        "forvaltningslova § 16. {{ lov.enkeltvedtak }}",
    )
    transitional_rule(b)
    b.h(2, "2.3 Begreper", "2.3 Omgrep")
    b.label(
        "Lovbrudd:",
        "Lovbrot:",
        b.t(
            "Kommunens praksis er ikke i samsvar med et lovkrav. Et lovbrudd kan føre til "
            "pålegg om retting.",
            "Praksisen til kommunen er ikkje i samsvar med eit lovkrav. Eit lovbrot kan føre "
            "til pålegg om retting.",
        ),
    )
    b.label(
        "Merknad:",
        "Merknad:",
        b.t(
            "Et forhold som ikke er et lovbrudd, men som {{ kontor.kort }} mener kommunen "
            "bør forbedre, for eksempel mangelfull dokumentasjon eller manglende rutiner. "
            "En merknad fører ikke til pålegg.",
            "Eit forhold som ikkje er eit lovbrot, men som {{ kontor.kort }} meiner kommunen "
            "bør betre, til dømes mangelfull dokumentasjon eller manglande rutinar. "
            "Ein merknad fører ikkje til pålegg.",
        ),
    )
    b.label(
        "Pålegg om retting:",
        "Pålegg om retting:",
        b.t(
            "Vedtak om at kommunen skal rette et lovbrudd innen en frist, jf. "
            "{{ lov.palegg }}. Korreksjonspunktene under hvert pålegg sier hva kommunen "
            "må rette.",
            "Vedtak om at kommunen skal rette eit lovbrot innan ein frist, jf. "
            "{{ lov.palegg }}. Korreksjonspunkta under kvart pålegg seier kva kommunen "
            "må rette.",
        ),
    )
    b.h(2, "2.4 Om rapporten", "2.4 Om rapporten")
    b.p(
        "Rapporten bygger på {{ kilder.tekst }}, slik det er beskrevet i kapittel 3."
        "{% if kilder.dokumenter %} Dokumentene er listet opp i vedlegg 1.{% endif %} "
        "Konklusjonene bygger bare på disse kildene og beskriver forholdene slik de var på "
        "rapportdatoen, {{ dokument.dato }}. Rapporten tar ikke stilling til forhold som ikke "
        "er omfattet av tilsynet.",
        "Rapporten byggjer på {{ kilder.tekst }}, slik det er skildra i kapittel 3."
        "{% if kilder.dokumenter %} Dokumenta er lista opp i vedlegg 1.{% endif %} "
        "Konklusjonane byggjer berre på desse kjeldene og skildrar forholda slik dei var på "
        "rapportdatoen, {{ dokument.dato }}. Rapporten tek ikkje stilling til forhold som "
        "ikkje er omfatta av tilsynet.",
    )

    b.h(1, "3 Gjennomføring", "3 Gjennomføring")
    b.p(
        "Tilsynet ble varslet i brev av {{ datoer.varsel }}. Kommunen ble bedt om å sende "
        "dokumentasjon og en redegjørelse innen {{ frister.dokumentasjon }}{% if "
        "datoer.dokumentasjon %}, og dokumentasjonen ble mottatt {{ datoer.dokumentasjon }}"
        "{% endif %}.",
        "Tilsynet vart varsla i brev av {{ datoer.varsel }}. Kommunen vart beden om å sende "
        "dokumentasjon og ei utgreiing innan {{ frister.dokumentasjon }}{% if "
        "datoer.dokumentasjon %}, og dokumentasjonen kom inn {{ datoer.dokumentasjon }}"
        "{% endif %}.",
    )
    b.tag("{%p if moter %}")
    b.p("Møter i tilsynet:", "Møte i tilsynet:", bold=True)
    b.table(
        [("Møte", "Møte"), ("Dato", "Dato")],
        "mt in moter",
        ["{{ mt.type|capitalize }}", "{{ mt.dato }}"],
        [8, 8],
    )
    b.tag("{%p endif %}")
    b.tag("{%p if intervjuer.antall %}")
    b.p(
        "{{ kontor.kort }} har intervjuet {{ intervjuer.setning }}. "
        "{{ intervjuer.bestemt|capitalize }} er oppgitt etter rolle:",
        "{{ kontor.kort }} har intervjua {{ intervjuer.setning }}. "
        "{{ intervjuer.bestemt|capitalize }} er oppgitt etter rolle:",
        keep=True,
    )
    b.table(
        [("Rolle", "Rolle"), ("Antall personer", "Tal personar"), ("Dato", "Dato")],
        "r in intervjuer.roller",
        ["{{ r.rolle }}", "{{ r.antall }}", "{{ r.datoer }}"],
        [8, 2, 6],
    )
    b.tag("{%p endif %}")
    b.tag("{%p if kilder.dokumenter %}")
    b.p(
        "{{ kontor.kort }} har gått gjennom dokumentene som er listet opp i vedlegg 1.",
        "{{ kontor.kort }} har gått gjennom dokumenta som er lista opp i vedlegg 1.",
    )
    b.tag("{%p endif %}")
    b.tag("{%p if utvalg.finnes %}")
    b.label(
        "Stikkprøve:",
        "Stikkprøve:",
        b.t(
            "{{ kontor.kort }} har gått gjennom {{ utvalg.tekst }}. {{ utvalg.beskrivelse }} "
            "Deltakerne er bare omtalt med pseudonym, og funnene i mappene er oppgitt samlet "
            "for utvalget.",
            "{{ kontor.kort }} har gått gjennom {{ utvalg.tekst }}. {{ utvalg.beskrivelse }} "
            "Deltakarane er berre omtalte med pseudonym, og funna i mappene er oppgitt samla "
            "for utvalet.",
        ),
    )
    b.tag("{%p if utvalg.vis_pseudonymer %}")
    b.p(
        "Deltakermapper i utvalget: {{ utvalg.pseudonymer|join(', ') }}",
        "Deltakarmapper i utvalet: {{ utvalg.pseudonymer|join(', ') }}",
    )
    b.tag("{%p endif %}")
    b.tag("{%p endif %}")

    b.h(1, "4 Tema og avgrensning", "4 Tema og avgrensing")
    b.p(
        "Tilsynet gjelder temaet «{{ tilsyn.tema }}». {{ kontor.kort }} har kontrollert om "
        "kommunens praksis oppfyller kravene i kapittel 5. Tilsynet er avgrenset til disse "
        "kravene. Kontrollspørsmålene er, med punktet i kapittel 5 der de er vurdert:",
        "Tilsynet gjeld temaet «{{ tilsyn.tema }}». {{ kontor.kort }} har kontrollert om "
        "praksisen til kommunen oppfyller krava i kapittel 5. Tilsynet er avgrensa til desse "
        "krava. Kontrollspørsmåla er, med punktet i kapittel 5 der dei er vurderte:",
    )
    b.table(
        [("Punkt", "Punkt"), ("Kontrollspørsmål", "Kontrollspørsmål")],
        "q in kontrollsporsmal",
        ["{{ q.punkt }}", "{{ q.sporsmal }}"],
        [2, 14],
    )
    b.tag("{%p if funn.avgrenset %}")
    b.p(
        "Disse kravene i tilsynstemaet er ikke del av dette tilsynet, og rapporten tar ikke "
        "stilling til dem:",
        "Desse krava i tilsynstemaet er ikkje del av dette tilsynet, og rapporten tek ikkje "
        "stilling til dei:",
        keep=True,
    )
    b.tag("{%p for a in funn.avgrenset %}")
    b.bullet("{{ a.tittel }}: {{ a.begrunnelse }}")
    b.tag("{%p endfor %}")
    b.tag("{%p endif %}")

    b.h(
        1,
        "5 Kommunens praksis, {{ kontor.genitiv }} vurdering og konklusjon",
        "5 Praksisen til kommunen, vurderinga og konklusjonen til {{ kontor.kort }}",
    )
    b.tag("{%p for k in krav %}")
    b.h(2, "{{ k.punkt }} {{ k.tittel }}")
    b.label("Lovkrav:", "Lovkrav:", "{{ k.krav }}")
    b.label("Hjemmel:", "Heimel:", "{{ k.hjemmel }}")
    b.table(
        [("Kontrollspørsmål", "Kontrollspørsmål"), ("Resultat", "Resultat")],
        "q in k.sporsmal",
        ["{{ q.sporsmal }}", "{{ q.resultat }}"],
        [10, 6],
    )
    b.h(3, "Beskrivelse av kommunens praksis", "Skildring av praksisen til kommunen")
    b.p("{{ k.praksis }}")
    b.h(3, "{{ kontor.genitiv }} vurdering", "{{ kontor.kort }} si vurdering")
    b.p("{{ k.vurdering }}")
    b.h(3, "{{ kontor.genitiv }} konklusjon", "{{ kontor.kort }} sin konklusjon")
    b.p("{{ k.konklusjon }}")
    b.label(
        "Resultat:",
        "Resultat:",
        "{{ k.resultat }}",
    )
    b.tag("{%p endfor %}")

    b.h(1, "6 Lovbrudd og merknader", "6 Lovbrot og merknader")
    b.tag("{%p if funn.har_lovbrudd %}")
    b.tag("{%p for l in lovbrudd %}")
    b.h(3, "Lovbrudd {{ l.nr }}: {{ l.tittel }}", "Lovbrot {{ l.nr }}: {{ l.tittel }}")
    b.p(
        "Kommunens praksis er ikke i samsvar med {{ l.hjemmel }}.",
        "Praksisen til kommunen er ikkje i samsvar med {{ l.hjemmel }}.",
    )
    b.tag("{%p endfor %}")
    b.tag("{%p else %}")
    b.p("{{ kontor.kort }} har ikke funnet lovbrudd.", "{{ kontor.kort }} har ikkje funne lovbrot.")
    b.tag("{%p endif %}")
    b.tag("{%p for r in merknader %}")
    b.h(3, "Merknad {{ r.nr }}: {{ r.tittel }}")
    b.p("{{ r.tekst }}")
    b.tag("{%p endfor %}")

    if not final:
        b.h(
            1,
            "7 Varsel om {% if tilsyn.gammel_kommunelov %}frist for retting og mulig "
            "pålegg{% else %}pålegg{% endif %}",
            "7 Varsel om {% if tilsyn.gammel_kommunelov %}frist for retting og mogleg "
            "pålegg{% else %}pålegg{% endif %}",
        )
        b.tag("{%p if funn.har_lovbrudd %}")
        b.p(
            "Denne foreløpige rapporten er et forhåndsvarsel etter forvaltningsloven § 16.",
            "Denne førebelse rapporten er eit førehandsvarsel etter forvaltningslova § 16.",
        )
        b.tag("{%p if tilsyn.gammel_kommunelov %}")
        b.p(
            "{{ kontor.kort }} varsler at kommunen i den endelige rapporten vil bli bedt om å "
            "sende en plan for hvordan {{ funn.lovbruddene }} skal rettes, og om å rette "
            "{{ funn.dem }} innen en frist. Dersom {{ funn.lovbruddene }} ikke blir rettet, kan "
            "{{ kontor.kort }} gi pålegg om retting etter {{ lov.palegg }}. Korreksjonspunktene "
            "nedenfor sier hva kommunen må rette.",
            "{{ kontor.kort }} varslar at kommunen i den endelege rapporten vil bli beden om å "
            "sende ein plan for korleis {{ funn.lovbruddene }} skal rettast, og om å rette "
            "{{ funn.dem }} innan ein frist. Dersom {{ funn.lovbruddene }} ikkje blir retta, kan "
            "{{ kontor.kort }} gje pålegg om retting etter {{ lov.palegg }}. Korreksjonspunkta "
            "nedanfor seier kva kommunen må rette.",
        )
        violation_points(b)
        b.p(
            "Et pålegg om retting vil være et enkeltvedtak som kommunen kan klage på til "
            "{{ kontor.klageinstans }}, jf. forvaltningsloven § 28.",
            "Eit pålegg om retting vil vere eit enkeltvedtak som kommunen kan klage på til "
            "{{ kontor.klageinstans }}, jf. forvaltningslova § 28.",
        )
        b.p(
            "{{ kontor.kort }} tar sikte på en frist for plan for tiltak på {{ uker.retting }} "
            "uker og en frist for retting på {{ uker.retting * 2 }} uker fra den endelige "
            "rapporten.",
            "{{ kontor.kort }} tek sikte på ein frist for plan for tiltak på {{ uker.retting }} "
            "veker og ein frist for retting på {{ uker.retting * 2 }} veker frå den endelege "
            "rapporten.",
        )
        b.tag("{%p else %}")
        b.p(
            "{{ kontor.kort }} varsler at kommunen vil få pålegg om å rette "
            "{{ funn.lovbruddene }} som er beskrevet ovenfor, jf. {{ lov.palegg }}. "
            "{{ funn.palegget|capitalize }} vil lyde slik:",
            "{{ kontor.kort }} varslar at kommunen vil få pålegg om å rette "
            "{{ funn.lovbruddene }} som er skildra ovanfor, jf. {{ lov.palegg }}. "
            "{{ funn.palegget|capitalize }} vil lyde slik:",
        )
        order_points(b, with_deadline=False)
        b.p(
            "{{ kontor.kort }} tar sikte på en frist for retting på {{ uker.retting }} uker fra "
            "den endelige rapporten. Vedtaket om pålegg vil være et enkeltvedtak som kommunen "
            "kan klage på til {{ kontor.klageinstans }}, jf. forvaltningsloven § 28.",
            "{{ kontor.kort }} tek sikte på ein frist for retting på {{ uker.retting }} veker "
            "frå den endelege rapporten. Vedtaket om pålegg vil vere eit enkeltvedtak som "
            "kommunen kan klage på til {{ kontor.klageinstans }}, jf. forvaltningslova § 28.",
        )
        b.tag("{%p endif %}")
        b.tag("{%p endif %}")
        b.p(
            "Kommunen kan uttale seg om rapporten{% if funn.har_lovbrudd %} og om det som er "
            "varslet{% endif %}. Fristen for uttalelse er {{ frister.uttalelse }}. "
            "{{ kontor.kort }} vurderer uttalelsen før den endelige rapporten blir skrevet.",
            "Kommunen kan uttale seg om rapporten{% if funn.har_lovbrudd %} og om det som er "
            "varsla{% endif %}. Fristen for fråsegn er {{ frister.uttalelse }}. "
            "{{ kontor.kort }} vurderer fråsegna før den endelege rapporten blir skriven.",
        )
        b.h(1, "8 Oppfølging og avslutning av tilsynet")
        b.p(
            "Etter fristen for uttalelse skriver {{ kontor.kort }} endelig rapport. Lovbrudd "
            "som står ved lag, blir fulgt opp til de er rettet, og tilsynet blir avsluttet når "
            "kommunen har sannsynliggjort at lovbruddene er rettet.",
            "Etter fristen for fråsegn skriv {{ kontor.kort }} endeleg rapport. Lovbrot som "
            "står ved lag, blir følgde opp til dei er retta, og tilsynet blir avslutta når "
            "kommunen har sannsynleggjort at lovbrota er retta.",
        )
    else:
        b.h(
            1,
            "7 Kommunens uttalelse{% if uttalelser %} og vår vurdering{% endif %}",
            "7 Fråsegna frå kommunen{% if uttalelser %} og vår vurdering{% endif %}",
        )
        b.tag("{%p if uttalelser %}")
        b.p(
            "Kommunen har uttalt seg om den foreløpige rapporten{% if datoer.uttalelse %} i "
            "brev mottatt {{ datoer.uttalelse }}{% endif %}. Uttalelsene og {{ kontor.genitiv }} "
            "vurdering av dem er gjengitt nedenfor.",
            "Kommunen har uttalt seg om den førebelse rapporten{% if datoer.uttalelse %} i brev "
            "motteke {{ datoer.uttalelse }}{% endif %}. Fråsegnene og vurderinga til "
            "{{ kontor.kort }} er attgjevne nedanfor.",
        )
        b.tag("{%p for u in uttalelser %}")
        b.h(
            3,
            "{% if u.krav_ref %}{{ u.punkt }} {{ u.krav_tittel }}{% else %}"
            + b.t("Generell uttalelse", "Generell fråsegn")
            + "{% endif %}",
        )
        b.label("Kommunens uttalelse:", "Fråsegna frå kommunen:", "{{ u.tekst }}")
        b.label(
            "{{ kontor.genitiv }} vurdering:",
            "Vurderinga til {{ kontor.kort }}:",
            "{{ u.vurdering }}",
        )
        b.tag("{%p endfor %}")
        b.tag("{%p else %}")
        b.p("{{ uttalelse.tekst }}")
        b.tag("{%p endif %}")

        b.h(
            1,
            "8 {% if not funn.har_lovbrudd %}Pålegg om retting{% elif tilsyn.gammel_kommunelov %}"
            "Frist for plan for tiltak og for retting{% else %}Vedtak om pålegg{% endif %}",
        )
        b.tag("{%p if funn.har_lovbrudd %}")
        decision_text(b, standalone=False)
        b.tag("{%p else %}")
        b.p(
            "{{ kontor.kort }} har ikke funnet lovbrudd og gir derfor ikke pålegg om retting.",
            "{{ kontor.kort }} har ikkje funne lovbrot og gjev difor ikkje pålegg om retting.",
        )
        b.tag("{%p endif %}")

        b.h(1, "9 Oppfølging og avslutning av tilsynet")
        b.tag("{%p if funn.har_lovbrudd %}")
        b.p(
            "{{ kontor.kort }} vurderer {% if tilsyn.gammel_kommunelov %}planen for tiltak og "
            "{% endif %}tilbakemeldingen fra kommunen om hvordan {{ funn.lovbruddene }} er "
            "rettet. Tilsynet blir avsluttet når {{ kontor.kort }} har vurdert at kommunen har "
            "sannsynliggjort at {{ funn.alle }}{{ funn.lovbruddene }} er rettet. Dersom rettingen "
            "ikke er tilstrekkelig, kan {{ kontor.kort }} sette en ny frist.",
            "{{ kontor.kort }} vurderer {% if tilsyn.gammel_kommunelov %}planen for tiltak og "
            "{% endif %}tilbakemeldinga frå kommunen om korleis {{ funn.lovbruddene }} er "
            "retta. Tilsynet blir avslutta når {{ kontor.kort }} har vurdert at kommunen har "
            "sannsynleggjort at {{ funn.alle }}{{ funn.lovbruddene }} er retta. Dersom rettinga "
            "ikkje er tilstrekkeleg, kan {{ kontor.kort }} setje ein ny frist.",
        )
        b.tag("{%p else %}")
        b.p(
            "Ettersom {{ kontor.kort }} ikke har funnet lovbrudd, er tilsynet avsluttet med "
            "denne rapporten.",
            "Sidan {{ kontor.kort }} ikkje har funne lovbrot, er tilsynet avslutta med denne "
            "rapporten.",
        )
        b.tag("{%p endif %}")
        appeal(b, "10 {bm}")

    b.p("{{ kontor.navn }}, {{ dokument.dato }}", keep=True)
    signatures(b, greeting=False)
    appendices(b)


# --- letters ------------------------------------------------------------------------------


def notice(b: Builder) -> None:
    """Varsel om tilsyn: theme, legal basis, documentation and account, meetings."""
    b.header_footer()
    letterhead(b)
    b.h(1, "Varsel om tilsyn med {{ kommune.navn_kommune }} – {{ tilsyn.tema }}")
    b.p(
        "{{ kontor.kort }} varsler med dette tilsyn med {{ kommune.navn_kommune }}. Tilsynet "
        "gjelder temaet «{{ tilsyn.tema }}», jf. {{ lov.kortnavn }}.",
        "{{ kontor.kort }} varslar med dette tilsyn med {{ kommune.navn_kommune }}. Tilsynet "
        "gjeld temaet «{{ tilsyn.tema }}», jf. {{ lov.kortnavn }}.",
    )
    b.h(2, "Hjemmel for tilsynet", "Heimel for tilsynet")
    b.p(
        "{{ kontor.kort }} fører tilsyn med kommunen etter {{ lov.tilsynshjemmel }}. Reglene "
        "om statlig tilsyn i {{ lov.kommunelov_kapittel }} gjelder. Kommunen skal gi "
        "{{ kontor.kort }} de opplysningene som trengs for tilsynet, uten hinder av "
        "taushetsplikt, jf. {{ lov.innsyn }}. Tilsynet er et lovlighetstilsyn: "
        "{{ kontor.kort }} kontrollerer om kommunens praksis er i samsvar med lovkravene.",
        "{{ kontor.kort }} fører tilsyn med kommunen etter {{ lov.tilsynshjemmel }}. Reglane "
        "om statleg tilsyn i {{ lov.kommunelov_kapittel }} gjeld. Kommunen skal gje "
        "{{ kontor.kort }} dei opplysningane som trengst for tilsynet, utan hinder av "
        "teieplikt, jf. {{ lov.innsyn }}. Tilsynet er eit lovlegheitstilsyn: "
        "{{ kontor.kort }} kontrollerer om praksisen til kommunen er i samsvar med lovkrava.",
    )
    transitional_rule(b)
    b.h(2, "Tema og lovkrav", "Tema og lovkrav")
    b.p("Tilsynet gjelder disse kravene:", "Tilsynet gjeld desse krava:")
    b.tag("{%p for k in krav %}")
    b.bullet("{{ k.tittel }} ({{ k.hjemmel }})")
    b.tag("{%p endfor %}")
    b.h(2, "Dokumentasjon og redegjørelse", "Dokumentasjon og utgreiing")
    b.p(
        "Vi ber kommunen sende følgende innen {{ frister.dokumentasjon }}:",
        "Vi ber kommunen sende følgjande innan {{ frister.dokumentasjon }}:",
        keep=True,
    )
    b.bullet(
        "en redegjørelse for hvordan kommunen arbeider for å oppfylle kravene ovenfor",
        "ei utgreiing om korleis kommunen arbeider for å oppfylle krava ovanfor",
    )
    b.tag("{%p for e in dokumentasjonskrav %}")
    b.bullet("{{ e }}")
    b.tag("{%p endfor %}")
    b.bullet(
        "en oversikt over deltakerne i introduksjonsprogrammet, der hver deltaker bare er "
        "identifisert med et løpenummer",
        "ei oversikt over deltakarane i introduksjonsprogrammet, der kvar deltakar berre "
        "er identifisert med eit løpenummer",
    )
    b.p(
        "{{ kontor.kort }} trekker et utvalg deltakermapper fra oversikten og gir kommunen "
        "beskjed om hvilke mapper som er trukket ut.{% if dokumentasjonskrav_mapper %} For "
        "deltakerne i utvalget vil vi gå gjennom:{% endif %}",
        "{{ kontor.kort }} trekkjer eit utval deltakarmapper frå oversikta og gjev kommunen "
        "beskjed om kva for mapper som er trekte ut.{% if dokumentasjonskrav_mapper %} For "
        "deltakarane i utvalet vil vi gå gjennom:{% endif %}",
        keep=True,
    )
    b.tag("{%p for e in dokumentasjonskrav_mapper %}")
    b.bullet("{{ e }}")
    b.tag("{%p endfor %}")
    b.p(
        "Send ikke fødselsnummer eller andre personopplysninger ut over det vi ber om.",
        "Send ikkje fødselsnummer eller andre personopplysningar utover det vi ber om.",
    )
    b.h(2, "Møter og intervjuer", "Møte og intervju")
    b.tag("{%p if moter %}")
    b.p("Vi foreslår disse møtene:", "Vi føreslår desse møta:")
    b.table(
        [("Møte", "Møte"), ("Dato", "Dato")],
        "mt in moter",
        ["{{ mt.type|capitalize }}", "{{ mt.dato }}"],
        [8, 8],
    )
    b.tag("{%p else %}")
    b.p(
        "{{ kontor.kort }} tar kontakt for å avtale tidspunkt for åpningsmøte og intervjuer.",
        "{{ kontor.kort }} tek kontakt for å avtale tidspunkt for opningsmøte og intervju.",
    )
    b.tag("{%p endif %}")
    b.p(
        "Vi ønsker å intervjue leder for introduksjonsprogrammet, programrådgivere og andre "
        "som arbeider med temaet for tilsynet.",
        "Vi ønskjer å intervjue leiaren for introduksjonsprogrammet, programrådgjevarar og "
        "andre som arbeider med temaet for tilsynet.",
    )
    b.h(2, "Videre saksgang", "Vidare sakshandsaming")
    b.p(
        "Etter gjennomgangen av dokumentasjonen og intervjuene sender {{ kontor.kort }} en "
        "foreløpig rapport. Kommunen får da {{ uker.uttalelse }} uker til å uttale seg før "
        "vi skriver endelig rapport.",
        "Etter gjennomgangen av dokumentasjonen og intervjua sender {{ kontor.kort }} ein "
        "førebels rapport. Kommunen får då {{ uker.uttalelse }} veker til å uttale seg før "
        "vi skriv endeleg rapport.",
    )
    b.p(
        "Tilsynsleder er {{ tilsyn.tilsynsleder }}. Tilsynet blir gjennomført av "
        "{{ tilsyn.team }}.{% if kontor.epost %} Spørsmål om tilsynet kan rettes til "
        "{{ kontor.epost }}.{% endif %}",
        "Tilsynsleiar er {{ tilsyn.tilsynsleder }}. Tilsynet blir gjennomført av "
        "{{ tilsyn.team }}.{% if kontor.epost %} Spørsmål om tilsynet kan rettast til "
        "{{ kontor.epost }}.{% endif %}",
    )
    signatures(b)


def order_letter(b: Builder) -> None:
    """A separate `palegg` document. Under kommuneloven 1992 § 60 d it is the order (a
    decision), given only after the final report's rectification deadline ran out with
    the violation still open. Under kommuneloven 2018 § 30-4 the decision is chapter 8 of
    the final report: the letter only covers the report and says so (one decision, one
    appeal deadline)."""
    b.header_footer()
    letterhead(b)
    b.tag("{%p if dokument.folgebrev %}")
    b.h(
        1,
        "Oversendelse av endelig tilsynsrapport – {{ tilsyn.tema }}",
        "Oversending av endeleg tilsynsrapport – {{ tilsyn.tema }}",
    )
    b.p(
        "Vi sender med dette den endelige tilsynsrapporten av {{ datoer.endelig or "
        "dokument.dato }} om tilsyn med {{ kommune.navn_kommune }}. {{ kontor.kort }} har "
        "funnet {{ funn.lovbrudd_tekst }}:",
        "Vi sender med dette den endelege tilsynsrapporten av {{ datoer.endelig or "
        "dokument.dato }} om tilsyn med {{ kommune.navn_kommune }}. {{ kontor.kort }} har "
        "funne {{ funn.lovbrudd_tekst }}:",
        keep=True,
    )
    b.tag("{%p for l in lovbrudd %}")
    b.bullet("Pålegg {{ l.nr }}: {{ l.tittel }}")
    b.tag("{%p endfor %}")
    b.p(
        "Vedtaket om pålegg om retting står i kapittel 8 i rapporten, med korreksjonspunkter "
        "og frist for retting ({{ frister.retting }}). Vedtaket er truffet i rapporten; dette "
        "brevet er ikke et eget vedtak. Klagefristen på {{ uker.klage }} uker regnes fra "
        "kommunen mottok rapporten. Om klageadgangen, se kapittel 10 i rapporten.",
        "Vedtaket om pålegg om retting står i kapittel 8 i rapporten, med korreksjonspunkt og "
        "frist for retting ({{ frister.retting }}). Vedtaket er gjort i rapporten; dette brevet "
        "er ikkje eit eige vedtak. Klagefristen på {{ uker.klage }} veker blir rekna frå "
        "kommunen fekk rapporten. Om klageretten, sjå kapittel 10 i rapporten.",
    )
    b.tag("{%p else %}")
    b.h(1, "Vedtak om pålegg om retting – {{ tilsyn.tema }}")
    b.p(
        "Vi viser til den endelige tilsynsrapporten av {{ datoer.endelig }} om tilsyn med "
        "{{ kommune.navn_kommune }}. I rapporten fant {{ kontor.kort }} lovbrudd, og kommunen "
        "fikk frist til å rette {{ funn.dem }}.",
        "Vi viser til den endelege tilsynsrapporten av {{ datoer.endelig }} om tilsyn med "
        "{{ kommune.navn_kommune }}. I rapporten fann {{ kontor.kort }} lovbrot, og kommunen "
        "fekk frist til å rette {{ funn.dem }}.",
    )
    b.tag("{%p for l in lovbrudd %}")
    b.p(
        "Lovbrudd {{ l.nr }} ({{ l.tittel }}): fristen for retting gikk ut {{ l.frist_forrige }}"
        ", og kommunen har ikke sannsynliggjort at lovbruddet er rettet (status: "
        "{{ l.status_tekst }}).",
        "Lovbrot {{ l.nr }} ({{ l.tittel }}): fristen for retting gjekk ut {{ l.frist_forrige }}"
        ", og kommunen har ikkje sannsynleggjort at lovbrotet er retta (status: "
        "{{ l.status_tekst }}).",
    )
    b.tag("{%p endfor %}")
    b.p(
        "{{ kontor.kort }} gir derfor pålegg om retting etter {{ lov.palegg }}.",
        "{{ kontor.kort }} gjev difor pålegg om retting etter {{ lov.palegg }}.",
    )
    b.h(2, "Vedtak", "Vedtak")
    decision_text(b, standalone=True)
    appeal(b, "{bm}")
    b.tag("{%p endif %}")
    signatures(b)


def closing_letter(b: Builder) -> None:
    """Avslutning av tilsyn, with or without violations."""
    b.header_footer()
    letterhead(b)
    b.h(
        1,
        "{% if dokument.med_endelig_rapport %}Oversendelse av endelig tilsynsrapport og "
        "avslutning av tilsyn{% else %}Avslutning av tilsyn{% endif %} med "
        "{{ kommune.navn_kommune }} – {{ tilsyn.tema }}",
        "{% if dokument.med_endelig_rapport %}Oversending av endeleg tilsynsrapport og "
        "avslutning av tilsyn{% else %}Avslutning av tilsyn{% endif %} med "
        "{{ kommune.navn_kommune }} – {{ tilsyn.tema }}",
    )
    b.tag("{%p if funn.har_lovbrudd %}")
    b.p(
        "I den endelige tilsynsrapporten{% if datoer.endelig %} av {{ datoer.endelig }}"
        "{% endif %} {% if tilsyn.gammel_kommunelov %}fant {{ kontor.kort }} "
        "{{ funn.lovbrudd_tekst }}, og kommunen fikk frist til å rette {{ funn.dem }}"
        "{% else %}fikk kommunen pålegg om å rette {{ funn.lovbrudd_tekst }}"
        "{% endif %}.{% if datoer.palegg %} Da fristen var ute, ga {{ kontor.kort }} pålegg om "
        "retting {{ datoer.palegg }}.{% endif %} {{ kontor.kort }} har vurdert "
        "tilbakemeldingene fra kommunen og mener at "
        "kommunen har sannsynliggjort at {{ funn.lovbruddene }} er rettet. Grunnlaget for "
        "vurderingen er "
        "gitt nedenfor for hvert lovbrudd.",
        "I den endelege tilsynsrapporten{% if datoer.endelig %} av {{ datoer.endelig }}"
        "{% endif %} {% if tilsyn.gammel_kommunelov %}fann {{ kontor.kort }} "
        "{{ funn.lovbrudd_tekst }}, og kommunen fekk frist til å rette {{ funn.dem }}"
        "{% else %}fekk kommunen pålegg om å rette {{ funn.lovbrudd_tekst }}"
        "{% endif %}.{% if datoer.palegg %} Då fristen var ute, gav {{ kontor.kort }} pålegg om "
        "retting {{ datoer.palegg }}.{% endif %} {{ kontor.kort }} har vurdert "
        "tilbakemeldingane frå kommunen og meiner at "
        "kommunen har sannsynleggjort at {{ funn.lovbruddene }} er retta. Grunnlaget for "
        "vurderinga er gitt "
        "nedanfor for kvart lovbrot.",
    )
    b.tag("{%p for l in lovbrudd %}")
    b.h(
        3,
        "{% if tilsyn.gammel_kommunelov %}Lovbrudd{% else %}Pålegg{% endif %} {{ l.nr }}: "
        "{{ l.tittel }}",
        "{% if tilsyn.gammel_kommunelov %}Lovbrot{% else %}Pålegg{% endif %} {{ l.nr }}: "
        "{{ l.tittel }}",
    )
    b.label("Hjemmel:", "Heimel:", "{{ l.hjemmel }}")
    b.tag("{%p if not tilsyn.gammel_kommunelov %}")
    b.label("Pålegget:", "Pålegget:", "{{ l.palegg }}")
    b.tag("{%p endif %}")
    b.tag("{%p if not l.lukket %}")
    b.label("Status:", "Status:", "{{ l.status_tekst }}")
    b.tag("{%p endif %}")
    b.tag("{%p for f in l.tilbakemeldinger %}")
    b.label(
        "Tilbakemelding fra kommunen {{ f.dato }}:",
        "Tilbakemelding frå kommunen {{ f.dato }}:",
        "{{ f.tekst }}",
    )
    b.tag("{%p endfor %}")
    b.p(
        "Vurdering av korreksjonspunktene:", "Vurdering av korreksjonspunkta:", bold=True, keep=True
    )
    b.table(
        [("Punkt", "Punkt"), ("Korreksjonspunkt", "Korreksjonspunkt"), ("Vurdering", "Vurdering")],
        "kp in l.korreksjonspunkter",
        [
            "{{ kp.nr }}",
            "{{ kp.tekst }}",
            "{{ kp.vurdering|capitalize }}{% if kp.begrunnelse and kp.begrunnelse != l.grunnlag "
            "%}: {{ kp.begrunnelse }}{% endif %}",
        ],
        [1.8, 9.2, 5],
    )
    b.label(
        "Grunnlag for å anse lovbruddet som rettet:",
        "Grunnlag for å rekne lovbrotet som retta:",
        "{{ l.grunnlag }}",
    )
    b.tag("{%p endfor %}")
    b.p(
        "{{ kontor.kort }} avslutter med dette tilsynet.",
        "{{ kontor.kort }} avsluttar med dette tilsynet.",
    )
    b.tag("{%p elif dokument.med_endelig_rapport %}")
    b.p(
        "Vi sender med dette den endelige tilsynsrapporten om tilsynet med "
        "{{ kommune.navn_kommune }}. {{ kontor.kort }} har ikke funnet lovbrudd i tilsynet. "
        "Observasjonene og vurderingene står i den vedlagte rapporten. Konklusjonene bygger på "
        "{{ kilder.tekst }}, og beskriver forholdene slik de var på rapportdatoen.",
        "Vi sender med dette den endelege tilsynsrapporten om tilsynet med "
        "{{ kommune.navn_kommune }}. {{ kontor.kort }} har ikkje funne lovbrot i tilsynet. "
        "Observasjonane og vurderingane står i den vedlagde rapporten. Konklusjonane byggjer "
        "på {{ kilder.tekst }}, og skildrar forholda slik dei var på rapportdatoen.",
    )
    b.p(
        "Tilsynet med {{ kommune.navn_kommune }} er med dette avsluttet.",
        "Tilsynet med {{ kommune.navn_kommune }} er med dette avslutta.",
    )
    b.tag("{%p else %}")
    b.p(
        "{{ kontor.kort }} fant ingen lovbrudd i tilsynet med {{ kommune.navn_kommune }}"
        "{% if datoer.endelig %}, jf. den endelige tilsynsrapporten av {{ datoer.endelig }}"
        "{% endif %}. Tilsynet er derfor avsluttet.",
        "{{ kontor.kort }} fann ingen lovbrot i tilsynet med {{ kommune.navn_kommune }}"
        "{% if datoer.endelig %}, jf. den endelege tilsynsrapporten av {{ datoer.endelig }}"
        "{% endif %}. Tilsynet er difor avslutta.",
    )
    b.tag("{%p endif %}")
    b.tag("{%p if funn.har_merknader %}")
    b.p(
        "Vi minner om {{ funn.merknadene }} i rapporten, som kommunen bør følge opp:",
        "Vi minner om {{ funn.merknadene }} i rapporten, som kommunen bør følgje opp:",
    )
    b.tag("{%p for r in merknader %}")
    b.bullet("Merknad {{ r.nr }} ({{ r.tittel }}): {{ r.tekst }}")
    b.tag("{%p endfor %}")
    b.tag("{%p endif %}")
    b.p(
        "Vi takker kommunen for samarbeidet under tilsynet.",
        "Vi takkar kommunen for samarbeidet under tilsynet.",
    )
    signatures(b)


BUILDERS = {
    "varsel": notice,
    "forelopig": lambda b: report(b, "forelopig"),
    "endelig": lambda b: report(b, "endelig"),
    "palegg": order_letter,
    "avslutning": closing_letter,
}


def build(folder: Path = HERE) -> list[Path]:
    """Write every shipped template into ``folder``; returns the paths."""
    written = []
    for kind in KINDS:
        for malform in MALFORMS:
            b = Builder(malform)
            BUILDERS[kind](b)
            path = folder / f"{kind}_{malform}.docx"
            b.save(path, title=kind)
            written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    for p in build(target):
        print(p)
