"""Form pieces every area uses: the one-button form, checkboxes of many, an optional id."""
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField
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
