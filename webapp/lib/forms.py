"""Form pieces every area uses: the one-button form, checkboxes of many, an optional id, a day."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget


class EmptyForm(FlaskForm):
    """A form with only the CSRF token: for one-button actions."""


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
