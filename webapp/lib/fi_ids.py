"""Finnish identifiers: the personal identity code (henkilötunnus) and the business ID (Y-tunnus),
each checked by its own check character as the Digital and Population Data Services Agency and
the Finnish Tax Administration define them.

Henkilötunnus: DDMMYY, a century sign, a three-digit individual number and a check character.
The century signs are + (1800s), - Y X W V U (1900s) and A B C D E F (2000s); the letters
came in 2023 so that a day can hold more numbers. The check character is the remainder of the
nine digits (DDMMYY + NNN) divided by 31, as a character of CHECK_CHARACTERS. Individual
numbers 002–899 are given to people, 900–999 are temporary; 000 and 001 are not used.
"""
import re
from dataclasses import dataclass
from datetime import date

CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
CENTURIES = {"+": 1800, "-": 1900, "Y": 1900, "X": 1900, "W": 1900, "V": 1900, "U": 1900,
             "A": 2000, "B": 2000, "C": 2000, "D": 2000, "E": 2000, "F": 2000}
HETU = re.compile(r"^(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-Y])$")
BUSINESS_ID = re.compile(r"^(\d{7})-(\d)$")
BUSINESS_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)


@dataclass(frozen=True)
class Hetu:
    code: str
    born: date

    @property
    def masked(self) -> str:
        """The birth date part only: enough to tell two people apart on a screen, not to use."""
        return self.code[:6] + "-••••"


def parse_hetu(value: str, today: date | None = None) -> Hetu | None:
    """The code (spaces removed, letters upper-cased) if it is a valid henkilötunnus, else None
    (also when it says the person is born after today, if today is given)."""
    code = (value or "").strip().upper().replace(" ", "")
    match = HETU.match(code)
    if not match:
        return None
    day, month, year, sign, number, check = match.groups()
    try:
        born = date(CENTURIES[sign] + int(year), int(month), int(day))
    except ValueError:
        return None
    if int(number) < 2 or CHECK_CHARACTERS[int(day + month + year + number) % 31] != check:
        return None
    if today is not None and born > today:
        return None
    return Hetu(code, born)


def business_id_ok(value: str) -> bool:
    """A Y-tunnus like 0112038-9: seven digits, a hyphen and the check digit (weights 7 9 10 5 8 4 2,
    modulo 11; remainder 0 gives 0, remainder 1 is never given, otherwise 11 minus it)."""
    match = BUSINESS_ID.match((value or "").strip())
    if not match:
        return False
    digits, check = match.groups()
    remainder = sum(int(d) * w for d, w in zip(digits, BUSINESS_ID_WEIGHTS)) % 11
    if remainder == 1:
        return False
    return int(check) == (0 if remainder == 0 else 11 - remainder)


def hetu_for(born: date, number: int) -> str:
    """The code of a person born on a day with an individual number (900–999: a temporary one,
    never a real person's; the demo's clients have those)."""
    sign = {1800: "+", 1900: "-", 2000: "A"}[born.year // 100 * 100]
    digits = f"{born:%d%m}{born.year % 100:02}{number:03}"
    return f"{digits[:6]}{sign}{digits[6:]}{CHECK_CHARACTERS[int(digits) % 31]}"
