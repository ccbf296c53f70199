"""PostgreSQL for the tests: a fresh database per test, made from a migrated template.

The server is started outside the tests (``.ci/pg-start``, which ``.ci/run`` calls) and
named by ``TILSYN_TEST_PG_URL`` (a maintenance URL, e.g.
``postgresql+psycopg://postgres@127.0.0.1:54329/postgres``). Without it, PostgreSQL tests
skip. ``TILSYN_TEST_DB_URL`` set to a PostgreSQL URL makes the ``db_url`` fixture (and so
every store and CLI test) run on a fresh database of that server.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

_TEMPLATES: dict[str, str] = {}


def pg_url() -> str | None:
    """The maintenance URL of the test server, or None when there is none."""
    return os.environ.get("TILSYN_TEST_PG_URL") or (
        os.environ.get("TILSYN_TEST_DB_URL")
        if (os.environ.get("TILSYN_TEST_DB_URL") or "").startswith("postgresql")
        else None
    )


def is_pg(url: str | None) -> bool:
    return bool(url) and url.startswith("postgresql")  # type: ignore[union-attr]


def _with_db(url: str, name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(database=name).render_as_string(hide_password=False)


@contextmanager
def _admin(url: str) -> Iterator:
    import psycopg
    from sqlalchemy.engine import make_url

    u = make_url(url)
    conn = psycopg.connect(
        host=u.host,
        port=u.port,
        user=u.username,
        password=u.password,
        dbname=u.database or "postgres",
        autocommit=True,
    )
    try:
        yield conn
    finally:
        conn.close()


def available(url: str | None = None) -> bool:
    """Whether the test server answers."""
    url = url or pg_url()
    if not url:
        return False
    try:
        with _admin(url) as conn:
            conn.execute("SELECT 1")
        return True
    except Exception:
        return False


def require_pg() -> str:
    """The maintenance URL, or skip the calling test."""
    url = pg_url()
    if not url:
        pytest.skip("ingen PostgreSQL-server (sett TILSYN_TEST_PG_URL, se .ci/pg-start)")
    if not available(url):
        pytest.skip(f"PostgreSQL-serveren svarer ikke ({url})")
    return url


def _template(url: str) -> str:
    """A migrated template database (made once per test process)."""
    if url not in _TEMPLATES:
        from tilsyn.store.engine import migrate

        name = f"tilsyn_tpl_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        with _admin(url) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        migrate(_with_db(url, name))
        _TEMPLATES[url] = name
    return _TEMPLATES[url]


def create_database(url: str | None = None, *, migrated: bool = True) -> str:
    """Create a fresh, empty (or migrated) database; return its SQLAlchemy URL."""
    url = url or require_pg()
    name = f"t_{uuid.uuid4().hex[:16]}"
    with _admin(url) as conn:
        if migrated:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{_template(url)}"')
        else:
            conn.execute(f'CREATE DATABASE "{name}"')
    return _with_db(url, name)


def drop_database(db_url: str) -> None:
    """Drop a database made by :func:`create_database` (closing its connections)."""
    from sqlalchemy.engine import make_url

    name = make_url(db_url).database
    with _admin(_with_db(db_url, "postgres")) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def drop_templates() -> None:
    for url, name in list(_TEMPLATES.items()):
        try:
            with _admin(url) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        except Exception:
            pass
        _TEMPLATES.pop(url, None)


@contextmanager
def fresh_database(url: str | None = None, *, migrated: bool = True) -> Iterator[str]:
    """A fresh database for one test, dropped afterwards."""
    db = create_database(url, migrated=migrated)
    try:
        yield db
    finally:
        drop_database(db)
