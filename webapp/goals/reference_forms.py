"""The manager's forms for the goals package's reference data: next steps and document templates."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, FieldList, Form, FormField, HiddenField, IntegerField, StringField
from wtforms.validators import DataRequired, NumberRange, Optional, Regexp

from webapp.lib.forms import Choice, too_long

REQUIRED = _l("Täytä tämä kenttä.")
TITLE_MAX = 300
NAME_MAX = 120


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _lower(value):
    return value.strip().lower() if isinstance(value, str) else value


class NextStepForm(FlaskForm):
    code = StringField(_l("Tunnus"), filters=[_lower], validators=[
        DataRequired(REQUIRED), too_long(32),
        Regexp(r"^[a-z0-9_]+$", message=_l("Käytä vain pieniä kirjaimia a–z, numeroita ja alaviivaa."))])
    name_fi = StringField(_l("Nimi suomeksi"), filters=[_strip], validators=[DataRequired(REQUIRED), too_long(NAME_MAX)])
    name_sv = StringField(_l("Nimi ruotsiksi"), filters=[_strip], validators=[too_long(NAME_MAX)])
    name_en = StringField(_l("Nimi englanniksi"), filters=[_strip], validators=[too_long(NAME_MAX)])
    position = IntegerField(_l("Järjestys listalla"), default=0, validators=[
        Optional(), NumberRange(min=0, max=999, message=_l("Anna järjestys numerona 0–999."))])
    active = BooleanField(_l("Käytössä"), default=True)

    def validate_position(self, field):
        if field.data is None:
            field.data = 0


class SectionForm(Form):
    """One part of a document: its title in three languages, whether it must be filled before
    signing, and whether it stays in the template. A row with no title is left out."""
    key = HiddenField()
    title_fi = StringField(_l("Otsikko suomeksi"), filters=[_strip], validators=[too_long(TITLE_MAX)])
    title_sv = StringField(_l("Otsikko ruotsiksi"), filters=[_strip], validators=[too_long(TITLE_MAX)])
    title_en = StringField(_l("Otsikko englanniksi"), filters=[_strip], validators=[too_long(TITLE_MAX)])
    required = BooleanField(_l("Pakollinen ennen allekirjoitusta"))
    keep = BooleanField(_l("Mukana pohjassa"), default=True)


class TemplateForm(FlaskForm):
    service_type = Choice(_l("Palvelumuoto"), _l("Valitse palvelumuoto listasta."))
    asks_next_evaluation = BooleanField(_l("Kysyy seuraavan arvioinnin päivän"))
    sections = FieldList(FormField(SectionForm), min_entries=1, max_entries=40)
