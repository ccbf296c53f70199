"""Migration 0005 (issue 17): the origin of audits and self-assessments and the table of
imported history; synthetic data from before it is recognised by its log entry."""

from __future__ import annotations

import pytest
from test_store_migration import _alembic, _query, empty_db  # noqa: F401  (fixture)

from tilsyn.store.engine import make_engine


def _exec(url: str, statements: list[tuple[str, dict]]) -> None:
    from sqlalchemy import text

    engine = make_engine(url, foreign_keys=False)
    try:
        with engine.begin() as conn:
            for sql, params in statements:
                conn.execute(text(sql), params)
    finally:
        engine.dispose()


def _audit(aid: int, uid: str) -> tuple[str, dict]:
    return (
        "INSERT INTO audits (id, uid, municipality_number, municipality_name, county, "
        "checklist_id, checklist_version, checklist_sha256, title, auditors, regime, status, "
        "created_at, created_by, version) VALUES (:id, :uid, '4204', 'Kristiansand', 'Agder', "
        "'helarig-fulltid', '2013.1', :sha, 'T', '[]', 'kl2018', 'planlagt', "
        "'2020-01-01T00:00:00+00:00', 'x', 1)",
        {"id": aid, "uid": uid, "sha": "a" * 64},
    )


def _log(chain: str, audit_id: int | None, action: str, entity: str) -> tuple[str, dict]:
    return (
        'INSERT INTO log_entries (chain, seq, audit_id, at, "user", action, entity, prev_hash, '
        "hash) VALUES (:chain, 1, :aid, '2020-01-01T00:00:00+00:00', 'x', :action, :entity, "
        "'0', '0')",
        {"chain": chain, "aid": audit_id, "action": action, "entity": entity},
    )


def test_0003_database_upgrades_to_0005_and_back(empty_db):  # noqa: F811
    url = empty_db
    _alembic(url, "upgrade", "0003")
    _exec(
        url,
        [
            (
                "INSERT INTO checklist_snapshots (sha256, checklist_id, version, body, "
                "created_at) VALUES (:sha, 'helarig-fulltid', '2013.1', '{}', 'x')",
                {"sha": "a" * 64},
            ),
            _audit(1, "u-1"),
            _audit(2, "u-2"),
            _log("tilsyn:u-1", 1, "syntetisk", "tilsyn 1"),
            _log("tilsyn:u-2", 2, "opprett", "tilsyn 2"),
            (
                "INSERT INTO self_assessments (id, uid, municipality_number, municipality_name, "
                "county, checklist_id, checklist_version, checklist_sha256, year, status, "
                "created_at, created_by) VALUES (1, 's-1', '4204', 'K', 'Agder', "
                "'helarig-fulltid', '2013.1', :sha, 2020, 'levert', 'x', 'x'), (2, 's-2', "
                "'4204', 'K', 'Agder', 'helarig-fulltid', '2013.1', :sha, 2021, 'opprettet', "
                "'x', 'x')",
                {"sha": "a" * 64},
            ),
            _log("egenvurdering:s-1", None, "syntetisk", "egenvurdering 1"),
        ],
    )
    _alembic(url, "upgrade", "0005")
    assert _query(url, "SELECT id, origin, year FROM audits ORDER BY id") == [
        (1, "syntetisk", None),
        (2, None, None),
    ]
    assert _query(url, "SELECT id, origin FROM self_assessments ORDER BY id") == [
        (1, "syntetisk"),
        (2, None),
    ]
    assert _query(url, "SELECT count(*) FROM history_imports") == [(0,)]
    _alembic(url, "downgrade", "0003")
    assert _query(url, "SELECT count(*) FROM audits") == [(2,)]
    assert _query(url, "SELECT count(*) FROM self_assessments") == [(2,)]
    with pytest.raises(Exception, match="history_imports"):
        _query(url, "SELECT count(*) FROM history_imports")
    with pytest.raises(Exception, match="origin"):
        _query(url, "SELECT origin FROM audits")
