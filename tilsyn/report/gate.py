"""The quality gate: an office's QA checklist, applied before a document is written.

:func:`check` lists every problem at once and raises
:class:`~tilsyn.errors.QualityGateError`; what is worth knowing but does not block is
returned as warnings. :func:`check_rendered` looks at the rendered text (also of an
office's own template): a decision must carry the appeal information.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from tilsyn.errors import QualityGateError

if TYPE_CHECKING:
    from tilsyn.audit.legal import LegalFrame
    from tilsyn.audit.models import AuditView
    from tilsyn.audit.scoring import Slot

REPORTS = ("forelopig", "endelig")
_CONTACT_WORDS = {"adresse": "adresse", "epost": "e-post", "telefon": "telefon"}


def describe_slot(slot: Slot) -> str:
    """``B1.5`` or ``B1.5 / D004``."""
    return slot.question_ref + (f" / {slot.participant}" if slot.participant else "")


def has_decision(kind: str, context: dict[str, Any]) -> bool:
    """Whether the document contains an order to rectify (an enkeltvedtak): the final
    report under kl. 2018 (§ 30-4: the order is its chapter), a separate order under
    kl. 1992 (§ 60 d). A kl. 2018 `palegg` is a covering letter, not a second decision."""
    if not context["funn"]["har_lovbrudd"]:
        return False
    old_act = context["tilsyn"]["gammel_kommunelov"]
    if kind == "palegg":
        return old_act
    return kind == "endelig" and not old_act


def announces_decision(kind: str, context: dict[str, Any]) -> bool:
    """Whether the document contains an order to rectify or announces one (the
    preliminary report, and the final report under kommuneloven 1992): such a document
    names the appeal body."""
    return bool(context["funn"]["har_lovbrudd"]) and kind in (*REPORTS, "palegg")


def frame_problems(kind: str, context: dict[str, Any], frame: LegalFrame) -> list[str]:
    """The office and appeal-body settings the document needs, as problems to fix."""
    from tilsyn.workspace import CONFIG_NAME

    problems: list[str] = []
    office = frame.office
    day = context["dokument"]["dato_iso"]
    municipality = f"{frame.municipality_number} {frame.municipality_name}"
    if not office.own:
        problems.append(
            f"{municipality} hørte {day} til {office.name}, men arbeidsområdet er for "
            f"{office.workspace_office}. Dokumentet skal ha brevhodet, kontaktopplysningene og "
            "underskriverne til kontoret som var ansvarlig; lag det i et arbeidsområde for det "
            f"kontoret (tilsyn init MAPPE --kontor «{office.name}»)."
        )
    elif office.missing:
        words = [_CONTACT_WORDS[k] for k in office.missing]
        keys = ", ".join(office.missing)
        problems.append(
            f"{CONFIG_NAME} mangler kontaktopplysninger til brevhodet ({', '.join(words)}): "
            f"fyll inn {keys} under [kontor] (eller i [[kontor.historiske_navn]] for "
            f"{day[:4]} hvis de var andre da)."
        )
    if announces_decision(kind, context) and not frame.appeal.name:
        what = (
            "inneholder"
            if kind == "palegg"
            or (kind == "endelig" and not context["tilsyn"]["gammel_kommunelov"])
            else "varsler"
        )
        hint = ""
        if frame.appeal.suggestion:
            start = frame.appeal.period.split("–", 1)[0]
            hint = (
                f" tilsyn foreslår «{frame.appeal.suggestion}» for perioden "
                f"{frame.appeal.period}, men det er ikke bekreftet; kontoret må selv "
                f"bekrefte hvilket organ som er klageinstans. Sett for eksempel "
                f'[[kontor.klageinstanser]] med fra = {start} og navn = "…" i {CONFIG_NAME} '
                '(eller klageinstans = "…" under [kontor] for alle perioder).'
            )
        else:
            hint = (
                f' Sett klageinstans = "…" under [kontor] eller [[kontor.klageinstanser]] '
                f"i {CONFIG_NAME}."
            )
        problems.append(
            f"Dokumentet {what} et vedtak om pålegg, og vedtaket skal nevne klageinstansen "
            f"(forvaltningsloven § 27 tredje ledd), men {CONFIG_NAME} har ingen klageinstans "
            f"for {day}.{hint}"
        )
    return problems


def check(
    view: AuditView,
    kind: str,
    context: dict[str, Any],
    *,
    unanswered: list[Slot],
    accept_unanswered: bool,
    signatory_problems: Sequence[str] = (),
    procedure: Sequence[str] = (),
    frame: LegalFrame | None = None,
) -> list[str]:
    """Raise QualityGateError listing every problem; return warnings that do not block.

    ``procedure`` are the problems the rules of the procedure found (a report before a
    deadline that protects the municipality), ``signatory_problems`` those of the
    signatures (the audit's team and their titles), listed with the rest."""
    problems: list[str] = list(procedure)
    warnings: list[str] = []
    aid = view.audit.id
    if frame is not None:
        problems.extend(frame_problems(kind, context, frame))
    t = context["tilsyn"]
    if not t["saksnummer"]:
        problems.append(
            f"Tilsynet mangler saksnummer (forsiden og brevhodet skal ha det); "
            f"registrer det på tilsyn {aid}."
        )
    problems.extend(signatory_problems)
    if not context["kontor"]["navn"]:
        problems.append("tilsyn.toml mangler kontorets navn ([kontor] navn).")

    if kind in REPORTS:
        problems.extend(_process_problems(view, context))
    if kind in (*REPORTS, "palegg"):
        for k in context["krav"]:
            req = view.checklist.requirement_by_ref(k["ref"])
            if not req.legal_basis:
                problems.append(f"Krav {k['ref']}: mangler hjemmel i sjekklisten.")
            if not k["utfall"]:
                problems.append(f"Krav {k['ref']}: mangler konklusjon (tilsyn konkluder).")
                continue
            if kind in REPORTS:
                for key, label in (
                    ("praksis", "beskrivelse av kommunens praksis"),
                    ("vurdering", "vurdering"),
                    ("konklusjon", "konklusjonstekst"),
                ):
                    if not k[key].strip():
                        problems.append(f"Krav {k['ref']}: mangler {label}.")
        for v in context["lovbrudd"]:
            where = f"Lovbrudd {v['nr']} ({v['ref']})"
            if not v["palegg"].strip():
                problems.append(f"{where}: mangler påleggstekst (order i sjekklisten).")
            if not v["korreksjonspunkter"]:
                problems.append(f"{where}: mangler korreksjonspunkter.")
            if not v["frist"]:
                problems.append(f"{where}: mangler frist for retting.")
            unsupported = [kp["ref"] for kp in v["korreksjonspunkter"] if not kp["grunnlag"]]
            if unsupported and not v["status"]:
                problems.append(
                    f"{where}: korreksjonspunkt {', '.join(unsupported)} bygger ikke på et funn "
                    "i rapporten (ingen av spørsmålene punktet er knyttet til, har avvik). Fjern "
                    f"det (tilsyn korreksjonspunkt {aid} --punkt REF --fjern --begrunnelse T) "
                    "eller begrunn det (--legg-til --begrunnelse T)."
                )
            old_act = context["tilsyn"]["gammel_kommunelov"]
            if old_act and not v["frist_plan"] and kind != "forelopig":
                problems.append(f"{where}: mangler frist for plan for tiltak (kommuneloven 1992).")

    if unanswered and kind in (*REPORTS, "palegg"):
        listed = ", ".join(describe_slot(s) for s in unanswered[:20])
        more = f" og {len(unanswered) - 20} til" if len(unanswered) > 20 else ""
        text = f"{len(unanswered)} kontrollspørsmål er ikke besvart: {listed}{more}."
        if kind == "endelig" and not accept_unanswered:
            problems.append(
                text + " Besvar dem, eller bruk --godta-ubesvarte for å lage "
                "rapporten likevel (det blir logget)."
            )
        else:
            warnings.append(text)

    if kind == "endelig" and context["funn"]["har_lovbrudd"] and not view.event_date("forelopig"):
        problems.append(
            "Pålegg krever forhåndsvarsel (forvaltningsloven § 16): registrer at den foreløpige "
            f"rapporten er sendt (tilsyn hendelse {aid} forelopig) før endelig rapport lages."
        )
    if kind == "palegg" and not context["funn"]["har_lovbrudd"]:
        problems.append("Tilsynet har ingen lovbrudd, så det er ikke noe pålegg å vedta.")
    if kind == "avslutning":
        conclusions = [k for k in context["krav"] if k["utfall"] == "lovbrudd"]
        tracked = [v for v in context["lovbrudd"] if v["status"]]
        if conclusions and not tracked:
            problems.append(
                "Tilsynet har lovbrudd, men endelig rapport er ikke registrert sendt "
                f"(tilsyn hendelse {aid} endelig), så pålegg er ikke fulgt opp."
            )
        for v in tracked:
            if not v["lukket"]:
                problems.append(
                    f"Pålegg {v['nr']} ({v['ref']}) er ikke lukket (status: {v['status_tekst']})."
                )
            elif not v["grunnlag"].strip():
                warnings.append(
                    f"Pålegg {v['nr']} ({v['ref']}) har ingen begrunnelse for at "
                    "rettingen er sannsynliggjort."
                )
        if not view.event_date("endelig"):
            warnings.append("Endelig rapport er ikke registrert sendt.")

    if problems:
        raise QualityGateError(
            f"Kvalitetskontrollen stoppet {kind} for tilsyn {aid} ({len(problems)} "
            "problem); ingen fil ble skrevet:",
            details=[f"  - {p}" for p in problems],
        )
    return warnings


def _process_problems(view: AuditView, context: dict[str, Any]) -> list[str]:
    """What a report needs from the process: sources it rests on, a sample for
    participant-level questions (or the requirement scoped out), and remarks with text."""
    from tilsyn.audit.scope import participant_requirements_without_sample

    aid = view.audit.id
    out: list[str] = []
    if not context["kilder"]["finnes"]:
        out.append(
            "Rapporten har ingen registrerte kilder: ingen mottatte dokumenter, intervjuer "
            f"eller utvalg av deltakermapper (tilsyn dokument/intervju/utvalg {aid})."
        )
    missing = participant_requirements_without_sample(
        view.assessed_checklist, len(view.participants())
    )
    if missing:
        out.append(
            f"Krav {', '.join(missing)} har kontrollspørsmål per deltakermappe, men det er ikke "
            f"trukket et utvalg av deltakermapper. Trekk et utvalg (tilsyn utvalg {aid} "
            "--populasjon FIL --antall N, eller --deltaker P), eller avgrens kravene bort fra "
            f"tilsynet (tilsyn avgrens {aid} --krav REF --begrunnelse T)."
        )
    sample = view.sample
    if sample is not None and sample.method == "manuelt" and view.participants():
        missing_parts = []
        if not (sample.criteria or "").strip():
            missing_parts.append("kriteriene mappene er valgt etter (--kriterier «…»)")
        if not sample.population_size:
            missing_parts.append("hvor mange deltakere de er valgt blant (--populasjon-antall N)")
        if missing_parts:
            out.append(
                "Utvalget av deltakermapper er valgt manuelt, og rapporten skal si hvordan: "
                f"oppgi {' og '.join(missing_parts)} med tilsyn utvalg {aid}."
            )
    for k in context["krav"]:
        if k["utfall"] == "merknad" and not k["merknad_nrs"]:
            out.append(
                f"Krav {k['ref']} er konkludert med merknad, men merknaden har ingen tekst. "
                f"Skriv hva kommunen bør gjøre (tilsyn merknad {aid} --krav {k['ref']} "
                "--tekst «Kommunen bør …»)."
            )
    return out


_APPEAL_HEADING = re.compile(r"\bklage(adgang|rett)\b", re.IGNORECASE)
_SECTION_28 = re.compile(r"§§?\s*28\b")
_SECTION_29 = re.compile(r"(§|§§\s*28\s*(og|–|-))\s*29\b|§§\s*27\s*(–|-)\s*29\b")


def check_rendered(kind: str, context: dict[str, Any], text: str) -> None:
    """Refuse a rendered decision without appeal information (forvaltningsloven § 27):
    a section on the right to appeal, §§ 28 and 29, and the appeal body by name."""
    if not has_decision(kind, context):
        return
    missing = []
    if not _APPEAL_HEADING.search(text):
        missing.append("et avsnitt om klageadgang (Klageadgang/Klagerett)")
    if not (_SECTION_28.search(text) and _SECTION_29.search(text)):
        missing.append("henvisning til forvaltningsloven §§ 28 og 29 (klagefrist tre uker)")
    body = context["kontor"]["klageinstans"]
    if body and body not in text:
        missing.append(f"klageinstansen («{body}», {{{{ kontor.klageinstans }}}})")
    if missing:
        raise QualityGateError(
            f"Dokumentet ({kind}) inneholder et vedtak om pålegg, men malen mangler "
            + " og ".join(missing)
            + ". Ingen fil ble skrevet."
        )
