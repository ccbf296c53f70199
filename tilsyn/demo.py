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

from tilsyn.errors import UsageError
from tilsyn.session import Session

MARKER = ".tilsyn-demo"
DEMO_USER = "ola.hansen"


@dataclass
class DemoContext:
    """What the demo steps share."""

    folder: Path
    session: Session
    audit_id: int = 0
    nynorsk_audit_id: int | None = None
    self_assessment_ids: list[int] = field(default_factory=list)
    today: date = date(2017, 9, 1)


def samples_dir() -> Path:
    """The shipped samples folder (installed next to the package data or in a checkout)."""
    from tilsyn.resources import _resource_dir

    return _resource_dir("samples")


def prepare_folder(folder: Path, *, replace: bool) -> None:
    """Refuse to write into a folder with other content; replace an earlier demo on request."""
    folder = Path(folder)
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
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARKER).write_text("Laget av «tilsyn demo».\n", encoding="utf-8")


def run_demo(folder: Path, *, replace: bool = False) -> Iterator[str]:
    """Run the whole demo in ``folder``, yielding progress lines."""
    from tilsyn.workspace import init_workspace

    prepare_folder(folder, replace=replace)
    ws = init_workspace(folder, office="Statsforvalteren i Agder")
    ctx = DemoContext(Path(folder), Session(ws, user_override=DEMO_USER))
    yield f"Arbeidsområde: {ws.root}"
    from tilsyn.checklist import registry

    yield f"Sjekklistene er gyldige: {', '.join(sorted(registry.available()))}"
    yield from plan_and_notify(ctx)
    yield from collect_evidence(ctx)
    yield from score(ctx)
    yield from conclude(ctx)
    yield from nynorsk_audit(ctx)
    yield from closing_words(ctx)


# --- the inspection --------------------------------------------------------------------


def plan_and_notify(ctx: DemoContext) -> Iterator[str]:
    s = ctx.session
    a = s.create_audit(
        municipality="1001",
        checklist="individuell-plan",
        case_number="2017/1234",
        lead="Ola Hansen",
        auditors=["Kari Nordmann", "Per Olsen"],
        title=None,
        regime="kl1992",
    )
    ctx.audit_id = a.id
    yield f"Tilsyn {a.id} opprettet: {a.title} (saksnummer {a.case_number})"
    s.record_event(a.id, "varsel", date(2017, 3, 1))
    yield "  varsel sendt 1. mars 2017; frist for dokumentasjon 22. mars 2017"


_DOCUMENTS = [
    ("Kommunens redegjørelse for arbeidet med individuell plan", "redegjørelse"),
    ("Rutine for kartlegging og individuell plan i introduksjonsprogrammet", "rutine"),
    ("Mal for vedtak om individuell plan", "mal"),
    ("Årsplan for Kristiansand voksenopplæring 2016/2017", "årsplan"),
    ("Oversikt over deltakere i introduksjonsprogrammet per 1. mars 2017", "deltakerliste"),
    ("Organisasjonskart for flyktningetjenesten", "organisasjonskart"),
]


def collect_evidence(ctx: DemoContext) -> Iterator[str]:
    s = ctx.session
    aid = ctx.audit_id
    for title, kind in _DOCUMENTS:
        s.register_document(aid, title=title, when=date(2017, 3, 20), kind=kind, path=None)
    s.record_event(aid, "dokumentasjon", date(2017, 3, 20))
    yield f"  {len(_DOCUMENTS)} dokumenter registrert (mottatt 20. mars 2017)"
    s.record_event(aid, "apningsmote", date(2017, 4, 4))
    for role in (
        "leder for flyktningetjenesten",
        "programrådgiver",
        "programrådgiver",
        "rektor ved voksenopplæringen",
    ):
        s.register_interview(aid, role=role, when=date(2017, 4, 4))
    s.record_event(aid, "intervju", date(2017, 4, 4))
    yield "  åpningsmøte og fire intervjuer 4. april 2017"
    from tilsyn.sampling import take_sample

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


