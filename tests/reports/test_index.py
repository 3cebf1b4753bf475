"""The list of reports (/reports): staff see the Kela and travel reports; only the office sees
the money."""
import pytest

from tests.http import login, text


def test_the_manager_sees_every_report(http, people):
    login(http, people.manager)
    html = text(http.get("/reports"))
    for href in ("/reports/kela/due", "/reports/kela?period=", "/reports/travel?month=", "/money/compensation?month=",
                 "/money/close", "/invoicing", "/invoicing/prices"):
        assert f'href="{href}' in html
    assert 'href="/reports" aria-current="page"' in html  # the menu's Raportit


@pytest.mark.parametrize("persona", ["coach", "other_coach"])
def test_a_coach_sees_the_kela_and_travel_reports_but_not_the_money(http, people, persona):
    login(http, getattr(people, persona))
    response = http.get("/reports")
    assert response.status_code == 200
    assert 'href="/reports/kela/due"' in text(response)
    assert not any(money in text(response) for money in ("/money/compensation", "/money/close", "/invoicing"))


@pytest.mark.parametrize("persona, status", [("client", 403), ("kitchen", 403), (None, 302)])
def test_others_get_nothing(http, people, persona, status):
    if persona:
        login(http, getattr(people, persona))
    assert http.get("/reports").status_code == status
