"""bundle secrets

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-09 09:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Devices enrolled before this get their secret at their next sync (POST /api/v1/keys).
    with op.batch_alter_table('server_devices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('bundle_secret', sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('server_devices', schema=None) as batch_op:
        batch_op.drop_column('bundle_secret')
