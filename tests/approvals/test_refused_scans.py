"""Refused scans from an offline tablet's queue on the day board (issue 14): the tablet told the
client "saved", so the coach sees each refusal of that unit and day with its time and the name
the tablet showed, records the day by hand, and marks the notice handled (an audit event)."""
from datetime import timedelta

import pytest
import time_machine

from tests import factories
from tests.http import login, post, text
from tests.kiosks.helpers import new_key, pair
from tests.kiosks.test_offline_refusals import queued_pin
from tests.moments import AFTER_CLOSING, MORNING
from webapp.audit.models import AuditEvent
from webapp.checkin import scans
from webapp.checkin.models import Method, Scan
from webapp.extensions import db

WEDNESDAY = MORNING.date()
HTMX = {"HX-Request": "true"}


@pytest.fixture
def evening():
    with time_machine.travel(AFTER_CLOSING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def refused(app, people, evening):
    """Anna typed a wrong PIN at 8.05 while the tablet was offline; it was sent in the evening."""
    tablet = app.test_client()
    kiosk = pair(tablet, people.unit)
    factories.enrol_pin(people.client, "5829")
    assert queued_pin(tablet, kiosk, people.client, "9999").headers["X-Lasna-Reason"] == "wrong_pin"
    return db.session.scalar(db.select(Scan))


def board(http, people, day=WEDNESDAY, unit=None, **headers):
    return http.get(f"/units/{(unit or people.unit).id}/board?day={day.isoformat()}", headers=headers)


def notice(html: str) -> str:
    start = html.index('data-testid="refused-scans"')
    return html[start:html.index("</section>", start)]


def test_the_board_shows_a_wrong_pin_typed_offline(http, people, refused):
    login(http, people.coach)
    html = text(board(http, people))
    part = notice(html)
    assert "Kioski ei voinut kirjata näitä" in part
    assert "8.05" in part and "Anna Asiakas" in part and "PIN-koodi oli väärin" in part
    assert "Ovitabletti" in part
    # A link to write the day by hand, and a button to mark the notice handled.
    assert f"/units/{people.unit.id}/presence?client={people.client.id}&amp;day=2026-11-18" in part
    assert f'action="/scans/{refused.id}/handled"' in part
    # The poll's fragment carries it too.
    assert 'data-testid="refused-scans"' in text(board(http, people, **HTMX))


def test_only_that_unit_and_day_show_it(http, people, refused):
    login(http, people.coach)
    assert 'data-testid="refused-scans"' not in text(board(http, people, day=WEDNESDAY + timedelta(days=1)))
    login(http, people.manager)
    assert 'data-testid="refused-scans"' not in text(board(http, people, unit=people.other_unit))
    assert 'data-testid="refused-scans"' in text(board(http, people))


def test_a_refusal_the_client_saw_at_the_tablet_is_not_shown(http, people, evening):
    scans.record_scan(key=new_key(), unit=people.unit, method=Method.BADGE, client=None, reason="unknown_badge")
    login(http, people.coach)
    assert 'data-testid="refused-scans"' not in text(board(http, people))


def test_without_a_known_client_it_shows_the_name_the_tablet_showed(http, people, app, evening):
    tablet = app.test_client()
    kiosk = pair(tablet, people.unit)
    queued_pin(tablet, kiosk, people.other_client, "4071", name="Pekka T.")
    login(http, people.coach)
    part = notice(text(board(http, people)))
    assert "Pekka T." in part and "Toinen" not in part and "/presence" not in part


def test_marking_it_handled_removes_it_and_leaves_an_audit_event(http, people, refused):
    login(http, people.coach)
    response = post(http, f"/scans/{refused.id}/handled", headers=HTMX)
    assert response.status_code == 200
    assert 'data-testid="refused-scans"' not in text(response) and "Merkitty käsitellyksi" in text(response)
    db.session.expire_all()
    scan = db.session.get(Scan, refused.id)
    assert scan.handled_at == AFTER_CLOSING and scan.handled_by_id == people.coach.id
    [event] = db.session.scalars(db.select(AuditEvent).where(AuditEvent.entity == "scan")).all()
    assert (event.action, event.actor_id, event.entity_id) == ("handled", people.coach.id, refused.id)
    assert event.changes["handled_at"][0] is None and event.changes["handled_at"][1]
    assert 'data-testid="refused-scans"' not in text(board(http, people))
    # Again: nothing more happens, and it says so kindly.
    again = post(http, f"/scans/{refused.id}/handled")
    assert again.status_code == 303
    assert db.session.scalar(db.select(db.func.count()).select_from(AuditEvent)
                             .where(AuditEvent.entity == "scan")) == 1


@pytest.mark.parametrize("persona, status", [("other_coach", 404), ("client", 403), ("kitchen", 403),
                                             ("manager", 303)])
def test_only_staff_of_the_unit_may_mark_it(http, people, refused, persona, status):
    login(http, getattr(people, persona))
    assert post(http, f"/scans/{refused.id}/handled").status_code == status


def test_a_scan_that_is_no_refused_queued_scan_is_404(http, people, evening):
    live = scans.record_scan(key=new_key(), unit=people.unit, method=Method.BADGE, client=None,
                             reason="unknown_badge").scan
    accepted = scans.record_scan(key=new_key(), unit=people.unit, method=Method.BADGE, client=people.client.client,
                                 scanned_at=MORNING, queued=True).scan
    login(http, people.coach)
    for scan_id in (live.id, accepted.id, 0, 10**12):
        assert post(http, f"/scans/{scan_id}/handled").status_code == 404
    assert http.get(f"/scans/{live.id}/handled").status_code == 405
