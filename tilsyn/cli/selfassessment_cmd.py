"""`tilsyn egenvurdering ...`: the municipality's self-assessment (opprett, eksporter,
importer, importer-svar, vis, liste, rapport)."""

from __future__ import annotations

from pathlib import Path

import typer

from tilsyn.cli.common import app_context
from tilsyn.cli.locale import NorwegianTyper
from tilsyn.cli.output import emit_json, say, table

app = NorwegianTyper(
    help="Egenvurdering: kommunen svarer på kontrollspørsmålene i Excel.", no_args_is_help=True
)


def _id(value: str) -> int:
    from tilsyn.cli.common import parse_id

    return parse_id(value, what="id for en egenvurdering", hint="se tilsyn egenvurdering liste")


@app.command("opprett")
def create(
    ctx: typer.Context,
    kommune: str = typer.Option(..., "--kommune", help="Kommunenummer, f.eks. 4204."),
    sjekkliste: str = typer.Option(..., "--sjekkliste", help="Sjekklistens id."),
    ar: int | None = typer.Option(
        None, "--ar", "--år", help="Året egenvurderingen gjelder (standard: i år)."
    ),
    tilsyn_id: int | None = typer.Option(
        None,
        "--tilsyn",
        help="Knytt til dette tilsynet "
        "(standard: tilsyn med samme kommune, sjekkliste "
        "og år, om det finnes).",
    ),
    ny: bool = typer.Option(
        False,
        "--ny",
        help="Lag en ny selv om kommunen har en egenvurdering på sjekklisten det året "
        "(statistikken bruker den nyeste som har svar).",
    ),
    json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
) -> None:
    """Opprett en egenvurdering for en kommune."""
    from tilsyn.app.selfassessment import create as create_sa

    r = create_sa(
        app_context(ctx),
        municipality=kommune,
        checklist=sjekkliste,
        year=ar,
        audit_id=tilsyn_id,
        new=ny,
    )
    if json_out:
        emit_json(
            {
                "id": r.id,
                "uid": r.uid,
                "kommune": r.municipality_number,
                "sjekkliste": r.checklist_id,
                "ar": r.year,
                "tilsyn": r.audit_id,
                "status": r.status,
            }
        )
        return
    link = f", knyttet til tilsyn {r.audit_id}" if r.audit_id else ""
    say(
        f"Opprettet egenvurdering {r.id}: {r.municipality_number} {r.municipality_name}, "
        f"{r.checklist_id} {r.year}{link}."
    )
    say(f"Lag skjemaet med: tilsyn egenvurdering eksporter {r.id} -o egenvurdering.xlsx")


@app.command("eksporter")
def export(
    ctx: typer.Context,
    sa_id: str = typer.Argument(..., metavar="ID", help="Egenvurderingens id."),
    output: Path = typer.Option(..., "-o", "--utfil", help="Excel-filen som skrives (.xlsx)."),
    json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
) -> None:
    """Lag Excel-skjemaet kommunen fyller ut."""
    from tilsyn.app.selfassessment import export_form, get
    from tilsyn.audit.selfassessment import missing

    s = app_context(ctx)
    view = get(s, _id(sa_id))
    path = export_form(s, view.record.id, output)
    if json_out:
        emit_json({"id": view.record.id, "fil": str(path), "mangler": missing(view)})
        return
    say(
        f"Skrev {path}. Send filen til kommunen; les den inn med: tilsyn egenvurdering "
        f"importer {view.record.id} {path.name}"
    )


@app.command("importer")
def import_(
    ctx: typer.Context,
    sa_id: str = typer.Argument(..., metavar="ID", help="Egenvurderingens id."),
    fil: Path = typer.Argument(..., metavar="FIL", help="Utfylt skjema (.xlsx)."),
    torrkjoring: bool = typer.Option(
        False,
        "--torrkjoring",
        "--tørrkjøring",
        help="Vis hva som ville blitt lagret; lagre ingenting.",
    ),
    overskriv: bool = typer.Option(
        False, "--overskriv", help="Erstatt lagrede svar som er forskjellige."
    ),
    json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
) -> None:
    """Les inn kommunens utfylte skjema (alt eller ingenting); lister det som mangler."""
    from tilsyn.app.selfassessment import import_form
    from tilsyn.cli import shapes

    result = import_form(
        app_context(ctx), _id(sa_id), fil, overwrite=overskriv, dry_run=torrkjoring
    )
    if json_out:
        emit_json(shapes.self_import(result))
        return
    head = "Tørrkjøring (ingenting lagret)" if torrkjoring else "Importert"
    say(
        f"{head}: {result.file} – nye svar: {result.new}, endrede: {result.changed}, "
        f"uendrede: {result.unchanged}. Status: {result.status}."
    )
    if result.missing:
        say(
            f"Skjemaet er ufullstendig; {len(result.missing)} spørsmål mangler svar: "
            + ", ".join(result.missing)
        )
        say(
            "Send skjemaet tilbake til kommunen; en ny eksport viser hva som mangler: "
            f"tilsyn egenvurdering eksporter {_id(sa_id)} -o egenvurdering.xlsx"
        )


