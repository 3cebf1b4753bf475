"""POST /logout and POST /logout/everywhere end sessions on the server: a session or remember
cookie copied before logging out opens nothing afterwards. Each browser or phone that signs in has
its own sign-in record (webapp/accounts/sessions.py); logging out ends that one only, signing out
everywhere (or a new password) ends them all."""
from tests.http import login, post, text
from webapp.accounts.models import SignIn
from webapp.extensions import db

SESSION, REMEMBER = "lasna_session", "lasna_remember"


def cookies_of(http) -> dict:
    return {name: http.get_cookie(name).value for name in (SESSION, REMEMBER) if http.get_cookie(name)}


def replay(app, cookies: dict):
    """Another browser that holds copies of the cookies (an attacker who copied them, say)."""
    thief = app.test_client()
    for name, value in cookies.items():
        thief.set_cookie(name, value)
    return thief


def signed_in(http) -> bool:
    response = http.get("/clients")
    if response.status_code == 302:
        assert response.headers["Location"].startswith("/login")
        return False
    assert response.status_code == 200
    return True


def test_a_session_cookie_copied_before_logout_opens_nothing_after_it(app, http, people):
    login(http, people.manager)
    copied = cookies_of(http)
    assert set(copied) == {SESSION}
    assert signed_in(replay(app, copied))  # the copy works while the session lasts
    assert post(http, "/logout").status_code == 302
    assert not signed_in(replay(app, copied))


def test_a_remember_cookie_copied_before_logout_opens_nothing_after_it(app, http, people):
    post(http, "/login", {"email": people.manager.email, "password": "correct horse battery", "remember": "y"})
    copied = cookies_of(http)
    assert set(copied) == {SESSION, REMEMBER}
    assert signed_in(replay(app, {REMEMBER: copied[REMEMBER]}))
    post(http, "/logout")
    assert not signed_in(replay(app, {REMEMBER: copied[REMEMBER]}))
    assert not signed_in(replay(app, {SESSION: copied[SESSION]}))
    assert not signed_in(replay(app, copied))


def test_logging_out_leaves_the_other_devices_signed_in(app, http, people):
    laptop, tablet = http, app.test_client()
    login(laptop, people.manager)
    login(tablet, people.manager)
    post(laptop, "/logout")
    assert not signed_in(laptop)
    assert signed_in(tablet)


def test_signing_out_everywhere_ends_every_device(app, http, people):
    laptop, tablet = http, app.test_client()
    login(laptop, people.manager)
    post(tablet, "/login", {"email": people.manager.email, "password": "correct horse battery", "remember": "y"})
    copied = cookies_of(tablet)
    response = post(laptop, "/logout/everywhere")
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert not signed_in(laptop)
    assert not signed_in(tablet)
    assert not signed_in(replay(app, copied))
    assert "Olet kirjautunut ulos kaikilta laitteilta." in text(laptop.get("/login"))


def test_signing_out_everywhere_needs_a_post_with_csrf(app, http, people):
    login(http, people.manager)
    assert http.get("/logout/everywhere").status_code == 405
    assert http.post("/logout/everywhere").status_code == 400
    assert signed_in(http)  # no CSRF token: nothing happened


def test_a_new_password_ends_the_other_devices_but_not_this_one(app, http, people):
    laptop, tablet = http, app.test_client()
    login(laptop, people.coach)
    login(tablet, people.coach)
    copied = cookies_of(laptop)
    response = post(laptop, "/account/password", {
        "current": "correct horse battery", "new": "uusi salasana 2027", "again": "uusi salasana 2027"})
    assert response.status_code == 302
    assert laptop.get("/clients/mine").status_code == 200
    assert tablet.get("/clients/mine").status_code == 302
    assert replay(app, copied).get("/clients/mine").status_code == 302


def test_each_sign_in_is_a_record_and_logout_ends_only_its_own(app, http, people):
    laptop, tablet = http, app.test_client()
    tablet.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    login(laptop, people.manager)
    login(tablet, people.manager)
    records = db.session.scalars(db.select(SignIn).where(SignIn.person_id == people.manager.id)
                                 .order_by(SignIn.id)).all()
    assert [r.address for r in records] == ["127.0.0.1", "192.0.2.7"]
    assert all(r.ended_at is None and r.created_at is not None for r in records)
    assert all(len(r.key_hash) == 64 for r in records)  # only a hash of the key is kept
    post(tablet, "/logout")
    db.session.expire_all()
    assert records[0].ended_at is None and records[1].ended_at is not None


def test_a_session_of_an_ended_record_is_refused_even_with_the_right_login_token(app, http, people):
    login(http, people.manager)
    db.session.execute(db.update(SignIn).values(ended_at=db.func.current_timestamp()))
    db.session.commit()
    assert not signed_in(http)
