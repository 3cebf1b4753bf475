"""Password and PIN hashing with Argon2id."""
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()


def hash_secret(secret: str) -> str:
    return _hasher.hash(secret)


def verify_secret(stored_hash: str | None, secret: str) -> bool:
    if not stored_hash:
        return False
    try:
        return _hasher.verify(stored_hash, secret)
    except (VerificationError, InvalidHashError):
        return False


# Verified against when the email is unknown, so the answer takes as long either way.
_DUMMY = _hasher.hash("not a real password")


def burn_time() -> None:
    verify_secret(_DUMMY, "still not it")
