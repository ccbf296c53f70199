"""the audit's planned notice date, why its regime was chosen, and transitional use

- ``notice_planned``: the notice date given when the audit was created (``opprett
  --varseldato``); the municipality number, the checklist's validity and the kommunelov
  regime were checked against it. The recorded notice (``hendelse varsel``) decides.
- ``regime_reason``: empty when the regime follows from the notice date; the reason
  given when the office chose it (October 2019, or a regime that contradicts the date).
- ``transitional``: the audit uses its checklist after the checklist's period under a
  transitional rule (``opprett --overgangsregel``), e.g. participants still under
  introduksjonsloven after 2020 (integreringsforskriften § 72).

Added columns only (nullable, or with a server default), so SQLite needs no table
rebuild. Written by hand.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 00:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audits") as batch:
        batch.add_column(sa.Column("notice_planned", sa.Date(), nullable=True))
        batch.add_column(sa.Column("regime_reason", sa.Text(), nullable=True))
        batch.add_column(
            sa.Column(
                "transitional", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("audits") as batch:
        batch.drop_column("transitional")
        batch.drop_column("regime_reason")
        batch.drop_column("notice_planned")
