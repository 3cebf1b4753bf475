"""The reminders on /diary/settings: POST /diary/reminders saves her choices (a time outside quiet
hours), POST /diary/reminders/off turns everything off in one tap, and without a VAPID key the
page says reminders are not available."""
from datetime import time

import pytest

from tests.http import login, post, text
from webapp.diary.push_models import DiaryReminder
from webapp.extensions import db


def choices(person):
    db.session.expire_all()
    return db.session.get(DiaryReminder, person.id)


def test_the_page_offers_the_switches_with_the_apps_key(app, http, people, clock):
    login(http, people.client)
    page = text(http.get("/diary/settings"))
    assert "Muistuta minua kirjoittamaan" in page and "Ilmoita, kun ohjaaja vastaa" in page
    assert f'data-vapid-key="{app.config["VAPID_PUBLIC_KEY"]}"' in page and "js/reminders.js" in page
    assert "Hiljainen aika on kello 20.00–8.00." in page
    assert "Lopeta muistutukset ja ilmoitukset" not in page  # nothing to turn off yet


def test_she_chooses_a_time_and_reply_notices(http, people, clock):
    login(http, people.client)
    response = post(http, "/diary/reminders", {"remind": "y", "remind_at": "16.30", "on_reply": "y"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/diary/settings#reminders")
    saved = choices(people.client)
    assert (saved.remind, saved.remind_at, saved.on_reply) == (True, time(16, 30), True)
    page = text(http.get("/diary/settings"))
    assert "Muistutukset tallennettu." in page and 'value="16:30"' in page
    assert "Lopeta muistutukset ja ilmoitukset" in page
    assert "Mikään laite ei vielä saa muistutuksia." in page  # no phone has subscribed


def test_one_tap_turns_everything_off(http, people, clock):
    login(http, people.client)
    post(http, "/diary/reminders", {"remind": "y", "remind_at": "09:00", "on_reply": "y"})
    response = post(http, "/diary/reminders/off")
    assert response.status_code == 303
    saved = choices(people.client)
    assert (saved.remind, saved.on_reply, saved.remind_at) == (False, False, time(9, 0))
    page = text(http.get("/diary/settings"))
    assert "Muistutukset ja ilmoitukset ovat pois päältä." in page
    assert "Lopeta muistutukset ja ilmoitukset" not in page


@pytest.mark.parametrize("data, message", [
    ({"remind": "y", "remind_at": "21:00"}, "Kello 20.00–8.00 on hiljainen aika. Valitse toinen aika."),
    ({"remind": "y", "remind_at": "07:59"}, "Kello 20.00–8.00 on hiljainen aika."),
    ({"remind": "y", "remind_at": "20:00"}, "Kello 20.00–8.00 on hiljainen aika."),
    ({"remind": "y", "remind_at": ""}, "Valitse, mihin aikaan muistutus tulee."),
    ({"remind": "y", "remind_at": "25:00"}, "Kirjoita kellonaika, esimerkiksi 15.00."),
    ({"remind": "y", "remind_at": "kolmelta"}, "Kirjoita kellonaika, esimerkiksi 15.00."),
])
def test_a_time_she_cannot_have_is_400_with_a_message(http, people, clock, data, message):
    login(http, people.client)
    response = post(http, "/diary/reminders", data)
    assert response.status_code == 400 and message in text(response)
    assert choices(people.client) is None


def test_a_time_in_quiet_hours_is_fine_while_the_reminder_is_off(http, people, clock):
    login(http, people.client)
    assert post(http, "/diary/reminders", {"remind_at": "22:00", "on_reply": "y"}).status_code == 303
    saved = choices(people.client)
    assert (saved.remind, saved.on_reply) == (False, True)


def test_it_is_only_for_the_client_and_needs_csrf(app, http, people, clock):
    assert post(http, "/diary/reminders", {"remind": "y", "remind_at": "09:00"}).status_code == 302
    login(http, people.coach)
    assert post(http, "/diary/reminders", {"remind": "y", "remind_at": "09:00"}).status_code == 403
    assert post(http, "/diary/reminders/off").status_code == 403
    anna = app.test_client()
    login(anna, people.client)
    assert anna.post("/diary/reminders", data={"remind": "y", "remind_at": "09:00"}).status_code == 400
    assert anna.post("/diary/reminders/off").status_code == 400
    assert anna.get("/diary/reminders").status_code == 405
    assert choices(people.client) is None


def test_without_a_vapid_key_the_page_says_reminders_are_not_available(app, http, people, clock):
    key = app.config["VAPID_PRIVATE_KEY"]
    app.config["VAPID_PRIVATE_KEY"] = None
    try:
        login(http, people.client)
        page = text(http.get("/diary/settings"))
        assert "Muistutukset eivät ole käytössä tässä palvelussa." in page
        assert "Muistuta minua kirjoittamaan" not in page and "reminders.js" not in page
        assert post(http, "/diary/reminders", {"remind": "y", "remind_at": "09:00"}).status_code == 404
        assert post(http, "/diary/reminders/off").status_code == 303  # turning off always works
    finally:
        app.config["VAPID_PRIVATE_KEY"] = key


def test_the_page_speaks_swedish(http, people, clock):
    people.client.language = "sv"
    db.session.commit()
    login(http, people.client)
    page = text(http.get("/diary/settings"))
    assert "Påminn mig om att skriva" in page and "Tyst tid är klockan 20:00–08:00." in page
