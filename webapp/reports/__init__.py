"""Reports: every report of the app (lunch, money, Kela TT3, travel, invoicing) is one table
given four ways — on screen, CSV as Finnish Excel opens it, XLSX, and a printable page that says
who produced it and when. `export.py` holds the three download and print answers and the
`?format=` parser; `templates/reports/print.html` is the printable page. Each area's view builds
its rows and answers with these.

The blueprint here has the reports that belong to no other area: Kela's absence report (TT3)
and the reports due (kela.py), and the travel compensation list (travel.py); routes.py."""
from flask import Blueprint

bp = Blueprint("reports", __name__)

from webapp.reports import reading, routes  # noqa: F401
