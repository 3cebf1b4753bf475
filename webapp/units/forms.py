"""Forms of the manager's screens: units, closures, staff and reference data."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateField, EmailField, FieldList, Form, FormField, HiddenField, IntegerField,
                     PasswordField, SelectField, SelectMultipleField, StringField, TextAreaField, TimeField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (DataRequired, Email, InputRequired, Length, NumberRange, Optional, Regexp,
                                ValidationError)
from wtforms.widgets import CheckboxInput, ListWidget

from webapp.accounts.models import LANGUAGES
from webapp.lib.fi_ids import business_id_ok

REQUIRED = _l("Täytä tämä kenttä.")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes (render with the checkboxes() macro)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        # An unknown choice (say, a coach deactivated meanwhile) is a clear error, not a crash.
        known = {choice.value for choice in self.choices}
        if any(value not in known for value in self.data or ()):
            raise ValidationError(_l("Valinta ei ole enää saatavilla. Lataa sivu uudelleen."))


WEEKDAYS = (_l("Maanantai"), _l("Tiistai"), _l("Keskiviikko"), _l("Torstai"), _l("Perjantai"),
            _l("Lauantai"), _l("Sunnuntai"))


class DayForm(Form):
    """One weekday's opening hours: closed, or opens and closes."""

    is_open = BooleanField(_l("Auki"))
    opens = TimeField(_l("Avautuu"), validators=[Optional()])
    closes = TimeField(_l("Sulkeutuu"), validators=[Optional()])

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if not self.is_open.data:  # a closed day: whatever is in its time boxes is ignored
            self.opens.errors, self.closes.errors = [], []
            return True
        if self.opens.data is None and not self.opens.errors:
            self.opens.errors.append(_l("Kerro, mihin aikaan paikka avautuu."))
            ok = False
        if self.closes.data is None and not self.closes.errors:
            self.closes.errors.append(_l("Kerro, mihin aikaan paikka sulkeutuu."))
            ok = False
        if ok and self.opens.data >= self.closes.data:
            self.closes.errors.append(_l("Sulkemisajan pitää olla avaamisajan jälkeen."))
            ok = False
        return ok


class WeekList(FieldList):
    """Exactly seven entries, Monday first, whatever keys the post carries.

    A plain FieldList numbers its entries after the keys it finds, so a weekday that sends
    nothing (a closed day's unticked box) would shift the following days by one."""

    def _extract_indices(self, prefix, formdata):
        return range(self.min_entries)


class UnitForm(FlaskForm):
    name = StringField(_l("Nimi"), filters=[_strip],
                       validators=[DataRequired(REQUIRED), Length(max=120)])
    street_address = StringField(_l("Katuosoite"), filters=[_strip], validators=[Length(max=200)])
    postal_code = StringField(_l("Postinumero"), filters=[_strip], validators=[
        Optional(), Regexp(r"^\d{5}$", message=_l("Postinumerossa on viisi numeroa."))])
    city = StringField(_l("Postitoimipaikka"), filters=[_strip], validators=[Length(max=100)])
    lunch_time = TimeField(_l("Lounasaika"), validators=[InputRequired(_l("Kerro lounasaika."))])
    hours = WeekList(FormField(DayForm), min_entries=7, max_entries=7)
    coaches = MultiCheckboxField(_l("Ohjaajat"), coerce=int)
    active = BooleanField(_l("Toimipiste on käytössä"), default=True)


class ClosureForm(FlaskForm):
    starts_on = DateField(_l("Alkaa"), validators=[InputRequired(_l("Valitse ensimmäinen päivä."))])
    ends_on = DateField(_l("Päättyy"), validators=[Optional()])
    reason = StringField(_l("Syy"), filters=[_strip],
                         validators=[DataRequired(_l("Kerro syy, esimerkiksi Joulutauko.")), Length(max=200)])

    # Set by the warning about days already confirmed in the closure: "first/last" of the dates
    # the manager saw it for. The same dates posted again with it are saved; other dates ask again.
    confirm = HiddenField()

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("Viimeinen päivä ei voi olla ennen ensimmäistä."))

    @property
    def first_and_last(self):
        return self.starts_on.data, self.ends_on.data or self.starts_on.data

    def days_seen(self) -> str:
        first, last = self.first_and_last
        return f"{first.isoformat()}/{last.isoformat()}"


CLOSURE_REMOVE_REASON_MAX = 300


class RemoveClosureForm(FlaskForm):
    reason = TextAreaField(_l("Miksi sulkupäivä poistetaan?"), filters=[_strip], validators=[
        DataRequired(_l("Kerro, miksi sulkupäivä poistetaan.")),
        Length(max=CLOSURE_REMOVE_REASON_MAX, message=_l("Enintään %(max)d merkkiä.", max=CLOSURE_REMOVE_REASON_MAX))])


class HolidaysForm(FlaskForm):
    year = IntegerField(_l("Vuosi"), validators=[
        InputRequired(_l("Kerro vuosi.")),
        NumberRange(min=2000, max=2100, message=_l("Anna vuosi väliltä 2000–2100."))])


