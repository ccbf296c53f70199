"""The demo: a complete sample inspection in a fresh workspace.

Individual plan (introduksjonsloven § 6) in Kristiansand (1001, Vest-Agder) in 2017,
by "Fylkesmannen i Aust- og Vest-Agder" as the office was then called: notice,
documents, a sample of 8 files drawn from samples/, answers with a realistic mix of
compliance and violations, conclusions — then, as the tool grows, workbooks, documents,
follow-up and statistics.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from tilsyn.app import audits
from tilsyn.app.context import AppContext
from tilsyn.app.demo_steps import document
from tilsyn.errors import UsageError

if TYPE_CHECKING:
    from tilsyn.workspace import Workspace

MARKER = ".tilsyn-demo"
DEMO_USER = "ola.hansen"


@dataclass
class DemoContext:
    """What the demo steps share."""

    folder: Path
    app: AppContext
    audit_id: int = 0
    nynorsk_audit_id: int | None = None
    current_audit_id: int | None = None
    self_assessment_ids: list[int] = field(default_factory=list)
    today: date = date(2017, 9, 1)


def samples_dir() -> Path:
    """The shipped samples folder (installed next to the package data or in a checkout)."""
    from tilsyn.resources import _resource_dir

    return _resource_dir("samples")


def prepare_folder(folder: Path, *, replace: bool) -> None:
    """Refuse to write into a folder with other content; replace an earlier demo on request."""
    from tilsyn.files import NO_WORKSPACE, os_error, write_text

    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise UsageError(
            f"{folder} finnes allerede og er en fil, ikke en mappe; velg en mappe for demoen."
        )
    if folder.exists() and any(folder.iterdir()):
        if not (folder / MARKER).exists():
            raise UsageError(
                f"{folder} finnes allerede og er ikke en demomappe; velg en annen mappe."
            )
        if not replace:
            raise UsageError(
                f"{folder} har en demo fra før. Bruk --erstatt for å lage den på nytt, eller "
                "velg en annen mappe."
            )
        shutil.rmtree(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise os_error(exc, folder, "demomappen") from None
    write_text(folder / MARKER, "Laget av «tilsyn demo».\n", rules=NO_WORKSPACE, what="demoen")


def run_demo(folder: Path, *, replace: bool = False) -> Iterator[str]:
    """Run the whole demo in ``folder``, yielding progress lines.

    The steps follow the supervision process (domain.md § 2): plan and notice, evidence
    and sample, scoring (partly in Excel), conclusions, preliminary report, comments,
    final report with orders, follow-up to closure, closing letter; then a nynorsk final
    report, a municipal self-assessment, the trends report, and a 2026 audit under the
    current law (integreringsloven) of a nynorsk municipality.
    """
    from tilsyn.workspace import init_workspace

    prepare_folder(folder, replace=replace)
    ws = configure_office(init_workspace(folder, office="Statsforvalteren i Agder"))
    ctx = DemoContext(Path(folder), AppContext(ws, user_override=DEMO_USER))
    yield f"Arbeidsområde: {ws.root}"
    yield (
        "  tilsyn.toml: kontaktopplysninger og klageinstans per periode er fylt inn for "
        "demoen (klageinstansene er tilsyns forslag, ikke bekreftet)"
    )
    from tilsyn.checklist import registry

    yield f"Sjekklistene er gyldige: {', '.join(sorted(registry.available()))}"
    yield from plan_and_notify(ctx)
    yield from collect_evidence(ctx)
    yield from compute(ctx)
    from tilsyn.app.demo_workbook import demo_step as workbook_step

    yield "Excel:"
    yield from workbook_step(ctx)
    yield "Vurdering:"
    yield from score(ctx)
    yield from conclude(ctx)
    yield from reports(ctx)
    from tilsyn.app.demo_followup import demo_step as followup_step

    yield "Oppfølging:"
    yield from followup_step(ctx)
    yield from close_audit(ctx)
    yield from nynorsk_audit(ctx)
    from tilsyn.app.demo_stats import demo_step as stats_step

    yield "Statistikk:"
    yield from stats_step(ctx)
    from tilsyn.app.demo_current import demo_step as current_step

    yield "Gjeldende lov (2026):"
    yield from current_step(ctx)
    yield from closing_words(ctx)


# What an office fills in before its first document (tilsyn.toml). The appeal bodies are
# the register's suggestions (tilsyn/data/klageinstanser.csv), which are NOT confirmed; a
# real office must confirm its appeal body. The 2016–2018 contact details are those the
# demo has always used for Fylkesmannen i Aust- og Vest-Agder.
DEMO_CONTACT = {
    "avdeling": "Oppvekst- og utdanningsavdelingen",
    "adresse": "Postboks 9359 Lundsiden, 4604 Kristiansand S",
    "epost": "sfagpost@statsforvalteren.no",
    "telefon": "37 01 75 00",
}
DEMO_HISTORY = """
[[kontor.historiske_navn]]
fra = 2016
til = 2018
adresse = "Postboks 788 Stoa, 4809 Arendal"
epost = "fmavpost@fylkesmannen.no"

