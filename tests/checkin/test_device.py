"""Kiosk pairing at the level of webapp/kiosks/device.py: codes once, secrets hashed, revocation."""
from datetime import timedelta

import time_machine

from tests import factories
from tests.moments import MORNING
from webapp.extensions import db
from webapp.kiosks import device
from webapp.checkin.models import Kiosk


def new_kiosk(people):
    code, kiosk = device.create_kiosk(people.unit, "Ovitabletti", people.manager)
    db.session.commit()
    return code, kiosk


def test_a_pairing_code_works_once_and_only_its_hash_is_kept(people):
    code, kiosk = new_kiosk(people)
    assert code not in kiosk.pairing_code_hash
    secret, paired = device.claim_pairing(f"{code[:4]} {code[4:]}")  # as typed, with a space
    db.session.commit()
    assert paired.id == kiosk.id and paired.is_paired and paired.pairing_code_hash is None
    assert secret not in (paired.device_token_hash or "")
    assert device.kiosk_from_secret(secret).id == kiosk.id
    assert device.claim_pairing(code) is None


def test_a_pairing_code_expires_after_fifteen_minutes(people):
    with time_machine.travel(MORNING, tick=False):
        code, _ = new_kiosk(people)
    with time_machine.travel(MORNING + timedelta(minutes=15, seconds=1), tick=False):
        assert device.claim_pairing(code) is None


def test_wrong_and_malformed_codes_are_refused(people):
    new_kiosk(people)
    for attempt in ("", "1234", "abcdefgh", "0" * 8, "1" * 200):
        assert device.claim_pairing(attempt) is None


def test_a_revoked_kiosk_loses_its_cookie_and_its_pending_code(people):
    secret, kiosk = factories.make_kiosk(people.unit)
    code = device.open_pairing(kiosk)
    device.revoke(kiosk, people.manager)
    db.session.commit()
    assert device.kiosk_from_secret(secret) is None
    assert device.claim_pairing(code) is None
    assert db.session.get(Kiosk, kiosk.id).revoked_by_id == people.manager.id


def test_pairing_again_replaces_the_device_secret(people):
    old_secret, kiosk = factories.make_kiosk(people.unit)
    code = device.open_pairing(kiosk)
    db.session.commit()
    assert device.kiosk_from_secret(old_secret).id == kiosk.id  # until the new code is used
    new_secret, _ = device.claim_pairing(code)
    db.session.commit()
    assert device.kiosk_from_secret(old_secret) is None
    assert device.kiosk_from_secret(new_secret).id == kiosk.id


def test_garbage_cookies_find_no_kiosk(people):
    factories.make_kiosk(people.unit)
    for value in (None, "", "x", "y" * 500):
        assert device.kiosk_from_secret(value) is None
