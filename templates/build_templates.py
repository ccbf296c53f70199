"""Build the shipped Word templates (templates/<kind>_<malform>.docx).

Run from the repository root:  .venv/bin/python templates/build_templates.py

The .docx files are ordinary Word documents with docxtpl tags: ``{{ variable }}``,
``{%p if … %}`` / ``{%p for … %}`` paragraphs and ``{%tr for … %}`` table rows. An
office can open them in Word, change the letterhead and wording, and save them in its
workspace's ``maler/`` folder under the same name; ``tilsyn mal sjekk FIL`` checks the
result. Every variable is documented in docs/malkontekst.md.

The structure follows domain.md § 4; texts are given once per language form.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.text import WD_BREAK
from docx.shared import Cm, Pt

HERE = Path(__file__).resolve().parent
KINDS = ("varsel", "forelopig", "endelig", "palegg", "avslutning")
MALFORMS = ("bokmal", "nynorsk")


class Builder:
    """A document being built in one language form."""

    def __init__(self, malform: str) -> None:
        self.nn = malform == "nynorsk"
        self.doc = Document()
        style = self.doc.styles["Normal"]
        style.font.name = "Calibri"
        style.font.size = Pt(11)
        section = self.doc.sections[0]
        section.left_margin = section.right_margin = Cm(2.5)

    def t(self, bm: str, nn: str) -> str:
        """The text in this document's language form."""
        return nn if self.nn else bm

    # --- blocks ---
    def h(self, level: int, bm: str, nn: str | None = None) -> None:
        self.doc.add_heading(self.t(bm, nn if nn is not None else bm), level)

    def p(self, bm: str, nn: str | None = None, *, bold: bool = False,
          style: str | None = None) -> None:
        par = self.doc.add_paragraph(style=style)
        run = par.add_run(self.t(bm, nn if nn is not None else bm))
        run.bold = bold

    def label(self, label_bm: str, label_nn: str, value: str) -> None:
        """A paragraph starting with a bold label."""
        par = self.doc.add_paragraph()
        par.add_run(self.t(label_bm, label_nn) + " ").bold = True
        par.add_run(value)

    def tag(self, tag: str) -> None:
        """A paragraph holding only a docxtpl paragraph tag ({%p … %})."""
        self.doc.add_paragraph(tag)

    def bullet(self, bm: str, nn: str | None = None) -> None:
        self.p(bm, nn, style="List Bullet")

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def table(self, headers: list[tuple[str, str]], loop: str, cells: list[str],
              widths: list[float] | None = None) -> None:
        """A table: a header row, then one row per item of ``loop`` ({%tr for %})."""
        tbl = self.doc.add_table(rows=4, cols=len(headers))
        tbl.style = "Table Grid"
        for i, (bm, nn) in enumerate(headers):
            cell = tbl.rows[0].cells[i]
            cell.paragraphs[0].add_run(self.t(bm, nn)).bold = True
        tbl.rows[1].cells[0].text = "{%tr for " + loop + " %}"
        for i, text in enumerate(cells):
            tbl.rows[2].cells[i].text = text
        tbl.rows[3].cells[0].text = "{%tr endfor %}"
        if widths:
            for row in tbl.rows:
                for cell, w in zip(row.cells, widths, strict=False):
                    cell.width = Cm(w)
        self.doc.add_paragraph()

    def facts(self, rows: list[tuple[str, str, str]]) -> None:
        """A two-column table of fixed facts (label, value)."""
        tbl = self.doc.add_table(rows=0, cols=2)
        tbl.style = "Table Grid"
        for bm, nn, value in rows:
            r = tbl.add_row()
            r.cells[0].paragraphs[0].add_run(self.t(bm, nn)).bold = True
            r.cells[1].text = value
            r.cells[0].width = Cm(5)
            r.cells[1].width = Cm(11)
        self.doc.add_paragraph()

    def header_footer(self) -> None:
        section = self.doc.sections[0]
        head = section.header.paragraphs[0]
        head.text = "{{ kontor.navn }} – {{ tilsyn.tittel }}"
        head2 = section.header.add_paragraph(
            self.t("Saksnr. {{ tilsyn.saksnummer }} – {{ dokument.tittel }}",
                   "Saksnr. {{ tilsyn.saksnummer }} – {{ dokument.tittel }}"))
        for par in (head, head2):
            for run in par.runs:
                run.font.size = Pt(8)
        foot = section.footer.paragraphs[0]
        foot.text = ("{{ kontor.navn }} · {{ kontor.adresse }} · {{ kontor.epost }} · "
                     "{{ kontor.telefon }}")
        for run in foot.runs:
            run.font.size = Pt(8)

    def save(self, path: Path, title: str) -> None:
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


# --- shared parts -----------------------------------------------------------------------


def letterhead(b: Builder) -> None:
    """The top of a letter: sender, date, reference and addressee."""
    b.p("{{ kontor.navn }}", bold=True)
    b.p("{{ kontor.avdeling }}")
    b.facts([
        ("Vår dato", "Vår dato", "{{ dokument.dato }}"),
        ("Vår referanse", "Vår referanse", "{{ tilsyn.saksnummer }}"),
        ("Saksbehandler", "Sakshandsamar", "{{ tilsyn.tilsynsleder }}"),
    ])
    b.p("{{ kommune.navn_kommune }}")
    b.p("")


def front_page(b: Builder) -> None:
    """Front page of a report: title, municipality, theme, date, case number, team."""
    b.doc.add_heading("{{ dokument.tittel }}", 0)
    b.p("{{ kommune.navn_kommune }}", bold=True)
    b.p("{{ tilsyn.tema }}")
    b.facts([
        ("Kommune", "Kommune", "{{ kommune.navn_kommune }} ({{ kommune.nummer }})"),
        ("Tema", "Tema", "{{ tilsyn.tema }}"),
        ("Tilsynsmyndighet", "Tilsynsstyresmakt", "{{ kontor.navn }}"),
        ("Rapportdato", "Rapportdato", "{{ dokument.dato }}"),
        ("Saksnummer", "Saksnummer", "{{ tilsyn.saksnummer }}"),
        ("Tilsynsleder", "Tilsynsleiar", "{{ tilsyn.tilsynsleder }}"),
        ("Revisorer", "Revisorar", "{{ tilsyn.revisorer|join(', ') }}"),
    ])
    b.page_break()


