"""Drawing the sample of participant files for an audit (domain.md § 7)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tilsyn.errors import UsageError
from tilsyn.app.population import draw, new_seed, read_population

if TYPE_CHECKING:
    from tilsyn.audit.models import SampleRecord
    from tilsyn.app.context import Session


def take_sample(
    session: Session,
    audit_id: int,
    *,
    population: Path | None,
    count: int | None,
    seed: str | None,
    chosen: list[str],
    replace: bool = False,
) -> SampleRecord:
    """Draw ``count`` files from a population list with a recorded seed, or take the
    files named in ``chosen`` (optionally looked up in the population list for dates)."""
    from tilsyn.audit.answers import clean_user_text
    from tilsyn.idnumber import refuse_identity_numbers

    pop = read_population(population) if population is not None else None
    if chosen:
        if count is not None:
            raise UsageError(
                "Bruk enten --antall (tilfeldig trekning) eller --deltaker "
                "(manuelt valg), ikke begge."
            )
        picked = []
        for p in chosen:
            refuse_identity_numbers(p, where="--deltaker")
            text = clean_user_text(p, where="--deltaker")
            if not text:
                raise UsageError("Et tomt pseudonym kan ikke velges.")
            picked.append(text.strip())
        if len({p.casefold() for p in picked}) != len(picked):
            raise UsageError("Samme deltaker er valgt flere ganger.")
        data = {e.pseudonym.casefold(): e for e in pop.entries} if pop else {}
        if pop:
            missing = [p for p in picked if p.casefold() not in data]
            if missing:
                raise UsageError(f"Finnes ikke i populasjonslisten: {', '.join(missing)}.")
        participants = [
            (data[p.casefold()].pseudonym, data[p.casefold()].data) if pop else (p, {})
            for p in picked
        ]
        return session.store.set_sample(
            audit_id,
            method="manuelt",
            seed=None,
            population_size=len(pop.entries) if pop else None,
            population_file=Path(pop.source).name if pop else None,
            population_sha256=pop.sha256 if pop else None,
            requested=len(picked),
            participants=participants,
            replace=replace,
        )
    if pop is None or count is None:
        raise UsageError("Oppgi --populasjon FIL og --antall N, eller velg mapper med --deltaker.")
    seed = seed if seed is not None else new_seed()
    names = draw([e.pseudonym for e in pop.entries], count, seed)
    by_name = {e.pseudonym: e for e in pop.entries}
    return session.store.set_sample(
        audit_id,
        method="tilfeldig",
        seed=seed,
        population_size=len(pop.entries),
        population_file=Path(pop.source).name,
        population_sha256=pop.sha256,
        requested=count,
        participants=[(n, by_name[n].data) for n in names],
        replace=replace,
    )
