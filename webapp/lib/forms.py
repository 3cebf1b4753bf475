"""Form pieces every area uses: the one-button form, checkboxes of many, an optional id, a day,
a choice that answers in its own words, and the one message for a text that is too long."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectField, SelectMultipleField
from wtforms.validators import Length
from wtforms.widgets import CheckboxInput, ListWidget


class EmptyForm(FlaskForm):
    """A form with only the CSRF token: for one-button actions."""


def too_long(limit: int) -> Length:
    return Length(max=limit, message=_l("Teksti on liian pitkä: enintään %(max)d merkkiä.", max=limit))


class _OwnWords:
    """A choice that says `message` for anything that is not one of its choices (WTForms' own
    "Invalid Choice: could not coerce" is neither translated nor plain)."""
    def __init__(self, label, message, **kw):
        super().__init__(label, invalid_choice_message=message, **kw)
        self.message = message

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(self.message) from None


class Choice(_OwnWords, SelectField):
    """A choice from a list (of row ids, by default: "" is none chosen) in its own words."""
    def __init__(self, label, message, coerce=None, **kw):
        super().__init__(label, message, coerce=coerce or optional_int, **kw)


class RadioChoice(_OwnWords, RadioField):
    """Radio buttons that answer in their own words."""


def optional_int(value):
    """"" means not chosen."""
    if value in ("", None):
        return None
    return int(value)


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class Day(DateField):
    """A date field that says in plain words how to write a day it could not read."""
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Anna päivä muodossa pp.kk.vvvv.")) from None