def signatures(b: Builder) -> None:
    b.p("")
    b.p("Med hilsen", "Med helsing")
    b.table([("Navn", "Namn"), ("Tittel", "Tittel")], "u in underskrivere",
            ["{{ u.navn }}", "{{ u.tittel }}"], [8, 8])
    b.p("Dokumentet er elektronisk godkjent.", "Dokumentet er elektronisk godkjent.")


def order_points(b: Builder, *, with_deadline: bool, label: tuple[str, str] = ("Pålegg",
                                                                                 "Pålegg")) -> None:
    """For each violation: order text, correction points and deadline (inside a loop)."""
    b.tag("{%p for l in lovbrudd %}")
    b.h(3, label[0] + " {{ l.nr }}: {{ l.tittel }}", label[1] + " {{ l.nr }}: {{ l.tittel }}")
    b.p("{{ l.palegg }}")
    b.p("Korreksjonspunkter:", "Korreksjonspunkt:", bold=True)
    b.tag("{%p for kp in l.korreksjonspunkter %}")
    b.p("{{ kp.nr }} {{ kp.tekst }}")
    b.tag("{%p endfor %}")
    if with_deadline:
        b.label("Frist for retting:", "Frist for retting:", "{{ l.frist }}")
    b.tag("{%p endfor %}")


def decision_text(b: Builder, *, standalone: bool) -> None:
    """The order as a decision (kl. § 30-4), or in a report under the old act (kl. 1992
    § 60 d) a deadline for a plan of measures. A separate order letter is always the order."""
    b.tag("{%p if tilsyn.gammel_kommunelov and dokument.type != 'palegg' %}")
    b.p("Med hjemmel i {{ lov.palegg }} ber {{ kontor.kort }} kommunen sende en plan for "
        "hvordan lovbruddene skal rettes, innen {{ frister.plan }}. Planen skal vise hvilke "
        "tiltak kommunen vil sette i verk, og når. Lovbruddene skal være rettet innen "
        "{{ frister.retting }}. Dersom lovbruddene ikke blir rettet, kan {{ kontor.kort }} gi "
        "pålegg om retting etter {{ lov.palegg }}. Lovbruddene gjelder følgende:",
        "Med heimel i {{ lov.palegg }} ber {{ kontor.kort }} kommunen sende ein plan for "
        "korleis lovbrota skal rettast, innan {{ frister.plan }}. Planen skal vise kva for "
        "tiltak kommunen vil setje i verk, og når. Lovbrota skal vere retta innan "
        "{{ frister.retting }}. Dersom lovbrota ikkje blir retta, kan {{ kontor.kort }} gje "
        "pålegg om retting etter {{ lov.palegg }}. Lovbrota gjeld følgjande:")
    order_points(b, with_deadline=False, label=("Lovbrudd", "Lovbrot"))
    b.tag("{%p else %}")
    b.p("{{ kontor.kort }} har funnet lovbrudd og fatter med hjemmel i {{ lov.palegg }} "
        "følgende vedtak:",
        "{{ kontor.kort }} har funne lovbrot og gjer med heimel i {{ lov.palegg }} "
        "følgjande vedtak:")
    order_points(b, with_deadline=True)
    b.p("Innen fristen skal kommunen sende {{ kontor.kort }} en erklæring om at lovbruddet er "
        "rettet, og en redegjørelse for hvordan det er gjort. {{ kontor.kort }} kan be om "
        "dokumentasjon.",
        "Innan fristen skal kommunen sende {{ kontor.kort }} ei stadfesting av at lovbrotet er "
        "retta, og ei utgreiing om korleis det er gjort. {{ kontor.kort }} kan be om "
        "dokumentasjon.")
    if standalone:
        b.p("Vedtaket er et enkeltvedtak, jf. forvaltningsloven § 2. Begrunnelsen for vedtaket "
            "går fram av den endelige tilsynsrapporten, jf. forvaltningsloven §§ 24 og 25.",
            "Vedtaket er eit enkeltvedtak, jf. forvaltningslova § 2. Grunngjevinga for vedtaket "
            "går fram av den endelege tilsynsrapporten, jf. forvaltningslova §§ 24 og 25.")
    else:
        b.p("Vedtaket er et enkeltvedtak, jf. forvaltningsloven § 2. Begrunnelsen for vedtaket "
            "går fram av kapittel 5 og 6 i rapporten, jf. forvaltningsloven §§ 24 og 25. "
            "Kommunen kan klage på vedtaket, se kapittel 10.",
            "Vedtaket er eit enkeltvedtak, jf. forvaltningslova § 2. Grunngjevinga for vedtaket "
            "går fram av kapittel 5 og 6 i rapporten, jf. forvaltningslova §§ 24 og 25. "
            "Kommunen kan klage på vedtaket, sjå kapittel 10.")
    b.tag("{%p endif %}")


