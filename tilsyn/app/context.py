"""Use cases over the workspace and the store: what one CLI command asks the core to do.

A :class:`Session` holds the opened workspace, the store, the acting user and the
calendar. Commands call one method and render the result.
"""

from __future__ import annotations

import getpass
import hashlib
import os
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tilsyn.errors import NotFoundError, UsageError
from tilsyn.workspace import Workspace, open_workspace

if TYPE_CHECKING:
    from tilsyn.checklist.model import Checklist
    from tilsyn.audit.calendar import Calendar
    from tilsyn.municipalities import Municipality, Registry
    from tilsyn.audit.models import AuditView
    from tilsyn.store import Store


def acting_user(explicit: str | None, configured: str | None) -> str:
    """Who is acting: --bruker/TILSYN_BRUKER, then tilsyn.toml, then the OS user."""
    for candidate in (explicit, configured):
        if candidate and candidate.strip():
            return candidate.strip()
    try:
        return getpass.getuser()
    except Exception:  # no user name on some Windows service accounts
        return os.environ.get("USERNAME") or "ukjent"


def sha256_file(path: Path) -> str:
    """The sha256 of a file, read in chunks."""
    h = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def parse_audit_id(value: str | int) -> int:
    """An audit id as typed (a positive whole number)."""
    try:
        number = int(str(value).strip())
    except ValueError:
        raise UsageError(
            f"«{value}» er ikke et gyldig tilsyns-id (et heltall, se tilsyn liste)."
        ) from None
    if number <= 0:
        raise UsageError(f"«{value}» er ikke et gyldig tilsyns-id (et positivt heltall).")
    return number


