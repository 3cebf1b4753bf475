"""Wellbeing instruments as data, their wording per language, the clients' answers; WHO-5 seeded

WHO-5 ships with its English original (official) and Finnish and Swedish working translations,
marked unofficial until a manager replaces them with the official text (/settings/instruments).

Revision ID: 0c1682b4bb38
Revises: d8c8534669cc
Create Date: 2026-12-06 03:33:20.004694

"""
from datetime import datetime

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0c1682b4bb38'
down_revision = 'd8c8534669cc'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('instrument',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('items', sa.SmallInteger(), nullable=False),
    sa.Column('answer_max', sa.SmallInteger(), nullable=False),
    sa.Column('multiplier', sa.SmallInteger(), nullable=False),
    sa.Column('score_max', sa.SmallInteger(), nullable=False),
    sa.Column('talk_below', sa.SmallInteger(), nullable=True),
    sa.Column('licence', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_instrument')),
    sa.UniqueConstraint('code', name=op.f('uq_instrument_code'))
    )
    op.create_table('instrument_wording',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('instrument_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('official', sa.Boolean(), nullable=False),
    sa.Column('intro', sa.Text(), nullable=False),
    sa.Column('statements', sa.JSON(), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('replaced_at', sa.DateTime(), nullable=True),
    sa.Column('replaced_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['person.id'], name=op.f('fk_instrument_wording_created_by_id_person')),
    sa.ForeignKeyConstraint(['instrument_id'], ['instrument.id'], name=op.f('fk_instrument_wording_instrument_id_instrument'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['replaced_by_id'], ['person.id'], name=op.f('fk_instrument_wording_replaced_by_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_instrument_wording'))
    )
    with op.batch_alter_table('instrument_wording', schema=None) as batch_op:
        batch_op.create_index('ix_instrument_wording_current', ['instrument_id', 'language'], unique=False)

    op.create_table('self_assessment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=True),
    sa.Column('instrument_id', sa.Integer(), nullable=False),
    sa.Column('wording_id', sa.Integer(), nullable=False),
    sa.Column('occasion', sa.String(length=16), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('raw', sa.SmallInteger(), nullable=False),
    sa.Column('score', sa.SmallInteger(), nullable=False),
    sa.Column('answered_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['client_profile.person_id'], name=op.f('fk_self_assessment_client_id_client_profile'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['instrument_id'], ['instrument.id'], name=op.f('fk_self_assessment_instrument_id_instrument')),
    sa.ForeignKeyConstraint(['period_id'], ['service_period.id'], name=op.f('fk_self_assessment_period_id_service_period'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['wording_id'], ['instrument_wording.id'], name=op.f('fk_self_assessment_wording_id_instrument_wording')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_self_assessment'))
    )
    with op.batch_alter_table('self_assessment', schema=None) as batch_op:
        batch_op.create_index('ix_self_assessment_client', ['client_id', 'answered_at'], unique=False)

    _seed_who5()


WHO5_LICENCE = ("WHO-5 Well-Being Index, © Psychiatric Centre North Zealand (Mental Health Centre North "
                "Zealand), Denmark. Free to use without permission. Five statements about the last two weeks, "
                "each 0–5; the raw sum × 4 gives 0–100. Under 50: a reason to talk, never a diagnosis.")
WORDINGS = [
    ("en", True, "Over the last two weeks", [
        "I have felt cheerful and in good spirits",
        "I have felt calm and relaxed",
        "I have felt active and vigorous",
        "I woke up feeling fresh and rested",
        "My daily life has been filled with things that interest me",
    ], ["At no time", "Some of the time", "Less than half of the time", "More than half of the time",
        "Most of the time", "All of the time"], "The English original (Psychiatric Centre North Zealand)."),
    ("fi", False, "Kahden viime viikon aikana", [
        "Olen ollut iloinen ja hyvällä tuulella",
        "Olen ollut rauhallinen ja rentoutunut",
        "Olen ollut aktiivinen ja tarmokas",
        "Olen herännyt virkeänä ja levänneenä",
        "Päiväni ovat olleet täynnä asioita, jotka kiinnostavat minua",
    ], ["En lainkaan", "Joskus", "Alle puolet ajasta", "Yli puolet ajasta", "Suurimman osan ajasta",
        "Koko ajan"], "Läsnän työversio englanninkielisestä alkuperäisestä. Ei virallinen käännös."),
    ("sv", False, "Under de senaste två veckorna", [
        "Jag har känt mig glad och på gott humör",
        "Jag har känt mig lugn och avslappnad",
        "Jag har känt mig aktiv och energisk",
        "Jag har vaknat pigg och utvilad",
        "Min vardag har varit fylld av saker som intresserar mig",
    ], ["Inte alls", "Ibland", "Mindre än halva tiden", "Mer än halva tiden", "Största delen av tiden",
        "Hela tiden"], "Läsnäs arbetsversion av det engelska originalet. Inte en officiell översättning."),
]


def _seed_who5():
    instrument = sa.table("instrument", sa.column("id", sa.Integer), sa.column("code", sa.String),
                          sa.column("name", sa.String), sa.column("items", sa.SmallInteger),
                          sa.column("answer_max", sa.SmallInteger), sa.column("multiplier", sa.SmallInteger),
                          sa.column("score_max", sa.SmallInteger), sa.column("talk_below", sa.SmallInteger),
                          sa.column("licence", sa.Text), sa.column("active", sa.Boolean))
    op.bulk_insert(instrument, [dict(code="who5", name="WHO-5", items=5, answer_max=5, multiplier=4, score_max=100,
                                     talk_below=50, licence=WHO5_LICENCE, active=True)])
    instrument_id = op.get_bind().execute(sa.text("SELECT id FROM instrument WHERE code = 'who5'")).scalar_one()
    wording = sa.table("instrument_wording", sa.column("instrument_id", sa.Integer), sa.column("language", sa.String),
                       sa.column("official", sa.Boolean), sa.column("intro", sa.Text), sa.column("statements", sa.JSON),
                       sa.column("answers", sa.JSON), sa.column("source", sa.Text),
                       sa.column("created_at", sa.DateTime))
    op.bulk_insert(wording, [dict(instrument_id=instrument_id, language=language, official=official, intro=intro,
                                  statements=statements, answers=answers, source=source,
                                  created_at=datetime(2026, 12, 6, 12, 0))
                             for language, official, intro, statements, answers, source in WORDINGS])


def downgrade():
    with op.batch_alter_table('self_assessment', schema=None) as batch_op:
        batch_op.drop_index('ix_self_assessment_client')

    op.drop_table('self_assessment')
    with op.batch_alter_table('instrument_wording', schema=None) as batch_op:
        batch_op.drop_index('ix_instrument_wording_current')

    op.drop_table('instrument_wording')
    op.drop_table('instrument')
