"""Audit commands: init, opprett, hendelse, liste, vis, dokument, intervju, uttalelse, logg."""

from __future__ import annotations

from pathlib import Path

import typer

from tilsyn.cli.common import app_context, audit_id, day
from tilsyn.cli.output import emit_json, say, table


def _letter_changes(
    address: str | None,
    attention: str | None,
    their_ref: str | None,
    copies: list[str],
    no_copies: bool,
) -> dict[str, object]:
    """The letter details `tilsyn endre` was given (a list of copies replaces the old)."""
    from tilsyn.errors import UsageError

    if no_copies and copies:
        raise UsageError("Bruk enten --kopi-til eller --ingen-kopi, ikke begge.")
    changes: dict[str, object] = {
        "postal_address": address,
        "attention": attention,
        "their_reference": their_ref,
    }
    if copies or no_copies:
        changes["copy_to"] = [] if no_copies else copies
    return {k: v for k, v in changes.items() if v is not None}


def register(app: typer.Typer) -> None:
    """Add the audit commands to ``app``."""

    @app.command("init")
    def init(
        folder: Path = typer.Argument(Path("."), metavar="[MAPPE]", help="Mappen (standard: .)."),
        kontor: str = typer.Option(
            "Statsforvalteren i Agder",
            "--kontor",
            help="Kontoret fra kontorregisteret: navn, område eller id, f.eks. «Statsforvalteren "
            "i Vestland», «vestland» eller «sf-vestland». Et tidligere navn (Fylkesmannen i …) "
            "gir kontoret slik det heter i dag.",
        ),
    ) -> None:
        """Opprett et arbeidsområde: tilsyn.toml, database og mapper."""
        from tilsyn.app.admin import create_workspace
        from tilsyn.workspace import choose_office

        office = choose_office(kontor)
        ws = create_workspace(folder, office=office)
        say(f"Opprettet arbeidsområde i {ws.root}")
        renamed = f" (tidligere {office.typed_name})" if office.typed_name != office.name else ""
        say(f"  kontor:        {office.name}{renamed}")
        say(
            f"  innstillinger: {ws.config_path} (fyll inn adresse, e-post, telefon, "
            "klageinstans og underskrivere)"
        )
        say(f"  database:      {ws.db_path}")
        say(f"  utdata:        {ws.output_dir}")

    @app.command("opprett")
    def create(
        ctx: typer.Context,
        kommune: str = typer.Option(..., "--kommune", help="Kommunenummer, f.eks. 4204."),
        sjekkliste: str = typer.Option(..., "--sjekkliste", help="Sjekklistens id."),
        saksnummer: str | None = typer.Option(None, "--saksnummer", help="Saksnummer."),
        tilsynsleder: str | None = typer.Option(None, "--tilsynsleder", help="Tilsynsleder."),
        revisor: list[str] = typer.Option([], "--revisor", help="Revisor (kan gjentas)."),
        tittel: str | None = typer.Option(None, "--tittel", help="Tittel på tilsynet."),
        varseldato: str | None = typer.Option(
            None,
            "--varseldato",
            help="Planlagt varseldato (ÅÅÅÅ-MM-DD). Kommunenummeret, sjekklistens "
            "gyldighet og regelverket kontrolleres mot den; uten den kontrolleres de når "
            "varselet registreres (tilsyn hendelse ID varsel).",
        ),
        regime: str | None = typer.Option(
            None,
            "--regime",
            help="Velg regelverk selv: kl1992 (kommuneloven 1992 kap. 10 A, til og med "
            "2. oktober 2019: frist for plan for tiltak, pålegg etter § 60 d) eller kl2018 "
            "(kommuneloven 2018 kap. 30, fra 1. november 2019: pålegg etter § 30-4). Standard: "
            "følger av varseldatoen; i oktober 2019 må du velge.",
        ),
        begrunnelse: str | None = typer.Option(
            None,
            "--begrunnelse",
            help="Hvorfor regelverket er valgt (kreves i oktober 2019 og når --regime ikke "
            "stemmer med varseldatoen; logges).",
        ),
        overgangsregel: bool = typer.Option(
            False,
            "--overgangsregel",
            help="Tilsynet gjelder deltakere som fortsatt følger loven etter sjekklistens "
            "periode, etter en overgangsregel i sjekklisten (f.eks. introduksjonsloven etter "
            "2020, integreringsforskriften § 72).",
        ),
        postadresse: str | None = typer.Option(
            None,
            "--postadresse",
            help="Kommunens postadresse i brevene, f.eks. «Postboks 4, 4685 Nodeland» "
            "(linjer skilles med ;). Brevene har ellers bare kommunens navn.",
        ),
        adressat_ved: str | None = typer.Option(
            None,
            "--adressat-ved",
            help="Tittelen etter «v/» i adressefeltet når kommunen bruker en annen enn "
            "lovens (standard: kommunedirektøren, før kommuneloven 2018: rådmannen).",
        ),
        deres_ref: str | None = typer.Option(
            None, "--deres-ref", help="Kommunens referanse («Deres ref.») i brevene."
        ),
        kopi_til: list[str] = typer.Option(
            [],
            "--kopi-til",
            help="Mottaker av kopi («Kopi til») av brev og rapporter (kan gjentas).",
        ),
        json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
    ) -> None:
        """Opprett et tilsyn med én kommune på ett tema; skriver tilsynets id."""
        from tilsyn.app.audits import create_audit

        a = create_audit(
            app_context(ctx),
            municipality=kommune,
            checklist=sjekkliste,
            case_number=saksnummer,
            lead=tilsynsleder,
            auditors=revisor,
            title=tittel,
            notice=day(varseldato, what="--varseldato") if varseldato else None,
            regime=regime,
            reason=begrunnelse,
            transitional=overgangsregel,
            letter={
                "postal_address": postadresse,
                "attention": adressat_ved,
                "their_reference": deres_ref,
                "copy_to": kopi_til,
            },
        )
        if json_out:
            emit_json(
                {
                    "id": a.id,
                    "uid": a.uid,
                    "tittel": a.title,
                    "sjekkliste": a.checklist_id,
                    "versjon": a.checklist_version,
                    "kommunenummer": a.municipality_number,
                    "kommune": a.municipality_name,
                    "regime": a.regime,
                    "regime_begrunnelse": a.regime_reason,
                    "varseldato_planlagt": a.notice_planned,
                    "overgangsregel": a.transitional,
                }
            )
        else:
            typer.echo(a.id)

    @app.command("endre")
    def change(
        ctx: typer.Context,
        tilsyn_id: str = typer.Argument(..., metavar="ID", help="Tilsynets id."),
        saksnummer: str | None = typer.Option(None, "--saksnummer", help="Nytt saksnummer."),
        tittel: str | None = typer.Option(None, "--tittel", help="Ny tittel."),
        tilsynsleder: str | None = typer.Option(None, "--tilsynsleder", help="Tilsynsleder."),
        revisor: list[str] = typer.Option(
            [], "--revisor", help="Revisorer (erstatter listen; kan gjentas)."
        ),
        regime: str | None = typer.Option(
            None,
            "--regime",
            help="kl1992 eller kl2018. Kontrolleres mot varseldatoen; krever --begrunnelse i "
            "oktober 2019 og når det ikke stemmer med datoen.",
        ),
        begrunnelse: str | None = typer.Option(
            None, "--begrunnelse", help="Hvorfor regelverket er valgt (logges)."
        ),
        dokumentasjon_uker: int | None = typer.Option(
            None,
            "--dokumentasjon-uker",
            help="Frist for dokumentasjon i uker etter varsel "
            "(overstyrer tilsyn.toml for dette tilsynet).",
        ),
        uttalelse_uker: int | None = typer.Option(
            None, "--uttalelse-uker", help="Frist for uttalelse i uker etter foreløpig rapport."
        ),
        retting_uker: int | None = typer.Option(
            None, "--retting-uker", help="Rettefrist i uker etter endelig rapport."
        ),
        postadresse: str | None = typer.Option(
            None,
            "--postadresse",
            help="Kommunens postadresse i brevene, f.eks. «Postboks 4, 4685 Nodeland» "
            "(linjer skilles med ;). Tom tekst fjerner adressen.",
        ),
        adressat_ved: str | None = typer.Option(
            None,
            "--adressat-ved",
            help="Tittelen etter «v/» i adressefeltet når kommunen bruker en annen enn "
            "lovens (standard: kommunedirektøren, før kommuneloven 2018: rådmannen).",
        ),
        deres_ref: str | None = typer.Option(
            None, "--deres-ref", help="Kommunens referanse («Deres ref.») i brevene."
        ),
        kopi_til: list[str] = typer.Option(
            [],
            "--kopi-til",
            help="Mottaker av kopi («Kopi til») av brev og rapporter (erstatter listen; "
            "kan gjentas).",
        ),
        ingen_kopi: bool = typer.Option(
            False, "--ingen-kopi", help="Fjern alle mottakere av kopi."
        ),
        json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
    ) -> None:
        """Endre opplysninger om et tilsyn: saksnummer, team, regime, frister og
        opplysningene i brevene (adresse, referanse, kopi) (logges)."""
        from tilsyn.app.audits import summarize, update_audit
        from tilsyn.cli.shapes import audit_summary

        s = app_context(ctx)
        aid = audit_id(tilsyn_id)
        update_audit(
            s,
            aid,
            case_number=saksnummer,
            title=tittel,
            lead=tilsynsleder,
            auditors=revisor or None,
            regime=regime,
            reason=begrunnelse,
            documentation_weeks=dokumentasjon_uker,
            comment_weeks=uttalelse_uker,
            rectification_weeks=retting_uker,
            letter=_letter_changes(postadresse, adressat_ved, deres_ref, kopi_til, ingen_kopi),
        )
        summary = audit_summary(summarize(s, aid))
        if json_out:
            emit_json(summary)
            return
        say(f"Tilsyn {aid} endret.")
        for d in summary["frister"]:
            say(f"Frist: {d['tekst']} {d['dato']}")

    @app.command("hendelse")
    def event(
        ctx: typer.Context,
        tilsyn_id: str = typer.Argument(..., metavar="ID", help="Tilsynets id."),
        type_: str = typer.Argument(
            ...,
            metavar="TYPE",
            help="varsel, dokumentasjon, formote, apningsmote, intervju, forelopig, uttalelse, "
            "sluttmote, endelig, palegg (kommuneloven 1992 § 60 d) eller avsluttet "
            "(æøå-stavinger godtas).",
        ),
        dato: str | None = typer.Option(None, "--dato", help="Dato (ÅÅÅÅ-MM-DD); standard i dag."),
        notat: str | None = typer.Option(None, "--notat", help="Notat til hendelsen."),
        korriger: bool = typer.Option(
            False,
            "--korriger",
            help="Rett datoen for en registrert hendelse (og registrer et dokument som er "
            "laget etterpå, som sendt).",
        ),
        begrunnelse: str | None = typer.Option(
            None,
            "--begrunnelse",
            help="Hvorfor et steg tas før en frist som beskytter kommunen, er ute "
            "(uttalelse, dokumentasjon); logges.",
        ),
        json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
    ) -> None:
        """Registrer en hendelse i tilsynet (i prosessens rekkefølge)."""
        from tilsyn.app.audits import record_event, summarize
        from tilsyn.audit import lifecycle
        from tilsyn.cli.output import warn
        from tilsyn.cli.shapes import audit_summary

        s = app_context(ctx)
        aid = audit_id(tilsyn_id)
        result = record_event(
            s,
            aid,
            type_,
            day(dato, what="--dato"),
            note=notat,
            correct=korriger,
            reason=begrunnelse,
        )
        e = result.event
        summary = audit_summary(summarize(s, aid))
        if json_out:
            from tilsyn.cli.shapes import event_result

            emit_json(event_result(result, summary))
            return
        for w in result.warnings:
            warn(w)
        if result.completed:
            say(
                f"Allerede registrert: {lifecycle.EVENTS[e.type]} {e.date.isoformat()}; det som "
                f"manglet, er fullført (fase: {summary['fase_tekst']})"
            )
        else:
            verb = "Korrigert" if korriger else "Registrert"
            say(
                f"{verb}: {lifecycle.EVENTS[e.type]} {e.date.isoformat()} "
                f"(fase: {summary['fase_tekst']})"
            )
        if result.opened:
            say(f"Pålegg som følges opp: {len(result.opened)}")
        for d in summary["frister"]:
            if d["fra"] == e.date.isoformat():
                moved = f" (flyttet fra {d['flyttet_fra']})" if d["flyttet_fra"] else ""
                say(f"Frist: {d['tekst']} {d['dato']}{moved}")

    @app.command("liste")
    def list_audits(
        ctx: typer.Context,
        status: str | None = typer.Option(
            None,
            "--status",
            help="planlagt, varslet, gjennomforing, forelopig, endelig, avsluttet.",
        ),
        kommune: str | None = typer.Option(None, "--kommune", help="Kommunenummer eller navn."),
        ar: int | None = typer.Option(None, "--ar", "--år", help="År (varselets år)."),
        sjekkliste: str | None = typer.Option(None, "--sjekkliste", help="Sjekklistens id."),
        json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
    ) -> None:
        """List tilsyn med fase, fremdrift og frister."""
        from datetime import date

        from tilsyn.app.audits import list_audits
        from tilsyn.cli.shapes import audit_row

        today = date.today()
        rows = [
            audit_row(r, today)
            for r in list_audits(
                app_context(ctx),
                status=status,
                municipality=kommune,
                year=ar,
                checklist=sjekkliste,
            )
        ]
        if json_out:
            emit_json(rows)
            return
        if not rows:
            say("Ingen tilsyn funnet. Opprett et med: tilsyn opprett --kommune NR --sjekkliste ID")
            return
        table(
            ["id", "kommune", "sjekkliste", "år", "fase", "besvart", "neste frist"],
            [
                [
                    r["id"],
                    r["kommune"],
                    r["sjekkliste"],
                    r["ar"],
                    r["fase"] + (f" ({r['opprinnelse']})" if r["opprinnelse"] else ""),
                    f"{r['fremdrift']['besvart']}/{r['fremdrift']['totalt']}",
                    next(
                        (
                            f"{d['dato']} ({d['status']})"
                            for d in r["frister"]
                            if d["status"] in ("apen", "forfalt")
                        ),
                        "",
                    ),
                ]
                for r in rows
            ],
        )

    @app.command("vis")
    def show(
        ctx: typer.Context,
        tilsyn_id: str = typer.Argument(..., metavar="ID", help="Tilsynets id."),
        json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
    ) -> None:
        """Vis et tilsyn: fase, datoer, frister, fremdrift, utvalg, funn og dokumenter."""
        from tilsyn.app.audits import summarize
        from tilsyn.cli.render_audit import render_summary
        from tilsyn.cli.shapes import audit_summary

        s = audit_summary(summarize(app_context(ctx), audit_id(tilsyn_id)))
        if json_out:
            emit_json(s)
        else:
            render_summary(s)

    @app.command("dokument")
    def document(
        ctx: typer.Context,
        tilsyn_id: str = typer.Argument(..., metavar="ID", help="Tilsynets id."),
        tittel: str = typer.Option(..., "--tittel", help="Dokumentets tittel."),
        dato: str | None = typer.Option(None, "--dato", help="Dokumentets dato (ÅÅÅÅ-MM-DD)."),
        type_: str | None = typer.Option(None, "--type", help="Dokumenttype, f.eks. rutine."),
        fil: Path | None = typer.Option(
            None, "--fil", help="Filen (sti og sha256 lagres, ikke selve filen)."
        ),
        json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
    ) -> None:
        """Registrer et mottatt dokument i dokumentregisteret."""
        from tilsyn.app.audits import register_document

        d = register_document(
            app_context(ctx),
            audit_id(tilsyn_id),
            title=tittel,
            when=day(dato, what="--dato", default_today=False),
            kind=type_,
            path=fil,
        )
        if json_out:
            emit_json({"nr": d.number, "tittel": d.title, "sha256": d.sha256})
        else:
            say(
                f"Dokument nr. {d.number}: {d.title}"
                + (f" (sha256 {d.sha256[:12]}…)" if d.sha256 else "")
            )

    @app.command("intervju")
    def interview(
        ctx: typer.Context,
        tilsyn_id: str = typer.Argument(..., metavar="ID", help="Tilsynets id."),
        rolle: str = typer.Option(
            ..., "--rolle", help="Den intervjuedes rolle, f.eks. programrådgiver."
        ),
        dato: str | None = typer.Option(None, "--dato", help="Dato (ÅÅÅÅ-MM-DD); standard i dag."),
        navn: str | None = typer.Option(
            None, "--navn", help="Navn (bare når kontoret registrerer navn)."
        ),
        notat: str | None = typer.Option(None, "--notat", help="Notat."),
        antall: int = typer.Option(
            1,
            "--antall",
            help="Antall personer i intervjuet (et gruppeintervju registreres én gang med "
            "antallet som var med).",
        ),
    ) -> None:
        """Registrer et intervju (rolle, dato og antall personer)."""
        from tilsyn.app.audits import register_interview

        i = register_interview(
            app_context(ctx),
            audit_id(tilsyn_id),
            role=rolle,
            when=day(dato, what="--dato"),
            name=navn,
            note=notat,
            people=antall,
        )
        who = f", {i.people} personer" if i.people and i.people > 1 else ""
        say(f"Intervju registrert: {i.role} {i.date.isoformat()}{who}")

    @app.command("uttalelse")
    def comment(
        ctx: typer.Context,
        tilsyn_id: str = typer.Argument(..., metavar="ID", help="Tilsynets id."),
        tekst: str = typer.Option(
            ..., "--tekst", help="Kommunens uttalelse til foreløpig rapport."
        ),
        krav: str | None = typer.Option(None, "--krav", help="Kravet uttalelsen gjelder."),
        vurdering: str | None = typer.Option(
            None, "--vurdering", help="Statsforvalterens vurdering av uttalelsen."
        ),
    ) -> None:
        """Registrer kommunens uttalelse til foreløpig rapport og vår vurdering av den."""
        from tilsyn.app.audits import register_comment

        c = register_comment(
            app_context(ctx),
            audit_id(tilsyn_id),
            text=tekst,
            requirement=krav,
            response=vurdering,
        )
        say(
            f"Uttalelse {c.id} registrert"
            + (f" til krav {c.requirement_ref}" if c.requirement_ref else "")
        )

    @app.command("logg")
    def log(
        ctx: typer.Context,
        tilsyn_id: str = typer.Argument(..., metavar="ID", help="Tilsynets id."),
        verifiser: bool = typer.Option(False, "--verifiser", help="Kontroller hash-kjeden."),
        json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
    ) -> None:
        """Vis endringsloggen for et tilsyn (hvem, når, hva, gammelt → nytt)."""
        from tilsyn.app.audits import audit_log
        from tilsyn.errors import TilsynError

        a, entries, problems = audit_log(app_context(ctx), audit_id(tilsyn_id), verify=verifiser)
        if json_out:
            from tilsyn.cli import shapes

            emit_json(shapes.log(a, entries, problems, (not problems) if verifiser else None))
        else:
            for e in entries:
                change = _change_text(e.old, e.new)
                say(
                    f"{e.seq:>4}  {e.at[:19].replace('T', ' ')}  {e.user:<12} {e.action:<18} "
                    f"{e.entity}{'  ' + change if change else ''}"
                )
            if verifiser and not problems:
                say(
                    f"Loggen er verifisert: {len(entries)} linjer, hash-kjeden er intakt, ankeret "
                    "stemmer, og tilsynets rader stemmer med loggen."
                )
        if problems:
            raise TilsynError("Loggen kunne ikke verifiseres:", details=problems)


def _change_text(old, new) -> str:
    if not isinstance(new, dict):
        return ""
    parts = []
    for key, value in new.items():
        if value in (None, [], ""):
            continue
        before = old.get(key) if isinstance(old, dict) else None
        text = str(value).replace("\n", " ")
        text = text if len(text) <= 40 else text[:39] + "…"
        parts.append(
            f"{key}: {before} → {text}" if before not in (None, value) else f"{key}: {text}"
        )
    return "; ".join(parts[:4])