def appeal(b: Builder, heading: str) -> None:
    """Appeal information (forvaltningsloven §§ 27–29)."""
    b.h(1, heading.format(bm="Klageadgang"), heading.format(bm="Klagerett"))
    b.tag("{%p if funn.har_lovbrudd and (not tilsyn.gammel_kommunelov or "
          "dokument.type == 'palegg') %}")
    b.p("Pålegget om retting er et enkeltvedtak som kommunen kan klage på, jf. "
        "forvaltningsloven §§ 28 og 29 og {{ lov.palegg }}. Klagefristen er "
        "{{ uker.klage }} uker fra kommunen mottok vedtaket. Klagen skal være skriftlig, nevne "
        "vedtaket det klages over og den endringen som ønskes, og sendes til "
        "{{ kontor.kort }}. Dersom {{ kontor.kort }} ikke endrer vedtaket, sendes klagen til "
        "klageinstansen for avgjørelse.",
        "Pålegget om retting er eit enkeltvedtak som kommunen kan klage på, jf. "
        "forvaltningslova §§ 28 og 29 og {{ lov.palegg }}. Klagefristen er "
        "{{ uker.klage }} veker frå kommunen fekk vedtaket. Klaga skal vere skriftleg, nemne "
        "vedtaket det blir klaga over og den endringa som er ønskt, og sendast til "
        "{{ kontor.kort }}. Dersom {{ kontor.kort }} ikkje endrar vedtaket, blir klaga send "
        "til klageinstansen for avgjerd.")
    b.p("Kommunen har rett til å se dokumentene i saken, jf. forvaltningsloven §§ 18 og 19. "
        "Kommunen kan be om at gjennomføringen av vedtaket utsettes til klagefristen er ute "
        "eller klagen er avgjort, jf. forvaltningsloven § 42. Informasjonen er gitt etter "
        "forvaltningsloven § 27.",
        "Kommunen har rett til å sjå dokumenta i saka, jf. forvaltningslova §§ 18 og 19. "
        "Kommunen kan be om at gjennomføringa av vedtaket blir utsett til klagefristen er ute "
        "eller klaga er avgjord, jf. forvaltningslova § 42. Informasjonen er gitt etter "
        "forvaltningslova § 27.")
    b.tag("{%p elif funn.har_lovbrudd %}")
    b.p("Fristen for plan for tiltak er ikke et enkeltvedtak og kan ikke påklages. Dersom "
        "{{ kontor.kort }} senere gir pålegg om retting, er pålegget et enkeltvedtak som "
        "kommunen kan klage på innen {{ uker.klage }} uker, jf. forvaltningsloven §§ 28 og 29.",
        "Fristen for plan for tiltak er ikkje eit enkeltvedtak og kan ikkje påklagast. Dersom "
        "{{ kontor.kort }} seinare gjev pålegg om retting, er pålegget eit enkeltvedtak som "
        "kommunen kan klage på innan {{ uker.klage }} veker, jf. forvaltningslova §§ 28 og 29.")
    b.tag("{%p else %}")
    b.p("Rapporten inneholder ikke noe enkeltvedtak, og det er derfor ikke klageadgang.",
        "Rapporten inneheld ikkje noko enkeltvedtak, og det er difor ikkje klagerett.")
    b.tag("{%p endif %}")


def appendices(b: Builder) -> None:
    b.page_break()
    b.h(1, "Vedlegg 1: Oversikt over dokumentasjon")
    b.p("Dokumenter kommunen har sendt inn, og som {{ kontor.kort }} har gått gjennom:",
        "Dokument kommunen har sendt inn, og som {{ kontor.kort }} har gått gjennom:")
    b.table([("Nr.", "Nr."), ("Dokument", "Dokument"), ("Dato", "Dato"), ("Type", "Type")],
            "d in dokumenter", ["{{ d.nr }}", "{{ d.tittel }}", "{{ d.dato }}", "{{ d.type }}"],
            [1.5, 8.5, 3.5, 3])
    b.tag("{%p if utvalg.finnes %}")
    b.p("I tillegg har {{ kontor.kort }} gått gjennom {{ utvalg.tekst }} "
        "(stikkprøve, se kapittel 3).",
        "I tillegg har {{ kontor.kort }} gått gjennom {{ utvalg.tekst }} "
        "(stikkprøve, sjå kapittel 3).")
    b.tag("{%p endif %}")
    b.h(1, "Vedlegg 2: Lovgrunnlaget")
    b.p("Bestemmelsene tilsynet bygger på, med lenke til lovteksten på Lovdata:",
        "Føresegnene tilsynet byggjer på, med lenkje til lovteksten på Lovdata:")
    b.table([("Bestemmelse", "Føresegn"), ("Lovdata", "Lovdata")], "a in vedlegg_lovgrunnlag",
            ["{{ a.sitat }}", "{{ a.url }}"], [7, 9])
    b.tag("{%p for k in krav %}")
    b.label("{{ k.ref }} {{ k.tittel }}:", "{{ k.ref }} {{ k.tittel }}:", "{{ k.hjemmel }}")
    b.tag("{%p endfor %}")


# --- reports ------------------------------------------------------------------------------


