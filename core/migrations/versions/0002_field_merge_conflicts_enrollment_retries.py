"""field merge, conflicts, enrollment retries

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 21:36:37.637778
"""

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('conflicts',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('local_rev', sa.Integer(), nullable=False),
    sa.Column('synced_rev', sa.Integer(), nullable=False),
    sa.Column('pending', sa.Boolean(), nullable=False),
    sa.Column('server_seq', sa.BigInteger(), nullable=True),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('origin_device', sa.Uuid(), nullable=True),
    sa.Column('dirty', sa.JSON(), nullable=True),
    sa.Column('field_seqs', sa.JSON(), nullable=True),
    sa.Column('record_table', sa.String(length=32), nullable=False),
    sa.Column('record_id', sa.Uuid(), nullable=False),
    sa.Column('field', sa.String(length=64), nullable=False),
    sa.Column('lost_value', sa.JSON(), nullable=True),
    sa.Column('won_value', sa.JSON(), nullable=True),
    sa.Column('lost_device', sa.Uuid(), nullable=True),
    sa.Column('won_device', sa.Uuid(), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('resolved', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conflicts'))
    )
    with op.batch_alter_table('conflicts', schema=None) as batch_op:
        batch_op.create_index('ix_conflicts_pending', ['pending'], unique=False)
        batch_op.create_index('ix_conflicts_record', ['record_id'], unique=False)
        batch_op.create_index('ix_conflicts_seq', ['server_seq'], unique=False)
        batch_op.create_index('ix_conflicts_site_seq', ['site_id', 'server_seq'], unique=False)

    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dirty', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('field_seqs', sa.JSON(), nullable=True))

    with op.batch_alter_table('courses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dirty', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('field_seqs', sa.JSON(), nullable=True))

    with op.batch_alter_table('request_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dirty', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('field_seqs', sa.JSON(), nullable=True))

    with op.batch_alter_table('requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dirty', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('field_seqs', sa.JSON(), nullable=True))

    with op.batch_alter_table('residents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dirty', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('field_seqs', sa.JSON(), nullable=True))

    with op.batch_alter_table('server_enrollment_codes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('nonce_hash', sa.String(length=64), nullable=True))

    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dirty', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('field_seqs', sa.JSON(), nullable=True))

    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dirty', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('field_seqs', sa.JSON(), nullable=True))

    with op.batch_alter_table('teachers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dirty', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('field_seqs', sa.JSON(), nullable=True))

    with op.batch_alter_table('weekly_reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dirty', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('field_seqs', sa.JSON(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('weekly_reports', schema=None) as batch_op:
        batch_op.drop_column('field_seqs')
        batch_op.drop_column('dirty')

    with op.batch_alter_table('teachers', schema=None) as batch_op:
        batch_op.drop_column('field_seqs')
        batch_op.drop_column('dirty')

    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.drop_column('field_seqs')
        batch_op.drop_column('dirty')

    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.drop_column('field_seqs')
        batch_op.drop_column('dirty')

    with op.batch_alter_table('server_enrollment_codes', schema=None) as batch_op:
        batch_op.drop_column('nonce_hash')

    with op.batch_alter_table('residents', schema=None) as batch_op:
        batch_op.drop_column('field_seqs')
        batch_op.drop_column('dirty')

    with op.batch_alter_table('requests', schema=None) as batch_op:
        batch_op.drop_column('field_seqs')
        batch_op.drop_column('dirty')

    with op.batch_alter_table('request_events', schema=None) as batch_op:
        batch_op.drop_column('field_seqs')
        batch_op.drop_column('dirty')

    with op.batch_alter_table('courses', schema=None) as batch_op:
        batch_op.drop_column('field_seqs')
        batch_op.drop_column('dirty')

    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.drop_column('field_seqs')
        batch_op.drop_column('dirty')

    with op.batch_alter_table('conflicts', schema=None) as batch_op:
        batch_op.drop_index('ix_conflicts_site_seq')
        batch_op.drop_index('ix_conflicts_seq')
        batch_op.drop_index('ix_conflicts_record')
        batch_op.drop_index('ix_conflicts_pending')

    op.drop_table('conflicts')
