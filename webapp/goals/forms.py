"""Writing a goal, revising it, ending it, and scoring every goal at an evaluation."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, RadioField, SelectField, SelectMultipleField, TextAreaField
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from webapp.goals.gas import LEVELS
from webapp.lib.forms import Day, RadioChoice, optional_int, too_long
from webapp.goals.models import CLIENT_TEXT_MAX, DOCUMENT_TEXT_MAX, LEVEL_MAX, MAX_WEIGHT, REASON_MAX, TEXT_MAX


def level_name(level: int):
    """GAS's own words for a level, as Kela's forms use them."""
    return {
        -2: _l("−2 paljon odotettua huonompi"),
        -1: _l("−1 hieman odotettua huonompi"),
        0: _l("0 odotettu tulos"),
        1: _l("+1 hieman odotettua parempi"),
        2: _l("+2 paljon odotettua parempi"),
    }[level]


class Weight(IntegerField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Anna paino kokonaislukuna 1–%(max)d.", max=MAX_WEIGHT)) from None


class GoalForm(FlaskForm):
    text = TextAreaField(_l("Tavoite asiakkaan omin sanoin"), validators=[
        InputRequired(_l("Kirjoita tavoite.")), too_long(TEXT_MAX)])
    level_plus_2 = TextAreaField(level_name(2), validators=[too_long(LEVEL_MAX)])
    level_plus_1 = TextAreaField(level_name(1), validators=[too_long(LEVEL_MAX)])
    level_0 = TextAreaField(level_name(0), validators=[
        InputRequired(_l("Kuvaa odotettu tulos: mitä tapahtuu, kun tavoite toteutuu.")), too_long(LEVEL_MAX)])
    level_minus_1 = TextAreaField(level_name(-1), validators=[too_long(LEVEL_MAX)])
    level_minus_2 = TextAreaField(level_name(-2), validators=[too_long(LEVEL_MAX)])
    starting_level = RadioChoice(_l("Lähtötaso nyt"), _l("Valitse lähtötaso."), coerce=int, default=-1,
                           choices=[(-1, level_name(-1)), (-2, level_name(-2))])
    weight = Weight(_l("Paino (vapaaehtoinen)"), default=1, validators=[
        Optional(), NumberRange(min=1, max=MAX_WEIGHT, message=_l("Anna paino kokonaislukuna 1–%(max)d.", max=MAX_WEIGHT))])

    LEVEL_FIELDS = ("level_plus_2", "level_plus_1", "level_0", "level_minus_1", "level_minus_2")

    def values(self) -> dict:
        """The version's columns from the form, trimmed; an empty weight is 1."""
        values = {name: (getattr(self, name).data or "").strip() for name in ("text",) + self.LEVEL_FIELDS}
        values["starting_level"] = self.starting_level.data
        values["weight"] = self.weight.data or 1
        return values


class ReviseForm(GoalForm):
    reason = TextAreaField(_l("Miksi tavoitetta muutetaan?"), validators=[
        InputRequired(_l("Kerro, miksi tavoitetta muutetaan.")), too_long(REASON_MAX)])


class EndGoalForm(FlaskForm):
    reason = TextAreaField(_l("Miksi tavoite päätetään?"), validators=[
        InputRequired(_l("Kerro, miksi tavoite päätetään.")), too_long(REASON_MAX)])


class RemoveEvaluationForm(FlaskForm):
    reason = TextAreaField(_l("Miksi arviointi poistetaan?"), validators=[
        InputRequired(_l("Kerro, miksi arviointi poistetaan.")), too_long(REASON_MAX)])


def kind_choices():
    return [("interim", _l("Väliarviointi")), ("final", _l("Loppuarviointi"))]


def score_field_name(goal) -> str:
    return f"goal_{goal.id}"


class EvaluationForm(FlaskForm):
    """The day and kind; for_goals() adds one level to choose for each goal."""
    held_on = Day(_l("Arvioinnin päivä"), validators=[InputRequired(_l("Anna arvioinnin päivä."))])
    kind = RadioField(_l("Arvioinnin laji"), choices=kind_choices(), default="interim",
                      invalid_choice_message=_l("Valitse arvioinnin laji."))

    @classmethod
    def for_goals(cls, goals, **kw) -> "EvaluationForm":
        class ScoreForm(cls):
            pass
        message = _l("Valitse taso jokaiselle tavoitteelle.")
        for number, goal in enumerate(goals, start=1):
            setattr(ScoreForm, score_field_name(goal), RadioChoice(
                _l("Tavoite %(n)d", n=number), message, coerce=int, validators=[InputRequired(message)],
                choices=[(level, level_name(level)) for level in reversed(LEVELS)]))
        return ScoreForm(**kw)


