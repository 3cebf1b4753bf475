"""The kiosk screen and its live part, names and PIN pad, over real HTTP (both databases)."""
import re
from datetime import time, timedelta

import pytest
import time_machine

from tests import factories
from tests.http import csrf_token, text
from tests.kiosks.helpers import pair
from tests.moments import AFTER_CLOSING, BEFORE_OPENING, DURING_THE_DAY, MORNING
from webapp.checkin import scans
from webapp.checkin.models import Method
from webapp.extensions import db
from webapp.kiosks import device

TABLET_GETS = ["/kiosk", "/kiosk/live", "/kiosk/live?v=x", "/kiosk/csrf", "/kiosk/names",
               "/kiosk/names/{client}", "/kiosk/sw.js"]
TABLET_POSTS = ["/kiosk/scan", "/kiosk/leave", "/kiosk/lunch"]


def version_of(html: str) -> str:
    return re.search(r'data-version="([0-9a-f]+)"', html).group(1)


def check_in(person, unit, kiosk=None, method=Method.BADGE, key=None):
    return scans.record_scan(key=key or f"t-{person.id}-{method}", unit=unit, method=method, client=person.client,
                             kiosk_id=kiosk.id if kiosk else None)


def assert_not_paired(response):
    assert response.status_code == 403
    assert 'data-testid="not-paired"' in text(response)
    assert 'type="password"' not in text(response)  # never a login form


# --- Who may -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("url", TABLET_GETS)
def test_it_shows_the_not_paired_page_without_a_device_cookie(http, people, url):
    assert_not_paired(http.get(url.format(client=people.client.id)))


@pytest.mark.parametrize("url", TABLET_POSTS)
def test_it_refuses_posts_without_a_device_cookie(http, people, url):
    token = csrf_token(http)
    assert_not_paired(http.post(url, data={"csrf_token": token, "key": "k1", "kind": "badge", "badge": "x"}))


@pytest.mark.parametrize("url", TABLET_GETS + TABLET_POSTS)
def test_a_revoked_kiosk_sees_the_not_paired_page_everywhere(http, people, url):
    kiosk = pair(http, people.unit)
    assert http.get("/kiosk").status_code == 200
    token = csrf_token(http)
    device.revoke(kiosk, people.manager)
    db.session.commit()
    if url in TABLET_POSTS:
        response = http.post(url, data={"csrf_token": token, "key": "k1", "kind": "badge", "badge": "x"})
    else:
        response = http.get(url.format(client=people.client.id))
    assert_not_paired(response)


def test_a_signed_in_coach_is_not_a_kiosk(http, people):
    from tests.http import login
    login(http, people.coach)
    assert_not_paired(http.get("/kiosk"))


def test_a_wrong_device_cookie_is_not_a_kiosk(http, people):
    pair(http, people.unit)
    http.set_cookie("lasna_kiosk", "not-the-secret", path="/kiosk")
    assert_not_paired(http.get("/kiosk"))


def test_the_screen_rejects_a_post(http, people):
    pair(http, people.unit)
    assert http.post("/kiosk", data={"csrf_token": csrf_token(http)}).status_code == 405


# --- The screen ------------------------------------------------------------------------------------

@time_machine.travel(MORNING, tick=False)
def test_it_shows_the_unit_clock_code_and_todays_arrivals(http, people):
    kiosk = pair(http, people.unit)
    check_in(people.client, people.unit, kiosk)
    response = http.get("/kiosk")
    html = text(response)
    assert response.status_code == 200
    assert 'data-testid="unit-name">Kierrätyspaja<' in html
    assert "data-clock>8.05<" in html
    assert "keskiviikko 18. marraskuuta 2026" in html
    assert re.search(r'data-testid="kiosk-code"><svg role="img"', html)
    arrivals = html.split('data-testid="arrivals"')[1]
    assert "Anna A." in arrivals and "Asiakas" not in arrivals  # first name and initial only
    assert "8.05" in arrivals
    assert 'type="password"' not in html and "Kirjaudu sisään" not in html


@time_machine.travel(MORNING, tick=False)
def test_it_shows_only_its_own_units_arrivals(http, people):
    pair(http, people.unit)
    check_in(people.other_client, people.other_unit)
    html = text(http.get("/kiosk"))
    assert "Pekka" not in html
    assert "Kukaan ei ole vielä kirjautunut tänään." in html


