"""The PostgreSQL roles documented in docs/postgresql.md work as described: a statistics
user can read but not write (with a clear message), an auditor can score but cannot
change or delete log lines."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pg
import pytest
from helpers import cli_runner
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tilsyn.cli import app

pytestmark = pytest.mark.postgres
DOC = Path(__file__).resolve().parent.parent / "docs" / "postgresql.md"


def _grant_statements(reader: str, writer: str, owner: str) -> list[str]:
    """The GRANT block of the documentation, with this test's role names."""
    sql = re.findall(r"```sql\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)[1]
    sql = (
        sql.replace("tilsyn_les", reader)
        .replace("tilsyn_skriv", writer)
        .replace("tilsyn_eier", owner)
    )
    code = "\n".join(line for line in sql.splitlines() if not line.strip().startswith("--"))
    return [stmt.strip() for stmt in code.split(";") if stmt.strip()]


def test_documented_roles_read_only_and_append_only_log(tmp_path, monkeypatch):
    admin = pg.require_pg()
    suffix = uuid.uuid4().hex[:8]
    reader, writer = f"les_{suffix}", f"skriv_{suffix}"
    per, kari = f"per_{suffix}", f"kari_{suffix}"
    with pg.fresh_database(admin) as db:
        owner = make_url(db).username  # the migrated database is owned by the admin role
        engine = create_engine(db, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f"CREATE ROLE {reader} NOLOGIN"))
            conn.execute(text(f"CREATE ROLE {writer} NOLOGIN"))
            conn.execute(text(f"CREATE ROLE {per} LOGIN IN ROLE {reader}"))
            conn.execute(text(f"CREATE ROLE {kari} LOGIN IN ROLE {writer}"))
            for statement in _grant_statements(reader, writer, owner):
                conn.execute(text(statement))
        engine.dispose()
        if True:  # (kept flat for readability of the role steps)
            ws = tmp_path / "ws"
            runner = cli_runner()
            assert runner.invoke(app, ["init", str(ws)]).exit_code == 0
            monkeypatch.setenv("TILSYN_HOME", str(ws))

            def as_user(role: str, *args: str):
                url = make_url(db).set(username=role).render_as_string(hide_password=False)
                return runner.invoke(app, ["--db", url, "--bruker", role, *args])

            r = as_user(kari, "opprett", "--kommune", "1001", "--sjekkliste", "individuell-plan")
            assert r.exit_code == 0, r.output
            aid = r.stdout.strip()
            assert (
                as_user(
                    kari,
                    "vurder",
                    aid,
                    "--sporsmal",
                    "B1.6",
                    "--svar",
                    "ja",
                ).exit_code
                == 0
            )
            # The statistics user reads...
            r = as_user(per, "vis", aid, "--json")
            assert r.exit_code == 0, r.output
            assert as_user(per, "statistikk", "--json").exit_code == 0
            # ...but cannot write: a clear message, exit code 10, nothing stored.
            r = as_user(per, "vurder", aid, "--sporsmal", "B1.6", "--svar", "nei")
            assert r.exit_code == 10, r.output
            assert "bare lesetilgang" in r.stderr and "Ingenting ble lagret" in r.stderr
            assert "Traceback" not in r.output
            # The auditor cannot rewrite history: the log is append-only for the role.
            url = make_url(db).set(username=kari).render_as_string(hide_password=False)
            eng = create_engine(url)
            with pytest.raises(Exception, match="permission denied"), eng.begin() as conn:
                conn.execute(text("UPDATE log_entries SET action = 'x'"))
            with pytest.raises(Exception, match="permission denied"), eng.begin() as conn:
                conn.execute(text("DELETE FROM log_entries"))
            eng.dispose()
            r = as_user(kari, "logg", aid, "--verifiser")
            assert r.exit_code == 0 and "hash-kjeden er intakt" in r.stdout
    # The database (and the privileges in it) is gone; the cluster-wide roles go too.
    with pg._admin(admin) as conn:
        for role in (per, kari, reader, writer):
            conn.execute(f'DROP ROLE IF EXISTS "{role}"')
