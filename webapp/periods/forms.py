from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, DecimalField, SelectField, TextAreaField
from wtforms.widgets import TextInput
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from webapp.lib.forms import MultiCheckboxField, optional_int
from webapp.clients.labels import MODES, PLANS, SHORT_REASONS, WEEKDAYS, day, weekday_names
from webapp.periods import rules


class CommaDecimalField(DecimalField):
    """Accepts 6,5 as well as 6.5: Finnish keyboards write a comma (a text input, since
    type=number would refuse the comma)."""

    widget = TextInput()

    def process_formdata(self, valuelist):
        if valuelist:
            valuelist = [valuelist[0].replace(",", ".").strip()]
        super().process_formdata(valuelist)
        # Decimal() also reads "Infinity", "sNaN" and "1E+30", which no rule can compare or round.
        if self.data is not None and not (self.data.is_finite() and abs(self.data) < self.LARGEST):
            self.data = None
            raise ValueError(_("Anna luku, esimerkiksi 6,5."))

    LARGEST = 1000

    def _value(self):
        value = super()._value()
        return value.replace(".", ",") if isinstance(value, str) else value


class PeriodForm(FlaskForm):
    unit = SelectField(_l("Toimipiste"), coerce=optional_int, validators=[InputRequired(_l("Valitse toimipiste."))])
    starts_on = DateField(_l("Alkaa"), validators=[InputRequired(_l("Anna alkamispäivä."))])
    ends_on = DateField(_l("Päättyy"), validators=[InputRequired(_l("Anna päättymispäivä."))])
    weekdays = MultiCheckboxField(_l("Suunnitellut päivät"), coerce=int,
                                  choices=[(n, name) for n, name in enumerate(WEEKDAYS)])
    hours_per_day = CommaDecimalField(_l("Tunteja päivässä"), places=1, validators=[
        InputRequired(_l("Anna tunnit päivässä."))], render_kw={"inputmode": "decimal"})
    service_type = SelectField(_l("Palvelun tyyppi"), coerce=optional_int,
                               validators=[InputRequired(_l("Valitse palvelun tyyppi."))])
    mode = SelectField(_l("Toteutustapa"), choices=list(MODES.items()), default="on_site")
    referral_plan_type = SelectField(_l("Suunnitelma, jolla asiakas ohjattiin"),
                                     choices=[("", _l("Ei tiedossa"))] + list(PLANS.items()),
                                     validators=[Optional()])
    referral_plan_date = DateField(_l("Suunnitelman päivä"), validators=[Optional()])
    orderer = SelectField(_l("Tilaaja"), coerce=optional_int, validators=[Optional()])
    short_period_code = SelectField(_l("Peruste, jos jakso on alle 3 kuukautta"),
                                    choices=[("", _l("Ei tarvita: jakso on vähintään 3 kuukautta"))] + list(SHORT_REASONS.items()),
                                    default="", invalid_choice_message=_l("Valitse peruste listasta."))
    short_period_reason = TextAreaField(_l("Perusteen lisätiedot"), validators=[
        Optional(), Length(max=1000, message=_l("Enintään 1000 merkkiä."))])

    def check_rules(self, other_periods, open_weekdays=None) -> bool:
        """Apply the period rules; each break becomes a field error. True when none.
        open_weekdays: the weekdays the chosen unit is open."""
        hours = self.hours_per_day.data
        if hours is None or self.starts_on.data is None or self.ends_on.data is None:
            return False
        if hours != hours.quantize(Decimal("0.1")):
            self.hours_per_day.errors.append(_("Käytä enintään yhtä desimaalia, esimerkiksi 6,5."))
            return False
        problems = rules.period_problems(
            starts_on=self.starts_on.data, ends_on=self.ends_on.data, weekdays=self.weekdays.data or [],
            hours=hours, short_reason=self.short_period_code.data or "",
            short_note=self.short_period_reason.data or "", open_weekdays=open_weekdays,
            other_periods=[(p.starts_on, p.ends_on) for p in other_periods])
        for name, code in problems.items():
            getattr(self, name).errors.append(self.message(code, other_periods, open_weekdays))
        return not problems

    def message(self, code: str, other_periods=(), open_weekdays=()) -> str:
        start = self.starts_on.data
        if code == "end_before_start":
            return _("Päättymispäivä ei voi olla ennen alkamispäivää.")
        if code == "too_long":
            return _("Jakso voi kestää enintään 24 kuukautta: viimeinen mahdollinen päättymispäivä on %(last)s.",
                     last=day(rules.last_day_of(start, rules.MAX_MONTHS)))
        if code == "too_short":
            return _("Jakso on lyhyempi kuin 3 kuukautta (3 kuukautta täyttyy %(last)s). "
                     "Valitse peruste lyhyelle jaksolle.", last=day(rules.last_day_of(start, rules.MIN_MONTHS)))
        if code == "vague_reason":
            return _("Kerro muu syy muutamalla sanalla (vähintään %(min)d merkkiä).",
                     min=rules.OTHER_REASON_MIN_CHARS)
        if code == "under_a_week":
            return _("Jakso on liian lyhyt: sen pitää kestää vähintään viikko.")
        if code == "closed_weekday":
            closed = rules.closed_weekdays(self.weekdays.data or [], open_weekdays)
            return _("Toimipiste on kiinni: %(days)s. Valitse päivät, joina toimipiste on auki.",
                     days=weekday_names(closed, short=False))
        if code == "days_a_week":
            return _("Valitse 1–4 päivää viikossa.")
        if code == "hours_a_day":
            return _("Tunteja päivässä pitää olla vähintään 4 ja enintään 8.")
        if code == "hours_a_week":
            total = rules.hours_a_week(self.weekdays.data or [], self.hours_per_day.data)
            return _("Viikossa saa olla enintään 32 tuntia. Nyt niitä on %(hours)s.",
                     hours=str(total).replace(".", ","))
        if code == "overlap":
            clash = next(p for p in other_periods
                         if rules.overlaps(start, self.ends_on.data, p.starts_on, p.ends_on))
            return _("Asiakkaalla on jo jakso %(start)s–%(end)s. Jaksot eivät saa mennä päällekkäin.",
                     start=day(clash.starts_on), end=day(clash.ends_on))
        return code


class EditPeriodForm(PeriodForm):
    change_reason = TextAreaField(_l("Miksi jaksoa muutetaan?"), validators=[
        DataRequired(_l("Kerro, miksi jaksoa muutetaan.")),
        Length(max=500, message=_l("Enintään 500 merkkiä."))])


class EndPeriodForm(FlaskForm):
    ends_on = DateField(_l("Viimeinen päivä"), validators=[InputRequired(_l("Anna päättymispäivä."))])
    reason = TextAreaField(_l("Miksi jakso päättyy etuajassa?"), validators=[
        DataRequired(_l("Kirjoita syy, miksi jakso päättyy.")),
        Length(max=1000, message=_l("Enintään 1000 merkkiä."))])
