"""Safe rendering of docxtpl templates.

Every template is rendered in a sandboxed Jinja environment with autoescape and
StrictUndefined (see pitfalls.md, docxtpl): text an auditor typed appears exactly as
typed, ``{{ 7*7 }}`` in a value stays literal, a template cannot reach Python internals,
and a misspelt variable is an error rather than an empty string. Every string in the
context is cleaned (Word line breaks, XML-illegal characters) and scanned for
fødselsnummer/D-nummer before anything is written; the file is written atomically.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tilsyn.errors import TilsynError
from tilsyn.files import OutputRules, write_bytes
from tilsyn.idnumber import find_identity_numbers
from tilsyn.text import clean_text

if TYPE_CHECKING:
    from docxtpl import DocxTemplate


# --- the context: cleaning and scanning -------------------------------------------------


def clean_context(value: Any) -> Any:
    """A copy of ``value`` with every string cleaned (dicts, lists, tuples, dataclasses)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, Mapping):
        return {str(k): clean_context(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: clean_context(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple | set | frozenset):
        return [clean_context(v) for v in value]
    return value


def _label(item: Any, index: int) -> str:
    """How a list element is named in a message: its ref (B1) or number, else its position."""
    if isinstance(item, Mapping):
        for key in ("ref", "nr"):
            if item.get(key) not in (None, ""):
                return str(item[key])
    return f"nr. {index + 1}"


def iter_strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every string in a (cleaned) context with its place: ``krav B1 › praksis``."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, Mapping):
        for k, v in value.items():
            yield from iter_strings(v, f"{path} › {k}" if path else str(k))
    elif isinstance(value, list | tuple):
        for i, v in enumerate(value):
            yield from iter_strings(v, f"{path} {_label(v, i)}" if path else _label(v, i))


def refuse_personal_data(context: Mapping[str, Any], *, what: str) -> None:
    """Raise PersonalDataError naming the field if any string holds an identity number."""
    from tilsyn.errors import PersonalDataError

    for where, text in iter_strings(context):
        found = find_identity_numbers(text)
        if found:
            raise PersonalDataError(
                f"{what}: feltet «{where}» inneholder det som ser ut som et fødselsnummer "
                f"eller D-nummer ({found[0]}). Deltakere skal bare identifiseres med pseudonym; "
                "rett teksten i tilsynet og lag dokumentet på nytt. Ingen fil ble skrevet."
            )


# --- rendering --------------------------------------------------------------------------


MAX_OPERATIONS = 2_000_000
"""The most counted operations (calls, attribute look-ups, loop steps over ``range``,
values written) one document's rendering may take; the shipped reports take a few
thousand."""
MAX_SECONDS = 20.0
"""The longest one document's rendering may take (the shipped reports take 0.1 s)."""
MAX_OUTPUT_CHARS = 20_000_000
"""The most characters the values written into one document may add up to."""
MAX_ARGUMENT = 1_000_000
"""The largest number a template may pass to a function or filter (a width, a count)."""


class TemplateBudgetError(Exception):
    """A template that would run too long or grow too large (a loop over range(100000)
    inside another, ``"x" * 10**9``); rendering stops with a message."""


def jinja_env() -> Any:
    """The sandboxed, autoescaping, strict Jinja environment every template renders in.

    Rendering is bounded (:data:`MAX_OPERATIONS`, :data:`MAX_SECONDS`,
    :data:`MAX_OUTPUT_CHARS`): an office's own template cannot hang the tool or fill the
    memory. ``{% include %}``, ``{% import %}`` and ``{% extends %}`` are refused (a
    template is one file).
    """
    import time

    from jinja2 import BaseLoader, StrictUndefined, TemplateError
    from jinja2.sandbox import SandboxedEnvironment, safe_range

    class NoLoader(BaseLoader):
        def get_source(self, environment: Any, template: str) -> Any:
            raise TemplateError(
                f"{{% include %}}, {{% import %}} og {{% extends %}} er ikke tillatt i en mal "
                f"(malen prøver å hente «{template}»); en mal må være én fil"
            )

    class BoundedEnvironment(SandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**", "+"})

        def __init__(self) -> None:
            super().__init__(
                autoescape=True,
                undefined=StrictUndefined,
                loader=NoLoader(),
                finalize=self._written,
            )
            self.operations = 0
            self.output = 0
            self.started = time.monotonic()
            self.globals.pop("lipsum", None)
            self.globals["range"] = self._range
            # Filters and tests are called directly, not through call(): guard them too.
            self.filters = {name: self._guarded(f) for name, f in self.filters.items()}
            self.tests = {name: self._guarded(f) for name, f in self.tests.items()}

        def _guarded(self, func: Any) -> Any:
            env = self

            def guarded(*args: Any, **kwargs: Any) -> Any:
                env.tick()
                for value in (*args, *kwargs.values()):
                    env._check_size(value)
                return func(*args, **kwargs)

            if hasattr(func, "jinja_pass_arg"):
                guarded.jinja_pass_arg = func.jinja_pass_arg  # type: ignore[attr-defined]
            return guarded

        def tick(self, n: int = 1) -> None:
            self.operations += n
            if self.operations > MAX_OPERATIONS:
                limit = f"{MAX_OPERATIONS:,}".replace(",", " ")
                raise TemplateBudgetError(
                    f"malen bruker mer enn {limit} operasjoner (løkker i løkker?)"
                )
            if self.operations % 1024 == 0 and time.monotonic() - self.started > MAX_SECONDS:
                raise TemplateBudgetError(f"utfyllingen tok mer enn {MAX_SECONDS:.0f} sekunder")

        def _written(self, value: Any) -> Any:
            self.tick()
            if isinstance(value, str):
                self.output += len(value)
                if self.output > MAX_OUTPUT_CHARS:
                    raise TemplateBudgetError(
                        f"malen skriver mer enn {MAX_OUTPUT_CHARS:,} tegn".replace(",", " ")
                    )
            return value

        def _range(self, *args: int) -> Any:
            self.tick()
            numbers = safe_range(*args)
            env = self

            class Counted:
                def __iter__(self) -> Iterator[int]:
                    for n in numbers:
                        env.tick()
                        yield n

                def __len__(self) -> int:
                    return len(numbers)

            return Counted()

        def _check_size(self, value: Any) -> None:
            if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_ARGUMENT:
                raise TemplateBudgetError(
                    f"malen bruker tallet {value} (høyst {MAX_ARGUMENT:,})".replace(",", " ")
                )

        def call(self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
            self.tick()
            for value in (*args, *kwargs.values()):
                self._check_size(value)
            return super().call(__context, __obj, *args, **kwargs)

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            self.tick()
            if operator == "**":
                self._check_size(left)
                if isinstance(right, int) and right > 64:
                    raise TemplateBudgetError(f"malen regner ut en potens med eksponent {right}")
            if operator == "*":
                for a, b in ((left, right), (right, left)):
                    sized = isinstance(a, str | list | tuple) and isinstance(b, int)
                    if sized and len(a) * b > MAX_OUTPUT_CHARS:
                        raise TemplateBudgetError("malen lager en for lang tekst eller liste")
            result = super().call_binop(context, operator, left, right)
            if isinstance(result, str | list | tuple) and len(result) > MAX_OUTPUT_CHARS:
                raise TemplateBudgetError("malen lager en for lang tekst eller liste")
            return result

        def getattr(self, obj: Any, attribute: str) -> Any:
            self.tick()
            return super().getattr(obj, attribute)

        def getitem(self, obj: Any, argument: Any) -> Any:
            self.tick()
            return super().getitem(obj, argument)

    return BoundedEnvironment()


def render_bounded(tpl: DocxTemplate, context: Mapping[str, Any], template: Path) -> None:
    """Render ``context`` into ``tpl`` in a fresh bounded environment (:func:`jinja_env`).

    Every way a template can fail — syntax, unknown variable, something the sandbox
    forbids, an include, a budget exceeded, an error in an expression (``{{ 1/0 }}``) —
    becomes a :class:`~tilsyn.errors.TilsynError` for the template's author.
    """
    import signal
    import threading

    from jinja2 import TemplateError

    alarm = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    previous: Any = None

    def _expired(signum: int, frame: Any) -> None:
        raise TemplateBudgetError(f"utfyllingen tok mer enn {MAX_SECONDS:.0f} sekunder")

    if alarm:  # also stops a loop that makes no counted operation (empty loops in loops)
        previous = signal.signal(signal.SIGALRM, _expired)
        signal.setitimer(signal.ITIMER_REAL, MAX_SECONDS + 1)
    try:
        tpl.render(dict(context), jinja_env=jinja_env(), autoescape=True)
    except TemplateError as exc:
        raise template_error(Path(template), exc) from None
    except TemplateBudgetError as exc:
        raise TilsynError(
            f"Malen {template} kan ikke fylles ut: {exc}. Utfyllingen ble stoppet; rett malen "
            "(tilsyn mal sjekk viser problemene). Ingen fil ble skrevet."
        ) from None
    except RecursionError:
        raise TilsynError(
            f"Malen {template} kan ikke fylles ut: den er nestet for dypt. Ingen fil ble skrevet."
        ) from None
    except (ArithmeticError, TypeError, ValueError, LookupError, AttributeError) as exc:
        raise TilsynError(
            f"Malen {template} kan ikke fylles ut: et uttrykk i malen feiler "
            f"({type(exc).__name__}: {str(exc)[:200]}). Rett malen (tilsyn mal sjekk). Ingen fil "
            "ble skrevet."
        ) from None
    finally:
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def template_error(template: Path, exc: Exception) -> TilsynError:
    """A Jinja error in a template as a message for the template's author."""
    from jinja2 import TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    context = [line.strip() for line in getattr(exc, "docx_context", None) or [] if line.strip()]
    if isinstance(exc, TemplateSyntaxError):
        msg = f"Malen {template} har en syntaksfeil: {(exc.message or '').rstrip('.')}."
    elif isinstance(exc, UndefinedError):
        msg = (
            f"Malen {template} bruker en variabel som ikke finnes: "
            f"{(exc.message or '').rstrip('.')}. "
            "Se docs/malkontekst.md for alle variabler."
        )
    elif isinstance(exc, SecurityError):
        msg = f"Malen {template} prøver noe som ikke er tillatt i en mal: {str(exc).rstrip('.')}."
    else:
        msg = f"Malen {template} kan ikke fylles ut: {str(exc).rstrip('.')}."
    details = [f"  …{line}…" for line in context][:7]
    if details:
        details.insert(0, "Teksten rundt feilen:")
    return TilsynError(msg, details=details)


def open_template(template: Path) -> DocxTemplate:
    """Open a .docx template or raise TilsynError saying what is wrong with the file."""
    import zipfile

    from docxtpl import DocxTemplate

    template = Path(template)
    if not template.is_file():
        raise TilsynError(f"Finner ikke malen {template}.")
    if not zipfile.is_zipfile(template):
        raise TilsynError(f"{template} er ikke et Word-dokument (.docx).")
    tpl = DocxTemplate(str(template))
    try:
        tpl.init_docx()
    except Exception as exc:  # python-docx raises several kinds for a broken package
        raise TilsynError(f"{template} kan ikke åpnes som Word-dokument: {exc}.") from None
    tpl.__dict__["_tilsyn_template"] = template
    return tpl


def render_document(
    template: Path,
    context: Mapping[str, Any],
    *,
    what: str | None = None,
    logo: Path | None = None,
) -> DocxTemplate:
    """Clean, scan and render ``context`` into ``template``; returns the rendered document.

    ``logo`` (checked with :func:`check_logo`) becomes the template variable ``logo``, an
    image the letterhead shows (``{{ logo }}``); without it ``logo`` is empty text."""
    what = what or f"Dokumentet fra malen {Path(template).name}"
    clean = clean_context(dict(context))
    refuse_personal_data(clean, what=what)
    tpl = open_template(template)
    clean["logo"] = logo_image(tpl, logo) if logo is not None else ""
    render_bounded(tpl, clean, Path(template))
    # The template's own text may carry a number too (an office's sample text).
    for where, text in document_text_parts(tpl.docx):
        found = find_identity_numbers(text)
        if found:
            from tilsyn.errors import PersonalDataError

            raise PersonalDataError(
                f"{what}: {where} inneholder det som ser ut som et fødselsnummer eller "
                f"D-nummer ({found[0]}). Fjern det fra malen. Ingen fil ble skrevet."
            )
    return tpl


# --- the letterhead's logo -----------------------------------------------------------

MAX_LOGO_BYTES = 1_000_000
"""The largest logo file accepted (a letterhead logo is a few tens of kB)."""
MAX_LOGO_PIXELS = 5000
"""The largest width or height of a logo in pixels."""
LOGO_HEIGHT_CM = 1.6
"""The logo's height in the letterhead (narrower when that would make it wider than
:data:`LOGO_WIDTH_CM`)."""
LOGO_WIDTH_CM = 7.0


def check_logo(path: Path, *, setting: str) -> tuple[int, int]:
    """Check the letterhead's logo file and return its size in pixels: it must exist, be a
    PNG or JPEG image (read from its content, not its name) of at most
    :data:`MAX_LOGO_BYTES` and :data:`MAX_LOGO_PIXELS` pixels each way. ``setting`` names
    the setting in messages (WorkspaceError: nothing is written)."""
    from tilsyn.errors import WorkspaceError

    fix = "Rett innstillingen (eller fjern den for brevhode uten logo). Ingen fil ble skrevet."
    path = Path(path)
    if not path.is_file():
        raise WorkspaceError(f"{setting}: finner ikke bildefilen {path}. {fix}")
    size = path.stat().st_size
    if size > MAX_LOGO_BYTES:
        raise WorkspaceError(
            f"{setting}: bildet er {size / 1_000_000:.1f} MB; en logo kan være høyst "
            f"{MAX_LOGO_BYTES // 1_000_000} MB. Lagre det i mindre størrelse. {fix}"
        )
    with open(path, "rb") as f:
        head = f.read(16)
    if not (head.startswith(b"\x89PNG\r\n\x1a\n") or head.startswith(b"\xff\xd8\xff")):
        raise WorkspaceError(
            f"{setting}: {path.name} er ikke et PNG- eller JPEG-bilde. Lagre logoen som PNG "
            f"eller JPEG. {fix}"
        )
    try:
        from docx.image.image import Image

        image = Image.from_file(str(path))
        width, height = image.px_width, image.px_height
    except Exception:  # python-docx raises several kinds for a damaged image
        raise WorkspaceError(
            f"{setting}: {path.name} kan ikke leses som bilde (filen er skadet). {fix}"
        ) from None
    if not (0 < width <= MAX_LOGO_PIXELS and 0 < height <= MAX_LOGO_PIXELS):
        raise WorkspaceError(
            f"{setting}: bildet er {width} × {height} piksler; en logo kan være høyst "
            f"{MAX_LOGO_PIXELS} × {MAX_LOGO_PIXELS}. {fix}"
        )
    return width, height


def logo_image(tpl: DocxTemplate, path: Path) -> Any:
    """The logo as an image for the template (docxtpl ``InlineImage``), scaled to the
    letterhead: :data:`LOGO_HEIGHT_CM` high, or :data:`LOGO_WIDTH_CM` wide if narrower."""
    from docx.shared import Cm
    from docxtpl import InlineImage

    width, height = check_logo(path, setting=str(path))
    if width / height * LOGO_HEIGHT_CM > LOGO_WIDTH_CM:
        return InlineImage(tpl, str(path), width=Cm(LOGO_WIDTH_CM))
    return InlineImage(tpl, str(path), height=Cm(LOGO_HEIGHT_CM))


def set_properties(tpl: DocxTemplate, properties: Mapping[str, str]) -> None:
    """Set document properties after rendering (rendering them would double-escape).

    ``language`` (``nb-NO`` / ``nn-NO``) also becomes the proofing language of every style
    and run when the document is saved (see :func:`finish_document`)."""
    props = tpl.docx.core_properties
    for key, value in properties.items():
        setattr(props, key, clean_text(value)[:255])
    tpl.__dict__.setdefault("_tilsyn_properties", {}).update(properties)


# --- metadata: language, core properties, no template thumbnail -------------------------

LANGUAGES = {"bokmal": "nb-NO", "nynorsk": "nn-NO"}
"""The language tag of a document in each language form (Word's proofing language)."""

_CLEARED = ("subject", "keywords", "comments", "category", "identifier", "content_status")
"""Core properties a template may carry that say nothing about the rendered document."""


def language_tag(tpl: DocxTemplate) -> str:
    """``nn-NO`` or ``nb-NO``: the ``language`` property when set, else from the template's
    name (``…_nynorsk.docx``), else bokmål."""
    given = tpl.__dict__.get("_tilsyn_properties", {}).get("language")
    if given in LANGUAGES.values():
        return given
    template = tpl.__dict__.get("_tilsyn_template")
    if template is not None and Path(template).stem.casefold().endswith("nynorsk"):
        return LANGUAGES["nynorsk"]
    return LANGUAGES["bokmal"]


def _set_lang(rpr: Any, tag: str) -> None:
    """Set ``w:lang/@w:val`` in a run-properties element, in schema order."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        later = {qn(f"w:{n}") for n in ("eastAsianLayout", "specVanish", "oMath", "rPrChange")}
        for child in rpr:
            if child.tag in later:
                child.addprevious(lang)
                break
        else:
            rpr.append(lang)
    lang.set(qn("w:val"), tag)


def _style_languages(root: Any, tag: str) -> None:
    """The document defaults and every paragraph, character and table style of a styles
    part get ``tag``."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    defaults = root.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        root.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    _set_lang(rpr, tag)
    for style in root.iter(qn("w:style")):
        if style.get(qn("w:type")) == "numbering":
            continue
        rpr = style.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            # After the style's name, links and paragraph properties; before table ones.
            later = {qn(f"w:{n}") for n in ("tblPr", "trPr", "tcPr", "tblStylePr")}
            for child in style:
                if child.tag in later:
                    child.addprevious(rpr)
                    break
            else:
                style.append(rpr)
        _set_lang(rpr, tag)


def set_language(doc: Any, tag: str) -> None:
    """Make ``tag`` the language of the document: the style defaults and every style
    (styles.xml and Word 2010's stylesWithEffects.xml), every run of the body, headers,
    footers and notes, and the theme font language in settings.xml. Word otherwise checks
    Norwegian text as English."""
    from docx.oxml.ns import qn

    _style_languages(doc.styles.element, tag)
    settings = doc.settings.element.find(qn("w:themeFontLang"))
    if settings is not None:
        settings.set(qn("w:val"), tag)
    for part in doc.part.package.iter_parts():
        name = str(part.partname)
        element = getattr(part, "_element", None)
        if element is None and name.endswith("stylesWithEffects.xml"):
            from docx.oxml import parse_xml

            element = parse_xml(part.blob)
            _style_languages(element, tag)
            from lxml import etree

            part._blob = etree.tostring(element, xml_declaration=True, encoding="UTF-8")
            continue
        if element is None or not name.startswith("/word/"):
            continue
        stem = name.rsplit("/", 1)[-1]
        if stem.startswith(("document", "header", "footer", "footnotes", "endnotes")):
            for run in element.iter(qn("w:r")):
                _set_lang(run.get_or_add_rPr(), tag)


def remove_thumbnail(doc: Any) -> None:
    """Drop the template's preview image (docProps/thumbnail.jpeg): it shows the
    template, not the document."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    rels = doc.part.package.rels
    for rid, rel in list(rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            rels.pop(rid)


def finish_document(tpl: DocxTemplate, *, now: Any = None) -> None:
    """The metadata every rendered document gets before it is saved: its language on
    styles and runs, created/modified = the time it was made (not the template's),
    last modified by its author (the office), template-only properties cleared, and no
    template thumbnail."""
    from datetime import UTC, datetime

    if tpl.__dict__.get("_tilsyn_finished"):
        return
    doc = tpl.docx
    given = tpl.__dict__.get("_tilsyn_properties", {})
    tag = language_tag(tpl)
    set_language(doc, tag)
    props = doc.core_properties
    when = now or datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    props.created = when
    props.modified = when
    props.revision = 1
    props.language = tag
    props.last_modified_by = clean_text(given.get("author", props.author or ""))[:255]
    for key in _CLEARED:
        if key not in given:
            setattr(props, key, "")
    remove_thumbnail(doc)
    tpl.__dict__["_tilsyn_finished"] = True


def document_bytes(tpl: DocxTemplate) -> bytes:
    """The rendered document as the bytes of a .docx file (with its metadata finished)."""
    finish_document(tpl)
    buffer = io.BytesIO()
    tpl.save(buffer)
    return buffer.getvalue()


def save_document(tpl: DocxTemplate, output: Path, *, rules: OutputRules) -> Path:
    """Write a rendered document through the one output door (atomic, guarded)."""
    return write_bytes(Path(output), document_bytes(tpl), rules=rules, what="dokumentet")


def template_path(name: str, language: str, own_dir: Path | None) -> Path:
    """The template ``<name>_<language>.docx``: the workspace's own (``maler/``) before
    the shipped one."""
    from tilsyn.resources import templates_dir

    file_name = f"{name}_{language}.docx"
    if own_dir is not None:
        own = Path(own_dir) / file_name
        if own.is_file():
            return own
    return templates_dir() / file_name


def render_template(
    template: Path,
    context: dict,
    output: Path,
    *,
    rules: OutputRules,
    properties: Mapping[str, str] | None = None,
    check: Callable[[DocxTemplate], None] | None = None,
    logo: Path | None = None,
) -> Path:
    """Render ``template`` with ``context`` to ``output`` (atomic).

    ``properties`` (title, author, subject, …) are set after rendering; ``check`` sees
    the rendered document before it is written and may raise to stop the write; ``logo``
    is the letterhead's logo (:func:`render_document`).
    """
    tpl = render_document(template, context, logo=logo)
    if properties:
        set_properties(tpl, properties)
    if check is not None:
        check(tpl)
    return save_document(tpl, output, rules=rules)


# --- reading text back (gate, lint, tests) ----------------------------------------------


def _paragraphs_of(container: Any) -> Iterator[Any]:
    yield from container.paragraphs
    for table in container.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from _paragraphs_of(cell)


def document_text_parts(doc: Any) -> Iterator[tuple[str, str]]:
    """(where, text) for the body, tables, headers and footers of a python-docx Document."""
    for p in _paragraphs_of(doc):
        yield "dokumentets tekst", p.text
    for section in doc.sections:
        for part, name in (
            (section.header, "topptekst"),
            (section.footer, "bunntekst"),
            (section.first_page_header, "topptekst (første side)"),
            (section.first_page_footer, "bunntekst (første side)"),
        ):
            if part.is_linked_to_previous:
                continue
            for p in _paragraphs_of(part):
                yield name, p.text


def document_text(doc: Any) -> str:
    """All text of a document (body, tables, headers, footers), one paragraph a line."""
    return "\n".join(text for _, text in document_text_parts(doc))
