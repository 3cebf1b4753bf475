"""Scans that arrive at the same moment (two kiosks, a retried request) still count once."""
import threading

import time_machine

from tests.moments import MORNING
from webapp.checkin import scans
from webapp.checkin.models import ActivityDay, Method, Outcome, Scan
from webapp.clients.models import ClientProfile
from webapp.extensions import db
from webapp.units.models import Unit


def race(app, keys, client_id, unit_id):
    """Send one scan per key, all at once, each from its own thread and database session."""
    barrier = threading.Barrier(len(keys))
    outcomes, errors = [], []

    def one(key):
        with app.app_context():
            try:
                client = db.session.get(ClientProfile, client_id)
                unit = db.session.get(Unit, unit_id)
                barrier.wait()
                outcomes.append(scans.record_scan(key=key, unit=unit, method=Method.BADGE, client=client).outcome)
            except Exception as error:  # noqa: BLE001 (reported below)
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=one, args=(key,)) for key in keys]
    with time_machine.travel(MORNING, tick=False):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    assert not errors, errors
    return sorted(outcomes)


def test_two_kiosks_at_once_make_one_check_in(app, people):
    outcomes = race(app, ["kiosk-a", "kiosk-b", "kiosk-c"], people.client.client.person_id, people.unit.id)
    assert outcomes == sorted([Outcome.CHECKED_IN, Outcome.DUPLICATE, Outcome.DUPLICATE])
    assert db.session.scalar(db.select(db.func.count()).select_from(ActivityDay)) == 1
    assert db.session.scalar(db.select(db.func.count()).select_from(Scan)) == 3


def test_the_same_key_sent_twice_at_once_is_one_scan(app, people):
    outcomes = race(app, ["retry", "retry"], people.client.client.person_id, people.unit.id)
    assert outcomes == [Outcome.CHECKED_IN, Outcome.CHECKED_IN]  # the loser gets the winner's answer
    assert db.session.scalar(db.select(db.func.count()).select_from(Scan)) == 1
