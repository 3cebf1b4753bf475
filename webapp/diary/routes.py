"""The client's diary pages: today's entry (one tap is an entry), older days read-only with
later notes and the coach's replies, sharing, the month calendar, the trend and the setting.

Only the signed-in client's own entries are ever reachable: client URLs carry a day, never an
entry id.
"""
import calendar
import re
import uuid
from datetime import date, timedelta

from babel.dates import format_skeleton, get_day_names
from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import format_date, format_decimal, format_time, get_locale
from flask_babel import gettext as _
from werkzeug.routing import BaseConverter

from webapp.accounts.access import roles_required
from webapp.accounts.models import Role
from webapp.checkin.scans import day_of
from webapp.clients.access import own_profile
from webapp.clients.models import ClientProfile
from webapp.diary import bp, chart, entries, push, reminders
from webapp.diary.entries import DiaryError, KeyConflict, NotYet, TooLate
from webapp.diary.forms import EntryForm, NoteForm, ReminderForm, SettingsForm, ShareForm
from webapp.diary.models import DiaryEntry
from webapp.diary.scales import ENERGIES, MOODS
from webapp.lib import clock
from webapp.lib.forms import EmptyForm
from webapp.lib.urls import day_arg

_MONTH = re.compile(r"[0-9]{4}-[0-9]{2}")
FIRST_MONTH = date(2000, 1, 1)
TREND_WEEKS = {"4": 4, "12": 12}


class DayConverter(BaseConverter):
    """YYYY-MM-DD in a diary URL (checked as a date by _day). Only date-shaped paths match, so a
    wrong method on /diary/history is 405, not a 404 from the day's POST."""
    regex = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"


bp.record_once(lambda state: state.app.url_map.converters.setdefault("diaryday", DayConverter))


# --- Helpers -------------------------------------------------------------------------------------

def _day(text: str) -> date:
    """A day from the URL (YYYY-MM-DD); anything else, or a date that does not exist, is 404."""
    day = day_arg(text)
    if day is None:
        abort(404)
    return day


def _new_key() -> str:
    return uuid.uuid4().hex


def _share_target(client: ClientProfile) -> str:
    coach = client.own_coach
    if coach is None or not coach.active:
        return _("Sinulla ei ole vielä omaa ohjaajaa. Jaettu päivä näkyy hänelle, kun saat ohjaajan.")
    return _("Jaettu päivä näkyy vain omalle ohjaajallesi %(name)s.", name=coach.first_name)


def _entry_form(client: ClientProfile, day: date, entry: DiaryEntry | None) -> EntryForm:
    """The form as the entry stands now, with a fresh save key."""
    if entry is not None:
        data = {"mood": entry.mood, "energy": entry.energy, "activity": entry.labels, "went_well": entry.went_well,
                    "was_hard": entry.was_hard, "to_coach": entry.to_coach, "shared": entry.shared}
    else:
        checkin = day_of(client) if day == clock.today() else None
        data = {"mood": checkin.mood if checkin is not None else None, "activity": [],
                    "shared": client.diary_share_default}
    return EntryForm(formdata=None, key=_new_key(), **data)


def _chips(client: ClientProfile, entry: DiaryEntry | None, chosen=()) -> list[str]:
    """The unit's and the client's own chips, plus any on the entry or chosen in the form."""
    chips = entries.chips_for(client)
    known = {label.casefold() for label in chips}
    for label in list(entry.labels if entry is not None else []) + list(chosen):
        if label and label.casefold() not in known:
            known.add(label.casefold())
            chips.append(label)
    return chips


def _stamp(moment) -> str:
    return _("%(date)s klo %(time)s", date=format_date(moment, "short"), time=format_time(moment, "short"))


def _clock_time(moment) -> str:
    return format_time(moment, "short")


