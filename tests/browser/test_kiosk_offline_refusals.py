"""A wrong PIN typed while the tablet is offline (issue 14): the tablet says the PIN is checked
later, the server refuses it when the queue is sent without counting it towards the lock, and
the coach's day board (1024×768) shows it with its time and name until she has handled it."""
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.a11y import assert_accessible
from tests.browser.test_kiosk_offline import pin_scan
from tests.conftest import TABLET, browser_login, new_context
from tests.kiosks.helpers import open_all_day_unit, pair_page
from webapp.audit.models import AuditEvent
from webapp.checkin.models import Scan
from webapp.clients.models import ClientProfile
from webapp.extensions import db
from webapp.lib import clock

pytestmark = pytest.mark.browser


def test_a_wrong_pin_typed_offline_reaches_the_coachs_board(tablet, browser, live_server):
    page = tablet
    unit = open_all_day_unit()
    coach = factories.make_coach(unit, first_name="Kaisa", last_name="Ohjaaja")
    anna = factories.make_client(unit, coach=coach, first_name="Anna", last_name="Asiakas")
    factories.enrol_pin(anna, "5829")
    pair_page(page, unit)
    scanned_at = (clock.now() - timedelta(minutes=20)).replace(microsecond=0)
    page.clock.set_fixed_time(scanned_at)
    page.goto("/kiosk")

    page.context.set_offline(True)
    expect(page.get_by_test_id("offline")).to_be_visible()
    pin_scan(page, "Anna A.", "1111")
    saved = page.get_by_test_id("saved")
    expect(saved).to_contain_text("Kirjauksesi on tallessa.")
    expect(saved).to_contain_text("PIN-koodi tarkistetaan, kun verkko palaa. Jos se oli väärin, ohjaaja merkitsee päivän.")
    page.keyboard.press("Escape")
    page.context.set_offline(False)
    expect(page.get_by_test_id("waiting")).to_be_hidden(timeout=15_000)

    db.session.expire_all()
    scan = db.session.scalar(db.select(Scan))
    assert (scan.outcome, scan.reason, scan.from_queue, scan.shown_name) == ("rejected", "wrong_pin", True, "Anna A.")
    assert db.session.get(ClientProfile, anna.id).pin_failed_attempts == 0

    context = new_context(browser, live_server.url, **TABLET)
    board = context.new_page()
    browser_login(board, coach, home=False)
    day = clock.to_local(scanned_at).date()
    board.goto(f"/units/{unit.id}/board?day={day.isoformat()}")
    notice = board.get_by_test_id("refused-scans")
    expect(notice).to_contain_text("Kioski ei voinut kirjata näitä")
    item = notice.get_by_test_id("refused-scan")
    expect(item).to_contain_text(clock.to_local(scanned_at).strftime("%-H.%M"))
    expect(item).to_contain_text("Anna Asiakas")
    expect(item).to_contain_text("PIN-koodi oli väärin")
    box = notice.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 1024
    assert_accessible(board, "the day board with a refused offline scan")

    item.get_by_role("link", name="Kirjaa läsnäolo").click()  # the day by hand, in the panel
    expect(board.get_by_test_id("panel")).to_contain_text("Oli paikalla, mutta ei leimannut")
    board.keyboard.press("Escape")
    item.get_by_role("button", name="Merkitse käsitellyksi").click()
    expect(board.get_by_test_id("board-message")).to_have_text("Merkitty käsitellyksi: Anna Asiakas.")
    expect(notice).to_be_hidden()
    db.session.expire_all()
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.entity == "scan"))
    assert (event.action, event.actor_id, event.entity_id) == ("handled", coach.id, scan.id)
    context.close()
