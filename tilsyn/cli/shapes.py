"""Every ``--json`` shape of the CLI, built from the models the use cases return.

Keys are Norwegian without æ/ø/å (the contract scripts rely on); dates are ISO text.
The core never builds these: it returns models, and this module turns them into data.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from tilsyn.audit import violation as states

if TYPE_CHECKING:
    from tilsyn.app.audits import AuditListRow, AuditSummary, EventResult
    from tilsyn.app.followup import Dashboard, DueItem, Reminders
    from tilsyn.app.history import HistoryImportResult
    from tilsyn.app.procedure import RequirementPoints
    from tilsyn.app.selfassessment import SelfImportResult
    from tilsyn.app.survey import SurveyImportResult
    from tilsyn.app.workbooks import ImportResult
    from tilsyn.audit.lifecycle import Deadline
    from tilsyn.audit.models import AnswerChange, Audit, LogEntry, Remark
    from tilsyn.audit.selfassessment import SelfAssessmentView
    from tilsyn.audit.violation import Violation
    from tilsyn.stats.calibration import CaseCalibration
    from tilsyn.stats.model import Statistics, Table


def deadline(d: Deadline, today: date) -> dict[str, Any]:
    """A lifecycle deadline as shown by `vis` and `liste`."""
    return {
        "frist": d.key,
        "tekst": d.label,
        "fra": d.start.isoformat(),
        "dato": d.due.isoformat(),
        "flyttet_fra": d.moved_from.isoformat() if d.moved_from else None,
        "levert": d.done.isoformat() if d.done else None,
        "status": d.state(today),
    }


def audit_summary(s: AuditSummary) -> dict[str, Any]:
    """`tilsyn vis ID --json`."""
    from tilsyn.audit import lifecycle

    v = s.view
    a = v.audit
    people = [p.pseudonym for p in v.participants()]
    findings = []
    for r in s.results:
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
        "regime_begrunnelse": a.regime_reason,
        "varseldato_planlagt": a.notice_planned.isoformat() if a.notice_planned else None,
        "overgangsregel": a.transitional,
        "brev": {
            "postadresse": a.recipient_address,
            "adressat_ved": a.recipient_attention,
            "deres_ref": a.their_reference,
            "kopi_til": list(a.copy_to),
        },
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
        "frister": [deadline(d, s.today) for d in s.deadlines],
        "fremdrift": {
            "besvart": s.progress.answered,
            "totalt": s.progress.total,
            "prosent": s.progress.percent,
        },
        "utvalg": None
        if v.sample is None
        else {
            "metode": v.sample.method,
            "fro": v.sample.seed,
            "populasjon": v.sample.population_size,
            "kriterier": v.sample.criteria,
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
        "intervjuer": [
            {"rolle": i.role, "dato": i.date.isoformat(), "antall": i.people} for i in v.interviews
        ],
        "funn": findings,
        "avgrenset": [{"krav": sc.requirement_ref, "begrunnelse": sc.reason} for sc in v.scoped],
        "merknader": [{"krav": r.requirement_ref, "tekst": r.text} for r in v.remarks],
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
        "palegg": [order_overview(o, s.today) for o in s.violations],
        "opprinnelse": a.origin,
        "import": None
        if s.source is None
        else {
            "fil": s.source["source"],
            "rader": s.source["rows"],
            "sha256": s.source["sha256"],
            "kontor": s.source["office_id"],
            "importert": s.source["imported_at"],
            "importert_av": s.source["imported_by"],
        },
        "kalibrering": calibration(s.calibration),
        "kontroll": list(s.integrity),
    }


def calibration(c: CaseCalibration | None) -> dict[str, Any] | None:
    """The ``kalibrering`` part of `tilsyn vis ID --json`."""
    if c is None:
        return None
    return {
        "egenvurdering": c.self_assessment_id,
        "ar": c.year,
        "status": c.status,
        "opprinnelse": c.origin,
        "samsvar": c.agree,
        "avvik": c.disagree,
        "svarte_ja_ved_brudd": c.optimistic,
        "sporsmal": [
            {
                "ref": q.question_ref,
                "krav": q.requirement_ref,
                "tekst": q.question,
                "kommunens_svar": q.self_answer,
                "funn": q.finding,
                "funn_tekst": q.finding_text,
                "samsvar": q.agrees,
            }
            for q in c.questions
        ],
    }


def audit_row(r: AuditListRow, today: date) -> dict[str, Any]:
    """One row of `tilsyn liste --json`."""
    a = r.audit
    return {
        "id": a.id,
        "kommune": f"{a.municipality_number} {a.municipality_name}",
        "sjekkliste": a.checklist_id,
        "saksnummer": a.case_number,
        "ar": r.year,
        "fase": a.status,
        "opprinnelse": a.origin,
        "fremdrift": {
            "besvart": r.progress.answered,
            "totalt": r.progress.total,
            "prosent": r.progress.percent,
        },
        "frister": [deadline(d, today) for d in r.deadlines],
    }


def _overdue(v: Violation, today: date) -> list[dict[str, Any]]:
    return [
        {"frist": k, "dato": d, "dager_over": (today - d).days} for k, d in states.overdue(v, today)
    ]


def order_overview(v: Violation, today: date) -> dict[str, Any]:
    """An audit's tracked order in short (the ``palegg`` part of `tilsyn vis ID`)."""
    return {
        "ref": f"{v.audit_id}/{v.number}",
        "nummer": v.number,
        "krav": v.requirement_ref,
        "tittel": v.title,
        "status": v.status,
        "status_tekst": states.label(v.status or ""),
        "rettefrist": v.rectification_deadline.isoformat(),
        "tilbakemeldingsfrist": v.feedback_deadline.isoformat(),
        "forfalt": [
            {"frist": k, "dato": d.isoformat(), "dager_over": (today - d).days}
            for k, d in states.overdue(v, today)
        ],
        "klage": states.appeal_text(v),
        "klage_til_behandling": v.pending_appeal is not None,
    }


