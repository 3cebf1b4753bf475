"""Days to look at again after a closure; a short period's reason from a list

A closure added over days already decided leaves them as they were (money and attendance are
never changed silently) and marks them for the coach: activity_day.review ('closure'), found
through a small partial index. A period under three months names its reason from a list
(service_period.short_period_code); the words written before stay as the reason "other".

Revision ID: 5c1e0a9d3b27
Revises: 5b18781a102d
Create Date: 2026-12-05 23:16:32.183832

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5c1e0a9d3b27'
down_revision = '5b18781a102d'
branch_labels = None
depends_on = None

REVIEW = "review IS NULL OR review IN ('closure')"
SHORT_CODE = ("short_period_code IS NULL OR short_period_code IN "
              "('trial', 'orderer_decision', 'next_step', 'continuation', 'other')")
WAITING = sa.text('review IS NOT NULL')


def upgrade():
    with op.batch_alter_table('activity_day', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review', sa.String(length=12), nullable=True))
        batch_op.create_check_constraint(batch_op.f('ck_activity_day_review'), REVIEW)
        batch_op.create_index('ix_activity_day_review', ['unit_id', 'day'], unique=False,
                              sqlite_where=WAITING, postgresql_where=WAITING)

    with op.batch_alter_table('service_period', schema=None) as batch_op:
        batch_op.add_column(sa.Column('short_period_code', sa.String(length=20), nullable=True))
        batch_op.create_check_constraint(batch_op.f('ck_service_period_short_code'), SHORT_CODE)
    op.execute("UPDATE service_period SET short_period_code = 'other' WHERE short_period_reason IS NOT NULL")


def downgrade():
    with op.batch_alter_table('service_period', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_service_period_short_code'), type_='check')
        batch_op.drop_column('short_period_code')

    with op.batch_alter_table('activity_day', schema=None) as batch_op:
        batch_op.drop_index('ix_activity_day_review', sqlite_where=WAITING, postgresql_where=WAITING)
        batch_op.drop_constraint(batch_op.f('ck_activity_day_review'), type_='check')
        batch_op.drop_column('review')
