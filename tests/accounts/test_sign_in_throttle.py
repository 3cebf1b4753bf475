"""POST /login slows down and then locks repeated failures, per account and per address; the
counts live in the database (webapp/accounts/throttle.py has the policy, README too).

Account: 4 failures are answered at once; after the 5th the next try waits 15 s, then 30 s, 60 s,
2 min, 4 min; from the 10th each failure locks for 15 minutes. Address: the same from 20
failures, locked from the 25th. A lock answers 429 with Retry-After and checks no password."""
import threading
from datetime import timedelta

import pytest

from tests import moments
from tests import conftest
from tests.http import csrf_token, post, text
from webapp import create_app
from webapp.extensions import db

WRONG = "Väärä sähköposti tai salasana."
LOCKED = "Liian monta väärää yritystä."
RIGHT = "correct horse battery"


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(moments.MORNING, tick=False)
    return time_machine


@pytest.fixture
def another_app(database_url):
    """A second app on the same database, as another process or app machine would be."""
    made = []

    def make(**config):
        made.append(create_app({**conftest.test_config(database_url), **config}))
        return made[-1]

    yield make
    for other in made:
        with other.app_context():
            db.engine.dispose()


def try_password(http, email, password="not the password", **extra):
    return post(http, "/login", {"email": email, "password": password, **extra})


def from_address(http, address):
    http.environ_base["REMOTE_ADDR"] = address
    return http


def statuses(http, email, times):
    return [try_password(http, email).status_code for _ in range(times)]


def fail(http, clock, email, times):
    """times checked wrong passwords, waiting out each wait on the way."""
    for _ in range(times):
        response = try_password(http, email)
        if response.status_code == 429:
            clock.shift(timedelta(seconds=int(response.headers["Retry-After"])))
            response = try_password(http, email)
        assert response.status_code == 400


def test_thirty_wrong_passwords_in_a_row_are_not_all_answered(http, people, frozen):
    answers = statuses(http, people.manager.email, 30)
    assert answers[:5] == [400] * 5  # checked, and wrong
    assert answers[5:] == [429] * 25  # not even checked: the account waits


def test_the_wait_grows_and_ends_in_a_fifteen_minute_lock(http, people, frozen):
    email = people.manager.email
    assert statuses(http, email, 5) == [400] * 5
    waits = []
    for _ in range(5):
        refused = try_password(http, email)
        assert refused.status_code == 429
        waits.append(int(refused.headers["Retry-After"]))
        frozen.shift(timedelta(seconds=waits[-1]))
        assert try_password(http, email).status_code == 400
    assert waits == [15, 30, 60, 120, 240]
    refused = try_password(http, email)
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "900"
    frozen.shift(timedelta(minutes=15))
    assert try_password(http, email).status_code == 400  # the lock ends by itself...
    assert try_password(http, email).headers["Retry-After"] == "900"  # ...and one more failure renews it


def test_a_right_password_during_a_lock_does_not_sign_in(http, people, frozen):
    fail(http, frozen, people.manager.email, 10)
    response = try_password(http, people.manager.email, RIGHT)
    assert response.status_code == 429
    assert http.get("/clients").status_code == 302  # still signed out


def test_the_locked_answer_says_when_to_try_again(http, people, frozen):
    statuses(http, people.manager.email, 5)
    page = text(try_password(http, people.manager.email))
    assert LOCKED in page and "Odota 15 sekuntia ja yritä sitten uudelleen." in page
    fail(http, frozen, people.manager.email, 5)  # 8.05 + 7 min 45 s of waits, then 15 minutes
    response = try_password(http, people.manager.email)
    assert response.status_code == 429
    page = text(response)
    assert LOCKED in page and "Voit yrittää uudelleen kello 8.27." in page
    assert "esihenkilö voi avata lukituksen" in page
    assert 'role="alert"' in page
    assert f'value="{people.manager.email}"' in page  # the email stays, the password does not


@pytest.mark.parametrize("language, words", [("sv", "För många felaktiga försök."),
                                             ("en", "Too many wrong attempts.")])
def test_the_locked_answer_is_in_the_readers_language(http, people, frozen, language, words):
    post(http, "/language", {"language": language})
    statuses(http, people.manager.email, 5)
    assert words in text(try_password(http, people.manager.email))


def test_a_right_password_after_the_wait_signs_in_and_forgets_the_failures(http, people, frozen):
    fail(http, frozen, people.coach.email, 7)
    frozen.shift(timedelta(minutes=1))
    assert try_password(http, people.coach.email, RIGHT).status_code == 302
    post(http, "/logout")
    assert statuses(http, people.coach.email, 4) == [400] * 4  # a fresh count


