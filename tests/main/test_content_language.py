"""Every page says its language in Content-Language (real HTTP, both databases): the phone app's
service worker keeps its offline page in the language the client reads now."""
import pytest

from tests.http import login, post
from webapp.extensions import db


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_a_clients_pages_say_her_language(http, people, language):
    people.client.language = language
    db.session.commit()
    login(http, people.client)
    for path in ("/", "/offline", "/diary"):
        response = http.get(path)
        assert response.headers["Content-Language"] == language, path


def test_a_language_chosen_in_the_menu_shows_at_once(http, people):
    login(http, people.client)
    assert http.get("/offline").headers["Content-Language"] == "fi"
    post(http, "/language", {"language": "sv", "next": "/"})
    assert http.get("/offline").headers["Content-Language"] == "sv"


def test_files_that_are_not_pages_say_nothing(http, people):
    login(http, people.client)
    assert "Content-Language" not in http.get("/sw.js").headers
    assert "Content-Language" not in http.get("/me/data.json").headers
