"""The checklist file format (schema version 1) as pydantic models.

Field descriptions double as documentation and as the JSON Schema that editors use
(``tilsyn sjekkliste skjema``). See docs/sjekklisteformat.md for an annotated example.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

SCHEMA_VERSION = 1

RefId = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=40),
    Field(description="Stabil, lesbar id, unik i sjekklisten (f.eks. B1 eller B1.2)."),
]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]

Meaning = Literal["oppfylt", "brudd", "ikke_relevant", "ikke_vurdert"]
Scope = Literal["kommune", "deltaker"]
Method = Literal["dokumentgjennomgang", "intervju", "stikkprove"]
Outcome = Literal["lovbrudd", "merknad"]
ComputedCheck = Literal["fulltid", "helarig", "planfrist"]
LovdataUrl = Annotated[str, StringConstraints(pattern=r"^https://lovdata\.no/")]
WebUrl = Annotated[str, StringConstraints(pattern=r"^https://[^\s]+$")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


MALFORMS_NYNORSK = frozenset({"nynorsk", "nn"})
"""Language-form names that select the nynorsk text (``nn``) of a checklist element."""


class _Translatable(_Model):
    """An element with an optional ``nn`` object holding nynorsk versions of its texts."""

    def text_in(self, field: str, malform: str) -> str:
        """The text ``field`` in ``malform`` (bokmal/nynorsk; nb/nn accepted).

        Nynorsk comes from ``nn.<field>`` and falls back to the bokmål field when that is
        missing; an empty optional field gives "". ``field`` must be a translatable field.
        """
        nn = getattr(self, "nn", None)
        if malform in MALFORMS_NYNORSK and nn is not None:
            value = getattr(nn, field)
            if value:
                return value
        return getattr(self, field) or ""


def _nn_field(what: str) -> Any:
    return Field(
        default=None,
        description=f"Nynorsk utgave av {what} (valgfritt). Brukes i dokumenter til "
        "nynorskkommuner; felt som mangler, hentes fra bokmålsteksten.",
    )


class LawNn(_Model):
    """Nynorsk name and short title of a law."""

    name: Text | None = Field(
        default=None,
        description="Lovens fulle navn på nynorsk, f.eks. «Lov om integrering gjennom "
        "opplæring, utdanning og arbeid (integreringslova)».",
    )
    short_name: Text | None = Field(
        default=None, description="Korttittelen på nynorsk, f.eks. «integreringslova»."
    )


class Law(_Translatable):
    """The law a checklist applies."""

    name: Text = Field(description="Lovens fulle navn.")
    short_name: Text = Field(description="Korttittel, f.eks. «introduksjonsloven».")
    lov_id: Annotated[str, StringConstraints(pattern=r"^LOV-\d{4}-\d{2}-\d{2}-\d+$")] = Field(
        description="Lovdatas id, f.eks. LOV-2003-07-04-80."
    )
    lovdata_url: LovdataUrl = Field(
        description="Lenke til loven på Lovdata, f.eks. https://lovdata.no/lov/2003-07-04-80."
    )
    nn: LawNn | None = _nn_field("name og short_name")


class LegalBasisNn(_Model):
    """Nynorsk texts of a legal basis."""

    law: Text | None = Field(
        default=None, description="Korttittelen på nynorsk, f.eks. «integreringslova»."
    )
    paragraph: Text | None = Field(
        default=None, description="Leddet på nynorsk, f.eks. «andre ledd»."
    )
    text: Text | None = Field(default=None, description="Lovteksten eller utdraget på nynorsk.")


class LegalBasis(_Translatable):
    """One legal basis (hjemmel): law, section, paragraph and Lovdata link."""

    law: Text = Field(description="Lovens korttittel, f.eks. «introduksjonsloven».")
    section: Text = Field(description="Paragraf uten §-tegn, f.eks. «6» eller «4».")
    paragraph: str | None = Field(
        default=None, description="Ledd (og eventuelt punktum), f.eks. «annet ledd»."
    )
    url: LovdataUrl = Field(
        description="Lovdata-lenke til paragrafen, f.eks. https://lovdata.no/lov/2003-07-04-80/§6."
    )
    text: str | None = Field(default=None, description="Lovteksten eller et utdrag av den.")
    nn: LegalBasisNn | None = _nn_field("law, paragraph og text")

    def cite(self, malform: str = "bokmal") -> str:
        """Return the citation, e.g. «introduksjonsloven § 4 annet ledd» (in ``malform``)."""
        parts = [f"{self.text_in('law', malform)} § {self.section}"]
        paragraph = self.text_in("paragraph", malform)
        if paragraph:
            parts.append(paragraph)
        return " ".join(parts)


class TransitionalBasis(LegalBasis):
    """The legal basis of a transitional rule: like :class:`LegalBasis`, but the Lovdata
    link may be left out where the regulation's date and number are not confirmed."""

    url: LovdataUrl | None = Field(
        default=None,
        description="Lovdata-lenke til paragrafen. Utelat den når forskriftens dato og nummer "
        "ikke er bekreftet (ikke gjett en lenke).",
    )


