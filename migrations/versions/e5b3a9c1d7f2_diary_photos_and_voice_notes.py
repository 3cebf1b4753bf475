"""diary photos and voice notes: one row per file, the bytes in the file store

Revision ID: e5b3a9c1d7f2
Revises: 3e8b5f1c7a20
Create Date: 2026-12-06 09:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5b3a9c1d7f2'
down_revision = '3e8b5f1c7a20'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('diary_media',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('upload_key', sa.String(length=64), nullable=False),
    sa.Column('content_type', sa.String(length=40), nullable=False),
    sa.Column('bytes', sa.Integer(), nullable=False),
    sa.Column('width', sa.Integer(), nullable=True),
    sa.Column('height', sa.Integer(), nullable=True),
    sa.Column('duration_ms', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('photo', 'voice')", name=op.f('ck_diary_media_kind')),
    sa.ForeignKeyConstraint(['client_id'], ['client_profile.person_id'], name=op.f('fk_diary_media_client_id_client_profile'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['entry_id'], ['diary_entry.id'], name=op.f('fk_diary_media_entry_id_diary_entry'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_diary_media')),
    sa.UniqueConstraint('key', name=op.f('uq_diary_media_key')),
    sa.UniqueConstraint('upload_key', name=op.f('uq_diary_media_upload_key'))
    )
    with op.batch_alter_table('diary_media', schema=None) as batch_op:
        batch_op.create_index('ix_diary_media_client_id', ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_diary_media_entry_id'), ['entry_id'], unique=False)


def downgrade():
    with op.batch_alter_table('diary_media', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_diary_media_entry_id'))
        batch_op.drop_index('ix_diary_media_client_id')

    op.drop_table('diary_media')
