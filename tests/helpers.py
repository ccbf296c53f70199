"""Small helpers for tests that read what a user would see."""

from __future__ import annotations

from typing import Any


def summary_of(ctx, audit_id: int, *, today=None) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """`tilsyn vis ID --json` as data."""
    from tilsyn.app.audits import summarize
    from tilsyn.cli.shapes import audit_summary

    return audit_summary(summarize(ctx, audit_id, today=today))


def show_violation(ctx, audit_id: int, number: int, *, today=None) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """`tilsyn lovbrudd vis TILSYN/NR --json` as data."""
    from datetime import date

    from tilsyn.app.followup import show_violation as show
    from tilsyn.cli.shapes import violation

    v, audit = show(ctx, audit_id, number)
    return violation(v, audit, today or date.today())


def list_violations(ctx, *, today=None, **filters: Any) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """`tilsyn lovbrudd liste --json` as data."""
    from datetime import date

    from tilsyn.app.followup import list_violations as listed
    from tilsyn.cli.shapes import violation

    today = today or date.today()
    if "overdue" in filters:
        filters["overdue_only"] = filters.pop("overdue")
    return [violation(v, a, today) for v, a in listed(ctx, today=today, **filters)]


def dashboard(ctx, *, today=None, days: int = 14) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """`tilsyn status --json` as data."""
    from tilsyn.app.followup import dashboard as board
    from tilsyn.cli import shapes

    return shapes.dashboard(board(ctx, today=today, days=days))


def reminders(ctx, *, today=None, days: int = 14) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """`tilsyn paminnelser --json` as data (no letters)."""
    from tilsyn.app.followup import reminders as due
    from tilsyn.cli import shapes

    return shapes.reminders(due(ctx, today=today, days=days), [])


def audit_rows(ctx, *, today=None, **filters: Any) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """`tilsyn liste --json` as data."""
    from datetime import date

    from tilsyn.app.audits import list_audits
    from tilsyn.cli.shapes import audit_row

    return [audit_row(r, today or date.today()) for r in list_audits(ctx, **filters)]


def cli_runner():  # type: ignore[no-untyped-def]
    """A CliRunner with stderr captured apart from stdout, on every supported click
    (click < 8.2 mixes them unless told not to; 8.2 removed the option)."""
    from typer.testing import CliRunner

    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return CliRunner()


def old_click() -> bool:
    """Whether a separately installed click older than 8.2 is in use (typer < 0.22)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        major, minor = (int(x) for x in version("click").split(".")[:2])
    except PackageNotFoundError:  # newer typer bundles its own click
        return False
    return (major, minor) < (8, 2)


def configure_office(ws):
    """Fill in what an office sets before its first document: the letterhead's contact
    details, and the appeal body per period (here the register's suggestions, as if the
    office had confirmed them). Returns the workspace re-read."""
    from tilsyn.reference import appeal_bodies
    from tilsyn.workspace import Workspace, read_config

    text = ws.config_path.read_text(encoding="utf-8")
    for key, value in (
        ("adresse", "Postboks 9359 Lundsiden, 4604 Kristiansand S"),
        ("epost", "sfagpost@statsforvalteren.no"),
        ("telefon", "37 01 75 00"),
        ("avdeling", "Oppvekst- og utdanningsavdelingen"),
    ):
        text = text.replace(f'{key} = ""', f'{key} = "{value}"', 1)
    # Contact details of the office in earlier years (as the old default tilsyn.toml had).
    text += (
        "\n[[kontor.historiske_navn]]\nfra = 2016\ntil = 2018\n"
        'adresse = "Postboks 788 Stoa, 4809 Arendal"\nepost = "fmavpost@fylkesmannen.no"\n'
        "\n[[kontor.historiske_navn]]\nfra = 2019\ntil = 2020\n"
        'epost = "fmagpost@fylkesmannen.no"\n'
    )
    # The team members the fixtures use sign with these titles (Kari Nordmann and Ola
    # Hansen are in the default tilsyn.toml).
    text += '\n[[underskrivere]]\nnavn = "Per Olsen"\ntittel = "rådgiver"\n'
    for body in appeal_bodies():
        text += f"\n[[kontor.klageinstanser]]\nfra = {body.valid_from.isoformat()}\n"
        if body.valid_to:
            text += f"til = {body.valid_to.isoformat()}\n"
        text += f'navn = "{body.name}"\n'
    ws.config_path.write_text(text, encoding="utf-8")
    return Workspace(ws.root, read_config(ws.config_path))
