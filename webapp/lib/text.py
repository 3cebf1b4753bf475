"""Codes made from people's words: a part of a document, a kind of training, a file's name."""
import re
import unicodedata
from collections.abc import Callable


def plain_code(text: str, *, sep: str = "_", limit: int = 32, fallback: str = "x") -> str:
    """Lower-case ASCII letters and digits joined by `sep`: "Työkokeilun mahdollisuus" →
    "tyokokeilun_mahdollisuus" (ä → a, ö → o, å → a); `fallback` when nothing is left."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", sep, plain).strip(sep)[:limit].strip(sep) or fallback


def unique_code(base: str, taken: Callable[[str], bool]) -> str:
    """base, or base_2, base_3… : the first that `taken` says is free."""
    code, n = base, 2
    while taken(code):
        code, n = f"{base}_{n}", n + 1
    return code
