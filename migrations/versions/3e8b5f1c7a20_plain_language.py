"""Plain language (selkokieli) as a per-person setting

Revision ID: 3e8b5f1c7a20
Revises: a3f9c2e1d7b4
Create Date: 2026-12-06 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3e8b5f1c7a20'
down_revision = 'a3f9c2e1d7b4'
branch_labels = None
depends_on = None


# Not in batch mode: on SQLite a batch copies the table anew (it does for a column whose default is
# an expression), and dropping the old person table would take every row that refers to it
# (ON DELETE CASCADE) along. SQLite (3.35+) and PostgreSQL both add and drop a plain column in place.
def upgrade():
    op.add_column('person', sa.Column('plain_language', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    op.drop_column('person', 'plain_language')