def report(b: Builder, kind: str) -> None:
    """The preliminary (forelopig) or final (endelig) report."""
    final = kind == "endelig"
    b.header_footer()
    front_page(b)

    b.h(1, "1 Sammendrag", "1 Samandrag")
    b.p("{{ kontor.kort }} har ført tilsyn med {{ kommune.navn_kommune }} om temaet "
        "«{{ tilsyn.tema }}». Tilsynet ble varslet {{ datoer.varsel }}. {{ kontor.kort }} har "
        "gått gjennom dokumentasjon fra kommunen{% if intervjuer.antall %} og intervjuet "
        "{{ intervjuer.antall }} ansatte{% endif %}{% if utvalg.finnes %}, og har gått gjennom "
        "{{ utvalg.tekst }}{% endif %}.",
        "{{ kontor.kort }} har ført tilsyn med {{ kommune.navn_kommune }} om temaet "
        "«{{ tilsyn.tema }}». Tilsynet vart varsla {{ datoer.varsel }}. {{ kontor.kort }} har "
        "gått gjennom dokumentasjon frå kommunen{% if intervjuer.antall %} og intervjua "
        "{{ intervjuer.antall }} tilsette{% endif %}{% if utvalg.finnes %}, og har gått gjennom "
        "{{ utvalg.tekst }}{% endif %}.")
    b.tag("{%p if funn.har_lovbrudd %}")
    b.p("{{ kontor.kort }} har funnet {{ funn.antall_lovbrudd }} lovbrudd:",
        "{{ kontor.kort }} har funne {{ funn.antall_lovbrudd }} lovbrot:")
    b.tag("{%p for l in lovbrudd %}")
    b.bullet("Lovbrudd {{ l.nr }}: {{ l.tittel }} ({{ l.hjemmel }})",
             "Lovbrot {{ l.nr }}: {{ l.tittel }} ({{ l.hjemmel }})")
    b.tag("{%p endfor %}")
    if final:
        b.tag("{%p if tilsyn.gammel_kommunelov %}")
        b.p("Kommunen skal sende en plan for hvordan lovbruddene skal rettes, innen "
            "{{ frister.plan }}, og lovbruddene skal være rettet innen {{ frister.retting }}.",
            "Kommunen skal sende ein plan for korleis lovbrota skal rettast, innan "
            "{{ frister.plan }}, og lovbrota skal vere retta innan {{ frister.retting }}.")
        b.tag("{%p else %}")
        b.p("Kommunen får pålegg om å rette lovbruddene innen {{ frister.retting }}, se "
            "kapittel 8. Tilsynet blir avsluttet når {{ kontor.kort }} har vurdert at "
            "lovbruddene er rettet.",
            "Kommunen får pålegg om å rette lovbrota innan {{ frister.retting }}, sjå "
            "kapittel 8. Tilsynet blir avslutta når {{ kontor.kort }} har vurdert at "
            "lovbrota er retta.")
        b.tag("{%p endif %}")
    else:
        b.p("Dette er en foreløpig rapport. {{ kontor.kort }} varsler at kommunen vil få "
            "pålegg om å rette lovbruddene, se kapittel 7. Kommunen kan uttale seg innen "
            "{{ frister.uttalelse }}.",
            "Dette er ein førebels rapport. {{ kontor.kort }} varslar at kommunen vil få "
            "pålegg om å rette lovbrota, sjå kapittel 7. Kommunen kan uttale seg innan "
            "{{ frister.uttalelse }}.")
    b.tag("{%p else %}")
    if final:
        b.p("{{ kontor.kort }} har ikke funnet lovbrudd, og tilsynet er avsluttet med denne "
            "rapporten.",
            "{{ kontor.kort }} har ikkje funne lovbrot, og tilsynet er avslutta med denne "
            "rapporten.")
    else:
        b.p("{{ kontor.kort }} har ikke funnet lovbrudd. Kommunen kan uttale seg om "
            "rapporten innen {{ frister.uttalelse }}.",
            "{{ kontor.kort }} har ikkje funne lovbrot. Kommunen kan uttale seg om "
            "rapporten innan {{ frister.uttalelse }}.")
    b.tag("{%p endif %}")
    b.tag("{%p if funn.har_merknader %}")
    b.p("{{ kontor.kort }} har i tillegg {{ funn.antall_merknader }} merknad(er), se "
        "kapittel 6.",
        "{{ kontor.kort }} har i tillegg {{ funn.antall_merknader }} merknad(er), sjå "
        "kapittel 6.")
    b.tag("{%p endif %}")

    b.h(1, "2 Innledning", "2 Innleiing")
    b.h(2, "2.1 Formålet med tilsynet", "2.1 Føremålet med tilsynet")
    b.p("Formålet med statlig tilsyn er å kontrollere at kommunen oppfyller pliktene sine "
        "etter {{ lov.kortnavn }}. Tilsynet er et lovlighetstilsyn: {{ kontor.kort }} "
        "kontrollerer om kommunens praksis er i samsvar med lovkravene, og vurderer ikke "
        "kvaliteten på tjenesten ut over det. Tilsynet skal bidra til at deltakerne i "
        "introduksjonsprogrammet får det de har krav på etter loven.",
        "Føremålet med statleg tilsyn er å kontrollere at kommunen oppfyller pliktene sine "
        "etter {{ lov.kortnavn }}. Tilsynet er eit lovlegheitstilsyn: {{ kontor.kort }} "
        "kontrollerer om praksisen til kommunen er i samsvar med lovkrava, og vurderer ikkje "
        "kvaliteten på tenesta utover det. Tilsynet skal medverke til at deltakarane i "
        "introduksjonsprogrammet får det dei har krav på etter lova.")
    b.h(2, "2.2 Hjemmel for tilsynet", "2.2 Heimel for tilsynet")
    b.p("{{ kontor.kort }} fører tilsyn med kommunen etter {{ lov.tilsynshjemmel }}. Reglene om "
        "statlig tilsyn i {{ lov.kommunelov_kapittel }} gjelder for tilsynet. Kommunen skal "
        "gi {{ kontor.kort }} de opplysningene som trengs for tilsynet, uten hinder av "
        "taushetsplikt. Forvaltningsloven gjelder for tilsynet: den foreløpige rapporten er et "
        "forhåndsvarsel etter forvaltningsloven § 16, og et pålegg om retting er et "
        "enkeltvedtak etter forvaltningsloven § 2 og {{ lov.palegg }}.",
        "{{ kontor.kort }} fører tilsyn med kommunen etter {{ lov.tilsynshjemmel }}. Reglane om "
        "statleg tilsyn i {{ lov.kommunelov_kapittel }} gjeld for tilsynet. Kommunen skal "
        "gje {{ kontor.kort }} dei opplysningane som trengst for tilsynet, utan hinder av "
        "teieplikt. Forvaltningslova gjeld for tilsynet: den førebelse rapporten er eit "
        "førehandsvarsel etter forvaltningslova § 16, og eit pålegg om retting er eit "
        "enkeltvedtak etter forvaltningslova § 2 og {{ lov.palegg }}.")
    b.h(2, "2.3 Begreper", "2.3 Omgrep")
    b.label("Lovbrudd:", "Lovbrot:",
            b.t("Kommunens praksis er ikke i samsvar med et lovkrav. Et lovbrudd fører til "
                "pålegg om retting.",
                "Praksisen til kommunen er ikkje i samsvar med eit lovkrav. Eit lovbrot fører "
                "til pålegg om retting."))
    b.label("Merknad:", "Merknad:",
            b.t("Et forhold som ikke er et lovbrudd, men som {{ kontor.kort }} mener kommunen "
                "bør forbedre, for eksempel mangelfull dokumentasjon eller manglende rutiner. "
                "En merknad fører ikke til pålegg.",
                "Eit forhold som ikkje er eit lovbrot, men som {{ kontor.kort }} meiner kommunen "
                "bør betre, til dømes mangelfull dokumentasjon eller manglande rutinar. "
                "Ein merknad fører ikkje til pålegg."))
    b.label("Pålegg om retting:", "Pålegg om retting:",
            b.t("Vedtak om at kommunen skal rette et lovbrudd innen en frist, jf. "
                "{{ lov.palegg }}. Korreksjonspunktene under hvert pålegg sier hva kommunen "
                "må rette.",
                "Vedtak om at kommunen skal rette eit lovbrot innan ein frist, jf. "
                "{{ lov.palegg }}. Korreksjonspunkta under kvart pålegg seier kva kommunen "
                "må rette."))
    b.h(2, "2.4 Om rapporten", "2.4 Om rapporten")
    b.p("Rapporten bygger på dokumentasjonen og redegjørelsen kommunen har sendt inn, på "
        "intervjuene og på gjennomgangen av deltakermapper, slik det er beskrevet i kapittel "
        "3. Dokumentene er listet opp i vedlegg 1. Konklusjonene bygger bare på disse kildene "
        "og beskriver forholdene slik de var på rapportdatoen, {{ dokument.dato }}. Rapporten "
        "tar ikke stilling til forhold som ikke er omfattet av tilsynet.",
        "Rapporten byggjer på dokumentasjonen og utgreiinga kommunen har sendt inn, på "
        "intervjua og på gjennomgangen av deltakarmapper, slik det er skildra i kapittel 3. "
        "Dokumenta er lista opp i vedlegg 1. Konklusjonane byggjer berre på desse kjeldene og "
        "skildrar forholda slik dei var på rapportdatoen, {{ dokument.dato }}. Rapporten tek "
        "ikkje stilling til forhold som ikkje er omfatta av tilsynet.")

    b.h(1, "3 Gjennomføring", "3 Gjennomføring")
    b.p("Tilsynet ble varslet i brev av {{ datoer.varsel }}. Kommunen ble bedt om å sende "
        "dokumentasjon og en redegjørelse innen {{ frister.dokumentasjon }}{% if "
        "datoer.dokumentasjon %}, og dokumentasjonen ble mottatt {{ datoer.dokumentasjon }}"
        "{% endif %}.",
        "Tilsynet vart varsla i brev av {{ datoer.varsel }}. Kommunen vart beden om å sende "
        "dokumentasjon og ei utgreiing innan {{ frister.dokumentasjon }}{% if "
        "datoer.dokumentasjon %}, og dokumentasjonen kom inn {{ datoer.dokumentasjon }}"
        "{% endif %}.")
    b.tag("{%p if moter %}")
    b.p("Møter i tilsynet:", "Møte i tilsynet:", bold=True)
    b.table([("Møte", "Møte"), ("Dato", "Dato")], "mt in moter",
            ["{{ mt.type }}", "{{ mt.dato }}"], [8, 8])
    b.tag("{%p endif %}")
    b.tag("{%p if intervjuer.antall %}")
    b.p("{{ kontor.kort }} intervjuet {{ intervjuer.antall }} ansatte i kommunen. Intervjuene "
        "er oppgitt etter rolle:",
        "{{ kontor.kort }} intervjua {{ intervjuer.antall }} tilsette i kommunen. Intervjua er "
        "oppgitt etter rolle:")
    b.table([("Rolle", "Rolle"), ("Antall", "Tal"), ("Dato", "Dato")], "r in intervjuer.roller",
            ["{{ r.rolle }}", "{{ r.antall }}", "{{ r.datoer }}"], [8, 2, 6])
    b.tag("{%p endif %}")
    b.p("{{ kontor.kort }} har gått gjennom dokumentene som er listet opp i vedlegg 1.",
        "{{ kontor.kort }} har gått gjennom dokumenta som er lista opp i vedlegg 1.")
    b.tag("{%p if utvalg.finnes %}")
    b.label("Stikkprøve:", "Stikkprøve:",
            b.t("{{ kontor.kort }} har gått gjennom {{ utvalg.tekst }}. {{ utvalg.beskrivelse }} "
                "Deltakerne er bare omtalt med pseudonym, og funnene i mappene er oppgitt samlet "
                "for utvalget.",
                "{{ kontor.kort }} har gått gjennom {{ utvalg.tekst }}. {{ utvalg.beskrivelse }} "
                "Deltakarane er berre omtalte med pseudonym, og funna i mappene er oppgitt samla "
                "for utvalet."))
    b.tag("{%p if utvalg.vis_pseudonymer %}")
    b.p("Deltakermapper i utvalget: {{ utvalg.pseudonymer|join(', ') }}",
        "Deltakarmapper i utvalet: {{ utvalg.pseudonymer|join(', ') }}")
    b.tag("{%p endif %}")
    b.tag("{%p endif %}")

    b.h(1, "4 Tema og avgrensning", "4 Tema og avgrensing")
    b.p("Tilsynet gjelder temaet «{{ tilsyn.tema }}». {{ kontor.kort }} har kontrollert om "
        "kommunens praksis oppfyller kravene i kapittel 5. Tilsynet er avgrenset til disse "
        "kravene. Kontrollspørsmålene er:",
        "Tilsynet gjeld temaet «{{ tilsyn.tema }}». {{ kontor.kort }} har kontrollert om "
        "praksisen til kommunen oppfyller krava i kapittel 5. Tilsynet er avgrensa til desse "
        "krava. Kontrollspørsmåla er:")
    b.table([("Nr.", "Nr."), ("Kontrollspørsmål", "Kontrollspørsmål"), ("Krav", "Krav")],
            "q in kontrollsporsmal", ["{{ q.ref }}", "{{ q.sporsmal }}", "{{ q.krav_ref }}"],
            [2, 12, 2])

    b.h(1, "5 Kommunens praksis, vurdering og konklusjon",
        "5 Kommunen si praksis, vurdering og konklusjon")
    b.tag("{%p for k in krav %}")
    b.h(2, "5.{{ k.nr }} {{ k.ref }} {{ k.tittel }}")
    b.label("Lovkrav:", "Lovkrav:", "{{ k.krav }}")
    b.label("Hjemmel:", "Heimel:", "{{ k.hjemmel }}")
    b.table([("Kontrollspørsmål", "Kontrollspørsmål"), ("Resultat", "Resultat")],
            "q in k.sporsmal", ["{{ q.ref }} {{ q.sporsmal }}", "{{ q.resultat }}"], [11, 5])
    b.h(3, "Beskrivelse av kommunens praksis", "Kommunen si praksis")
    b.p("{{ k.praksis }}")
    b.h(3, "{{ kontor.genitiv }} vurdering", "{{ kontor.kort }} si vurdering")
    b.p("{{ k.vurdering }}")
    b.h(3, "{{ kontor.genitiv }} konklusjon", "{{ kontor.kort }} sin konklusjon")
    b.p("{{ k.konklusjon }}")
    b.label("Resultat:", "Resultat:",
            "{{ k.utfall_tekst }}{% if k.lovbrudd_nr %} (" + b.t("lovbrudd", "lovbrot")
            + " {{ k.lovbrudd_nr }}){% endif %}{% if k.merknad_nr %} (merknad "
            "{{ k.merknad_nr }}){% endif %}")
    b.tag("{%p endfor %}")

    b.h(1, "6 Lovbrudd og merknader", "6 Lovbrot og merknader")
    b.tag("{%p if funn.har_lovbrudd %}")
    b.tag("{%p for l in lovbrudd %}")
    b.h(3, "Lovbrudd {{ l.nr }}: {{ l.tittel }}", "Lovbrot {{ l.nr }}: {{ l.tittel }}")
    b.p("Kommunens praksis er ikke i samsvar med {{ l.hjemmel }}.",
        "Praksisen til kommunen er ikkje i samsvar med {{ l.hjemmel }}.")
    b.tag("{%p endfor %}")
    b.tag("{%p else %}")
    b.p("{{ kontor.kort }} har ikke funnet lovbrudd.", "{{ kontor.kort }} har ikkje funne lovbrot.")
    b.tag("{%p endif %}")
    b.tag("{%p for r in merknader %}")
    b.h(3, "Merknad {{ r.nr }}: {{ r.tittel }}")
    b.p("{{ r.konklusjon }}")
    b.tag("{%p endfor %}")

    if not final:
        b.h(1, "7 Varsel om pålegg", "7 Varsel om pålegg")
        b.tag("{%p if funn.har_lovbrudd %}")
        b.p("Denne foreløpige rapporten er et forhåndsvarsel etter forvaltningsloven § 16.",
            "Denne førebelse rapporten er eit førehandsvarsel etter forvaltningslova § 16.")
        b.tag("{%p if tilsyn.gammel_kommunelov %}")
        b.p("{{ kontor.kort }} varsler at kommunen i den endelige rapporten vil bli bedt om å "
            "lage en plan for hvordan lovbruddene skal rettes, og at kommunen kan få pålegg om "
            "retting etter {{ lov.palegg }} dersom lovbruddene ikke blir rettet. Lovbruddene "
            "gjelder følgende:",
            "{{ kontor.kort }} varslar at kommunen i den endelege rapporten vil bli beden om å "
            "lage ein plan for korleis lovbrota skal rettast, og at kommunen kan få pålegg om "
            "retting etter {{ lov.palegg }} dersom lovbrota ikkje blir retta. Lovbrota gjeld "
            "følgjande:")
        b.tag("{%p else %}")
        b.p("{{ kontor.kort }} varsler at kommunen vil få pålegg om å rette lovbruddene som er "
            "beskrevet ovenfor, jf. {{ lov.palegg }}. Pålegget vil lyde slik:",
            "{{ kontor.kort }} varslar at kommunen vil få pålegg om å rette lovbrota som er "
            "skildra ovanfor, jf. {{ lov.palegg }}. Pålegget vil lyde slik:")
        b.tag("{%p endif %}")
        order_points(b, with_deadline=False)
        b.p("{{ kontor.kort }} tar sikte på en frist for retting på {{ uker.retting }} uker fra "
            "den endelige rapporten.",
            "{{ kontor.kort }} tek sikte på ein frist for retting på {{ uker.retting }} veker "
            "frå den endelege rapporten.")
        b.tag("{%p endif %}")
        b.p("Kommunen kan uttale seg om rapporten{% if funn.har_lovbrudd %} og det varslede "
            "pålegget{% endif %} innen {{ frister.uttalelse }}. {{ kontor.kort }} vurderer "
            "uttalelsen før den endelige rapporten blir skrevet.",
            "Kommunen kan uttale seg om rapporten{% if funn.har_lovbrudd %} og det varsla "
            "pålegget{% endif %} innan {{ frister.uttalelse }}. {{ kontor.kort }} vurderer "
            "fråsegna før den endelege rapporten blir skriven.")
        b.h(1, "8 Oppfølging og avslutning av tilsynet")
        b.p("Etter fristen for uttalelse skriver {{ kontor.kort }} endelig rapport. Lovbrudd "
            "som står ved lag, blir fulgt opp med pålegg om retting, og tilsynet blir avsluttet "
            "når kommunen har sannsynliggjort at lovbruddene er rettet.",
            "Etter fristen for fråsegn skriv {{ kontor.kort }} endeleg rapport. Lovbrot som "
            "står ved lag, blir følgde opp med pålegg om retting, og tilsynet blir avslutta "
            "når kommunen har sannsynleggjort at lovbrota er retta.")
    else:
        b.h(1, "7 Kommunens uttalelse og vår vurdering", "7 Fråsegna frå kommunen og vår "
            "vurdering")
        b.tag("{%p if uttalelser %}")
        b.p("Kommunen har uttalt seg om den foreløpige rapporten{% if datoer.uttalelse %} i "
            "brev mottatt {{ datoer.uttalelse }}{% endif %}. Uttalelsene og {{ kontor.genitiv }} "
            "vurdering av dem er gjengitt nedenfor.",
            "Kommunen har uttalt seg om den førebelse rapporten{% if datoer.uttalelse %} i brev "
            "motteke {{ datoer.uttalelse }}{% endif %}. Fråsegnene og vurderinga til "
            "{{ kontor.kort }} er attgjevne nedanfor.")
        b.tag("{%p for u in uttalelser %}")
        b.h(3, "{% if u.krav_ref %}{{ u.krav_ref }} {{ u.krav_tittel }}{% else %}" +
            b.t("Generell uttalelse", "Generell fråsegn") + "{% endif %}")
        b.label("Kommunens uttalelse:", "Fråsegna frå kommunen:", "{{ u.tekst }}")
        b.label("{{ kontor.genitiv }} vurdering:", "Vurderinga til {{ kontor.kort }}:",
                "{{ u.vurdering }}")
        b.tag("{%p endfor %}")
        b.tag("{%p else %}")
        b.p("Kommunen har ikke hatt merknader til den foreløpige rapporten.",
            "Kommunen har ikkje hatt merknader til den førebelse rapporten.")
        b.tag("{%p endif %}")

        b.h(1, "8 {% if tilsyn.gammel_kommunelov %}Frist for plan for tiltak{% else %}"
            "Vedtak om pålegg{% endif %}")
        b.tag("{%p if funn.har_lovbrudd %}")
        decision_text(b, standalone=False)
        b.tag("{%p else %}")
        b.p("{{ kontor.kort }} har ikke funnet lovbrudd og gir derfor ikke pålegg om retting.",
            "{{ kontor.kort }} har ikkje funne lovbrot og gjev difor ikkje pålegg om retting.")
        b.tag("{%p endif %}")

        b.h(1, "9 Oppfølging og avslutning av tilsynet")
        b.tag("{%p if funn.har_lovbrudd %}")
        b.p("{{ kontor.kort }} vurderer tilbakemeldingen fra kommunen. Tilsynet blir avsluttet "
            "når {{ kontor.kort }} har vurdert at kommunen har sannsynliggjort at alle "
            "lovbruddene er rettet. Dersom rettingen ikke er tilstrekkelig, kan "
            "{{ kontor.kort }} sette en ny frist.",
            "{{ kontor.kort }} vurderer tilbakemeldinga frå kommunen. Tilsynet blir avslutta "
            "når {{ kontor.kort }} har vurdert at kommunen har sannsynleggjort at alle lovbrota "
            "er retta. Dersom rettinga ikkje er tilstrekkeleg, kan {{ kontor.kort }} setje ein "
            "ny frist.")
        b.tag("{%p else %}")
        b.p("Ettersom {{ kontor.kort }} ikke har funnet lovbrudd, er tilsynet avsluttet med "
            "denne rapporten.",
            "Sidan {{ kontor.kort }} ikkje har funne lovbrot, er tilsynet avslutta med denne "
            "rapporten.")
        b.tag("{%p endif %}")
        appeal(b, "10 {bm}")

    b.p("{{ dokument.dato }}")
    b.p("{{ kontor.navn }}")
    signatures(b)
    appendices(b)


