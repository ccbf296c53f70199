"""Scoring commands: utvalg (sample), vurder (answer), konkluder (conclude)."""

from __future__ import annotations

from pathlib import Path

import typer

from tilsyn.cli.common import app_context, audit_id
from tilsyn.cli.output import emit_json, say, table

_OUTCOME = {"lovbrudd": "lovbrudd", "merknad": "merknad", "ingen": "ingen funn", None: "–"}


def register(app: typer.Typer) -> None:
    """Add the scoring commands to ``app``."""

    @app.command("utvalg")
    def sample(
        ctx: typer.Context,
        tilsyn_id: str = typer.Argument(..., metavar="ID", help="Tilsynets id."),
        populasjon: Path | None = typer.Option(
            None,
            "--populasjon",
            help="Populasjonsliste (CSV eller XLSX) med pseudonym og "
            "eventuelt bosettingsdato, kravdato, programstart, planvedtak.",
        ),
        antall: int | None = typer.Option(None, "--antall", help="Antall deltakermapper."),
        fro: str | None = typer.Option(
            None, "--fro", "--frø", help="Frø for trekningen (standard: tilfeldig, lagres)."
        ),
        deltaker: list[str] = typer.Option(
            [], "--deltaker", help="Velg mappe manuelt (pseudonym; kan gjentas)."
        ),
        erstatt: bool = typer.Option(
            False, "--erstatt", help="Erstatt et utvalg som ikke er vurdert ennå."
        ),
        kriterier: str | None = typer.Option(
            None,
            "--kriterier",
            help="Hva mappene er valgt ut etter (rapporten oppgir det ved manuelt valg), "
            "f.eks. «deltakere bosatt i 2016 med vedtak om forlenget program». Alene: "
            "beskriver utvalget som er tatt.",
        ),
        populasjon_antall: int | None = typer.Option(
            None,
            "--populasjon-antall",
            help="Antall deltakere mappene er valgt blant, når det ikke er gitt en "
            "populasjonsliste (rapporten oppgir det).",
        ),
        json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
    ) -> None:
        """Trekk et reproduserbart utvalg av deltakermapper, eller velg dem manuelt (med
        kriterier); --kriterier/--populasjon-antall alene beskriver utvalget som er tatt."""
        from tilsyn.app.sampling import take_sample

        result = take_sample(
            app_context(ctx),
            audit_id(tilsyn_id),
            population=populasjon,
            count=antall,
            seed=fro,
            chosen=deltaker,
            replace=erstatt,
            criteria=kriterier,
            population_count=populasjon_antall,
        )
        people = [p.pseudonym for p in result.participants]
        if json_out:
            emit_json(
                {
                    "metode": result.method,
                    "fro": result.seed,
                    "populasjon": result.population_size,
                    "kriterier": result.criteria,
                    "deltakere": people,
                }
            )
            return
        how = (
            f"tilfeldig trukket med frø {result.seed} fra {result.population_size}"
            if result.method == "tilfeldig"
            else "valgt manuelt"
            + (f" blant {result.population_size}" if result.population_size else "")
        )
        say(f"Utvalg: {len(people)} deltakermapper ({how})")
        say("  " + ", ".join(people))
        if result.criteria:
            say(f"  kriterier: {result.criteria}")

    @app.command("vurder")
    def assess(
        ctx: typer.Context,
        tilsyn_id: str = typer.Argument(..., metavar="ID", help="Tilsynets id."),
        sporsmal: str | None = typer.Option(
            None, "--sporsmal", "--spørsmål", help="Kontrollspørsmålets id, f.eks. B1.2."
        ),
        deltaker: str | None = typer.Option(
            None, "--deltaker", help="Deltakermappe (pseudonym) for spørsmål per deltaker."
        ),
        svar: str | None = typer.Option(
            None, "--svar", help="Svaret (ja, nei, ikke relevant, ikke vurdert)."
        ),
        observasjon: str | None = typer.Option(None, "--observasjon", help="Observasjon."),
        kilde: list[str] = typer.Option(
            [], "--kilde", help="Dokumentnummer i registeret (kan gjentas)."
        ),
        begrunnelse: str | None = typer.Option(
            None, "--begrunnelse", help="Begrunnelse når du svarer annerledes enn beregningen."
        ),
        timeplan: Path | None = typer.Option(
            None,
            "--timeplan",
            help="Timeplan (CSV: aktivitet,type,minutter,leksjoner) for fulltid.",
        ),
        feriedager: int | None = typer.Option(
            None, "--feriedager", help="Feriedager i programåret (helårig)."
        ),
        programdager: int | None = typer.Option(
            None, "--programdager", help="Programmets lengde i dager når kortere enn ett år."
        ),
        fil: Path | None = typer.Option(
            None,
            "--fil",
            help="Svar i bulk fra CSV eller JSON "
            "(kolonner: sporsmal, deltaker, svar, observasjon, "
            "kilder, begrunnelse).",
        ),
        beregn: bool = typer.Option(
            False,
            "--beregn",
            help="Foreslå svar fra beregnede kontroller (planfrist, fulltid, helårig).",
        ),
        overskriv: bool = typer.Option(
            False,
            "--overskriv",
            help="Med --fil/--beregn: erstatt svar som er forskjellige fra de lagrede.",
        ),
        torrkjoring: bool = typer.Option(
            False, "--torrkjoring", "--tørrkjøring", help="Med --fil: vis hva som ville endres."
        ),
        json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
    ) -> None:
        """Besvar kontrollspørsmål: interaktivt, ett og ett med valg, eller fra fil."""
        from tilsyn.app import answers as assessment

        s = app_context(ctx)
        aid = audit_id(tilsyn_id)
        if fil is not None:
            changes = assessment.import_answers(
                s, aid, fil, overwrite=overskriv, dry_run=torrkjoring
            )
            _report_changes(changes, dry_run=torrkjoring, json_out=json_out)
            return
        if beregn:
            props = assessment.compute_all(s, aid, overwrite=overskriv)
            if json_out:
                emit_json(
                    [
                        {
                            "sporsmal": p.question_ref,
                            "deltaker": p.participant or None,
                            "forslag": p.answer,
                            "forklaring": p.note,
                        }
                        for p in props
                    ]
                )
            else:
                for p in props:
                    who = f" / {p.participant}" if p.participant else ""
                    say(f"{p.question_ref}{who}: {p.answer} — {p.note}")
                say(f"{len(props)} beregnede forslag.")
            return
        if sporsmal is None and svar is None:
            from tilsyn.cli.interactive import run_interactive

            run_interactive(s, aid)
            return
        if sporsmal is None or svar is None:
            from tilsyn.errors import UsageError

            raise UsageError(
                "Oppgi både --sporsmal og --svar (eller ingen av dem for interaktiv vurdering)."
            )
        change, prop = assessment.answer_question(
            s,
            aid,
            question=sporsmal,
            participant=deltaker,
            answer=svar,
            observation=observasjon,
            sources=kilde,
            reason=begrunnelse,
            timetable=timeplan,
            holiday_days=feriedager,
            programme_days=programdager,
        )
        if json_out:
            emit_json(
                {
                    "sporsmal": change.slot[0],
                    "deltaker": change.slot[1] or None,
                    "endring": change.kind,
                    "gammelt": change.old,
                    "nytt": change.new,
                    "forslag": prop.answer if prop else None,
                    "forklaring": prop.note if prop else None,
                }
            )
            return
        who = f" / {change.slot[1]}" if change.slot[1] else ""
        if prop:
            say(f"Beregnet: {prop.note}")
        kinds = {"ny": "lagret", "endret": f"endret fra «{change.old}»", "uendret": "uendret"}
        say(f"{change.slot[0]}{who}: «{change.new}» {kinds[change.kind]}")

    @app.command("konkluder")
    def conclude(
        ctx: typer.Context,
        tilsyn_id: str = typer.Argument(..., metavar="ID", help="Tilsynets id."),
        krav: str | None = typer.Option(None, "--krav", help="Kravets id, f.eks. B1."),
        utfall: str | None = typer.Option(
            None,
            "--utfall",
            help="lovbrudd, merknad eller ingen (også «ingen funn»); standard: forslaget. "
            "En merknad får sin tekst med tilsyn merknad.",
        ),
        praksis: str | None = typer.Option(
            None, "--praksis", help="Beskrivelse av kommunens praksis."
        ),
        vurdering: str | None = typer.Option(
            None, "--vurdering", help="Statsforvalterens vurdering."
        ),
        konklusjon: str | None = typer.Option(None, "--konklusjon", help="Konklusjonsteksten."),
        begrunnelse: str | None = typer.Option(
            None, "--begrunnelse", help="Begrunnelse (påkrevd når du overstyrer forslaget)."
        ),
        json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
    ) -> None:
        """Vis foreslåtte konklusjoner, eller bekreft/overstyr én med tekstene til rapporten."""
        from tilsyn.app import answers as assessment

        s = app_context(ctx)
        aid = audit_id(tilsyn_id)
        if krav is None:
            if any(v is not None for v in (utfall, praksis, vurdering, konklusjon, begrunnelse)):
                from tilsyn.errors import UsageError

                raise UsageError("Oppgi --krav for å bekrefte eller overstyre en konklusjon.")
            from tilsyn.app.audits import summarize

            summary = summarize(s, aid)
            v = summary.view
            rows = []
            for r in summary.results:
                c = v.conclusion(r.requirement_ref)
                rows.append(
                    {
                        "krav": r.requirement_ref,
                        "foreslatt": r.proposed,
                        "bekreftet": c.outcome if c else None,
                        "sporsmal": [
                            {
                                "sporsmal": q.question_ref,
                                "besvart": q.answered,
                                "av": q.expected,
                                "nei": q.breaches,
                                "ja": q.compliant,
                                "forslag": q.outcome,
                            }
                            for q in r.questions
                        ],
                    }
                )
            if json_out:
                emit_json(rows)
                return
            for r in rows:
                say(
                    f"Krav {r['krav']}: foreslått {_OUTCOME[r['foreslatt']]}, bekreftet "
                    f"{_OUTCOME.get(r['bekreftet'], r['bekreftet'])}"
                )
                for q in r["sporsmal"]:
                    say(
                        f"    {q['sporsmal']}: {q['besvart']}/{q['av']} besvart, {q['ja']} ja, "
                        f"{q['nei']} nei → {_OUTCOME[q['forslag']]}"
                    )
            for sc in v.scoped:
                say(f"Krav {sc.requirement_ref}: avgrenset bort ({sc.reason})")
            say(
                "Bekreft med: tilsyn konkluder ID --krav REF [--praksis T --vurdering T "
                "--konklusjon T]"
            )
            return
        c = assessment.conclude(
            s,
            aid,
            requirement=krav,
            outcome=utfall,
            practice=praksis,
            assessment=vurdering,
            conclusion=konklusjon,
            reason=begrunnelse,
        )
        if json_out:
            emit_json(
                {
                    "krav": c.requirement_ref,
                    "utfall": c.outcome,
                    "foreslatt": c.proposed,
                    "begrunnelse": c.reason,
                }
            )
        else:
            over = " (overstyrt)" if c.proposed and c.proposed != c.outcome else ""
            say(f"Krav {c.requirement_ref}: {_OUTCOME[c.outcome]}{over}")


def _report_changes(changes, *, dry_run: bool, json_out: bool) -> None:  # type: ignore[no-untyped-def]
    from tilsyn.cli.shapes import answer_changes

    counts = {k: sum(1 for c in changes if c.kind == k) for k in ("ny", "endret", "uendret")}
    if json_out:
        emit_json(answer_changes(changes, dry_run=dry_run))
        return
    rows = [
        [c.slot[0], c.slot[1], c.kind, c.old or "", c.new] for c in changes if c.kind != "uendret"
    ]
    if rows:
        table(["spørsmål", "deltaker", "endring", "gammelt", "nytt"], rows)
    verb = "ville blitt" if dry_run else "ble"
    say(
        f"{counts['ny']} nye og {counts['endret']} endrede svar {verb} lagret; "
        f"{counts['uendret']} uendret."
    )
