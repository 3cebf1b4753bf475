"""Forms for kiosks: the manager's (new, rename) and the tablet's (the pairing code)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from webapp.kiosks.device import PAIRING_DIGITS, normalise_code

NAME_MAX = 80  # Kiosk.name is String(80)


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _optional_int(value):
    if value in ("", None):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _name_field():
    return StringField(
        _l("Kioskin nimi"), filters=[_strip],
        validators=[DataRequired(_l("Anna kioskille nimi.")),
                    Length(max=NAME_MAX, message=_l("Enintään %(max)d merkkiä.", max=NAME_MAX))],
        render_kw={"maxlength": str(NAME_MAX), "autocomplete": "off"},
    )


class KioskForm(FlaskForm):
    """A new kiosk: the unit it serves and a name people recognise it by."""

    unit = SelectField(_l("Toimipiste"), coerce=_optional_int, validate_choice=False,
                       validators=[InputRequired(_l("Valitse toimipiste."))])
    name = _name_field()

    def validate_unit(self, field):
        # Only units offered on the form (the active ones); a stale or forged id is a form error.
        if field.data not in {value for value, _label in self.unit.choices}:
            raise ValidationError(_l("Valitse toimipiste listalta."))


class RenameForm(FlaskForm):
    name = _name_field()


class PairForm(FlaskForm):
    """The code the manager's screen shows, typed on the tablet (spaces and dashes are fine)."""

    code = StringField(
        _l("Yhdistämiskoodi"), filters=[_strip],
        validators=[DataRequired(_l("Kirjoita koodi, jonka näet esihenkilön näytöllä."))],
        render_kw={"inputmode": "numeric", "autocomplete": "off", "autocorrect": "off",
                   "autocapitalize": "off", "spellcheck": "false", "maxlength": "20",
                   "class": "pair-code"},
    )

    def validate_code(self, field):
        if len(normalise_code(field.data or "")) != PAIRING_DIGITS:
            raise ValidationError(_l("Koodissa on %(n)d numeroa.", n=PAIRING_DIGITS))
