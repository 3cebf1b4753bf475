"""Skills made visible: qualification units and kinds of card training as data, a client's skills
shown in work tasks and her card trainings

Seeded with the units of Puhtaus- ja kiinteistöpalvelualan perustutkinto (OPH-1825-2021) that
rehabilitative work activity most often touches, marked as examples for a manager to check, and
the three card trainings seed 000 names with their usual validity (hygiene passport: no expiry;
occupational safety card: 5 years; first aid EA1: 3 years).

Revision ID: a7d3c9e1f5b2
Revises: 83cb3dc0cc37
Create Date: 2026-12-06 06:20:00.000000

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = 'a7d3c9e1f5b2'
down_revision = '83cb3dc0cc37'
branch_labels = None
depends_on = None

CLEANING = "Puhtaus- ja kiinteistöpalvelualan perustutkinto"
UNITS = [
    (CLEANING, "Asiakaslähtöisten puhtaus- ja kiinteistöpalvelujen tuottaminen"),
    (CLEANING, "Ylläpitosiivous"),
    (CLEANING, "Perussiivouspalvelut"),
    (CLEANING, "Kotisiivouspalvelujen tuottaminen"),
]
KINDS = [
    ("hygiene_passport", "Hygieniapassi", "Hygienpass", "Hygiene passport", None),
    ("occupational_safety_card", "Työturvallisuuskortti", "Arbetarskyddskort", "Occupational safety card", 60),
    ("first_aid_ea1", "Ensiapukoulutus EA1", "Första hjälpen EA1", "First aid course EA1", 36),
]


def upgrade():
    op.create_table('qualification_unit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('qualification', sa.String(length=200), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('example', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_qualification_unit'))
    )
    op.create_table('training_kind',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('valid_months', sa.SmallInteger(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('name_fi', sa.String(length=120), nullable=False),
    sa.Column('name_sv', sa.String(length=120), nullable=False),
    sa.Column('name_en', sa.String(length=120), nullable=False),
    sa.CheckConstraint('valid_months IS NULL OR valid_months BETWEEN 1 AND 240', name=op.f('ck_training_kind_valid_months')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_kind')),
    sa.UniqueConstraint('code', name=op.f('uq_training_kind_code'))
    )
    op.create_table('skill',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('task', sa.Text(), nullable=False),
    sa.Column('shown_on', sa.Date(), nullable=False),
    sa.Column('qualification_unit_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('removed_at', sa.DateTime(), nullable=True),
    sa.Column('removed_by_id', sa.Integer(), nullable=True),
    sa.Column('removed_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['client_profile.person_id'], name=op.f('fk_skill_client_id_client_profile'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['person.id'], name=op.f('fk_skill_created_by_id_person')),
    sa.ForeignKeyConstraint(['qualification_unit_id'], ['qualification_unit.id'], name=op.f('fk_skill_qualification_unit_id_qualification_unit')),
    sa.ForeignKeyConstraint(['removed_by_id'], ['person.id'], name=op.f('fk_skill_removed_by_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_skill'))
    )
    with op.batch_alter_table('skill', schema=None) as batch_op:
        batch_op.create_index('ix_skill_client_day', ['client_id', 'shown_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_skill_qualification_unit_id'), ['qualification_unit_id'], unique=False)
    op.create_table('training',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('kind_id', sa.Integer(), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('removed_at', sa.DateTime(), nullable=True),
    sa.Column('removed_by_id', sa.Integer(), nullable=True),
    sa.Column('removed_reason', sa.Text(), nullable=True),
    sa.CheckConstraint('expires_on IS NULL OR expires_on >= completed_on', name=op.f('ck_training_expiry')),
    sa.ForeignKeyConstraint(['client_id'], ['client_profile.person_id'], name=op.f('fk_training_client_id_client_profile'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['person.id'], name=op.f('fk_training_created_by_id_person')),
    sa.ForeignKeyConstraint(['kind_id'], ['training_kind.id'], name=op.f('fk_training_kind_id_training_kind')),
    sa.ForeignKeyConstraint(['removed_by_id'], ['person.id'], name=op.f('fk_training_removed_by_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training'))
    )
    with op.batch_alter_table('training', schema=None) as batch_op:
        batch_op.create_index('ix_training_client_day', ['client_id', 'completed_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_kind_id'), ['kind_id'], unique=False)

    units = sa.table("qualification_unit", sa.column("qualification", sa.String), sa.column("name", sa.String),
                     sa.column("code", sa.String), sa.column("active", sa.Boolean), sa.column("example", sa.Boolean))
    op.bulk_insert(units, [dict(qualification=q, name=n, code="", active=True, example=True) for q, n in UNITS])
    kinds = sa.table("training_kind", sa.column("code", sa.String), sa.column("name_fi", sa.String),
                     sa.column("name_sv", sa.String), sa.column("name_en", sa.String),
                     sa.column("valid_months", sa.SmallInteger), sa.column("active", sa.Boolean))
    op.bulk_insert(kinds, [dict(code=c, name_fi=fi, name_sv=sv, name_en=en, valid_months=months, active=True)
                           for c, fi, sv, en, months in KINDS])


def downgrade():
    with op.batch_alter_table('training', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_kind_id'))
        batch_op.drop_index('ix_training_client_day')
    op.drop_table('training')
    with op.batch_alter_table('skill', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_skill_qualification_unit_id'))
        batch_op.drop_index('ix_skill_client_day')
    op.drop_table('skill')
    op.drop_table('training_kind')
    op.drop_table('qualification_unit')
