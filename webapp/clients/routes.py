from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from webapp.accounts.access import manager_required, staff_required
from webapp.audit import access
from webapp.accounts.models import Person, Role
from webapp.clients import bp, csv_import, hetu, history, parts, service
from webapp.clients.access import get_client_for, visible_clients
from webapp.clients.forms import ClientForm, ImportConfirmForm, ImportUploadForm
from webapp.clients.models import ClientProfile
from webapp.clients.search import current_period, is_expected_on, search_clients, with_list_details
from webapp.extensions import db
from webapp.lib import clock
from webapp.lib.htmx import render_page_or_fragment
from webapp.lib.urls import day_arg
from webapp.units.access import visible_units


LIST_LIMIT = 200  # a search list longer than this helps nobody; the search narrows it


@bp.get("/clients")
@staff_required
def index():
    q = request.args.get("q", "").strip()[:100]
    units = visible_units(current_user)
    unit_id = request.args.get("unit", type=int)
    if unit_id not in {u.id for u in units}:
        unit_id = None
    active_only = request.args.get("active") == "1"
    today = clock.today()
    clients = search_clients(current_user, text=q, unit_id=unit_id,
                             active_on=today if active_only else None, limit=LIST_LIMIT)
    return render_page_or_fragment(
        "clients/index.html", "clients/_rows.html",
        clients=clients, q=q, units=units, unit_id=unit_id, active_only=active_only,
        today=today, current_period=current_period, limit=LIST_LIMIT)


@bp.get("/clients/mine")
@staff_required
def mine():
    today = clock.today()
    query = with_list_details(visible_clients(current_user).join(ClientProfile.person))
    clients = list(db.session.scalars(query.order_by(Person.last_name, Person.first_name)).unique())
    own = [c for c in clients if c.own_coach_id == current_user.id]
    if current_user.role == Role.ADMIN:
        others = [] if own else clients
    else:
        others = [c for c in clients if c.own_coach_id != current_user.id]
    expected = {c.person_id for c in clients if is_expected_on(c, today)}
    return render_template("clients/mine.html", own=own, others=others, expected=expected,
                           today=today, current_period=current_period, limit=LIST_LIMIT)


@bp.route("/clients/new", methods=["GET", "POST"])
@manager_required
def new():
    form = ClientForm()
    service.prepare_form(form)
    if request.method == "GET":
        form.payer_from.data = clock.today()
    if form.validate_on_submit() and service.check_form(form):
        profile = service.save(form)
        db.session.commit()
        flash(_("Asiakas %(name)s on lisätty.", name=profile.display_name), "success")
        return redirect(url_for("clients.detail", client_id=profile.person_id))
    status = 400 if form.is_submitted() else 200
    return render_template("clients/form.html", form=form, profile=None, hetu_in_use=hetu.in_use()), status


@bp.route("/clients/<int:client_id>/edit", methods=["GET", "POST"])
@manager_required
def edit(client_id: int):
    profile = db.get_or_404(ClientProfile, client_id)
    form = ClientForm()
    service.prepare_form(form, profile)
    if request.method == "GET":
        service.fill_form(form, profile, clock.today())
        # ?payer_from=: the day a payer should start from (the money's "days without a payer" link)
        form.payer_from.data = day_arg(request.args.get("payer_from")) or form.payer_from.data
        access.log_read(current_user, profile.person_id, "profile")
    if form.validate_on_submit() and service.check_form(form, profile):
        service.save(form, profile)
        db.session.commit()
        flash(_("Asiakkaan tiedot on tallennettu."), "success")
        return redirect(url_for("clients.detail", client_id=profile.person_id))
    status = 400 if form.is_submitted() else 200
    return render_template("clients/form.html", form=form, profile=profile, hetu_in_use=hetu.in_use(),
                           hetu_masked=hetu.masked(profile)), status


NO_STORE = {"Cache-Control": "no-store"}


@bp.get("/clients/<int:client_id>/hetu")
@manager_required
def show_hetu(client_id: int):
    """The whole henkilötunnus, on request (the page shows it masked); the view is logged."""
    client = get_client_for(current_user, client_id)
    code = hetu.reveal(current_user, client)
    if code is None:
        abort(404)
    if request.htmx:
        return render_template("clients/_hetu.html", code=code.code), NO_STORE
    return render_template("clients/hetu.html", client=client, code=code.code), NO_STORE


@bp.get("/clients/<int:client_id>")
@staff_required
def detail(client_id: int):
    client = get_client_for(current_user, client_id)
    today = clock.today()
    events = history.client_events(client) if current_user.role == Role.ADMIN else []
    access.log_read(current_user, client.person_id, "client_page")
    return render_template("clients/detail.html", client=client, events=events, names=history.names_for(events),
                           today=today, hetu_masked=hetu.masked(client),
                           current=current_period(client, today),
                           parts=parts.build_all(current_user, client, today)), {"Cache-Control": "no-store"}


# --- CSV import ---------------------------------------------------------------------------

def _import_page(status=200, *, upload=None, confirm=None, rows=None, problem=None, content=""):
    return render_template(
        "clients/import.html", upload=upload or ImportUploadForm(formdata=None),
        confirm=confirm, rows=rows, problem=problem, columns=csv_import.COLUMNS,
        bad_rows=[r for r in rows or [] if r.problems], diets=csv_import.accepted_diets(),
        default_start=csv_import.default_payer_start(clock.today()),
    ), status


@bp.route("/clients/import", methods=["GET", "POST"])
@manager_required
def import_csv():
    if request.method == "GET":
        return _import_page()
    if "content" in request.form:
        return _confirm_import()
    upload = ImportUploadForm()
    if not upload.validate_on_submit():
        return _import_page(400, upload=upload)
    try:
        text = csv_import.decode(upload.file.data.read())
        rows = csv_import.check_rows(csv_import.read_rows(text), clock.today())
    except csv_import.FileProblem as problem:
        return _import_page(400, upload=upload, problem=problem.message)
    if any(row.problems for row in rows):
        return _import_page(400, upload=upload, rows=rows)
    confirm = ImportConfirmForm(formdata=None, content=text)
    return _import_page(upload=upload, rows=rows, confirm=confirm)


def _confirm_import():
    confirm = ImportConfirmForm()
    if not confirm.validate_on_submit():
        return _import_page(400, problem=_("Tiedosto puuttuu. Valitse tiedosto uudelleen."))
    try:
        rows = csv_import.check_rows(csv_import.read_rows(confirm.content.data), clock.today())
    except csv_import.FileProblem as problem:
        return _import_page(400, problem=problem.message)
    if any(row.problems for row in rows):
        return _import_page(400, rows=rows)
    try:
        csv_import.import_rows(rows)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return _import_page(400, problem=_(
            "Joku muutti asiakkaita samaan aikaan, eikä mitään tuotu. Tarkista tiedosto ja yritä uudelleen."))
    flash(ngettext("%(num)d asiakas on tuotu.", "%(num)d asiakasta on tuotu.", len(rows)), "success")
    return redirect(url_for("clients.index"))


@bp.get("/clients/import/template.csv")
@manager_required
def import_template():
    return Response(csv_import.template_csv(clock.today()), mimetype="text/csv", headers={
        "Content-Disposition": "attachment; filename=asiakkaat-malli.csv"})