def score(ctx: DemoContext) -> Iterator[str]:
    from tilsyn import assessment
    from tilsyn.store import AnswerInput

    s = ctx.session
    aid = ctx.audit_id
    props = assessment.compute_all(s, aid, today=ctx.today)
    yield f"  {len(props)} svar foreslått av beregningen av planfristen (B1.5)"
    view = s.view(aid)
    people = [p.pseudonym for p in view.participants()]
    items = []
    for _, _, q in view.checklist.questions():
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
                    "B1.3": "Vedtaket mangler opplysning om klagerett og klagefrist.",
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
    s.store.write_answers(aid, items)
    view = s.view(aid)
    from tilsyn import scoring

    p = scoring.progress(view.checklist, view.answers, people)
    no = sum(1 for a in view.answers if a.answer == "nei")
    yield f"  vurdert: {p.answered} av {p.total} svar, {no} «nei»"


_TEXTS = {
    "lovbrudd": (
        "Gjennomgangen av deltakermappene viser at kommunens praksis ikke er i samsvar "
        "med kravet i alle mappene i utvalget.",
        "Statsforvalteren vurderer at kommunen ikke sikrer at kravet oppfylles for alle deltakere.",
        "Kommunen oppfyller ikke kravet. Dette er et lovbrudd.",
    ),
    "merknad": (
        "Kommunen mangler skriftlige rutiner på området.",
        "Praksis er i hovedsak i samsvar med loven, men er sårbar uten rutiner.",
        "Statsforvalteren gir en merknad.",
    ),
    "ingen": (
        "Dokumentene og deltakermappene viser at kommunens praksis er i samsvar med kravet.",
        "Statsforvalteren vurderer at kommunen oppfyller kravet.",
        "Kommunen oppfyller kravet.",
    ),
}


def conclude(ctx: DemoContext) -> Iterator[str]:
    from tilsyn import assessment, scoring

    s = ctx.session
    aid = ctx.audit_id
    view = s.view(aid)
    people = [p.pseudonym for p in view.participants()]
    for r in scoring.score_audit(view.checklist, view.answers, people):
        outcome = r.proposed or "ingen"
        practice, assessment_text, conclusion = _TEXTS[outcome]
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


def nynorsk_audit(ctx: DemoContext) -> Iterator[str]:
    """A second, smaller audit of a nynorsk municipality (Bygland, 0938) for the nynorsk
    final report."""
    from tilsyn import assessment, scoring
    from tilsyn.store import AnswerInput

    s = ctx.session
    a = s.create_audit(
        municipality="0938",
        checklist="individuell-plan",
        case_number="2017/2040",
        lead="Kari Nordmann",
        auditors=["Per Olsen"],
        title=None,
        regime="kl1992",
    )
    ctx.nynorsk_audit_id = a.id
    s.record_event(a.id, "varsel", date(2017, 8, 21))
    s.register_document(
        a.id, title="Utgreiing frå kommunen", when=date(2017, 9, 8), kind="utgreiing", path=None
    )
    s.record_event(a.id, "dokumentasjon", date(2017, 9, 8))
    s.register_interview(a.id, role="programrådgjevar", when=date(2017, 9, 20))
    from tilsyn.sampling import take_sample

    take_sample(
        s, a.id, population=None, count=None, seed=None, chosen=["BYG-01", "BYG-02", "BYG-03"]
    )
    view = s.view(a.id)
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
                    observation="Planen manglar tidsfasar." if bad else None,
                )
            )
    s.store.write_answers(a.id, items)
    view = s.view(a.id)
    for r in scoring.score_audit(view.checklist, view.answers, people):
        outcome = r.proposed or "ingen"
        assessment.conclude(
            s,
            a.id,
            requirement=r.requirement_ref,
            outcome=outcome,
            practice="Kommunen si praksis er skildra i utgreiinga.",
            assessment="Statsforvaltaren har vurdert praksis opp mot kravet.",
            conclusion="Kommunen oppfyller ikkje kravet."
            if outcome == "lovbrudd"
            else "Kommunen oppfyller kravet.",
        )
    yield f"Tilsyn {a.id} opprettet: {a.title} (nynorskkommune)"


def closing_words(ctx: DemoContext) -> Iterator[str]:
    ws = ctx.session.workspace
    yield ""
    yield "Ferdig. Prøv videre:"
    yield f"  cd {ws.root}"
    yield f"  tilsyn vis {ctx.audit_id}"
    yield f"  tilsyn konkluder {ctx.audit_id}"
    yield f"  tilsyn logg {ctx.audit_id} --verifiser"
    yield "  tilsyn liste"
