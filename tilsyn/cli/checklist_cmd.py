"""`tilsyn sjekkliste ...`: list, show, validate checklists and print the format's schema."""

from __future__ import annotations

from pathlib import Path

import typer

from tilsyn.cli.output import emit_json, say, table

app = typer.Typer(help="Sjekklister: lovkrav og kontrollspørsmål.", no_args_is_help=True)


def _extra_dirs() -> list[Path]:
    from tilsyn.cli.context import STATE
    from tilsyn.workspace import optional_workspace

    ws = optional_workspace(STATE.workspace)
    return [ws.checklists_dir] if ws else []


@app.command("liste")
def list_checklists(
    json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
) -> None:
    """Vis alle tilgjengelige sjekklister."""
    from tilsyn.checklist import registry

    entries = registry.available(_extra_dirs())
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
        ["id", "tittel", "versjon", "krav", "spørsmål", "kilde"],
        [[r["id"], r["tittel"], r["versjon"], r["krav"], r["sporsmal"], r["kilde"]] for r in rows],
    )


@app.command("vis")
def show_checklist(
    checklist_id: str = typer.Argument(..., metavar="ID", help="Sjekklistens id."),
    json_out: bool = typer.Option(False, "--json", help="Skriv hele sjekklisten som JSON."),
) -> None:
    """Vis en sjekkliste: krav, hjemmel og kontrollspørsmål."""
    from tilsyn.checklist import registry

    cl = registry.get(checklist_id, _extra_dirs()).checklist
    if json_out:
        emit_json(cl.model_dump(mode="json"))
        return
    say(f"{cl.title} ({cl.id}, versjon {cl.version})")
    say(f"{cl.law.name} ({cl.law.lov_id})")
    until = cl.validity.valid_to.isoformat() if cl.validity.valid_to else "–"
    say(f"Gyldig {cl.validity.valid_from.isoformat()} til {until}")
    for theme in cl.themes:
        say()
        say(f"Tema {theme.ref_id}: {theme.title}")
        for req in theme.requirements:
            basis = "; ".join(b.cite() for b in req.legal_basis)
            say(f"  Krav {req.ref_id}: {req.title} [{basis}] ({req.breach})")
            for q in req.questions:
                extra = f", beregnes: {q.computed_check}" if q.computed_check else ""
                say(f"    {q.ref_id} ({q.scope}{extra}): {q.question}")


@app.command("valider")
def validate_checklists(
    files: list[Path] = typer.Argument(..., metavar="FIL...", help="Sjekklistefiler (YAML)."),
) -> None:
    """Valider sjekklistefiler; alle feil vises med fil og linje."""
    from tilsyn.checklist import registry
    from tilsyn.checklist.loader import load_checklist
    from tilsyn.errors import ChecklistError

    problems: list[str] = []
    loaded = []
    known = set(registry.available(_extra_dirs()))
    for path in files:
        try:
            loaded.append((path, load_checklist(path)))
        except ChecklistError as exc:
            problems.extend(exc.details or [exc.message])
    known |= {cl.id for _, cl in loaded}
    for path, cl in loaded:
        try:
            load_checklist(path, known_ids=known)
        except ChecklistError as exc:
            problems.extend(exc.details)
            continue
        say(
            f"OK  {path}: {cl.id} versjon {cl.version}, {sum(1 for _ in cl.questions())} "
            "kontrollspørsmål"
        )
    if problems:
        raise ChecklistError(f"{len(problems)} feil i {len(files)} fil(er):", details=problems)


@app.command("skjema")
def schema(
    output: Path | None = typer.Option(None, "-o", "--output", help="Skriv til fil."),
) -> None:
    """Skriv JSON Schema for sjekklisteformatet (for validering i editoren)."""
    import json

    from tilsyn.checklist.registry import json_schema

    text = json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        from tilsyn.fileio import write_text_atomic

        write_text_atomic(output, text)
        say(f"Skrev {output}")