ROLE_CHOICES = [SelectChoice("admin", _l("Esihenkilö")), SelectChoice("coach", _l("Ohjaaja")),
                SelectChoice("kitchen", _l("Keittiö"))]
LANGUAGE_CHOICES = [SelectChoice(code, name) for code, name in zip(LANGUAGES, ("suomi", "svenska", "English"))]


class StaffForm(FlaskForm):
    first_name = StringField(_l("Etunimi"), filters=[_strip],
                             validators=[DataRequired(REQUIRED), Length(max=100)])
    last_name = StringField(_l("Sukunimi"), filters=[_strip],
                            validators=[DataRequired(REQUIRED), Length(max=100)])
    email = EmailField(_l("Sähköposti"), filters=[_strip, lambda v: v.lower() if isinstance(v, str) else v],
                       validators=[DataRequired(REQUIRED), Length(max=254),
                                   Email(_l("Tarkista sähköpostiosoite."))])
    role = SelectField(_l("Rooli"), choices=ROLE_CHOICES,
                       validate_choice=True)
    language = SelectField(_l("Kieli"), choices=LANGUAGE_CHOICES)
    units = MultiCheckboxField(_l("Toimipisteet"), coerce=int)
    active = BooleanField(_l("Tunnus on käytössä"), default=True)
    password = PasswordField(_l("Salasana"), validators=[Optional(), Length(
        min=10, max=200, message=_l("Käytä vähintään 10 merkkiä."))],
        render_kw={"autocomplete": "new-password"})


class NewStaffForm(StaffForm):
    password = PasswordField(_l("Aloitussalasana"), validators=[
        DataRequired(REQUIRED), Length(min=10, max=200, message=_l("Käytä vähintään 10 merkkiä."))],
        render_kw={"autocomplete": "new-password"})


CODE = [DataRequired(REQUIRED), Length(max=40),
        Regexp(r"^[a-z0-9_]+$", message=_l("Käytä vain pieniä kirjaimia a–z, numeroita ja alaviivaa."))]


def _lower(value):
    return value.strip().lower() if isinstance(value, str) else value


class ServiceTypeForm(FlaskForm):
    code = StringField(_l("Tunnus"), filters=[_lower], validators=CODE)
    name_fi = StringField(_l("Nimi suomeksi"), filters=[_strip], validators=[DataRequired(REQUIRED), Length(max=120)])
    name_sv = StringField(_l("Nimi ruotsiksi"), filters=[_strip], validators=[Length(max=120)])
    name_en = StringField(_l("Nimi englanniksi"), filters=[_strip], validators=[Length(max=120)])
    active = BooleanField(_l("Käytössä"), default=True)


class DietForm(FlaskForm):
    code = StringField(_l("Tunnus"), filters=[_lower], validators=CODE)
    name_fi = StringField(_l("Nimi suomeksi"), filters=[_strip], validators=[DataRequired(REQUIRED), Length(max=120)])
    name_sv = StringField(_l("Nimi ruotsiksi"), filters=[_strip], validators=[Length(max=120)])
    name_en = StringField(_l("Nimi englanniksi"), filters=[_strip], validators=[Length(max=120)])


class MunicipalityForm(FlaskForm):
    name = StringField(_l("Nimi"), filters=[_strip], validators=[DataRequired(REQUIRED), Length(max=100)])


def _business_id(form, field):
    if field.data and not business_id_ok(field.data):
        raise ValidationError(_l("Tarkista Y-tunnus: muoto on 1234567-8, ja viimeinen numero on tarkiste."))


class OrganisationForm(FlaskForm):
    """The provider's name, business ID and contact details (Kela's reports, invoices, certificates)."""

    name = StringField(_l("Palveluntuottajan nimi"), filters=[_strip],
                       validators=[DataRequired(REQUIRED), Length(max=200)])
    business_id = StringField(_l("Y-tunnus"), filters=[_strip], validators=[Optional(), _business_id],
                              render_kw={"inputmode": "numeric", "autocomplete": "off", "placeholder": "1234567-8"})
    street_address = StringField(_l("Katuosoite"), filters=[_strip], validators=[Length(max=200)],
                                 render_kw={"autocomplete": "street-address"})
    postal_code = StringField(_l("Postinumero"), filters=[_strip], validators=[Optional(), Regexp(
        r"^\d{5}$", message=_l("Postinumerossa on viisi numeroa."))], render_kw={"inputmode": "numeric"})
    city = StringField(_l("Postitoimipaikka"), filters=[_strip], validators=[Length(max=100)])
    phone = StringField(_l("Puhelin"), filters=[_strip], validators=[Length(max=40)],
                        render_kw={"type": "tel", "autocomplete": "tel"})
    email = EmailField(_l("Sähköposti"), filters=[_strip], validators=[Optional(), Length(max=254), Email(
        message=_l("Tarkista sähköpostiosoite."))])