class AnswerOptionNn(_Model):
    """Nynorsk form of an answer option."""

    value: Text | None = Field(
        default=None, description="Svaret på nynorsk, f.eks. «ikkje relevant»."
    )


class AnswerOption(_Model):
    """One allowed answer and what it means for the conclusion."""

    value: Text = Field(description="Svaret slik det skrives, f.eks. «ja» eller «ikke relevant».")
    meaning: Meaning = Field(
        description="oppfylt (kravet er oppfylt), brudd (tyder på lovbrudd), "
        "ikke_relevant eller ikke_vurdert (teller ikke med i konklusjonen)."
    )
    nn: AnswerOptionNn | None = Field(
        default=None,
        description="Nynorsk form av svaret (valgfritt), f.eks. {value: ikkje relevant}. "
        "Vises i dokumenter og arbeidsbøker til nynorskkommuner og godtas som svar; "
        "svaret lagres med bokmålsformen i value.",
    )

    def value_in(self, malform: str) -> str:
        """The answer as shown in ``malform`` (bokmal/nynorsk; nb/nn accepted).

        Nynorsk gives ``nn.value`` when set, else ``value``; bokmål always gives ``value``.
        """
        if malform in MALFORMS_NYNORSK and self.nn is not None and self.nn.value:
            return self.nn.value
        return self.value

    def accepted_values(self) -> tuple[str, ...]:
        """Every spelling that stands for this option: ``value`` and, when set and
        different, ``nn.value``. The stored answer is always ``value``."""
        forms = [self.value]
        if self.nn is not None and self.nn.value and self.nn.value != self.value:
            forms.append(self.nn.value)
        return tuple(forms)


DEFAULT_ANSWER_OPTIONS: tuple[AnswerOption, ...] = (
    AnswerOption(value="ja", meaning="oppfylt", nn=AnswerOptionNn(value="ja")),
    AnswerOption(value="nei", meaning="brudd", nn=AnswerOptionNn(value="nei")),
    AnswerOption(
        value="ikke relevant", meaning="ikke_relevant", nn=AnswerOptionNn(value="ikkje relevant")
    ),
    AnswerOption(
        value="ikke vurdert", meaning="ikke_vurdert", nn=AnswerOptionNn(value="ikkje vurdert")
    ),
)


class Rule(_Model):
    """How the answers to one control question become a proposed conclusion."""

    type: Literal["any", "share"] = Field(
        default="any",
        description="any: ett svar med betydning «brudd» gir funn; share: funn når andelen "
        "brudd blant vurderte deltakermapper er større enn threshold.",
    )
    threshold: float = Field(
        default=0.0,
        ge=0.0,
        lt=1.0,
        description="Terskel for share (0–1): andelen brudd som må overstiges.",
    )
    outcome: Outcome | None = Field(
        default=None, description="Funn ved brudd; standard er kravets «breach»."
    )


class ControlQuestionNn(_Model):
    """Nynorsk texts of a control question."""

    question: Text | None = Field(default=None, description="Spørsmålet på nynorsk.")
    guidance: Text | None = Field(default=None, description="Veiledningen på nynorsk.")
    evidence: list[Text] | None = Field(
        default=None,
        description="Forventet dokumentasjon på nynorsk, i samme rekkefølge og med like mange "
        "dokumenttyper som evidence på bokmål.",
    )


