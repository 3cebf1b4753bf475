"""Diary reminders by Web Push: the client's devices (push subscriptions), her choices (a
reminder time on her expected days, a notice when the coach answers), and what was sent once

Revision ID: 770630dde56c
Revises: e4b7d2c19a05
Create Date: 2026-12-06 08:59:22.038421

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '770630dde56c'
down_revision = 'e4b7d2c19a05'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('diary_reminder',
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('remind', sa.Boolean(), nullable=False),
    sa.Column('remind_at', sa.Time(), nullable=False),
    sa.Column('on_reply', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['client_profile.person_id'], name=op.f('fk_diary_reminder_client_id_client_profile'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('client_id', name=op.f('pk_diary_reminder'))
    )
    op.create_table('push_subscription',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('endpoint', sa.String(length=1000), nullable=False),
    sa.Column('p256dh', sa.String(length=100), nullable=False),
    sa.Column('auth', sa.String(length=50), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_success_at', sa.DateTime(), nullable=True),
    sa.Column('failures', sa.SmallInteger(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['client_profile.person_id'], name=op.f('fk_push_subscription_client_id_client_profile'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_push_subscription')),
    sa.UniqueConstraint('endpoint', name=op.f('uq_push_subscription_endpoint'))
    )
    with op.batch_alter_table('push_subscription', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_push_subscription_client_id'), ['client_id'], unique=False)

    op.create_table('push_notice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('reply_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('delivered', sa.SmallInteger(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['client_profile.person_id'], name=op.f('fk_push_notice_client_id_client_profile'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reply_id'], ['diary_reply.id'], name=op.f('fk_push_notice_reply_id_diary_reply'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_push_notice')),
    sa.UniqueConstraint('key', name=op.f('uq_push_notice_key'))
    )
    with op.batch_alter_table('push_notice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_push_notice_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_push_notice_reply_id'), ['reply_id'], unique=False)



def downgrade():
    with op.batch_alter_table('push_notice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_push_notice_reply_id'))
        batch_op.drop_index(batch_op.f('ix_push_notice_client_id'))

    op.drop_table('push_notice')
    with op.batch_alter_table('push_subscription', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_push_subscription_client_id'))

    op.drop_table('push_subscription')
    op.drop_table('diary_reminder')
