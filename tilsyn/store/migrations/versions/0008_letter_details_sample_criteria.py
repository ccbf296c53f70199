"""what a letter to the municipality needs, per audit, and a manual sample's criteria

On ``audits`` (``tilsyn opprett``/``tilsyn endre``):

- ``recipient_address``: the municipality's postal address as the auditor gave it
  (``--postadresse``, lines separated by «;» or line breaks), never derived;
- ``recipient_attention``: the title after «v/» in the addressee block when the
  municipality uses another than the one the law gives on the letter's date
  (``--adressat-ved``);
- ``their_reference``: the municipality's reference («Deres ref.», ``--deres-ref``);
- ``copy_to``: JSON list of the recipients of copies («Kopi til», ``--kopi-til``).

On ``samples``: ``criteria``, the criteria a manually chosen sample was chosen by
(``tilsyn utvalg --kriterier``). Its population size already has a column.

Added nullable columns only, so SQLite needs no table rebuild on upgrade. Written by hand.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 00:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("audits", sa.Column("recipient_address", sa.Text(), nullable=True))
    op.add_column("audits", sa.Column("recipient_attention", sa.String(200), nullable=True))
    op.add_column("audits", sa.Column("their_reference", sa.String(100), nullable=True))
    op.add_column("audits", sa.Column("copy_to", sa.Text(), nullable=True))
    op.add_column("samples", sa.Column("criteria", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("samples") as batch:
        batch.drop_column("criteria")
    with op.batch_alter_table("audits") as batch:
        batch.drop_column("copy_to")
        batch.drop_column("their_reference")
        batch.drop_column("recipient_attention")
        batch.drop_column("recipient_address")
