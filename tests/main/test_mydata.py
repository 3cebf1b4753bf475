"""GET /me/data (printable) and GET /me/data.json (download): everything kept about the client,
and never a secret."""
import json
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from tests import factories
from tests.http import login, post, text
from webapp.checkin.models import ActivityDay
from webapp.diary import entries
from webapp.extensions import db
from tests.moments import DURING_THE_DAY

WEDNESDAY = date(2026, 11, 18)


@pytest.fixture
def clock():
    with time_machine.travel(DURING_THE_DAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def history(people, clock):
    """A day at the unit, a diary entry with a note and a reply, and one read by the coach."""
    client = people.client
    factories.enrol_pin(client)
    db.session.add(ActivityDay(client_id=client.id, unit_id=people.unit.id, day=WEDNESDAY - timedelta(days=1),
                               check_in_at=datetime(2026, 11, 17, 6, 2, tzinfo=UTC), check_in_method="badge",
                               check_out_at=datetime(2026, 11, 17, 12, 40, tzinfo=UTC),
                               check_out_method="pin", lunch=True, mood=4))
    db.session.commit()
    entry = factories.make_entry(client, WEDNESDAY - timedelta(days=1), mood=5, energy=3, shared=True,
                                 activities=["Pyöräkorjaamo"], went_well="Äänestin ja jaksoin",
                                 was_hard="Melu", to_coach="Kerron huomenna lisää")
    entries.add_note(entry, "n1", "Iltamerkintä: väsyttää")
    entries.reply(entry, people.coach, "Kiitos tiedosta")
    entries.log_reads(people.coach, [entry], "diary_list")
    factories.make_entry(client, WEDNESDAY, mood=2, went_well="Yksityinen ajatus")
    return entry


def download(http):
    response = http.get("/me/data.json")
    assert response.status_code == 200
    return response, json.loads(response.get_data().decode("utf-8"))


def test_the_download_is_an_attachment_named_for_today(http, people, history):
    login(http, people.client)
    response, data = download(http)
    assert response.headers["Content-Disposition"] == 'attachment; filename="lasna-omat-tiedot-2026-11-18.json"'
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert "Äänestin ja jaksoin" in response.get_data().decode("utf-8")  # UTF-8, not \u escapes
    assert data["generated_at"] == "2026-11-18T09:00:00+00:00"


def test_the_download_holds_profile_periods_days_diary_and_access_log(http, people, history):
    login(http, people.client)
    _, data = download(http)
    profile = data["profile"]
    assert (profile["first_name"], profile["last_name"], profile["email"]) == ("Anna", "Asiakas", "anna@example.fi")
    assert profile["home_unit"] == "Kierrätyspaja" and profile["own_coach"] == "Kaisa Ohjaaja"
    assert profile["pin_set"] is True
    assert [(p["starts_on"], p["planned_weekdays"]) for p in data["periods"]] == [("2026-09-01", [0, 1, 2, 3])]
    assert data["activity_days"] == [{
        "day": "2026-11-17", "unit": "Kierrätyspaja",
        "check_in_at": "2026-11-17T06:02:00+00:00", "check_in_method": "badge",
        "check_out_at": "2026-11-17T12:40:00+00:00", "check_out_method": "pin", "kind": "onsite", "reported_minutes": None,
        "absence_reason": None, "note": None, "status": "open", "decided_at": None, "decision_reason": None, "lunch": True, "mood": 4,
    }]
    days = [e["day"] for e in data["diary_entries"]]
    assert days == ["2026-11-18", "2026-11-17"]
    shared = data["diary_entries"][1]
    assert (shared["mood"], shared["energy"], shared["activities"], shared["shared_with_coach"]) == (
        5, 3, ["Pyöräkorjaamo"], True)
    assert (shared["went_well"], shared["was_hard"], shared["to_coach"]) == (
        "Äänestin ja jaksoin", "Melu", "Kerron huomenna lisää")
    assert [n["text"] for n in shared["notes"]] == ["Iltamerkintä: väsyttää"]
    assert [(r["text"], r["author"]) for r in shared["replies"]] == [("Kiitos tiedosta", "Kaisa Ohjaaja")]
    assert data["diary_entries"][0]["went_well"] == "Yksityinen ajatus"  # the private one is the client's too
    assert data["diary_access_log"] == [{
        "read_at": "2026-11-18T09:00:00+00:00", "reader": "Kaisa Ohjaaja", "reader_role": "coach",
        "entry_day": "2026-11-17", "place": "diary_list",
    }]


def test_the_download_has_no_secrets(http, people, history):
    login(http, people.client)
    response, _ = download(http)
    body = response.get_data().decode("utf-8")
    client = people.client.client
    db.session.refresh(client)
    for secret in (client.badge_token, client.pin_hash, people.client.password_hash, people.client.login_token):
        assert secret and secret not in body
    for name in ("pin_hash", "badge_token", "login_token", "password_hash"):
        assert name not in body


def test_the_page_shows_everything_printable(http, people, history):
    login(http, people.client)
    response = http.get("/me/data")
    assert response.status_code == 200
    page = text(response)
    for words in ("Omat tietoni", "Anna Asiakas", "Kaisa Ohjaaja", "1.9.2026", "8.02", "14.40", "kortilla",
                  "PIN-koodilla", "Äänestin ja jaksoin", "Melu", "Kerron huomenna lisää", "Pyöräkorjaamo",
                  "Iltamerkintä: väsyttää", "Kiitos tiedosta", "Yksityinen ajatus", "Tosi hyvä",
                  'href="/me/data.json"'):
        assert words in page, words
    client = people.client.client
    assert client.badge_token not in page and client.pin_hash not in page


def test_the_page_of_a_new_client_is_plain(http, people):
    login(http, people.client)
    page = text(http.get("/me/data"))
    assert "Ei vielä läsnäolopäiviä." in page and "Ei päiväkirjamerkintöjä." in page


def test_the_home_page_links_to_both(http, people):
    login(http, people.client)
    page = text(http.get("/"))
    assert 'href="/me/data"' in page and 'href="/me/data.json"' in page and "Omat tietoni" in page


def test_another_clients_data_never_shows(http, people, history, clock):
    factories.make_entry(people.other_client, WEDNESDAY, went_well="Pekan oma asia")
    login(http, people.client)
    assert "Pekan oma asia" not in text(http.get("/me/data"))
    _, data = download(http)
    assert "Pekan oma asia" not in json.dumps(data, ensure_ascii=False)


@pytest.mark.parametrize("path", ["/me/data", "/me/data.json"])
@pytest.mark.parametrize("who", ["coach", "other_coach", "manager", "kitchen"])
def test_staff_get_403(http, people, who, path):
    login(http, getattr(people, who))
    assert http.get(path).status_code == 403


@pytest.mark.parametrize("path", ["/me/data", "/me/data.json"])
def test_anonymous_is_sent_to_login(http, people, path):
    response = http.get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("path", ["/me/data", "/me/data.json"])
def test_post_is_405(http, people, path):
    login(http, people.client)
    assert post(http, path).status_code == 405
