from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length


class LoginForm(FlaskForm):
    email = EmailField(_l("Sähköposti"), validators=[DataRequired(), Length(max=254)],
                       render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Salasana"), validators=[DataRequired(), Length(max=200)],
                             render_kw={"autocomplete": "current-password"})
    remember = BooleanField(_l("Pidä minut kirjautuneena tällä laitteella"))


class ChangePasswordForm(FlaskForm):
    current = PasswordField(_l("Nykyinen salasana"), validators=[DataRequired()],
                            render_kw={"autocomplete": "current-password"})
    new = PasswordField(
        _l("Uusi salasana"),
        validators=[DataRequired(), Length(min=10, max=200, message=_l("Käytä vähintään 10 merkkiä."))],
        render_kw={"autocomplete": "new-password"},
    )
    again = PasswordField(
        _l("Uusi salasana uudelleen"),
        validators=[DataRequired(), EqualTo("new", message=_l("Salasanat eivät ole samat."))],
        render_kw={"autocomplete": "new-password"},
    )