# --- letters ------------------------------------------------------------------------------


def notice(b: Builder) -> None:
    """Varsel om tilsyn: theme, legal basis, documentation and account, meetings."""
    b.header_footer()
    letterhead(b)
    b.h(1, "Varsel om tilsyn med {{ kommune.navn_kommune }} – {{ tilsyn.tema }}")
    b.p("{{ kontor.kort }} varsler med dette tilsyn med {{ kommune.navn_kommune }}. Tilsynet "
        "gjelder temaet «{{ tilsyn.tema }}», jf. {{ lov.kortnavn }}.",
        "{{ kontor.kort }} varslar med dette tilsyn med {{ kommune.navn_kommune }}. Tilsynet "
        "gjeld temaet «{{ tilsyn.tema }}», jf. {{ lov.kortnavn }}.")
    b.h(2, "Hjemmel for tilsynet", "Heimel for tilsynet")
    b.p("{{ kontor.kort }} fører tilsyn med kommunen etter {{ lov.tilsynshjemmel }}. Reglene "
        "om statlig tilsyn i {{ lov.kommunelov_kapittel }} gjelder. Kommunen skal gi "
        "{{ kontor.kort }} de opplysningene som trengs for tilsynet, uten hinder av "
        "taushetsplikt. Tilsynet er et lovlighetstilsyn: {{ kontor.kort }} kontrollerer om "
        "kommunens praksis er i samsvar med lovkravene.",
        "{{ kontor.kort }} fører tilsyn med kommunen etter {{ lov.tilsynshjemmel }}. Reglane "
        "om statleg tilsyn i {{ lov.kommunelov_kapittel }} gjeld. Kommunen skal gje "
        "{{ kontor.kort }} dei opplysningane som trengst for tilsynet, utan hinder av "
        "teieplikt. Tilsynet er eit lovlegheitstilsyn: {{ kontor.kort }} kontrollerer om "
        "praksisen til kommunen er i samsvar med lovkrava.")
    b.h(2, "Tema og lovkrav", "Tema og lovkrav")
    b.p("Tilsynet gjelder disse kravene:", "Tilsynet gjeld desse krava:")
    b.tag("{%p for k in krav %}")
    b.bullet("{{ k.ref }} {{ k.tittel }} ({{ k.hjemmel }})")
    b.tag("{%p endfor %}")
    b.h(2, "Dokumentasjon og redegjørelse", "Dokumentasjon og utgreiing")
    b.p("Vi ber kommunen sende følgende dokumentasjon innen {{ frister.dokumentasjon }}:",
        "Vi ber kommunen sende følgjande dokumentasjon innan {{ frister.dokumentasjon }}:")
    b.tag("{%p for e in dokumentasjonskrav %}")
    b.bullet("{{ e }}")
    b.tag("{%p endfor %}")
    b.p("Vi ber også om en redegjørelse for hvordan kommunen arbeider for å oppfylle kravene "
        "ovenfor, og om en oversikt over deltakerne i introduksjonsprogrammet der hver "
        "deltaker bare er identifisert med et løpenummer. {{ kontor.kort }} trekker et utvalg "
        "deltakermapper fra oversikten. Send ikke fødselsnummer eller andre personopplysninger "
        "ut over det vi ber om.",
        "Vi ber òg om ei utgreiing om korleis kommunen arbeider for å oppfylle krava ovanfor, "
        "og om ei oversikt over deltakarane i introduksjonsprogrammet der kvar deltakar berre "
        "er identifisert med eit løpenummer. {{ kontor.kort }} trekkjer eit utval "
        "deltakarmapper frå oversikta. Send ikkje fødselsnummer eller andre personopplysningar "
        "utover det vi ber om.")
    b.h(2, "Møter og intervjuer", "Møte og intervju")
    b.tag("{%p if moter %}")
    b.p("Vi foreslår disse møtene:", "Vi føreslår desse møta:")
    b.table([("Møte", "Møte"), ("Dato", "Dato")], "mt in moter",
            ["{{ mt.type }}", "{{ mt.dato }}"], [8, 8])
    b.tag("{%p else %}")
    b.p("{{ kontor.kort }} tar kontakt for å avtale tidspunkt for åpningsmøte og intervjuer.",
        "{{ kontor.kort }} tek kontakt for å avtale tidspunkt for opningsmøte og intervju.")
    b.tag("{%p endif %}")
    b.p("Vi ønsker å intervjue leder for introduksjonsprogrammet, programrådgivere og andre "
        "som arbeider med temaet for tilsynet.",
        "Vi ønskjer å intervjue leiaren for introduksjonsprogrammet, programrådgivarar og andre "
        "som arbeider med temaet for tilsynet.")
    b.h(2, "Videre saksgang", "Vidare sakshandsaming")
    b.p("Etter gjennomgangen av dokumentasjonen og intervjuene sender {{ kontor.kort }} en "
        "foreløpig rapport. Kommunen får da {{ uker.uttalelse }} uker til å uttale seg før "
        "vi skriver endelig rapport.",
        "Etter gjennomgangen av dokumentasjonen og intervjua sender {{ kontor.kort }} ein "
        "førebels rapport. Kommunen får då {{ uker.uttalelse }} veker til å uttale seg før "
        "vi skriv endeleg rapport.")
    b.p("Tilsynsleder er {{ tilsyn.tilsynsleder }}. Tilsynet blir gjennomført av "
        "{{ tilsyn.team }}. Spørsmål om tilsynet kan rettes til {{ kontor.epost }}.",
        "Tilsynsleiar er {{ tilsyn.tilsynsleder }}. Tilsynet blir gjennomført av "
        "{{ tilsyn.team }}. Spørsmål om tilsynet kan rettast til {{ kontor.epost }}.")
    signatures(b)


