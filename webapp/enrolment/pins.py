"""Rules for a client's 4-digit PIN."""
from flask_babel import gettext as _

# Besides repeats and runs (checked below): the PINs people pick most often.
COMMON = {"1212", "1122", "1313", "2000", "1004", "6969", "2580", "0852", "1357", "2468"}


def is_trivial(pin: str) -> bool:
    if len(set(pin)) == 1:  # 0000, 1111 ...
        return True
    steps = {int(b) - int(a) for a, b in zip(pin, pin[1:])}
    if steps in ({1}, {-1}):  # 1234, 6789, 4321 ...
        return True
    if pin[:2] == pin[2:]:  # 1212, 4545 ...
        return True
    return pin in COMMON


def pin_problem(pin: str) -> str | None:
    """A friendly message if this PIN will not do, else None."""
    if len(pin) != 4 or not all(c in "0123456789" for c in pin):
        return _("PIN-koodissa on 4 numeroa. Käytä vain numeroita.")
    if is_trivial(pin):
        return _("Tämä PIN-koodi on liian helppo arvata. Valitse toiset numerot.")
    return None
