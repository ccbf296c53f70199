"""Resolving the legal frame of a document from its audit and date — the one place that
decides which law, regime, office, municipality number and name, and appeal body a
document states — and the date checks that creating an audit and recording its notice
share.

Everything comes from the shipped reference data (:mod:`tilsyn.reference`) and the
workspace's own settings:

- regime: the audit's, fixed by its notice date (:func:`tilsyn.audit.legal.document_regime`);
- municipality: the number and name valid on the document's date (a merged municipality's
  new name never lands on an old letter);
- office: the office responsible for that municipality on that date, named as it was
  then; the workspace's contact details only when that office is the workspace's own
  office or one of its predecessors or successors (the same embete through time);
- appeal body: the office's own setting for the date (``[[kontor.klageinstanser]]`` or
  ``[kontor] klageinstans``); the register's suggestion is only shown in messages;
- checklist validity: a date outside the checklist's period is refused, unless a
  transitional rule covers it (then the documents say so).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from tilsyn.audit.legal import AppealBody, LegalFrame, Office, document_regime, make_frame
from tilsyn.audit.values import LanguageForm
from tilsyn.errors import TilsynError, UsageError, WorkspaceError

if TYPE_CHECKING:
    from tilsyn.app.context import AppContext
    from tilsyn.audit.models import Audit
    from tilsyn.checklist.model import Checklist
    from tilsyn.reference import Office as OfficeRecord
    from tilsyn.workspace import Config

CONTACT_KEYS = ("adresse", "epost", "telefon")
"""The letterhead's contact settings in ``[kontor]`` the quality gate requires."""


def resolve_frame(
    audit: Audit,
    checklist: Checklist,
    config: Config,
    on: date,
    language: str,
    *,
    notice: date | None = None,
) -> LegalFrame:
    """The legal frame of a document for ``audit`` dated ``on`` in ``language``.

    ``notice`` is the recorded notice date (None before the notice is recorded: the
    document then follows the regime of its own date). Refuses a municipality number
    that cannot be followed to one municipality on ``on`` (NotFoundError from the
    register). Checklist validity is checked by :func:`check_checklist_date`.
    """
    from tilsyn.reference import county_name, municipality_on, number_on, office_for

    nynorsk = language == LanguageForm.NYNORSK
    regime = document_regime(audit, on, notice)
    number = number_on(audit.municipality_number, on)
    municipality = municipality_on(number, on)
    record = office_for(number, on)
    own = workspace_office(config)
    office = _office(config, record, own, on, nynorsk)
    rules = checklist.transitional_on(on)
    return make_frame(
        audit,
        checklist,
        office,
        appeal_on(config, on, nynorsk=nynorsk),
        malform=language,
        regime=regime,
        municipality=(municipality.number, municipality.name, county_name(number)),
        transitional=rules,
        on=on,
    )


def _office(
    config: Config, record: OfficeRecord, own: OfficeRecord, on: date, nynorsk: bool
) -> Office:
    """The office as a document dated ``on`` names it, with the workspace's contact
    details when it is the workspace's office (or its predecessor or successor)."""
    is_own = record.id in office_lineage(own.id)
    if not is_own:
        return Office(
            name=record.name_in(nynorsk=nynorsk),
            department="",
            address="",
            email="",
            phone="",
            id=record.id,
            own=False,
            workspace_office=own.name_in(nynorsk=nynorsk),
        )
    contact = config.contact_for_year(on.year)
    values = {"adresse": contact.address, "epost": contact.email, "telefon": contact.phone}
    return Office(
        name=record.name_in(nynorsk=nynorsk),
        department=contact.department,
        address=contact.address,
        email=contact.email,
        phone=contact.phone,
        id=record.id,
        own=True,
        workspace_office=own.name_in(nynorsk=nynorsk),
        missing=tuple(k for k in CONTACT_KEYS if not values[k].strip()),
    )


