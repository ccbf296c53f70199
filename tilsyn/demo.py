"""The demo: a complete sample inspection, extended as the tool grows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path


def run_demo(folder: Path) -> Iterator[str]:
    """Run the demo in ``folder``, yielding lines of progress for the user."""
    from tilsyn.checklist import registry

    entries = registry.available()
    yield f"Sjekklistene er gyldige: {', '.join(sorted(entries))}"
    cl = entries["individuell-plan"].checklist
    yield f"{cl.title} (versjon {cl.version}): {sum(1 for _ in cl.questions())} kontrollspørsmål"
    for req in cl.requirements():
        yield f"  {req.ref_id} {req.title} — {'; '.join(b.cite() for b in req.legal_basis)}"
    del folder
