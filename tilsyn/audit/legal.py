"""The legal frame of a document: which law, kommunelov regime, office, municipality name
and appeal body apply on the document's date.

:class:`LegalFrame` holds what a document states; it is resolved in one place,
:func:`tilsyn.app.legal.resolve_frame`, from the audit and the document's date. The
citations of the procedural law live here, once, with whether each is confirmed in the
sources (docs/rettskilder.md): an unconfirmed section number is never printed.

The rules of dates live here too (pure functions):

- :func:`choose_regime`: the kommunelov regime for a notice date, or an explicit choice
  with its reason (October 2019, or a choice that contradicts the date).
- :func:`document_regime`: the regime a document states.
- :func:`checklist_refusal`: why a checklist cannot be used on a date (the law in force
  then, and which checklist to use), unless its period or a transitional rule covers it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from tilsyn.audit.values import Regime
from tilsyn.errors import UsageError

if TYPE_CHECKING:
    from tilsyn.audit.models import Audit
    from tilsyn.checklist.model import Checklist, TransitionalRule


@dataclass(frozen=True)
class Citation:
    """A citation as a document writes it, with its Lovdata link.

    ``confirmed`` is False where the section number is not confirmed in the sources
    (docs/rettskilder.md); documents then describe the rule without the number.
    """

    text: str
    url: str
    confirmed: bool = True


# Supervision power per law (lov_id → section and link). Introduksjonsloven § 23: the
# number is from issue 12, not confirmed in a source text (docs/rettskilder.md § 4);
# integreringsloven § 48 første ledd is confirmed (Prop. 81 L (2024–2025)).
SUPERVISION_BASIS: dict[str, Citation] = {
    "LOV-2003-07-04-80": Citation("23", "https://lovdata.no/lov/2003-07-04-80/§23"),
    "LOV-2020-11-06-127": Citation("48", "https://lovdata.no/lov/2020-11-06-127/§48"),
}


@dataclass(frozen=True)
class ProcedureLaw:
    """The kommunelov provisions a regime's documents cite."""

    chapter: Citation
    """The chapter on state supervision."""
    information: Citation
    """The supervisor's right to information regardless of confidentiality."""
    order: Citation
    """The power to order rectification."""
    administrative: Citation | None
    """The provision that makes forvaltningsloven apply to the supervision (so that the
    order is an enkeltvedtak); None where no provision is known (kl. 1992 kap. 10 A)."""


PROCEDURE: dict[Regime, ProcedureLaw] = {
    Regime.KL2018: ProcedureLaw(
        chapter=Citation("kommuneloven kapittel 30", "https://lovdata.no/lov/2018-06-22-83"),
        information=Citation("kommuneloven § 30-3", "https://lovdata.no/lov/2018-06-22-83/§30-3"),
        order=Citation("kommuneloven § 30-4", "https://lovdata.no/lov/2018-06-22-83/§30-4"),
        # That forvaltningsloven applies is confirmed (IMDi); that § 30-5 says so is not
        # (docs/rettskilder.md § 1.2). Set confirmed=True when it is, and documents will
        # cite it.
        administrative=Citation(
            "kommuneloven § 30-5", "https://lovdata.no/lov/2018-06-22-83/§30-5", confirmed=False
        ),
    ),
    Regime.KL1992: ProcedureLaw(
        chapter=Citation(
            "kommuneloven (1992) kapittel 10 A", "https://lovdata.no/lov/1992-09-25-107"
        ),
        information=Citation(
            "kommuneloven (1992) § 60 c", "https://lovdata.no/lov/1992-09-25-107/§60c"
        ),
        order=Citation("kommuneloven (1992) § 60 d", "https://lovdata.no/lov/1992-09-25-107/§60d"),
        # No provision of chapter 10 A is known to make forvaltningsloven apply: cite none
        # (docs/rettskilder.md § 1.3).
        administrative=None,
    ),
}

