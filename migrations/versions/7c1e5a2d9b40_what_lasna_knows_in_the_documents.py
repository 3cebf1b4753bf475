"""What Läsnä knows in the documents: figures frozen at signing, the GAS evaluation of an
evaluation document, and the diary the client chose to bring to an evaluation

Revision ID: 7c1e5a2d9b40
Revises: a7d3c9e1f5b2
Create Date: 2026-12-06 06:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7c1e5a2d9b40'
down_revision = 'a7d3c9e1f5b2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('period_document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('evaluation_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('figures', sa.JSON(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_period_document_evaluation_id_evaluation'), 'evaluation',
                                    ['evaluation_id'], ['id'])

    op.create_table('evaluation_share',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('diary_entry_id', sa.Integer(), nullable=True),
    sa.Column('consented_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['diary_entry_id'], ['diary_entry.id'], name=op.f('fk_evaluation_share_diary_entry_id_diary_entry'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['document_id'], ['period_document.id'], name=op.f('fk_evaluation_share_document_id_period_document'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_share')),
    sa.UniqueConstraint('document_id', 'diary_entry_id', name='uq_evaluation_share_entry')
    )
    with op.batch_alter_table('evaluation_share', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluation_share_diary_entry_id'), ['diary_entry_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evaluation_share_document_id'), ['document_id'], unique=False)


def downgrade():
    with op.batch_alter_table('evaluation_share', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluation_share_document_id'))
        batch_op.drop_index(batch_op.f('ix_evaluation_share_diary_entry_id'))
    op.drop_table('evaluation_share')

    with op.batch_alter_table('period_document', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_period_document_evaluation_id_evaluation'), type_='foreignkey')
        batch_op.drop_column('figures')
        batch_op.drop_column('evaluation_id')
