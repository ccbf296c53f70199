"""The template context: everything a document template can use, built from an audit.

Every variable is documented in docs/malkontekst.md (a test keeps the two in step).
Keys are Norwegian without æøå, like the JSON output of the CLI. Dates are already
written out in Norwegian ("1. mars 2017"); an empty string means "not known yet".
Participants appear only as pseudonyms, and only when ``show_pseudonyms`` is set;
otherwise only counts ("3 av 8 deltakermapper").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from tilsyn.audit.answers import meaning_of
from tilsyn.audit.calendar import format_date
from tilsyn.audit.lifecycle import APPEAL_WEEKS
from tilsyn.audit.scoring import score_audit
from tilsyn.audit.values import Meaning, Outcome, Regime, Scope
from tilsyn.report import phrases

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from tilsyn.audit.legal import LegalFrame
    from tilsyn.audit.lifecycle import Deadlines, DeadlineWeeks
    from tilsyn.audit.models import AuditView
    from tilsyn.audit.violation import Violation
    from tilsyn.checklist.model import Checklist, ControlQuestion

Signer = tuple[str, str, str | None]
"""A signatory: name, title, and the title in nynorsk when the office has given it."""


@dataclass(frozen=True)
class ContextOptions:
    """What the caller decides about one document."""

    kind: str
    malform: str  # bokmal | nynorsk
    report_date: date
    version: int = 1
    show_pseudonyms: bool = False


def _d(value: date | None, malform: str) -> str:
    return format_date(value, malform) if value else ""


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def localized_violation(v: Violation, checklist: Checklist, malform: str) -> Violation:
    """``v`` with its title, order text and correction points in ``malform``.

    Violations keep the checklist's bokmål texts from when the final report was written.
    A stored text that is still the checklist's bokmål text is replaced by the checklist's
    nynorsk text (``nn``, falling back to bokmål); a text edited since is kept as stored.
    """
    from dataclasses import replace

    from tilsyn.errors import NotFoundError

    if malform != "nynorsk":
        return v
    try:
        req = checklist.requirement_by_ref(v.requirement_ref)
    except NotFoundError:  # the violation names a requirement outside the checklist
        return v
    order = req.order
    cps = {p.ref_id: p for p in order.correction_points} if order is not None else {}

    def pick(stored: str, item: Any, field: str) -> str:
        if item is not None and _same(stored or "", getattr(item, field)):
            return item.text_in(field, malform)
        return stored

    points = tuple(
        replace(
            p,
            text=pick(p.text, cps[p.ref_id], "text")
            if p.ref_id in cps
            else pick(p.text, req, "requirement"),
        )
        for p in v.points
    )
    return replace(
        v,
        title=pick(v.title, req, "title"),
        order_text=pick(v.order_text, order, "text"),
        points=points,
    )


def build_context(
    view: AuditView,
    frame: LegalFrame,
    deadlines: Deadlines,
    weeks: DeadlineWeeks,
    options: ContextOptions,
    violations: list[Violation],
    signatories: Sequence[Signer],
    *,
    electronic_approval: bool = False,
) -> dict[str, Any]:
    """The full template context for one document (see docs/malkontekst.md).

    ``frame`` is the legal frame on the document's date, ``deadlines`` the audit's
    deadlines as the document states them, ``violations`` those the final report leads
    to (planned or tracked), ``signatories`` (name, title) or (name, title, nynorsk title)
    of the audit's team members who sign (:func:`signatory_entries`);
    ``electronic_approval``: the office approves documents electronically (the letter
    says so under the signatures).
    """
    m = options.malform
    audit = view.audit
    # Requirements scoped out of the audit leave every list the documents show.
    cl = view.assessed_checklist
    violations = [localized_violation(v, view.checklist, m) for v in violations]
    today = options.report_date
    people = [p.pseudonym for p in view.participants()]

    # --- requirements, findings --------------------------------------------------------
    results = {r.requirement_ref: r for r in score_audit(cl, view.answers, people)}
    by_req_violation = {v.requirement_ref: v for v in violations}
    krav: list[dict[str, Any]] = []
    lovbrudd: list[dict[str, Any]] = []
    merknader: list[dict[str, Any]] = []
    questions: list[dict[str, Any]] = []
    themes: list[dict[str, Any]] = []
    legal_appendix: dict[str, str] = {}
    basis = frame.supervision
    n_remark = 0
    for theme in cl.themes:
        themes.append(
            {
                "ref": theme.ref_id,
                "tittel": theme.text_in("title", m),
                "beskrivelse": theme.text_in("description", m),
            }
        )
        for req in theme.requirements:
            section = f"5.{len(krav) + 1}"
            c = view.conclusion(req.ref_id)
            outcome = c.outcome if c else ""
            result = results.get(req.ref_id)
            qs = []
            for q, qr in zip(req.questions, result.questions if result else [], strict=False):
                meaning = None
                if q.scope == Scope.MUNICIPALITY:
                    a = view.answer(q.ref_id)
                    meaning = meaning_of(cl, q, a.answer) if a else None
                qs.append(
                    {
                        "ref": q.ref_id,
                        "sporsmal": q.text_in("question", m),
                        "omfang": q.scope,
                        "omfang_tekst": phrases.SCOPE[m][q.scope],
                        "resultat": phrases.question_result(
                            q.scope, qr.breaches, qr.compliant, meaning, m
                        ),
                        "avvik": qr.breaches,
                        "vurdert": qr.breaches + qr.compliant
                        if q.scope == Scope.PARTICIPANT
                        else (1 if meaning in (Meaning.COMPLIANT, Meaning.BREACH) else 0),
                        "avvik_pseudonymer": _breaching(view, cl, q)
                        if options.show_pseudonyms and q.scope == Scope.PARTICIPANT
                        else [],
                    }
                )
                questions.append(
                    {
                        "ref": q.ref_id,
                        "krav_ref": req.ref_id,
                        "sporsmal": q.text_in("question", m),
                        "omfang": q.scope,
                        "punkt": section,
                    }
                )
            citations = [
                {"sitat": phrases.cite(b.cite(m), m), "url": b.url, "tekst": b.text_in("text", m)}
                for b in req.legal_basis
            ]
            for ci in citations:
                legal_appendix.setdefault(ci["sitat"], ci["url"])
            v = by_req_violation.get(req.ref_id)
            remark_numbers = []
            for r in view.remarks_for(req.ref_id):
                n_remark += 1
                remark_numbers.append(n_remark)
                merknader.append(
                    {
                        "nr": n_remark,
                        "ref": req.ref_id,
                        "tittel": req.text_in("title", m),
                        "tekst": r.text,
                        "konklusjon": (c.conclusion if c else "") or "",
                        "hjemmel": phrases.join_citations([ci["sitat"] for ci in citations], m),
                    }
                )
            entry = {
                "nr": len(krav) + 1,
                "punkt": section,
                "ref": req.ref_id,
                "tittel": req.text_in("title", m),
                "tema": theme.text_in("title", m),
                "krav": req.text_in("requirement", m),
                "hjemmel": phrases.join_citations([ci["sitat"] for ci in citations], m),
                "hjemler": citations,
                "sporsmal": qs,
                "utfall": outcome,
                "utfall_tekst": phrases.OUTCOMES[m].get(outcome, ""),
                "er_lovbrudd": outcome == Outcome.VIOLATION,
                "er_merknad": outcome == Outcome.REMARK,
                "praksis": (c.practice if c else "") or "",
                "vurdering": (c.assessment if c else "") or "",
                "konklusjon": (c.conclusion if c else "") or "",
                "lovbrudd_nr": v.number if v else "",
                "merknad_nr": remark_numbers[0] if remark_numbers else "",
                "merknad_nrs": remark_numbers,
                "resultat": phrases.requirement_result(
                    outcome, v.number if v else None, remark_numbers, m
                ),
            }
            krav.append(entry)

    kl1992 = frame.regime == Regime.KL1992
    separate_order = options.kind == "palegg" and kl1992
    for v in violations:
        req_entry = next((k for k in krav if k["ref"] == v.requirement_ref), None)
        status = v.status or ""
        grounds = _point_grounds(view, v, req_entry, m)
        points = [
            {
                "nr": f"{v.number}.{i}",
                "ref": p.ref_id,
                "tekst": p.text,
                "grunnlag": grounds.get(p.ref_id, ""),
                "vurdering": phrases.POINT_ASSESSMENT[m].get(p.assessment or "", ""),
                "begrunnelse": p.assessment_reason or "",
            }
            for i, p in enumerate(v.points, start=1)
            # A kl. 1992 order covers what is not rectified yet.
            if not (separate_order and p.assessment == "rettet")
        ]
        lovbrudd.append(
            {
                "nr": v.number,
                "ref": v.requirement_ref,
                "tittel": v.title,
                "hjemmel": req_entry["hjemmel"] if req_entry else "",
                "konklusjon": req_entry["konklusjon"] if req_entry else "",
                "palegg": v.order_text,
                "korreksjonspunkter": points,
                # A kl. 1992 order sets its own deadline; the one in the report ran out.
                "frist": _d(deadlines.order, m)
                if separate_order and deadlines.order
                else _d(v.rectification_deadline, m),
                "frist_forrige": _d(v.rectification_deadline, m) if separate_order else "",
                "frist_plan": _d(v.plan_deadline, m),
                "frist_tilbakemelding": _d(v.feedback_deadline, m),
                "status": status,
                "status_tekst": phrases.VIOLATION_STATUS[m].get(status, ""),
                "lukket": v.closed,
                "lukket_dato": _d(v.closed_on, m),
                "grunnlag": v.rectification_basis() or (v.status_reason or ""),
                "tilbakemeldinger": [
                    {"dato": _d(f.received, m), "tekst": f.text} for f in v.feedback
                ],
            }
        )

    rect_deadlines = [v.rectification_deadline for v in violations]
    if separate_order and deadlines.order:
        rect_deadlines = [deadlines.order]
    plan_deadlines = [v.plan_deadline for v in violations if v.plan_deadline]

    # --- legal appendix ----------------------------------------------------------------
    appendix: list[dict[str, str]] = []
    if basis:
        appendix.append(
            {"sitat": phrases.cite(f"{frame.law_short_name} § {basis.text}", m), "url": basis.url}
        )
    for cite, url in legal_appendix.items():
        if cite not in {a["sitat"] for a in appendix}:
            appendix.append({"sitat": cite, "url": url})
    procedure = frame.procedure
    procedural = [procedure.chapter, procedure.information, procedure.order]
    if procedure.administrative is not None and procedure.administrative.confirmed:
        procedural.append(procedure.administrative)
    for citation in [*procedural, *frame.administrative]:
        cite = phrases.cite(citation.text, m)
        if cite not in {a["sitat"] for a in appendix}:
            appendix.append({"sitat": cite, "url": citation.url})
    for rule in frame.transitional:
        cite = rule.legal_basis.cite(m)
        if cite not in {a["sitat"] for a in appendix}:
            appendix.append({"sitat": cite, "url": rule.legal_basis.url or ""})
    appendix = _sorted_appendix(appendix)
    administrative = procedure.administrative
    why_decision = phrases.enkeltvedtak(
        frame.regime,
        m,
        chapter=phrases.cite(procedure.chapter.text, m),
        order=phrases.cite(procedure.order.text, m),
        basis=phrases.cite(administrative.text, m)
        if administrative is not None and administrative.confirmed
        else None,
    )

    # --- conduct: meetings, interviews, documents, sample -------------------------------
    meetings = [
        {"type": phrases.EVENT_NAMES[m][e.type], "dato": _d(e.date, m), "notat": e.note or ""}
        for e in view.events
        if e.type in phrases.EVENT_NAMES[m]
    ]
    # Interviews by role: how many people took part (a group conversation recorded once
    # is one interview with several people); unknown counts (recorded before the count
    # was kept) are phrased by interviews, never guessed.
    n_interviews = len(view.interviews)
    counted = all(i.people for i in view.interviews)
    n_people = sum(i.people or 0 for i in view.interviews) if counted else None
    roles = []
    for role in dict.fromkeys(i.role for i in view.interviews):
        mine = [i for i in view.interviews if i.role == role]
        dates = sorted({i.date for i in mine})
        roles.append(
            {
                "rolle": role,
                "antall": sum(i.people or 0 for i in mine)
                if all(i.people for i in mine)
                else len(mine),
                "intervjuer": len(mine),
                "datoer": phrases.join_and([_d(d, m) for d in dates], m),
            }
        )
    sample = view.sample
    size = len(people)
    office = frame.office
    sample_ctx = {
        "finnes": sample is not None and size > 0,
        "antall": size,
        "populasjon": (sample.population_size or "") if sample else "",
        "metode": sample.method if sample else "",
        "fro": (sample.seed or "") if sample else "",
        "tekst": (
            phrases.of_files(size, sample.population_size, m)
            if sample and sample.population_size
            else phrases.files(size, m)
        ),
        "beskrivelse": phrases.sample_description(
            sample.method,
            size,
            sample.population_size,
            sample.seed,
            office.short,
            m,
            criteria=sample.criteria,
        )
        if sample
        else "",
        "kriterier": (sample.criteria or "") if sample else "",
        "vis_pseudonymer": options.show_pseudonyms,
        "pseudonymer": list(people) if options.show_pseudonyms else [],
    }
    evidence, file_evidence = _evidence(cl, m)

    n_viol = len(lovbrudd)
    title = phrases.DOC_TITLES[m][options.kind]
    if options.kind == "palegg" and not kl1992:
        title = phrases.COVERING_ORDER_TITLE[m]
    team = [x for x in [audit.lead, *audit.auditors] if x]
    letter_title = _document_title(view, frame, m)
    documentation = deadlines.get("dokumentasjon")
    comments = deadlines.get("uttalelse")
    # What the process was, from what was recorded (never assumed).
    received = view.event_date("dokumentasjon")
    sources = phrases.Sources(
        documents=bool(view.documents) or received is not None,
        interviews=phrases.interviews(n_interviews, n_people, m) if n_interviews else "",
        files=sample_ctx["tekst"] if sample_ctx["finnes"] else "",
    )
    preliminary = view.event_date("forelopig")
    final_date = view.event_date("endelig") or (
        today if options.kind in ("endelig", "palegg") else None
    )
    comment_text = phrases.comments_text(
        preliminary=preliminary is not None,
        comments=len(view.comments),
        answered=view.event_date("uttalelse"),
        due=comments.due if comments else None,
        report_date=today,
        office=frame.office.short,
        malform=m,
    )
    return {
        "dokument": {
            "type": options.kind,
            "tittel": title,
            "malform": m,
            "nynorsk": m == "nynorsk",
            "dato": _d(today, m),
            "dato_iso": today.isoformat(),
            "ar": today.year,
            "versjon": options.version,
            # kl. 2018: a separate `palegg` is a covering letter, not a second decision.
            "folgebrev": options.kind == "palegg" and not kl1992,
            # A closing letter sent with the final report (no violations): it covers it.
            "med_endelig_rapport": options.kind == "avslutning"
            and n_viol == 0
            and final_date is not None
            and final_date == today,
        },
        "kontor": {
            "navn": office.name,
            "kort": office.short,
            "genitiv": office.genitive,
            "avdeling": office.department,
            "adresse": office.address,
            "epost": office.email,
            "telefon": office.phone,
            "klageinstans": frame.appeal.name,
        },
        "underskrivere": signatory_entries(signatories, m),
        "mottaker": recipient(audit, frame.municipality_name, frame.administration_head),
        "brev": letter_block(audit, electronic_approval=electronic_approval),
        "logo": "",
        "kommune": {
            "nummer": frame.municipality_number,
            "navn": frame.municipality_name,
            "navn_kommune": f"{frame.municipality_name} kommune",
            "fylke": frame.county,
        },
        "tilsyn": {
            "id": audit.id,
            "tittel": letter_title,
            "tema": cl.text_in("title", m),
            "saksnummer": audit.case_number or "",
            "tilsynsleder": audit.lead or "",
            "revisorer": list(audit.auditors),
            "team": phrases.join_and(team, m),
            "regime": frame.regime,
            "regime_begrunnelse": frame.regime_reason,
            "gammel_kommunelov": kl1992,
            "sjekkliste": cl.id,
            "sjekkliste_versjon": cl.version,
        },
        "lov": {
            "navn": frame.law_name,
            "kortnavn": phrases.cite(frame.law_short_name, m),
            "lovdata_url": frame.law_url,
            "enkeltvedtak": why_decision,
            "overgangsregel": " ".join(r.text_in("applies_text", m) for r in frame.transitional),
            "tilsynshjemmel": phrases.cite(f"{frame.law_short_name} § {basis.text}", m)
            if basis
            else "",
            "tilsynshjemmel_url": basis.url if basis else "",
            "palegg": phrases.cite(procedure.order.text, m),
            "palegg_url": procedure.order.url,
            "innsyn": phrases.cite(procedure.information.text, m),
            "innsyn_url": procedure.information.url,
            "kommunelov_kapittel": phrases.cite(procedure.chapter.text, m),
        },
        "datoer": {
            k: _d(view.event_date(k), m)
            for k in (
                "varsel",
                "dokumentasjon",
                "formote",
                "apningsmote",
                "forelopig",
                "uttalelse",
                "sluttmote",
                "endelig",
                "palegg",
                "avsluttet",
            )
        },
        "frister": {
            "dokumentasjon": _d(documentation.due, m) if documentation else "",
            "uttalelse": _d(comments.due, m) if comments else "",
            "retting": _d(min(rect_deadlines), m)
            if rect_deadlines
            else _d(deadlines.rectification, m),
            "plan": _d(min(plan_deadlines), m)
            if plan_deadlines
            else (_d(deadlines.plan, m) if kl1992 else ""),
            "klage": _d(deadlines.appeal, m),
            "palegg": _d(deadlines.order, m),
        },
        "uker": {
            "dokumentasjon": weeks.documentation,
            "uttalelse": weeks.comments,
            "retting": weeks.rectification,
            "klage": APPEAL_WEEKS,
        },
        "moter": meetings,
        "intervjuer": {
            "antall": n_interviews,
            "personer": n_people if n_people is not None else "",
            "roller": roles,
            "antall_tekst": phrases.interviewed(n_interviews, n_people, m),
            "setning": phrases.interviews(n_interviews, n_people, m),
            "bestemt": phrases.definite(
                n_interviews,
                m,
                bokmal=("intervjuet", "intervjuene"),
                nynorsk=("intervjuet", "intervjua"),
            ),
            "tekst": phrases.join_and(
                [r["rolle"] + (f" ({r['antall']})" if r["antall"] > 1 else "") for r in roles], m
            ),
        },
        "kilder": {
            "dokumenter": sources.documents,
            "intervjuer": bool(n_interviews),
            "mapper": sample_ctx["finnes"],
            "finnes": sources.any,
            "tekst": sources.basis(m),
            "gjort": sources.done(m),
        },
        "uttalelse": {
            "forelopig_sendt": preliminary is not None,
            "mottatt": bool(view.comments) or view.event_date("uttalelse") is not None,
            "tekst": comment_text,
        },
        "dokumenter": [
            {"nr": d.number, "tittel": d.title, "dato": _d(d.date, m), "type": d.type or ""}
            for d in view.documents
        ],
        "dokumentasjonskrav": evidence,
        "dokumentasjonskrav_mapper": file_evidence,
        "utvalg": sample_ctx,
        "tema": themes,
        "kontrollsporsmal": questions,
        "krav": krav,
        "lovbrudd": lovbrudd,
        "merknader": merknader,
        "funn": {
            "antall_lovbrudd": n_viol,
            "lovbrudd_tekst": phrases.violations_count(n_viol, m),
            **phrases.agreement(n_viol, m),
            "antall_merknader": len(merknader),
            "merknader_tekst": phrases.remarks(len(merknader), m),
            "merknadene": phrases.definite(
                len(merknader),
                m,
                bokmal=("merknaden", "merknadene"),
                nynorsk=("merknaden", "merknadene"),
            ),
            "har_lovbrudd": n_viol > 0,
            "har_merknader": bool(merknader),
            "har_funn": bool(n_viol or merknader),
            "alle_lukket": all(v["lukket"] for v in lovbrudd),
            "avgrenset": [
                {
                    "ref": sc.requirement_ref,
                    "tittel": _title(view.checklist, sc.requirement_ref, m),
                    "begrunnelse": sc.reason,
                }
                for sc in view.scoped
            ],
            "lovbrudd_krav": phrases.join_and([v["ref"] for v in lovbrudd], m),
        },
        "uttalelser": [_comment(c, cl, m, krav) for c in view.comments],
        "vedlegg_lovgrunnlag": appendix,
    }


def signatory_entries(signatories: Sequence[Signer], malform: str) -> list[dict[str, str]]:
    """``underskrivere``: each signatory's name and title in the document's language form
    (the nynorsk title from the settings when given, else derived with
    :func:`phrases.title_in`: seniorrådgiver → seniorrådgjevar)."""
    out = []
    for name, title, nynorsk in signatories:
        shown = nynorsk if malform == "nynorsk" and nynorsk else phrases.title_in(title, malform)
        out.append({"navn": name, "tittel": shown})
    return out


def recipient(audit: Any, municipality_name: str, administration_head: str) -> dict[str, Any]:
    """``mottaker``: the addressee block of a letter — the municipality's name on the
    date, «v/» the chief executive by the title the law used then (or the title the audit
    gives), and the postal address the auditor gave (never derived)."""
    lines = [x.strip() for x in (audit.recipient_address or "").split(";") if x.strip()]
    attention = audit.recipient_attention or administration_head
    return {
        "navn": f"{municipality_name} kommune",
        "ved": attention,
        "ved_tekst": f"v/ {attention}" if attention else "",
        "adresse": lines,
        "adresse_tekst": ", ".join(lines),
        "har_adresse": bool(lines),
    }


def letter_block(audit: Any, *, electronic_approval: bool) -> dict[str, Any]:
    """``brev``: our and their reference, the case handler (the audit's lead), the
    recipients of copies, and whether the office approves documents electronically."""
    return {
        "var_ref": audit.case_number or "",
        "deres_ref": audit.their_reference or "",
        "saksbehandler": audit.lead or "",
        "kopi_til": list(audit.copy_to),
        "elektronisk_godkjent": electronic_approval,
    }


def _document_title(view: AuditView, frame: LegalFrame, malform: str) -> str:
    """The audit's title as documents head it: the default title (theme – municipality)
    in the document's language form and with the municipality's name on its date; a
    title the office gave is kept as given."""
    audit = view.audit
    cl = view.checklist
    defaults = {
        f"{cl.text_in('title', form)} – {audit.municipality_name} kommune"
        for form in ("bokmal", "nynorsk")
    }
    if audit.title in defaults:
        return f"{cl.text_in('title', malform)} – {frame.municipality_name} kommune"
    return audit.title


def _evidence(cl: Checklist, m: str) -> tuple[list[str], list[str]]:
    """Documents to ask for in the notice: what the municipality-level questions use is
    sent at once; what the file-level questions use is reviewed for the sampled files
    only. Interviews and the files themselves are gathered, not asked for, and the
    account (redegjørelse) is asked for in its own sentence. The filter reads the bokmål
    document type; the letter shows it in its language form.

    Each kind of document is asked for once: «timeplaner for deltakeren» is not asked for
    beside «timeplaner», nor «individuell plan» for the sampled files when «individuelle
    planer» are asked for at once (:func:`_evidence_key`)."""
    evidence: list[str] = []
    file_evidence: list[str] = []
    seen: set[str] = set()

    def _asked_for(q: ControlQuestion) -> Iterator[tuple[str, str]]:
        for e, shown in zip(q.evidence, q.evidence_in(m), strict=True):
            low = e.lower()
            if low.startswith("intervju") or low in ("deltakermapper", "kommunens redegjørelse"):
                continue
            yield _evidence_key(e), shown

    for municipal in (True, False):
        for _, _, q in cl.questions():
            if (q.scope == Scope.MUNICIPALITY) != municipal:
                continue
            for key, shown in _asked_for(q):
                if key not in seen:
                    seen.add(key)
                    (evidence if municipal else file_evidence).append(shown)
    return evidence, file_evidence


_EVIDENCE_QUALIFIERS = (" for deltakeren", " for deltakaren", " per deltaker", " per deltakar")
_PLURAL_ENDINGS = ("ene", "ane", "er", "ar", "e")


def _evidence_key(text: str) -> str:
    """What kind of document an evidence item asks for: the words without plural endings,
    and without «for deltakeren» (every file-level item is for the participant)."""
    low = " ".join(text.casefold().split())
    for qualifier in _EVIDENCE_QUALIFIERS:
        if low.endswith(qualifier):
            low = low[: -len(qualifier)]
    words = []
    for word in low.split():
        for ending in _PLURAL_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                word = word[: -len(ending)]
                break
        words.append(word)
    return " ".join(words)


# --- citations in the text, and the legal appendix that must list them ------------------

_LAW_NAME = (
    r"(?:[a-zæøå]+(?:loven|lova|forskriften|forskrifta)(?:\s\(\d{4}\))?"
    r"|forskrift\s\d{1,2}\.\s[a-zæøå]+\s\d{4}\snr\.\s\d+)"
)
_SECTION_NO = r"\d+(?:-\d+)?(?:\s[a-e](?![\wæøå]))?"
_CITATION = re.compile(
    rf"(?P<law>{_LAW_NAME})\s+§§?\s*"
    rf"(?P<list>{_SECTION_NO}(?:\s*(?:,|og|–)\s*{_SECTION_NO})*)",
    re.IGNORECASE,
)
_MORE_SECTIONS = re.compile(
    r"(?:\s+(?:første|annet|andre|tredje|fjerde|femte)\s+ledd(?:\s+bokstav\s+[a-z])?)?"
    rf"\s*(?:,|og)\s*§§?\s*(?P<list>{_SECTION_NO}(?:\s*(?:,|og|–)\s*{_SECTION_NO})*)"
)
_LOVDATA_BASE = re.compile(r"^(https://lovdata\.no/(?:lov|forskrift)/\d{4}-\d{2}-\d{2}(?:-\d+)?)")


def find_citations(text: str) -> list[tuple[str, str]]:
    """Every (law, section) a text cites, in order, each once: «forvaltningsloven §§ 24 og
    25» gives two, «§§ 28–30» three (a range is every section in it), «§ 27 tredje ledd»
    and «§§ 18 flg.» the section itself. Sections are only read where a law names them."""
    found: dict[tuple[str, str], None] = {}
    for m in _CITATION.finditer(text):
        law = " ".join(m["law"].split())
        lists = [m["list"]]
        rest = text[m.end() :]
        while more := _MORE_SECTIONS.match(rest):  # «… § 4 annet ledd og § 6»
            lists.append(more["list"])
            rest = rest[more.end() :]
        for listed in lists:
            for section in _sections(listed):
                found.setdefault((law, section), None)
    return list(found)


def _sections(listed: str) -> list[str]:
    """«24 og 25» → 24, 25; «28–30» → 28, 29, 30."""
    parts = re.split(r"\s*(,|og|–)\s*", listed)
    sections: list[str] = []
    i = 0
    while i < len(parts):
        part = " ".join(parts[i].split())
        if i + 2 < len(parts) and parts[i + 1] == "–":
            end = " ".join(parts[i + 2].split())
            if part.isdigit() and end.isdigit() and 0 < int(end) - int(part) < 20:
                sections += [str(n) for n in range(int(part), int(end) + 1)]
                i += 3
                continue
        if part and part not in (",", "og", "–"):
            sections.append(part)
        i += 1
    return sections


def _appendix_key(law: str, section: str) -> tuple[str, str]:
    return (" ".join(law.split()).casefold(), section.replace(" ", "").casefold())


def complete_appendix(context: dict[str, Any], text: str) -> list[str]:
    """Add to the legal appendix (``vedlegg_lovgrunnlag``) every section ``text`` — the
    rendered document — cites that the appendix does not list yet, with its Lovdata link
    where the appendix or the frame knows the law's address (never a guessed one).
    Returns the citations added (none when the appendix was complete)."""
    appendix: list[dict[str, str]] = list(context.get("vedlegg_lovgrunnlag") or [])
    listed: set[tuple[str, str]] = set()
    bases: dict[str, str] = {}
    law = context.get("lov") or {}
    if law.get("kortnavn") and law.get("lovdata_url"):
        bases[" ".join(str(law["kortnavn"]).split()).casefold()] = str(law["lovdata_url"])
    for item in appendix:
        for cited_law, section in find_citations(item["sitat"]):
            listed.add(_appendix_key(cited_law, section))
            base = _LOVDATA_BASE.match(item.get("url") or "")
            if base:
                bases.setdefault(" ".join(cited_law.split()).casefold(), base.group(1))
    added = []
    for cited_law, section in find_citations(text):
        key = _appendix_key(cited_law, section)
        if key in listed:
            continue
        listed.add(key)
        base = bases.get(key[0], "")
        cite = f"{cited_law} § {section}"
        appendix.append(
            {"sitat": cite, "url": f"{base}/§{section.replace(' ', '')}" if base else ""}
        )
        added.append(cite)
    if added:
        context["vedlegg_lovgrunnlag"] = _sorted_appendix(appendix)
    return added


def _sorted_appendix(items: list[dict[str, str]]) -> list[dict[str, str]]:
    """The legal appendix grouped by law (in order of first mention), sections in order."""
    import re

    laws: list[str] = []

    def key(item: dict[str, str]) -> tuple[int, int, str]:
        m = re.match(r"^(.+?) (§|kapittel) ?(\d*)", item["sitat"])
        law = m.group(1) if m else item["sitat"]
        if law not in laws:
            laws.append(law)
        chapter_first = -1 if m and m.group(2) == "kapittel" else 0
        number = int(m.group(3)) if m and m.group(3) and not chapter_first else chapter_first
        return (laws.index(law), number, item["sitat"])

    keys = [key(i) for i in items]  # registers the laws in order of first mention
    return [i for _, i in sorted(zip(keys, items, strict=True), key=lambda t: t[0])]


def _title(cl: Checklist, ref: str, malform: str) -> str:
    from tilsyn.errors import NotFoundError

    try:
        return cl.requirement_by_ref(ref).text_in("title", malform)
    except NotFoundError:
        return ""


def _point_grounds(
    view: AuditView, v: Violation, req_entry: dict[str, Any] | None, malform: str
) -> dict[str, str]:
    """Each ordered point's ground in plain words: the linked control questions with a
    deviation, by their text and what they showed, and the section of the report that
    discusses them; or the auditor's reason for adding the point."""
    from tilsyn.audit.plan import point_support
    from tilsyn.errors import NotFoundError

    try:
        req = view.checklist.requirement_by_ref(v.requirement_ref)
    except NotFoundError:
        return {}
    shown = {q["ref"]: q for q in (req_entry or {}).get("sporsmal", [])}
    section = req_entry["punkt"] if req_entry else ""
    out: dict[str, str] = {}
    for s in point_support(view, req):
        if s.deviations:
            found = []
            for ref in s.deviations:
                q = shown.get(ref)
                text = q["sporsmal"] if q else _question_text(view.checklist, ref, malform)
                found.append((text, q["resultat"] if q else ""))
            out[s.point.ref_id] = phrases.point_ground(found, section, malform)
        elif s.ordered and s.reason:
            out[s.point.ref_id] = s.reason
    if req.order is None:
        for p in v.points:
            out[p.ref_id] = phrases.conclusion_ground(section, malform)
    return out


def _question_text(cl: Checklist, ref: str, malform: str) -> str:
    from tilsyn.errors import NotFoundError

    try:
        return cl.question(ref).text_in("question", malform)
    except NotFoundError:
        return ref


def _comment(c: Any, cl: Checklist, malform: str, krav: list[dict[str, Any]]) -> dict[str, Any]:
    from tilsyn.errors import NotFoundError

    title = ""
    if c.requirement_ref:
        try:
            title = cl.requirement_by_ref(c.requirement_ref).text_in("title", malform)
        except NotFoundError:  # the comment names a requirement outside the checklist
            title = ""
    section = next((k["punkt"] for k in krav if k["ref"] == c.requirement_ref), "")
    return {
        "krav_ref": c.requirement_ref or "",
        "krav_tittel": title,
        "punkt": section,
        "tekst": c.text,
        "vurdering": c.response or "",
    }


def _breaching(view: AuditView, cl: Checklist, q: ControlQuestion) -> list[str]:
    return [
        a.participant
        for a in view.answers
        if a.question_ref == q.ref_id
        and a.participant
        and meaning_of(cl, q, a.answer) == Meaning.BREACH
    ]
