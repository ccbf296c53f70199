"""Drawing the sample of participant files for an audit (domain.md § 7)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from tilsyn.app.population import read_population
from tilsyn.audit.sampling import draw, new_seed
from tilsyn.errors import UsageError
from tilsyn.text import check_distinct_pseudonyms, guard_pseudonym, guard_text

if TYPE_CHECKING:
    from tilsyn.app.context import AppContext
    from tilsyn.audit.models import Sample


def take_sample(
    ctx: AppContext,
    audit_id: int,
    *,
    population: Path | None,
    count: int | None,
    seed: str | None,
    chosen: list[str],
    replace: bool = False,
    criteria: str | None = None,
    population_count: int | None = None,
) -> Sample:
    """Draw ``count`` files from a population list with a recorded seed, or take the
    files named in ``chosen`` (optionally looked up in the population list for dates).

    ``criteria`` says what the files were chosen by (a report states it for a manual
    choice); ``population_count`` how many participants they were chosen from when no
    population list is given. Given alone (no draw, no files), they describe the sample
    already taken (:func:`describe_sample`)."""
    criteria = guard_text(criteria, where="--kriterier", max_length=1000)
    if population_count is not None and not 1 <= population_count <= 100_000:
        raise UsageError(
            f"--populasjon-antall må være et antall deltakere (1–100000), ikke {population_count}."
        )
    if not chosen and count is None and population is None:
        if criteria is None and population_count is None:
            raise UsageError(
                "Oppgi --populasjon FIL og --antall N, eller velg mapper med --deltaker."
            )
        return describe_sample(ctx, audit_id, criteria=criteria, population_count=population_count)
    pop = read_population(population) if population is not None else None
    if pop is not None and population_count is not None and population_count != len(pop.entries):
        raise UsageError(
            f"--populasjon-antall {population_count} stemmer ikke med populasjonslisten "
            f"({len(pop.entries)} deltakere); utelat --populasjon-antall."
        )
    if chosen:
        if count is not None:
            raise UsageError(
                "Bruk enten --antall (tilfeldig trekning) eller --deltaker "
                "(manuelt valg), ikke begge."
            )
        picked = [guard_pseudonym(p.strip(), where=f"--deltaker «{p}»") for p in chosen]
        clashes = check_distinct_pseudonyms(
            [(p, f"--deltaker nr. {n}") for n, p in enumerate(picked, start=1)]
        )
        if clashes:
            raise UsageError(
                "Samme deltaker er valgt flere ganger, eller pseudonymene kan forveksles: "
                + "; ".join(clashes)
                + ". Ingenting ble lagret."
            )
        data = {e.pseudonym.casefold(): e for e in pop.entries} if pop else {}
        if pop:
            missing = [p for p in picked if p.casefold() not in data]
            if missing:
                raise UsageError(f"Finnes ikke i populasjonslisten: {', '.join(missing)}.")
        participants = [
            (data[p.casefold()].pseudonym, data[p.casefold()].data) if pop else (p, {})
            for p in picked
        ]
        return _store(
            ctx,
            audit_id,
            replace,
            method="manuelt",
            seed=None,
            criteria=criteria,
            population_size=len(pop.entries) if pop else population_count,
            population_file=Path(pop.source).name if pop else None,
            population_sha256=pop.sha256 if pop else None,
            requested=len(picked),
            participants=participants,
        )
    if pop is None or count is None:
        raise UsageError("Oppgi --populasjon FIL og --antall N, eller velg mapper med --deltaker.")
    seed = seed if seed is not None else new_seed()
    guard_text(seed, where="--fro", max_length=100)  # the seed is stored and logged
    names = draw([e.pseudonym for e in pop.entries], count, seed)
    by_name = {e.pseudonym: e for e in pop.entries}
    return _store(
        ctx,
        audit_id,
        replace,
        method="tilfeldig",
        seed=seed,
        criteria=criteria,
        population_size=len(pop.entries),
        population_file=Path(pop.source).name,
        population_sha256=pop.sha256,
        requested=count,
        participants=[(n, by_name[n].data) for n in names],
    )


def describe_sample(
    ctx: AppContext,
    audit_id: int,
    *,
    criteria: str | None,
    population_count: int | None,
) -> Sample:
    """Record the criteria of the audit's sample and the size of the population it was
    chosen from, after it was taken; returns the sample. A population size read from the
    population list is not changed."""
    with ctx.store.transaction() as conn:
        view = ctx.store.audits.view(audit_id, conn=conn)
        sample = view.sample
        if sample is None:
            raise UsageError(
                f"Tilsyn {audit_id} har ikke noe utvalg ennå; trekk det først (tilsyn utvalg "
                f"{audit_id} --populasjon FIL --antall N, eller --deltaker P … --kriterier «…»)."
            )
        if population_count is not None and sample.population_file:
            if population_count != sample.population_size:
                raise UsageError(
                    f"Utvalget i tilsyn {audit_id} er tatt fra populasjonslisten "
                    f"{sample.population_file} med {sample.population_size} deltakere; "
                    "antallet kan ikke endres."
                )
            population_count = None
        ctx.store.evidence.describe_sample(
            audit_id, criteria=criteria, population_size=population_count, conn=conn
        )
        updated = ctx.store.audits.view(audit_id, conn=conn).sample
    assert updated is not None
    return updated


def _store(ctx: AppContext, audit_id: int, replace: bool, **sample: Any) -> Sample:
    """Store the sample; an existing one is replaced only with ``replace`` and only while
    no participant file is scored."""
    store = ctx.store
    with store.transaction() as conn:
        view = store.audits.view(audit_id, conn=conn)
        if view.sample is not None:
            if not replace:
                raise UsageError(
                    f"Tilsyn {audit_id} har allerede et utvalg. Bruk --erstatt for å trekke "
                    "på nytt (bare mulig før deltakermappene er vurdert)."
                )
            scored = sum(1 for a in view.answers if a.participant)
            if scored:
                raise UsageError(
                    f"Utvalget i tilsyn {audit_id} kan ikke erstattes: {scored} svar er "
                    "allerede registrert for deltakermappene."
                )
        return store.evidence.set_sample(audit_id, conn=conn, **sample)
