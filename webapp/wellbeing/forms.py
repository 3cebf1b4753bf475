"""Answering a questionnaire, and a manager replacing an instrument's wording."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, TextAreaField
from wtforms.validators import InputRequired, Length


class Answer(RadioField):
    """One statement's answer: its own words for anything that is not one of the choices."""
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Valitse jokaiseen kohtaan yksi vastaus.")) from None


def item_name(index: int) -> str:
    return f"item_{index}"


class AnswerForm(FlaskForm):
    """for_wording() adds one question per statement, answered from the highest value down."""

    @classmethod
    def for_wording(cls, wording, **kw) -> "AnswerForm":
        class Questions(cls):
            pass
        message = _l("Valitse jokaiseen kohtaan yksi vastaus.")
        choices = [(value, words) for value, words in reversed(list(enumerate(wording.answers)))]
        for index, statement in enumerate(wording.statements):
            setattr(Questions, item_name(index), Answer(
                statement, coerce=int, choices=choices, validators=[InputRequired(message)],
                invalid_choice_message=message))
        return Questions(**kw)

    def values(self, count: int) -> list[int]:
        return [self[item_name(index)].data for index in range(count)]


class WordingForm(FlaskForm):
    intro = TextAreaField(_l("Johdanto"), validators=[InputRequired(_l("Kirjoita johdanto.")), Length(max=300)])
    statements = TextAreaField(_l("Väittämät, yksi riville"), validators=[InputRequired(_l("Kirjoita väittämät.")),
                                                                       Length(max=3000)])
    answers = TextAreaField(_l("Vastausvaihtoehdot suurimmasta pienimpään, yksi riville"),
                            validators=[InputRequired(_l("Kirjoita vastausvaihtoehdot.")), Length(max=1000)])
    official = BooleanField(_l("Tämä on instrumentin virallinen käännös"))
    source = TextAreaField(_l("Lähde"), validators=[Length(max=500)])

    @staticmethod
    def lines(text: str | None) -> list[str]:
        return [line.strip() for line in (text or "").splitlines() if line.strip()]

    def check_counts(self, instrument) -> bool:
        ok = True
        if len(self.lines(self.statements.data)) != instrument.items:
            self.statements.errors = [_l("Kirjoita %(n)d väittämää, kukin omalle rivilleen.", n=instrument.items)]
            ok = False
        if len(self.lines(self.answers.data)) != instrument.answer_max + 1:
            self.answers.errors = [_l("Kirjoita %(n)d vastausvaihtoehtoa, kukin omalle rivilleen.",
                                      n=instrument.answer_max + 1)]
            ok = False
        return ok
