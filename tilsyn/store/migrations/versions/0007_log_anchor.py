"""anchor of each audit's log chain (count and head hash) on the audit row

Until now only the links between log entries were checked, so deleting the newest entries
of a chain left a chain that still verified. From this revision every audit row carries
``log_count`` and ``log_head``: the number of entries of its chain ``tilsyn:<uid>`` and the
hash of the newest, written in the same transaction as each entry
(:meth:`tilsyn.store.base.Database.log`). Existing audits get the anchor of the chain as it
is when the migration runs.

Written by hand. Adding nullable columns is plain ALTER TABLE on SQLite and PostgreSQL.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 00:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

audits = sa.table(
    "audits",
    sa.column("id", sa.Integer),
    sa.column("uid", sa.String),
    sa.column("log_count", sa.Integer),
    sa.column("log_head", sa.String),
)
log_entries = sa.table(
    "log_entries",
    sa.column("chain", sa.String),
    sa.column("seq", sa.Integer),
    sa.column("hash", sa.String),
)


def upgrade() -> None:
    op.add_column("audits", sa.Column("log_count", sa.Integer(), nullable=True))
    op.add_column("audits", sa.Column("log_head", sa.String(length=64), nullable=True))
    bind = op.get_bind()
    # The newest entry of every audit chain, in one query (chains are "tilsyn:<uid>").
    newest = (
        sa.select(log_entries.c.chain, sa.func.max(log_entries.c.seq).label("seq"))
        .where(log_entries.c.chain.like("tilsyn:%"))
        .group_by(log_entries.c.chain)
        .subquery()
    )
    rows = bind.execute(
        sa.select(log_entries.c.chain, log_entries.c.seq, log_entries.c.hash).join(
            newest,
            sa.and_(
                log_entries.c.chain == newest.c.chain, log_entries.c.seq == newest.c.seq
            ),
        )
    ).all()
    for chain, seq, digest in rows:
        bind.execute(
            audits.update()
            .where(audits.c.uid == chain[len("tilsyn:"):])
            .values(log_count=seq, log_head=digest)
        )


def downgrade() -> None:
    with op.batch_alter_table("audits") as batch:
        batch.drop_column("log_head")
        batch.drop_column("log_count")
