"""The day board's forms: fix a time, confirm anyway, not counted, and the records a coach
makes by hand (an absence, a remote day, a day the client forgot to scan, service not held)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, RadioField, TextAreaField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from webapp.approvals.decisions import MAX_REMOTE_MINUTES, REASON_MAX
from webapp.checkin.labels import ABSENCE_REASONS

TOO_LONG = _l("Teksti on liian pitkä: enintään %(max)d merkkiä.", max=REASON_MAX)


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class Clock(TimeField):
    """A time of day from <input type=time> (HH:MM); 14.30 typed by hand is fine too."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format=["%H:%M", "%H:%M:%S", "%H.%M"], **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Anna kellonaika, esimerkiksi 14.30.")) from None


class Number(IntegerField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Anna kokonaisluku.")) from None


def reason_field(label):
    return TextAreaField(label, filters=[_strip], validators=[
        DataRequired(_l("Kirjoita syy.")), Length(max=REASON_MAX, message=TOO_LONG)])


NOTE_LABEL = _l("Lisätieto (vapaaehtoinen)")


def note_field(label=NOTE_LABEL):
    return TextAreaField(label, filters=[_strip], validators=[Optional(), Length(max=REASON_MAX, message=TOO_LONG)])


class FixTimesForm(FlaskForm):
    check_in = Clock(_l("Saapumisaika"), validators=[InputRequired(_l("Anna saapumisaika."))])
    check_out = Clock(_l("Lähtöaika"), validators=[Optional()])
    reason = reason_field(_l("Miksi aikaa korjataan?"))

    def __init__(self, *args, needs_check_out=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_check_out = needs_check_out

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.needs_check_out and not self.check_out.errors and self.check_out.data is None:
            self.check_out.errors = [_l("Anna lähtöaika.")]  # a check-out time cannot be taken away
            return False
        return valid

    def validate_check_out(self, field):
        if field.data is not None and self.check_in.data is not None and field.data < self.check_in.data:
            raise ValidationError(_l("Lähtöaika ei voi olla ennen saapumisaikaa."))


class ConfirmAnywayForm(FlaskForm):
    reason = reason_field(_l("Miksi päivä lasketaan?"))


class KeepForm(FlaskForm):
    reason = reason_field(_l("Miksi päivä pidetään ennallaan?"))


class NotCountedForm(FlaskForm):
    reason = reason_field(_l("Miksi päivää ei lasketa?"))


class AbsenceForm(FlaskForm):
    reason = RadioField(_l("Poissaolon syy"), choices=list(ABSENCE_REASONS.items()),
                        validators=[InputRequired(_l("Valitse poissaolon syy."))],
                        invalid_choice_message=_l("Valitse poissaolon syy."))
    note = note_field()


class RemoteForm(FlaskForm):
    hours = Number(_l("Tunnit"), validators=[
        InputRequired(_l("Anna tunnit.")),
        NumberRange(min=0, max=MAX_REMOTE_MINUTES // 60, message=_l("Tunteja on 0–%(max)d.",
                                                                   max=MAX_REMOTE_MINUTES // 60))])
    minutes = Number(_l("Minuutit"), default=0, validators=[
        Optional(), NumberRange(min=0, max=59, message=_l("Minuutteja on 0–59."))])
    note = note_field()
    reason = TextAreaField(_l("Miksi päivä lasketaan?"), filters=[_strip],
                           validators=[Optional(), Length(max=REASON_MAX, message=TOO_LONG)])

    @property
    def total(self) -> int:
        return (self.hours.data or 0) * 60 + (self.minutes.data or 0)

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if valid and not 1 <= self.total <= MAX_REMOTE_MINUTES:
            self.hours.errors = [_l("Etäpäivän pituus on 1 minuutista %(max)d tuntiin.", max=MAX_REMOTE_MINUTES // 60)]
            return False
        return valid


class PresenceForm(FlaskForm):
    check_in = Clock(_l("Saapumisaika"), validators=[InputRequired(_l("Anna saapumisaika."))])
    check_out = Clock(_l("Lähtöaika (vapaaehtoinen)"), validators=[Optional()])
    reason = reason_field(_l("Miksi läsnäolo kirjataan käsin?"))

    def validate_check_out(self, field):
        if field.data is not None and self.check_in.data is not None and field.data < self.check_in.data:
            raise ValidationError(_l("Lähtöaika ei voi olla ennen saapumisaikaa."))


class NotHeldForm(FlaskForm):
    count = HiddenField()  # how many the coach saw on the form: nothing is marked if it changed
    note = note_field()
