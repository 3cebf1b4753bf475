"""Reference data named in the three languages (service types, diets...), and plain language."""
from flask import g, has_request_context
from flask_babel import format_currency, get_locale
from flask_login import current_user
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column


def current_language() -> str:
    locale = get_locale()
    return locale.language if locale else "fi"


class TranslatedName:
    """A name kept as data in Finnish, Swedish and English; shown in the reader's language."""

    name_fi: Mapped[str] = mapped_column(String(120))
    name_sv: Mapped[str] = mapped_column(String(120), default="")
    name_en: Mapped[str] = mapped_column(String(120), default="")

    @property
    def name(self) -> str:
        return getattr(self, "name_" + current_language(), "") or self.name_fi


def money(euros) -> str:
    """An amount of euros the way the reader writes it: 18,00 € in Finnish, €18.00 in English."""
    return format_currency(euros, "EUR")


# Plain language (selkokieli, Selkokeskus's guidelines) ---------------------------------------------
# Plain texts are messages of their own context, so a translator sees them apart from the ordinary
# ones (msgctxt "selko" in the catalogues): write them `pgettext("selko", "Lyhyt teksti.")`, in
# Python and in templates. `pybabel extract` finds pgettext by default; tests/test_translations.py
# checks that every one is translated in its context.
PLAIN_CONTEXT = "selko"


def plain_mode() -> bool:
    """Whether this request's reader reads plain language: the client the kiosk is serving (its
    views set g.plain_language once she has chosen her name or scanned), else the signed-in
    person's own setting."""
    if not has_request_context():
        return False
    chosen = g.get("plain_language")
    if chosen is not None:
        return bool(chosen)
    return bool(getattr(current_user, "plain_language", False))


def plain(normal, plain_text):
    """The ordinary text, or its plain-language version for a reader in plain mode. Both come in
    translated: `plain(_("Kirjoita päiväkirjaan"), pgettext("selko", "Kirjoita"))`."""
    return plain_text if plain_mode() else normal
