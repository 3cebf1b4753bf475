from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.validators import DataRequired, Length


class CorrectionForm(FlaskForm):
    counted = RadioField(_l("Lasketaanko päivä?"), choices=[("yes", _l("Kyllä, päivä lasketaan")),
                                                            ("no", _l("Ei, päivää ei lasketa"))],
                         validators=[DataRequired(_l("Valitse, lasketaanko päivä."))])
    reason = TextAreaField(_l("Syy"), validators=[DataRequired(_l("Kirjoita syy.")), Length(max=500)])
