"""webapp/audit/access.py: the one line a view calls to log a read."""
import pytest
import time_machine
from sqlalchemy import event

from tests import factories
from tests.moments import DURING_THE_DAY
from webapp.audit import access
from webapp.audit.models import AccessRead
from webapp.extensions import db


@pytest.fixture
def wednesday():
    with time_machine.travel(DURING_THE_DAY, tick=False) as traveller:
        yield traveller


def rows():
    return db.session.scalars(db.select(AccessRead).order_by(AccessRead.client_id)).all()


def test_a_read_is_one_row_with_the_views_default_purpose(app, people, wednesday):
    access.log_read(people.coach, people.client.id, "goals")
    [row] = rows()
    assert (row.reader_id, row.client_id, row.what, row.purpose, row.in_list, row.route) == (
        people.coach.id, people.client.id, "goals", "evaluation", False, "")
    assert row.at == DURING_THE_DAY


def test_a_view_may_give_its_own_purpose(app, people, wednesday):
    access.log_read(people.manager, people.client.id, "days", purpose=access.BILLING)
    assert rows()[0].purpose == "billing"


def test_a_list_writes_a_row_per_client_once_each_in_one_statement(app, people, wednesday):
    others = [factories.make_client(people.unit, first_name=f"Asiakas{n}").id for n in range(60)]
    shown = [people.client.id, *others, people.client.id]  # a client shown twice is one row
    statements = []

    def count(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("INSERT"):
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        access.log_list(people.manager, shown, "kela_report")
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) == 1
    written = rows()
    assert sorted(r.client_id for r in written) == sorted([people.client.id, *others])
    assert {(r.reader_id, r.what, r.purpose, r.in_list) for r in written} == {
        (people.manager.id, "kela_report", "kela_report", True)}


def test_a_very_long_list_is_written_in_chunks(app, people, wednesday, monkeypatch):
    monkeypatch.setattr(access, "CHUNK", 2)
    ids = [factories.make_client(people.unit, first_name=f"A{n}").id for n in range(5)]
    access.log_list(people.coach, ids, "day_board")
    assert len(rows()) == 5


def test_a_client_reading_her_own_data_and_nobody_are_not_logged(app, people, wednesday):
    access.log_read(people.client, people.client.id, "client_page")
    access.log_read(None, people.client.id, "client_page")
    access.log_list(people.client, [people.client.id, people.other_client.id], "day_board")
    assert rows() == []


def test_a_staff_member_who_is_also_the_client_is_not_logged(app, people, wednesday):
    access.log_read(people.coach, people.coach.id, "client_page")
    assert rows() == []


def test_an_unknown_code_or_purpose_is_a_programming_error(app, people):
    with pytest.raises(ValueError):
        access.log_read(people.coach, people.client.id, "nonsense")
    with pytest.raises(ValueError):
        access.log_read(people.coach, people.client.id, "goals", purpose="curiosity")


def test_the_view_keeps_what_it_loaded(app, people, wednesday):
    """Logging commits without expiring the view's records: no reloads while the page renders."""
    client = db.session.get(type(people.client.client), people.client.id)
    access.log_read(people.coach, client.person_id, "client_page")
    assert "home_unit_id" in client.__dict__


def test_every_code_and_purpose_has_words(app):
    with app.test_request_context():
        assert all(access.what_word(code) and access.what_word(code) != code for code in access.WHAT)
        assert all(access.purpose_word(code) != code for code in access.PURPOSES)
        assert {purpose for _words, purpose in access.WHAT.values()} <= set(access.PURPOSES)