class ControlQuestion(_Translatable):
    """A control question (kontrollspørsmål)."""

    ref_id: RefId
    question: Text = Field(description="Spørsmålet, formulert slik at «ja» betyr oppfylt.")
    guidance: Text = Field(description="Veiledning: hva revisor skal se etter og hvordan.")
    evidence: list[Text] = Field(
        min_length=1, description="Forventet dokumentasjon (dokumenttyper)."
    )
    methods: list[Method] = Field(
        min_length=1, description="Metode: dokumentgjennomgang, intervju og/eller stikkprove."
    )
    scope: Scope = Field(
        description="kommune: besvares én gang; deltaker: besvares per utvalgt deltakermappe."
    )
    answer_options: list[AnswerOption] | None = Field(
        default=None, description="Svaralternativer; standard er sjekklistens."
    )
    rule: Rule = Field(default_factory=Rule, description="Regel for foreslått konklusjon.")
    computed_check: ComputedCheck | None = Field(
        default=None,
        description="Beregnet kontroll som foreslår svaret: fulltid (timeplan), "
        "helarig (ferie), planfrist (tre måneder).",
    )
    nn: ControlQuestionNn | None = _nn_field("question, guidance og evidence")

    def evidence_in(self, malform: str) -> list[str]:
        """The expected evidence in ``malform``: ``nn.evidence`` for nynorsk when given,
        else the bokmål list. Items pair up with ``evidence`` by position."""
        if malform in MALFORMS_NYNORSK and self.nn is not None and self.nn.evidence:
            return list(self.nn.evidence)
        return list(self.evidence)


class TextNn(_Model):
    """Nynorsk version of an element whose only text is ``text``."""

    text: Text | None = Field(default=None, description="Teksten på nynorsk.")


class CorrectionPoint(_Translatable):
    """A correction point (korreksjonspunkt): what, not how, the municipality must do."""

    ref_id: RefId
    text: Text = Field(description="Hva kommunen må rette.")
    questions: list[str] = Field(
        default_factory=list, description="Kontrollspørsmål (ref_id) punktet speiler."
    )
    nn: TextNn | None = _nn_field("text")


class Order(_Translatable):
    """The order to rectify (pålegg om retting) a violation leads to."""

    text: Text = Field(description="Påleggsteksten.")
    correction_points: list[CorrectionPoint] = Field(min_length=1)
    nn: TextNn | None = _nn_field("text")


class SourceNn(_Model):
    """The nynorsk version of a source: title, section and, when it exists, the page."""

    title: Text | None = Field(default=None, description="Tittelen på nynorsk.")
    section: Text | None = Field(default=None, description="Kapittel eller avsnitt på nynorsk.")
    url: WebUrl | None = Field(
        default=None, description="Lenke til nynorskutgaven av kilden, når den finnes."
    )


class Source(_Translatable):
    """Where a requirement comes from (kilde), so an office can check it."""

    title: Text = Field(
        description="Kildens navn, f.eks. «IMDi: Tilsynsinstruks 2026–2028 (bokmål)»."
    )
    section: Text | None = Field(
        default=None,
        description="Kapittel, side eller avsnitt i kilden, f.eks. "
        "«Deltema 1: Fastsettelse av sluttmål».",
    )
    url: WebUrl = Field(description="Lenke til kilden (https://…).")
    nn: SourceNn | None = _nn_field("title, section og url")

    def cite(self, malform: str = "bokmal") -> str:
        """The source as one line, e.g. «IMDi: Tilsynsinstruks …, Deltema 1 …, https://…»."""
        parts = [self.text_in("title", malform)]
        section = self.text_in("section", malform)
        if section:
            parts.append(section)
        parts.append(self.text_in("url", malform))
        return ", ".join(parts)


class RequirementNn(_Model):
    """Nynorsk texts of a requirement."""

    title: Text | None = Field(default=None, description="Tittelen på nynorsk.")
    requirement: Text | None = Field(
        default=None, description="Kravet med vanlige ord, på nynorsk."
    )


