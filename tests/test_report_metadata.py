"""Metadata of the Word output, read back from the .docx zip: the language on the style
defaults, every style and every run (nb-NO / nn-NO, not the template's en-US), the core
properties (title, author = the office, created/modified = when it was made), and no
template thumbnail."""

from __future__ import annotations

import re
import zipfile
from datetime import UTC, date, datetime, timedelta

import pytest
from document_sets import ALL_KINDS
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
DC = "{http://purl.org/dc/elements/1.1/}"
DCTERMS = "{http://purl.org/dc/terms/}"


def _xml(z: zipfile.ZipFile, name: str):
    return etree.fromstring(z.read(name))


def _languages(z: zipfile.ZipFile) -> dict[str, list[str | None]]:
    """Part → the w:lang/@w:val of every run (document, headers, footers), every style
    and the style defaults."""
    out: dict[str, list[str | None]] = {}
    for name in z.namelist():
        if re.match(r"^word/(document|header\d*|footer\d*)\.xml$", name):
            root = _xml(z, name)
            out[name] = [
                (
                    r.find(f"{W}rPr/{W}lang").get(f"{W}val")
                    if r.find(f"{W}rPr/{W}lang") is not None
                    else None
                )
                for r in root.iter(f"{W}r")
            ]
    for name in ("word/styles.xml", "word/stylesWithEffects.xml"):
        if name not in z.namelist():
            continue
        root = _xml(z, name)
        default = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
        values = [default.get(f"{W}val") if default is not None else None]
        for style in root.iter(f"{W}style"):
            if style.get(f"{W}type") == "numbering":
                continue
            lang = style.find(f"{W}rPr/{W}lang")
            values.append(lang.get(f"{W}val") if lang is not None else None)
        out[name] = values
    return out


@pytest.mark.parametrize("malform", ["nynorsk", "bokmal"])
@pytest.mark.parametrize("kind", ALL_KINDS)
def test_language_properties_and_no_thumbnail(document_sets, kind, malform):
    docs = document_sets(malform)
    tag = "nn-NO" if malform == "nynorsk" else "nb-NO"
    path = docs.documents[kind]
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        langs = _languages(z)
        assert langs["word/document.xml"], "no runs read"
        for part, values in langs.items():
            assert set(values) == {tag}, (part, sorted(set(map(str, values))))
        settings = _xml(z, "word/settings.xml").find(f"{W}themeFontLang")
        assert settings is None or settings.get(f"{W}val") == tag

        assert not [n for n in names if "thumbnail" in n]
        assert "thumbnail" not in z.read("_rels/.rels").decode()
        assert "image/jpeg" not in z.read("[Content_Types].xml").decode() or any(
            n.startswith("word/media/") and n.endswith((".jpeg", ".jpg")) for n in names
        )

        core = _xml(z, "docProps/core.xml")
        created = core.findtext(f"{DCTERMS}created")
        modified = core.findtext(f"{DCTERMS}modified")
        made = datetime.strptime(created, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        assert datetime.now(UTC) - made < timedelta(hours=1), created  # not 2013 (template)
        assert modified == created
        author = core.findtext(f"{DC}creator")
        assert author and author == core.findtext(f"{CP}lastModifiedBy")
        assert core.findtext(f"{DC}title")
        assert core.findtext(f"{DC}language") == tag
        assert "python-docx" not in z.read("docProps/core.xml").decode()


def test_formal_documents_are_authored_by_the_office(document_sets):
    from docx import Document

    docs = document_sets("nynorsk")
    props = Document(str(docs.documents["endelig"])).core_properties
    assert props.author == docs.office
    assert props.title == "Endeleg tilsynsrapport – Bygland kommune"
    assert props.comments.startswith("Laga med tilsyn frå sjekklista individuell-plan")
    assert props.revision == 1


def test_an_offices_template_in_word_is_retagged(session, scored_audit, workspace):
    """A template saved by Word in en-US (runs and styles) comes out as nb-NO."""
    from docx import Document

    from tilsyn.app.documents import produce_document
    from tilsyn.resources import templates_dir

    own = workspace.templates_dir
    own.mkdir(parents=True, exist_ok=True)
    doc = Document(str(templates_dir() / "varsel_bokmal.docx"))
    for p in doc.paragraphs[:5]:
        for run in p.runs:
            lang = etree.SubElement(run._r.get_or_add_rPr(), f"{W}lang")
            lang.set(f"{W}val", "en-US")
    doc.save(str(own / "varsel_bokmal.docx"))
    r = produce_document(session, scored_audit, "varsel", report_date=date(2017, 3, 1))
    with zipfile.ZipFile(r.path) as z:
        for part, values in _languages(z).items():
            assert set(values) == {"nb-NO"}, part
