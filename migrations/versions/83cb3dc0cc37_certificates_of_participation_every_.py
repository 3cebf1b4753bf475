"""Certificates of participation, every printed word and figure frozen at issue

A certificate keeps the names, dates and the number of days it printed, so its PDF is drawn again
exactly; a re-issue is a new row. `skills` holds the skills and trainings it printed, if any.

Revision ID: 83cb3dc0cc37
Revises: 395b4c70952a
Create Date: 2026-12-06 06:07:23.181832

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '83cb3dc0cc37'
down_revision = '395b4c70952a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('certificate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('interim', sa.Boolean(), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('work_tasks', sa.Text(), nullable=False),
    sa.Column('include_skills', sa.Boolean(), nullable=False),
    sa.Column('skills', sa.JSON(), nullable=True),
    sa.Column('client_name', sa.String(length=201), nullable=False),
    sa.Column('unit_name', sa.String(length=120), nullable=False),
    sa.Column('unit_address', sa.String(length=320), nullable=False),
    sa.Column('unit_city', sa.String(length=100), nullable=False),
    sa.Column('organisation', sa.String(length=200), nullable=False),
    sa.Column('service_type', sa.String(length=120), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('counted_until', sa.Date(), nullable=False),
    sa.Column('days_attended', sa.Integer(), nullable=False),
    sa.Column('issued_by_id', sa.Integer(), nullable=False),
    sa.Column('issuer_name', sa.String(length=201), nullable=False),
    sa.Column('issuer_role', sa.String(length=16), nullable=False),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('participation')", name=op.f('ck_certificate_kind')),
    sa.CheckConstraint("language IN ('fi', 'sv', 'en')", name=op.f('ck_certificate_language')),
    sa.CheckConstraint('days_attended >= 0', name=op.f('ck_certificate_days')),
    sa.CheckConstraint('starts_on <= ends_on', name=op.f('ck_certificate_order')),
    sa.ForeignKeyConstraint(['issued_by_id'], ['person.id'], name=op.f('fk_certificate_issued_by_id_person')),
    sa.ForeignKeyConstraint(['period_id'], ['service_period.id'], name=op.f('fk_certificate_period_id_service_period'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate'))
    )
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificate_period_id'), ['period_id'], unique=False)



def downgrade():
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificate_period_id'))

    op.drop_table('certificate')