[[kontor.historiske_navn]]
fra = 2019
til = 2020
epost = "fmagpost@fylkesmannen.no"

# Per Olsen is on the demo's audit teams and signs with Kari Nordmann or Ola Hansen.
[[underskrivere]]
navn = "Per Olsen"
tittel = "rådgiver"
tittel_nynorsk = "rådgjevar"
"""


def configure_office(ws: Workspace) -> Workspace:
    """Fill in the demo office's contact details and appeal bodies in tilsyn.toml."""
    from tilsyn.reference import appeal_bodies
    from tilsyn.workspace import Workspace as Opened
    from tilsyn.workspace import read_config

    text = ws.config_path.read_text(encoding="utf-8")
    for key, value in DEMO_CONTACT.items():
        text = text.replace(f'{key} = ""', f'{key} = "{value}"', 1)
    text += DEMO_HISTORY
    for body in appeal_bodies():
        text += "\n# Demo: tilsyns forslag, ikke bekreftet\n[[kontor.klageinstanser]]\n"
        text += f"fra = {body.valid_from.isoformat()}\n"
        if body.valid_to is not None:
            text += f"til = {body.valid_to.isoformat()}\n"
        text += f'navn = "{body.name}"\n'
    from tilsyn.files import NO_WORKSPACE, write_text

    write_text(ws.config_path, text, rules=NO_WORKSPACE, what="tilsyn.toml")
    return Opened(ws.root, read_config(ws.config_path))


# --- the inspection --------------------------------------------------------------------


def plan_and_notify(ctx: DemoContext) -> Iterator[str]:
    s = ctx.app
    a = audits.create_audit(
        s,
        municipality="1001",
        checklist="individuell-plan",
        case_number="2017/1234",
        lead="Ola Hansen",
        auditors=["Kari Nordmann", "Per Olsen"],
        title=None,
        notice=date(2017, 3, 1),  # kommuneloven 1992 kap. 10 A applied then
        letter={
            "postal_address": "Postboks 417 Lund, 4604 Kristiansand S",
            "their_reference": "2017/880",
            "copy_to": ["Integrerings- og mangfoldsdirektoratet (IMDi)"],
        },
    )
    ctx.audit_id = a.id
    yield f"Tilsyn {a.id} opprettet: {a.title} (saksnummer {a.case_number})"
    from tilsyn.app.procedure import scope_out

    # The 2017–2020 instruction covers §§ 6 and 19: B6 (full-year, full-time programme in
    # the plan) is not part of this audit.
    scope_out(s, a.id, requirement="B6", reason=SCOPE_REASON)
    yield "  krav B6 avgrenset bort (tilsynsinstruksen gjelder §§ 6 og 19)"
    yield document(ctx, a.id, "varsel", date(2017, 3, 1), "varsel")
    yield "  frist for dokumentasjon: 22. mars 2017"