def violation(v: Violation, audit: Audit, today: date) -> dict[str, Any]:
    """One violation with its history (`tilsyn lovbrudd vis/liste --json`)."""
    return {
        "ref": f"{v.audit_id}/{v.number}",
        "tilsyn": v.audit_id,
        "nummer": v.number,
        "kommune": {"nummer": audit.municipality_number, "navn": audit.municipality_name},
        "saksnummer": audit.case_number,
        "krav": v.requirement_ref,
        "tittel": v.title,
        "palegg": v.order_text,
        "regime": v.regime,
        "planfrist": v.plan_deadline,
        "rettefrist": v.rectification_deadline,
        "tilbakemeldingsfrist": v.feedback_deadline,
        "status": v.status,
        "status_tekst": states.label(v.status or ""),
        "status_begrunnelse": v.status_reason,
        "lukket_tid": v.closed_at,
        "forfalt": _overdue(v, today),
        "klage": states.appeal_text(v),
        "klage_til_behandling": v.pending_appeal is not None,
        "korreksjonspunkter": [
            {
                "ref": p.ref_id,
                "tekst": p.text,
                "vurdering": p.assessment,
                "begrunnelse": p.assessment_reason,
                "vurdert_tid": p.assessed_at,
                "vurdert_av": p.assessed_by,
            }
            for p in v.points
        ],
        "tilbakemeldinger": [
            {
                "mottatt": f.received,
                "punkt": f.point_ref,
                "tekst": f.text,
                "dokumenter": list(f.document_refs),
            }
            for f in v.feedback
        ],
        "fristendringer": [
            {
                "fra": c.old_deadline,
                "til": c.new_deadline,
                "begrunnelse": c.reason,
                "av": c.created_by,
                "tid": c.created_at,
            }
            for c in v.deadline_changes
        ],
        "klager": [
            {
                "mottatt": a.received,
                "oversendt": a.forwarded,
                "utfall": a.outcome,
                "utfallsdato": a.outcome_date,
                "notat": a.note,
            }
            for a in v.appeals
        ],
    }


def due_item(i: DueItem, today: date) -> dict[str, Any]:
    """A deadline on the dashboard."""
    from tilsyn.app.followup import KIND_LABELS

    left = i.days_left(today)
    a = i.audit
    return {
        "tilsyn": a.id,
        "kommune": {"nummer": a.municipality_number, "navn": a.municipality_name},
        "saksnummer": a.case_number,
        "frist": i.kind,
        "frist_tekst": KIND_LABELS[i.kind],
        "lovbrudd": i.violation,
        "ref": f"{a.id}/{i.violation}" if i.violation else str(a.id),
        "dato": i.due.isoformat(),
        "dager_igjen": max(left, 0),
        "dager_over": max(-left, 0),
        "merknad": i.note,
    }


def dashboard(d: Dashboard) -> dict[str, Any]:
    """`tilsyn status --json`."""
    from tilsyn.audit import lifecycle

    return {
        "idag": d.today.isoformat(),
        "dager": d.days,
        "faser": [
            {
                "fase": phase,
                "tekst": lifecycle.PHASES.get(phase, phase),
                "antall": len(rows),
                "tilsyn": [
                    {
                        "id": a.id,
                        "kommune": f"{a.municipality_number} {a.municipality_name}",
                        "sjekkliste": a.checklist_id,
                        "saksnummer": a.case_number,
                        "apne_palegg": open_orders,
                    }
                    for a, open_orders in rows
                ],
            }
            for phase, rows in d.phases.items()
        ],
        "kommende": [due_item(i, d.today) for i in d.upcoming],
        "forfalt": [due_item(i, d.today) for i in d.overdue],
    }


