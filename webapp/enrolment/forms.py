from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField
from wtforms.validators import DataRequired, EqualTo, ValidationError

from webapp.enrolment.pins import pin_problem

PIN_INPUT = {
    "inputmode": "numeric",
    "pattern": "[0-9]*",
    "maxlength": "4",
    "autocomplete": "off",
    "autocorrect": "off",
    "spellcheck": "false",
    "class": "pin-input",
}


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class PinForm(FlaskForm):
    pin = PasswordField(_l("Uusi PIN-koodi"), filters=[_strip],
                        validators=[DataRequired(message=_l("Kirjoita PIN-koodi."))], render_kw=PIN_INPUT)
    again = PasswordField(
        _l("Sama PIN-koodi uudelleen"), filters=[_strip],
        validators=[DataRequired(message=_l("Kirjoita PIN-koodi uudelleen.")),
                    EqualTo("pin", message=_l("PIN-koodit eivät ole samat. Kirjoita sama koodi kahdesti."))],
        render_kw=PIN_INPUT,
    )

    def validate_pin(self, field):
        problem = pin_problem(field.data or "")
        if problem:
            raise ValidationError(problem)


class ConfirmForm(FlaskForm):
    """A one-button action that asks "are you sure?" first: confirmed only with confirm=yes."""

    confirm = HiddenField()

    @property
    def confirmed(self) -> bool:
        return self.confirm.data == "yes"