SCOPE_REASON = (
    "Tilsynsinstruksen for 2017–2020 gjelder introduksjonsloven §§ 6 og 19 første ledd; "
    "helårig program på full tid (§ 4 annet ledd) er ikke del av dette tilsynet."
)

_DOCUMENTS = [
    ("Kommunens redegjørelse for arbeidet med individuell plan", "redegjørelse"),
    ("Rutine for kartlegging og individuell plan i introduksjonsprogrammet", "rutine"),
    ("Mal for vedtak om individuell plan", "mal"),
    ("Årsplan for Kristiansand voksenopplæring 2016/2017", "årsplan"),
    ("Oversikt over deltakere i introduksjonsprogrammet per 1. mars 2017", "deltakerliste"),
    ("Organisasjonskart for flyktningetjenesten", "organisasjonskart"),
]


def collect_evidence(ctx: DemoContext) -> Iterator[str]:
    s = ctx.app
    aid = ctx.audit_id
    for title, kind in _DOCUMENTS:
        audits.register_document(s, aid, title=title, when=date(2017, 3, 20), kind=kind, path=None)
    audits.record_event(s, aid, "dokumentasjon", date(2017, 3, 20))
    yield f"  {len(_DOCUMENTS)} dokumenter registrert (mottatt 20. mars 2017)"
    audits.record_event(s, aid, "apningsmote", date(2017, 4, 4))
    for role, people in (
        ("leder for flyktningetjenesten", 1),
        ("programrådgivere", 2),  # one group conversation with two advisers
        ("rektor ved voksenopplæringen", 1),
    ):
        audits.register_interview(s, aid, role=role, when=date(2017, 4, 4), people=people)
    audits.record_event(s, aid, "intervju", date(2017, 4, 4))
    yield "  åpningsmøte og tre intervjuer med fire ansatte 4. april 2017"
    from tilsyn.app.sampling import take_sample

    population = samples_dir() / "populasjon-kristiansand-2017.csv"
    sample = take_sample(s, aid, population=population, count=8, seed="2017", chosen=[])
    yield (
        f"  utvalg: {len(sample.participants)} av {sample.population_size} deltakermapper "
        f"(frø {sample.seed}): {', '.join(p.pseudonym for p in sample.participants)}"
    )


# Which files fail which questions in the demo (a realistic mix: most comply).
_BREACHES = {
    "B1.2": {2},  # plan not adopted as an individual decision
    "B1.3": {2, 5},  # decision lacks appeal information
    "B4.2": {0, 4, 6},  # no review on record
    "B4.3": {4},
}


def compute(ctx: DemoContext) -> Iterator[str]:
    from tilsyn.app import answers as assessment

    props = assessment.compute_all(ctx.app, ctx.audit_id, today=ctx.today)
    late = sum(1 for p in props if p.answer == "nei")
    yield (
        f"  planfristen (B1.5) beregnet for {len(props)} mapper fra populasjonslistens "
        f"datoer: {late} for sent"
    )


def score(ctx: DemoContext) -> Iterator[str]:
    from tilsyn.app.answers import write_answers
    from tilsyn.audit.models import AnswerInput

    s = ctx.app
    aid = ctx.audit_id
    view = s.store.audits.view(aid)
    people = [p.pseudonym for p in view.participants()]
    items = []
    for _, _, q in view.assessed_checklist.questions():
        for i, who in enumerate([""] if q.scope == "kommune" else people):
            if view.answer(q.ref_id, who) is not None:
                continue
            bad = i in _BREACHES.get(q.ref_id, set())
            if q.ref_id == "B4.1":
                bad = True  # no written routine for review
            observation = None
            if bad:
                observation = {
                    "B1.2": "Planen er ikke fattet som enkeltvedtak; den er et arbeidsdokument.",
                    "B1.3": "Vedtaket mangler begrunnelse.",
                    "B4.1": "Kommunen har ingen skriftlig rutine for ny vurdering av planen.",
                    "B4.2": "Ingen dokumentert ny vurdering av planen siste år.",
                    "B4.3": "Endret livssituasjon (sykdom) uten at planen ble vurdert på nytt.",
                }.get(q.ref_id, "Avvik funnet i mappen.")
            items.append(
                AnswerInput(
                    q.ref_id,
                    who,
                    "nei" if bad else "ja",
                    observation=observation,
                    sources=(1, 2) if not who else (),
                )
            )
    write_answers(s, aid, items)
    view = s.store.audits.view(aid)
    from tilsyn.audit import scoring

    cl = view.assessed_checklist
    p = scoring.progress(cl, len(people), scoring.assessed_answers(cl, view.answers, people))
    no = sum(1 for a in view.answers if a.answer == "nei")
    yield f"  vurdert: {p.answered} av {p.total} svar, {no} «nei»"


