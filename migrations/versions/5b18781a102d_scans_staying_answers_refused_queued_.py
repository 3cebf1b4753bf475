"""Scans: staying answers, and refused scans from an offline tablet's queue for the coach

- stayed_at: "No, I'm staying" to a scan's "Leaving now?" is kept; the 2-minute duplicate
  window is measured from it (and from check-ins and check-outs), never from a duplicate.
- from_queue: the scan was sent by an offline tablet's queue. A refused one (a wrong PIN typed
  offline, say) is shown on the unit's day board with shown_name, the name the tablet showed,
  until a coach has handled it (handled_at, handled_by_id; an audit event too).
- ix_scan_unit_scanned: the board finds a unit's scans of one day by the time they happened.

Existing refused scans that arrived more than a minute after they happened (what Scan.queued
has always called queued) are marked as from the queue, so the ones lost before are shown too.

Revision ID: 5b18781a102d
Revises: 9bf1958f10eb
Create Date: 2026-12-05 23:14:01.274292

"""
from datetime import timedelta

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b18781a102d'
down_revision = '9bf1958f10eb'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('scan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stayed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('from_queue', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('shown_name', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('handled_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('handled_by_id', sa.Integer(), nullable=True))
        batch_op.create_index('ix_scan_unit_scanned', ['unit_id', 'scanned_at'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_scan_handled_by_id_person'), 'person', ['handled_by_id'], ['id'])

    scan = sa.table('scan', sa.column('id', sa.Integer), sa.column('outcome', sa.String),
                    sa.column('scanned_at', sa.DateTime), sa.column('received_at', sa.DateTime),
                    sa.column('from_queue', sa.Boolean))
    connection = op.get_bind()
    rows = connection.execute(sa.select(scan.c.id, scan.c.scanned_at, scan.c.received_at)
                              .where(scan.c.outcome == 'rejected')).all()
    late = [row.id for row in rows if row.received_at - row.scanned_at > timedelta(minutes=1)]
    for start in range(0, len(late), 500):
        connection.execute(sa.update(scan).where(scan.c.id.in_(late[start:start + 500])).values(from_queue=True))


def downgrade():
    with op.batch_alter_table('scan', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_scan_handled_by_id_person'), type_='foreignkey')
        batch_op.drop_index('ix_scan_unit_scanned')
        batch_op.drop_column('handled_by_id')
        batch_op.drop_column('handled_at')
        batch_op.drop_column('shown_name')
        batch_op.drop_column('from_queue')
        batch_op.drop_column('stayed_at')
