"""Diary replies read by the client: a reply shows on her home page until she opens its day

diary_reply.read_at is when the client opened the day the reply answers (NULL: not yet). Replies
written before this revision count as read, so an upgrade does not bring every old answer back
to the home pages.

Revision ID: 75628be7d1e2
Revises: 5c1e0a9d3b27
Create Date: 2026-12-05 23:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '75628be7d1e2'
down_revision = '5c1e0a9d3b27'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('diary_reply', schema=None) as batch_op:
        batch_op.add_column(sa.Column('read_at', sa.DateTime(), nullable=True))
    op.execute("UPDATE diary_reply SET read_at = created_at")


def downgrade():
    with op.batch_alter_table('diary_reply', schema=None) as batch_op:
        batch_op.drop_column('read_at')