# The demo audit is from 2017, so the office is «Fylkesmannen» in the texts.
_TEXTS = {
    "lovbrudd": (
        "Gjennomgangen av deltakermappene viser avvik fra kravet i en eller flere av mappene "
        "i utvalget, se tabellen ovenfor.",
        "Fylkesmannen vurderer at kommunen ikke sikrer at kravet oppfylles for alle deltakere.",
        "Kommunen oppfyller ikke kravet. Dette er et lovbrudd.",
    ),
    "merknad": (
        "Kommunen mangler skriftlige rutiner på området.",
        "Praksis er i hovedsak i samsvar med loven, men er sårbar uten rutiner.",
        "Kommunen oppfyller kravet, men Fylkesmannen gir en merknad, se kapittel 6.",
    ),
    "ingen": (
        "Dokumentene og deltakermappene viser at kommunens praksis er i samsvar med kravet.",
        "Fylkesmannen vurderer at kommunen oppfyller kravet.",
        "Kommunen oppfyller kravet.",
    ),
}

# Requirement-specific texts where the demo finds violations (practice, assessment).
_VIOLATION_TEXTS = {
    "B1": (
        "Kommunen har rutiner og maler for vedtak om individuell plan. I noen av mappene i "
        "utvalget var planen likevel ikke fastsatt ved enkeltvedtak, vedtaket manglet "
        "begrunnelse, eller planen ble fastsatt senere enn tre måneder etter bosetting, se "
        "tabellen ovenfor.",
        "Fylkesmannen vurderer at kommunens praksis ikke sikrer at alle deltakere får en "
        "individuell plan fastsatt ved et begrunnet enkeltvedtak innen tre måneder.",
    ),
    "B4": (
        "Kommunen har ingen skriftlig rutine for når og hvordan planene skal tas opp til ny "
        "vurdering. I flere av mappene i utvalget var det ikke dokumentert at planen var "
        "vurdert på nytt det siste året, og i én mappe var planen ikke vurdert på nytt etter "
        "en vesentlig endring i deltakerens livssituasjon.",
        "Fylkesmannen vurderer at kommunen ikke sikrer at planene tas opp til ny vurdering "
        "med jevne mellomrom og når deltakerens livssituasjon endrer seg vesentlig.",
    ),
}


def conclude(ctx: DemoContext) -> Iterator[str]:
    from tilsyn.app import answers as assessment
    from tilsyn.audit import scoring

    s = ctx.app
    aid = ctx.audit_id
    view = s.store.audits.view(aid)
    people = [p.pseudonym for p in view.participants()]
    for r in scoring.score_audit(view.assessed_checklist, view.answers, people):
        outcome = r.proposed or "ingen"
        practice, assessment_text, conclusion = _TEXTS[outcome]
        if outcome == "lovbrudd" and r.requirement_ref in _VIOLATION_TEXTS:
            practice, assessment_text = _VIOLATION_TEXTS[r.requirement_ref]
        assessment.conclude(
            s,
            aid,
            requirement=r.requirement_ref,
            outcome=outcome,
            practice=practice,
            assessment=assessment_text,
            conclusion=conclusion,
        )
        yield f"  krav {r.requirement_ref}: {outcome}"
    from tilsyn.app.procedure import add_remark

    # A remark with content, on a requirement without a breach: no order, no deadline.
    add_remark(s, aid, requirement="B2", text=REMARK)
    yield "  merknad til krav B2 (uten lovbrudd): " + REMARK


