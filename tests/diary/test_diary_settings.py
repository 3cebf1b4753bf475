"""GET/POST /diary/settings: whether new entries are shared with the own coach by default."""
from tests.http import login, post, text
from webapp.clients.models import ClientProfile
from webapp.extensions import db


def default(person) -> bool:
    db.session.expire_all()
    return db.session.get(ClientProfile, person.id).diary_share_default


def test_it_explains_and_saves_the_default(http, people, clock):
    login(http, people.client)
    page = text(http.get("/diary/settings"))
    assert "Päiväkirjasi on oletuksena vain sinun." in page and "Kaisa" in page
    response = post(http, "/diary/settings", {"share_default": "y"})
    assert response.status_code == 303 and default(people.client) is True
    assert "Asetus tallennettu." in text(http.get("/diary/settings"))
    post(http, "/diary/settings", {})
    assert default(people.client) is False


def test_it_is_only_for_the_client(http, people, clock):
    assert http.get("/diary/settings").status_code == 302
    assert post(http, "/diary/settings", {"share_default": "y"}).status_code == 302
    login(http, people.coach)
    assert http.get("/diary/settings").status_code == 403
    assert post(http, "/diary/settings", {"share_default": "y"}).status_code == 403
    assert default(people.client) is False


def test_it_needs_csrf_and_rejects_other_methods(http, people, clock):
    login(http, people.client)
    assert http.post("/diary/settings", data={"share_default": "y"}).status_code == 400
    assert http.put("/diary/settings").status_code == 405
    assert default(people.client) is False
