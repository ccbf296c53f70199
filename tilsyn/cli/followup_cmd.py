"""Follow-up commands: `tilsyn lovbrudd ...`, `tilsyn status` and `tilsyn paminnelser`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from tilsyn.cli.common import app_context, audit_id, day, parse_id
from tilsyn.cli.common import today as _today
from tilsyn.cli.locale import NorwegianTyper
from tilsyn.cli.output import emit_json, say, table

app = NorwegianTyper(
    help="Oppfølging av lovbrudd: pålegg, korreksjonspunkter, tilbakemelding, vurdering, "
    "frister, klage og lukking.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

_TODAY_HELP = "Dato som regnes som i dag (ÅÅÅÅ-MM-DD); standard: dagens dato."


def _number(value: str) -> int:
    return parse_id(value, what="lovbruddsnummer", hint="se tilsyn lovbrudd liste")


def _reference(text: str, number: str | None = None) -> tuple[int, int]:
    """``"3/2"`` (or ``"3", "2"``) as (audit id, violation number)."""
    from tilsyn.errors import UsageError

    raw = str(text).strip()
    if number is None:
        if "/" not in raw:
            raise UsageError(
                f"«{text}» er ikke en lovbruddsreferanse; skriv TILSYN/NR, "
                "f.eks. 3/1 (se tilsyn lovbrudd liste)."
            )
        raw, number = raw.split("/", 1)
    return audit_id(raw), _number(number)


def _shown(s, aid: int, number: int, today=None) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    from datetime import date

    from tilsyn.app.followup import show_violation
    from tilsyn.cli import shapes

    v, audit = show_violation(s, aid, number)
    return shapes.violation(v, audit, today or date.today())


def _short(d: dict[str, Any]) -> str:
    """One line about a violation after a change."""
    text = f"Lovbrudd {d['ref']} ({d['krav']} {d['tittel']}): {d['status_tekst']}"
    if d["klage"]:
        text += f" – {d['klage']}"
    return text


def _done(s, aid: int, number: int, json_out: bool, notes: list[str] | None = None) -> None:
    d = _shown(s, aid, number)
    if json_out:
        emit_json(d)
        return
    for note in notes or []:
        say(note)
    say(_short(d))
    open_points = [p["ref"] for p in d["korreksjonspunkter"] if p["vurdering"] != "rettet"]
    if d["status"] != "lukket" and open_points:
        say(f"  ikke vurdert som rettet: {', '.join(open_points)}")


# --- lovbrudd ------------------------------------------------------------------------------


@app.command("liste")
def list_cmd(
    ctx: typer.Context,
    apne: bool = typer.Option(False, "--apne", "--åpne", help="Bare pålegg som ikke er lukket."),
    forfalt: bool = typer.Option(False, "--forfalt", help="Bare pålegg med passert frist."),
    kommune: str | None = typer.Option(None, "--kommune", help="Kommunenummer eller navn."),
    tilsyn: str | None = typer.Option(None, "--tilsyn", help="Bare dette tilsynet (id)."),
    idag: str | None = typer.Option(None, "--idag", help=_TODAY_HELP),
    json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
) -> None:
    """List lovbrudd (pålegg) på tvers av tilsyn, med status og frister."""
    from tilsyn.app.followup import list_violations
    from tilsyn.cli import shapes

    today = _today(idag)
    rows = [
        shapes.violation(v, a, today)
        for v, a in list_violations(
            app_context(ctx),
            open_only=apne,
            overdue_only=forfalt,
            municipality=kommune,
            audit_id=audit_id(tilsyn) if tilsyn else None,
            today=today,
        )
    ]
    if json_out:
        emit_json(rows)
        return
    if not rows:
        say("Ingen lovbrudd å vise.")
        return
    table(
        ["Ref", "Kommune", "Krav", "Lovbrudd", "Rettefrist", "Status", "Forfalt", "Klage"],
        [
            [
                r["ref"],
                r["kommune"]["navn"],
                r["krav"],
                r["tittel"],
                r["rettefrist"].isoformat(),
                r["status_tekst"],
                ", ".join(f"{f['frist']} +{f['dager_over']} d" for f in r["forfalt"]),
                "til behandling" if r["klage_til_behandling"] else "",
            ]
            for r in rows
        ],
    )


@app.command("vis")
def show_cmd(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar="TILSYN/NR", help="F.eks. 3/1 (eller: 3 1)."),
    nr: str | None = typer.Argument(None, metavar="[NR]", help="Lovbruddets nummer."),
    idag: str | None = typer.Option(None, "--idag", help=_TODAY_HELP),
    json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
) -> None:
    """Vis ett pålegg: tekst, korreksjonspunkter, frister, tilbakemeldinger og klage."""
    aid, number = _reference(ref, nr)
    d = _shown(app_context(ctx), aid, number, _today(idag))
    if json_out:
        emit_json(d)
        return
    say(f"Lovbrudd {d['ref']}: {d['krav']} {d['tittel']}")
    say(f"  Kommune:    {d['kommune']['nummer']} {d['kommune']['navn']}")
    say(
        f"  Status:     {d['status_tekst']}"
        + (f" ({d['status_begrunnelse']})" if d["status_begrunnelse"] else "")
    )
    if d["klage"]:
        say(f"  Klage:      {d['klage']}")
    if d["planfrist"]:
        say(f"  Planfrist:  {d['planfrist'].isoformat()} (plan for tiltak)")
    say(
        f"  Rettefrist: {d['rettefrist'].isoformat()}; tilbakemelding innen "
        f"{d['tilbakemeldingsfrist'].isoformat()}"
    )
    for f in d["forfalt"]:
        say(f"  FORFALT:    {f['frist']} {f['dato'].isoformat()} ({f['dager_over']} dager)")
    say(f"  Pålegg:     {d['palegg']}")
    say("  Korreksjonspunkter:")
    for p in d["korreksjonspunkter"]:
        state = (p["vurdering"] or "ikke vurdert").replace("_", " ")
        say(f"    {p['ref']} [{state}] {p['tekst']}")
        if p["begrunnelse"]:
            say(f"        begrunnelse: {p['begrunnelse']}")
    for f in d["tilbakemeldinger"]:
        where = f" ({f['punkt']})" if f["punkt"] else ""
        docs = f" [dok. {', '.join(f['dokumenter'])}]" if f["dokumenter"] else ""
        say(f"  Tilbakemelding {f['mottatt'].isoformat()}{where}: {f['tekst']}{docs}")
    for c in d["fristendringer"]:
        say(f"  Ny frist {c['fra'].isoformat()} → {c['til'].isoformat()}: {c['begrunnelse']}")


@app.command("tilbakemelding")
def feedback_cmd(
    ctx: typer.Context,
    tilsyn: str = typer.Argument(..., help="Tilsynets id."),
    nr: str = typer.Argument(..., help="Lovbruddets (påleggets) nummer."),
    dato: str = typer.Option(..., "--dato", help="Datoen tilbakemeldingen ble mottatt."),
    tekst: str = typer.Option(..., "--tekst", help="Hva kommunen skriver at den har gjort."),
    punkt: str | None = typer.Option(
        None, "--punkt", help="Korreksjonspunktet det gjelder (standard: hele pålegget)."
    ),
    dokument: list[str] = typer.Option(
        [], "--dokument", help="Dokumentreferanse (kan gjentas), f.eks. 2017/1234-12."
    ),
    json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
) -> None:
    """Registrer kommunens tilbakemelding på et pålegg eller et korreksjonspunkt."""
    from tilsyn.app.followup import record_feedback

    s = app_context(ctx)
    aid, number = audit_id(tilsyn), _number(nr)
    record_feedback(
        s,
        aid,
        number,
        received=day(dato, what="--dato"),
        text=tekst,
        point=punkt,
        documents=dokument,
    )
    _done(s, aid, number, json_out)


@app.command("vurder")
def assess_cmd(
    ctx: typer.Context,
    tilsyn: str = typer.Argument(..., help="Tilsynets id."),
    nr: str = typer.Argument(..., help="Lovbruddets nummer."),
    punkt: list[str] = typer.Option([], "--punkt", help="Korreksjonspunkt (kan gjentas)."),
    alle: bool = typer.Option(False, "--alle", help="Alle korreksjonspunktene i pålegget."),
    utfall: str = typer.Option(..., "--utfall", help="rettet eller ikke-tilstrekkelig."),
    begrunnelse: str = typer.Option(
        ..., "--begrunnelse", help="Hvorfor (vises i avslutningsbrevet)."
    ),
    json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
) -> None:
    """Vurder om retting er sannsynliggjort for korreksjonspunkter."""
    from tilsyn.app.followup import assess
    from tilsyn.errors import UsageError

    if alle == bool(punkt):
        raise UsageError("Oppgi enten --punkt REF (kan gjentas) eller --alle.")
    s = app_context(ctx)
    aid, number = audit_id(tilsyn), _number(nr)
    assess(s, aid, number, points=None if alle else list(punkt), outcome=utfall, reason=begrunnelse)
    _done(s, aid, number, json_out)


@app.command("ny-frist")
def deadline_cmd(
    ctx: typer.Context,
    tilsyn: str = typer.Argument(..., help="Tilsynets id."),
    nr: str = typer.Argument(..., help="Lovbruddets nummer."),
    dato: str = typer.Option(
        ..., "--dato", help="Ny rettefrist (flyttes til neste virkedag ved helg eller helligdag)."
    ),
    begrunnelse: str = typer.Option(..., "--begrunnelse", help="Hvorfor ny frist."),
    tilbakemelding: str | None = typer.Option(
        None, "--tilbakemelding", help="Egen frist for tilbakemelding (standard: rettefristen)."
    ),
    json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
) -> None:
    """Sett ny frist for retting (og tilbakemelding), med begrunnelse."""
    from tilsyn.app.followup import new_deadline

    s = app_context(ctx)
    aid, number = audit_id(tilsyn), _number(nr)
    _, notes = new_deadline(
        s,
        aid,
        number,
        due=day(dato, what="--dato"),
        reason=begrunnelse,
        feedback_due=day(tilbakemelding, what="--tilbakemelding", default_today=False),
    )
    _done(s, aid, number, json_out, notes)


@app.command("eskaler")
def escalate_cmd(
    ctx: typer.Context,
    tilsyn: str = typer.Argument(..., help="Tilsynets id."),
    nr: str = typer.Argument(..., help="Lovbruddets nummer."),
    begrunnelse: str = typer.Option(
        ..., "--begrunnelse", help="Hvorfor, og hva som gjøres (f.eks. brev til rådmannen)."
    ),
    json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
) -> None:
    """Eskaler oppfølgingen av et pålegg."""
    from tilsyn.app.followup import escalate

    s = app_context(ctx)
    aid, number = audit_id(tilsyn), _number(nr)
    escalate(s, aid, number, reason=begrunnelse)
    _done(s, aid, number, json_out)


@app.command("lukk")
def close_cmd(
    ctx: typer.Context,
    tilsyn: str = typer.Argument(..., help="Tilsynets id."),
    nr: str = typer.Argument(..., help="Lovbruddets nummer."),
    notat: str | None = typer.Option(None, "--notat", help="Merknad til lukkingen."),
    dato: str | None = typer.Option(
        None,
        "--dato",
        help="Datoen pålegget lukkes "
        "(ÅÅÅÅ-MM-DD); standard i dag. Brukes i statistikken "
        "og avslutningsbrevet.",
    ),
    json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
) -> None:
    """Lukk et pålegg når retting er sannsynliggjort for alle korreksjonspunktene."""
    from tilsyn.app.followup import close

    s = app_context(ctx)
    aid, number = audit_id(tilsyn), _number(nr)
    close(s, aid, number, note=notat, closed_on=day(dato, what="--dato"))
    _done(s, aid, number, json_out)
    if not json_out:
        from tilsyn.app.followup import open_orders

        left = open_orders(s, aid)
        if not left:
            say(
                f"Alle pålegg i tilsyn {aid} er lukket; tilsynet kan avsluttes "
                f"(tilsyn hendelse {aid} avsluttet --dato DATO)."
            )


def _reopen(ctx: typer.Context, tilsyn: str, nr: str, begrunnelse: str, json_out: bool) -> None:
    from tilsyn.app.followup import reopen

    s = app_context(ctx)
    aid, number = audit_id(tilsyn), _number(nr)
    reopen(s, aid, number, reason=begrunnelse)
    _done(s, aid, number, json_out)
    if not json_out:
        say(
            f"Vurder korreksjonspunktene på nytt (tilsyn lovbrudd vurder {aid} {number}) og "
            f"sett ny frist om kommunen skal rette (tilsyn lovbrudd ny-frist {aid} {number})."
        )


@app.command("gjenapne")
def reopen_cmd(
    ctx: typer.Context,
    tilsyn: str = typer.Argument(..., help="Tilsynets id."),
    nr: str = typer.Argument(..., help="Lovbruddets nummer."),
    begrunnelse: str = typer.Option(..., "--begrunnelse", help="Hvorfor pålegget gjenåpnes."),
    json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
) -> None:
    """Gjenåpne et lukket pålegg, med begrunnelse."""
    _reopen(ctx, tilsyn, nr, begrunnelse, json_out)


@app.command("gjenåpne", hidden=True)
def reopen_alias(
    ctx: typer.Context,
    tilsyn: str = typer.Argument(..., help="Tilsynets id."),
    nr: str = typer.Argument(..., help="Lovbruddets nummer."),
    begrunnelse: str = typer.Option(..., "--begrunnelse", help="Hvorfor pålegget gjenåpnes."),
    json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
) -> None:
    """Samme som gjenapne."""
    _reopen(ctx, tilsyn, nr, begrunnelse, json_out)


@app.command("klage")
def appeal_cmd(
    ctx: typer.Context,
    tilsyn: str = typer.Argument(..., help="Tilsynets id."),
    nr: str = typer.Argument(..., help="Lovbruddets nummer."),
    mottatt: str | None = typer.Option(
        None,
        "--mottatt",
        help="Datoen klagen ble mottatt (ny klage); utelat for å oppdatere "
        "klagen som er til behandling.",
    ),
    oversendt: str | None = typer.Option(
        None, "--oversendt", help="Datoen klagen ble oversendt klageinstansen."
    ),
    utfall: str | None = typer.Option(None, "--utfall", help="stadfestet, opphevet eller endret."),
    utfallsdato: str | None = typer.Option(
        None, "--utfallsdato", help="Datoen klageinstansen avgjorde klagen."
    ),
    notat: str | None = typer.Option(None, "--notat", help="Merknad."),
    json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
) -> None:
    """Registrer en klage på et pålegg, oversendelse og klageinstansens utfall."""
    from tilsyn.app.followup import appeal

    s = app_context(ctx)
    aid, number = audit_id(tilsyn), _number(nr)
    appeal(
        s,
        aid,
        number,
        received=day(mottatt, what="--mottatt", default_today=False),
        forwarded=day(oversendt, what="--oversendt", default_today=False),
        outcome=utfall,
        outcome_date=day(utfallsdato, what="--utfallsdato", default_today=False),
        note=notat,
    )
    _done(s, aid, number, json_out)


@app.command("eksporter")
def export_cmd(
    ctx: typer.Context,
    output: Path = typer.Option(..., "-o", "--ut", help="Excel-filen som skrives (.xlsx)."),
    idag: str | None = typer.Option(None, "--idag", help=_TODAY_HELP),
    json_out: bool = typer.Option(False, "--json", help="Skriv JSON (fil og antall rader)."),
) -> None:
    """Skriv kontorets lovbruddsregister (én rad per korreksjonspunkt) til Excel."""
    from tilsyn.app.followup import export_register

    n = export_register(app_context(ctx), output, today=_today(idag))
    if json_out:
        emit_json({"fil": str(output), "korreksjonspunkter": n})
        return
    say(f"Skrev {output} ({n} korreksjonspunkter).")


# --- status and reminders ----------------------------------------------------------------


def _due_table(items: list[dict[str, Any]], *, overdue: bool, empty: str) -> None:
    """Print due or overdue items as a table, or ``empty`` when there are none."""
    if not items:
        say(f"  {empty}")
        return
    table(
        ["Ref", "Kommune", "Frist", "Dato", "Dager over" if overdue else "Dager igjen", "Merknad"],
        _due_rows(items, overdue=overdue),
    )


def _due_rows(items: list[dict[str, Any]], *, overdue: bool) -> list[list[Any]]:
    return [
        [
            i["ref"],
            f"{i['kommune']['nummer']} {i['kommune']['navn']}",
            i["frist_tekst"],
            i["dato"],
            i["dager_over"] if overdue else i["dager_igjen"],
            i["merknad"] or "",
        ]
        for i in items
    ]


def status_cmd(
    ctx: typer.Context,
    dager: int = typer.Option(14, "--dager", min=0, help="Frister de neste N dagene."),
    idag: str | None = typer.Option(None, "--idag", help=_TODAY_HELP),
    json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
) -> None:
    """Kontorets oversikt: tilsyn per fase, kommende og forfalte frister.

    Avslutter med kode 5 når noe er forfalt (for bruk fra en planlagt jobb).
    """
    from tilsyn.app.followup import dashboard
    from tilsyn.cli import shapes
    from tilsyn.errors import ExitCode

    d = shapes.dashboard(dashboard(app_context(ctx), today=_today(idag), days=dager))
    if json_out:
        emit_json(d)
    else:
        say(f"Status per {d['idag']}")
        say()
        table(
            ["Fase", "Antall", "Tilsyn"],
            [
                [p["tekst"], p["antall"], ", ".join(str(a["id"]) for a in p["tilsyn"])]
                for p in d["faser"]
                if p["antall"]
            ],
        )
        say()
        say(f"Frister de neste {dager} dagene:")
        _due_table(d["kommende"], overdue=False, empty="ingen")
        say()
        say("Forfalt:")
        _due_table(d["forfalt"], overdue=True, empty="ingenting")
    if d["forfalt"]:
        raise typer.Exit(int(ExitCode.OVERDUE))


def reminders_cmd(
    ctx: typer.Context,
    dager: int = typer.Option(14, "--dager", min=0, help="Frister de neste N dagene."),
    brev: bool = typer.Option(
        False,
        "--brev",
        help="Skriv påminnelsesbrev (Word) til kommuner med forfalt tilbakemelding.",
    ),
    output: Path | None = typer.Option(
        None, "-o", "--ut", help="Mappen brevene skrives til (standard: arbeidsområdets utdata)."
    ),
    idag: str | None = typer.Option(None, "--idag", help=_TODAY_HELP),
    json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
) -> None:
    """Frister som forfaller de neste N dagene, og påminnelser om forfalt tilbakemelding."""
    from tilsyn.app.followup import reminders, write_reminder
    from tilsyn.cli import shapes

    s = app_context(ctx)
    today = _today(idag)
    r = reminders(s, today=today, days=dager)
    letters: list[str] = []
    if brev:
        folder = output or s.workspace.output_dir
        for aid in r.audits:
            letters.append(str(write_reminder(s, aid, folder, today=today)))
    d = shapes.reminders(r, letters)
    if json_out:
        emit_json(d)
        return
    say(f"Frister de neste {dager} dagene (per {d['idag']}):")
    _due_table(d["kommende"], overdue=False, empty="ingen")
    say()
    say("Tilbakemelding forfalt:")
    if d["tilbakemelding_forfalt"]:
        table(
            ["Ref", "Kommune", "Frist", "Dato", "Dager over", "Merknad"],
            _due_rows(d["tilbakemelding_forfalt"], overdue=True),
        )
        if not brev:
            say("Skriv påminnelsesbrev med: tilsyn paminnelser --brev -o MAPPE")
    else:
        say("  ingenting")
    for path in letters:
        say(f"Skrev {path}")


def register(root: typer.Typer) -> None:
    """Add `lovbrudd`, `status` and `paminnelser` to the root app."""
    root.add_typer(app, name="lovbrudd")
    root.command("status")(status_cmd)
    root.command("paminnelser")(reminders_cmd)
    root.command("påminnelser", hidden=True)(reminders_cmd)
