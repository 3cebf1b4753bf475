from flask import render_template

from webapp.accounts.access import manager_required
from webapp.units import bp


@bp.get("/units")
@manager_required
def index():
    return render_template("errors/error.html", code=200, title="Units", text="")


@bp.get("/staff")
@manager_required
def staff():
    return render_template("errors/error.html", code=200, title="Staff", text="")
