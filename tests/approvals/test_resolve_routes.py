"""The day board's panels over real HTTP (webapp/approvals/resolve.py): fix times, confirm
anyway, not counted, absence, remote day, presence, service not held. Both databases, frozen
time: Wednesday 18.11.2026 after closing (the unit is open Monday–Friday 8–15; Anna's period
plans Monday–Thursday)."""
from datetime import date, datetime, time

import pytest
import time_machine

from tests import factories
from tests.checkin.test_flags import attend
from tests.http import as_kiosk, login, post, text
from tests.moments import AFTER_CLOSING, HEL
from webapp.audit.models import AuditEvent
from webapp.checkin import scans
from webapp.checkin.models import AbsenceReason, ActivityDay, Flag, Kind, Method, Status
from webapp.extensions import db

WEDNESDAY = AFTER_CLOSING.date()  # 18.11.2026
HTMX = {"HX-Request": "true"}
REASON = "Lyhyempi päivä sovittu tilaajan kanssa"


@pytest.fixture
def evening():
    with time_machine.travel(AFTER_CLOSING, tick=False) as traveller:
        yield traveller


# --- Helpers ---------------------------------------------------------------------------------------

def records() -> list[ActivityDay]:
    db.session.expire_all()
    return db.session.scalars(db.select(ActivityDay).order_by(ActivityDay.client_id)).all()


def record_of(person) -> ActivityDay | None:
    db.session.expire_all()
    return db.session.scalar(db.select(ActivityDay).where(ActivityDay.client_id == person.id))


def events(action=None) -> list[AuditEvent]:
    query = db.select(AuditEvent).where(AuditEvent.entity == "activity_day").order_by(AuditEvent.id)
    if action:
        query = query.where(AuditEvent.action == action)
    return db.session.scalars(query).all()


def snapshot() -> list[tuple]:
    """Everything about the day records, to show that nothing changed."""
    return [(r.id, r.kind, r.status, r.check_in_at, r.check_out_at, r.check_in_method, r.check_out_method,
             r.decision_reason, r.reported_minutes, r.absence_reason, r.note, r.flags) for r in records()] + [
        len(events())]


def short_day(people) -> ActivityDay:
    """Anna came 8.00–10.00: a day under 4 hours (flagged)."""
    attend(people, WEDNESDAY, start=(8, 0), end=(10, 0))
    return record_of(people.client)


def checked_in_only(people) -> ActivityDay:
    """Anna scanned in at 8.00 and never out."""
    with time_machine.travel(datetime(2026, 11, 18, 8, 0, tzinfo=HEL), tick=False):
        scans.record_scan(key="in", unit=people.unit, method=Method.BADGE, client=people.client.client)
    return record_of(people.client)


def as_(http, people, who):
    if who == "kiosk":
        secret, _kiosk = factories.make_kiosk(people.unit)
        as_kiosk(http, secret)
    elif who != "anonymous":
        login(http, getattr(people, who))


def for_anna(people, path, day=WEDNESDAY):
    return f"/units/{people.unit.id}/{path}?client={people.client.id}&day={day.isoformat()}"


def day_urls(day) -> list[str]:
    return [f"/days/{day.id}/times", f"/days/{day.id}/confirm-anyway", f"/days/{day.id}/not-counted"]


def unit_urls(people) -> list[str]:
    return [for_anna(people, "absence"), for_anna(people, "remote"), for_anna(people, "presence"),
            f"/units/{people.unit.id}/not-held?day={WEDNESDAY.isoformat()}"]


# --- Who may ---------------------------------------------------------------------------------------

ROLES = [("anonymous", 302), ("kiosk", 302), ("client", 403), ("kitchen", 403), ("other_coach", 404),
         ("coach", 200), ("manager", 200)]


@pytest.mark.parametrize("who, status", ROLES)
def test_it_shows_each_panel_only_to_staff_of_the_unit(http, people, evening, who, status):
    day = short_day(people)
    factories.make_client(people.unit, first_name="Eero")  # someone for "not held" to mark
    as_(http, people, who)
    for url in day_urls(day) + unit_urls(people):
        response = http.get(url)
        assert response.status_code == status, url
        if status == 302:
            assert "/login" in response.headers["Location"]
        if status == 200:
            assert 'data-testid="resolve-panel"' in text(response)


