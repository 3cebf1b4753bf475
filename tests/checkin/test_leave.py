"""POST /checkin/leave/<scan_id>: "Yes, I'm leaving now" to a later scan of the day."""
from datetime import timedelta

import pytest

from tests import factories
from tests.checkin.phone import days, kiosk_url, scan_id_of, scans
from tests.http import login, post, text
from tests.moments import MORNING
from webapp.checkin.models import Outcome


@pytest.fixture
def asked(http, people, kiosk, clock):
    """Anna checked in at 8.05 and scanned again at 13.05: the phone asks "Leaving now?"."""
    login(http, people.client)
    http.get(kiosk_url(kiosk))
    clock.shift(timedelta(hours=5))
    return scan_id_of(http.get(kiosk_url(kiosk)))


def test_it_checks_out_now(http, asked, clock):
    clock.shift(timedelta(minutes=1))
    response = post(http, f"/checkin/leave/{asked}")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/checkin/scans/{asked}")
    [day] = days()
    assert day.check_out_at == MORNING + timedelta(hours=5, minutes=1)
    assert scans()[-1].outcome == Outcome.CHECKED_OUT


def test_htmx_gets_the_goodbye_with_the_hours(http, asked):
    response = post(http, f"/checkin/leave/{asked}", headers={"HX-Request": "true"})
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    page = text(response)
    assert "Kiitos tästä päivästä!" in page and "Olit paikalla 5 t 0 min." in page
    assert "<html" not in page


def test_answering_twice_checks_out_once(http, asked, clock):
    post(http, f"/checkin/leave/{asked}")
    clock.shift(timedelta(minutes=3))
    response = post(http, f"/checkin/leave/{asked}")
    assert response.status_code == 303
    assert days()[0].check_out_at == MORNING + timedelta(hours=5)


def test_an_old_question_cannot_be_answered_from_home(http, asked, clock):
    clock.shift(timedelta(hours=2))
    response = post(http, f"/checkin/leave/{asked}")
    assert response.status_code == 409
    assert "Skannaa kioskin koodi uudelleen, kun lähdet." in text(response)
    assert days()[0].check_out_at is None


def test_a_check_in_scan_cannot_be_answered_with_leaving(http, people, kiosk, clock):
    login(http, people.client)
    scan_id = scan_id_of(http.get(kiosk_url(kiosk)))
    response = post(http, f"/checkin/leave/{scan_id}")
    assert response.status_code == 409
    assert days()[0].check_out_at is None


def test_htmx_with_a_conflict_is_sent_to_the_days_page(http, asked, clock):
    clock.shift(timedelta(hours=2))
    response = post(http, f"/checkin/leave/{asked}", headers={"HX-Request": "true"})
    assert response.status_code == 409 and response.headers["HX-Redirect"] == "/checkin"


def test_another_clients_scan_is_404(app, http, people, kiosk, asked):
    other = factories.make_client(people.unit, first_name="Olga", email="olga@example.fi",
                                  password=factories.PASSWORD)
    olgas_phone = app.test_client()
    login(olgas_phone, other)
    assert post(olgas_phone, f"/checkin/leave/{asked}").status_code == 404
    assert post(olgas_phone, "/checkin/leave/999999").status_code == 404
    assert post(olgas_phone, "/checkin/leave/99999999999999999999").status_code == 404
    assert days()[0].check_out_at is None


def test_without_csrf_it_is_400(http, asked):
    assert http.post(f"/checkin/leave/{asked}").status_code == 400
    assert days()[0].check_out_at is None


@pytest.mark.parametrize("who", ["coach", "manager", "kitchen"])
def test_staff_get_403(app, people, asked, who):
    staff = app.test_client()
    login(staff, getattr(people, who))
    assert post(staff, f"/checkin/leave/{asked}").status_code == 403
    assert days()[0].check_out_at is None


def test_get_is_405(http, asked):
    assert http.get(f"/checkin/leave/{asked}").status_code == 405
