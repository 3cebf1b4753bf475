"""POST /checkin/lunch: the client's answer to "Lunch today?"."""
import pytest

from tests import factories
from tests.checkin.phone import days, kiosk_url, scan_id_of
from tests.http import login, post, text
from webapp.audit.models import AuditEvent
from webapp.extensions import db


@pytest.fixture
def checked_in(http, people, clock):
    kiosk = factories.make_kiosk(people.unit)[1]
    login(http, people.client)
    return scan_id_of(http.get(kiosk_url(kiosk)))


@pytest.mark.parametrize("answer, stored", [("yes", True), ("no", False)])
def test_it_records_the_answer_and_goes_back(http, checked_in, answer, stored):
    response = post(http, "/checkin/lunch", {"lunch": answer})
    assert response.status_code == 303 and response.headers["Location"].endswith("/checkin")
    assert days()[0].lunch is stored


def test_from_the_result_page_it_goes_back_there(http, checked_in):
    response = post(http, "/checkin/lunch", {"lunch": "yes", "scan": str(checked_in)})
    assert response.headers["Location"].endswith(f"/checkin/scans/{checked_in}")


@pytest.mark.parametrize("scan", ["99999999999999999999", "abc", "", "0"])
def test_a_strange_scan_field_only_changes_where_it_goes_back(http, checked_in, scan):
    response = post(http, "/checkin/lunch", {"lunch": "yes", "scan": scan})
    assert response.status_code == 303 and response.headers["Location"].endswith("/checkin")
    assert days()[0].lunch is True


def test_htmx_gets_the_answers_fragment_with_the_choice_pressed(http, checked_in):
    response = post(http, "/checkin/lunch", {"lunch": "no"}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    page = text(response)
    assert 'id="checkin-answers"' in page and "<html" not in page
    assert "Merkitty: et syö lounasta tänään." in page
    assert 'value="no" class="checkin-choice" aria-pressed="true"' in page


def test_a_changed_answer_is_audited(http, people, checked_in):
    post(http, "/checkin/lunch", {"lunch": "yes"})
    post(http, "/checkin/lunch", {"lunch": "no"})
    events = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "lunch_changed")).all()
    assert len(events) == 1
    assert days()[0].lunch is False


@pytest.mark.parametrize("data", [{}, {"lunch": ""}, {"lunch": "maybe"}, {"lunch": "YES"}, {"lunch": "1"}])
def test_bad_values_are_400(http, checked_in, data):
    assert post(http, "/checkin/lunch", data).status_code == 400
    assert days()[0].lunch is None


def test_without_a_day_today_it_is_409_and_kind(http, people, clock):
    login(http, people.client)
    response = post(http, "/checkin/lunch", {"lunch": "yes"})
    assert response.status_code == 409
    assert "Et ole vielä kirjautunut sisään tänään." in text(response)
    assert days() == []


def test_without_a_day_htmx_is_sent_to_the_days_page(http, people, clock):
    login(http, people.client)
    response = post(http, "/checkin/lunch", {"lunch": "yes"}, headers={"HX-Request": "true"})
    assert response.status_code == 409 and response.headers["HX-Redirect"] == "/checkin"
    assert "Et ole vielä kirjautunut sisään tänään. Skannaa ensin" in text(http.get("/checkin"))


def test_without_csrf_it_is_400(http, checked_in):
    assert http.post("/checkin/lunch", data={"lunch": "yes"}).status_code == 400
    assert days()[0].lunch is None


@pytest.mark.parametrize("who", ["coach", "manager", "kitchen"])
def test_staff_get_403(http, people, who):
    login(http, getattr(people, who))
    assert post(http, "/checkin/lunch", {"lunch": "yes"}).status_code == 403


def test_anonymous_is_sent_to_login(http, people):
    assert post(http, "/checkin/lunch", {"lunch": "yes"}).status_code == 302


def test_get_is_405(http, people):
    login(http, people.client)
    assert http.get("/checkin/lunch").status_code == 405
