"""Formal Word documents: notice, preliminary and final report, order, closing letter.

Only this package imports docxtpl and python-docx. Modules:

- :mod:`render` renders a docxtpl template safely (sandbox, autoescape, cleaned text,
  identity-number scan, atomic write).
- :mod:`context` builds the template context from an audit (documented in
  docs/malkontekst.md); :mod:`sample` builds a full sample context for linting.
- :mod:`gate` is the quality gate; :mod:`lint` checks an office's template;
  :mod:`pdf` converts with LibreOffice; :mod:`reminder`, :mod:`selfassessment` and
  :mod:`trends` render the reminder letter, the self-assessment report and «Tall og
  trender».

Producing, recording and freezing a document version is a use case:
:mod:`tilsyn.app.documents`.
"""

from __future__ import annotations

KINDS: dict[str, str] = {
    "varsel": "varsel om tilsyn",
    "forelopig": "foreløpig tilsynsrapport",
    "endelig": "endelig tilsynsrapport",
    "palegg": "vedtak om pålegg om retting",
    "avslutning": "avslutning av tilsynet",
}
"""Document kinds (``--type``) and what they are."""

MALFORMS = ("bokmal", "nynorsk")
"""Language forms a document can be written in (``--malform``)."""
