from flask import render_template

from webapp.accounts.access import manager_required, staff_required
from webapp.clients import bp


@bp.get("/clients")
@manager_required
def index():
    return render_template("errors/error.html", code=200, title="Clients", text="")


@bp.get("/clients/mine")
@staff_required
def mine():
    return render_template("errors/error.html", code=200, title="Mine", text="")
