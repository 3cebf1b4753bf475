"""A period's goals (GAS), their versions, evaluations and each evaluation's scores

A goal's wording lives in goal_version: a revision adds a row and never changes an old one, and
goal_score points at the version it scored. An evaluation removed by mistake keeps its row.

Revision ID: d8c8534669cc
Revises: 75628be7d1e2
Create Date: 2026-12-06 03:22:27.674885

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd8c8534669cc'
down_revision = '75628be7d1e2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('evaluation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('removed_at', sa.DateTime(), nullable=True),
    sa.Column('removed_by_id', sa.Integer(), nullable=True),
    sa.Column('removed_reason', sa.Text(), nullable=True),
    sa.CheckConstraint("kind IN ('interim', 'final')", name=op.f('ck_evaluation_kind')),
    sa.ForeignKeyConstraint(['created_by_id'], ['person.id'], name=op.f('fk_evaluation_created_by_id_person')),
    sa.ForeignKeyConstraint(['period_id'], ['service_period.id'], name=op.f('fk_evaluation_period_id_service_period'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['removed_by_id'], ['person.id'], name=op.f('fk_evaluation_removed_by_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation'))
    )
    with op.batch_alter_table('evaluation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluation_period_id'), ['period_id'], unique=False)

    op.create_table('goal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.Column('ended_by_id', sa.Integer(), nullable=True),
    sa.Column('ended_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['person.id'], name=op.f('fk_goal_created_by_id_person')),
    sa.ForeignKeyConstraint(['ended_by_id'], ['person.id'], name=op.f('fk_goal_ended_by_id_person')),
    sa.ForeignKeyConstraint(['period_id'], ['service_period.id'], name=op.f('fk_goal_period_id_service_period'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_goal'))
    )
    with op.batch_alter_table('goal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_goal_period_id'), ['period_id'], unique=False)

    op.create_table('goal_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.SmallInteger(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('weight', sa.SmallInteger(), nullable=False),
    sa.Column('starting_level', sa.SmallInteger(), nullable=False),
    sa.Column('level_minus_2', sa.Text(), nullable=False),
    sa.Column('level_minus_1', sa.Text(), nullable=False),
    sa.Column('level_0', sa.Text(), nullable=False),
    sa.Column('level_plus_1', sa.Text(), nullable=False),
    sa.Column('level_plus_2', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('after_evaluation_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('starting_level IN (-2, -1)', name=op.f('ck_goal_version_starting_level')),
    sa.CheckConstraint('weight BETWEEN 1 AND 5', name=op.f('ck_goal_version_weight')),
    sa.ForeignKeyConstraint(['after_evaluation_id'], ['evaluation.id'], name=op.f('fk_goal_version_after_evaluation_id_evaluation')),
    sa.ForeignKeyConstraint(['created_by_id'], ['person.id'], name=op.f('fk_goal_version_created_by_id_person')),
    sa.ForeignKeyConstraint(['goal_id'], ['goal.id'], name=op.f('fk_goal_version_goal_id_goal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_goal_version')),
    sa.UniqueConstraint('goal_id', 'number', name='uq_goal_version_number')
    )
    with op.batch_alter_table('goal_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_goal_version_goal_id'), ['goal_id'], unique=False)

    op.create_table('goal_score',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('goal_version_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.SmallInteger(), nullable=False),
    sa.CheckConstraint('level BETWEEN -2 AND 2', name=op.f('ck_goal_score_level')),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluation.id'], name=op.f('fk_goal_score_evaluation_id_evaluation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['goal_version_id'], ['goal_version.id'], name=op.f('fk_goal_score_goal_version_id_goal_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_goal_score')),
    sa.UniqueConstraint('evaluation_id', 'goal_version_id', name='uq_goal_score')
    )
    with op.batch_alter_table('goal_score', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_goal_score_evaluation_id'), ['evaluation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_goal_score_goal_version_id'), ['goal_version_id'], unique=False)



def downgrade():
    with op.batch_alter_table('goal_score', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_goal_score_goal_version_id'))
        batch_op.drop_index(batch_op.f('ix_goal_score_evaluation_id'))

    op.drop_table('goal_score')
    with op.batch_alter_table('goal_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_goal_version_goal_id'))

    op.drop_table('goal_version')
    with op.batch_alter_table('goal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_goal_period_id'))

    op.drop_table('goal')
    with op.batch_alter_table('evaluation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluation_period_id'))

    op.drop_table('evaluation')