def reminders(r: Reminders, letters: list[str]) -> dict[str, Any]:
    """`tilsyn paminnelser --json`."""
    return {
        "idag": r.today.isoformat(),
        "dager": r.days,
        "kommende": [due_item(i, r.today) for i in r.upcoming],
        "tilbakemelding_forfalt": [due_item(i, r.today) for i in r.late_feedback],
        "brev_til_tilsyn": r.audits,
        "brev": letters,
    }


def answer_changes(changes: list[AnswerChange], *, dry_run: bool) -> dict[str, Any]:
    """`tilsyn vurder --fil --json`."""
    counts = {k: sum(1 for c in changes if c.kind == k) for k in ("ny", "endret", "uendret")}
    return {
        "torrkjoring": dry_run,
        "nye": counts["ny"],
        "endret": counts["endret"],
        "uendret": counts["uendret"],
        "endringer": [
            {
                "sporsmal": c.slot[0],
                "deltaker": c.slot[1] or None,
                "type": c.kind,
                "gammelt": c.old,
                "nytt": c.new,
            }
            for c in changes
            if c.kind != "uendret"
        ],
    }


def workbook_import(r: ImportResult) -> dict[str, Any]:
    """`tilsyn arbeidsbok importer --json`."""
    return {
        "fil": r.file,
        "sha256": r.sha256,
        "torrkjoring": r.dry_run,
        "nye": r.new,
        "endrede": r.changed,
        "uendrede": r.unchanged,
        "tomme_beholdt": r.kept,
        "timeplaner": r.timetables,
        "endringer": [
            {
                "sporsmal": c.slot[0],
                "deltaker": c.slot[1] or None,
                "type": c.kind,
                "fra": c.old,
                "til": c.new,
            }
            for c in r.changes
        ],
        "forslag": r.proposals,
    }


def self_import(r: SelfImportResult) -> dict[str, Any]:
    """`tilsyn egenvurdering importer --json`."""
    return {
        "fil": r.file,
        "sha256": r.sha256,
        "torrkjoring": r.dry_run,
        "status": r.status,
        "nye": r.new,
        "endrede": r.changed,
        "uendrede": r.unchanged,
        "mangler": r.missing,
    }


def self_assessment(view: SelfAssessmentView) -> dict[str, Any]:
    """`tilsyn egenvurdering vis --json`."""
    from tilsyn.audit.selfassessment import meaning, missing

    r = view.record
    cl = view.checklist
    rows = []
    for _, req, q in cl.questions():
        a = view.answer(q.ref_id)
        rows.append(
            {
                "ref": q.ref_id,
                "krav": req.ref_id,
                "sporsmal": q.question,
                "svar": a.answer if a else None,
                "betydning": meaning(view, q, a.answer) if a else None,
                "forklaring": a.explanation if a else None,
                "dokumenter": a.document_refs if a else None,
            }
        )
    return {
        "id": r.id,
        "uid": r.uid,
        "kommune": {
            "nummer": r.municipality_number,
            "navn": r.municipality_name,
            "fylke": r.county,
        },
        "sjekkliste": {"id": r.checklist_id, "versjon": r.checklist_version, "tittel": cl.title},
        "ar": r.year,
        "tilsyn": r.audit_id,
        "status": r.status,
        "besvart": sum(1 for x in rows if x["svar"]),
        "totalt": len(rows),
        "mangler": missing(view),
        "risiko": [x["ref"] for x in rows if x["betydning"] == "brudd"],
        "svar": rows,
    }


def log(
    audit: Audit, entries: list[LogEntry], problems: list[str], verified: bool | None
) -> dict[str, Any]:
    """`tilsyn logg ID --json`."""
    return {
        "tilsyn": audit.id,
        "verifisert": verified,
        "feil": problems,
        "linjer": [
            {
                "nr": e.seq,
                "tid": e.at,
                "bruker": e.user,
                "handling": e.action,
                "gjelder": e.entity,
                "gammel": e.old,
                "ny": e.new,
                "hash": e.hash,
            }
            for e in entries
        ],
    }


def produced_document(r: Any) -> dict[str, Any]:
    """`tilsyn rapport --json` (a :class:`tilsyn.app.documents.ProducedDocument`)."""
    return {
        "tilsyn": r.audit_id,
        "type": r.kind,
        "versjon": r.version,
        "malform": r.malform,
        "fil": str(r.path),
        "sha256": r.sha256,
        "mal": str(r.template),
        "pdf": str(r.pdf) if r.pdf else None,
        "advarsler": list(r.warnings),
    }


