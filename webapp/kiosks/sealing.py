"""Sealed PINs for the offline queue.

A kiosk that has lost the network still accepts name + PIN. It must not keep PINs in plain
text, so it seals each one with its own public key (ECDH P-256 → HKDF-SHA256 → AES-256-GCM,
all in the browser's WebCrypto) and keeps only the sealed box. The tablet cannot open the
box again; only the server, with the kiosk's private key, can. The box also names the scan's
key and the client, so it cannot be replayed as another scan.

The format, as kiosk/kiosk.js builds it: JSON {"epk", "iv", "ct"}, base64url without padding:
  epk  the ephemeral public key, raw uncompressed P-256 point (65 bytes)
  iv   12 random bytes
  ct   AES-GCM ciphertext with its tag, of the UTF-8 JSON {"pin", "key", "client"}
The AES key is HKDF-SHA256(ECDH shared secret, salt = empty, info = INFO), 32 bytes.
"""
import base64
import json
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

INFO = b"lasna-kiosk-pin-v1"


class Unsealable(ValueError):
    pass


def new_private_key_pem() -> str:
    key = ec.generate_private_key(ec.SECP256R1())
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode("ascii")


def public_key_spki_b64(private_key_pem: str) -> str:
    """The public half, as base64 SPKI: what WebCrypto's importKey("spki", ...) takes."""
    key = serialization.load_pem_private_key(private_key_pem.encode("ascii"), password=None)
    spki = key.public_key().public_bytes(serialization.Encoding.DER,
                                         serialization.PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(spki).decode("ascii")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _aes_key(shared: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=INFO).derive(shared)


def seal(public_spki_b64: str, content: dict, *, iv: bytes | None = None) -> str:
    """What the kiosk's browser does (used by tests and the benchmark)."""
    public = serialization.load_der_public_key(base64.b64decode(public_spki_b64))
    ephemeral = ec.generate_private_key(ec.SECP256R1())
    shared = ephemeral.exchange(ec.ECDH(), public)
    iv = iv or os.urandom(12)
    ct = AESGCM(_aes_key(shared)).encrypt(iv, json.dumps(content).encode("utf-8"), None)
    epk = ephemeral.public_key().public_bytes(serialization.Encoding.X962,
                                              serialization.PublicFormat.UncompressedPoint)
    return json.dumps({"epk": _b64(epk), "iv": _b64(iv), "ct": _b64(ct)})


def unseal(private_key_pem: str, box: str) -> dict:
    """The content of a sealed box; Unsealable for anything that is not one of ours."""
    try:
        fields = json.loads(box)
        epk, iv, ct = _unb64(fields["epk"]), _unb64(fields["iv"]), _unb64(fields["ct"])
        key = serialization.load_pem_private_key(private_key_pem.encode("ascii"), password=None)
        peer = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), epk)
        plain = AESGCM(_aes_key(key.exchange(ec.ECDH(), peer))).decrypt(iv, ct, None)
        content = json.loads(plain)
    except (ValueError, KeyError, TypeError, InvalidTag, UnicodeDecodeError):
        raise Unsealable("not a sealed PIN from this kiosk") from None
    if not isinstance(content, dict):
        raise Unsealable("not a sealed PIN from this kiosk")
    return content
