import pytest

from tests.http import login, post, text
from webapp.main import bp


@bp.get("/_test/boom")
def _boom():  # registered before the app is built: a view that fails, to see the 500 page
    raise RuntimeError("boom")


def test_an_unknown_page_is_a_finnish_404(http):
    response = http.get("/no/such/page")
    assert response.status_code == 404
    assert "Sivua ei löytynyt" in text(response)
    assert "Siirry etusivulle" in text(response)


def test_a_wrong_method_is_a_405_with_allow(http):
    response = http.get("/logout")
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]
    assert "Tämä ei toimi täällä" in text(response)


def test_a_crash_is_a_calm_500_without_details(http):
    response = http.get("/_test/boom")
    assert response.status_code == 500
    assert "Meillä tapahtui virhe" in text(response)
    assert "RuntimeError" not in text(response)


def test_a_forbidden_page_is_a_403(http, people):
    login(http, people.client)
    response = http.get("/units")
    assert response.status_code == 403
    assert "Tämä sivu ei ole sinua varten" in text(response)


@pytest.mark.parametrize("language, words", [("sv", "Sidan hittades inte"), ("en", "Page not found")])
def test_error_pages_speak_the_users_language(http, people, language, words):
    post(http, "/language", {"language": language})
    assert words in text(http.get("/no/such/page"))


def test_an_htmx_request_gets_only_the_error_fragment(http):
    response = http.get("/no/such/page", headers={"HX-Request": "true"})
    assert response.status_code == 404
    assert "<html" not in text(response)
    assert "Sivua ei löytynyt" in text(response)