def section_field_name(section: dict) -> str:
    return f"s_{section['key']}"


class DocumentForm(FlaskForm):
    """for_template() adds a text for each section of the document's template."""

    @classmethod
    def for_template(cls, template, language: str, next_steps=(), evaluations=None, **kw) -> "DocumentForm":
        """evaluations: [(id, label)] of the GAS evaluations this evaluation may show (interim and
        final documents only)."""
        class Sections(cls):
            pass
        if template.kind in ("interim", "final") and evaluations is not None:
            Sections.evaluation = SelectField(
                _l("GAS-arviointi, joka pidettiin tässä arvioinnissa"), coerce=optional_int,
                choices=[("", _l("Ei vielä valittu"))] + list(evaluations), validators=[Optional()],
                invalid_choice_message=_l("Valitse arviointi listasta."))
        if template.kind == "final":
            Sections.next_step = SelectField(
                _l("Jatkopolku: mihin asiakas siirtyy"), coerce=optional_int,
                choices=[("", _l("Valitse"))] + [(step.id, step.name(language)) for step in next_steps],
                validators=[Optional()], invalid_choice_message=_l("Valitse jatkopolku listasta."))
        for section in template.sections:
            title = section["title"].get(language) or section["title"].get("fi")
            setattr(Sections, section_field_name(section), TextAreaField(title, validators=[too_long(DOCUMENT_TEXT_MAX)]))
        if template.asks_next_evaluation:
            Sections.next_evaluation_on = Day(_l("Seuraavan väliarvioinnin päivä"), validators=[Optional()])
        return Sections(**kw)


class NewDocumentForm(FlaskForm):
    kind = RadioField(_l("Asiakirja"), choices=[("plan", _l("Toteutussuunnitelma")), ("interim", _l("Väliarviointi")),
                                                ("final", _l("Loppuarviointi"))],
                      invalid_choice_message=_l("Valitse asiakirja."))


class NewVersionForm(FlaskForm):
    reason = TextAreaField(_l("Miksi asiakirjaa muutetaan?"), validators=[
        InputRequired(_l("Kerro, miksi asiakirjaa muutetaan.")), too_long(REASON_MAX)])


def _client_text(label):
    return TextAreaField(label, validators=[too_long(CLIENT_TEXT_MAX)])


class ClientAnswerForm(FlaskForm):
    """The client's own part, in plain words: every question may be left empty, but not all."""
    went_well = _client_text(_l("Mikä on mennyt hyvin?"))
    to_change = _client_text(_l("Mitä haluat muuttaa?"))
    next_wish = _client_text(_l("Mitä haluat tehdä seuraavaksi?"))

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if valid and not any((f.data or "").strip() for f in (self.went_well, self.to_change, self.next_wish)):
            self.went_well.errors = [_l("Kirjoita vastaus ainakin yhteen kysymykseen.")]
            return False
        return valid


class ReceiptForm(FlaskForm):
    comment = TextAreaField(_l("Haluatko sanoa jotain tästä tekstistä? (vapaaehtoinen)"),
                            validators=[too_long(CLIENT_TEXT_MAX)])


class OwnEntries(SelectMultipleField):
    """Ids of her own diary entries: anything else is refused in words she understands."""
    MESSAGE = _l("Valitse vain omia päiväkirjamerkintöjäsi tältä ajalta.")

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(self.MESSAGE) from None

    def pre_validate(self, form):
        allowed = {value for value, _label in self.choices}
        if any(value not in allowed for value in self.data or ()):
            raise ValidationError(self.MESSAGE)


class DiaryShareForm(FlaskForm):
    """What of her diary the client brings to an evaluation: ticked entries and, if she wants, her
    mood and energy trend. The choices are her own entries of the evaluation's span."""
    entries = OwnEntries(_l("Päiväkirjamerkinnät"), coerce=int, choices=[])
    trend = BooleanField(_l("Tuo mielialan ja jaksamisen kehitys arviointiin"))
