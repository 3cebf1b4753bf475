"""Sign-in records, so that logging out ends a session on the server; sign-in throttling

sign_in: each browser or phone that signs in gets a record; its cookies carry the record's key,
and a cookie whose record has ended opens nothing (webapp/accounts/sessions.py).

sign_in_throttle counts failed passwords and kiosk pairing codes per account, known device and
address, and holds their waits and locks; failed_sign_in lists each failure for the manager
(webapp/accounts/throttle.py).

Cookies made before this carry only the person's login token. So that enrolled phones stay
signed in, each person gets one record for them here, keyed by the token (its SHA-256, like
every key): the first request with such a cookie moves it onto a record of its own and ends this
one, and then no other copy of the old cookie works.

Revision ID: 9bf1958f10eb
Revises: 32220c43f798
Create Date: 2026-12-05 23:16:19.597279

"""
import hashlib
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '9bf1958f10eb'
down_revision = '32220c43f798'
branch_labels = None
depends_on = None


def upgrade():
    sign_in = op.create_table('sign_in',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.Column('address', sa.String(length=45), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_sign_in_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_in')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_sign_in_key_hash'))
    )
    with op.batch_alter_table('sign_in', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_in_person_id'), ['person_id'], unique=False)

    # The sessions that exist today: one record per person, keyed by the login token.
    person = sa.table('person', sa.column('id', sa.Integer), sa.column('login_token', sa.String))
    now = datetime.now(timezone.utc).replace(tzinfo=None)  # stored as naive UTC (lib.types.UTCDateTime)
    rows = [{"person_id": person_id, "key_hash": hashlib.sha256(token.encode("utf-8")).hexdigest(), "created_at": now}
            for person_id, token in op.get_bind().execute(sa.select(person.c.id, person.c.login_token))]
    if rows:
        op.bulk_insert(sign_in, rows)

    op.create_table('sign_in_throttle',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=16), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_failure_at', sa.DateTime(), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.CheckConstraint("scope IN ('account', 'device', 'address', 'pairing')", name=op.f('ck_sign_in_throttle_scope')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_in_throttle')),
    sa.UniqueConstraint('scope', 'subject', name='uq_sign_in_throttle_scope_subject')
    )
    op.create_table('failed_sign_in',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('address', sa.String(length=45), nullable=True),
    sa.CheckConstraint("kind IN ('password', 'pairing')", name=op.f('ck_failed_sign_in_kind')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_failed_sign_in'))
    )
    with op.batch_alter_table('failed_sign_in', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_failed_sign_in_at'), ['at'], unique=False)


def downgrade():
    with op.batch_alter_table('failed_sign_in', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_failed_sign_in_at'))

    op.drop_table('failed_sign_in')
    op.drop_table('sign_in_throttle')
    with op.batch_alter_table('sign_in', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_in_person_id'))

    op.drop_table('sign_in')
