"""Issuing a certificate of participation."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from webapp.certificates.models import WORK_TASKS_MAX

LANGUAGE_NAMES = {"fi": _l("suomi"), "sv": _l("ruotsi"), "en": _l("englanti")}


class Language(RadioField):
    """fi, sv or en; anything else is refused in plain words."""
    def pre_validate(self, form):
        if self.data not in LANGUAGE_NAMES:
            raise ValidationError(_l("Valitse todistuksen kieli."))


class CertificateForm(FlaskForm):
    work_tasks = TextAreaField(_l("Työtehtävät"), render_kw={"rows": 6}, validators=[
        InputRequired(_l("Kirjoita, mitä asiakas teki jakson aikana.")),
        Length(max=WORK_TASKS_MAX, message=_l("Teksti on liian pitkä: enintään %(max)d merkkiä.", max=WORK_TASKS_MAX))])
    language = Language(_l("Todistuksen kieli"), choices=list(LANGUAGE_NAMES.items()), default="fi")
    include_skills = BooleanField(_l("Osaaminen ja koulutukset mukaan (asiakas haluaa)"))

    def validate_work_tasks(self, field):
        if not (field.data or "").strip():
            raise ValidationError(_l("Kirjoita, mitä asiakas teki jakson aikana."))
