"""A unit's own diary activity can take a picture from the vendored pictograms

unit_activity.pictogram: the picture's name in webapp/lib/pictograms (checked there, not in
the database, so the set can grow without a migration); empty: the picture its words suggest.

Revision ID: a3f9c2e1d7b4
Revises: 770630dde56c
Create Date: 2026-12-06 09:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a3f9c2e1d7b4'
down_revision = '770630dde56c'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('unit_activity', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pictogram', sa.String(length=40), nullable=True))


def downgrade():
    with op.batch_alter_table('unit_activity', schema=None) as batch_op:
        batch_op.drop_column('pictogram')
