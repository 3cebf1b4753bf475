"""Cookies from before sign-in records carried the login token alone. The migration gave each
person one record for them; the first request with such a cookie moves onto a record of its own
(an enrolled phone stays signed in), and then no other copy of the old cookie opens anything."""
from flask_login.utils import encode_cookie
from flask_migrate import downgrade, upgrade

from webapp.accounts.models import SignIn
from webapp.accounts.sessions import hash_key
from webapp.extensions import db

SESSION, REMEMBER = "lasna_session", "lasna_remember"
BEFORE = "32220c43f798"  # the revision before sign-in records


def old_record(person) -> SignIn:
    """What the migration made for the person's existing sessions."""
    record = SignIn(person_id=person.id, key_hash=hash_key(person.login_token))
    db.session.add(record)
    db.session.commit()
    return record


def old_session_cookie(app, person) -> str:
    with app.test_request_context():
        return app.session_interface.get_signing_serializer(app).dumps({"_user_id": person.login_token,
                                                                         "_fresh": True})


def old_remember_cookie(app, person) -> str:
    with app.test_request_context():
        return encode_cookie(person.login_token)


def browser_with(app, **cookies):
    http = app.test_client()
    for name, value in cookies.items():
        http.set_cookie(name, value)
    return http


def test_an_old_session_cookie_works_once_then_only_on_its_new_record(app, people):
    record = old_record(people.manager)
    cookie = old_session_cookie(app, people.manager)
    laptop = browser_with(app, **{SESSION: cookie})
    assert laptop.get("/clients").status_code == 200
    db.session.refresh(record)
    assert record.ended_at is not None
    [new] = db.session.scalars(db.select(SignIn).where(SignIn.id != record.id)).all()
    assert new.ended_at is None and new.person_id == people.manager.id
    assert laptop.get("/clients").status_code == 200  # on its new cookie
    assert laptop.get_cookie(SESSION).value != cookie
    copy = browser_with(app, **{SESSION: cookie})
    assert copy.get("/clients").status_code == 302


def test_an_enrolled_phone_with_an_old_remember_cookie_stays_signed_in(app, people):
    old_record(people.client)
    cookie = old_remember_cookie(app, people.client)
    phone = browser_with(app, **{REMEMBER: cookie})
    assert phone.get("/").status_code == 200
    renewed = phone.get_cookie(REMEMBER).value
    assert renewed != cookie and ":" in renewed.split("|")[0]
    phone.delete_cookie(SESSION)  # the browser closed: only the remember cookie is left
    assert phone.get("/").status_code == 200
    assert browser_with(app, **{REMEMBER: cookie}).get("/").status_code == 302


def test_an_old_cookie_of_someone_without_an_old_record_opens_nothing(app, people):
    assert browser_with(app, **{SESSION: old_session_cookie(app, people.manager)}).get("/clients").status_code == 302
    assert browser_with(app, **{REMEMBER: old_remember_cookie(app, people.manager)}).get("/clients").status_code == 302


def test_an_old_cookie_after_signing_out_everywhere_opens_nothing(app, people):
    old_record(people.manager)
    cookies = {SESSION: old_session_cookie(app, people.manager), REMEMBER: old_remember_cookie(app, people.manager)}
    people.manager.sign_out_everywhere()
    db.session.commit()
    assert browser_with(app, **cookies).get("/clients").status_code == 302


def test_the_migration_makes_the_old_record_of_everyone(app, people):
    downgrade(revision=BEFORE)
    upgrade()
    records = {r.person_id: r for r in db.session.scalars(db.select(SignIn))}
    for person in (people.manager, people.coach, people.client):
        assert records[person.id].key_hash == hash_key(person.login_token)
        assert records[person.id].ended_at is None and records[person.id].address is None
    assert browser_with(app, **{REMEMBER: old_remember_cookie(app, people.client)}).get("/").status_code == 200