@pytest.mark.parametrize("who, status", [(w, 400 if s == 200 else s) for w, s in ROLES])
def test_an_empty_post_changes_nothing_for_anyone(http, people, evening, who, status):
    day = short_day(people)
    factories.make_client(people.unit, first_name="Eero")
    before = snapshot()
    as_(http, people, who)
    for url in day_urls(day) + unit_urls(people):
        response = post(http, url, {})
        assert response.status_code == status, url
        if status == 400:
            assert "Tarkista" in text(response), url
    assert snapshot() == before


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_coach_of_another_unit_gets_404_on_every_panel(http, people, evening, method):
    day = short_day(people)
    before = snapshot()
    login(http, people.other_coach)
    good = {"reason": REASON, "check_in": "08:00", "check_out": "14:00", "hours": "5", "minutes": "0",
            "note": "x", "count": "1"}
    for url in day_urls(day) + unit_urls(people):
        response = http.get(url) if method == "GET" else post(http, url, dict(good, reason="own_illness")
                                                               if "absence" in url else good)
        assert response.status_code == 404, url
    assert snapshot() == before


def test_a_coach_gets_404_for_a_client_or_day_they_may_not_see(http, people, evening):
    login(http, people.coach)
    other = f"/units/{people.unit.id}/absence?client={people.other_client.id}&day={WEDNESDAY.isoformat()}"
    for url in (other, f"/units/{people.unit.id}/absence?day={WEDNESDAY.isoformat()}",
                f"/units/{people.unit.id}/absence?client=anna&day={WEDNESDAY.isoformat()}",
                for_anna(people, "absence").replace("2026-11-18", "18.11.2026"),
                for_anna(people, "remote").replace("2026-11-18", "2026-02-30"),
                f"/units/{people.unit.id}/not-held?day=huomenna", "/days/999999/times", "/days/0/not-counted",
                f"/units/{people.other_unit.id}/not-held"):
        assert http.get(url).status_code == 404, url
        assert post(http, url, {"reason": "other"}).status_code == 404, url
    assert records() == []


# --- Answers: panel, page, board -------------------------------------------------------------------

def test_htmx_gets_a_dialog_for_the_panel_and_others_a_whole_page(http, people, evening):
    day = short_day(people)
    login(http, people.coach)
    panel = http.get(f"/days/{day.id}/confirm-anyway", headers=HTMX)
    assert "HX-Request" in panel.headers["Vary"] and "no-store" in panel.headers["Cache-Control"]
    html = text(panel)
    assert "<html" not in html and "<dialog open" in html
    assert 'hx-post="/days/%d/confirm-anyway"' % day.id in html and 'hx-target="#panel"' in html
    assert '<form method="dialog"' in html and "Peruuta" in html
    assert "autofocus" in html
    page = text(http.get(f"/days/{day.id}/confirm-anyway"))
    assert "<html" in page and "<dialog" not in page and "hx-post" not in page
    assert f'/units/{people.unit.id}/board?day=2026-11-18' in page  # back to the board


def test_a_saved_form_answers_htmx_with_the_board_and_an_empty_panel(http, people, evening):
    day = short_day(people)
    login(http, people.coach)
    response = post(http, f"/days/{day.id}/confirm-anyway", {"reason": REASON}, headers=HTMX)
    assert response.status_code == 200
    assert response.headers["HX-Retarget"] == "#board" and response.headers["HX-Reswap"] == "innerHTML"
    html = text(response)
    assert '<div id="panel" hx-swap-oob="innerHTML"></div>' in html
    assert "Päivä vahvistettu: Anna Asiakas." in html
    assert record_of(people.client).status == Status.CONFIRMED


