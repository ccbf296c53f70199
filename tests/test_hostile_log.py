"""The log proves what it claims (issue 15, item 7): the chain's anchor (entry count and
newest hash, stored with the audit in the same transaction as each entry) catches a deleted
newest line, and `logg --verifiser` replays the log against the current rows, so a change
made directly in the database is reported. Migration 0007 adds and fills the anchor."""

from __future__ import annotations

import json

import pytest
from hostile import attempt
from summary import counter

from tilsyn.errors import ExitCode

TALLY = counter("loggen: anker og avspilling")


@pytest.fixture
def audit(cli, scored_audit):
    """The scored audit, its log verified to start with: (id, uid)."""
    r = cli("logg", str(scored_audit), "--verifiser")
    assert r.exit_code == 0, r.stderr
    assert "hash-kjeden er intakt, ankeret stemmer, og tilsynets rader stemmer med loggen" in (
        r.stdout
    )
    uid = json.loads(cli("vis", str(scored_audit), "--json").stdout)["uid"]
    return scored_audit, uid


def _verify(cli, aid: int) -> str:
    r = cli("logg", str(aid), "--verifiser")
    return attempt(TALLY, r, code=ExitCode.ERROR)


def test_the_anchor_moves_with_every_entry(cli, sql, audit):
    aid, uid = audit
    count, head = sql("SELECT log_count, log_head FROM audits WHERE id = :i", i=aid)[0]
    newest = sql(
        "SELECT seq, hash FROM log_entries WHERE chain = :c ORDER BY seq DESC LIMIT 1",
        c=f"tilsyn:{uid}",
    )[0]
    assert (count, head) == tuple(newest)
    assert cli("hendelse", str(aid), "intervju", "--dato", "2017-04-05").exit_code == 0
    assert sql("SELECT log_count FROM audits WHERE id = :i", i=aid)[0][0] == count + 1


def test_a_deleted_newest_line_is_found(cli, sql, audit):
    aid, uid = audit
    chain = f"tilsyn:{uid}"
    count, head = sql("SELECT log_count, log_head FROM audits WHERE id = :i", i=aid)[0]
    sql("DELETE FROM log_entries WHERE chain = :c AND seq = :s", c=chain, s=count)
    newest = sql("SELECT entity FROM log_entries WHERE chain = :c ORDER BY seq DESC", c=chain)
    out = _verify(cli, aid)
    # The anchor finds the missing line; replaying finds the row it wrote (the newest line
    # of a scored audit is the last conclusion).
    assert out.endswith(
        "feil: Loggen kunne ikke verifiseres:\n"
        f"den siste logglinjen mangler: ankeret sier {count} linjer med siste hash "
        f"{head[:12]}…, men loggen har {count - 1}\n"
        "konklusjon B6: finnes i databasen, men ikke i loggen\n"
    )
    assert newest[0][0] == "krav B5"
    # Deleting three more is found the same way (the chain itself still links up).
    for seq in range(count - 3, count):
        sql("DELETE FROM log_entries WHERE chain = :c AND seq = :s", c=chain, s=seq)
    out = _verify(cli, aid)
    assert (
        f"de siste 4 logglinjene mangler: ankeret sier {count} linjer med siste hash "
        f"{head[:12]}…, men loggen har {count - 4}\n"
    ) in out


def test_an_answer_edited_in_the_database_is_found(cli, sql, audit):
    aid, _ = audit
    row = sql(
        "SELECT id, question_ref, participant, answer FROM answers WHERE audit_id = :i "
        "AND participant = 'D001' ORDER BY question_ref LIMIT 1",
        i=aid,
    )[0]
    other = "nei" if row[3] == "ja" else "ja"
    sql(
        "UPDATE answers SET answer = :a, observation = 'Lagt inn direkte' WHERE id = :i",
        a=other,
        i=row[0],
    )
    out = _verify(cli, aid)
    assert out.endswith(
        "feil: Loggen kunne ikke verifiseres:\n"
        f"svar {row[1]} / D001: svar er «{other}» i databasen, men «{row[3]}» i loggen (endret "
        "utenom tilsyn)\n"
        f"svar {row[1]} / D001: observasjon er «Lagt inn direkte» i databasen, men "
        + ("«Mangler dokumentasjon.»" if row[3] == "nei" else "tom")
        + " i loggen (endret utenom tilsyn)\n"
    )