def order_letter(b: Builder) -> None:
    """A separate order letter (vedtak om pålegg om retting)."""
    b.header_footer()
    letterhead(b)
    b.h(1, "Vedtak om pålegg om retting – {{ tilsyn.tema }}")
    b.p("Vi viser til den endelige tilsynsrapporten{% if datoer.endelig %} av "
        "{{ datoer.endelig }}{% endif %} om tilsyn med {{ kommune.navn_kommune }}. "
        "{{ kontor.kort }} fant {{ funn.antall_lovbrudd }} lovbrudd.",
        "Vi viser til den endelege tilsynsrapporten{% if datoer.endelig %} av "
        "{{ datoer.endelig }}{% endif %} om tilsyn med {{ kommune.navn_kommune }}. "
        "{{ kontor.kort }} fann {{ funn.antall_lovbrudd }} lovbrot.")
    b.h(2, "Vedtak", "Vedtak")
    decision_text(b, standalone=True)
    appeal(b, "{bm}")
    signatures(b)


def closing_letter(b: Builder) -> None:
    """Avslutning av tilsyn, with or without violations."""
    b.header_footer()
    letterhead(b)
    b.h(1, "Avslutning av tilsyn med {{ kommune.navn_kommune }} – {{ tilsyn.tema }}")
    b.tag("{%p if funn.har_lovbrudd %}")
    b.p("I den endelige tilsynsrapporten{% if datoer.endelig %} av {{ datoer.endelig }}"
        "{% endif %} fikk kommunen pålegg om å rette {{ funn.antall_lovbrudd }} lovbrudd. "
        "{{ kontor.kort }} har vurdert tilbakemeldingene fra kommunen og mener at kommunen har "
        "sannsynliggjort at lovbruddene er rettet. Grunnlaget for vurderingen er gitt nedenfor "
        "for hvert pålegg.",
        "I den endelege tilsynsrapporten{% if datoer.endelig %} av {{ datoer.endelig }}"
        "{% endif %} fekk kommunen pålegg om å rette {{ funn.antall_lovbrudd }} lovbrot. "
        "{{ kontor.kort }} har vurdert tilbakemeldingane frå kommunen og meiner at kommunen har "
        "sannsynleggjort at lovbrota er retta. Grunnlaget for vurderinga er gitt nedanfor for "
        "kvart pålegg.")
    b.tag("{%p for l in lovbrudd %}")
    b.h(3, "Pålegg {{ l.nr }}: {{ l.tittel }}")
    b.p("{{ l.palegg }}")
    b.label("Status:", "Status:", "{{ l.status_tekst }}{% if l.lukket_dato %} "
            "({{ l.lukket_dato }}){% endif %}")
    b.tag("{%p for f in l.tilbakemeldinger %}")
    b.label("Tilbakemelding {{ f.dato }}:", "Tilbakemelding {{ f.dato }}:", "{{ f.tekst }}")
    b.tag("{%p endfor %}")
    b.table([("Punkt", "Punkt"), ("Korreksjonspunkt", "Korreksjonspunkt"),
             ("Vurdering", "Vurdering"), ("Begrunnelse", "Grunngjeving")],
            "kp in l.korreksjonspunkter",
            ["{{ kp.nr }}", "{{ kp.tekst }}", "{{ kp.vurdering }}", "{{ kp.begrunnelse }}"],
            [1.5, 6.5, 3, 5])
    b.label("Grunnlag for å anse lovbruddet som rettet:",
            "Grunnlag for å rekne lovbrotet som retta:", "{{ l.grunnlag }}")
    b.tag("{%p endfor %}")
    b.p("{{ kontor.kort }} avslutter med dette tilsynet.",
        "{{ kontor.kort }} avsluttar med dette tilsynet.")
    b.tag("{%p else %}")
    b.p("{{ kontor.kort }} fant ingen lovbrudd i tilsynet med {{ kommune.navn_kommune }}"
        "{% if datoer.endelig %}, jf. den endelige tilsynsrapporten av {{ datoer.endelig }}"
        "{% endif %}. Tilsynet er derfor avsluttet.",
        "{{ kontor.kort }} fann ingen lovbrot i tilsynet med {{ kommune.navn_kommune }}"
        "{% if datoer.endelig %}, jf. den endelege tilsynsrapporten av {{ datoer.endelig }}"
        "{% endif %}. Tilsynet er difor avslutta.")
    b.tag("{%p endif %}")
    b.tag("{%p if funn.har_merknader %}")
    b.p("Vi minner om merknadene i rapporten, som kommunen bør følge opp:",
        "Vi minner om merknadene i rapporten, som kommunen bør følgje opp:")
    b.tag("{%p for r in merknader %}")
    b.bullet("Merknad {{ r.nr }}: {{ r.tittel }}")
    b.tag("{%p endfor %}")
    b.tag("{%p endif %}")
    b.p("Vi takker kommunen for samarbeidet under tilsynet.",
        "Vi takkar kommunen for samarbeidet under tilsynet.")
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
