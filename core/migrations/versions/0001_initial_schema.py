"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-29 21:07:59.653536
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('attendance',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('local_rev', sa.Integer(), nullable=False),
    sa.Column('synced_rev', sa.Integer(), nullable=False),
    sa.Column('pending', sa.Boolean(), nullable=False),
    sa.Column('server_seq', sa.BigInteger(), nullable=True),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('origin_device', sa.Uuid(), nullable=True),
    sa.Column('session_id', sa.Uuid(), nullable=False),
    sa.Column('resident_id', sa.Uuid(), nullable=False),
    sa.Column('present', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance'))
    )
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.create_index('ix_attendance_pending', ['pending'], unique=False)
        batch_op.create_index('ix_attendance_resident', ['resident_id'], unique=False)
        batch_op.create_index('ix_attendance_seq', ['server_seq'], unique=False)
        batch_op.create_index('ix_attendance_session', ['session_id'], unique=False)
        batch_op.create_index('ix_attendance_site_seq', ['site_id', 'server_seq'], unique=False)

    op.create_table('courses',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('local_rev', sa.Integer(), nullable=False),
    sa.Column('synced_rev', sa.Integer(), nullable=False),
    sa.Column('pending', sa.Boolean(), nullable=False),
    sa.Column('server_seq', sa.BigInteger(), nullable=True),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('origin_device', sa.Uuid(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('platform', sa.String(length=16), nullable=False),
    sa.Column('is_feature', sa.Boolean(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_courses'))
    )
    with op.batch_alter_table('courses', schema=None) as batch_op:
        batch_op.create_index('ix_courses_pending', ['pending'], unique=False)
        batch_op.create_index('ix_courses_seq', ['server_seq'], unique=False)
        batch_op.create_index('ix_courses_site_seq', ['site_id', 'server_seq'], unique=False)

    op.create_table('local_outbox',
    sa.Column('batch_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('payload', sa.LargeBinary(), nullable=False),
    sa.Column('revisions', sa.JSON(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('batch_id', name=op.f('pk_local_outbox'))
    )
    op.create_table('local_rejections',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('table_name', sa.String(length=32), nullable=False),
    sa.Column('row_id', sa.Uuid(), nullable=False),
    sa.Column('local_rev', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_local_rejections'))
    )
    op.create_table('local_settings',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_local_settings'))
    )
    op.create_table('request_events',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('local_rev', sa.Integer(), nullable=False),
    sa.Column('synced_rev', sa.Integer(), nullable=False),
    sa.Column('pending', sa.Boolean(), nullable=False),
    sa.Column('server_seq', sa.BigInteger(), nullable=True),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('origin_device', sa.Uuid(), nullable=True),
    sa.Column('request_id', sa.Uuid(), nullable=False),
    sa.Column('to_status', sa.String(length=24), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('actor_site_id', sa.Uuid(), nullable=False),
    sa.Column('device_id', sa.Uuid(), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_request_events'))
    )
    with op.batch_alter_table('request_events', schema=None) as batch_op:
        batch_op.create_index('ix_request_events_pending', ['pending'], unique=False)
        batch_op.create_index('ix_request_events_request', ['request_id'], unique=False)
        batch_op.create_index('ix_request_events_seq', ['server_seq'], unique=False)
        batch_op.create_index('ix_request_events_site_seq', ['site_id', 'server_seq'], unique=False)

    op.create_table('requests',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('local_rev', sa.Integer(), nullable=False),
    sa.Column('synced_rev', sa.Integer(), nullable=False),
    sa.Column('pending', sa.Boolean(), nullable=False),
    sa.Column('server_seq', sa.BigInteger(), nullable=True),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('origin_device', sa.Uuid(), nullable=True),
    sa.Column('resident_id', sa.Uuid(), nullable=True),
    sa.Column('household', sa.String(length=100), nullable=False),
    sa.Column('need', sa.Text(), nullable=False),
    sa.Column('category', sa.String(length=24), nullable=False),
    sa.Column('people_count', sa.Integer(), nullable=False),
    sa.Column('urgency', sa.String(length=16), nullable=False),
    sa.Column('preferred_time', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_requests'))
    )
    with op.batch_alter_table('requests', schema=None) as batch_op:
        batch_op.create_index('ix_requests_pending', ['pending'], unique=False)
        batch_op.create_index('ix_requests_seq', ['server_seq'], unique=False)
        batch_op.create_index('ix_requests_site_seq', ['site_id', 'server_seq'], unique=False)

    op.create_table('residents',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('local_rev', sa.Integer(), nullable=False),
    sa.Column('synced_rev', sa.Integer(), nullable=False),
    sa.Column('pending', sa.Boolean(), nullable=False),
    sa.Column('server_seq', sa.BigInteger(), nullable=True),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('origin_device', sa.Uuid(), nullable=True),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('gender', sa.String(length=8), nullable=False),
    sa.Column('birth_year', sa.Integer(), nullable=True),
    sa.Column('phone', sa.String(length=32), nullable=False),
    sa.Column('village_group', sa.String(length=100), nullable=False),
    sa.Column('household', sa.String(length=100), nullable=False),
    sa.Column('tags', sa.String(length=400), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('search_key', sa.String(length=400), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_residents'))
    )
    with op.batch_alter_table('residents', schema=None) as batch_op:
        batch_op.create_index('ix_residents_pending', ['pending'], unique=False)
        batch_op.create_index('ix_residents_seq', ['server_seq'], unique=False)
        batch_op.create_index('ix_residents_site_name', ['site_id', 'name'], unique=False)
        batch_op.create_index('ix_residents_site_seq', ['site_id', 'server_seq'], unique=False)

    op.create_table('server_counter',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_server_counter'))
    )
    op.create_table('server_meta',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_server_meta'))
    )
    op.create_table('sessions',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('local_rev', sa.Integer(), nullable=False),
    sa.Column('synced_rev', sa.Integer(), nullable=False),
    sa.Column('pending', sa.Boolean(), nullable=False),
    sa.Column('server_seq', sa.BigInteger(), nullable=True),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('origin_device', sa.Uuid(), nullable=True),
    sa.Column('course_id', sa.Uuid(), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('teacher_id', sa.Uuid(), nullable=True),
    sa.Column('topic', sa.String(length=200), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('headcount', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sessions'))
    )
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.create_index('ix_sessions_pending', ['pending'], unique=False)
        batch_op.create_index('ix_sessions_seq', ['server_seq'], unique=False)
        batch_op.create_index('ix_sessions_site_seq', ['site_id', 'server_seq'], unique=False)
        batch_op.create_index('ix_sessions_site_start', ['site_id', 'starts_at'], unique=False)

    op.create_table('sites',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('local_rev', sa.Integer(), nullable=False),
    sa.Column('synced_rev', sa.Integer(), nullable=False),
    sa.Column('pending', sa.Boolean(), nullable=False),
    sa.Column('server_seq', sa.BigInteger(), nullable=True),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('origin_device', sa.Uuid(), nullable=True),
    sa.Column('parent_id', sa.Uuid(), nullable=True),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('path', sa.String(length=400), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sites'))
    )
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.create_index('ix_sites_path', ['path'], unique=False)
        batch_op.create_index('ix_sites_pending', ['pending'], unique=False)
        batch_op.create_index('ix_sites_seq', ['server_seq'], unique=False)
        batch_op.create_index('ix_sites_site_seq', ['site_id', 'server_seq'], unique=False)

    op.create_table('teachers',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('local_rev', sa.Integer(), nullable=False),
    sa.Column('synced_rev', sa.Integer(), nullable=False),
    sa.Column('pending', sa.Boolean(), nullable=False),
    sa.Column('server_seq', sa.BigInteger(), nullable=True),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('origin_device', sa.Uuid(), nullable=True),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('phone', sa.String(length=32), nullable=False),
    sa.Column('skills', sa.String(length=400), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_teachers'))
    )
    with op.batch_alter_table('teachers', schema=None) as batch_op:
        batch_op.create_index('ix_teachers_pending', ['pending'], unique=False)
        batch_op.create_index('ix_teachers_seq', ['server_seq'], unique=False)
        batch_op.create_index('ix_teachers_site_seq', ['site_id', 'server_seq'], unique=False)

    op.create_table('weekly_reports',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('local_rev', sa.Integer(), nullable=False),
    sa.Column('synced_rev', sa.Integer(), nullable=False),
    sa.Column('pending', sa.Boolean(), nullable=False),
    sa.Column('server_seq', sa.BigInteger(), nullable=True),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('origin_device', sa.Uuid(), nullable=True),
    sa.Column('week_start', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('figures', sa.JSON(), nullable=False),
    sa.Column('remark', sa.Text(), nullable=False),
    sa.Column('review_comment', sa.Text(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_weekly_reports'))
    )
    with op.batch_alter_table('weekly_reports', schema=None) as batch_op:
        batch_op.create_index('ix_weekly_reports_pending', ['pending'], unique=False)
        batch_op.create_index('ix_weekly_reports_seq', ['server_seq'], unique=False)
        batch_op.create_index('ix_weekly_reports_site_seq', ['site_id', 'server_seq'], unique=False)

    op.create_table('server_devices',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('last_seen_at', sa.DateTime(), nullable=True),
    sa.Column('last_pending', sa.Integer(), nullable=False),
    sa.Column('app_version', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_server_devices_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_server_devices')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_server_devices_token_hash'))
    )
    op.create_table('server_enrollment_codes',
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.Column('device_id', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_server_enrollment_codes_site_id_sites')),
    sa.PrimaryKeyConstraint('code_hash', name=op.f('pk_server_enrollment_codes'))
    )
    op.create_table('server_batches',
    sa.Column('batch_id', sa.Uuid(), nullable=False),
    sa.Column('device_id', sa.Uuid(), nullable=False),
    sa.Column('payload_hash', sa.String(length=64), nullable=False),
    sa.Column('results', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['device_id'], ['server_devices.id'], name=op.f('fk_server_batches_device_id_server_devices')),
    sa.PrimaryKeyConstraint('batch_id', name=op.f('pk_server_batches'))
    )


def downgrade() -> None:
    op.drop_table('server_batches')
    op.drop_table('server_enrollment_codes')
    op.drop_table('server_devices')
    with op.batch_alter_table('weekly_reports', schema=None) as batch_op:
        batch_op.drop_index('ix_weekly_reports_site_seq')
        batch_op.drop_index('ix_weekly_reports_seq')
        batch_op.drop_index('ix_weekly_reports_pending')

    op.drop_table('weekly_reports')
    with op.batch_alter_table('teachers', schema=None) as batch_op:
        batch_op.drop_index('ix_teachers_site_seq')
        batch_op.drop_index('ix_teachers_seq')
        batch_op.drop_index('ix_teachers_pending')

    op.drop_table('teachers')
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.drop_index('ix_sites_site_seq')
        batch_op.drop_index('ix_sites_seq')
        batch_op.drop_index('ix_sites_pending')
        batch_op.drop_index('ix_sites_path')

    op.drop_table('sites')
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.drop_index('ix_sessions_site_start')
        batch_op.drop_index('ix_sessions_site_seq')
        batch_op.drop_index('ix_sessions_seq')
        batch_op.drop_index('ix_sessions_pending')

    op.drop_table('sessions')
    op.drop_table('server_meta')
    op.drop_table('server_counter')
    with op.batch_alter_table('residents', schema=None) as batch_op:
        batch_op.drop_index('ix_residents_site_seq')
        batch_op.drop_index('ix_residents_site_name')
        batch_op.drop_index('ix_residents_seq')
        batch_op.drop_index('ix_residents_pending')

    op.drop_table('residents')
    with op.batch_alter_table('requests', schema=None) as batch_op:
        batch_op.drop_index('ix_requests_site_seq')
        batch_op.drop_index('ix_requests_seq')
        batch_op.drop_index('ix_requests_pending')

    op.drop_table('requests')
    with op.batch_alter_table('request_events', schema=None) as batch_op:
        batch_op.drop_index('ix_request_events_site_seq')
        batch_op.drop_index('ix_request_events_seq')
        batch_op.drop_index('ix_request_events_request')
        batch_op.drop_index('ix_request_events_pending')

    op.drop_table('request_events')
    op.drop_table('local_settings')
    op.drop_table('local_rejections')
    op.drop_table('local_outbox')
    with op.batch_alter_table('courses', schema=None) as batch_op:
        batch_op.drop_index('ix_courses_site_seq')
        batch_op.drop_index('ix_courses_seq')
        batch_op.drop_index('ix_courses_pending')

    op.drop_table('courses')
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.drop_index('ix_attendance_site_seq')
        batch_op.drop_index('ix_attendance_session')
        batch_op.drop_index('ix_attendance_seq')
        batch_op.drop_index('ix_attendance_resident')
        batch_op.drop_index('ix_attendance_pending')

    op.drop_table('attendance')