_FVL = "https://lovdata.no/lov/1967-02-10"
ADMINISTRATIVE_PROCEDURE: tuple[Citation, ...] = (
    Citation("forvaltningsloven § 16", f"{_FVL}/§16"),
    Citation("forvaltningsloven § 18", f"{_FVL}/§18"),
    Citation("forvaltningsloven § 24", f"{_FVL}/§24"),
    Citation("forvaltningsloven § 25", f"{_FVL}/§25"),
    Citation("forvaltningsloven § 27", f"{_FVL}/§27"),
    Citation("forvaltningsloven § 28", f"{_FVL}/§28"),
    Citation("forvaltningsloven § 29", f"{_FVL}/§29"),
    Citation("forvaltningsloven § 30", f"{_FVL}/§30"),
    Citation("forvaltningsloven § 32", f"{_FVL}/§32"),
    Citation("forvaltningsloven § 42", f"{_FVL}/§42"),
)
"""Forvaltningsloven as the reports cite it: advance notice (§ 16), access (§§ 18 flg.),
reasons (§§ 24–25), notice of the decision (§ 27), appeal (§§ 28–30, 32), deferred
implementation (§ 42)."""


@dataclass(frozen=True)
class LawPeriod:
    """A law the supervised duties followed, and when (for refusal messages)."""

    short_name: str
    lov_id: str
    valid_from: date | None
    valid_to: date | None


LAWS: tuple[LawPeriod, ...] = (
    # Introduksjonsloven was replaced by integreringsloven from 1 January 2021
    # (docs/rettskilder.md § 4 and § 5, confirmed).
    LawPeriod("introduksjonsloven", "LOV-2003-07-04-80", None, date(2020, 12, 31)),
    LawPeriod("integreringsloven", "LOV-2020-11-06-127", date(2021, 1, 1), None),
)


def law_on(day: date) -> LawPeriod | None:
    """The law the introduction programme followed on ``day``."""
    for law in LAWS:
        if (law.valid_from is None or law.valid_from <= day) and (
            law.valid_to is None or day <= law.valid_to
        ):
            return law
    return None


# --- the frame ------------------------------------------------------------------------


@dataclass(frozen=True)
class Office:
    """The office responsible, as a document on its date names it."""

    name: str
    """In the document's language form, from the office register."""
    department: str
    address: str
    email: str
    phone: str
    id: str = ""
    """The register id of the office on the date (``fm-vestland``, ``sf-agder``)."""
    own: bool = True
    """The workspace's own office (or its predecessor or successor): its settings apply."""
    workspace_office: str = ""
    """The name of the workspace's office, for messages."""
    missing: tuple[str, ...] = ()
    """Contact settings the letterhead needs but tilsyn.toml leaves empty (keys)."""

    @property
    def short(self) -> str:
        """``"Statsforvalteren"`` / ``"Fylkesmannen"`` (the first word)."""
        return self.name.split(" ", 1)[0] if self.name else ""

    @property
    def genitive(self) -> str:
        short = self.short
        return short + ("" if short.endswith("s") else "s")


@dataclass(frozen=True)
class AppealBody:
    """The appeal body a decision names on its date."""

    name: str
    """As configured by the office for the date, in the document's language form; ""
    when the office has not set it (the quality gate then stops decisions)."""
    suggestion: str = ""
    """The register's suggestion for the date (not confirmed), for messages."""
    period: str = ""
    """The register row's period, e.g. ``2022-01-01–`` (for messages)."""


@dataclass(frozen=True)
class LegalFrame:
    """What applies to one document on its date."""

    regime: Regime
    law_name: str
    law_short_name: str
    """In the document's language form (``integreringslova`` in nynorsk)."""
    law_url: str
    supervision: Citation | None
    procedure: ProcedureLaw
    administrative: tuple[Citation, ...]
    office: Office
    municipality_number: str
    municipality_name: str
    county: str
    appeal: AppealBody
    transitional: tuple[TransitionalRule, ...] = ()
    """Transitional rules under which the checklist is used on the date (after its period)."""
    regime_reason: str = ""
    """Why the regime was chosen, when it does not follow from the notice date."""
    administration_head: str = ""
    """The title of the municipality's chief executive the law uses on the document's
    date, as letters address it after «v/» (:func:`administration_head_on`)."""

    @property
    def appeal_body(self) -> str:
        """The appeal body named in a decision ("" when not configured)."""
        return self.appeal.name


