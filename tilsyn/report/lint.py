"""Linting an office's Word template (``tilsyn mal sjekk FIL``).

Checks: Jinja syntax (with the text around an error), variables that are not in the
documented context (docs/malkontekst.md), the sections a document of the kind must
have, bokmål word forms in a nynorsk template's own text, headers, footers and document
properties (the nynorsk lint, :data:`tilsyn.nynorsk.BOKMAL_FORMS`), and a full render
against the sample context in the same sandbox, StrictUndefined environment as real
documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tilsyn.report import KINDS, MALFORMS

REQUIRED: dict[tuple[str, str], tuple[str, ...]] = {
    ("varsel", "bokmal"): ("Varsel om tilsyn", "Hjemmel", "Dokumentasjon"),
    ("varsel", "nynorsk"): ("Varsel om tilsyn", "Heimel", "Dokumentasjon"),
    ("forelopig", "bokmal"): (
        "Sammendrag",
        "Innledning",
        "Gjennomføring",
        "Tema og avgrensning",
        "Lovbrudd og merknader",
        "Varsel om pålegg",
        "Oppfølging og avslutning",
        "Vedlegg 1",
        "Vedlegg 2",
    ),
    ("forelopig", "nynorsk"): (
        "Samandrag",
        "Innleiing",
        "Gjennomføring",
        "Tema og avgrensing",
        "Lovbrot og merknader",
        "Varsel om pålegg",
        "Oppfølging og avslutning",
        "Vedlegg 1",
        "Vedlegg 2",
    ),
    ("endelig", "bokmal"): (
        "Sammendrag",
        "Innledning",
        "Gjennomføring",
        "Tema og avgrensning",
        "Lovbrudd og merknader",
        "Vedtak om pålegg",
        "Oppfølging og avslutning",
        "Klageadgang",
        "Vedlegg 1",
        "Vedlegg 2",
    ),
    ("endelig", "nynorsk"): (
        "Samandrag",
        "Innleiing",
        "Gjennomføring",
        "Tema og avgrensing",
        "Lovbrot og merknader",
        "Vedtak om pålegg",
        "Oppfølging og avslutning",
        "Klagerett",
        "Vedlegg 1",
        "Vedlegg 2",
    ),
    ("palegg", "bokmal"): ("Vedtak", "Frist for retting", "Klageadgang"),
    ("palegg", "nynorsk"): ("Vedtak", "Frist for retting", "Klagerett"),
    ("avslutning", "bokmal"): ("Avslutning",),
    ("avslutning", "nynorsk"): ("Avslutning",),
}
"""Headings or phrases a rendered document of each kind and language form must contain."""

# Words that give away bokmål in a nynorsk template's own text, beyond the general list
# in tilsyn.nynorsk (report words: «lovbrudd» is «lovbrot» in nynorsk, and so on).
_REPORT_BOKMAL = frozenset(
    {"lovbrudd", "sammendrag", "innledning", "hjemmel", "mottatt", "nedenfor", "følgende"}
    | {"uttalelse"}
)
_WORD = re.compile(r"[^\W\d_]+")


def bokmal_in_template(text: str) -> list[str]:
    """The bokmål word forms in a template's own text (Jinja tags left out), each once, in
    order of appearance: the nynorsk lint of ``mal sjekk``."""
    from tilsyn.nynorsk import BOKMAL_FORMS

    static = re.sub(r"\{[{%#].*?[%}#]\}", " ", text, flags=re.DOTALL)
    found: dict[str, None] = {}
    for m in _WORD.finditer(static):
        word = m.group(0).casefold()
        if word in BOKMAL_FORMS or word in _REPORT_BOKMAL:
            found.setdefault(word, None)
    return list(found)


@dataclass
class LintResult:
    """What ``tilsyn mal sjekk`` found."""

    path: Path
    kind: str
    malform: str
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {
            "fil": str(self.path),
            "type": self.kind,
            "malform": self.malform,
            "ok": self.ok,
            "feil": self.problems,
            "merknader": self.notes,
        }


def _properties_text(tpl: Any) -> str:
    """The template's title, subject, keywords and description (shown in Word too)."""
    props = tpl.docx.core_properties
    return "\n".join(v or "" for v in (props.title, props.subject, props.keywords, props.comments))


def kind_from_name(path: Path) -> tuple[str | None, str | None]:
    """``endelig_nynorsk.docx`` → ("endelig", "nynorsk")."""
    stem = Path(path).stem.lower()
    kind = next((k for k in KINDS if stem.startswith(k)), None)
    malform = next((m for m in MALFORMS if stem.endswith(m)), None)
    return kind, malform


def lint_template(path: Path, *, kind: str | None = None, malform: str | None = None) -> LintResult:
    """Check a template; problems make it unusable, notes are advice."""
    from jinja2 import TemplateSyntaxError

    from tilsyn.errors import TilsynError, UsageError
    from tilsyn.report.render import (
        document_text,
        jinja_env,
        open_template,
        render_document,
        template_error,
    )
    from tilsyn.report.sample import sample_context
    from tilsyn.text import choose

    path = Path(path)
    guess_kind, guess_malform = kind_from_name(path)
    kind = choose(kind, KINDS, what="dokumenttype") if kind else guess_kind
    if kind is None:
        raise UsageError(
            f"Kan ikke se av filnavnet {path.name} hvilken dokumenttype malen er "
            "for; bruk --type (varsel, forelopig, endelig, palegg, avslutning)."
        )
    malform = (
        choose(malform, list(MALFORMS), what="målform") if malform else (guess_malform or "bokmal")
    )
    result = LintResult(path, kind, malform)
    context = sample_context(kind, malform)

    tpl = open_template(path)
    try:
        names = tpl.get_undeclared_template_variables(jinja_env())
    except TemplateSyntaxError as exc:
        # Render to get the text around the error (docxtpl attaches it while rendering).
        try:
            render_document(path, context)
            err = template_error(path, exc)
        except TilsynError as rendered:
            err = rendered
        result.problems.append(str(err))
        return result
    unknown = sorted(set(names) - set(context))
    for name in unknown:
        result.problems.append(
            f"Ukjent variabel «{name}» (se docs/malkontekst.md for alle variabler)."
        )
    if malform == "nynorsk":
        found = bokmal_in_template(document_text(tpl.docx) + "\n" + _properties_text(tpl))
        if found:
            result.problems.append(
                "Malen er nynorsk, men teksten har bokmålsformer: "
                + ", ".join(found)
                + ". Skriv dem på nynorsk (f.eks. ikkje, korleis, vere, deltakarar, "
                "rådgjevar, frå, viss, nokon)."
            )
    if unknown:
        return result
    try:
        rendered = render_document(path, context)
    except TilsynError as exc:
        result.problems.append(str(exc))
        return result
    text = document_text(rendered.docx).casefold()
    for phrase in REQUIRED[(kind, malform)]:
        if phrase.casefold() not in text:
            result.problems.append(f"Mangler påkrevd avsnitt: «{phrase}».")
    from tilsyn.report.gate import check_rendered

    try:
        check_rendered(kind, context, document_text(rendered.docx))
    except TilsynError as exc:
        result.problems.append(str(exc))
    return result
