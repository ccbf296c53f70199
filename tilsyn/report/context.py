"""The template context: everything a document template can use, built from an audit.

Every variable is documented in docs/malkontekst.md (a test keeps the two in step).
Keys are Norwegian without æøå, like the JSON output of the CLI. Dates are already
written out in Norwegian ("1. mars 2017"); an empty string means "not known yet".
Participants appear only as pseudonyms, and only when ``show_pseudonyms`` is set;
otherwise only counts ("3 av 8 deltakermapper").
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from tilsyn.audit.calendar import add_weeks, format_date
from tilsyn.report import phrases

if TYPE_CHECKING:
    from collections.abc import Iterator

    from tilsyn.checklist.model import ControlQuestion
    from tilsyn.audit.calendar import Calendar
    from tilsyn.audit.models import AuditView
    from tilsyn.workspace import Config

APPEAL_WEEKS = 3
"""Appeal deadline (forvaltningsloven § 29)."""

# Supervision power per law (lov_id → section), cited in the introduction.
SUPERVISION_BASIS = {
    "LOV-2003-07-04-80": ("23", "https://lovdata.no/lov/2003-07-04-80/§23"),
    "LOV-2020-11-06-127": ("48", "https://lovdata.no/lov/2020-11-06-127/§48"),
}

# Procedural law cited by every report (bokmål citations; nynorsk via phrases.cite).
KL2018 = ("kommuneloven § 30-4", "https://lovdata.no/lov/2018-06-22-83/§30-4")
KL2018_CHAPTER = ("kommuneloven kapittel 30", "https://lovdata.no/lov/2018-06-22-83")
KL2018_INFO = ("kommuneloven § 30-3", "https://lovdata.no/lov/2018-06-22-83/§30-3")
KL1992 = ("kommuneloven (1992) § 60 d", "https://lovdata.no/lov/1992-09-25-107/§60d")
KL1992_CHAPTER = ("kommuneloven (1992) kapittel 10 A", "https://lovdata.no/lov/1992-09-25-107")
# The supervisor's right to information regardless of confidentiality (verify: § 60 c
# "Innsyn og undersøkelser" in the 1992 act as amended in 2007).
KL1992_INFO = ("kommuneloven (1992) § 60 c", "https://lovdata.no/lov/1992-09-25-107/§60c")
FVL = [
    ("forvaltningsloven § 16", "https://lovdata.no/lov/1967-02-10/§16"),
    ("forvaltningsloven § 27", "https://lovdata.no/lov/1967-02-10/§27"),
    ("forvaltningsloven § 28", "https://lovdata.no/lov/1967-02-10/§28"),
    ("forvaltningsloven § 29", "https://lovdata.no/lov/1967-02-10/§29"),
]


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


def _office(config: Config, year: int, malform: str) -> dict[str, Any]:
    name = config.office_for_year(year, nynorsk=malform == "nynorsk")
    short = name.split(" ", 1)[0] if name else ""
    contact = config.contact_for_year(year)
    return {
        "navn": name, "kort": short, "genitiv": short + ("" if short.endswith("s") else "s"),
        "avdeling": contact.department, "adresse": contact.address, "epost": contact.email,
        "telefon": contact.phone,
        "klageinstans": config.appeal_body or "klageinstansen",
    }


def planned_violations(view: AuditView, *, weeks: int, when: date,
                       calendar: Calendar) -> list[dict[str, Any]]:
    """Violations a final report dated ``when`` leads to, before the follow-up tracks them.

    Mirrors ``tilsyn.followup.service.plan_violations`` (used by the service when a
    session is at hand): numbered in checklist order, every correction point of the
    requirement's order, kl1992 with a plan deadline first.
    """
    out = []
    plan_due = add_weeks(when, weeks, calendar) if view.audit.regime == "kl1992" else None
    rectify = add_weeks(when, 2 * weeks if plan_due else weeks, calendar)
    for req in view.checklist.requirements():
        c = view.conclusion(req.ref_id)
        if c is None or c.outcome != "lovbrudd":
            continue
        if req.order is not None:
            text, points = req.order.text, [(p.ref_id, p.text) for p in req.order.correction_points]
        else:
            text, points = "", []
        out.append(violation_data(len(out) + 1, req.ref_id, req.title, text, plan_due, rectify,
                                  rectify, points))
    return out


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def localized_violation(v: dict[str, Any], checklist: Any, malform: str) -> dict[str, Any]:
    """A violation row (``followup_snapshot`` shape) with its title, order text and
    correction points in ``malform``.

    Violations keep the checklist's bokmål texts from when the final report was written.
    A stored text that is still the checklist's bokmål text is replaced by the checklist's
    nynorsk text (``nn``, falling back to bokmål); a text edited since is kept as stored.
    """
    if malform != "nynorsk":
        return v
    try:
        req = checklist.requirement_by_ref(v["requirement_ref"])
    except Exception:  # the violation names a requirement outside the checklist
        return v
    order = req.order
    cps = {p.ref_id: p for p in order.correction_points} if order is not None else {}

    def pick(stored: str, item: Any, field: str) -> str:
        if item is not None and _same(stored or "", getattr(item, field)):
            return item.text_in(field, malform)
        return stored

    points = []
    for p in v["points"]:
        cp = cps.get(p["ref_id"])
        text = pick(p["text"], cp, "text") if cp else pick(p["text"], req, "requirement")
        points.append({**p, "text": text})
    return {**v, "title": pick(v["title"], req, "title"),
            "order_text": pick(v["order_text"], order, "text"), "points": points}


def violation_data(number: int, requirement_ref: str, title: str, order_text: str,
                   plan_deadline: date | None, rectification_deadline: date,
                   feedback_deadline: date, points: list[tuple[str, str]]) -> dict[str, Any]:
    """A violation not yet tracked, in the shape of ``Store.followup_snapshot`` rows."""
    return {
        "number": number, "requirement_ref": requirement_ref, "title": title,
        "order_text": order_text, "plan_deadline": plan_deadline,
        "rectification_deadline": rectification_deadline,
        "feedback_deadline": feedback_deadline, "status": None, "status_reason": None,
        "closed_at": None, "tracked": False,
        "points": [{"ref_id": r, "text": t, "assessment": None, "assessment_reason": None}
                   for r, t in points],
        "feedback": [], "deadline_changes": [],
    }


def build_context(view: AuditView, config: Config, calendar: Calendar,
                  options: ContextOptions, violations: list[dict[str, Any]]) -> dict[str, Any]:
    """The full template context for one document (see docs/malkontekst.md)."""
    from tilsyn.audit import scoring

    m = options.malform
    audit = view.audit
    cl = view.checklist
    violations = [localized_violation(v, cl, m) for v in violations]
    today = options.report_date
    office = _office(config, today.year, m)
    people = [p.pseudonym for p in view.participants()]

    # --- deadlines -------------------------------------------------------------------
    doc_weeks = audit.documentation_weeks or config.documentation_weeks
    comment_weeks = audit.comment_weeks or config.comment_weeks
    rect_weeks = audit.rectification_weeks or config.rectification_weeks
    notice = view.event_date("varsel") or (today if options.kind == "varsel" else None)
    preliminary = view.event_date("forelopig") or (
        today if options.kind == "forelopig" else None)
    final = view.event_date("endelig") or (
        today if options.kind in ("endelig", "palegg") else None)

    # --- requirements, findings --------------------------------------------------------
    results = {r.requirement_ref: r for r in scoring.score_audit(cl, view.answers, people)}
    by_req_violation = {v["requirement_ref"]: v for v in violations}
    krav, lovbrudd, merknader, questions, themes = [], [], [], [], []
    legal_appendix: dict[str, str] = {}
    basis = SUPERVISION_BASIS.get(cl.law.lov_id)
    n_remark = 0
    for theme in cl.themes:
        themes.append({"ref": theme.ref_id, "tittel": theme.text_in("title", m),
                       "beskrivelse": theme.text_in("description", m)})
        for req in theme.requirements:
            c = view.conclusion(req.ref_id)
            outcome = c.outcome if c else ""
            result = results.get(req.ref_id)
            qs = []
            for q, qr in zip(req.questions, result.questions if result else [], strict=False):
                meaning = None
                if q.scope == "kommune":
                    a = view.answer(q.ref_id)
                    meaning = scoring.meaning_of(cl, q, a.answer) if a else None
                qs.append({
                    "ref": q.ref_id, "sporsmal": q.text_in("question", m), "omfang": q.scope,
                    "omfang_tekst": phrases.SCOPE[m][q.scope],
                    "resultat": phrases.question_result(q.scope, qr.breaches, qr.compliant,
                                                        meaning, m),
                    "avvik": qr.breaches,
                    "vurdert": qr.breaches + qr.compliant if q.scope == "deltaker" else (
                        1 if meaning in ("oppfylt", "brudd") else 0),
                    "avvik_pseudonymer": _breaching(view, cl, q) if options.show_pseudonyms
                    and q.scope == "deltaker" else [],
                })
                questions.append({"ref": q.ref_id, "krav_ref": req.ref_id,
                                  "sporsmal": q.text_in("question", m),
                                  "omfang": q.scope})
            citations = [{"sitat": phrases.cite(b.cite(), m), "url": b.url, "tekst": b.text or ""}
                         for b in req.legal_basis]
            for ci in citations:
                legal_appendix.setdefault(ci["sitat"], ci["url"])
            v = by_req_violation.get(req.ref_id)
            entry = {
                "nr": len(krav) + 1, "ref": req.ref_id, "tittel": req.text_in("title", m),
                "tema": theme.text_in("title", m), "krav": req.text_in("requirement", m),
                "hjemmel": phrases.join_citations([ci["sitat"] for ci in citations], m),
                "hjemler": citations, "sporsmal": qs,
                "utfall": outcome, "utfall_tekst": phrases.OUTCOMES[m].get(outcome, ""),
                "er_lovbrudd": outcome == "lovbrudd", "er_merknad": outcome == "merknad",
                "praksis": (c.practice if c else "") or "",
                "vurdering": (c.assessment if c else "") or "",
                "konklusjon": (c.conclusion if c else "") or "",
                "lovbrudd_nr": v["number"] if v else "",
                "merknad_nr": "",
            }
            if outcome == "merknad":
                n_remark += 1
                entry["merknad_nr"] = n_remark
                merknader.append({"nr": n_remark, "ref": req.ref_id, "tittel": entry["tittel"],
                                  "konklusjon": entry["konklusjon"],
                                  "hjemmel": entry["hjemmel"]})
            krav.append(entry)

    for v in violations:
        req_entry = next((k for k in krav if k["ref"] == v["requirement_ref"]), None)
        status = v.get("status")
        points = []
        for i, p in enumerate(v["points"], start=1):
            points.append({
                "nr": f"{v['number']}.{i}", "ref": p["ref_id"], "tekst": p["text"],
                "vurdering": phrases.POINT_ASSESSMENT[m].get(p.get("assessment") or "", ""),
                "begrunnelse": p.get("assessment_reason") or "",
            })
        reasons = []
        for p in v["points"]:
            r = p.get("assessment_reason")
            if r and r not in reasons:
                reasons.append(r)
        closed = v.get("closed_at")
        lovbrudd.append({
            "nr": v["number"], "ref": v["requirement_ref"], "tittel": v["title"],
            "hjemmel": req_entry["hjemmel"] if req_entry else "",
            "konklusjon": req_entry["konklusjon"] if req_entry else "",
            "palegg": v["order_text"], "korreksjonspunkter": points,
            "frist": _d(v["rectification_deadline"], m),
            "frist_plan": _d(v.get("plan_deadline"), m),
            "frist_tilbakemelding": _d(v.get("feedback_deadline"), m),
            "status": status or "",
            "status_tekst": phrases.VIOLATION_STATUS[m].get(status or "", ""),
            "lukket": status == "lukket",
            "lukket_dato": _d(date.fromisoformat(closed[:10]), m) if closed else "",
            "grunnlag": " ".join(reasons) or (v.get("status_reason") or ""),
            "tilbakemeldinger": [{"dato": _d(f["received"], m), "tekst": f["text"]}
                                 for f in v.get("feedback", [])],
        })

    deadlines = [v["rectification_deadline"] for v in violations]
    plan_deadlines = [v["plan_deadline"] for v in violations if v.get("plan_deadline")]
    default_rect = add_weeks(final or today, rect_weeks, calendar)

    # --- legal appendix ----------------------------------------------------------------
    appendix = []
    if basis:
        cite = phrases.cite(f"{cl.law.short_name} § {basis[0]}", m)
        appendix.append({"sitat": cite, "url": basis[1]})
    for cite, url in legal_appendix.items():
        if cite not in {a["sitat"] for a in appendix}:
            appendix.append({"sitat": cite, "url": url})
    kl1992 = audit.regime == "kl1992"
    order_basis = KL1992 if kl1992 else KL2018
    chapter = KL1992_CHAPTER if kl1992 else KL2018_CHAPTER
    info = KL1992_INFO if kl1992 else KL2018_INFO
    for cite, url in [chapter, info, order_basis, *FVL]:
        cite = phrases.cite(cite, m)
        if cite not in {a["sitat"] for a in appendix}:
            appendix.append({"sitat": cite, "url": url})
    appendix = _sorted_appendix(appendix)

    # --- conduct: meetings, interviews, documents, sample -------------------------------
    meetings = [{"type": phrases.EVENT_NAMES[m][e.type], "dato": _d(e.date, m),
                 "notat": e.note or ""}
                for e in view.events if e.type in phrases.EVENT_NAMES[m]]
    role_counts = Counter(i.role for i in view.interviews)
    roles = []
    for role, count in role_counts.items():
        dates = sorted({i.date for i in view.interviews if i.role == role})
        roles.append({"rolle": role, "antall": count,
                      "datoer": phrases.join_and([_d(d, m) for d in dates], m)})
    sample = view.sample
    size = len(people)
    sample_ctx = {
        "finnes": sample is not None and size > 0,
        "antall": size,
        "populasjon": (sample.population_size or "") if sample else "",
        "metode": sample.method if sample else "",
        "fro": (sample.seed or "") if sample else "",
        "tekst": (phrases.of_files(size, sample.population_size, m)
                  if sample and sample.population_size else phrases.files(size, m)),
        "beskrivelse": phrases.sample_description(
            sample.method, size, sample.population_size, sample.seed, office["kort"], m)
        if sample else "",
        "vis_pseudonymer": options.show_pseudonyms,
        "pseudonymer": list(people) if options.show_pseudonyms else [],
    }
    # Documents to ask for in the notice: what the municipality-level questions use is
    # sent at once; what the file-level questions use is reviewed for the sampled files
    # only. Interviews and the files themselves are gathered, not asked for, and the
    # account (redegjørelse) is asked for in its own sentence.
    # The filter reads the bokmål document type; the letter shows it in its language form.
    evidence: list[str] = []
    file_evidence: list[str] = []

    def _asked_for(q: ControlQuestion) -> Iterator[str]:
        for e, shown in zip(q.evidence, q.evidence_in(m), strict=True):
            low = e.lower()
            if low.startswith("intervju") or low in ("deltakermapper", "kommunens redegjørelse"):
                continue
            yield shown

    for _, _, q in cl.questions():
        for e in _asked_for(q):
            if q.scope == "kommune" and e not in evidence:
                evidence.append(e)
    for _, _, q in cl.questions():
        for e in _asked_for(q):
            if q.scope != "kommune" and e not in evidence and e not in file_evidence:
                file_evidence.append(e)

    n_viol = len(lovbrudd)
    title = phrases.DOC_TITLES[m][options.kind]
    team = [x for x in [audit.lead, *audit.auditors] if x]
    return {
        "dokument": {
            "type": options.kind, "tittel": title, "malform": m, "nynorsk": m == "nynorsk",
            "dato": _d(today, m), "dato_iso": today.isoformat(), "ar": today.year,
            "versjon": options.version,
        },
        "kontor": office,
        "underskrivere": [{"navn": s.name, "tittel": s.title} for s in config.signatories],
        "kommune": {
            "nummer": audit.municipality_number, "navn": audit.municipality_name,
            "navn_kommune": f"{audit.municipality_name} kommune", "fylke": audit.county,
        },
        "tilsyn": {
            "id": audit.id, "tittel": audit.title, "tema": cl.text_in("title", m),
            "saksnummer": audit.case_number or "", "tilsynsleder": audit.lead or "",
            "revisorer": list(audit.auditors), "team": phrases.join_and(team, m),
            "regime": audit.regime, "gammel_kommunelov": kl1992,
            "sjekkliste": cl.id, "sjekkliste_versjon": cl.version,
        },
        "lov": {
            "navn": cl.law.name, "kortnavn": phrases.cite(cl.law.short_name, m),
            "lovdata_url": cl.law.lovdata_url,
            "tilsynshjemmel": phrases.cite(f"{cl.law.short_name} § {basis[0]}", m)
            if basis else "",
            "tilsynshjemmel_url": basis[1] if basis else "",
            "palegg": phrases.cite(order_basis[0], m), "palegg_url": order_basis[1],
            "innsyn": phrases.cite(info[0], m), "innsyn_url": info[1],
            "kommunelov_kapittel": phrases.cite(chapter[0], m),
        },
        "datoer": {k: _d(view.event_date(k), m) for k in (
            "varsel", "dokumentasjon", "formote", "apningsmote", "forelopig", "uttalelse",
            "sluttmote", "endelig", "avsluttet")},
        "frister": {
            "dokumentasjon": _d(add_weeks(notice, doc_weeks, calendar), m) if notice else "",
            "uttalelse": _d(add_weeks(preliminary, comment_weeks, calendar), m)
            if preliminary else "",
            "retting": _d(min(deadlines), m) if deadlines else _d(default_rect, m),
            "plan": _d(min(plan_deadlines), m) if plan_deadlines else (
                _d(add_weeks(final or today, rect_weeks, calendar), m) if kl1992 else ""),
            "klage": _d(add_weeks(today, APPEAL_WEEKS, calendar), m),
        },
        "uker": {"dokumentasjon": doc_weeks, "uttalelse": comment_weeks,
                 "retting": rect_weeks, "klage": APPEAL_WEEKS},
        "moter": meetings,
        "intervjuer": {"antall": len(view.interviews), "roller": roles,
                       "antall_tekst": phrases.employees(len(view.interviews), m),
                       "tekst": phrases.join_and(
                           [r["rolle"] + (f" ({r['antall']})" if r["antall"] > 1 else "")
                            for r in roles], m)},
        "dokumenter": [{"nr": d.number, "tittel": d.title, "dato": _d(d.date, m),
                        "type": d.type or ""} for d in view.documents],
        "dokumentasjonskrav": evidence,
        "dokumentasjonskrav_mapper": file_evidence,
        "utvalg": sample_ctx,
        "tema": themes,
        "kontrollsporsmal": questions,
        "krav": krav,
        "lovbrudd": lovbrudd,
        "merknader": merknader,
        "funn": {
            "antall_lovbrudd": n_viol, "antall_merknader": len(merknader),
            "merknader_tekst": phrases.remarks(len(merknader)),
            "har_lovbrudd": n_viol > 0, "har_merknader": bool(merknader),
            "har_funn": bool(n_viol or merknader),
            "alle_lukket": all(v["lukket"] for v in lovbrudd),
            "lovbrudd_krav": phrases.join_and([v["ref"] for v in lovbrudd], m),
        },
        "uttalelser": [_comment(c, cl, m) for c in view.comments],
        "vedlegg_lovgrunnlag": appendix,
    }


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


def _comment(c: Any, cl: Any, malform: str) -> dict[str, Any]:
    title = ""
    if c.requirement_ref:
        try:
            title = cl.requirement_by_ref(c.requirement_ref).text_in("title", malform)
        except Exception:  # the comment names a requirement outside the checklist
            title = ""
    return {"krav_ref": c.requirement_ref or "", "krav_tittel": title, "tekst": c.text,
            "vurdering": c.response or ""}


def _breaching(view: AuditView, cl: Any, q: Any) -> list[str]:
    from tilsyn.audit import scoring

    return [a.participant for a in view.answers if a.question_ref == q.ref_id
            and a.participant and scoring.meaning_of(cl, q, a.answer) == "brudd"]
