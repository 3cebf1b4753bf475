"""The app's error page: one look and the reader's language for every 4xx and 5xx, whichever
area answers it (an htmx request gets the fragment)."""
from flask import render_template, request
from flask_babel import gettext as _


def _messages():
    return {
        400: (_("Pyynnössä oli jotain vialla"),
              _("Palaa takaisin, tarkista tiedot ja yritä uudelleen.")),
        401: (_("Kirjaudu sisään"), _("Tämä sivu on vain kirjautuneille.")),
        403: (_("Tämä sivu ei ole sinua varten"), _("Tunnuksellasi ei ole pääsyä tälle sivulle.")),
        404: (_("Sivua ei löytynyt"), _("Sivua ei ole olemassa, tai sinulla ei ole oikeutta nähdä sitä.")),
        405: (_("Tämä ei toimi täällä"), _("Tämä osoite ei ota vastaan tällaista pyyntöä.")),
        413: (_("Tiedosto on liian suuri"), _("Valitse pienempi tiedosto.")),
        429: (_("Liian monta yritystä"), _("Odota hetki ja yritä uudelleen.")),
        500: (_("Meillä tapahtui virhe"),
              _("Vika ei ole sinun. Yritä hetken kuluttua uudelleen.")),
        503: (_("Palvelu ei vastaa juuri nyt"),
              _("Vika ei ole sinun. Odota hetki ja lataa sivu uudelleen. "
                "Jos jokin jäi tallentumatta, tee se sitten uudelleen.")),
    }


def render_error(code: int, detail: str | None = None):
    title, text = _messages().get(code, _messages()[400 if code < 500 else 500])
    template = "errors/_error.html" if request.htmx else "errors/error.html"
    return render_template(template, code=code, title=title, text=detail or text), code
