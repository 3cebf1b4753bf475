"""Plain language (selkokieli) as a per-person setting

Revision ID: 3e8b5f1c7a20
Revises: 7c1e5a2d9b40
Create Date: 2026-12-06 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3e8b5f1c7a20'
down_revision = '7c1e5a2d9b40'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('plain_language', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_column('plain_language')
