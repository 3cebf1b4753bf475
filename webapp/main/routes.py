import logging

from flask import abort, redirect, render_template, session, url_for
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from webapp.accounts.models import Role
from webapp.diary import entries, overview
from webapp.extensions import db
from webapp.goals import documents
from webapp.lib import clock
from webapp.lib.redirects import safe_next
from webapp.main import bp
from webapp.main.errors import RETRY_AFTER_SECONDS, database_unavailable
from webapp.main.forms import LanguageForm
from webapp.money import compensation
from webapp.wellbeing import rules as wellbeing

log = logging.getLogger(__name__)


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
    """For the load balancer (Fly.io's health check): 200 when the app and its database answer.
    Otherwise 503 with a short plain reason (never an address or a password), so that the proxy
    sends users to a machine that works; once the database is back, the next check gets a fresh
    connection from the pool (pool_pre_ping) and answers 200 again, without a restart."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        problem = "database unreachable" if database_unavailable(error) else "database error"
        log.warning("/healthz: %s: %s", problem, str(getattr(error, "orig", None) or error).splitlines()[0])
        try:
            db.session.rollback()
        except SQLAlchemyError:
            pass  # the connection is gone; the pool replaces it
        return problem + "\n", 503, {"Content-Type": "text/plain; charset=utf-8",
                                     "Retry-After": str(RETRY_AFTER_SECONDS)}
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
