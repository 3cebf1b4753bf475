"""Logging a guidance session and removing a mistaken one."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, ValidationError

from webapp.guidance.models import MAX_MINUTES, MIN_MINUTES, NOTE_MAX, REASON_MAX
from webapp.lib.dates import add_months
from webapp.lib import clock
from webapp.lib.forms import Day


class Minutes(IntegerField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Anna kesto kokonaisina minuutteina.")) from None


def kind_choices():
    return [("individual", _l("Yksilöohjaus")), ("social", _l("Sosiaalinen ohjaus"))]


class SessionForm(FlaskForm):
    day = Day(_l("Päivä"), validators=[InputRequired(_l("Anna päivä."))])
    minutes = Minutes(_l("Kesto minuutteina"), validators=[
        InputRequired(_l("Anna kesto minuutteina.")),
        NumberRange(min=MIN_MINUTES, max=MAX_MINUTES,
                    message=_l("Kesto on %(min)d–%(max)d minuuttia.", min=MIN_MINUTES, max=MAX_MINUTES)),
    ])
    kind = RadioField(_l("Ohjauksen laji"), choices=kind_choices(), default="individual",
                      invalid_choice_message=_l("Valitse ohjauksen laji."))
    note = TextAreaField(_l("Muistiinpano (vapaaehtoinen)"), validators=[
        Length(max=NOTE_MAX, message=_l("Teksti on liian pitkä: enintään %(max)d merkkiä.", max=NOTE_MAX))])

    def validate_day(self, field):
        if field.data is None:
            return
        today = clock.today()
        if field.data > today:
            raise ValidationError(_l("Päivä ei voi olla tulevaisuudessa."))
        if field.data < add_months(today, -12):
            raise ValidationError(_l("Päivä voi olla enintään vuoden takaa."))


class RemoveForm(FlaskForm):
    reason = TextAreaField(_l("Miksi merkintä poistetaan?"), validators=[
        InputRequired(_l("Kerro, miksi merkintä poistetaan.")),
        Length(max=REASON_MAX, message=_l("Teksti on liian pitkä: enintään %(max)d merkkiä.", max=REASON_MAX)),
    ])