def _context(client: ClientProfile, day: date, *, entry=None, form=None, note_form=None, saved=None,
             problem=None, chips_oob=False):
    """What the entry fragment needs."""
    today = clock.today()
    editable = entries.editable(day, today)
    if editable and form is None:
        form = _entry_form(client, day, entry)
    chosen = form.labels() if form is not None and form.is_submitted() else ()
    return {
        "day": day, "entry": entry, "editable": editable, "form": form, "today": today,
        "note_form": note_form or NoteForm(formdata=None, key=_new_key()),
        "chips": _chips(client, entry, chosen) if editable else [],
        "selected": {label.casefold() for label in (form.activity.data or [])} if form is not None else set(),
        "share_target": _share_target(client), "saved": saved, "problem": problem, "stamp": _stamp, "clock_time": _clock_time,
        "chips_oob": chips_oob,
        "chip_picture": entries.chip_pictures(client),
        "day_title": format_date(day, "full"), "previous_day": day - timedelta(days=1), "next_day": day + timedelta(days=1),
    }


def _show(client: ClientProfile, day: date, status: int = 200, **context):
    """The day's page, or only its entry fragment for htmx."""
    context = _context(client, day, **context)
    template = "diary/_entry.html" if request.htmx and not request.htmx.boosted else "diary/day.html"
    return render_template(template, **context), status, {"Vary": "HX-Request"}


def _refused(client: ClientProfile, day: date, problem: DiaryError, **context):
    """A save the rules refuse. htmx does not swap 4xx answers other than 400 here, so an htmx
    form is sent to the day's page, which explains itself (a closed day says it can no longer be
    changed). No flash: the offline queue also sends as htmx and shows its own message."""
    if request.htmx:
        context = _context(client, day, entry=entries.entry_for(client, day), problem=problem.message, **context)
        return render_template("diary/_entry.html", **context), problem.status, {
            "HX-Redirect": url_for("diary.day", day=day.isoformat()), "Vary": "HX-Request"}
    return _show(client, day, problem.status, entry=entries.entry_for(client, day), problem=problem.message,
                 **context)


def _own_entry(client: ClientProfile, day: date) -> DiaryEntry:
    entry = entries.entry_for(client, day)
    if entry is None:
        abort(404)
    return entry


def _after_change(client: ClientProfile, day: date, entry: DiaryEntry, **context):
    if request.htmx:
        return _show(client, day, entry=entry, **context)
    return redirect(url_for("diary.day", day=day.isoformat()), 303)


# --- One day ---------------------------------------------------------------------------------------

@bp.get("/diary")
@roles_required(Role.CLIENT)
def today():
    client = own_profile()
    day = clock.today()
    entry = entries.entry_for(client, day)
    entries.mark_replies_read(entry)
    return _show(client, day, entry=entry)


@bp.get("/diary/<diaryday:day>")
@roles_required(Role.CLIENT)
def day(day: str):
    client = own_profile()
    when = _day(day)
    if when > clock.today():
        abort(404)
    entry = entries.entry_for(client, when)
    entries.mark_replies_read(entry)  # she sees the coach's replies here
    return _show(client, when, entry=entry)


@bp.post("/diary/<diaryday:day>")
@roles_required(Role.CLIENT)
def save(day: str):
    client = own_profile()
    when = _day(day)
    form = EntryForm()
    if when > clock.today():
        abort(404)
    if not form.validate_on_submit():
        return _show(client, when, 400, entry=entries.entry_for(client, when), form=form,
                     problem=_("Tätä ei tallennettu. Korjaa merkityt kohdat."))
    try:
        entry, _replay = entries.save_entry(client, when, form.key.data, form.answers())
    except NotYet:
        abort(404)
    except (TooLate, KeyConflict) as problem:
        return _refused(client, when, problem)
    except ValueError:  # the rules found something the form let through
        return _show(client, when, 400, entry=entries.entry_for(client, when), form=form,
                     problem=_("Tätä ei tallennettu. Korjaa merkityt kohdat."))
    if request.htmx:
        return _show(client, when, entry=entry, saved=entry.updated_at,
                     chips_oob=bool((form.new_activity.data or "").strip()))
    flash(_("Tallennettu klo %(time)s.", time=format_time(entry.updated_at, "short")), "success")
    return redirect(url_for("diary.day", day=when.isoformat()), 303)


