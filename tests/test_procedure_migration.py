"""Migration 0004 (scoping, remarks, correction-point choices, interview head counts):
an audit with data survives downgrade to 0003 and upgrade back on SQLite."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from tilsyn.app.audits import register_interview
from tilsyn.app.procedure import add_remark, scope_out
from tilsyn.store.engine import MIGRATIONS, current_revision, make_engine, migrate
from tilsyn.store.schema import HEAD_REVISION

NEW_TABLES = {"scoped_requirements", "remarks", "point_choices"}


def _alembic(url: str, target: str, *, up: bool) -> None:
    from alembic import command
    from alembic.config import Config

    engine = make_engine(url, foreign_keys=False)
    try:
        with engine.begin() as conn:
            cfg = Config()
            cfg.set_main_option("script_location", str(MIGRATIONS))
            cfg.attributes["connection"] = conn
            (command.upgrade if up else command.downgrade)(cfg, target)
    finally:
        engine.dispose()


def _tables(db: str) -> set[str]:
    con = sqlite3.connect(db)
    try:
        return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        con.close()


@pytest.mark.sqlite_only
def test_0004_downgrades_and_upgrades_with_data(session, workspace):
    from procedure_support import build

    aid = build(session, breaches={"B1.2": {1}}, files=2, conclude=False)
    scope_out(session, aid, requirement="B6", reason="Ikke del av instruksen.")
    add_remark(session, aid, requirement="B2", text="Kommunen bør skrive ned samrådet.")
    register_interview(session, aid, role="lærere", when=date(2017, 4, 4), people=3)
    session.store.engine.dispose()
    url = workspace.db_url()
    db = url.removeprefix("sqlite:///")
    assert _tables(db) >= NEW_TABLES

    _alembic(url, "0003", up=False)
    assert not NEW_TABLES & _tables(db)
    con = sqlite3.connect(db)
    try:
        assert con.execute("SELECT count(*) FROM interviews").fetchone() == (2,)
        columns = {r[1] for r in con.execute("PRAGMA table_info(interviews)")}
        assert "people" not in columns
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        con.close()

    migrate(url)  # as on first use
    engine = make_engine(url)
    try:
        assert current_revision(engine) == HEAD_REVISION
    finally:
        engine.dispose()
    view = session.store.audits.view(aid)
    # The counts were not kept before 0004: unknown, never guessed.
    assert [i.people for i in view.interviews] == [None, None]
    assert view.scoped == () and view.remarks == ()
    assert len(view.answers) > 0
