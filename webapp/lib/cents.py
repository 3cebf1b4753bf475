"""Euros as people type them and as forms show them back, in cents (money is kept in cents)."""
import re

_EUROS = re.compile(r"([0-9]{1,7})(?:[.,]([0-9]{1,2}))?")


def parse_cents(text: str | None) -> int | None:
    """Cents from what a person types: "12,50", "12.5", "12", "1 200,00 €". None when it is not
    an amount of at least 0 € with at most two decimals."""
    if text is None:
        return None
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text).removesuffix("€")
    match = _EUROS.fullmatch(cleaned)
    if match is None:
        return None
    return int(match[1]) * 100 + int((match[2] or "0").ljust(2, "0"))


def cents_text(cents: int) -> str:
    """12,50: how a form shows an amount back."""
    return f"{cents // 100},{cents % 100:02d}"