@bp.post("/diary/<diaryday:day>/share")
@roles_required(Role.CLIENT)
def share(day: str):
    client = own_profile()
    when = _day(day)
    entry = _own_entry(client, when)
    form = ShareForm()
    if not form.validate_on_submit():
        return _show(client, when, 400, entry=entry, problem=_("Valitse, jaetaanko päivä vai ei."))
    entries.set_shared(entry, form.shared.data == "1")
    if not request.htmx:
        flash(_("Päivä on nyt jaettu ohjaajallesi.") if entry.shared else _("Päivää ei enää jaeta."), "success")
    return _after_change(client, when, entry)


@bp.post("/diary/<diaryday:day>/notes")
@roles_required(Role.CLIENT)
def add_note(day: str):
    client = own_profile()
    when = _day(day)
    entry = _own_entry(client, when)
    form = NoteForm()
    if not form.validate_on_submit():
        return _show(client, when, 400, entry=entry, note_form=form)
    try:
        entries.add_note(entry, form.key.data, form.text.data)
    except KeyConflict as problem:
        return _refused(client, when, problem)
    except ValueError:
        return _show(client, when, 400, entry=entry, note_form=form)
    if not request.htmx:
        flash(_("Merkintä lisätty."), "success")
    return _after_change(client, when, entry)


# --- History -------------------------------------------------------------------------------------

def _month(text: str | None, today: date) -> date:
    if text is None:
        return today.replace(day=1)
    if not _MONTH.fullmatch(text):
        abort(404)
    try:
        first = date(int(text[:4]), int(text[5:]), 1)  # month 13 or year 0 do not exist
    except ValueError:
        abort(404)
    if first > today or first < FIRST_MONTH:
        abort(404)
    return first


def _first_line(entry: DiaryEntry) -> str:
    for text in (entry.went_well, entry.was_hard, entry.to_coach, *(n.text for n in entry.notes)):
        line = (text or "").strip().splitlines()[0].strip() if (text or "").strip() else ""
        if line:
            return line if len(line) <= 80 else line[:79].rstrip() + "…"
    return ""


@bp.get("/diary/history")
@roles_required(Role.CLIENT)
def history():
    client = own_profile()
    today = clock.today()
    first = _month(request.args.get("month"), today)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    month_entries = entries.entries_between(client, first, last)
    by_day = {entry.day: entry for entry in month_entries}
    previous = (first - timedelta(days=1)).replace(day=1)
    has_earlier = entries.entries_between(client, FIRST_MONTH, first - timedelta(days=1)) != []
    following = last + timedelta(days=1)
    locale = get_locale()
    return render_template(
        "diary/history.html", month=first, by_day=by_day, entries=month_entries, today=today,
        weeks=calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month),
        day_names=[(get_day_names("abbreviated", locale=locale)[i], get_day_names("wide", locale=locale)[i])
                   for i in range(7)],
        month_title=format_date(first, "LLLL y"),
        previous=previous if has_earlier else None,
        following=following if following <= today else None,
        first_line=_first_line, editable=lambda d: entries.editable(d, today),
        format_day=lambda d: format_skeleton("MMMEd", d, locale=locale),
    )


# --- Trend ---------------------------------------------------------------------------------------

