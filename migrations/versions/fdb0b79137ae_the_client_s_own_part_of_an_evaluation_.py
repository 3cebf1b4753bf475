"""The client's own part of an evaluation, and her receipts of the signed documents she read

Revision ID: fdb0b79137ae
Revises: 19cbb5891811
Create Date: 2026-12-06 03:57:12.187172

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'fdb0b79137ae'
down_revision = '19cbb5891811'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('client_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('series', sa.SmallInteger(), nullable=False),
    sa.Column('went_well', sa.Text(), nullable=False),
    sa.Column('to_change', sa.Text(), nullable=False),
    sa.Column('next_wish', sa.Text(), nullable=False),
    sa.Column('answered_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['period_id'], ['service_period.id'], name=op.f('fk_client_answer_period_id_service_period'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_client_answer')),
    sa.UniqueConstraint('period_id', 'kind', 'series', name='uq_client_answer_evaluation')
    )
    with op.batch_alter_table('client_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_client_answer_period_id'), ['period_id'], unique=False)

    op.create_table('document_receipt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('read_at', sa.DateTime(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['period_document.id'], name=op.f('fk_document_receipt_document_id_period_document'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_receipt')),
    sa.UniqueConstraint('document_id', name=op.f('uq_document_receipt_document_id'))
    )


def downgrade():
    op.drop_table('document_receipt')
    with op.batch_alter_table('client_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_client_answer_period_id'))

    op.drop_table('client_answer')