def test_a_saved_form_without_htmx_goes_back_to_the_board(http, people, evening):
    day = short_day(people)
    login(http, people.manager)
    response = post(http, f"/days/{day.id}/not-counted", {"reason": "Lähti kesken sairauden takia"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/units/{people.unit.id}/board?day=2026-11-18")
    assert "Päivää ei lasketa: Anna Asiakas." in text(http.get(response.headers["Location"]))


# --- Resolving a flagged day -----------------------------------------------------------------------

def test_confirm_anyway_shows_the_flags_in_words_and_keeps_the_reason(http, people, evening):
    day = short_day(people)
    assert Flag.SHORT_DAY in day.flag_set
    login(http, people.coach)
    html = text(http.get(f"/days/{day.id}/confirm-anyway", headers=HTMX))
    assert "Alle 4 tuntia" in html and "lyhyempi päivä sovittu tilaajan kanssa" in html
    assert "08.00–10.00" in html or "8.00–10.00" in html
    assert post(http, f"/days/{day.id}/confirm-anyway", {"reason": f"  {REASON}  "}).status_code == 303
    day = record_of(people.client)
    assert (day.status, day.decision_reason, day.decided_by_id) == (Status.CONFIRMED, REASON, people.coach.id)
    [event] = events("day_confirmed_anyway")
    assert (event.reason, event.actor_id, event.changes["status"]) == (REASON, people.coach.id, ["open", "confirmed"])


def test_not_counted_keeps_the_reason(http, people, evening):
    day = short_day(people)
    login(http, people.coach)
    assert "Päivää ei lasketa lounaisiin" in text(http.get(f"/days/{day.id}/not-counted"))
    assert post(http, f"/days/{day.id}/not-counted", {"reason": "Lähti kesken"}, headers=HTMX).status_code == 200
    day = record_of(people.client)
    assert (day.status, day.decision_reason) == (Status.NOT_COUNTED, "Lähti kesken")
    assert events("day_not_counted")[0].reason == "Lähti kesken"


@pytest.mark.parametrize("path", ["confirm-anyway", "not-counted"])
@pytest.mark.parametrize("reason, message", [("", "Kirjoita syy."), ("   ", "Kirjoita syy."),
                                             ("x" * 501, "Teksti on liian pitkä: enintään 500 merkkiä.")])
def test_a_decision_without_a_proper_reason_is_the_form_again(http, people, evening, path, reason, message):
    day = short_day(people)
    before = snapshot()
    login(http, people.coach)
    for headers in ({}, HTMX):
        response = post(http, f"/days/{day.id}/{path}", {"reason": reason}, headers=headers)
        assert response.status_code == 400
        assert message in text(response) and 'aria-invalid="true"' in text(response)
    assert snapshot() == before


def test_a_decided_day_shows_why_the_panel_cannot_be_used(http, people, evening):
    day = short_day(people)
    login(http, people.coach)
    assert post(http, f"/days/{day.id}/not-counted", {"reason": "Lähti kesken"}).status_code == 303
    before = snapshot()
    for url in day_urls(day):
        response = http.get(url, headers=HTMX)
        assert response.status_code == 409, url
        assert "Päivä on jo käsitelty." in text(response) and "<textarea" not in text(response)
        response = post(http, url, {"reason": REASON, "check_in": "08:00", "check_out": "11:00"}, headers=HTMX)
        assert response.status_code == 409, url
        assert "Päivä on jo käsitelty." in text(response)
    assert snapshot() == before


def test_confirm_anyway_on_a_day_without_check_out_points_to_the_time(http, people, evening):
    day = checked_in_only(people)
    login(http, people.coach)
    response = http.get(f"/days/{day.id}/confirm-anyway", headers=HTMX)
    assert response.status_code == 409
    assert "Lähtöaika puuttuu. Kirjaa lähtöaika ensin." in text(response)
    assert f'hx-get="/days/{day.id}/times"' in text(response)
    response = post(http, f"/days/{day.id}/confirm-anyway", {"reason": REASON}, headers=HTMX)
    assert response.status_code == 409 and record_of(people.client).open


# --- Fixing times ----------------------------------------------------------------------------------

def test_a_missing_check_out_after_closing_is_set_with_a_reason(http, people, evening):
    day = checked_in_only(people)
    login(http, people.coach)
    html = text(http.get(f"/days/{day.id}/times", headers=HTMX))
    assert "Lähtöaika puuttuu." in html
    assert 'name="check_in" required type="time" value="08:00"' in html
    assert '<input autofocus id="check_out"' in html
    response = post(http, f"/days/{day.id}/times", {"check_in": "08:00", "check_out": "14:15",
                                                     "reason": "Unohti leimata lähtiessä"}, headers=HTMX)
    assert response.status_code == 200 and response.headers["HX-Retarget"] == "#board"
    day = record_of(people.client)
    assert day.check_out_at == datetime(2026, 11, 18, 14, 15, tzinfo=HEL)
    assert (day.check_in_method, day.check_out_method) == (Method.BADGE, Method.COACH)  # check-in untouched
    assert day.status == Status.OPEN
    [event] = events("times_fixed")
    assert event.reason == "Unohti leimata lähtiessä" and event.actor_id == people.coach.id
    assert set(event.changes) >= {"check_out_at", "check_out_method"} and "check_in_at" not in event.changes


def test_fixing_the_check_in_moves_the_flag(http, people, evening):
    day = short_day(people)
    login(http, people.manager)
    html = text(http.get(f"/days/{day.id}/times"))
    assert 'value="08:00"' in html and 'value="10:00"' in html
    response = post(http, f"/days/{day.id}/times", {"check_in": "08:00", "check_out": "13:30",
                                                     "reason": "Leimasi lähdön väärään aikaan"})
    assert response.status_code == 303
    day = record_of(people.client)
    assert day.check_out_at == datetime(2026, 11, 18, 13, 30, tzinfo=HEL) and Flag.SHORT_DAY not in day.flag_set
    assert day.check_in_at == datetime(2026, 11, 18, 8, 0, tzinfo=HEL) and day.check_in_method == Method.BADGE


@pytest.mark.parametrize("data, status, message", [
    ({"check_in": "08:00", "check_out": "14:00"}, 400, "Kirjoita syy."),
    ({"check_in": "", "check_out": "14:00", "reason": "r"}, 400, "Anna saapumisaika."),
    ({"check_in": "08:00", "check_out": "", "reason": "r"}, 400, "Anna lähtöaika."),  # cannot be cleared
    ({"check_in": "08:00", "check_out": "25:00", "reason": "r"}, 400, "Anna kellonaika, esimerkiksi 14.30."),
    ({"check_in": "aamulla", "check_out": "14:00", "reason": "r"}, 400, "Anna kellonaika, esimerkiksi 14.30."),
    ({"check_in": "12:00", "check_out": "11:00", "reason": "r"}, 400, "Lähtöaika ei voi olla ennen saapumisaikaa."),
    ({"check_in": "08:00", "check_out": "17:00", "reason": "r"}, 400, "Lähtöaika ei voi olla tulevaisuudessa."),
    ({"check_in": "08:00", "check_out": "10:00", "reason": "r"}, 400, "Ajat ovat samat kuin ennen."),
])
def test_bad_times_are_the_form_again_and_nothing_changes(http, people, evening, data, status, message):
    day = short_day(people)
    before = snapshot()
    login(http, people.coach)
    for headers in ({}, HTMX):
        response = post(http, f"/days/{day.id}/times", data, headers=headers)
        assert response.status_code == status
        assert message in text(response)
    assert snapshot() == before


def test_times_of_a_remote_day_cannot_be_fixed(http, people, evening):
    login(http, people.coach)
    assert post(http, for_anna(people, "remote"), {"hours": "5", "minutes": "0"}).status_code == 303
    day = record_of(people.client)
    response = http.get(f"/days/{day.id}/times", headers=HTMX)
    assert response.status_code == 409 and "Päivä on jo käsitelty." in text(response)


# --- Records made by hand --------------------------------------------------------------------------

def test_the_absence_form_offers_six_reasons_with_their_hints(http, people, evening):
    login(http, people.coach)
    html = text(http.get(for_anna(people, "absence"), headers=HTMX))
    for label in ("Oma sairaus", "Lapsen sairaus", "Työhaastattelu tai vastaava", "Julkinen luottamustoimi",
                  "Muu syy", "Palvelua ei järjestetty"):
        assert label in html
    assert html.count('type="radio"') == 6
    assert "Yli 3 päivän poissaoloon tarvitaan todistus." in html and "Asiakas menettää päivän etuuden." in html
    assert "Anna Asiakas" in html and "18.11.2026" in html


@pytest.mark.parametrize("reason", list(AbsenceReason))
def test_an_absence_is_recorded_with_each_reason(http, people, evening, reason):
    login(http, people.coach)
    response = post(http, for_anna(people, "absence"), {"reason": reason.value, "note": "Soitti aamulla"},
                    headers=HTMX)
    assert response.status_code == 200 and "Poissaolo kirjattu: Anna Asiakas." in text(response)
    day = record_of(people.client)
    assert (day.kind, day.absence_reason, day.status, day.note, day.decided_by_id) == (
        Kind.ABSENT, reason.value, Status.CONFIRMED, "Soitti aamulla", people.coach.id)
    [event] = events("absence_recorded")
    assert event.reason == "Soitti aamulla" and event.changes["absence_reason"] == [None, reason.value]


@pytest.mark.parametrize("data, message", [
    ({}, "Valitse poissaolon syy."),
    ({"reason": "holiday"}, "Valitse poissaolon syy."),
    ({"reason": "other", "note": "x" * 501}, "Teksti on liian pitkä: enintään 500 merkkiä."),
])
def test_a_bad_absence_is_the_form_again(http, people, evening, data, message):
    login(http, people.coach)
    response = post(http, for_anna(people, "absence"), data, headers=HTMX)
    assert response.status_code == 400 and message in text(response)
    assert records() == [] and events() == []


def test_an_absence_for_a_client_not_running_here_or_already_recorded_is_refused(http, people, evening):
    elsewhere = factories.make_client(people.unit, coach=people.coach, first_name="Ville", period=False)
    factories.make_period(elsewhere.client, people.other_unit)  # the coach's own client, at another unit
    login(http, people.coach)
    url = f"/units/{people.unit.id}/absence?client={elsewhere.id}&day=2026-11-18"
    response = post(http, url, {"reason": "own_illness"}, headers=HTMX)
    assert response.status_code == 409
    assert "Asiakkaalla ei ole tänä päivänä jaksoa tässä toimipisteessä." in text(response)
    assert "<form" in text(response)  # the form again
    short_day(people)
    before = snapshot()
    response = post(http, for_anna(people, "absence"), {"reason": "own_illness"}, headers=HTMX)
    assert response.status_code == 409 and "Asiakkaalla on jo merkintä tälle päivälle." in text(response)
    assert snapshot() == before


def test_a_remote_day_is_confirmed_with_the_reported_hours(http, people, evening):
    login(http, people.coach)
    html = text(http.get(for_anna(people, "remote"), headers=HTMX))
    assert "Tunnit" in html and "Minuutit" in html
    response = post(http, for_anna(people, "remote"), {"hours": "5", "minutes": "30", "note": "Kirjoitustehtävä"},
                    headers=HTMX)
    assert response.status_code == 200 and "Etäpäivä kirjattu: Anna Asiakas." in text(response)
    day = record_of(people.client)
    assert (day.kind, day.reported_minutes, day.status, day.note, day.check_in_at) == (
        Kind.REMOTE, 330, Status.CONFIRMED, "Kirjoitustehtävä", None)
    [event] = events("remote_day_recorded")
    assert event.reason == "Kirjoitustehtävä"


def test_a_short_remote_day_asks_for_a_reason_then_keeps_it(http, people, evening):
    login(http, people.coach)
    response = post(http, for_anna(people, "remote"), {"hours": "2", "minutes": "0"}, headers=HTMX)
    assert response.status_code == 400
    html = text(response)
    assert "Päivässä on huomautus: kirjoita, miksi päivä lasketaan." in html
    assert "Alle 4 tuntia" in html  # which flag
    assert '<textarea aria-describedby="reason-hint reason-error" aria-invalid="true" autofocus' in html
    assert 'value="2"' in html  # the hours kept
    assert records() == [] and events() == []
    response = post(http, for_anna(people, "remote"), {"hours": "2", "minutes": "0", "reason": REASON})
    assert response.status_code == 303
    day = record_of(people.client)
    assert (day.reported_minutes, day.status, day.decision_reason) == (120, Status.CONFIRMED, REASON)
    assert Flag.SHORT_DAY in day.flag_set
    assert events("remote_day_recorded")[0].reason == REASON


@pytest.mark.parametrize("data, message", [
    ({"hours": "0", "minutes": "0"}, "Etäpäivän pituus on 1 minuutista 8 tuntiin."),
    ({"hours": "0"}, "Etäpäivän pituus on 1 minuutista 8 tuntiin."),
    ({"hours": "9", "minutes": "0"}, "Tunteja on 0–8."),
    ({"hours": "8", "minutes": "30"}, "Etäpäivän pituus on 1 minuutista 8 tuntiin."),
    ({"hours": "5", "minutes": "60"}, "Minuutteja on 0–59."),
    ({"hours": "", "minutes": "30"}, "Anna tunnit."),
    ({"hours": "viisi"}, "Anna kokonaisluku."),
    ({"hours": "-1"}, "Tunteja on 0–8."),
])
def test_bad_remote_hours_are_the_form_again(http, people, evening, data, message):
    login(http, people.coach)
    response = post(http, for_anna(people, "remote"), data, headers=HTMX)
    assert response.status_code == 400 and message in text(response)
    assert records() == [] and events() == []


def test_a_remote_day_cannot_be_recorded_ahead(http, people, evening):
    login(http, people.coach)
    response = post(http, for_anna(people, "remote", day=date(2026, 11, 19)), {"hours": "5"}, headers=HTMX)
    assert response.status_code == 400 and "Tätä ei voi kirjata etukäteen." in text(response)
    assert records() == []


def test_a_day_the_client_forgot_to_scan_is_written_by_hand(http, people, evening):
    login(http, people.coach)
    response = post(http, for_anna(people, "presence"), {"check_in": "09:00", "check_out": "14:00",
                                                          "reason": "Puhelin jäi kotiin"}, headers=HTMX)
    assert response.status_code == 200 and "Läsnäolo kirjattu: Anna Asiakas." in text(response)
    day = record_of(people.client)
    assert (day.kind, day.status, day.check_in_method, day.check_out_method) == (
        Kind.ONSITE, Status.OPEN, Method.COACH, Method.COACH)
    assert (day.check_in_at, day.check_out_at) == (datetime(2026, 11, 18, 9, 0, tzinfo=HEL),
                                                   datetime(2026, 11, 18, 14, 0, tzinfo=HEL))
    [event] = events("presence_recorded")
    assert event.reason == "Puhelin jäi kotiin"


def test_presence_without_a_check_out_is_fine(http, people, evening):
    login(http, people.coach)
    response = post(http, for_anna(people, "presence"), {"check_in": "09:00", "reason": "Puhelin jäi kotiin"})
    assert response.status_code == 303
    assert record_of(people.client).check_out_at is None


@pytest.mark.parametrize("data, status, message", [
    ({"check_in": "09:00", "check_out": "14:00"}, 400, "Kirjoita syy."),
    ({"check_out": "14:00", "reason": "r"}, 400, "Anna saapumisaika."),
    ({"check_in": "9", "reason": "r"}, 400, "Anna kellonaika, esimerkiksi 14.30."),
    ({"check_in": "14:00", "check_out": "09:00", "reason": "r"}, 400, "Lähtöaika ei voi olla ennen saapumisaikaa."),
    ({"check_in": "17:00", "reason": "r"}, 400, "Saapumisaika ei voi olla tulevaisuudessa."),
])
def test_bad_presence_is_the_form_again(http, people, evening, data, status, message):
    login(http, people.coach)
    response = post(http, for_anna(people, "presence"), data, headers=HTMX)
    assert response.status_code == status and message in text(response)
    assert records() == [] and events() == []


def test_service_not_held_says_how_many_and_marks_them(http, people, evening):
    eero = factories.make_client(people.unit, first_name="Eero")
    factories.make_client(people.unit, first_name="Liisa")
    attend(people, WEDNESDAY, client=eero.client, end=(14, 0))  # Eero came: not marked
    login(http, people.coach)
    html = text(http.get(f"/units/{people.unit.id}/not-held?day=2026-11-18", headers=HTMX))
    assert "Merkitään 2 asiakasta, joilla ei ole vielä merkintää tälle päivälle." in html
    assert 'name="count" type="hidden" value="2"' in html
    response = post(http, f"/units/{people.unit.id}/not-held?day=2026-11-18",
                    {"count": "2", "note": "Vesivahinko"}, headers=HTMX)
    assert response.status_code == 200
    assert "Palvelua ei järjestetty: merkittiin 2 asiakasta." in text(response)
    marked = [r for r in records() if r.kind == Kind.ABSENT]
    assert len(marked) == 2 and {r.absence_reason for r in marked} == {AbsenceReason.NOT_HELD}
    assert {r.note for r in marked} == {"Vesivahinko"}
    assert [e.reason for e in events("absence_recorded")] == ["Vesivahinko", "Vesivahinko"]
    response = http.get(f"/units/{people.unit.id}/not-held?day=2026-11-18", headers=HTMX)
    assert response.status_code == 409
    assert "Kaikilla tälle päivälle odotetuilla asiakkailla on jo merkintä." in text(response)


def test_service_not_held_refuses_a_count_that_changed(http, people, evening):
    factories.make_client(people.unit, first_name="Eero")
    login(http, people.coach)
    url = f"/units/{people.unit.id}/not-held?day=2026-11-18"
    for data, status in (({"count": "3"}, 409), ({"count": ""}, 400), ({}, 400)):
        response = post(http, url, data, headers=HTMX)
        assert response.status_code == status
        assert "Tarkista luku ja vahvista uudelleen." in text(response)
        assert 'value="2"' in text(response)  # the count as it is now
    assert records() == [] and events() == []


def test_service_not_held_on_a_day_with_nobody_expected_marks_nobody(http, people, evening):
    login(http, people.coach)
    url = f"/units/{people.unit.id}/not-held?day=2026-11-20"  # Friday: Anna's period plans Mon–Thu
    assert http.get(url).status_code == 409
    assert post(http, url, {"count": "0"}).status_code == 409
    assert records() == []


def test_every_form_marks_the_first_field_for_focus(http, people, evening):
    day = short_day(people)
    factories.make_client(people.unit, first_name="Eero")
    login(http, people.coach)
    for url in day_urls(day)[:2] + unit_urls(people):
        html = text(http.get(url, headers=HTMX))
        assert html.count("autofocus") == 1, url


def test_times_are_shown_in_helsinki_time(http, people):
    # Summer time: 8.00 in Helsinki is 5.00 UTC.
    with time_machine.travel(datetime(2026, 6, 17, 16, 0, tzinfo=HEL), tick=False):
        factories.make_period(people.client.client, people.unit, starts_on=date(2026, 6, 1))
        with time_machine.travel(datetime(2026, 6, 17, 8, 0, tzinfo=HEL), tick=False):
            scans.record_scan(key="in", unit=people.unit, method=Method.BADGE, client=people.client.client)
        day = record_of(people.client)
        login(http, people.coach)
        assert 'value="08:00"' in text(http.get(f"/days/{day.id}/times"))
        assert post(http, f"/days/{day.id}/times", {"check_in": "08:00", "check_out": "15:00",
                                                     "reason": "Unohti"}).status_code == 303
        assert record_of(people.client).check_out_at == datetime(2026, 6, 17, 15, 0, tzinfo=HEL)
        assert record_of(people.client).check_in_at.astimezone(HEL).time() == time(8, 0)
