"""A push service of our own for the tests: a small HTTP server in a thread that takes what the
app posts (as Google's, Mozilla's or Apple's would) and keeps it, plus a browser's side of a
subscription: a real P-256 key pair and a 16-byte auth secret, so a test decrypts the message
exactly as the phone's browser would (http_ece, aes128gcm) and checks the VAPID signature.

The real push services cannot be reached from these machines, and a test must not depend on
them anyway."""
import base64
import json
import os
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes


@dataclass
class Browser:
    """A browser's subscription: where its push service takes messages, and its keys."""
    endpoint: str
    private_key: ec.EllipticCurvePrivateKey
    auth: bytes

    @property
    def p256dh(self) -> str:
        return b64url(self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint))

    def to_json(self) -> dict:
        """What PushSubscription.toJSON() gives in the browser."""
        return {"endpoint": self.endpoint, "expirationTime": None, "keys": {"p256dh": self.p256dh, "auth": b64url(self.auth)}}

    def decrypt(self, body: bytes) -> dict:
        return json.loads(http_ece.decrypt(body, private_key=self.private_key, auth_secret=self.auth,
                                           version="aes128gcm"))


@dataclass
class PushService:
    url: str
    received: list = field(default_factory=list)
    answers: dict = field(default_factory=dict)  # path -> status (201 unless told)

    def browser(self, name: str = None) -> Browser:
        name = name or b64url(os.urandom(8))
        return Browser(endpoint=f"{self.url}/push/{name}", private_key=ec.generate_private_key(ec.SECP256R1()),
                       auth=os.urandom(16))

    def answer(self, browser: Browser, status: int) -> None:
        self.answers["/push/" + browser.endpoint.rsplit("/", 1)[1]] = status

    def to(self, browser: Browser) -> list[Received]:
        path = "/push/" + browser.endpoint.rsplit("/", 1)[1]
        return [r for r in self.received if r.path == path]


def start(service_factory=PushService):
    """Start the server; returns (service, stop)."""
    holder = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            service = holder["service"]
            service.received.append(Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body))
            self.send_response(service.answers.get(self.path, 201))
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    holder["service"] = service = service_factory(url=f"http://127.0.0.1:{server.server_port}")
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()

    def stop():
        server.shutdown()
        server.server_close()
        thread.join(5)

    return service, stop


def vapid_claims(authorization: str, public_key: str) -> dict:
    """The claims of a VAPID Authorization header ("vapid t=<JWT>,k=<key>"), after checking that k
    is the app's public key and the JWT's ES256 signature is made with it."""
    scheme, _sep, rest = authorization.partition(" ")
    assert scheme == "vapid", authorization
    parts = dict(part.split("=", 1) for part in rest.split(","))
    assert parts["k"].rstrip("=") == public_key
    header_b64, claims_b64, signature_b64 = parts["t"].split(".")
    assert json.loads(unb64url(header_b64)) == {"typ": "JWT", "alg": "ES256"}
    signature = unb64url(signature_b64)
    assert len(signature) == 64
    der = encode_dss_signature(int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big"))
    key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(public_key))
    try:
        key.verify(der, f"{header_b64}.{claims_b64}".encode(), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        raise AssertionError("the VAPID signature is not the app's") from None
    return json.loads(unb64url(claims_b64))
