from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from webapp.clients.labels import PAYERS
from webapp.lib.cents import parse_cents
from webapp.lib.urls import FIRST_DAY, LAST_DAY
from webapp.money.models import PAYING

MAX_RATE_CENTS = 10_000  # 100 € a day: anything above is a typing mistake (the rate is 9 € in 2026)


class CorrectionForm(FlaskForm):
    counted = RadioField(_l("Lasketaanko päivä?"), choices=[("yes", _l("Kyllä, päivä lasketaan")),
                                                            ("no", _l("Ei, päivää ei lasketa"))],
                         validators=[DataRequired(_l("Valitse, lasketaanko päivä."))])
    reason = TextAreaField(_l("Syy"), validators=[DataRequired(_l("Kirjoita syy.")), Length(max=500)])


class RateForm(FlaskForm):
    """A new daily compensation rate of a payer from a date on (never an edit of an old one)."""
    payer = SelectField(_l("Maksaja"), choices=[(payer, PAYERS[payer]) for payer in PAYING])
    valid_from = DateField(_l("Voimassa alkaen"), format=["%Y-%m-%d", "%d.%m.%Y"],
                           validators=[InputRequired(_l("Anna päivä, josta alkaen summa on voimassa."))])
    amount = StringField(_l("Päivän summa (€)"), validators=[InputRequired(_l("Anna päivän summa euroina."))],
                         render_kw={"inputmode": "decimal", "autocomplete": "off"})
    reason = TextAreaField(_l("Peruste"), validators=[
        DataRequired(_l("Kirjoita peruste, esimerkiksi päätös, josta summa tulee.")),
        Length(max=500, message=_l("Enintään 500 merkkiä."))])
    confirm = BooleanField(_l("Ymmärrän: suljetut kuukaudet eivät muutu, ja erotus tulee oikaisuna seuraavaan "
                              "sulkemiseen."))

    def validate_valid_from(self, field):
        if field.data is not None and not FIRST_DAY <= field.data <= LAST_DAY:
            raise ValidationError(_l("Tarkista päivä: sen pitää olla vuosien 2000–2099 välillä."))

    def validate_amount(self, field):
        cents = parse_cents(field.data)
        if cents is None:
            raise ValidationError(_l("Anna summa euroina, enintään kaksi desimaalia, esimerkiksi 9,50."))
        if cents > MAX_RATE_CENTS:
            raise ValidationError(_l("Summa on liian suuri: enintään 100 € päivältä."))
        field.cents = cents