@time_machine.travel(MORNING, tick=False)
def test_the_screen_carries_the_kiosks_public_key_and_its_script_urls(http, people):
    from webapp.kiosks.sealing import public_key_spki_b64
    kiosk = pair(http, people.unit)
    html = text(http.get("/kiosk"))
    assert f'data-seal-key="{public_key_spki_b64(kiosk.private_key_pem)}"' in html
    for script in ("vendor/jsQR-1.4.0.js", "queue.js", "scanner.js", "kiosk.js"):
        assert f'src="/kiosk/app/{script}"' in html
        assert http.get(f"/kiosk/app/{script}").status_code == 200
    assert "<script>" not in html and ' style="' not in html and " onclick=" not in html


@time_machine.travel(MORNING, tick=False)
def test_the_code_links_to_the_phone_check_in_of_this_kiosk(http, people, app):
    from webapp.checkin.codes import make_code
    from webapp.kiosks.tablet import code_url
    kiosk = pair(http, people.unit)
    with app.test_request_context("/kiosk", base_url="https://lasna.example.fi"):
        url = code_url(make_code(kiosk.id))
    assert url == "https://lasna.example.fi/k/" + make_code(kiosk.id)


# --- The live part -----------------------------------------------------------------------------------

@time_machine.travel(MORNING, tick=False)
def test_the_live_part_is_204_until_something_changes(http, people):
    kiosk = pair(http, people.unit)
    first = http.get("/kiosk/live")
    assert first.status_code == 200
    version = version_of(text(first))
    assert f'hx-get="/kiosk/live?v={version}"' in text(first)
    unchanged = http.get(f"/kiosk/live?v={version}")
    assert unchanged.status_code == 204 and unchanged.get_data() == b""

    check_in(people.client, people.unit, kiosk)
    changed = http.get(f"/kiosk/live?v={version}")
    assert changed.status_code == 200
    assert "Anna A." in text(changed) and version_of(text(changed)) != version


def test_the_live_part_changes_with_the_code_every_30_seconds(http, people):
    pair(http, people.unit)
    with time_machine.travel(MORNING, tick=False) as traveller:
        first = text(http.get("/kiosk/live"))
        version = version_of(first)
        traveller.shift(timedelta(seconds=30))
        later = http.get(f"/kiosk/live?v={version}")
    assert later.status_code == 200
    code = re.compile(r'<svg.*?</svg>', re.DOTALL)
    assert code.search(first).group(0) != code.search(text(later)).group(0)


def test_it_greets_a_phone_check_in_for_a_few_seconds(http, people):
    kiosk = pair(http, people.unit)
    with time_machine.travel(MORNING, tick=False) as traveller:
        version = version_of(text(http.get("/kiosk/live")))
        check_in(people.client, people.unit, kiosk, method=Method.PHONE)
        traveller.shift(timedelta(seconds=1))
        greeted = http.get(f"/kiosk/live?v={version}")
        assert greeted.status_code == 200
        assert re.search(r'data-testid="greeting"[^>]*>\s*<p[^>]*>Tervetuloa, Anna!</p>', text(greeted))
        traveller.shift(timedelta(seconds=9))
        later = text(http.get(f"/kiosk/live?v={version_of(text(greeted))}"))
    assert "Tervetuloa" not in later and "Anna A." in later


@time_machine.travel(MORNING, tick=False)
def test_it_does_not_greet_its_own_badge_scans_or_another_units(http, people):
    kiosk = pair(http, people.unit)
    check_in(people.client, people.unit, kiosk, method=Method.BADGE)
    check_in(people.other_client, people.other_unit, method=Method.PHONE)
    assert 'data-testid="greeting"' not in text(http.get("/kiosk/live"))


@time_machine.travel(MORNING, tick=False)
def test_it_greets_a_badge_check_in_at_the_units_other_door(http, people):
    pair(http, people.unit)
    _, back_door = factories.make_kiosk(people.unit, name="Takaovi")
    check_in(people.client, people.unit, back_door, method=Method.BADGE)
    assert "Tervetuloa, Anna!" in text(http.get("/kiosk/live"))


