"""The access log of staff reads: every time a staff member is shown a client's record, who, whose,
what, why and where (Act 703/2023 §11)

Revision ID: 5e8a1c3f7b20
Revises: e5b3a9c1d7f2
Create Date: 2026-12-06 09:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e8a1c3f7b20'
down_revision = 'e5b3a9c1d7f2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('access_read',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('reader_id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('what', sa.String(length=30), nullable=False),
    sa.Column('purpose', sa.String(length=20), nullable=False),
    sa.Column('route', sa.String(length=200), nullable=False),
    sa.Column('in_list', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['person.id'], name=op.f('fk_access_read_client_id_person')),
    sa.ForeignKeyConstraint(['reader_id'], ['person.id'], name=op.f('fk_access_read_reader_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_access_read'))
    )
    with op.batch_alter_table('access_read', schema=None) as batch_op:
        batch_op.create_index('ix_access_read_client_at', ['client_id', 'at'], unique=False)
        batch_op.create_index('ix_access_read_reader_at', ['reader_id', 'at'], unique=False)
        batch_op.create_index('ix_access_read_at', ['at'], unique=False)


def downgrade():
    with op.batch_alter_table('access_read', schema=None) as batch_op:
        batch_op.drop_index('ix_access_read_at')
        batch_op.drop_index('ix_access_read_reader_at')
        batch_op.drop_index('ix_access_read_client_at')
    op.drop_table('access_read')