@dataclass
class Session:
    """The opened workspace and store for one command."""

    workspace: Workspace
    db_url_override: str | None = None
    user_override: str | None = None

    @classmethod
    def open(
        cls, *, workspace: str | None = None, db_url: str | None = None, user: str | None = None
    ) -> Session:
        return cls(open_workspace(workspace), db_url, user)

    @cached_property
    def user(self) -> str:
        return acting_user(self.user_override, self.workspace.config.user)

    @cached_property
    def store(self) -> Store:
        from tilsyn.store import open_store

        return open_store(self.workspace.db_url(self.db_url_override), user=self.user)

    @cached_property
    def calendar(self) -> Calendar:
        from tilsyn.audit.calendar import Calendar

        c = self.workspace.config
        return Calendar(
            christmas_eve_closed=c.christmas_eve_closed, new_years_eve_closed=c.new_years_eve_closed
        )

    @cached_property
    def registry(self) -> Registry:
        from tilsyn.municipalities import load_registry

        overrides = dict(self.workspace.config.language_overrides)
        overrides.update(self.store.language_overrides())
        return load_registry(overrides)

    def municipality(self, number: str) -> Municipality:
        return self.registry.get(number)

    def checklist(self, checklist_id: str) -> Checklist:
        from tilsyn.checklist import registry

        return registry.get(checklist_id, [self.workspace.checklists_dir]).checklist

    # --- audits ---

    def create_audit(
        self,
        *,
        municipality: str,
        checklist: str,
        case_number: str | None,
        lead: str | None,
        auditors: list[str],
        title: str | None,
        regime: str = "kl2018",
    ):
        from tilsyn.audit.answers import clean_user_text

        m = self.municipality(municipality)
        cl = self.checklist(checklist)
        title = clean_user_text(title, where="--tittel") or f"{cl.title} – {m.display_name}"
        return self.store.create_audit(
            municipality_number=m.number,
            municipality_name=m.name,
            county=m.county,
            checklist=cl,
            title=title,
            case_number=clean_user_text(case_number, where="--saksnummer"),
            lead=clean_user_text(lead, where="--tilsynsleder"),
            auditors=[a for a in (clean_user_text(x, where="--revisor") for x in auditors) if a],
            regime=regime,
        )

    def update_audit(self, audit_id: int, **changes: Any):
        """Change audit details; ``None`` values are left as they are."""
        from tilsyn.audit.answers import clean_user_text
        from tilsyn.text import choose

        values: dict[str, Any] = {}
        for key in ("case_number", "title", "lead"):
            if changes.get(key) is not None:
                values[key] = clean_user_text(changes[key], where=key)
        if changes.get("auditors") is not None:
            values["auditors"] = [
                a for a in (clean_user_text(x, where="--revisor") for x in changes["auditors"]) if a
            ]
        if changes.get("regime") is not None:
            values["regime"] = choose(changes["regime"], ["kl2018", "kl1992"], what="regime")
        for key in ("documentation_weeks", "comment_weeks", "rectification_weeks"):
            weeks = changes.get(key)
            if weeks is not None:
                if not 1 <= weeks <= 52:
                    raise UsageError(f"En frist må være mellom 1 og 52 uker (fikk {weeks}).")
                values[key] = weeks
        if not values:
            raise UsageError("Ingenting å endre: oppgi minst ett valg (se tilsyn endre --help).")
        return self.store.update_audit(audit_id, **values)

    def view(self, audit_id: int) -> AuditView:
        return self.store.view(audit_id)

    def deadlines(self, view: AuditView):
        from tilsyn.audit import lifecycle

        cfg = self.workspace.config
        return lifecycle.deadlines(
            [(e.type, e.date) for e in view.events],
            documentation_weeks=view.audit.documentation_weeks or cfg.documentation_weeks,
            comment_weeks=view.audit.comment_weeks or cfg.comment_weeks,
            calendar=self.calendar,
        )

    def summary(self, audit_id: int, *, today: date | None = None) -> dict[str, Any]:
        """Everything `tilsyn vis` shows, as plain data (also the --json output)."""
        from tilsyn.audit import lifecycle, scoring
        from tilsyn.app.followup_views import orders_overview

        today = today or date.today()
        v = self.view(audit_id)
        a = v.audit
        people = [p.pseudonym for p in v.participants()]
        prog = scoring.progress(v.checklist, v.answers, people)
        results = scoring.score_audit(v.checklist, v.answers, people)
        findings = []
        for r in results:
            req = v.checklist.requirement_by_ref(r.requirement_ref)
            c = v.conclusion(r.requirement_ref)
            findings.append(
                {
                    "krav": r.requirement_ref,
                    "tittel": req.title,
                    "foreslatt": r.proposed,
                    "bekreftet": c.outcome if c else None,
                    "overstyrt": bool(c and r.proposed and c.outcome != r.proposed),
                }
            )
        return {
            "id": a.id,
            "uid": a.uid,
            "tittel": a.title,
            "kommune": {
                "nummer": a.municipality_number,
                "navn": a.municipality_name,
                "fylke": a.county,
            },
            "sjekkliste": {"id": a.checklist_id, "versjon": a.checklist_version},
            "saksnummer": a.case_number,
            "tilsynsleder": a.lead,
            "revisorer": list(a.auditors),
            "regime": a.regime,
            "fase": a.status,
            "fase_tekst": lifecycle.PHASES.get(a.status, a.status),
            "hendelser": [
                {
                    "type": e.type,
                    "tekst": lifecycle.EVENTS[e.type],
                    "dato": e.date.isoformat(),
                    "notat": e.note,
                }
                for e in v.events
            ],
            "frister": [_deadline_dict(d, today) for d in self.deadlines(v)],
            "fremdrift": {"besvart": prog.answered, "totalt": prog.total, "prosent": prog.percent},
            "utvalg": None
            if v.sample is None
            else {
                "metode": v.sample.method,
                "fro": v.sample.seed,
                "populasjon": v.sample.population_size,
                "antall": len(people),
                "deltakere": people,
            },
            "dokumenter": [
                {
                    "nr": d.number,
                    "tittel": d.title,
                    "dato": d.date.isoformat() if d.date else None,
                    "type": d.type,
                    "sha256": d.sha256,
                }
                for d in v.documents
            ],
            "intervjuer": [{"rolle": i.role, "dato": i.date.isoformat()} for i in v.interviews],
            "funn": findings,
            "dokumentversjoner": [
                {
                    "type": d.kind,
                    "versjon": d.version,
                    "malform": d.language,
                    "fil": d.path,
                    "sha256": d.sha256,
                    "sendt": d.sent,
                    "sendt_tid": d.sent_at,
                }
                for d in v.document_versions
            ],
            # issue 6: the tracked orders, with deadlines and any (pending) appeal
            "palegg": orders_overview(self, audit_id, today=today),
        }

    def list_audits(
        self,
        *,
        status: str | None = None,
        municipality: str | None = None,
        year: int | None = None,
        checklist: str | None = None,
        today: date | None = None,
    ) -> list[dict[str, Any]]:
        """Audits matching the filters, with phase and progress (the `tilsyn liste` rows)."""
        from tilsyn.audit import lifecycle
        from tilsyn.text import choose, fold

        if status:
            status = choose(status, lifecycle.PHASES, what="status")
        cfg = self.workspace.config
        rows = []
        for o in self.store.overview():
            a = o.audit
            if status and a.status != status:
                continue
            if municipality and not (
                a.municipality_number == municipality.zfill(4)
                or fold(municipality) in fold(a.municipality_name)
            ):
                continue
            if checklist and fold(checklist) != fold(a.checklist_id):
                continue
            notice = next((d for k, d in o.events if k == "varsel"), None)
            audit_year = notice.year if notice else int(a.created_at[:4])
            if year and audit_year != year:
                continue
            found = lifecycle.deadlines(
                list(o.events),
                documentation_weeks=a.documentation_weeks or cfg.documentation_weeks,
                comment_weeks=a.comment_weeks or cfg.comment_weeks,
                calendar=self.calendar,
            )
            today_ = today or date.today()
            rows.append(
                {
                    "id": a.id,
                    "kommune": f"{a.municipality_number} {a.municipality_name}",
                    "sjekkliste": a.checklist_id,
                    "saksnummer": a.case_number,
                    "ar": audit_year,
                    "fase": a.status,
                    "fremdrift": _overview_progress(o),
                    "frister": [_deadline_dict(d, today_) for d in found],
                }
            )
        return rows

    def record_event(
        self,
        audit_id: int,
        kind: str,
        when: date,
        *,
        note: str | None = None,
        correct: bool = False,
    ):
        """Record a lifecycle event and what follows from it.

        - ``varsel``/``forelopig``/``endelig``/``avsluttet``: the newest produced document of
          that kind is marked as sent and frozen (``tilsyn.report.sent.mark_sent``).
        - ``endelig``: every confirmed violation becomes a tracked order
          (``tilsyn.followup.service.open_violations``).
        - ``avsluttet``: refused while a violation is not closed
          (``tilsyn.followup.service.check_closable``).
        """
        from tilsyn.audit import lifecycle
        from tilsyn.audit.answers import clean_user_text

        kind = lifecycle.event_type(kind)
        note = clean_user_text(note, where="--notat")
        if kind == "avsluttet" and not correct:
            from tilsyn.app.followup import check_closable

            check_closable(self, audit_id)
        event = self.store.add_event(audit_id, kind, when, note=note, correct=correct)
        if not correct:
            if kind == "endelig":
                from tilsyn.app.followup import open_violations

                open_violations(self, audit_id, when)
            if kind in ("varsel", "forelopig", "endelig", "avsluttet"):
                from tilsyn.app.sent import mark_sent

                mark_sent(self, audit_id, "avslutning" if kind == "avsluttet" else kind, when)
        return event

    def register_document(
        self, audit_id: int, *, title: str, when: date | None, kind: str | None, path: Path | None
    ):
        """Register a received document (path and sha256 are stored, not the file)."""
        from tilsyn.audit.answers import clean_user_text, ensure_text

        title = ensure_text(clean_user_text(title, where="--tittel"), "Tittelen")
        digest = None
        stored_path = None
        if path is not None:
            path = Path(path)
            if not path.is_file():
                raise NotFoundError(f"Finner ikke filen {path}.")
            digest = sha256_file(path)
            stored_path = str(path.resolve())
        return self.store.add_document(
            audit_id,
            title=title,
            when=when,
            kind=clean_user_text(kind, where="--type"),
            path=stored_path,
            sha256=digest,
        )

    def register_interview(
        self,
        audit_id: int,
        *,
        role: str,
        when: date,
        name: str | None = None,
        note: str | None = None,
    ):
        """Record an interview by role."""
        from tilsyn.audit.answers import clean_user_text, ensure_text

        return self.store.add_interview(
            audit_id,
            role=ensure_text(clean_user_text(role, where="--rolle"), "Rollen"),
            when=when,
            name=clean_user_text(name, where="--navn"),
            note=clean_user_text(note, where="--notat"),
        )

    def register_comment(
        self, audit_id: int, *, text: str, requirement: str | None, response: str | None
    ):
        """Record the municipality's comment on the preliminary report."""
        from tilsyn.audit.answers import clean_user_text, ensure_text

        ref = None
        if requirement:
            ref = self.store.checklist_of(audit_id).requirement_by_ref(requirement).ref_id
        return self.store.add_comment(
            audit_id,
            text=ensure_text(clean_user_text(text, where="--tekst"), "Merknaden"),
            requirement_ref=ref,
            response=clean_user_text(response, where="--vurdering"),
        )

    def resolve_document_numbers(self, view: AuditView, numbers: list[str]) -> tuple[int, ...]:
        """Document numbers typed as sources, checked against the register."""
        known = {d.number for d in view.documents}
        out = []
        for n in numbers:
            try:
                value = int(str(n).strip().lstrip("#"))
            except ValueError:
                raise UsageError(f"«{n}» er ikke et dokumentnummer (se tilsyn vis).") from None
            if value not in known:
                raise NotFoundError(
                    f"Dokument nr. {value} finnes ikke i dokumentregisteret til tilsyn "
                    f"{view.audit.id} (registrer det med tilsyn dokument)."
                )
            out.append(value)
        return tuple(out)


def _deadline_dict(d, today: date) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """A lifecycle deadline as shown by `vis` and `liste` (and in --json)."""
    return {
        "frist": d.key,
        "tekst": d.label,
        "fra": d.start.isoformat(),
        "dato": d.due.isoformat(),
        "flyttet_fra": d.moved_from.isoformat() if d.moved_from else None,
        "levert": d.done.isoformat() if d.done else None,
        "status": d.state(today),
    }


def _overview_progress(o) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Answered of needed answers from the overview's counts (as scoring.progress)."""
    cl = o.checklist
    questions = [q for _, _, q in cl.questions()]
    total = sum(1 if q.scope == "kommune" else o.sampled for q in questions)
    assessed = {opt.value for q in questions for opt in cl.options_for(q)
                if opt.meaning != "ikke_vurdert"}
    answered = min(total, sum(n for value, n in o.answer_counts.items() if value in assessed))
    return {"besvart": answered, "totalt": total,
            "prosent": round(100 * answered / total) if total else 100}
