"""shared, content-addressed checklist snapshots

Every audit and self-assessment used to store a full JSON copy of its checklist
(``checklist_snapshot``); identical copies made up most of a large database. From this
revision each distinct snapshot is stored once in ``checklist_snapshots``, keyed by the
sha256 of its text (UTF-8 bytes exactly as stored), and the rows point to it with
``checklist_sha256``. The text is moved byte for byte, so every audit stays pinned to the
exact checklist it started with.

Written by hand. On SQLite, ``tilsyn.store.engine.migrate`` runs this with foreign keys
OFF (the batch operations rebuild ``audits`` and ``self_assessments``) and checks
``PRAGMA foreign_key_check`` afterwards. Works on PostgreSQL as plain ALTER TABLE.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 00:00:00
"""

import hashlib

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

TABLES = ("audits", "self_assessments")
CHUNK = 500  # rows read at a time (a snapshot is 15–25 kB of text)

snapshots_table = sa.table(
    "checklist_snapshots",
    sa.column("sha256", sa.String),
    sa.column("checklist_id", sa.String),
    sa.column("version", sa.String),
    sa.column("body", sa.Text),
    sa.column("created_at", sa.String),
)


def _fk_name(table: str) -> str:
    # As the naming convention in tilsyn/store/schema.py makes it.
    return f"fk_{table}_checklist_sha256_checklist_snapshots"


def _rows_table(name: str) -> sa.TableClause:
    return sa.table(
        name,
        sa.column("id", sa.Integer),
        sa.column("checklist_id", sa.String),
        sa.column("checklist_version", sa.String),
        sa.column("checklist_snapshot", sa.Text),
        sa.column("checklist_sha256", sa.String),
        sa.column("created_at", sa.String),
    )


def _link_rows(bind: sa.Connection, name: str, found: dict[str, dict]) -> None:
    """Set ``checklist_sha256`` of every row of ``name``; collect distinct bodies in
    ``found`` (sha256 -> snapshot row, with the earliest ``created_at`` of its users)."""
    tbl = _rows_table(name)
    update = (tbl.update().where(tbl.c.id == sa.bindparam("row_id"))
              .values(checklist_sha256=sa.bindparam("sha")))
    last = None
    while True:
        q = (sa.select(tbl.c.id, tbl.c.checklist_id, tbl.c.checklist_version,
                       tbl.c.checklist_snapshot, tbl.c.created_at)
             .order_by(tbl.c.id).limit(CHUNK))
        if last is not None:
            q = q.where(tbl.c.id > last)
        rows = bind.execute(q).all()
        if not rows:
            return
        links = []
        for row in rows:
            stored = row.checklist_snapshot
            if stored is None:
                raise RuntimeError(f"{name} {row.id}: checklist_snapshot mangler")
            # The exact bytes as stored (SQLite may hold a BLOB in a TEXT column).
            raw = stored if isinstance(stored, bytes) else stored.encode("utf-8")
            sha = hashlib.sha256(raw).hexdigest()
            snap = found.get(sha)
            if snap is None:
                found[sha] = dict(sha256=sha, checklist_id=row.checklist_id,
                                  version=row.checklist_version, body=raw.decode("utf-8"),
                                  created_at=row.created_at)
            elif row.created_at < snap["created_at"]:
                snap["created_at"] = row.created_at
            links.append({"row_id": row.id, "sha": sha})
        bind.execute(update, links)
        last = rows[-1].id


def upgrade() -> None:
    op.create_table(
        'checklist_snapshots',
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('checklist_id', sa.String(length=60), nullable=False),
        sa.Column('version', sa.String(length=40), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('created_at', sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint('sha256', name=op.f('pk_checklist_snapshots')),
    )
    # 1. The reference column, empty for now (SQLite: ALTER TABLE ADD COLUMN, no rebuild).
    for name in TABLES:
        with op.batch_alter_table(name) as batch_op:
            batch_op.add_column(sa.Column('checklist_sha256', sa.String(length=64),
                                          nullable=True))
    # 2. Move the data: each distinct body once (created_at: the earliest of the rows that
    #    use it), every row pointed at its body.
    bind = op.get_bind()
    found: dict[str, dict] = {}
    for name in TABLES:
        _link_rows(bind, name, found)
    if found:
        bind.execute(snapshots_table.insert(), list(found.values()))
    # 3. Required reference with its foreign key; the copies go (SQLite: table rebuild).
    for name in TABLES:
        with op.batch_alter_table(name) as batch_op:
            batch_op.alter_column('checklist_sha256', existing_type=sa.String(length=64),
                                  nullable=False)
            batch_op.create_foreign_key(op.f(_fk_name(name)), 'checklist_snapshots',
                                        ['checklist_sha256'], ['sha256'])
            batch_op.drop_column('checklist_snapshot')


def downgrade() -> None:
    for name in TABLES:
        with op.batch_alter_table(name) as batch_op:
            batch_op.add_column(sa.Column('checklist_snapshot', sa.Text(), nullable=True))
    bind = op.get_bind()
    for name in TABLES:
        tbl = _rows_table(name)
        body = (sa.select(snapshots_table.c.body)
                .where(snapshots_table.c.sha256 == tbl.c.checklist_sha256)
                .scalar_subquery())
        bind.execute(tbl.update().values(checklist_snapshot=body))
    for name in TABLES:
        with op.batch_alter_table(name) as batch_op:
            batch_op.alter_column('checklist_snapshot', existing_type=sa.Text(),
                                  nullable=False)
            batch_op.drop_constraint(op.f(_fk_name(name)), type_='foreignkey')
            batch_op.drop_column('checklist_sha256')
    op.drop_table('checklist_snapshots')

