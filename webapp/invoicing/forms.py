"""The manager's form for a new day price: orderer, service type, valid from, price in euros."""
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import InputRequired, ValidationError

from webapp.lib.forms import optional_int
from webapp.lib.cents import cents_text, parse_cents  # noqa: F401  (cents_text: the views show prices back)

MAX_PRICE_CENTS = 1_000_000  # 10 000 € a day: anything above is a typing mistake
FIRST_DATE = date(2000, 1, 1)
LAST_DATE = date(2099, 12, 31)


def parse_price(text: str | None) -> int | None:
    """Cents from what a person types: "12,50", "12.5", "12", "1 200,00 €" (lib.cents)."""
    return parse_cents(text)


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