def test_an_unknown_email_is_slowed_down_the_same_way(http, people, frozen):
    """The answers never tell whether an account exists."""
    assert statuses(http, "nobody@example.fi", 6) == statuses(http, people.coach.email, 6) == [400] * 5 + [429]


def test_the_count_is_per_account_and_forgets_a_quiet_day(http, people, frozen):
    fail(http, frozen, people.coach.email, 10)
    assert try_password(http, people.manager.email).status_code == 400  # another account is untouched
    frozen.shift(timedelta(hours=24, minutes=1))
    assert statuses(http, people.coach.email, 4) == [400] * 4


def test_one_address_trying_many_accounts_is_slowed_down_too(http, people, frozen):
    answers = [try_password(http, f"guess{n}@example.fi").status_code for n in range(26)]
    assert answers[:20] == [400] * 20 and answers[20:] == [429] * 6
    elsewhere = from_address(http.application.test_client(), "198.51.100.7")
    assert try_password(elsewhere, "guess99@example.fi").status_code == 400
    assert try_password(elsewhere, people.coach.email, RIGHT).status_code == 302


def test_signing_in_from_an_address_does_not_add_to_its_count(app, people, frozen):
    """A unit's staff share one address: their successful sign-ins are not failures."""
    for _ in range(30):
        office = app.test_client()
        assert try_password(office, people.coach.email, RIGHT).status_code == 302
    assert try_password(app.test_client(), people.manager.email).status_code == 400


def test_an_attacker_elsewhere_does_not_lock_out_a_device_that_signed_in_before(app, people, frozen):
    laptop = app.test_client()
    assert try_password(laptop, people.manager.email, RIGHT).status_code == 302
    post(laptop, "/logout")
    attacker = from_address(app.test_client(), "203.0.113.66")
    fail(attacker, frozen, people.manager.email, 10)
    assert try_password(attacker, people.manager.email, RIGHT).status_code == 429
    assert try_password(app.test_client(), people.manager.email, RIGHT).status_code == 429  # a new browser
    assert try_password(laptop, people.manager.email, RIGHT).status_code == 302  # her own laptop


def test_a_known_device_that_keeps_failing_is_locked_itself(app, people, frozen):
    laptop = app.test_client()
    try_password(laptop, people.manager.email, RIGHT)
    post(laptop, "/logout")
    assert statuses(laptop, people.manager.email, 6) == [400] * 5 + [429]
    assert try_password(app.test_client(), people.manager.email).status_code == 400  # the account is not


def test_the_counts_hold_across_app_processes(app, another_app, people, frozen):
    """Two app instances (two machines) on one database count together."""
    other_machine = another_app()
    here, there = app.test_client(), other_machine.test_client()
    answers = [try_password(here if n % 2 else there, people.manager.email).status_code for n in range(6)]
    assert answers == [400] * 5 + [429]


def test_guesses_sent_at_the_same_moment_get_no_more_tries(app, people, frozen):
    """Each try is counted before the password is checked, so parallel guesses cannot slip
    through between the check and the count."""
    clients = [app.test_client() for _ in range(12)]
    tokens = [csrf_token(c) for c in clients]
    start = threading.Barrier(len(clients))
    answers, errors = [], []
    email = people.manager.email

    def guess(client, token):
        with app.app_context():
            try:
                start.wait()
                answers.append(client.post("/login", data={"csrf_token": token, "email": email,
                                                           "password": "parallel guess"}).status_code)
            except Exception as error:  # noqa: BLE001 (reported below)
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=guess, args=pair) for pair in zip(clients, tokens)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors
    assert sorted(answers) == [400] * 5 + [429] * 7


def test_the_address_is_the_clients_own_behind_the_proxy(another_app, people, frozen):
    app = another_app(PROXY_FIX_HOPS=1)
    spoofer = app.test_client()
    for n in range(25):
        # The client may send any X-Forwarded-For; the proxy appends the address it saw.
        spoofer.post("/login", data={"csrf_token": csrf_token(spoofer), "email": f"guess{n}@example.fi",
                                     "password": "x"}, headers={"X-Forwarded-For": f"10.0.0.{n}, 203.0.113.5"})
    refused = spoofer.post("/login", data={"csrf_token": csrf_token(spoofer), "email": "guess99@example.fi",
                                           "password": "x"}, headers={"X-Forwarded-For": "203.0.113.5"})
    assert refused.status_code == 429
    other = spoofer.post("/login", data={"csrf_token": csrf_token(spoofer), "email": "guess99@example.fi",
                                         "password": "x"}, headers={"X-Forwarded-For": "203.0.113.6"})
    assert other.status_code == 400


def test_a_form_with_errors_is_not_a_try(http, people, frozen):
    for _ in range(10):
        assert post(http, "/login", {"email": people.manager.email, "password": ""}).status_code == 400
    assert try_password(http, people.manager.email, RIGHT).status_code == 302