def make_frame(
    audit: Audit,
    checklist: Checklist,
    office: Office,
    appeal: AppealBody | str,
    *,
    malform: str = "bokmal",
    regime: Regime | str | None = None,
    municipality: tuple[str, str, str] | None = None,
    transitional: Sequence[TransitionalRule] = (),
    on: date | None = None,
) -> LegalFrame:
    """The frame of a document for ``audit`` once its office, regime, municipality
    (number, name, county on the date) and appeal body are known; ``on`` is the
    document's date (for the title of the municipality's chief executive)."""
    regime = Regime(regime or audit.regime)
    number, name, county = municipality or (
        audit.municipality_number,
        audit.municipality_name,
        audit.county,
    )
    law = checklist.law
    return LegalFrame(
        regime=regime,
        law_name=law.text_in("name", malform),
        law_short_name=law.text_in("short_name", malform),
        law_url=law.lovdata_url,
        supervision=SUPERVISION_BASIS.get(law.lov_id),
        procedure=PROCEDURE[regime],
        administrative=ADMINISTRATIVE_PROCEDURE,
        office=office,
        municipality_number=number,
        municipality_name=name,
        county=county,
        appeal=appeal if isinstance(appeal, AppealBody) else AppealBody(appeal),
        transitional=tuple(transitional),
        regime_reason=audit.regime_reason or "",
        administration_head=administration_head_on(on, regime) if on else HEAD_TITLE[regime],
    )


HEAD_TITLE: dict[Regime, str] = {
    Regime.KL2018: "kommunedirektøren",
    Regime.KL1992: "rådmannen",
}
"""How letters address the municipality's chief executive (after «v/»): kommuneloven 2018
§ 13-1 calls the post «kommunedirektør», and chapter 13 took effect with chapter 30 at each
council's constituent meeting in autumn 2019 (docs/rettskilder.md § 1.1); before, the
common title was «rådmann». The municipality chooses the title itself (Prop. 46 L
(2017–2018), merknad til § 13-1): an audit can set another (``--adressat-ved``). The same
in bokmål and nynorsk."""


def administration_head_on(day: date, regime: Regime | str) -> str:
    """The chief executive's title on ``day`` (``regime`` decides in October 2019, when it
    depended on the municipality's constituent meeting)."""
    from tilsyn.errors import TilsynError

    try:
        derived = regime_on(day)
    except TilsynError:  # before kommuneloven 1992 kap. 10 A: the regime given decides
        derived = "uncertain"
    return HEAD_TITLE[Regime(regime if derived == "uncertain" else derived)]


# --- regime by date -------------------------------------------------------------------


def regime_on(day: date) -> str:
    """``kl1992``, ``kl2018`` or ``uncertain`` for ``day`` (refused before 1 March 2007)."""
    from tilsyn.reference import regime_on as lookup

    return lookup(day)


