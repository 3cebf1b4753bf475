"""Reference data named in the three languages (service types, diets...)."""
from flask_babel import format_currency, get_locale
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
