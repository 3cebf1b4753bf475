"""reference data: service types and special diets every provider starts with

They are data, not code: managers edit them, and the 2025–2026 reform will change them.

Revision ID: b7c1d2e3f4a5
Revises: a42e2676fce7
"""
from alembic import op
import sqlalchemy as sa

revision = "b7c1d2e3f4a5"
down_revision = "a42e2676fce7"
branch_labels = None
depends_on = None

SERVICE_TYPES = [
    ("work", "Työelämälähtöinen kuntouttava työtoiminta", "Arbetslivsinriktad arbetsverksamhet i rehabiliteringssyfte",
     "Work-oriented rehabilitative work activity"),
    ("participation", "Osallisuutta vahvistava kuntouttava työtoiminta", "Arbetsverksamhet i rehabiliteringssyfte som stärker delaktighet",
     "Participation-strengthening rehabilitative work activity"),
    ("social_rehabilitation", "Sosiaalinen kuntoutus", "Social rehabilitering", "Social rehabilitation"),
]

DIETS = [
    ("gluten_free", "Gluteeniton", "Glutenfri", "Gluten-free"),
    ("lactose_free", "Laktoositon", "Laktosfri", "Lactose-free"),
    ("milk_free", "Maidoton", "Mjölkfri", "Milk-free"),
    ("vegetarian", "Kasvis", "Vegetarisk", "Vegetarian"),
    ("vegan", "Vegaani", "Vegansk", "Vegan"),
    ("no_pork", "Ei sianlihaa", "Inget fläskkött", "No pork"),
    ("nut_allergy", "Pähkinäallergia", "Nötallergi", "Nut allergy"),
    ("fish_allergy", "Kala-allergia", "Fiskallergi", "Fish allergy"),
]


def upgrade():
    service_type = sa.table("service_type", sa.column("code"), sa.column("name_fi"), sa.column("name_sv"),
                            sa.column("name_en"), sa.column("active"))
    op.bulk_insert(service_type, [dict(code=c, name_fi=fi, name_sv=sv, name_en=en, active=True)
                                  for c, fi, sv, en in SERVICE_TYPES])
    diet = sa.table("diet", sa.column("code"), sa.column("name_fi"), sa.column("name_sv"), sa.column("name_en"))
    op.bulk_insert(diet, [dict(code=c, name_fi=fi, name_sv=sv, name_en=en) for c, fi, sv, en in DIETS])


def downgrade():
    op.execute(sa.text("DELETE FROM diet WHERE code IN :codes").bindparams(
        sa.bindparam("codes", [c for c, *_ in DIETS], expanding=True)))
    op.execute(sa.text("DELETE FROM service_type WHERE code IN :codes").bindparams(
        sa.bindparam("codes", [c for c, *_ in SERVICE_TYPES], expanding=True)))