REMARK = (
    "Kommunen bør skrive i planen hvordan deltakeren har vært med på å utarbeide den, slik "
    "at samrådet kan dokumenteres."
)

PRELIMINARY = date(2017, 5, 2)
COMMENTS = date(2017, 5, 16)
FINAL = date(2017, 6, 1)


def reports(ctx: DemoContext) -> Iterator[str]:
    """Preliminary report, the municipality's comments, final report and order letter."""
    s = ctx.app
    aid = ctx.audit_id
    yield "Rapporter:"
    yield document(ctx, aid, "forelopig", PRELIMINARY, "forelopig")
    audits.register_comment(
        s,
        aid,
        text="Kommunen er enig i at enkelte vedtak manglet begrunnelse, og har allerede "
        "endret malen for vedtak om individuell plan.",
        requirement="B1",
        response="Fylkesmannen ser positivt på at malen er endret. Den nye malen var ikke tatt "
        "i bruk i mappene i utvalget, og konklusjonen står ved lag. Endringen vil bli vurdert "
        "i oppfølgingen av lovbruddet.",
    )
    audits.register_comment(
        s,
        aid,
        text="Kommunen mener at planene blir vurdert på nytt i praksis, men at dette ikke "
        "alltid er skrevet ned.",
        requirement="B4",
        response="Fylkesmannen kan bare bygge på det som er dokumentert. Når ny vurdering "
        "ikke er dokumentert i mappene, står konklusjonen ved lag.",
    )
    audits.record_event(s, aid, "uttalelse", COMMENTS)
    yield "  kommunens uttalelse mottatt 16. mai 2017 og vurdert"
    audits.record_event(s, aid, "sluttmote", date(2017, 5, 23))
    yield document(ctx, aid, "endelig", FINAL, "endelig")


def close_audit(ctx: DemoContext) -> Iterator[str]:
    """The last order is rectified after its new deadline: close it, write the closing
    letter and close the audit."""
    from tilsyn.app import followup as service

    s = ctx.app
    aid = ctx.audit_id
    for v in s.store.violations.all(aid):
        if v.status == "lukket":
            continue
        service.record_feedback(
            s,
            aid,
            v.number,
            received=date(2017, 9, 12),
            text="Kommunen har nå gjennomført og dokumentert ny vurdering av planene for "
            "alle deltakerne, og lagt ved den nye rutinen.",
            documents=["ny-rutine-2017-09"],
        )
        service.assess(
            s,
            aid,
            v.number,
            points=None,
            outcome="rettet",
            reason="Ny rutine og dokumenterte vurderinger i mappene "
            "sannsynliggjør at lovbruddet er rettet.",
        )
        service.close(s, aid, v.number, closed_on=date(2017, 9, 19))
        word = "lovbrudd" if v.regime == "kl1992" else "pålegg"
        yield f"  {word} {v.number} ({v.requirement_ref}): rettet etter ny frist, lukket"
    yield document(ctx, aid, "avslutning", date(2017, 9, 20), "avsluttet")
    yield "  tilsynet er avsluttet 20. september 2017"


