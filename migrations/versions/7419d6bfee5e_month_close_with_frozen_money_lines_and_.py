"""Month close with frozen money lines and adjustments; day prices for invoicing; Kela absence reports

A closed month keeps its money lines frozen in money_line; a later correction of one of its days
becomes an adjustment line of the next month closed. Day prices (per orderer and service type)
and Kela TT3 reports produced or sent are data too.

Revision ID: 7419d6bfee5e
Revises: f2ec89fe5015
Create Date: 2026-11-23 04:15:48.449989

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7419d6bfee5e'
down_revision = 'f2ec89fe5015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('day_price',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('orderer_id', sa.Integer(), nullable=False),
    sa.Column('service_type_id', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('price_cents', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('price_cents >= 0', name=op.f('ck_day_price_price')),
    sa.ForeignKeyConstraint(['orderer_id'], ['municipality.id'], name=op.f('fk_day_price_orderer_id_municipality')),
    sa.ForeignKeyConstraint(['service_type_id'], ['service_type.id'], name=op.f('fk_day_price_service_type_id_service_type')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_day_price')),
    sa.UniqueConstraint('orderer_id', 'service_type_id', 'valid_from', name=op.f('uq_day_price_orderer_id'))
    )
    op.create_table('month_close',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=False),
    sa.Column('closed_by_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['closed_by_id'], ['person.id'], name=op.f('fk_month_close_closed_by_id_person')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_month_close_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_month_close')),
    sa.UniqueConstraint('unit_id', 'month', name=op.f('uq_month_close_unit_id'))
    )
    op.create_table('kela_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('produced_at', sa.DateTime(), nullable=False),
    sa.Column('produced_by_id', sa.Integer(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('sent_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['client_profile.person_id'], name=op.f('fk_kela_report_client_id_client_profile')),
    sa.ForeignKeyConstraint(['produced_by_id'], ['person.id'], name=op.f('fk_kela_report_produced_by_id_person')),
    sa.ForeignKeyConstraint(['sent_by_id'], ['person.id'], name=op.f('fk_kela_report_sent_by_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kela_report')),
    sa.UniqueConstraint('client_id', 'period_start', name=op.f('uq_kela_report_client_id'))
    )
    op.create_table('money_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('close_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('payer', sa.String(length=16), nullable=False),
    sa.Column('days', sa.Integer(), nullable=False),
    sa.Column('amount_cents', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('day', 'adjustment')", name=op.f('ck_money_line_kind')),
    sa.CheckConstraint("payer IN ('kela', 'municipality')", name=op.f('ck_money_line_payer')),
    sa.CheckConstraint('days IN (-1, 0, 1)', name=op.f('ck_money_line_days')),
    sa.ForeignKeyConstraint(['client_id'], ['client_profile.person_id'], name=op.f('fk_money_line_client_id_client_profile')),
    sa.ForeignKeyConstraint(['close_id'], ['month_close.id'], name=op.f('fk_money_line_close_id_month_close')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_money_line'))
    )
    with op.batch_alter_table('money_line', schema=None) as batch_op:
        batch_op.create_index('ix_money_line_client_day', ['client_id', 'day'], unique=False)
        batch_op.create_index('ix_money_line_close', ['close_id'], unique=False)



def downgrade():
    with op.batch_alter_table('money_line', schema=None) as batch_op:
        batch_op.drop_index('ix_money_line_close')
        batch_op.drop_index('ix_money_line_client_day')

    op.drop_table('money_line')
    op.drop_table('kela_report')
    op.drop_table('month_close')
    op.drop_table('day_price')
