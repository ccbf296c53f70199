"""`tilsyn sjekkliste ...`: list, show, validate checklists and print the format's schema."""

from __future__ import annotations

from pathlib import Path

import typer

from tilsyn.cli.locale import NorwegianTyper
from tilsyn.cli.output import emit_json, say, table

app = NorwegianTyper(help="Sjekklister: lovkrav og kontrollspørsmål.", no_args_is_help=True)


def _workspace(ctx: typer.Context) -> str | None:
    from tilsyn.cli.common import global_options

    return global_options(ctx).workspace


@app.command("liste")
def list_checklists(
    ctx: typer.Context,
    json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
) -> None:
    """Vis alle tilgjengelige sjekklister."""
    from tilsyn.app.checklists import available

    entries = available(_workspace(ctx))
    rows = []
    for cid, e in sorted(entries.items()):
        cl = e.checklist
        rows.append(
            {
                "id": cid,
                "tittel": cl.title,
                "versjon": cl.version,
                "lov": cl.law.short_name,
                "gyldig_fra": cl.validity.valid_from,
                "gyldig_til": cl.validity.valid_to,
                "overgangsregel_til": max((r.valid_to for r in cl.transitional), default=None),
                "krav": sum(1 for _ in cl.requirements()),
                "sporsmal": sum(1 for _ in cl.questions()),
                "kilde": "levert" if e.shipped else f"arbeidsområdet ({e.path.name})",
                "fil": str(e.path),
            }
        )
    if json_out:
        emit_json(rows)
        return
    table(
        ["id", "tittel", "versjon", "lov", "gyldig", "krav", "spørsmål", "kilde"],
        [
            [
                r["id"],
                r["tittel"],
                r["versjon"],
                r["lov"],
                _validity(r["gyldig_fra"], r["gyldig_til"], r["overgangsregel_til"]),
                r["krav"],
                r["sporsmal"],
                r["kilde"],
            ]
            for r in rows
        ],
    )


def _validity(start, end, transitional) -> str:  # type: ignore[no-untyped-def]
    text = f"{start.isoformat()}–{end.isoformat() if end else ''}"
    if transitional:
        text += f" (overgang til {transitional.isoformat()})"
    return text


@app.command("vis")
def show_checklist(
    ctx: typer.Context,
    checklist_id: str = typer.Argument(..., metavar="ID", help="Sjekklistens id."),
    json_out: bool = typer.Option(False, "--json", help="Skriv hele sjekklisten som JSON."),
) -> None:
    """Vis en sjekkliste: krav, hjemmel og kontrollspørsmål."""
    from tilsyn.app.checklists import get

    cl = get(checklist_id, _workspace(ctx))
    if json_out:
        emit_json(cl.model_dump(mode="json"))
        return
    say(f"{cl.title} ({cl.id}, versjon {cl.version})")
    say(f"{cl.law.name} ({cl.law.lov_id})")
    until = cl.validity.valid_to.isoformat() if cl.validity.valid_to else "–"
    say(f"Gyldig {cl.validity.valid_from.isoformat()} til {until}")
    for rule in cl.transitional:
        say(
            f"Overgangsregel til {rule.valid_to.isoformat()} ({rule.legal_basis.cite()}): "
            f"{rule.text}"
        )
    for theme in cl.themes:
        say()
        say(f"Tema {theme.ref_id}: {theme.title}")
        for req in theme.requirements:
            basis = "; ".join(b.cite() for b in req.legal_basis)
            say(f"  Krav {req.ref_id}: {req.title} [{basis}] ({req.breach})")
            for source in req.source:
                say(f"    Kilde: {source.cite()}")
            for q in req.questions:
                extra = f", beregnes: {q.computed_check}" if q.computed_check else ""
                say(f"    {q.ref_id} ({q.scope}{extra}): {q.question}")


@app.command("valider")
def validate_checklists(
    ctx: typer.Context,
    files: list[Path] = typer.Argument(..., metavar="FIL...", help="Sjekklistefiler (YAML)."),
) -> None:
    """Valider sjekklistefiler; alle feil vises med fil og linje."""
    from tilsyn.app.checklists import validate

    for path, cl in validate(files, _workspace(ctx)):
        say(
            f"OK  {path}: {cl.id} versjon {cl.version}, {sum(1 for _ in cl.questions())} "
            "kontrollspørsmål"
        )


@app.command("skjema")
def schema(
    output: Path | None = typer.Option(None, "-o", "--output", help="Skriv til fil."),
) -> None:
    """Skriv JSON Schema for sjekklisteformatet (for validering i editoren)."""
    from tilsyn.app.checklists import schema_text, write_schema

    if output is None:
        typer.echo(schema_text(), nl=False)
    else:
        write_schema(output)
        say(f"Skrev {output}")
