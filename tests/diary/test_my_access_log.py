"""GET /me/access-log: the client sees who has looked at her data, what and why, in plain words —
every staff read of her record and of her diary, newest first; her data export holds the same."""
import json
from datetime import UTC, date, datetime

import pytest

from tests import factories
from tests.http import login, text
from webapp.audit import access
from webapp.diary import access_log, entries


def test_it_says_when_nobody_has_looked(http, people, clock):
    login(http, people.client)
    response = http.get("/me/access-log")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    page = text(response)
    assert "Kukaan henkilökunnasta ei ole katsonut tietojasi." in page
    assert "asiakastietolaki" in page
    assert 'href="/diary/access"' in page and 'href="/me/data"' in page


def test_it_tells_who_looked_at_what_when_and_why(http, people, clock):
    clock.move_to(datetime(2026, 11, 17, 12, 30, tzinfo=UTC))
    access.log_read(people.coach, people.client.id, "goals")
    clock.move_to(datetime(2026, 11, 18, 8, 0, tzinfo=UTC))
    access.log_list(people.manager, [people.client.id], "kela_report")
    entry = factories.make_entry(people.client, date(2026, 11, 16), mood=3, shared=True)
    clock.move_to(datetime(2026, 11, 18, 9, 0, tzinfo=UTC))
    entries.log_reads(people.coach, [entry], "diary_list")
    login(http, people.client)
    page = text(http.get("/me/access-log"))
    assert page.count('data-testid="seen-line"') == 3
    assert "Kaisa Ohjaaja</strong>, ohjaaja" in page and "Marja Johtaja</strong>, esihenkilö" in page
    assert "Klo 11.00 katsoi: päiväkirjamerkintä 16.11.2026" in page
    assert "Klo 10.00 katsoi: Kelan poissaoloilmoitus (TT3) (luettelo, jossa olit mukana)" in page
    assert "Klo 14.30 katsoi: tavoitteet ja arvioinnit (GAS)" in page
    assert "Syy: Kelan ilmoitus" in page and "Syy: arviointi ja suunnitelmat" in page
    assert page.index("Keskiviikko 18.11.2026") < page.index("päiväkirjamerkintä") < page.index("Kelan poiss") \
        < page.index("Tiistai 17.11.2026") < page.index("tavoitteet ja arvioinnit")


def test_it_shows_only_her_own_log(http, people, clock):
    access.log_read(people.other_coach, people.other_client.id, "client_page")
    login(http, people.client)
    page = text(http.get("/me/access-log"))
    assert "Olli Muualla" not in page and "Kukaan henkilökunnasta" in page


def test_her_own_looks_are_not_logged(http, people, clock):
    login(http, people.client)
    for path in ("/me/skills", "/me/plans", "/me/certificates", "/me/data", "/diary/access", "/me/access-log"):
        http.get(path)
    assert "Kukaan henkilökunnasta ei ole katsonut tietojasi." in text(http.get("/me/access-log"))


def test_a_long_log_is_capped_and_says_where_the_rest_is(http, people, clock, monkeypatch):
    monkeypatch.setattr(access_log, "ACCESS_LOG_SHOWN", 2)
    for _ in range(4):
        access.log_read(people.coach, people.client.id, "days")
    login(http, people.client)
    page = text(http.get("/me/access-log"))
    assert "Tässä näkyy 2 uusinta kertaa (kaikkiaan 4)." in page and "Omat tietoni" in page
    assert page.count('data-testid="seen-line"') == 2


def test_the_diary_log_and_my_data_link_to_it(http, people, clock):
    login(http, people.client)
    assert 'href="/me/access-log"' in text(http.get("/diary/access"))
    assert 'href="/me/access-log"' in text(http.get("/me/data"))


def test_her_data_export_holds_the_whole_log(http, people, clock):
    clock.move_to(datetime(2026, 11, 18, 8, 0, tzinfo=UTC))
    access.log_list(people.manager, [people.client.id, people.other_client.id], "compensation")
    access.log_read(people.other_coach, people.other_client.id, "client_page")
    login(http, people.client)
    data = json.loads(http.get("/me/data.json").get_data(as_text=True))
    assert data["access_log"] == [{
        "at": "2026-11-18T08:00:00+00:00", "reader": "Marja Johtaja", "reader_role": "admin",
        "what": "compensation", "what_words": "kulukorvaukset", "purpose": "billing",
        "purpose_words": "laskutus ja korvaukset", "page": "", "on_a_list": True}]
    page = text(http.get("/me/data"))
    assert "Kuka on katsonut muita tietojasi" in page and "kulukorvaukset (luettelo)" in page
    assert "laskutus ja korvaukset" in page


@pytest.mark.parametrize("who", ["coach", "other_coach", "manager", "kitchen"])
def test_staff_get_403(http, people, who):
    login(http, getattr(people, who))
    assert http.get("/me/access-log").status_code == 403


def test_anonymous_is_sent_to_login(http, people):
    response = http.get("/me/access-log")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
