"""The manager's form for a new day price: orderer, service type, valid from, price in euros."""
import re
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import InputRequired, ValidationError

from webapp.clients.forms import optional_int

MAX_PRICE_CENTS = 1_000_000  # 10 000 € a day: anything above is a typing mistake
FIRST_DATE = date(2000, 1, 1)
LAST_DATE = date(2099, 12, 31)
_PRICE = re.compile(r"([0-9]{1,7})(?:[.,]([0-9]{1,2}))?")


def parse_price(text: str | None) -> int | None:
    """Cents from what a person types: "12,50", "12.5", "12", "1 200,00 €". None when it is not
    a price of at least 0 € with at most two decimals."""
    if text is None:
        return None
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text).removesuffix("€")
    match = _PRICE.fullmatch(cleaned)
    if match is None:
        return None
    return int(match[1]) * 100 + int((match[2] or "0").ljust(2, "0"))


def cents_text(cents: int) -> str:
    """12,50: how the form shows a price back."""
    return f"{cents // 100},{cents % 100:02d}"


class PriceForm(FlaskForm):
    orderer = SelectField(_l("Tilaaja"), coerce=optional_int, validators=[InputRequired(_l("Valitse tilaaja."))])
    service_type = SelectField(_l("Palvelun tyyppi"), coerce=optional_int,
                               validators=[InputRequired(_l("Valitse palvelun tyyppi."))])
    valid_from = DateField(_l("Voimassa alkaen"), format=["%Y-%m-%d", "%d.%m.%Y"],
                           validators=[InputRequired(_l("Anna päivä, josta alkaen hinta on voimassa."))])
    price = StringField(_l("Päivähinta (€)"), validators=[InputRequired(_l("Anna päivähinta euroina."))],
                        render_kw={"inputmode": "decimal", "autocomplete": "off"})

    def validate_orderer(self, field):
        if field.data is None:
            raise ValidationError(_l("Valitse tilaaja."))

    def validate_service_type(self, field):
        if field.data is None:
            raise ValidationError(_l("Valitse palvelun tyyppi."))

    def validate_valid_from(self, field):
        if field.data is not None and not FIRST_DATE <= field.data <= LAST_DATE:
            raise ValidationError(_l("Tarkista päivä: sen pitää olla vuosien 2000–2099 välillä."))

    def validate_price(self, field):
        cents = parse_price(field.data)
        if cents is None:
            raise ValidationError(_l("Anna hinta euroina, enintään kaksi desimaalia, esimerkiksi 12,50."))
        if cents > MAX_PRICE_CENTS:
            raise ValidationError(_l("Hinta on liian suuri: enintään 10 000 € päivältä."))
        field.cents = cents
