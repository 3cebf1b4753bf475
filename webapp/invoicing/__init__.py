"""The provider's invoicing: day prices per orderer and service type (effective-dated data) and
the month's invoice basis, confirmed days × the day price of each day (money/invoice_basis.py, which the month close freezes)."""
from flask import Blueprint

bp = Blueprint("invoicing", __name__)

from webapp.invoicing import routes  # noqa: E402,F401
