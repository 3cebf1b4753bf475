"""A scan that changes a decided day, as its row's history on the day board tells it (real HTTP,
both databases): in words, with the time and the way the client checked in, never the scan's
key (a UUID used to stand as the "Syy" line)."""
import uuid
from datetime import datetime

import pytest
import time_machine

from tests import factories
from tests.approvals.test_board_routes import board_url, row_html
from tests.http import login, text
from tests.moments import HEL
from webapp.approvals import decisions
from webapp.checkin import scans
from webapp.checkin.models import Method
from webapp.extensions import db

WEDNESDAY = datetime(2026, 11, 18, tzinfo=HEL).date()


def at(hour, minute):
    return time_machine.travel(datetime(2026, 11, 18, hour, minute, tzinfo=HEL), tick=False)


@pytest.fixture
def anna(people):
    factories.make_period(people.client.client, people.unit, starts_on=WEDNESDAY.replace(day=1))
    return people.client


def history_of(http, people) -> str:
    with at(16, 30):
        login(http, people.coach)
        return row_html(text(http.get(board_url(people))), people.client.id)


def test_a_check_in_after_an_absence_says_so_in_words(http, people, anna):
    key = str(uuid.uuid4())
    with at(7, 30):
        decisions.record_absence(anna.client, people.unit, WEDNESDAY, "own_illness", people.coach)
        db.session.commit()
    with at(12, 5):
        scans.record_scan(key=key, unit=people.unit, method=Method.BADGE, client=anna.client)
    row = history_of(http, people)
    assert key not in row
    assert "Syy: " + key not in row
    assert ("Kirjautuminen kortilla klo 12.05: asiakas tuli paikalle, vaikka päivälle oli kirjattu poissaolo. "
            "Tämä avasi käsitellyn päivän uudelleen.") in row
    assert "Leimaus:" not in row  # the scan's row id is no change a coach needs to read


def test_a_queued_earlier_arrival_and_a_later_leaving_say_so_in_words(http, people, anna):
    with at(9, 0):
        scans.record_scan(key=str(uuid.uuid4()), unit=people.unit, method=Method.PIN, client=anna.client)
    with at(14, 0):
        result = scans.record_scan(key=str(uuid.uuid4()), unit=people.unit, method=Method.PIN, client=anna.client)
        scans.confirm_leave(result.scan)
        decisions.confirm(result.day, people.coach)
        db.session.commit()
    early = str(uuid.uuid4())
    with at(14, 30):
        scans.record_scan(key=early, unit=people.unit, method=Method.BADGE, client=anna.client, queued=True,
                          scanned_at=datetime(2026, 11, 18, 8, 40, tzinfo=HEL))
    late = str(uuid.uuid4())
    with at(14, 50):
        scans.record_scan(key=late, unit=people.unit, method=Method.PHONE, client=anna.client, queued=True)
    row = history_of(http, people)
    assert early not in row and late not in row
    assert ("Aiempi kirjautuminen kortilla klo 8.40 tuli perille myöhemmin (laite oli ilman verkkoa) "
            "ja muutti saapumisajan. Tämä avasi käsitellyn päivän uudelleen.") in row
    assert "Lähtö puhelimella klo 14.50 muutti lähtöajan." in row


def test_an_earlier_arrival_before_any_leaving_turns_the_arrival_into_the_leaving(http, people, anna):
    with at(9, 0):
        result = scans.record_scan(key=str(uuid.uuid4()), unit=people.unit, method=Method.PIN, client=anna.client)
    with at(9, 30):
        scans.record_scan(key=str(uuid.uuid4()), unit=people.unit, method=Method.BADGE, client=anna.client,
                          queued=True, scanned_at=datetime(2026, 11, 18, 8, 10, tzinfo=HEL))
    row = history_of(http, people)
    assert result.scan.key not in row
    assert ("Aiempi kirjautuminen kortilla klo 8.10 tuli perille myöhemmin (laite oli ilman verkkoa) ja muutti "
            "saapumisajan. Aiemmin kirjattu saapuminen klo 9.00 on nyt lähtöaika.") in row
    assert "avasi käsitellyn päivän" not in row  # it was not decided yet


def test_the_story_is_in_swedish_for_a_swedish_coach(http, people, anna):
    people.coach.language = "sv"
    db.session.commit()
    with at(7, 30):
        decisions.record_absence(anna.client, people.unit, WEDNESDAY, "own_illness", people.coach)
        db.session.commit()
    with at(12, 5):
        scans.record_scan(key=str(uuid.uuid4()), unit=people.unit, method=Method.PIN, client=anna.client)
    row = history_of(http, people)
    assert "Incheckning med PIN-kod kl. 12:05" in row
