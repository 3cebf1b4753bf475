"""GET /sign-ins: the manager sees failed sign-ins (the email as typed, the address, the time) and
what is locked now, and opens a lock (POST /sign-ins/locks/<id>/unlock, audited)."""
import re
from datetime import timedelta

import pytest

from tests import moments
from tests.http import login, post, text
from webapp.audit.models import AuditEvent
from webapp.extensions import db

UNLOCK = re.compile(r'action="(/sign-ins/locks/\d+/unlock)"')


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(moments.MORNING, tick=False)
    return time_machine


def fail(app, email, times=1, address="127.0.0.1"):
    """Wrong passwords from a browser of their own, waiting out each wait on the way."""
    http = app.test_client()
    http.environ_base["REMOTE_ADDR"] = address
    for _ in range(times):
        response = post(http, "/login", {"email": email, "password": "not it"})
        assert response.status_code in (400, 429)


def manager(app, people):
    http = app.test_client()
    http.environ_base["REMOTE_ADDR"] = "192.0.2.1"
    login(http, people.manager)
    return http


def test_the_manager_sees_each_failure_as_it_was_typed(app, people, frozen):
    fail(app, "  Kaisa.Virtanen@Example.FI ", address="198.51.100.23")
    page = text(manager(app, people).get("/sign-ins"))
    assert "<h1>Epäonnistuneet kirjautumiset</h1>" in page
    assert "  Kaisa.Virtanen@Example.FI " in page  # as typed, spaces and all
    assert "198.51.100.23" in page
    assert "18.11.2026 8.05" in page
    assert "Salasana" in page


def test_a_failure_with_a_known_email_names_the_person(app, people, frozen):
    fail(app, people.coach.email.upper())
    page = text(manager(app, people).get("/sign-ins"))
    assert people.coach.full_name in page


def test_a_long_list_comes_in_pages_of_fifty(app, people, frozen):
    for n in range(12):
        fail(app, f"guess{n}@example.fi", times=5, address=f"198.51.100.{n}")
    http = manager(app, people)
    first = text(http.get("/sign-ins"))
    assert first.count('data-testid="failure"') == 50
    assert 'data-testid="pager"' in first
    second = text(http.get("/sign-ins?page=2"))
    assert second.count('data-testid="failure"') == 10
    assert http.get("/sign-ins?page=x").status_code == 404


def test_the_newest_come_first(app, people, frozen):
    fail(app, "first@example.fi")
    frozen.shift(timedelta(minutes=3))
    fail(app, "second@example.fi")
    page = text(manager(app, people).get("/sign-ins"))
    assert page.index("second@example.fi") < page.index("first@example.fi")


def test_the_manager_sees_a_lock_and_opens_it(app, people, frozen):
    fail(app, people.coach.email, times=5)
    http = manager(app, people)
    page = text(http.get("/sign-ins"))
    assert "Lukitut nyt" in page and people.coach.email in page
    assert "kello 8.05 asti" in page  # 8.05 and 15 s: the wait after the fifth failure
    [action] = UNLOCK.findall(page)
    response = post(http, action)
    assert response.status_code == 302 and response.headers["Location"] == "/sign-ins"
    assert "Lukitus on avattu" in text(http.get("/sign-ins"))
    coach = app.test_client()
    assert post(coach, "/login", {"email": people.coach.email, "password": "correct horse battery"}).status_code == 302
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "unlock"))
    assert event.actor_id == people.manager.id and event.entity == "sign_in_throttle"
    assert event.changes["subject"] == [people.coach.email, people.coach.email]
    assert event.changes["failures"] == [5, 0]


def test_opening_an_account_also_opens_its_known_devices(app, people, frozen):
    laptop = app.test_client()
    login(laptop, people.coach)
    post(laptop, "/logout")
    for _ in range(6):
        post(laptop, "/login", {"email": people.coach.email, "password": "not it"})
    fail(app, people.coach.email, times=6, address="203.0.113.9")  # a new browser: the account
    http = manager(app, people)
    page = text(http.get("/sign-ins"))
    assert "laitteella, jolla on kirjauduttu aiemmin" in page
    account, device = UNLOCK.findall(page)  # accounts first
    post(http, account)
    assert UNLOCK.findall(text(http.get("/sign-ins"))) == []
    assert post(laptop, "/login", {"email": people.coach.email, "password": "correct horse battery"}).status_code == 302


def test_an_address_lock_shows_and_opens_too(app, people, frozen):
    for n in range(21):
        fail(app, f"guess{n}@example.fi", address="198.51.100.99")
    http = manager(app, people)
    page = text(http.get("/sign-ins"))
    assert "198.51.100.99" in page and "IP-osoite (kirjautuminen)" in page
    [action] = [a for a in UNLOCK.findall(page)]
    post(http, action)
    stranger = app.test_client()
    stranger.environ_base["REMOTE_ADDR"] = "198.51.100.99"
    assert post(stranger, "/login", {"email": "x@example.fi", "password": "y"}).status_code == 400


def test_unlocking_a_lock_that_is_gone_is_a_404(app, people):
    assert post(manager(app, people), "/sign-ins/locks/999999/unlock").status_code == 404


def test_the_staff_page_links_here_and_marks_a_locked_account(app, people, frozen):
    fail(app, people.coach.email, times=5)
    page = text(manager(app, people).get("/staff"))
    assert 'href="/sign-ins"' in page
    assert page.count('data-testid="locked"') == 1


def test_failures_older_than_ninety_days_are_removed(app, people, frozen):
    fail(app, "old@example.fi")
    frozen.shift(timedelta(days=91))
    fail(app, "new@example.fi")
    page = text(manager(app, people).get("/sign-ins"))
    assert "new@example.fi" in page and "old@example.fi" not in page


@pytest.mark.parametrize("language, words", [("sv", "Misslyckade inloggningar"), ("en", "Failed sign-ins")])
def test_the_page_speaks_the_managers_language(app, people, language, words):
    http = manager(app, people)
    post(http, "/language", {"language": language})
    assert words in text(http.get("/sign-ins"))


def test_only_a_manager_may_look(app, people):
    for person in (people.coach, people.kitchen, people.client):
        http = app.test_client()
        login(http, person)
        assert http.get("/sign-ins").status_code == 403
