from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (BooleanField, DateField, EmailField, HiddenField, PasswordField, SelectField,
                     StringField, TextAreaField)
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from webapp.clients.labels import LANGUAGES, PAYERS
from webapp.lib.forms import MultiCheckboxField, optional_int


class ClientForm(FlaskForm):
    first_name = StringField(_l("Etunimi"), validators=[
        DataRequired(_l("Kirjoita etunimi.")), Length(max=100, message=_l("Enintään 100 merkkiä."))])
    last_name = StringField(_l("Sukunimi"), validators=[
        DataRequired(_l("Kirjoita sukunimi.")), Length(max=100, message=_l("Enintään 100 merkkiä."))])
    preferred_name = StringField(_l("Kutsumanimi"), validators=[
        Optional(), Length(max=100, message=_l("Enintään 100 merkkiä."))])
    email = EmailField(_l("Sähköposti"), validators=[
        Optional(), Length(max=254, message=_l("Enintään 254 merkkiä.")),
        Email(message=_l("Tarkista sähköpostiosoite."), check_deliverability=False)],
        render_kw={"autocomplete": "off"})
    password = PasswordField(_l("Salasana"), validators=[
        Optional(), Length(min=10, max=200, message=_l("Käytä vähintään 10 merkkiä."))],
        render_kw={"autocomplete": "new-password"})
    language = SelectField(_l("Kieli"), choices=list(LANGUAGES.items()), default="fi")
    # Never filled in from the database: a stored code shows only masked beside the field.
    hetu = StringField(_l("Henkilötunnus"), validators=[Optional(), Length(max=20)],
                       render_kw={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"})
    hetu_remove = BooleanField(_l("Poista tallennettu henkilötunnus"))
    plain_language = BooleanField(_l("Selkokieli"))
    home_unit = SelectField(_l("Toimipiste"), coerce=optional_int,
                            validators=[InputRequired(_l("Valitse toimipiste."))])
    own_coach = SelectField(_l("Omaohjaaja"), coerce=optional_int,
                            validators=[InputRequired(_l("Valitse omaohjaaja."))])
    home_municipality = SelectField(_l("Kotikunta"), coerce=optional_int, validators=[Optional()])
    travel_compensation = BooleanField(_l("Saa matkakorvausta"))
    diets = MultiCheckboxField(_l("Erityisruokavaliot"), coerce=int)
    diet_note = TextAreaField(_l("Ruokavalion lisätiedot"), validators=[
        Optional(), Length(max=500, message=_l("Enintään 500 merkkiä."))])
    payer = SelectField(_l("Maksaja"), choices=[(code, label) for code, label in PAYERS.items()],
                        default="kela")
    payer_from = DateField(_l("Maksaja voimassa alkaen"),
                           validators=[InputRequired(_l("Anna päivä, josta alkaen maksaja on voimassa."))])


class ImportUploadForm(FlaskForm):
    file = FileField(_l("CSV-tiedosto"), validators=[FileRequired(_l("Valitse tiedosto."))],
                     render_kw={"accept": ".csv,text/csv"})


class ImportConfirmForm(FlaskForm):
    content = HiddenField(validators=[DataRequired()])