def choose_regime(
    chosen: str | None, reason: str | None, day: date, *, what: str = "Varseldatoen"
) -> tuple[Regime, str | None]:
    """The regime of an audit whose notice is dated ``day``, and the reason to store.

    Without a choice the date decides; in October 2019 (``uncertain``) a choice with a
    reason is required. A choice that agrees with the date needs no reason (and none is
    stored: the regime then follows the date). A choice that contradicts the date needs
    a reason. Raises :class:`~tilsyn.errors.UsageError` saying what to give.
    """
    from tilsyn.reference import regime_explanation

    derived = regime_on(day)
    reason = (reason or "").strip() or None
    if chosen is None:
        if derived == "uncertain":
            raise UsageError(
                f"{what} {day.isoformat()} er i oktober 2019, da kommuneloven 2018 kapittel "
                "30 gjaldt fra kommunens eget konstituerende møte. Oppgi --regime kl1992 "
                "eller kl2018 og --begrunnelse «…» (for eksempel datoen for det "
                "konstituerende møtet i kommunen)."
            )
        return Regime(derived), None
    regime = Regime(chosen)
    if derived == "uncertain":
        if reason is None:
            raise UsageError(
                f"{what} {day.isoformat()} er i oktober 2019, da regelverket var avhengig av "
                "datoen for kommunens konstituerende møte. Oppgi --begrunnelse «…» for "
                f"valget av {regime} (for eksempel datoen for møtet)."
            )
        return regime, reason
    if regime == derived:
        return regime, None
    if reason is None:
        raise UsageError(
            f"--regime {regime} stemmer ikke med {what.lower()} {day.isoformat()}: "
            f"{regime_explanation(day)} Oppgi --begrunnelse «…» hvis tilsynet likevel skal "
            f"følge {regime} (valget og begrunnelsen logges), eller fjern --regime."
        )
    return regime, reason


def document_regime(audit: Audit, on: date, notice: date | None) -> Regime:
    """The regime a document dated ``on`` states.

    Once the notice is recorded, or when the regime was chosen with a reason, the
    audit's regime. Before that a document (the notice letter itself) follows its own
    date, unless that date is in October 2019, where the audit's regime decides.
    """
    if notice is not None or audit.regime_reason:
        return Regime(audit.regime)
    derived = regime_on(on)
    return Regime(audit.regime) if derived == "uncertain" else Regime(derived)


# --- checklist validity ---------------------------------------------------------------


def _period(checklist: Checklist) -> str:
    v = checklist.validity
    end = v.valid_to.isoformat() if v.valid_to else ""
    return f"{v.valid_from.isoformat()}–{end}"


def checklist_refusal(
    checklist: Checklist,
    day: date,
    *,
    transitional_ok: bool,
    others: Sequence[Checklist] = (),
    what: str = "datoen",
) -> str | None:
    """Why ``checklist`` cannot be used for a notice or document dated ``day``, or None.

    The checklist can be used in its period; after it, under a transitional rule that
    covers the date when ``transitional_ok`` (the office has said the audit concerns
    participants under it). The message names the law in force on the date and the
    checklists among ``others`` that can be used then.
    """
    if checklist.validity.covers(day):
        return None
    rules = checklist.transitional_on(day)
    if rules and transitional_ok:
        return None
    law = law_on(day)
    head = (
        f"Sjekklisten «{checklist.id}» ({checklist.law.short_name}) gjelder "
        f"{_period(checklist)}, og {what} {day.isoformat()} er utenfor."
    )
    if law is not None and law.lov_id != checklist.law.lov_id:
        head += f" {day.isoformat()} gjaldt {law.short_name}"
        if law.valid_from is not None:
            head += f" (fra {law.valid_from.isoformat()})"
        head += "."
    usable = [c for c in others if c.id != checklist.id and c.validity.covers(day)]
    same_law = [
        c for c in others if law is not None and c.id != checklist.id and c.law.lov_id == law.lov_id
    ]
    if usable:
        listed = ", ".join(f"{c.id} ({c.law.short_name}, {_period(c)})" for c in usable)
        head += f" Bruk en sjekkliste som gjelder da: {listed}."
    else:
        head += " Ingen av sjekklistene gjelder den datoen"
        if same_law:
            listed = ", ".join(f"{c.id} ({_period(c)})" for c in same_law)
            head += f" (sjekklistene for {law.short_name} gjelder {listed})"  # type: ignore[union-attr]
        head += (
            "; lag en egen sjekkliste i arbeidsområdets sjekklister/ (se docs/sjekklisteformat.md)."
        )
    if rules and not transitional_ok:
        rule = rules[0]
        head += (
            f" Gjelder tilsynet deltakere som fortsatt følger {checklist.law.short_name} "
            f"etter overgangsreglene ({rule.legal_basis.cite()}, til "
            f"{rule.valid_to.isoformat()}), oppgi --overgangsregel."
        )
    return head
