"""Interactive scoring: walks through unanswered slots, saving each answer at once.

Each answer is its own transaction, so Ctrl-C or a closed terminal loses nothing already
entered; running `tilsyn vurder ID` again resumes at the first unanswered slot.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from tilsyn.cli.output import say

if TYPE_CHECKING:
    from tilsyn.app.context import AppContext


def run_interactive(ctx: AppContext, audit_id: int) -> None:
    """Prompt for every unanswered slot in checklist order."""
    from datetime import date

    from tilsyn.app import answers as assessment
    from tilsyn.app.audits import resolve_document_numbers, summarize
    from tilsyn.audit import scoring
    from tilsyn.audit.answers import slots
    from tilsyn.audit.checks import propose
    from tilsyn.errors import TilsynError
    from tilsyn.report.phrases import join_citations

    view = summarize(ctx, audit_id).view
    people = [p.pseudonym for p in view.participants()]
    todo = scoring.unanswered(view.assessed_checklist, view.answers, people)
    total = len(slots(view.checklist, people))
    if not todo:
        say("Alle kontrollspørsmål er besvart. Se forslag til konklusjon: tilsyn konkluder ID")
        return
    say(
        f"{len(todo)} av {total} svar gjenstår. Avbryt når som helst med Ctrl-C; det som er "
        "lagret, beholdes. Tomt svar hopper over."
    )
    for n, slot in enumerate(todo, start=1):
        q = view.checklist.question(slot.question_ref)
        req = view.checklist.requirement_of(q.ref_id)
        options = [o.value for o in view.checklist.options_for(q)]
        say()
        who = f"  — deltakermappe {slot.participant}" if slot.participant else ""
        say(f"[{n}/{len(todo)}] {q.ref_id}{who}")
        say(f"  {q.question}")
        say(f"  Hjemmel: {join_citations([b.cite() for b in req.legal_basis], 'bokmal')}")
        say(f"  Veiledning: {q.guidance}")
        existing = view.answer(q.ref_id, slot.participant)
        prop = propose(view, q.ref_id, slot.participant, today=date.today())
        if prop and prop.answer:
            say(f"  Beregnet forslag: {prop.answer} ({prop.note})")
        while True:
            raw = typer.prompt(
                f"  Svar ({' / '.join(options)})",
                default=prop.answer if prop and prop.answer else "",
                show_default=bool(prop and prop.answer),
            )
            if not raw.strip():
                break
            from tilsyn.audit.answers import canonical_answer

            try:  # check the answer before asking for the rest; re-ask at once if invalid
                value = canonical_answer(view.checklist, q, raw)
            except TilsynError as exc:
                say(f"  {exc}")
                continue
            observation = typer.prompt("  Observasjon", default="", show_default=False)
            while True:  # sources are checked against the register before anything is saved
                sources = typer.prompt(
                    "  Kilder (dokumentnr., komma)", default="", show_default=False
                )
                try:
                    resolve_document_numbers(
                        view, [x for x in sources.replace(";", ",").split(",") if x.strip()]
                    )
                    break
                except TilsynError as exc:
                    say(f"  {exc}")
            reason = None
            try:
                if prop and prop.answer and value != prop.answer:
                    reason = typer.prompt("  Begrunnelse for å avvike fra beregningen")
                assessment.answer_question(
                    ctx,
                    audit_id,
                    question=q.ref_id,
                    participant=slot.participant or None,
                    answer=value,
                    observation=observation or None,
                    sources=[s for s in sources.replace(";", ",").split(",") if s.strip()],
                    reason=reason,
                    expected_version=existing.version if existing else 0,
                )
                say("  Lagret.")
                break
            except TilsynError as exc:
                say(f"  {exc}")
                if exc.exit_code == 6:  # conflict: someone else answered; show and move on
                    break
    p = summarize(ctx, audit_id).progress
    say()
    say(f"Fremdrift: {p.answered} av {p.total} svar.")
