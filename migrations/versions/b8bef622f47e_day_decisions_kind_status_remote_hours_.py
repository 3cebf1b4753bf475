"""Day decisions: kind, status, remote hours, absence reasons

A day record is now on site, remote (reported minutes, no scan) or an absence (a reason code),
and carries the coach's decision: open, confirmed or not counted, with who, when and why.
Existing rows are on-site days still open.

Revision ID: b8bef622f47e
Revises: 27cd21ad23bb
Create Date: 2026-11-23 03:01:10.090799

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b8bef622f47e'
down_revision = '27cd21ad23bb'
branch_labels = None
depends_on = None

METHODS = "('phone', 'badge', 'pin', 'coach')"
IN_METHOD = f"check_in_method IN {METHODS}"
CHECKS = {
    "kind": "kind IN ('onsite', 'remote', 'absent')",
    "status": "status IN ('open', 'confirmed', 'not_counted')",
    "times": "(kind = 'onsite' AND check_in_at IS NOT NULL AND check_in_method IS NOT NULL)"
             " OR (kind <> 'onsite' AND check_in_at IS NULL AND check_in_method IS NULL"
             " AND check_out_at IS NULL AND check_out_method IS NULL)",
    "reported": "(kind = 'remote' AND reported_minutes BETWEEN 1 AND 720)"
                " OR (kind <> 'remote' AND reported_minutes IS NULL)",
    "absence": "(kind = 'absent' AND absence_reason IN ('own_illness', 'child_illness', 'job_interview',"
               " 'office_of_trust', 'other', 'not_held')) OR (kind <> 'absent' AND absence_reason IS NULL)",
    "decided": "(status = 'open' AND decided_at IS NULL AND decided_by_id IS NULL)"
               " OR (status <> 'open' AND decided_at IS NOT NULL)",
    "in_method": f"check_in_method IS NULL OR check_in_method IN {METHODS}",
}


def upgrade():
    with op.batch_alter_table('activity_day', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=8), server_default='onsite', nullable=False))
        batch_op.add_column(sa.Column('reported_minutes', sa.SmallInteger(), nullable=True))
        batch_op.add_column(sa.Column('absence_reason', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('note', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('status', sa.String(length=12), server_default='open', nullable=False))
        batch_op.add_column(sa.Column('decided_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('decided_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('decision_reason', sa.Text(), nullable=True))
        batch_op.alter_column('check_in_at',
               existing_type=sa.DateTime(),
               nullable=True)
        batch_op.alter_column('check_in_method',
               existing_type=sa.VARCHAR(length=8),
               nullable=True)
        batch_op.create_foreign_key(batch_op.f('fk_activity_day_decided_by_id_person'), 'person', ['decided_by_id'], ['id'])
        batch_op.drop_constraint(batch_op.f('ck_activity_day_in_method'), type_='check')
        for name, condition in CHECKS.items():
            batch_op.create_check_constraint(batch_op.f(f'ck_activity_day_{name}'), condition)


def downgrade():
    op.execute("DELETE FROM activity_day WHERE kind <> 'onsite'")  # remote days and absences have no times
    with op.batch_alter_table('activity_day', schema=None) as batch_op:
        for name in CHECKS:
            batch_op.drop_constraint(batch_op.f(f'ck_activity_day_{name}'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_activity_day_in_method'), IN_METHOD)
        batch_op.drop_constraint(batch_op.f('fk_activity_day_decided_by_id_person'), type_='foreignkey')
        batch_op.alter_column('check_in_method',
               existing_type=sa.VARCHAR(length=8),
               nullable=False)
        batch_op.alter_column('check_in_at',
               existing_type=sa.DateTime(),
               nullable=False)
        batch_op.drop_column('decision_reason')
        batch_op.drop_column('decided_by_id')
        batch_op.drop_column('decided_at')
        batch_op.drop_column('status')
        batch_op.drop_column('note')
        batch_op.drop_column('absence_reason')
        batch_op.drop_column('reported_minutes')
        batch_op.drop_column('kind')
