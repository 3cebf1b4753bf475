"""Frozen invoice lines: the invoice basis of a closed month never changes

Closing a unit's month now also freezes its invoice basis (confirmed days × the orderer's day
price) into invoice_line, like money_line for the compensation; a later correction or a price
set back in time becomes an adjustment line of the next month closed.

Months closed before this revision get their day lines from the invoice basis as it stands
when the upgrade runs (the same rule as webapp/invoicing/basis.py: the newest service period
covering the day at its unit, the orderer's day price in force on the day), so they read as
closed from then on.

Revision ID: 32220c43f798
Revises: 7419d6bfee5e
Create Date: 2026-11-23 05:40:52.058397

"""
from datetime import date

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '32220c43f798'
down_revision = '7419d6bfee5e'
branch_labels = None
depends_on = None

BACKFILL = sa.text("""
INSERT INTO invoice_line (close_id, kind, client_id, day, orderer_id, service_type_id, price_cents, days,
                          amount_cents)
SELECT :close_id, 'day', picked.client_id, picked.day, picked.orderer_id, picked.service_type_id,
       price.price_cents, 1, COALESCE(price.price_cents, 0)
FROM (SELECT d.client_id, d.day, sp.orderer_id, sp.service_type_id,
             ROW_NUMBER() OVER (PARTITION BY d.id ORDER BY sp.starts_on DESC, sp.id DESC) AS rank
      FROM activity_day d
      LEFT JOIN service_period sp ON sp.client_id = d.client_id AND sp.unit_id = d.unit_id
                                 AND sp.starts_on <= d.day AND sp.ends_on >= d.day
      WHERE d.unit_id = :unit_id AND d.day >= :first AND d.day < :following
        AND d.status = 'confirmed' AND d.kind <> 'absent') AS picked
LEFT JOIN (SELECT orderer_id, service_type_id, valid_from, price_cents,
                  LEAD(valid_from) OVER (PARTITION BY orderer_id, service_type_id ORDER BY valid_from) AS valid_to
           FROM day_price) AS price
       ON price.orderer_id = picked.orderer_id AND price.service_type_id = picked.service_type_id
      AND price.valid_from <= picked.day AND (price.valid_to IS NULL OR picked.day < price.valid_to)
WHERE picked.rank = 1
""").bindparams(sa.bindparam("first", type_=sa.Date), sa.bindparam("following", type_=sa.Date))


def upgrade():
    op.create_table('invoice_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('close_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('orderer_id', sa.Integer(), nullable=True),
    sa.Column('service_type_id', sa.Integer(), nullable=True),
    sa.Column('price_cents', sa.Integer(), nullable=True),
    sa.Column('days', sa.Integer(), nullable=False),
    sa.Column('amount_cents', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind = 'adjustment' OR (days = 1 AND amount_cents = COALESCE(price_cents, 0))", name=op.f('ck_invoice_line_day_line')),
    sa.CheckConstraint("kind IN ('day', 'adjustment')", name=op.f('ck_invoice_line_kind')),
    sa.CheckConstraint('days IN (-1, 0, 1)', name=op.f('ck_invoice_line_days')),
    sa.CheckConstraint('price_cents IS NULL OR price_cents >= 0', name=op.f('ck_invoice_line_price')),
    sa.ForeignKeyConstraint(['client_id'], ['client_profile.person_id'], name=op.f('fk_invoice_line_client_id_client_profile')),
    sa.ForeignKeyConstraint(['close_id'], ['month_close.id'], name=op.f('fk_invoice_line_close_id_month_close')),
    sa.ForeignKeyConstraint(['orderer_id'], ['municipality.id'], name=op.f('fk_invoice_line_orderer_id_municipality')),
    sa.ForeignKeyConstraint(['service_type_id'], ['service_type.id'], name=op.f('fk_invoice_line_service_type_id_service_type')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invoice_line'))
    )
    op.create_index('ix_invoice_line_client_day', 'invoice_line', ['client_id', 'day'], unique=False)
    op.create_index('ix_invoice_line_close', 'invoice_line', ['close_id'], unique=False)

    connection = op.get_bind()
    closes = connection.execute(sa.text("SELECT id, unit_id, month FROM month_close ORDER BY id")).all()
    for close_id, unit_id, month in closes:
        first = month if isinstance(month, date) else date.fromisoformat(str(month)[:10])
        following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        connection.execute(BACKFILL, {"close_id": close_id, "unit_id": unit_id, "first": first,
                                      "following": following})


def downgrade():
    op.drop_index('ix_invoice_line_close', table_name='invoice_line')
    op.drop_index('ix_invoice_line_client_day', table_name='invoice_line')
    op.drop_table('invoice_line')
