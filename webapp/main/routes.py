from flask import abort, redirect, render_template, session, url_for
from flask_login import current_user
from sqlalchemy import text

from webapp.accounts.models import Role
from webapp.diary import entries, overview
from webapp.extensions import db
from webapp.goals import documents
from webapp.lib import clock
from webapp.lib.redirects import safe_next
from webapp.main import bp
from webapp.main.forms import LanguageForm
from webapp.money import compensation
from webapp.wellbeing import rules as wellbeing


@bp.get("/")
def home():
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login"))
    if current_user.role == Role.ADMIN:
        return redirect(url_for("clients.index"))
    if current_user.role == Role.COACH:
        return redirect(url_for("clients.mine"))
    if current_user.role == Role.KITCHEN:
        return redirect(url_for("lunch.kitchen"))
    if current_user.role == Role.CLIENT and current_user.client is not None:
        client, today = current_user.client, clock.today()
        entry = entries.entry_for(client, today)
        to_answer, to_read = documents.for_client(client)
        return render_template("main/home.html", today_date=today,
                               diary_entry=None if entry is None or entry.is_empty else entry,
                               replies=entries.unread_replies(client),
                               month_days=overview.month_days(client, today),
                               month_money=compensation.client_month(client.person_id, today),
                               next_days=overview.next_planned_days(client, today),
                               wellbeing_due=wellbeing.due_for(client, today),
                               plans_waiting=bool(to_answer or documents.unread(to_read)))
    return render_template("main/home.html")


@bp.get("/healthz")
def healthz():
    """For the load balancer: the app answers and the database too."""
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}


@bp.post("/language")
def language():
    form = LanguageForm()
    if not form.validate_on_submit():
        abort(400)
    session["lang"] = form.language.data
    if current_user.is_authenticated:
        current_user.language = form.language.data
        db.session.commit()
    return redirect(safe_next(form.next.data, url_for("main.home")))


@bp.get("/accessibility")
def accessibility():
    return render_template("main/accessibility.html")