class Requirement(_Translatable):
    """A legal requirement (lovkrav) with its control questions."""

    ref_id: RefId
    title: Text
    legal_basis: list[LegalBasis] = Field(min_length=1, description="Hjemmel, minst én.")
    requirement: Text = Field(description="Kravet med vanlige ord.")
    breach: Outcome = Field(description="Om brudd er lovbrudd eller bare merknad.")
    order: Order | None = Field(
        default=None, description="Pålegg og korreksjonspunkter; påkrevd når breach er lovbrudd."
    )
    see_also: list[str] = Field(
        default_factory=list, description="Andre sjekklister (id) kravet viser til."
    )
    source: list[Source] = Field(
        default_factory=list,
        description="Kilder (kilde) for kravet: dokument, kapittel eller avsnitt og lenke, f.eks. "
        "IMDis tilsynsinstruks og deltemaet kravet er hentet fra. Valgfritt; hjemmelen står i "
        "legal_basis.",
    )
    questions: list[ControlQuestion] = Field(min_length=1)
    nn: RequirementNn | None = _nn_field("title og requirement")


class TitleNn(_Model):
    """Nynorsk title and description of a theme or a checklist."""

    title: Text | None = Field(default=None, description="Tittelen på nynorsk.")
    description: str | None = Field(default=None, description="Beskrivelsen på nynorsk.")


class Theme(_Translatable):
    """A theme groups requirements; in the workbook each theme is a sheet."""

    ref_id: RefId
    title: Text
    description: str | None = None
    requirements: list[Requirement] = Field(min_length=1)
    nn: TitleNn | None = _nn_field("title og description")


class Validity(_Model):
    """The period a checklist applies to."""

    valid_from: date
    valid_to: date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Validity:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise PydanticCustomError(
                "validity_order",
                "valid_to ({to}) er før valid_from ({start}); sluttdatoen må være lik eller "
                "senere enn startdatoen",
                {"to": self.valid_to.isoformat(), "start": self.valid_from.isoformat()},
            )
        return self

    def covers(self, day: date) -> bool:
        """Whether ``day`` lies in the period (both ends included)."""
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class TransitionalRuleNn(_Model):
    """Nynorsk texts of a transitional rule."""

    text: Text | None = Field(default=None, description="Overgangsregelen på nynorsk.")
    applies_text: Text | None = Field(
        default=None, description="Teksten dokumentene bruker, på nynorsk."
    )


class TransitionalRule(_Translatable):
    """A transitional rule (overgangsregel) that lets the checklist be used after its period.

    Example: participants who stay under an old law after it was replaced, so their
    programmes are still supervised against the old law's checklist.
    """

    legal_basis: TransitionalBasis = Field(
        description="Hjemmelen for overgangsregelen: lov eller forskrift, paragraf og "
        "Lovdata-lenke (lenken kan utelates når forskriftens id ikke er bekreftet)."
    )
    text: Text = Field(
        description="Hva overgangsregelen går ut på, med vanlige ord (hvem den gjelder for)."
    )
    valid_to: date = Field(
        description="Siste dag sjekklisten kan brukes etter overgangsregelen; må være etter "
        "validity.valid_to."
    )
    applies_text: Text = Field(
        description="Setningen dokumentene bruker når overgangsregelen gjelder for tilsynet, "
        "f.eks. «Tilsynet gjelder deltakere som fortsatt følger introduksjonsloven, jf. …»."
    )
    nn: TransitionalRuleNn | None = _nn_field("text og applies_text")


