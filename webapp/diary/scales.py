"""The words of the two 5-step scales. A face or a battery is only decoration: the word always
carries the meaning (never colour or a picture alone)."""
from flask_babel import lazy_gettext as _l

MOODS = {
    1: _l("Tosi huono"),
    2: _l("Huono"),
    3: _l("Ihan ok"),
    4: _l("Hyvä"),
    5: _l("Tosi hyvä"),
}

ENERGIES = {
    1: _l("Ei yhtään"),
    2: _l("Vähän"),
    3: _l("Jonkin verran"),
    4: _l("Paljon"),
    5: _l("Tosi paljon"),
}


def mood_word(value: int | None) -> str:
    return str(MOODS[value]) if value in MOODS else ""


def energy_word(value: int | None) -> str:
    return str(ENERGIES[value]) if value in ENERGIES else ""