@pytest.mark.parametrize("moment, interval", [
    (MORNING, "1500ms"), (DURING_THE_DAY, "1500ms"), (BEFORE_OPENING, "1500ms"),  # 7.15: opens at 8
    (AFTER_CLOSING, "45s"),  # 16.30: closed at 15
    (MORNING.replace(day=21), "45s"),  # a Saturday
])
def test_it_polls_fast_while_the_unit_is_open_and_backs_off_when_closed(http, people, moment, interval):
    pair(http, people.unit)
    with time_machine.travel(moment, tick=False):
        assert f'hx-trigger="every {interval}"' in text(http.get("/kiosk/live"))


@time_machine.travel(MORNING, tick=False)
def test_it_backs_off_on_a_closure_day(http, people):
    from webapp.units.models import Closure
    people.unit.closures.append(Closure(starts_on=MORNING.date(), ends_on=MORNING.date(), reason="Koulutus"))
    db.session.commit()
    pair(http, people.unit)
    assert 'hx-trigger="every 45s"' in text(http.get("/kiosk/live"))


# --- CSRF, service worker --------------------------------------------------------------------------

def test_the_csrf_route_gives_a_token_as_plain_text(http, people):
    pair(http, people.unit)
    response = http.get("/kiosk/csrf")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    assert response.headers["Cache-Control"] == "no-store"
    assert len(text(response)) > 20 and "<" not in text(response)


def test_the_service_worker_is_javascript_that_is_never_cached(http, people):
    pair(http, people.unit)
    response = http.get("/kiosk/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "application/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.headers["Service-Worker-Allowed"] == "/kiosk"
    assert "addEventListener(\"fetch\"" in text(response)


# --- Names and the PIN pad -------------------------------------------------------------------------

@time_machine.travel(MORNING, tick=False)
def test_the_names_list_shows_todays_expected_clients_first(http, people):
    pair(http, people.unit)
    # Wednesday: Anna's period plans Mon–Thu; Ville's only Fridays; Olga has no period at all.
    ville = factories.make_client(people.unit, first_name="Ville", last_name="Virtanen", period=False)
    factories.make_period(ville.client, people.unit, weekdays=(4,))
    factories.make_client(people.unit, first_name="Olga", last_name="Ojala", period=False)
    html = text(http.get("/kiosk/names"))
    expected, rest = html.split("Tänään odotetaan")[1].split("Muut")
    assert "Anna A." in expected and "Ville" not in expected
    assert "Olga O." in rest and "Ville V." in rest
    assert "Pekka" not in html  # another unit's client


@time_machine.travel(MORNING, tick=False)
def test_two_clients_with_the_same_short_name_are_told_apart(http, people):
    pair(http, people.unit)
    factories.make_client(people.unit, first_name="Anna", last_name="Aaltonen")
    html = text(http.get("/kiosk/names"))
    assert "Anna As." in html and "Anna Aa." in html and "Anna A.<" not in html


@time_machine.travel(MORNING, tick=False)
def test_the_pin_pad_names_the_client(http, people):
    pair(http, people.unit)
    response = http.get(f"/kiosk/names/{people.client.id}")
    assert response.status_code == 200
    assert 'data-testid="pinpad"' in text(response)
    assert f'data-client-id="{people.client.id}"' in text(response) and "Anna A." in text(response)


@time_machine.travel(MORNING, tick=False)
@pytest.mark.parametrize("who", ["other_client", "coach", "missing", "huge"])
def test_the_pin_pad_is_404_for_anyone_not_a_client_of_this_unit(http, people, who):
    pair(http, people.unit)
    ident = {"missing": 999999, "huge": 10**12}.get(who) or getattr(people, who).id
    response = http.get(f"/kiosk/names/{ident}")
    assert response.status_code == 404
    assert "Nimeä ei löytynyt" in text(response)


@time_machine.travel(MORNING, tick=False)
def test_an_inactive_client_is_not_on_the_list(http, people):
    pair(http, people.unit)
    people.client.active = False
    db.session.commit()
    assert "Anna" not in text(http.get("/kiosk/names"))
    assert http.get(f"/kiosk/names/{people.client.id}").status_code == 404


def test_a_unit_open_all_day_polls_fast_at_noon(http):
    unit = factories.make_unit("Yöpaja", weekdays=range(7), opens=time(0), closes=time(23, 59))
    pair(http, unit)
    with time_machine.travel(MORNING.replace(hour=12), tick=False):
        assert 'hx-trigger="every 1500ms"' in text(http.get("/kiosk/live"))
