"""`tilsyn egenvurdering ...`: the municipality's self-assessment (being written)."""

from __future__ import annotations

import typer

app = typer.Typer(help="Egenvurdering: kommunen svarer på kontrollspørsmålene.",
                  no_args_is_help=True)