@bp.get("/diary/trend")
@roles_required(Role.CLIENT)
def trend():
    client = own_profile()
    weeks = TREND_WEEKS.get(request.args.get("weeks", "4"))
    if weeks is None:
        abort(404)
    first, last = chart.window(clock.today(), weeks)
    days = [(e.day, e.mood, e.energy) for e in entries.entries_between(client, first, last)]
    geometry = chart.layout(days, first, last, tick_every=7 if weeks == 4 else 14)
    locale = get_locale()
    picture = chart.svg(
        geometry, title=_("Mieliala ja jaksaminen, %(weeks)d viikkoa", weeks=weeks),
        desc=_("Viiva päivä päivältä: mieliala yhtenäisenä viivana ja ympyröinä, jaksaminen katkoviivana ja "
               "neliöinä. Kuvan alla ovat taulukkoina viikkojen keskiarvot ja jokainen päivä."),
        mood_name=_("Mieliala"), energy_name=_("Jaksaminen"),
        mood_words={k: str(v) for k, v in MOODS.items()}, energy_words={k: str(v) for k, v in ENERGIES.items()},
        tick_label=lambda d: format_skeleton("Md", d, locale=locale))
    answered = [d for d in sorted(days, key=lambda d: d[0], reverse=True) if d[1] is not None or d[2] is not None]
    return render_template(
        "diary/trend.html", weeks=weeks, chart=geometry, picture=picture, table=chart.weekly(days, first, last),
        answered=answered, day_label=lambda d: format_skeleton("MEd", d, locale=locale),
        average=lambda value: "–" if value is None else format_decimal(value, "0.0"),
        week_range=lambda week: "{} – {}".format(format_skeleton("Md", week.monday, locale=locale),
                                                 format_skeleton("Md", week.sunday, locale=locale)))


# --- Settings ------------------------------------------------------------------------------------

def _settings_page(client: ClientProfile, form=None, reminder_form=None, status: int = 200):
    """The settings page: sharing by default, and reminders by Web Push when the app can send them."""
    choices = reminders.choices_for(client)
    if form is None:
        form = SettingsForm(formdata=None, share_default=client.diary_share_default)
    if reminder_form is None:
        reminder_form = ReminderForm(formdata=None, remind=choices.remind, remind_at=choices.remind_at,
                                     on_reply=choices.on_reply)
    start, end = reminders.quiet_hours()
    return render_template(
        "diary/settings.html", form=form, client=client, reminder_form=reminder_form, choices=choices,
        push_on=push.enabled(), vapid_key=push.public_key(), devices=len(push.subscriptions_of(client.person_id)),
        off_form=EmptyForm(formdata=None), quiet_start=reminders.clock_text(start),
        quiet_end=reminders.clock_text(end)), status


@bp.route("/diary/settings", methods=["GET", "POST"])
@roles_required(Role.CLIENT)
def settings():
    client = own_profile()
    if request.method == "GET":
        return _settings_page(client)
    form = SettingsForm()
    if not form.validate_on_submit():
        return _settings_page(client, form=form, status=400)
    entries.set_share_default(client, bool(form.share_default.data))
    flash(_("Asetus tallennettu."), "success")
    return redirect(url_for("diary.settings"), 303)


@bp.post("/diary/reminders")
@roles_required(Role.CLIENT)
def save_reminders():
    client = own_profile()
    if not push.enabled():
        abort(404)
    form = ReminderForm()
    if not form.validate_on_submit():
        return _settings_page(client, reminder_form=form, status=400)
    reminders.save_choices(client, remind=bool(form.remind.data), remind_at=form.remind_at.data,
                           on_reply=bool(form.on_reply.data))
    if form.remind.data or form.on_reply.data:
        flash(_("Muistutukset tallennettu."), "success")
    else:
        flash(_("Muistutukset ja ilmoitukset ovat pois päältä."), "success")
    return redirect(url_for("diary.settings") + "#reminders", 303)


@bp.post("/diary/reminders/off")
@roles_required(Role.CLIENT)
def reminders_off():
    """One tap: no more reminders and no more notices, from any device, with or without push."""
    client = own_profile()
    if not EmptyForm().validate_on_submit():
        abort(400)
    reminders.turn_off(client)
    flash(_("Muistutukset ja ilmoitukset ovat pois päältä."), "success")
    return redirect(url_for("diary.settings") + "#reminders", 303)


@bp.post("/diary/push")
@roles_required(Role.CLIENT)
def subscribe():
    """This browser's push subscription (PushSubscription.toJSON(), sent by static/js/reminders.js
    with the page's CSRF token in X-CSRFToken)."""
    client = own_profile()
    if not push.enabled():
        abort(404)
    parsed = push.parse_subscription(request.get_json(silent=True))
    if parsed is None:
        return jsonify(error=_("Tämä laite ei voi vastaanottaa ilmoituksia.")), 400
    push.save_subscription(client, *parsed)
    return "", 204
