"""The client's diary forms. Every answer is optional: one tapped face is a whole entry."""
from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, Field, HiddenField, StringField, TextAreaField, TimeField
from wtforms.validators import AnyOf, DataRequired, Length, Regexp, ValidationError

from webapp.diary.entries import KEY_MAX, MAX_LABELS, Answers, clean_labels
from webapp.diary.models import LABEL_MAX, NOTE_MAX, TEXT_MAX
from webapp.diary.reminders import clock_text, is_quiet

KEY_PATTERN = r"^[A-Za-z0-9_-]+$"
_KEY_PROBLEM = _l("Lomake ehti vanhentua. Lataa sivu uudelleen ja yritä uudestaan.")
_TOO_LONG = _l("Teksti on liian pitkä: enintään %(max)d merkkiä.")


def _key_field():
    return HiddenField(validators=[DataRequired(message=_KEY_PROBLEM), Length(max=KEY_MAX, message=_KEY_PROBLEM),
                                   Regexp(KEY_PATTERN, message=_KEY_PROBLEM)])


class ScaleField(Field):
    """One step of a 1–5 scale (radio buttons), or nothing."""

    def _value(self):
        return "" if self.data is None else str(self.data)

    def process_formdata(self, valuelist):
        raw = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if raw == "":
            return
        if raw not in ("1", "2", "3", "4", "5"):
            raise ValueError(_l("Valitse yksi viidestä vaihtoehdosta."))
        self.data = int(raw)


class LabelsField(Field):
    """The chosen activity chips (several checkboxes with the same name)."""

    def process_formdata(self, valuelist):
        self.data = [str(value) for value in valuelist]

    def pre_validate(self, form):
        if any(len(" ".join(label.split())) > LABEL_MAX for label in self.data or ()):
            raise ValidationError(_l("Toiminnon nimi saa olla enintään %(max)d merkkiä.", max=LABEL_MAX))


class EntryForm(FlaskForm):
    key = _key_field()
    mood = ScaleField(_l("Mikä on mielialasi?"), default=None)
    energy = ScaleField(_l("Paljonko jaksat?"), default=None)
    activity = LabelsField(_l("Mitä tein tänään?"), default=list)
    new_activity = StringField(_l("Lisää oma toiminto"),
                               validators=[Length(max=LABEL_MAX, message=_l(
                                   "Toiminnon nimi saa olla enintään %(max)d merkkiä."))])
    went_well = TextAreaField(_l("Mikä meni hyvin?"), validators=[Length(max=TEXT_MAX, message=_TOO_LONG)])
    was_hard = TextAreaField(_l("Mikä oli vaikeaa?"), validators=[Length(max=TEXT_MAX, message=_TOO_LONG)])
    to_coach = TextAreaField(_l("Mitä haluan kertoa ohjaajalle?"),
                             validators=[Length(max=TEXT_MAX, message=_TOO_LONG)])
    shared = BooleanField(_l("Jaa tämä päivä ohjaajalle"), false_values=("", "0", "false", "off"))

    def labels(self) -> list[str]:
        return list(self.activity.data or []) + [self.new_activity.data or ""]

    def validate_new_activity(self, field):
        if any(len(" ".join(label.split())) > LABEL_MAX for label in self.labels()):
            return  # a too-long label is reported by its own field
        try:
            clean_labels(self.labels())
        except ValueError:
            raise ValidationError(_l("Valitse enintään %(count)d toimintoa.", count=MAX_LABELS))

    def answers(self) -> Answers:
        return Answers(mood=self.mood.data, energy=self.energy.data, activities=self.labels(),
                       went_well=self.went_well.data or "", was_hard=self.was_hard.data or "",
                       to_coach=self.to_coach.data or "", shared=bool(self.shared.data))


class NoteForm(FlaskForm):
    key = _key_field()
    text = TextAreaField(_l("Lisää myöhempi merkintä"), filters=[lambda value: (value or "").strip()],
                         validators=[DataRequired(message=_l("Kirjoita ensin merkintä.")),
                                     Length(max=NOTE_MAX, message=_TOO_LONG)])


class ShareForm(FlaskForm):
    shared = StringField(validators=[AnyOf(["1", "0"], message=_l("Valitse, jaetaanko päivä vai ei."))])


class SettingsForm(FlaskForm):
    share_default = BooleanField(_l("Jaa uudet päivät ohjaajalleni"), false_values=("", "0", "false", "off"))


class ClockField(TimeField):
    """A time of day (15:00, or 15.00 as Finns write it); empty is none."""

    def process_formdata(self, valuelist):
        if not valuelist or not (valuelist[0] or "").strip():
            self.data = None
            return
        super().process_formdata([valuelist[0].strip()[:8]])


class ReminderForm(FlaskForm):
    """Reminders on the client's expected days at her time, and a notice when the coach answers.
    The time is Helsinki's wall clock; it cannot fall in quiet hours (no reminder is sent then)."""
    remind = BooleanField(_l("Muistuta minua kirjoittamaan"), false_values=("", "0", "false", "off"))
    remind_at = ClockField(_l("Kello"), format=["%H:%M", "%H.%M", "%H:%M:%S"],
                           invalid_value_message=_l("Kirjoita kellonaika, esimerkiksi 15.00."))
    on_reply = BooleanField(_l("Ilmoita, kun ohjaaja vastaa"), false_values=("", "0", "false", "off"))

    def validate_remind_at(self, field):
        if field.data is None:
            if self.remind.data:
                raise ValidationError(_l("Valitse, mihin aikaan muistutus tulee."))
            return
        start, end = current_app.config["QUIET_HOURS"]
        if self.remind.data and is_quiet(field.data, (start, end)):
            raise ValidationError(_l("Kello %(start)s–%(end)s on hiljainen aika. Valitse toinen aika.",
                                     start=clock_text(start), end=clock_text(end)))
