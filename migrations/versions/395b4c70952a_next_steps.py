"""Next steps (jatkopolku) as data, and the final evaluation's next step

Seeded with the steps DOMAIN.md names; "continues" and "other services" are honest outcomes too.

Revision ID: 395b4c70952a
Revises: fdb0b79137ae
Create Date: 2026-12-06 04:04:07.264030

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '395b4c70952a'
down_revision = 'fdb0b79137ae'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('next_step',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name_fi', sa.String(length=120), nullable=False),
    sa.Column('name_sv', sa.String(length=120), nullable=False),
    sa.Column('name_en', sa.String(length=120), nullable=False),
    sa.Column('position', sa.SmallInteger(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_next_step')),
    sa.UniqueConstraint('code', name=op.f('uq_next_step_code'))
    )
    with op.batch_alter_table('period_document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_step_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_period_document_next_step_id_next_step'), 'next_step', ['next_step_id'], ['id'])
    table = sa.table("next_step", sa.column("code", sa.String), sa.column("name_fi", sa.String),
                     sa.column("name_sv", sa.String), sa.column("name_en", sa.String),
                     sa.column("position", sa.SmallInteger), sa.column("active", sa.Boolean))
    op.bulk_insert(table, [dict(code=code, name_fi=fi, name_sv=sv, name_en=en, position=n, active=True)
                           for n, (code, fi, sv, en) in enumerate(STEPS)])


STEPS = [
    ("work", "Työ", "Arbete", "Work"),
    ("education", "Koulutus", "Utbildning", "Education"),
    ("employment_services", "Työllisyyspalvelut", "Sysselsättningstjänster", "Employment services"),
    ("work_trial", "Työkokeilu", "Arbetsprövning", "Work trial"),
    ("social_rehabilitation", "Sosiaalinen kuntoutus", "Social rehabilitering", "Social rehabilitation"),
    ("health_care", "Terveyspalvelut", "Hälso- och sjukvård", "Health care"),
    ("continues", "Jatkaa kuntouttavassa työtoiminnassa", "Fortsätter i arbetsverksamhet i rehabiliteringssyfte",
     "Continues in rehabilitative work activity"),
    ("dropped_out", "Keskeytti", "Avbröt", "Dropped out"),
    ("other", "Muu", "Annat", "Other"),
]



def downgrade():
    with op.batch_alter_table('period_document', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_period_document_next_step_id_next_step'), type_='foreignkey')
        batch_op.drop_column('next_step_id')

    op.drop_table('next_step')
