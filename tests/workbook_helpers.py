"""Helpers for the workbook tests: an unscored audit, finding rows, filling cells."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from tilsyn.app.audits import create_audit, record_event

PEOPLE = [f"P{n:02d}" for n in range(1, 5)]


def new_audit(
    session, *, checklist: str = "individuell-plan", municipality: str = "1001", people=PEOPLE
) -> int:
    """An audit with two documents and a sample of ``people``, nothing answered."""
    s = session
    a = create_audit(
        s,
        municipality=municipality,
        checklist=checklist,
        case_number="2017/1",
        lead="Ola Hansen",
        auditors=[],
        title=None,
    )
    record_event(s, a.id, "varsel", date(2017, 3, 1))
    for title in ("Kommunens redegjørelse", "Rutine for individuell plan"):
        s.store.evidence.add_document(
            a.id, title=title, when=date(2017, 3, 20), kind="rutine", path=None, sha256=None
        )
    s.store.evidence.set_sample(
        a.id,
        method="manuelt",
        seed=None,
        criteria="deltakere bosatt i 2016",
        population_size=12,
        population_file=None,
        population_sha256=None,
        requested=None,
        participants=[(p, {"bosettingsdato": "2017-01-02"}) for p in people],
    )
    return a.id


def rows_of(ws, col: str = "A") -> dict[str, int]:
    """Map of the text in ``col`` to its row (first occurrence)."""
    out: dict[str, int] = {}
    for r in range(1, ws.max_row + 1):
        v = ws[f"{col}{r}"].value
        if v is not None and str(v) not in out:
            out[str(v)] = r
    return out


def file_row(ws, participant: str, ref: str) -> int:
    for r in range(4, ws.max_row + 1):
        if ws[f"A{r}"].value == participant and ws[f"B{r}"].value == ref:
            return r
    raise AssertionError(f"no row for {participant} {ref}")


def edit(path: Path, fn, out: Path | None = None) -> Path:
    """Open ``path`` with openpyxl, apply ``fn(wb)``, save (to ``out`` or in place)."""
    wb = load_workbook(path)
    fn(wb)
    target = out or path
    wb.save(target)
    return target


def identity_number() -> str:
    """A valid (synthetic) fødselsnummer for refusal tests."""
    from tilsyn.idnumber import is_identity_number

    for tail in itertools.count(10000):
        n = f"010190{tail:05d}"
        if is_identity_number(n):
            return n
    raise AssertionError


def state(session, audit_id: int):
    """What an import may change: answers, participant data and the log length."""
    v = session.store.audits.view(audit_id)
    answers = sorted(
        (a.question_ref, a.participant, a.answer, a.observation, a.sources) for a in v.answers
    )
    data = [(p.pseudonym, sorted(p.data.items())) for p in v.participants()]
    log = len(session.store.log.entries(f"tilsyn:{v.audit.uid}"))
    return answers, data, log
