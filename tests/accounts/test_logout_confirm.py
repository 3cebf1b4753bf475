"""A client logs out only after saying yes (real HTTP, both databases): the menu links to a page
that says plainly what logging out means, with a form that logs out; no JavaScript needed. A
client with only a phone learns she needs a new code from her coach to come back."""
import re

from tests.http import login, post, text
from webapp.extensions import db


def menu(page: str) -> str:
    return re.search(r'<details class="menu">.*?</details>', page, re.DOTALL).group(0)


def test_the_clients_menu_asks_first_instead_of_logging_out(http, people):
    login(http, people.client)
    home = menu(text(http.get("/")))
    assert 'href="/logout/confirm"' in home
    assert 'action="/logout"' not in home


def test_staff_log_out_from_the_menu_at_once(http, people):
    login(http, people.coach)
    page = menu(text(http.get("/clients/mine")))
    assert 'action="/logout"' in page and "/logout/confirm" not in page


def test_a_client_with_only_a_phone_is_told_she_needs_a_new_code(http, people):
    login(http, people.client)
    people.client.password_hash = None  # connected by a one-time code, no password
    db.session.commit()
    response = http.get("/logout/confirm")
    assert response.status_code == 200
    page = text(response)
    assert "Kirjaudutko ulos?" in page
    assert "Tarvitset ohjaajaltasi uuden koodin" in page
    assert "Päiväkirjamerkinnät, joita ei ole vielä lähetetty, katoavat" in page
    assert 'action="/logout"' in page and 'name="csrf_token"' in page
    assert 'href="/"' in page and "En kirjaudu ulos" in page
    assert http.get("/").status_code == 200  # looking at the question logs nobody out


def test_a_client_with_a_password_is_told_how_to_come_back(http, people):
    login(http, people.client)
    page = text(http.get("/logout/confirm"))
    assert "Pääset takaisin sähköpostiosoitteellasi ja salasanallasi." in page
    assert "uuden koodin" not in page


def test_saying_yes_logs_out(http, people):
    login(http, people.client)
    http.get("/logout/confirm")
    response = post(http, "/logout")
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    assert http.get("/").headers["Location"].endswith("/login")


def test_anonymous_is_sent_to_login(http, people):
    response = http.get("/logout/confirm")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_question_is_in_swedish_for_a_swedish_client(http, people):
    people.client.language = "sv"
    db.session.commit()
    login(http, people.client)
    people.client.password_hash = None
    db.session.commit()
    page = text(http.get("/logout/confirm"))
    assert "Vill du logga ut?" in page and "en ny kod av din handledare" in page