class Checklist(_Translatable):
    """A checklist (sjekkliste/kontrollskjema) for one supervision theme."""

    schema_version: Literal[1] = Field(description="Formatversjon; nå 1.")
    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)] = Field(
        description="Sjekklistens id, små bokstaver og bindestrek, f.eks. individuell-plan."
    )
    title: Text
    version: Text = Field(description="Sjekklistens versjon, f.eks. «2017.1» (i anførselstegn).")
    description: str | None = None
    law: Law
    validity: Validity
    answer_options: list[AnswerOption] = Field(
        default_factory=lambda: list(DEFAULT_ANSWER_OPTIONS),
        description="Standard svaralternativer for alle kontrollspørsmål.",
    )
    transitional: list[TransitionalRule] = Field(
        default_factory=list,
        description="Overgangsregler (valgfritt) som forlenger bruken av sjekklisten etter "
        "validity.valid_to for deltakere som fortsatt omfattes av loven den gjelder.",
    )
    themes: list[Theme] = Field(min_length=1)
    nn: TitleNn | None = _nn_field("title og description")

    @model_validator(mode="after")
    def _transitional_after_validity(self) -> Checklist:
        end = self.validity.valid_to
        for i, rule in enumerate(self.transitional):
            if end is None:
                raise PydanticCustomError(
                    "transitional_without_end",
                    "transitional[{i}]: en overgangsregel forutsetter at validity.valid_to er "
                    "satt (sjekklisten har ingen sluttdato å forlenge)",
                    {"i": i},
                )
            if rule.valid_to <= end:
                raise PydanticCustomError(
                    "transitional_not_after",
                    "transitional[{i}].valid_to ({to}) må være etter validity.valid_to ({end})",
                    {"i": i, "to": rule.valid_to.isoformat(), "end": end.isoformat()},
                )
        return self

    # --- validity (no state) ---

    def transitional_on(self, day: date) -> list[TransitionalRule]:
        """The transitional rules that make the checklist usable on ``day`` after its period."""
        end = self.validity.valid_to
        if end is None or day <= end:
            return []
        return [r for r in self.transitional if day <= r.valid_to]

    def usable_on(self, day: date) -> bool:
        """Whether the checklist applies on ``day``: in its period or by a transitional rule."""
        return self.validity.covers(day) or bool(self.transitional_on(day))

    def usable_until(self) -> date | None:
        """The last day the checklist can be used (transitional rules included); ``None``
        when it has no end."""
        end = self.validity.valid_to
        if end is None:
            return None
        return max([end, *(r.valid_to for r in self.transitional)])

    # --- navigation helpers (no state) ---

    def requirements(self) -> Iterator[Requirement]:
        """All requirements in document order."""
        for theme in self.themes:
            yield from theme.requirements

    def questions(self) -> Iterator[tuple[Theme, Requirement, ControlQuestion]]:
        """All control questions with their theme and requirement, in document order."""
        for theme in self.themes:
            for req in theme.requirements:
                for q in req.questions:
                    yield theme, req, q

    def question(self, ref_id: str) -> ControlQuestion:
        """Return the question with ``ref_id`` (case-insensitive) or raise NotFoundError."""
        for _, _, q in self.questions():
            if q.ref_id.casefold() == ref_id.casefold():
                return q
        from tilsyn.errors import NotFoundError

        raise NotFoundError(
            f"Sjekklisten «{self.id}» har ikke kontrollspørsmålet «{ref_id}». "
            f"Gyldige: {', '.join(q.ref_id for _, _, q in self.questions())}."
        )

    def requirement_of(self, question_ref: str) -> Requirement:
        """Return the requirement a question belongs to."""
        for _, req, q in self.questions():
            if q.ref_id == question_ref:
                return req
        return self.requirement_by_ref(question_ref)

    def requirement_by_ref(self, ref_id: str) -> Requirement:
        """Return the requirement with ``ref_id`` (case-insensitive) or raise NotFoundError."""
        for req in self.requirements():
            if req.ref_id.casefold() == ref_id.casefold():
                return req
        from tilsyn.errors import NotFoundError

        raise NotFoundError(
            f"Sjekklisten «{self.id}» har ikke kravet «{ref_id}». "
            f"Gyldige: {', '.join(r.ref_id for r in self.requirements())}."
        )

    def options_for(self, question: ControlQuestion) -> list[AnswerOption]:
        """The answer options that apply to ``question``."""
        return list(question.answer_options or self.answer_options)

    def option_for(self, question: ControlQuestion, typed: str) -> AnswerOption | None:
        """The option ``typed`` stands for, in bokmål or nynorsk (case, æ/ø/å, «-» and «_»
        insensitive), or ``None``. Store ``option.value``, never the typed form."""
        from tilsyn.text import fold

        wanted = fold(str(typed)).replace("-", " ")
        for option in self.options_for(question):
            if any(fold(v).replace("-", " ") == wanted for v in option.accepted_values()):
                return option
        return None