def nynorsk_audit(ctx: DemoContext) -> Iterator[str]:
    """A second, smaller audit of a nynorsk municipality (Bygland, 0938) for the nynorsk
    final report."""
    from tilsyn.app import answers as assessment
    from tilsyn.app.answers import write_answers
    from tilsyn.audit import scoring
    from tilsyn.audit.models import AnswerInput

    s = ctx.app
    a = audits.create_audit(
        s,
        municipality="0938",
        checklist="individuell-plan",
        case_number="2017/2040",
        lead="Kari Nordmann",
        auditors=["Per Olsen"],
        title=None,
        notice=date(2017, 8, 21),
        letter={"postal_address": "Sentrum 18, 4745 Bygland"},
    )
    ctx.nynorsk_audit_id = a.id
    audits.record_event(s, a.id, "varsel", date(2017, 8, 21))
    audits.register_document(
        s, a.id, title="Utgreiing frå kommunen", when=date(2017, 9, 8), kind="utgreiing", path=None
    )
    audits.record_event(s, a.id, "dokumentasjon", date(2017, 9, 8))
    audits.register_interview(s, a.id, role="programrådgjevar", when=date(2017, 9, 20))
    from tilsyn.app.sampling import take_sample

    take_sample(
        s,
        a.id,
        population=None,
        count=None,
        seed=None,
        chosen=["BYG-01", "BYG-02", "BYG-03"],
        criteria="alle deltakarane som hadde vore i programmet i minst tre månader 1. august 2017",
        population_count=3,
    )
    view = s.store.audits.view(a.id)
    people = [p.pseudonym for p in view.participants()]
    items = []
    for _, _, q in view.checklist.questions():
        for i, who in enumerate([""] if q.scope == "kommune" else people):
            bad = q.ref_id == "B3.2" and i == 1
            items.append(
                AnswerInput(
                    q.ref_id,
                    who,
                    "nei" if bad else "ja",
                    observation="Planen manglar tidsfasane i programmet." if bad else None,
                )
            )
    write_answers(s, a.id, items)
    view = s.store.audits.view(a.id)
    for r in scoring.score_audit(view.checklist, view.answers, people):
        outcome = r.proposed or "ingen"
        assessment.conclude(
            s,
            a.id,
            requirement=r.requirement_ref,
            outcome=outcome,
            # Nynorsk texts; a 2017 audit, so the office is «Fylkesmannen».
            practice="I éi av deltakarmappene i utvalet manglar planen tidsfasane i programmet."
            if outcome == "lovbrudd"
            else "Dokumenta og deltakarmappene viser at praksisen til kommunen er i samsvar "
            "med kravet.",
            assessment="Fylkesmannen vurderer at kommunen ikkje sikrar at alle planane har "
            "det innhaldet lova krev."
            if outcome == "lovbrudd"
            else "Fylkesmannen vurderer at kommunen oppfyller kravet.",
            conclusion="Kommunen oppfyller ikkje kravet. Dette er eit lovbrot."
            if outcome == "lovbrudd"
            else "Kommunen oppfyller kravet.",
        )
    yield f"Tilsyn {a.id} opprettet: {a.title} (nynorskkommune)"
    yield document(ctx, a.id, "forelopig", date(2017, 10, 2), "forelopig")
    yield document(ctx, a.id, "endelig", date(2017, 10, 30), None)


def closing_words(ctx: DemoContext) -> Iterator[str]:
    ws = ctx.app.workspace
    docs = sorted(ws.output_dir.glob("*.docx"))
    yield ""
    yield f"Ferdig. {len(docs)} Word-dokumenter i {ws.output_dir}, sendte kopier i {ws.sent_dir},"
    yield f"arbeidsbøker, lovbruddsregister og «Tall og trender» i {ctx.folder}."
    import shutil

    yield (
        "Prøv videre"
        + (
            ""
            if shutil.which("tilsyn")
            else " (aktiver først miljøet: "
            "source .venv/bin/activate, på Windows .venv\\Scripts\\activate)"
        )
        + ":"
    )
    yield f"  cd {ws.root}"
    yield f"  tilsyn vis {ctx.audit_id}"
    yield f"  tilsyn logg {ctx.audit_id} --verifiser"
    yield f"  tilsyn lovbrudd liste --tilsyn {ctx.audit_id}"
    if ctx.current_audit_id:
        yield f"  tilsyn vis {ctx.current_audit_id}   (2026, integreringslova, nynorsk)"
    yield "  tilsyn status --idag 2017-09-01"
    yield "  tilsyn statistikk --fylke Agder"
