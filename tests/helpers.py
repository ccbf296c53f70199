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
