"""Sealed offline PINs: only the kiosk's own private key opens them."""
import json

import pytest

from webapp.kiosks.sealing import Unsealable, new_private_key_pem, public_key_spki_b64, seal, unseal

CONTENT = {"pin": "4071", "key": "scan-1", "client": 12}


@pytest.fixture(scope="module")
def keys():
    private = new_private_key_pem()
    return private, public_key_spki_b64(private)


def test_a_sealed_box_opens_with_the_kiosks_key(keys):
    private, public = keys
    box = seal(public, CONTENT)
    assert "4071" not in box
    assert unseal(private, box) == CONTENT


def test_another_kiosks_key_cannot_open_it(keys):
    _, public = keys
    with pytest.raises(Unsealable):
        unseal(new_private_key_pem(), seal(public, CONTENT))


@pytest.mark.parametrize("spoil", [
    lambda box: json.dumps({**json.loads(box), "ct": json.loads(box)["ct"][:-4] + "AAAA"}),
    lambda box: json.dumps({**json.loads(box), "epk": "AAAA"}),
    lambda box: json.dumps({"epk": 1}),
    lambda box: "not json",
    lambda box: "[]",
    lambda box: "",
])
def test_a_spoiled_box_is_refused(keys, spoil):
    private, public = keys
    with pytest.raises(Unsealable):
        unseal(private, spoil(seal(public, CONTENT)))
