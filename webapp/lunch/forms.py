"""The kitchen's form: how many lunches were served on a day."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from webapp.lib.urls import day_arg

MAX_SERVED = 10000  # as the table's check constraint
REASON_MAX = 500


class Count(IntegerField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Anna kokonaisluku, esimerkiksi 24.")) from None


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class ServedForm(FlaskForm):
    day = HiddenField()
    served = Count(_l("Tarjoillut lounaat"), validators=[
        InputRequired(_l("Kirjoita, montako lounasta tarjoiltiin.")),
        NumberRange(min=0, max=MAX_SERVED, message=_l("Anna luku väliltä 0–%(max)d.", max=MAX_SERVED))],
        render_kw={"min": 0, "max": MAX_SERVED, "inputmode": "numeric", "autocomplete": "off"})
    reason = TextAreaField(_l("Syy muutokseen (vapaaehtoinen)"), filters=[_strip], validators=[
        Optional(), Length(max=REASON_MAX, message=_l("Teksti on liian pitkä: enintään %(max)d merkkiä.",
                                                      max=REASON_MAX))])

    def validate_day(self, field):
        field.parsed = day_arg(field.data)
        if field.parsed is None:
            raise ValidationError(_l("Päivä puuttuu. Lataa sivu uudelleen ja yritä uudestaan."))
