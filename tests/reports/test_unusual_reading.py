"""GET /reports/reading: the manager's report of unusual reading in the access log — one person
opening many different clients' records in a short time, and reads outside the working hours —
with links to each client's log. Frozen on Wednesday 18.11.2026 at 11.00 Helsinki."""
from datetime import datetime, timedelta

import pytest
import time_machine

from tests import factories
from tests.http import login, text
from tests.moments import DURING_THE_DAY, HEL
from webapp import config
from webapp.audit import unusual
from webapp.audit.models import AccessRead
from webapp.extensions import db

MONDAY_9 = datetime(2026, 11, 16, 9, 0, tzinfo=HEL)


@pytest.fixture
def wednesday():
    with time_machine.travel(DURING_THE_DAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def clients(people):
    """25 clients of unit A besides Anna."""
    return [factories.make_client(people.unit, first_name=f"Asiakas{n:02d}", last_name=f"Suku{n:02d}").id
            for n in range(25)]


def reads(reader, client_ids, start, every=timedelta(minutes=2), *, in_list=False, what="client_page"):
    """reader opens each client in turn, `every` apart, from start."""
    db.session.add_all([AccessRead(at=start + n * every, reader_id=reader.id, client_id=c, what=what,
                                   purpose="client_work", route="/clients/x", in_list=in_list)
                        for n, c in enumerate(client_ids)])
    db.session.commit()


def bursts(people, clients=20, minutes=60):
    return unusual.bursts(MONDAY_9 - timedelta(days=7), DURING_THE_DAY, clients=clients, minutes=minutes)


def test_twenty_clients_within_an_hour_is_a_burst(people, clients, wednesday):
    reads(people.coach, clients[:20], MONDAY_9, every=timedelta(minutes=3))  # 9.00 … 9.57
    [found] = bursts(people)
    assert (found.reader.id, found.count, found.reads) == (people.coach.id, 20, 20)
    assert (found.first, found.last) == (MONDAY_9, MONDAY_9 + timedelta(minutes=57))


def test_nineteen_clients_or_twenty_spread_over_more_than_an_hour_are_not(people, clients, wednesday):
    reads(people.coach, clients[:19], MONDAY_9)
    reads(people.other_coach, clients[:20], MONDAY_9, every=timedelta(minutes=4))  # 9.00 … 10.16
    assert bursts(people) == []


def test_one_client_opened_again_and_again_is_not_a_burst(people, clients, wednesday):
    reads(people.coach, [people.client.id] * 40, MONDAY_9, every=timedelta(minutes=1))
    assert bursts(people) == []


def test_a_list_naming_many_clients_is_one_look_not_a_burst(people, clients, wednesday):
    reads(people.manager, clients, MONDAY_9, every=timedelta(0), in_list=True, what="kela_report")
    assert bursts(people) == []


def test_overlapping_windows_are_one_burst_and_separate_ones_two(people, clients, wednesday):
    reads(people.coach, clients, MONDAY_9)  # 25 clients, 9.00 … 9.48
    reads(people.coach, clients[:20], MONDAY_9 + timedelta(hours=5), every=timedelta(minutes=1))  # 14.00 … 14.19
    later, first = bursts(people)
    assert (first.count, first.reads, first.first, first.last) == (
        25, 25, MONDAY_9, MONDAY_9 + timedelta(minutes=48))
    assert (later.count, later.first) == (20, MONDAY_9 + timedelta(hours=5))


def test_reads_outside_the_working_hours_or_at_a_weekend(people, clients, wednesday):
    reads(people.coach, clients[:2], datetime(2026, 11, 16, 6, 30, tzinfo=HEL))  # Monday before 7
    reads(people.coach, clients[:1], datetime(2026, 11, 16, 10, 0, tzinfo=HEL))  # Monday at work: fine
    reads(people.coach, clients[:1], datetime(2026, 11, 16, 17, 59, tzinfo=HEL))  # just before 18: fine
    reads(people.other_coach, clients[:3], datetime(2026, 11, 14, 12, 0, tzinfo=HEL))  # Saturday noon
    found = unusual.after_hours(MONDAY_9 - timedelta(days=7), DURING_THE_DAY, hours=(7, 18))
    assert [(f.reader.id, f.count, f.first) for f in found] == [
        (people.coach.id, 2, datetime(2026, 11, 16, 6, 30, tzinfo=HEL)),
        (people.other_coach.id, 3, datetime(2026, 11, 14, 12, 0, tzinfo=HEL))]


def test_the_page_lists_who_when_how_many_with_links_to_each_clients_log(http, people, clients, wednesday):
    reads(people.coach, clients[:20], MONDAY_9, every=timedelta(minutes=3))
    login(http, people.manager)
    response = http.get("/reports/reading")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    page = text(response)
    bursts_part = page[page.index('data-testid="bursts"'):page.index('data-testid="after-hours"')]
    assert bursts_part.count('data-testid="finding"') == 1
    assert "Kaisa Ohjaaja, ohjaaja" in bursts_part
    assert "16.11.2026 9.00–9.57" in bursts_part
    assert "20 asiakasta" in bursts_part and "20 avausta" in bursts_part
    for client_id in clients[:20]:
        assert f'href="/clients/{client_id}/access-log"' in bursts_part
    assert "Suku00, Asiakas00" in bursts_part
    assert "Kukaan ei katsonut asiakastietoja työajan ulkopuolella." in page


def test_the_manager_may_try_other_thresholds(http, people, clients, wednesday):
    reads(people.coach, clients[:5], MONDAY_9, every=timedelta(minutes=2))
    login(http, people.manager)
    assert "Kukaan ei avannut 20 eri asiakkaan tietoja 60 minuutin aikana." in text(http.get("/reports/reading"))
    page = text(http.get("/reports/reading?clients=5&minutes=10"))
    assert "5 asiakasta" in page
    assert "Kukaan ei avannut 5 eri asiakkaan tietoja 5 minuutin aikana." in text(
        http.get("/reports/reading?clients=5&minutes=5"))


def test_the_settings_give_the_defaults(http, app, people, clients, wednesday, monkeypatch):
    monkeypatch.setitem(app.config, "UNUSUAL_READ_CLIENTS", 3)
    monkeypatch.setitem(app.config, "UNUSUAL_READ_MINUTES", 10)
    monkeypatch.setitem(app.config, "WORKING_HOURS", (10, 16))
    reads(people.coach, clients[:3], MONDAY_9, every=timedelta(minutes=4))  # 9.00: before 10 too
    login(http, people.manager)
    page = text(http.get("/reports/reading"))
    assert page.count('data-testid="finding"') == 2 and "klo 10 tai klo 16 jälkeen" in page


def test_reads_older_than_the_days_asked_are_left_out(http, people, clients, wednesday):
    reads(people.coach, clients[:20], MONDAY_9 - timedelta(days=10), every=timedelta(minutes=1))
    login(http, people.manager)
    assert "20 asiakasta" in text(http.get("/reports/reading"))
    assert "20 asiakasta" not in text(http.get("/reports/reading?days=7"))


@pytest.mark.parametrize("query", ["clients=1", "clients=x", "minutes=0", "minutes=99999", "days=%C2%B2", "days=731"])
def test_a_bad_threshold_is_400_with_the_form_and_its_message(http, people, query):
    login(http, people.manager)
    response = http.get(f"/reports/reading?{query}")
    assert response.status_code == 400
    assert "Anna luku väliltä" in text(response) and 'aria-invalid="true"' in text(response)


@pytest.mark.parametrize("who", ["coach", "other_coach", "kitchen", "client"])
def test_only_a_manager_sees_it(http, people, who):
    login(http, getattr(people, who))
    assert http.get("/reports/reading").status_code == 403


def test_the_reports_page_links_to_it_for_a_manager(http, people):
    login(http, people.manager)
    assert 'href="/reports/reading"' in text(http.get("/reports"))


def test_working_hours_are_parsed_strictly(monkeypatch):
    monkeypatch.setenv("LASNA_WORK_STARTS", "8")
    monkeypatch.setenv("LASNA_WORK_ENDS", "16")
    assert config.working_hours() == (8, 16)
    monkeypatch.setenv("LASNA_WORK_ENDS", "6")
    with pytest.raises(config.ConfigError):
        config.working_hours()
    monkeypatch.setenv("LASNA_WORK_ENDS", "25")
    with pytest.raises(config.ConfigError):
        config.working_hours()
