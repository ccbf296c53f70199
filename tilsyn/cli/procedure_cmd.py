"""Procedure commands: avgrens (scope a requirement out), merknad (remarks with text),
korreksjonspunkt (which correction points an order gets)."""

from __future__ import annotations

import typer

from tilsyn.cli.common import app_context, audit_id
from tilsyn.cli.output import emit_json, say


def register(app: typer.Typer) -> None:
    """Add the procedure commands to ``app``."""

    @app.command("avgrens")
    def scope(
        ctx: typer.Context,
        tilsyn_id: str = typer.Argument(..., metavar="ID", help="Tilsynets id."),
        krav: str = typer.Option(..., "--krav", help="Kravets id, f.eks. B6."),
        begrunnelse: str = typer.Option(
            ..., "--begrunnelse", help="Hvorfor kravet ikke er del av tilsynet (logges)."
        ),
        angre: bool = typer.Option(False, "--angre", help="Ta kravet inn i tilsynet igjen."),
    ) -> None:
        """Avgrens et krav bort fra tilsynet (før foreløpig rapport), eller angre."""
        from tilsyn.app.procedure import scope_in, scope_out

        s = app_context(ctx)
        aid = audit_id(tilsyn_id)
        if angre:
            ref = scope_in(s, aid, requirement=krav, reason=begrunnelse)
            say(f"Krav {ref} er med i tilsyn {aid} igjen; det trenger konklusjon.")
            return
        scoped = scope_out(s, aid, requirement=krav, reason=begrunnelse)
        say(
            f"Krav {scoped.requirement_ref} er avgrenset bort fra tilsyn {aid}: det står ikke i "
            "dokumentenes kravliste, trenger ingen konklusjon og telles ikke som vurdert."
        )

    @app.command("merknad")
    def remark(
        ctx: typer.Context,
        tilsyn_id: str = typer.Argument(..., metavar="ID", help="Tilsynets id."),
        krav: str | None = typer.Option(None, "--krav", help="Kravet merknaden gjelder."),
        tekst: str | None = typer.Option(
            None, "--tekst", help="Merknaden: hva kommunen bør forbedre («Kommunen bør …»)."
        ),
        fjern: int | None = typer.Option(None, "--fjern", metavar="NR", help="Fjern merknad NR."),
        begrunnelse: str | None = typer.Option(
            None, "--begrunnelse", help="Hvorfor merknaden fjernes (med --fjern; logges)."
        ),
        json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
    ) -> None:
        """Registrer en merknad med egen tekst (uten pålegg), fjern en, eller list dem."""
        from tilsyn.app.procedure import add_remark, remove_remark
        from tilsyn.errors import UsageError

        s = app_context(ctx)
        aid = audit_id(tilsyn_id)
        if fjern is not None:
            if krav or tekst:
                raise UsageError("Bruk --fjern NR alene (med --begrunnelse), uten --krav/--tekst.")
            removed = remove_remark(s, aid, number=fjern, reason=begrunnelse or "")
            say(f"Merknad {fjern} ({removed.requirement_ref}) er fjernet.")
            return
        if krav or tekst:
            if not (krav and tekst):
                raise UsageError("Oppgi både --krav og --tekst for å registrere en merknad.")
            add_remark(s, aid, requirement=krav, text=tekst)
        from tilsyn.app.procedure import remarks_of
        from tilsyn.cli.shapes import remark_rows

        rows = remark_rows(remarks_of(s, aid))
        if json_out:
            emit_json(rows)
            return
        if krav:
            say(f"Merknad registrert på krav {krav.upper()}.")
        if not rows:
            say(f"Tilsyn {aid} har ingen merknader.")
        for r in rows:
            say(f"Merknad {r['nr']} ({r['krav']}): {r['tekst']}")

    @app.command("korreksjonspunkt")
    def points(
        ctx: typer.Context,
        tilsyn_id: str = typer.Argument(..., metavar="ID", help="Tilsynets id."),
        punkt: str | None = typer.Option(None, "--punkt", help="Korreksjonspunktet, f.eks. B1-K1."),
        legg_til: bool = typer.Option(
            False,
            "--legg-til",
            help="Ta med punktet selv om spørsmålene det speiler, ikke har avvik.",
        ),
        fjern: bool = typer.Option(
            False, "--fjern", help="Ta punktet ut av pålegget selv om det har avvik."
        ),
        angre: bool = typer.Option(False, "--angre", help="La funnene avgjøre igjen."),
        begrunnelse: str | None = typer.Option(
            None, "--begrunnelse", help="Begrunnelse (påkrevd ved endring; logges)."
        ),
        json_out: bool = typer.Option(False, "--json", help="Skriv JSON."),
    ) -> None:
        """Vis hvilke korreksjonspunkter påleggene får (fra funnene), eller endre det."""
        from tilsyn.app.procedure import choose_point, list_points
        from tilsyn.errors import UsageError

        s = app_context(ctx)
        aid = audit_id(tilsyn_id)
        chosen = [name for name, on in (("legg-til", legg_til), ("fjern", fjern)) if on]
        if angre:
            chosen.append("angre")
        if punkt is not None or chosen:
            if punkt is None or len(chosen) != 1:
                raise UsageError(
                    "Oppgi --punkt REF og ett av --legg-til, --fjern eller --angre "
                    "(med --begrunnelse)."
                )
            action = None if chosen[0] == "angre" else chosen[0]
            choose_point(s, aid, point=punkt, action=action, reason=begrunnelse or "")
        from tilsyn.cli.shapes import point_rows

        data = point_rows(list_points(s, aid))
        if json_out:
            emit_json(data)
            return
        for r in data:
            outcome = r["konklusjon"] or "ikke konkludert"
            say(f"Krav {r['krav']} {r['tittel']} ({outcome}):")
            for p in r["punkter"]:
                if p["valg"] == "legg_til":
                    why = f"lagt til: {p['begrunnelse']}"
                elif p["valg"] == "fjern":
                    why = f"fjernet: {p['begrunnelse']}"
                elif p["avvik"]:
                    why = f"avvik i {', '.join(p['avvik'])}"
                else:
                    why = "ingen avvik i spørsmålene punktet speiler"
                say(f"  {'med ' if p['med'] else 'ikke'} {p['punkt']}: {why}")
