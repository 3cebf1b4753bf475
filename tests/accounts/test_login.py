from tests.http import csrf_token, login, post, text


def test_it_shows_the_login_form_in_finnish(http):
    response = http.get("/login")
    assert response.status_code == 200
    assert 'lang="fi"' in text(response)
    assert "Kirjaudu sisään" in text(response)


def test_it_signs_in_with_email_and_password(http, people):
    response = post(http, "/login", {"email": "ANNA@example.fi ", "password": "correct horse battery"})
    assert response.status_code == 302
    assert http.get("/").status_code == 200


def test_it_refuses_a_wrong_password_with_a_clear_message(http, people):
    response = post(http, "/login", {"email": "anna@example.fi", "password": "wrong"})
    assert response.status_code == 400
    assert "Väärä sähköposti tai salasana." in text(response)


def test_it_refuses_an_unknown_email_the_same_way(http, people):
    response = post(http, "/login", {"email": "nobody@example.fi", "password": "wrong"})
    assert response.status_code == 400
    assert "Väärä sähköposti tai salasana." in text(response)


def test_it_refuses_a_post_without_csrf(http, people):
    response = http.post("/login", data={"email": "anna@example.fi", "password": "correct horse battery"})
    assert response.status_code == 400
    assert http.get("/").status_code == 302  # still signed out


def test_it_refuses_a_deactivated_person(http, people, app):
    from webapp.extensions import db
    people.coach.active = False
    db.session.commit()
    response = post(http, "/login", {"email": people.coach.email, "password": "correct horse battery"})
    assert response.status_code == 400


def test_it_ignores_an_offsite_next(http, people):
    token = csrf_token(http)
    response = http.post("/login?next=//evil.example/x", data={
        "csrf_token": token, "email": "anna@example.fi", "password": "correct horse battery"})
    assert response.headers["Location"] == "/"


def test_logout_needs_a_post(http, people):
    login(http, people.client)
    assert http.get("/logout").status_code == 405
    assert post(http, "/logout").status_code == 302
    assert http.get("/").status_code == 302


def test_session_cookie_is_secure_and_httponly(http, people):
    response = login(http, people.client)
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_fields_are_not_marked_invalid_until_they_are(http, people):
    page = text(http.get("/login"))
    assert "aria-invalid" not in page and "None" not in page
    page = text(post(http, "/login", {"email": "anna@example.fi", "password": "wrong"}))
    assert 'aria-invalid="true"' in page and 'aria-describedby="password-error"' in page


def test_an_htmx_refresh_after_the_session_ended_sends_the_whole_page_to_sign_in(http, people):
    """Not the sign-in page inside the kitchen's counts: HX-Redirect, back to the page after."""
    response = http.get("/kitchen?unit=1", headers={"HX-Request": "true",
                                                    "HX-Current-URL": "http://localhost/kitchen?unit=1"})
    assert response.status_code == 401 and "Location" not in response.headers
    assert response.headers["HX-Redirect"] == "/login?next=%2Fkitchen%3Funit%3D1"
    plain = http.get("/kitchen?unit=1")
    assert plain.status_code == 302 and plain.headers["Location"] == "/login?next=%2Fkitchen%3Funit%3D1"