def office_on(config: Config, municipality_number: str, on: date, language: str) -> Office:
    """The office of a letter to ``municipality_number`` dated ``on`` (reminders): the
    office responsible for the municipality then, with the workspace's contact details
    when it is the workspace's office."""
    from tilsyn.reference import number_on, office_for

    number = number_on(municipality_number, on)
    nynorsk = language == LanguageForm.NYNORSK
    return _office(config, office_for(number, on), workspace_office(config), on, nynorsk)


def workspace_office(config: Config) -> OfficeRecord:
    """The workspace's office in the register (``[kontor] id``, else ``[kontor] navn``)."""
    from tilsyn.reference import find_office, get_office

    given = config.office_id or config.office_name
    try:
        return get_office(config.office_id) if config.office_id else find_office(given)
    except TilsynError as exc:
        raise WorkspaceError(
            f"tilsyn.toml: kontoret «{given}» finnes ikke i kontorregisteret. {exc.message} "
            'Sett [kontor] id til kontorets id, f.eks. id = "sf-agder" (se README, «tilsyn '
            "init --kontor»)."
        ) from None


def office_lineage(office_id: str) -> set[str]:
    """The office's record ids through time: itself, every predecessor before it and every
    successor after it (not the offices it merged with)."""
    from tilsyn.reference import office_register

    register = office_register()
    start = register.get(office_id)
    found = {start.id}
    for step in (register.predecessors_of, register.successors_of):
        pending = [start]
        while pending:
            for other in step(pending.pop()):
                if other.id not in found:
                    found.add(other.id)
                    pending.append(other)
    return found


def appeal_on(config: Config, on: date, *, nynorsk: bool = False) -> AppealBody:
    """The appeal body for a decision dated ``on``: the office's setting, with the
    register's (unconfirmed) suggestion for messages."""
    from tilsyn.reference import appeal_body_on

    suggestion = ""
    period = ""
    try:
        body = appeal_body_on(on)
        suggestion = body.name_in(nynorsk=nynorsk)
        end = body.valid_to.isoformat() if body.valid_to else ""
        period = f"{body.valid_from.isoformat()}–{end}"
    except TilsynError:  # a date before the register: no suggestion
        pass
    return AppealBody(config.appeal_on(on, nynorsk=nynorsk), suggestion, period)


def office_name_for(
    config: Config, municipality_number: str | None, on: date, *, nynorsk: bool = False
) -> str:
    """The office's name on ``on``: the office responsible for the municipality then when
    the number is given, else the workspace's office as it was named then."""
    from tilsyn.reference import number_on, office_for

    if municipality_number:
        try:
            return office_for(number_on(municipality_number, on), on).name_in(nynorsk=nynorsk)
        except TilsynError:
            pass
    return config.office_for_year(on.year, nynorsk=nynorsk)


# --- date checks shared by creating an audit, its notice and its documents -----------


def check_checklist_date(
    ctx: AppContext,
    checklist: Checklist,
    day: date,
    *,
    transitional_ok: bool,
    what: str = "datoen",
) -> None:
    """Refuse ``day`` outside the checklist's period (unless a transitional rule covers
    it and ``transitional_ok``), naming the law then and the checklists to use."""
    from tilsyn.audit.legal import checklist_refusal

    if checklist_refusal(checklist, day, transitional_ok=transitional_ok) is None:
        return
    message = checklist_refusal(
        checklist, day, transitional_ok=transitional_ok, others=_available(ctx), what=what
    )
    raise UsageError(message or "")


def _available(ctx: AppContext) -> Sequence[Checklist]:
    from tilsyn.checklist import registry

    try:
        entries = registry.available([ctx.workspace.checklists_dir])
    except TilsynError:  # a broken workspace checklist must not hide the real message
        entries = registry.available()
    return [e.checklist for _, e in sorted(entries.items())]


def transitional_ok(audit: Audit, checklist: Checklist, notice: date | None) -> bool:
    """Whether the audit's documents may use a transitional rule: the office said so
    (``--overgangsregel``), or the notice was in the checklist's period (the audit began
    under the law and its later documents follow the transitional rules)."""
    return audit.transitional or (notice is not None and checklist.validity.covers(notice))
