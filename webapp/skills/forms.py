"""Recording a skill or a card training, correcting or removing one, and the manager's reference
data: qualification units and kinds of card training."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, StringField, TextAreaField
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from webapp.lib.forms import Choice, Day, too_long
from webapp.skills.models import MAX_VALID_MONTHS, NOTE_MAX, REASON_MAX, TEXT_MAX


class Months(IntegerField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Anna kuukaudet kokonaislukuna 1–%(max)d tai jätä tyhjäksi.",
                                max=MAX_VALID_MONTHS)) from None


class SkillForm(FlaskForm):
    text = TextAreaField(_l("Taito tavallisin sanoin"), validators=[
        InputRequired(_l("Kirjoita, mitä asiakas osasi.")), too_long(TEXT_MAX)])
    task = StringField(_l("Työtehtävä"), validators=[
        InputRequired(_l("Kirjoita työtehtävä, jossa taito näkyi.")), too_long(TEXT_MAX)])
    shown_on = Day(_l("Päivä"), validators=[InputRequired(_l("Anna päivä, jona taito näkyi."))])
    qualification_unit = Choice(_l("Tutkinnon osa (vapaaehtoinen)"),
                                _l("Valitse tutkinnon osa listasta tai jätä valitsematta."))

    def with_units(self, units) -> "SkillForm":
        self.qualification_unit.choices = [("", _l("Ei tutkinnon osaa"))] + [
            (u.id, f"{u.name} – {u.qualification}") for u in units]
        return self


def _not_blank(message):
    def check(form, field):
        if not (field.data or "").strip():
            raise ValidationError(message)
    return check


class CorrectSkillForm(SkillForm):
    reason = TextAreaField(_l("Miksi korjaat?"), validators=[
        InputRequired(_l("Kerro, miksi tietoa korjataan.")), _not_blank(_l("Kerro, miksi tietoa korjataan.")),
        too_long(REASON_MAX)])


class TrainingForm(FlaskForm):
    training_kind = Choice(_l("Koulutus"), _l("Valitse koulutus listasta."),
                           validators=[InputRequired(_l("Valitse koulutus listasta."))])
    completed_on = Day(_l("Suorituspäivä"), validators=[InputRequired(_l("Anna päivä, jona koulutus suoritettiin."))])
    expires_on = Day(_l("Voimassa asti (vapaaehtoinen)"), validators=[Optional()])
    note = TextAreaField(_l("Lisätieto (vapaaehtoinen)"), validators=[too_long(NOTE_MAX)])

    def with_kinds(self, kinds) -> "TrainingForm":
        self.training_kind.choices = [("", _l("Valitse"))] + [(k.id, k.name) for k in kinds]
        return self


class CorrectTrainingForm(TrainingForm):
    reason = TextAreaField(_l("Miksi korjaat?"), validators=[
        InputRequired(_l("Kerro, miksi tietoa korjataan.")), _not_blank(_l("Kerro, miksi tietoa korjataan.")),
        too_long(REASON_MAX)])


class RemoveForm(FlaskForm):
    reason = TextAreaField(_l("Miksi poistat?"), validators=[
        InputRequired(_l("Kerro, miksi tieto poistetaan.")), _not_blank(_l("Kerro, miksi tieto poistetaan.")),
        too_long(REASON_MAX)])


class QualificationUnitForm(FlaskForm):
    qualification = StringField(_l("Tutkinto"), validators=[
        InputRequired(_l("Kirjoita tutkinnon nimi.")), too_long(200)])
    name = StringField(_l("Tutkinnon osa"), validators=[
        InputRequired(_l("Kirjoita tutkinnon osan nimi.")), too_long(200)])
    code = StringField(_l("Koodi (vapaaehtoinen)"), validators=[too_long(40)])
    active = BooleanField(_l("Käytössä"), default=True)


class TrainingKindForm(FlaskForm):
    name_fi = StringField(_l("Nimi suomeksi"), validators=[InputRequired(_l("Kirjoita nimi suomeksi.")), too_long(120)])
    name_sv = StringField(_l("Nimi ruotsiksi"), validators=[too_long(120)])
    name_en = StringField(_l("Nimi englanniksi"), validators=[too_long(120)])
    valid_months = Months(_l("Voimassaolo kuukausina (tyhjä: ei vanhene)"), validators=[
        Optional(), NumberRange(min=1, max=MAX_VALID_MONTHS, message=_l(
            "Anna kuukaudet kokonaislukuna 1–%(max)d tai jätä tyhjäksi.", max=MAX_VALID_MONTHS))])
    active = BooleanField(_l("Käytössä"), default=True)
