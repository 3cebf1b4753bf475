"""Lunch cut-off and served counts; effective-dated compensation rates (9 e a day)

The kitchen's forecast counts absences known by the unit's cut-off (09:30 unless set). The
daily compensation is 9 € from both paying payers (Kela's kulukorvaus, the municipality's
toimintaraha); a later change is a new row from its date.

Revision ID: f2ec89fe5015
Revises: b8bef622f47e
Create Date: 2026-11-23 04:01:29.895394

"""
from datetime import date, datetime

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f2ec89fe5015'
down_revision = 'b8bef622f47e'
branch_labels = None
depends_on = None

RATES = [("kela", date(2001, 9, 1), 900), ("municipality", date(2001, 9, 1), 900)]


def upgrade():
    rates = op.create_table('compensation_rate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('payer', sa.String(length=16), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('amount_cents', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("payer IN ('kela', 'municipality')", name=op.f('ck_compensation_rate_payer')),
    sa.CheckConstraint('amount_cents >= 0', name=op.f('ck_compensation_rate_amount')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_compensation_rate')),
    sa.UniqueConstraint('payer', 'valid_from', name=op.f('uq_compensation_rate_payer'))
    )
    op.bulk_insert(rates, [dict(payer=p, valid_from=v, amount_cents=c, created_at=datetime(2026, 11, 23))
                           for p, v, c in RATES])
    op.create_table('lunch_served',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('served', sa.Integer(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('served >= 0 AND served <= 10000', name=op.f('ck_lunch_served_served')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['person.id'], name=op.f('fk_lunch_served_recorded_by_id_person')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_lunch_served_unit_id_unit'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lunch_served')),
    sa.UniqueConstraint('unit_id', 'day', name=op.f('uq_lunch_served_unit_id'))
    )
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lunch_cutoff', sa.Time(), server_default='09:30:00', nullable=False))


def downgrade():
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.drop_column('lunch_cutoff')

    op.drop_table('lunch_served')
    op.drop_table('compensation_rate')