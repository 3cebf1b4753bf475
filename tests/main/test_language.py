from tests.http import login, post, text
from webapp.extensions import db


def test_finnish_is_the_default(http):
    assert 'lang="fi"' in text(http.get("/login"))


def test_an_anonymous_visitor_can_switch_to_swedish(http):
    response = post(http, "/language", {"language": "sv", "next": "/login"})
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    page = text(http.get("/login"))
    assert 'lang="sv"' in page and "Logga in" in page


def test_the_choice_is_stored_on_the_person(http, people):
    login(http, people.coach)
    post(http, "/language", {"language": "en"})
    db.session.refresh(people.coach)
    assert people.coach.language == "en"


def test_an_unknown_language_is_a_400(http):
    assert post(http, "/language", {"language": "de"}).status_code == 400


def test_it_never_redirects_off_site(http):
    response = post(http, "/language", {"language": "fi", "next": "//evil.example/"})
    assert response.headers["Location"] == "/"


def test_it_needs_csrf(http):
    assert http.post("/language", data={"language": "sv"}).status_code == 400
