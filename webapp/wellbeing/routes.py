"""The client answers a wellbeing questionnaire on her phone and sees her own scores; her coach
sees them on the client's page; a manager keeps each instrument's wording.

Clients only on /me/wellbeing (staff 403); managers only on /settings/instruments.
"""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp import audit
from webapp.accounts.access import manager_required, roles_required
from webapp.accounts.models import Role
from webapp.clients import parts as client_page
from webapp.clients.access import own_profile
from webapp.extensions import db
from webapp.lib import clock
from webapp.lib.errors import render_error
from webapp.wellbeing import bp, rules
from webapp.wellbeing.forms import AnswerForm, WordingForm, item_name
from webapp.wellbeing.models import Instrument, InstrumentWording, SelfAssessment

NO_STORE = {"Cache-Control": "no-store"}


def _instrument(code: str) -> Instrument:
    found = rules.instrument(code)
    if found is None:
        abort(404)
    return found


@bp.get("/me/wellbeing")
@roles_required(Role.CLIENT)
def mine():
    client, today = own_profile(), clock.today()
    who5 = _instrument(rules.WHO5)
    answers = rules.history(client, who5)
    due = rules.occasion_due(client, today, answers)
    return render_template("wellbeing/mine.html", instrument=who5, answers=list(reversed(answers)), due=due,
                           may_answer=rules.may_answer(answers, today, due), change=rules.change(answers)), NO_STORE


@bp.route("/me/wellbeing/<code>", methods=["GET", "POST"])
@roles_required(Role.CLIENT)
def answer(code: str):
    client, today = own_profile(), clock.today()
    instrument = _instrument(code)
    wording = rules.wording(instrument, current_user.language)
    if wording is None:
        abort(404)
    answers = rules.history(client, instrument)
    due = rules.occasion_due(client, today, answers)
    if not rules.may_answer(answers, today, due):
        return render_error(409, _("Olet jo vastannut kahden viikon sisällä. Kysymykset koskevat kahta viime "
                                   "viikkoa, joten voit vastata taas myöhemmin."))
    form = AnswerForm.for_wording(wording)
    if not form.validate_on_submit():
        return render_template("wellbeing/answer.html", instrument=instrument, wording=wording, form=form,
                               item_name=item_name), 400 if form.is_submitted() else 200, NO_STORE
    values = form.values(instrument.items)
    raw, score = instrument.score_of(values)
    period = rules.current_period(client, today)
    db.session.add(SelfAssessment(client_id=client.person_id, period_id=period.id if period else None,
                                  instrument_id=instrument.id, wording_id=wording.id, occasion=due or "other",
                                  answers=values, raw=raw, score=score))
    db.session.commit()
    flash(_("Kiitos! Vastauksesi on tallennettu."), "success")
    return redirect(url_for("wellbeing.mine"), 303)


def for_client_page(viewer, client, today):
    """The latest answers for the client's page, and whether to prompt the coach to talk."""
    who5 = rules.instrument(rules.WHO5)
    if who5 is None:
        return None
    answers = rules.history(client, who5)
    latest = answers[-1] if answers else None
    return dict(instrument=who5, answers=list(reversed(answers[-6:])), latest=latest,
                talk=latest is not None and who5.talk_below is not None and latest.score < who5.talk_below,
                due=rules.occasion_due(client, today, answers))


client_page.add("wellbeing/_client_part.html", for_client_page)


@bp.get("/settings/instruments")
@manager_required
def instruments():
    found = db.session.scalars(db.select(Instrument).order_by(Instrument.name)).all()
    return render_template("wellbeing/instruments.html", instruments=found), NO_STORE


@bp.route("/settings/instruments/wordings/<int:wording_id>/replace", methods=["GET", "POST"])
@manager_required
def replace_wording(wording_id: int):
    old = db.session.get(InstrumentWording, wording_id)
    if old is None:
        abort(404)
    if old.replaced_at is not None:
        return render_error(409, _("Tämä sanamuoto on jo korvattu uudella."))
    instrument = old.instrument
    form = WordingForm(data=dict(intro=old.intro, statements="\n".join(old.statements),
                                 answers="\n".join(reversed(old.answers)), official=old.official, source=old.source))
    valid = form.validate_on_submit()
    if form.is_submitted():
        valid = form.check_counts(instrument) and valid
    if not valid:
        return render_template("wellbeing/replace.html", instrument=instrument, old=old, form=form), \
            400 if form.is_submitted() else 200, NO_STORE
    new = InstrumentWording(instrument_id=instrument.id, language=old.language, official=form.official.data,
                            intro=form.intro.data.strip(), statements=form.lines(form.statements.data),
                            answers=list(reversed(form.lines(form.answers.data))),
                            source=(form.source.data or "").strip(), created_by_id=current_user.id)
    old.replaced_at, old.replaced_by_id = clock.now(), current_user.id
    db.session.add(new)
    audit.record(old, "replace")
    audit.record(new, "create")
    db.session.commit()
    flash(_("Uusi sanamuoto on käytössä. Aiemmat vastaukset säilyvät niillä sanoilla, joilla ne annettiin."), "success")
    return redirect(url_for("wellbeing.instruments"), 303)