def event_result(result: EventResult, summary: dict[str, Any]) -> dict[str, Any]:
    """`tilsyn hendelse ... --json`: the event, what followed from it and the warnings."""
    e = result.event
    return {
        "hendelse": e.type,
        "dato": e.date,
        "fase": summary["fase"],
        "frister": summary["frister"],
        "fullfort": result.completed,
        "palegg_apnet": len(result.opened),
        "sendt": result.sent.kind if result.sent else None,
        "advarsler": list(result.warnings),
    }


def remark_rows(remarks: list[Remark]) -> list[dict[str, Any]]:
    """`tilsyn merknad ID --json`: the remarks numbered as in the reports."""
    return [
        {"nr": n, "krav": r.requirement_ref, "tekst": r.text}
        for n, r in enumerate(remarks, start=1)
    ]


def point_rows(listed: list[RequirementPoints]) -> list[dict[str, Any]]:
    """`tilsyn korreksjonspunkt ID --json`: each order's points and why they are ordered."""
    return [
        {
            "krav": r.requirement_ref,
            "tittel": r.title,
            "konklusjon": r.outcome,
            "punkter": [
                {
                    "punkt": p.point.ref_id,
                    "med": p.ordered,
                    "avvik": list(p.deviations),
                    "valg": p.choice,
                    "begrunnelse": p.reason,
                }
                for p in r.points
            ],
        }
        for r in listed
    ]


def history_import(r: HistoryImportResult) -> dict[str, Any]:
    """`tilsyn historikk importer --json`."""
    return {
        "fil": r.file,
        "sha256": r.sha256,
        "torrkjoring": r.dry_run,
        "tilsyn": len(r.audits),
        "kommuner": r.municipalities,
        "krav": r.requirements,
        "lovbrudd": r.violations,
        "ider": r.ids,
        "liste": [
            {
                "rader": a.rows,
                "kommune": a.municipality.number,
                "navn": a.municipality.name,
                "ar": a.year,
                "sjekkliste": a.checklist.id,
                "saksnummer": a.case_number,
                "kontor": a.office_id,
                "endelig": a.final_report.isoformat() if a.final_report else None,
                "avsluttet": a.closed.isoformat() if a.closed else None,
                "konklusjoner": dict(a.conclusions),
            }
            for a in r.audits
        ],
    }


def survey_import(r: SurveyImportResult) -> dict[str, Any]:
    """`tilsyn egenvurdering importer-svar --json`."""
    return {
        "fil": r.file,
        "sha256": r.sha256,
        "torrkjoring": r.dry_run,
        "sjekkliste": r.checklist_id,
        "egenvurderinger": len(r.forms),
        "svar": r.answers,
        "ar": r.years,
        "ider": r.ids,
        "skjemaer": [
            {
                "rader": f.rows,
                "kommune": f.municipality.number,
                "navn": f.municipality.name,
                "ar": f.year,
                "tilsyn": f.audit_id,
                "status": f.status,
                "svar": dict(f.answers),
            }
            for f in r.forms
        ],
    }


def stats_table(t: Table) -> dict[str, Any]:
    """One table of `tilsyn statistikk --json`: rows as objects keyed by column name;
    suppressed cells are null and listed under ``prikket``."""
    from tilsyn.stats.model import SUPPRESSED

    rows, hidden = [], []
    for i, r in enumerate(t.rows):
        obj = {}
        for c, v in zip(t.columns, r, strict=True):
            if v is SUPPRESSED:
                hidden.append({"rad": i, "kolonne": c.name})
                v = None
            obj[c.name] = round(v, 4) if isinstance(v, float) else v
        rows.append(obj)
    return {
        "tittel": t.title,
        "kolonner": t.headers,
        "rader": rows,
        "prikket": hidden,
        "fotnoter": list(t.footnotes),
    }


def statistics(stats: Statistics) -> dict[str, Any]:
    """`tilsyn statistikk --json` (without the files written)."""
    f = stats.filters
    return {
        "utvalg": {
            "fra_ar": f.from_year,
            "til_ar": f.to_year,
            "sjekkliste": f.checklist,
            "fylker": list(f.counties),
            "kontorer": list(f.offices),
            "kommuner": list(f.municipalities),
            "per": f.per.isoformat() if f.per else None,
        },
        "publisering": stats.publication,
        "min_antall": stats.min_count,
        "sammendrag": stats.summary,
        "tabeller": {t.key: stats_table(t) for t in stats.tables},
    }
