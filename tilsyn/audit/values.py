"""The domain's fixed values as ``StrEnum``s.

Each member's value is the ASCII spelling stored in the database, written in files and
accepted on the command line; a ``StrEnum`` compares equal to that string, so stored
rows and typed values need no conversion. Norwegian labels for people live with the
code that shows them (the CLI and the document phrases).
"""

from __future__ import annotations

from enum import StrEnum


class Outcome(StrEnum):
    """The conclusion for one requirement."""

    VIOLATION = "lovbrudd"
    REMARK = "merknad"
    NONE = "ingen"


class Meaning(StrEnum):
    """What an answer to a control question means for the conclusion."""

    COMPLIANT = "oppfylt"
    BREACH = "brudd"
    NOT_RELEVANT = "ikke_relevant"
    NOT_ASSESSED = "ikke_vurdert"


class Scope(StrEnum):
    """Whether a question is answered once for the municipality or per participant file."""

    MUNICIPALITY = "kommune"
    PARTICIPANT = "deltaker"


class EventType(StrEnum):
    """A dated step of the supervision process, in process order."""

    NOTICE = "varsel"
    DOCUMENTATION = "dokumentasjon"
    PRE_MEETING = "formote"
    OPENING_MEETING = "apningsmote"
    INTERVIEW = "intervju"
    PRELIMINARY = "forelopig"
    COMMENTS = "uttalelse"
    CLOSING_MEETING = "sluttmote"
    FINAL = "endelig"
    ORDER = "palegg"
    """kl. 1992 § 60 d: the order to rectify, sent after the final report's rectification
    deadline passed without rectification (not an event under kl. 2018)."""
    CLOSED = "avsluttet"


class Phase(StrEnum):
    """Where an audit is in the process (derived from its events)."""

    PLANNED = "planlagt"
    NOTIFIED = "varslet"
    FIELDWORK = "gjennomforing"
    PRELIMINARY = "forelopig"
    FINAL = "endelig"
    CLOSED = "avsluttet"


class Regime(StrEnum):
    """The kommunelov regime of the supervision procedure."""

    KL1992 = "kl1992"
    """Kommuneloven 1992 kap. 10 A (§ 60 d order): plan of measures, then rectification."""
    KL2018 = "kl2018"
    """Kommuneloven 2018 kap. 30 (§ 30-4 order): the order is a decision in the report."""


class LanguageForm(StrEnum):
    """A municipality's official written standard (målform)."""

    BOKMAL = "bokmal"
    NYNORSK = "nynorsk"
    NEUTRAL = "noytral"
    UNKNOWN = "ukjent"

    @property
    def document_form(self) -> LanguageForm:
        """The form documents are written in: nynorsk for nynorsk, bokmål otherwise."""
        return LanguageForm.NYNORSK if self is LanguageForm.NYNORSK else LanguageForm.BOKMAL


class DocumentKind(StrEnum):
    """A document the office produces for an audit."""

    NOTICE = "varsel"
    PRELIMINARY = "forelopig"
    FINAL = "endelig"
    ORDER = "palegg"
    CLOSING = "avslutning"


class ViolationStatus(StrEnum):
    """Where the follow-up of one order stands."""

    OPEN = "apen"
    FEEDBACK = "tilbakemelding"
    RECTIFIED = "sannsynliggjort"
    INSUFFICIENT = "ikke_tilstrekkelig"
    NEW_DEADLINE = "ny_frist"
    ESCALATED = "eskalert"
    CLOSED = "lukket"


class PointAssessment(StrEnum):
    """The auditor's assessment of one correction point."""

    RECTIFIED = "rettet"
    INSUFFICIENT = "ikke_tilstrekkelig"


class AppealOutcome(StrEnum):
    """The appeal body's decision on an order."""

    UPHELD = "stadfestet"
    ANNULLED = "opphevet"
    CHANGED = "endret"


class SampleMethod(StrEnum):
    """How participant files were selected."""

    RANDOM = "tilfeldig"
    MANUAL = "manuelt"


class PointChoiceAction(StrEnum):
    """The auditor's change to the correction points a violation's order gets."""

    ADD = "legg_til"
    """A point not linked to a question with a deviation is ordered all the same."""
    REMOVE = "fjern"
    """A point linked to a question with a deviation is left out of the order."""


class AnswerChangeKind(StrEnum):
    """What writing one answer did to the stored answer."""

    NEW = "ny"
    CHANGED = "endret"
    UNCHANGED = "uendret"


class SelfAssessmentStatus(StrEnum):
    """How far a municipality's self-assessment has come."""

    CREATED = "opprettet"
    INCOMPLETE = "ufullstendig"
    COMPLETE = "fullstendig"
