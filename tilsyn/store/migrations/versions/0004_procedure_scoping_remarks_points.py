"""the procedure: scoping per audit, remarks with text, chosen correction points,
interview head counts

- ``scoped_requirements``: requirements scoped out of one audit (with the reason);
- ``remarks``: remarks (merknader) with their own text, per requirement;
- ``point_choices``: correction points the auditor added to or left out of an order;
- ``interviews.people``: how many people took part (NULL for earlier interviews: the
  count was not kept, and is not guessed).

Written by hand. Adding a nullable column needs no table rebuild; the downgrade drops it
with a batch operation (``interviews`` has no child rows).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 00:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def _stamps() -> list[sa.Column]:
    return [
        sa.Column('created_at', sa.String(length=40), nullable=False),
        sa.Column('created_by', sa.String(length=200), nullable=False),
    ]


def _audit_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ['audit_id'], ['audits.id'], name=op.f(f'fk_{table}_audit_id_audits'), ondelete='CASCADE'
    )


def upgrade() -> None:
    op.add_column('interviews', sa.Column('people', sa.Integer(), nullable=True))
    op.create_table(
        'scoped_requirements',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('audit_id', sa.Integer(), nullable=False),
        sa.Column('requirement_ref', sa.String(length=40), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        *_stamps(),
        _audit_fk('scoped_requirements'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_scoped_requirements')),
        sa.UniqueConstraint(
            'audit_id', 'requirement_ref', name='uq_scoped_requirements_audit_ref'
        ),
    )
    op.create_table(
        'remarks',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('audit_id', sa.Integer(), nullable=False),
        sa.Column('requirement_ref', sa.String(length=40), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        *_stamps(),
        _audit_fk('remarks'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_remarks')),
    )
    op.create_table(
        'point_choices',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('audit_id', sa.Integer(), nullable=False),
        sa.Column('requirement_ref', sa.String(length=40), nullable=False),
        sa.Column('point_ref', sa.String(length=40), nullable=False),
        sa.Column('action', sa.String(length=20), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        *_stamps(),
        _audit_fk('point_choices'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_point_choices')),
        sa.UniqueConstraint('audit_id', 'point_ref', name='uq_point_choices_audit_point'),
    )


def downgrade() -> None:
    op.drop_table('point_choices')
    op.drop_table('remarks')
    op.drop_table('scoped_requirements')
    with op.batch_alter_table('interviews') as batch:
        batch.drop_column('people')
