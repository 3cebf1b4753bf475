"""Guidance sessions: individual guidance logged by coaches (6 h per rolling 3 months).

Revision ID: 27cd21ad23bb
Revises: f3447ec8c3b2
Create Date: 2026-11-23 02:08:52.476162

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '27cd21ad23bb'
down_revision = 'f3447ec8c3b2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('guidance_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('coach_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('minutes', sa.SmallInteger(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('removed_at', sa.DateTime(), nullable=True),
    sa.Column('removed_by_id', sa.Integer(), nullable=True),
    sa.Column('removed_reason', sa.Text(), nullable=True),
    sa.CheckConstraint("kind IN ('individual', 'social')", name=op.f('ck_guidance_session_kind')),
    sa.CheckConstraint('minutes BETWEEN 5 AND 480', name=op.f('ck_guidance_session_minutes')),
    sa.ForeignKeyConstraint(['client_id'], ['client_profile.person_id'], name=op.f('fk_guidance_session_client_id_client_profile'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['coach_id'], ['person.id'], name=op.f('fk_guidance_session_coach_id_person')),
    sa.ForeignKeyConstraint(['created_by_id'], ['person.id'], name=op.f('fk_guidance_session_created_by_id_person')),
    sa.ForeignKeyConstraint(['removed_by_id'], ['person.id'], name=op.f('fk_guidance_session_removed_by_id_person')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_guidance_session_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_guidance_session'))
    )
    with op.batch_alter_table('guidance_session', schema=None) as batch_op:
        batch_op.create_index('ix_guidance_session_client_day', ['client_id', 'day'], unique=False)
        batch_op.create_index(batch_op.f('ix_guidance_session_unit_id'), ['unit_id'], unique=False)


def downgrade():
    with op.batch_alter_table('guidance_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_guidance_session_unit_id'))
        batch_op.drop_index('ix_guidance_session_client_day')

    op.drop_table('guidance_session')