def test_rows_added_or_removed_in_the_database_are_found(cli, sql, audit):
    aid, _ = audit
    sql("DELETE FROM answers WHERE audit_id = :i AND question_ref = 'B1.6'", i=aid)
    sql(
        "INSERT INTO events (audit_id, type, date, created_at, created_by) VALUES "
        "(:i, 'intervju', '2017-04-06', '2017-04-06T10:00:00+00:00', 'x')",
        i=aid,
    )
    sql(
        "UPDATE conclusions SET conclusion = 'Annen konklusjon' WHERE audit_id = :i "
        "AND requirement_ref = 'B1'",
        i=aid,
    )
    out = _verify(cli, aid)
    assert "svar B1.6: står i loggen, men mangler i databasen\n" in out
    assert "hendelse intervju 2017-04-06: finnes i databasen, men ikke i loggen\n" in out
    assert "konklusjon B1: konklusjon er «Annen konklusjon» i databasen, men " in out


def test_a_sent_documents_checksum_changed_in_the_database_is_found(cli, sql, audit):
    aid, _ = audit
    assert cli("rapport", str(aid), "--type", "varsel", "--dato", "2017-03-01").exit_code == 0
    sql("UPDATE document_versions SET sha256 = :s WHERE audit_id = :i", s="0" * 64, i=aid)
    out = _verify(cli, aid)
    assert "dokument varsel v1: sjekksummen i databasen er ikke den loggen har\n" in out


def test_a_replaced_newest_line_is_found(cli, sql, audit):
    """Someone rewrites the newest entry (and re-hashes it): the chain verifies, the anchor
    does not."""
    from tilsyn.audit.logchain import entry_hash

    aid, uid = audit
    chain = f"tilsyn:{uid}"
    count, head = sql("SELECT log_count, log_head FROM audits WHERE id = :i", i=aid)[0]
    seq, at, user, action, _entity, old, new, prev = sql(
        'SELECT seq, at, "user", action, entity, old, new, prev_hash FROM log_entries '
        "WHERE chain = :c AND seq = :s",
        c=chain,
        s=count,
    )[0]
    new = new.replace("Statsforvalteren", "Noen andre") if new else new
    digest = entry_hash(
        prev,
        chain=chain,
        seq=seq,
        at=at,
        user=user,
        action=action,
        entity="falsk",
        old=old,
        new=new,
    )
    sql(
        "UPDATE log_entries SET entity = 'falsk', new = :n, hash = :h "
        "WHERE chain = :c AND seq = :s",
        n=new,
        h=digest,
        c=chain,
        s=count,
    )
    out = _verify(cli, aid)
    assert (
        f"siste logglinje har hash {digest[:12]}…, men ankeret sier {head[:12]}…; linjen er "
        "erstattet utenom tilsyn\n"
    ) in out


def test_migration_0007_fills_the_anchor_and_goes_back(tmp_path):
    """A database at 0006 with audits and their logs gets each chain's anchor; 0007 can be
    downgraded and upgraded again."""
    from test_store_migration import _alembic, _query

    from tilsyn.app.audits import create_audit, record_event
    from tilsyn.app.context import AppContext
    from tilsyn.workspace import init_workspace

    ws = init_workspace(tmp_path / "ws")
    ctx = AppContext(ws, user_override="revisor")
    a = create_audit(
        ctx,
        municipality="1001",
        checklist="individuell-plan",
        case_number=None,
        lead=None,
        auditors=[],
        title=None,
    )
    from datetime import date

    record_event(ctx, a.id, "varsel", date(2017, 3, 1))
    url = ws.db_url()
    ctx.store.engine.dispose()
    expected = _query(url, "SELECT log_count, log_head FROM audits")
    assert expected[0][0] == 2
    _alembic(url, "downgrade", "0006")
    columns = [r[1] for r in _query(url, "PRAGMA table_info(audits)")]
    assert "log_count" not in columns and "log_head" not in columns
    _alembic(url, "upgrade", "0007")
    assert _query(url, "SELECT log_count, log_head FROM audits") == expected
