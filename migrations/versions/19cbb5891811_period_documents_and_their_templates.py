"""Period documents (implementation plan, interim and final evaluation) and their templates

A template is data: the sections a document of one kind asks, for one service type or (NULL)
all of them. Seeded with seed 001's required contents, in Finnish, Swedish and English.

Revision ID: 19cbb5891811
Revises: 0c1682b4bb38
Create Date: 2026-12-06 03:43:00.777938

"""
from datetime import datetime

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '19cbb5891811'
down_revision = '0c1682b4bb38'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('document_template',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('service_type_id', sa.Integer(), nullable=True),
    sa.Column('sections', sa.JSON(), nullable=False),
    sa.Column('asks_next_evaluation', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('plan', 'interim', 'final')", name=op.f('ck_document_template_kind')),
    sa.ForeignKeyConstraint(['service_type_id'], ['service_type.id'], name=op.f('fk_document_template_service_type_id_service_type')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_template'))
    )
    op.create_table('period_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('series', sa.SmallInteger(), nullable=False),
    sa.Column('version', sa.SmallInteger(), nullable=False),
    sa.Column('template_id', sa.Integer(), nullable=False),
    sa.Column('contents', sa.JSON(), nullable=False),
    sa.Column('next_evaluation_on', sa.Date(), nullable=True),
    sa.Column('change_reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.Column('signed_at', sa.DateTime(), nullable=True),
    sa.Column('signed_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('plan', 'interim', 'final')", name=op.f('ck_period_document_kind')),
    sa.ForeignKeyConstraint(['created_by_id'], ['person.id'], name=op.f('fk_period_document_created_by_id_person')),
    sa.ForeignKeyConstraint(['period_id'], ['service_period.id'], name=op.f('fk_period_document_period_id_service_period'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['signed_by_id'], ['person.id'], name=op.f('fk_period_document_signed_by_id_person')),
    sa.ForeignKeyConstraint(['template_id'], ['document_template.id'], name=op.f('fk_period_document_template_id_document_template')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_period_document')),
    sa.UniqueConstraint('period_id', 'kind', 'series', 'version', name='uq_period_document_version')
    )
    with op.batch_alter_table('period_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_period_document_period_id'), ['period_id'], unique=False)

    _seed_templates()


def _section(key, fi, sv, en, required=False):
    return {"key": key, "title": {"fi": fi, "sv": sv, "en": en}, "required": required}


TEMPLATES = [
    ("plan", True, [
        _section("measures", "Konkreettiset toimenpiteet ja työmuodot, joilla tavoitteisiin vastataan",
                 "Konkreta åtgärder och arbetsformer som svarar mot målen",
                 "Concrete measures and ways of working that answer the goals", True),
        _section("participation", "Asiakkaan osallisuus ja asema sekä osallisuuden tukemisen keinot",
                 "Klientens delaktighet och ställning samt hur delaktigheten stöds",
                 "The client's participation and position, and how it is supported", True),
        _section("intensity", "Palvelun tiiviys ja ajankäyttö", "Tjänstens intensitet och tidsanvändning",
                 "Intensity of the service and use of time", True),
        _section("team", "Työpari- ja taustatiimin työ ja rooli", "Arbetsparets och bakgrundsteamets arbete och roll",
                 "The work and role of the co-worker and the background team"),
        _section("partners", "Työ muiden yhteistyötahojen kanssa", "Arbetet med andra samarbetsparter",
                 "Work with other partners"),
    ]),
    ("interim", True, [
        _section("purpose", "Palvelun tarkoitus ja tavoitteet", "Tjänstens syfte och mål", "Purpose and goals of the service"),
        _section("methods", "Palvelun toteutuksen kuvaus ja menetelmät", "Beskrivning av genomförandet och metoderna",
                 "How the service was carried out, and its methods"),
        _section("self_determination", "Itsemääräämisoikeuden tukeminen ja sen menetelmät",
                 "Stöd för självbestämmandet och metoderna för det", "Support for self-determination, and its methods"),
        _section("partners", "Yhteistyötahot ja yhteistyön tekeminen", "Samarbetsparter och samarbetet",
                 "Partners and cooperation"),
        _section("evaluation_methods", "Tavoitteiden saavuttamisen arvioinnin menetelmät ja toteutustapa",
                 "Metoder för att utvärdera måluppfyllelsen och hur det görs",
                 "How reaching the goals is evaluated"),
        _section("provider_view", "Palveluntuottajan arvio tilanteesta suhteessa tavoitteisiin",
                 "Tjänsteproducentens bedömning av läget i förhållande till målen",
                 "The provider's view of progress towards the goals", True),
        _section("client_view", "Asiakkaan oma arvio tilanteesta suhteessa tavoitteisiin",
                 "Klientens egen bedömning av läget i förhållande till målen",
                 "The client's own view of progress towards the goals", True),
        _section("changes", "Muutostarpeet, jos tavoitteet eivät ole toteutuneet",
                 "Behov av ändringar om målen inte har uppnåtts", "Changes needed if the goals were not reached"),
        _section("continuation", "Palveluntuottajan ja asiakkaan näkemys jatkosuunnitelmasta",
                 "Tjänsteproducentens och klientens syn på den fortsatta planen",
                 "The provider's and the client's view of the plan for continuing", True),
    ]),
    ("final", False, [
        _section("situation", "Asiakkaan tilanne palvelun päättyessä", "Klientens situation när tjänsten slutar",
                 "The client's situation at the end of the service", True),
        _section("realisation", "Palvelun toteutuminen ja tavoitteiden saavuttaminen",
                 "Hur tjänsten genomfördes och målen uppnåddes", "How the service and the goals were realised", True),
        _section("client_view", "Asiakkaan oma näkemys", "Klientens egen syn", "The client's own view"),
    ]),
]


def _seed_templates():
    table = sa.table("document_template", sa.column("kind", sa.String), sa.column("service_type_id", sa.Integer),
                     sa.column("sections", sa.JSON), sa.column("asks_next_evaluation", sa.Boolean),
                     sa.column("created_at", sa.DateTime))
    op.bulk_insert(table, [dict(kind=kind, service_type_id=None, sections=sections, asks_next_evaluation=asks,
                                created_at=datetime(2026, 12, 6, 12, 0)) for kind, asks, sections in TEMPLATES])


def downgrade():
    with op.batch_alter_table('period_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_period_document_period_id'))

    op.drop_table('period_document')
    op.drop_table('document_template')