@app.command("importer-svar")
def import_answers(
    ctx: typer.Context,
    fil: Path = typer.Argument(
        ...,
        metavar="FIL",
        help="CSV eller XLSX med kolonnene kommunenummer, ar, sporsmal, svar "
        "(og eventuelt forklaring).",
    ),
    sjekkliste: str = typer.Option(
        ..., "--sjekkliste", help="Sjekklisten spørsmålene hører til (id)."
    ),
    ny: bool = typer.Option(
        False,
        "--ny",
        help="Legg inn også for kommuner som alt har en egenvurdering det året "
        "(statistikken bruker den nyeste som har svar).",
    ),
    torrkjoring: bool = typer.Option(
        False,
        "--torrkjoring",
        "--tørrkjøring",
        help="Kontroller filen og vis hva som ville blitt lagret; lagre ingenting.",
    ),
    json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
) -> None:
    """Les inn svar fra en kommuneundersøkelse: én egenvurdering per kommune og år
    (alt eller ingenting; hver feil vises med rad og kolonne)."""
    from tilsyn.app.survey import import_survey
    from tilsyn.cli import shapes

    result = import_survey(app_context(ctx), fil, checklist=sjekkliste, new=ny, dry_run=torrkjoring)
    if json_out:
        emit_json(shapes.survey_import(result))
        return
    head = "Tørrkjøring (ingenting lagret)" if torrkjoring else "Importert"
    years = ", ".join(str(y) for y in result.years)
    say(
        f"{head}: {result.file} – {len(result.forms)} egenvurderinger ({result.answers} svar) "
        f"på {result.checklist_id}, år {years}."
    )
    linked = sum(1 for f in result.forms if f.audit_id)
    if linked:
        say(f"{linked} av dem er knyttet til tilsyn samme år.")
    if result.ids:
        say("Se tallene med: tilsyn statistikk --sjekkliste " + result.checklist_id)


@app.command("vis")
def show(
    ctx: typer.Context,
    sa_id: str = typer.Argument(..., metavar="ID", help="Egenvurderingens id."),
    json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
) -> None:
    """Vis en egenvurdering: status, svar, risiko og hva som mangler."""
    from tilsyn.app.selfassessment import get
    from tilsyn.cli import shapes

    data = shapes.self_assessment(get(app_context(ctx), _id(sa_id)))
    if json_out:
        emit_json(data)
        return
    k = data["kommune"]
    say(
        f"Egenvurdering {data['id']}: {k['nummer']} {k['navn']}, {data['sjekkliste']['id']} "
        f"{data['ar']}" + (f" (tilsyn {data['tilsyn']})" if data["tilsyn"] else "")
    )
    say(f"Status: {data['status']}; besvart {data['besvart']} av {data['totalt']}.")
    if data["risiko"]:
        say("Svar som tyder på risiko for lovbrudd: " + ", ".join(data["risiko"]))
    if data["mangler"]:
        say("Mangler svar: " + ", ".join(data["mangler"]))
    table(
        ["ref", "svar", "forklaring"],
        [[x["ref"], x["svar"] or "–", x["forklaring"] or ""] for x in data["svar"]],
    )


@app.command("liste")
def list_(
    ctx: typer.Context,
    json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
) -> None:
    """Vis alle egenvurderinger."""
    from tilsyn.app.selfassessment import all_self_assessments

    rows = all_self_assessments(app_context(ctx))
    data = [
        {
            "id": r.id,
            "kommune": f"{r.municipality_number} {r.municipality_name}",
            "sjekkliste": r.checklist_id,
            "ar": r.year,
            "tilsyn": r.audit_id,
            "status": r.status,
        }
        for r in rows
    ]
    if json_out:
        emit_json(data)
        return
    table(
        ["id", "kommune", "sjekkliste", "år", "tilsyn", "status"],
        [
            [d["id"], d["kommune"], d["sjekkliste"], d["ar"], d["tilsyn"] or "–", d["status"]]
            for d in data
        ],
    )


@app.command("rapport")
def report(
    ctx: typer.Context,
    sa_id: str = typer.Argument(..., metavar="ID", help="Egenvurderingens id."),
    output: Path = typer.Option(..., "-o", "--utfil", help="Word-filen som skrives (.docx)."),
    malform: str | None = typer.Option(
        None, "--malform", "--målform", help="bokmal eller nynorsk (standard: kommunens målform)."
    ),
    json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
) -> None:
    """Lag en Word-oversikt: svar som tyder på risiko for lovbrudd, og hva som er i orden."""
    from tilsyn.app.selfassessment import write_report

    path = write_report(app_context(ctx), _id(sa_id), output, malform=malform)
    if json_out:
        emit_json({"id": _id(sa_id), "fil": str(path)})
        return
    say(f"Skrev {path}.")
