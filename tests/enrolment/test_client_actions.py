"""templates/enrolment/_client_actions.html: the phone and badge buttons on the client's page."""
import re

from flask import render_template_string

from tests.enrolment.helpers import start_enrolment
from tests.http import csrf_token, login, post
from webapp.accounts import sessions


def render(app, people):
    with app.test_request_context("/"):
        sessions.start(people.coach)
        return render_template_string('{% include "enrolment/_client_actions.html" %}',
                                      client=people.client.client)


def forms(html):
    return dict(re.findall(r'<form method="post" action="([^"]+)".*?<button[^>]*>([^<]+)</button>', html, re.S))


def test_a_new_client_has_no_phone_and_no_pin(app, people):
    html = render(app, people)
    assert "Ei yhdistetty" in html
    assert "Ei asetettu" in html
    cid = people.client.id
    assert forms(html) == {f"/clients/{cid}/enrol": "Yhdistä puhelin",
                           f"/clients/{cid}/badge/regenerate": "Uusi kortti"}
    assert f'href="/clients/{cid}/badge"' in html
    assert html.count('name="csrf_token"') == 2


def test_an_enrolled_client_shows_the_phone_and_a_sign_out_button(app, people):
    secret = start_enrolment(app, people.coach, people.client)
    phone = app.test_client()
    phone.post(f"/enrol/{secret}", data={"csrf_token": csrf_token(phone), "pin": "4826", "again": "4826"})
    html = render(app, people)
    assert "Yhdistetty" in html and "Ei yhdistetty" not in html
    assert "Asetettu" in html and "Ei asetettu" not in html
    assert forms(html)[f"/clients/{people.client.id}/phone/revoke"] == "Kirjaa puhelin ulos"


def test_after_sign_out_it_says_so(app, http, people):
    secret = start_enrolment(app, people.coach, people.client)
    phone = app.test_client()
    phone.post(f"/enrol/{secret}", data={"csrf_token": csrf_token(phone), "pin": "4826", "again": "4826"})
    login(http, people.coach)
    post(http, f"/clients/{people.client.id}/phone/revoke", {"confirm": "yes"})
    html = render(app, people)
    assert "Kirjattu ulos" in html
    assert f"/clients/{people.client.id}/phone/revoke" not in forms(html)
