"""Plain language (selkokieli) on the client's screens: a client in plain mode gets the plain texts
(their own message context, "selko") in Finnish, Swedish and English, the bigger text's style and
fewer items at once; a client without it gets the ordinary texts and none of the plain ones."""
import html
from datetime import timedelta

import pytest
import time_machine
from flask_babel import force_locale, gettext, pgettext

from tests import factories
from tests.conftest import seed_instruments_and_templates
from tests.http import login, text
from tests.moments import DURING_THE_DAY
from webapp.extensions import db
from webapp.goals import documents
from webapp.lib import clock

# page: (a plain text, the ordinary text it stands for), in Finnish (the msgids)
PAGES = {
    "/": ("Kuvaa kioskin koodi", "Skannaa kioskin koodi"),
    "/diary": ("Valitse, miten voit. Se tallentuu heti.",
               "Kaikki kohdat ovat vapaaehtoisia. Yksi napautus riittää: se tallentuu heti."),
    "/diary/settings": ("Vain sinä näet päiväkirjasi. Voit jakaa päivän ohjaajalle.",
                        "Päiväkirjasi on oletuksena vain sinun. Voit jakaa päivän omalle ohjaajallesi, jos haluat."),
    "/diary/history": ("Et kirjoittanut tässä kuussa.", "Tälle kuukaudelle ei ole merkintöjä."),
    "/diary/access": ("Sinulla on oikeus tietää, kuka luki päiväkirjaasi. Vain oma ohjaajasi voi lukea päivät, jotka jaoit hänelle.",
                      "Laki (asiakastietolaki) antaa sinulle oikeuden tietää, kuka on lukenut tietojasi. Vain oma ohjaajasi voi lukea merkinnät, jotka olet jakanut hänelle."),
    "/checkin": ("Kuvaa kioskin koodi", "Skannaa kioskin koodi"),
    "/me/scan": ("Avaa kamera. Näytä kameralle kioskin koodi.",
                 "Avaa kamera ja osoita sillä kioskin näytön koodia. Kirjaudut heti, kun koodi näkyy."),
    "/me/wellbeing": ("Kysymyksiä on 5.", "Kysymyksiä on viisi."),
    "/diary/trend": ("Et ole vielä vastannut. Kun vastaat päiväkirjassa, näet sen tässä.",
                     "Tältä ajalta ei ole vielä mielialaa eikä jaksamista. Kun vastaat niihin päiväkirjassa, näet ne tässä."),
    "/me/badge": ("Näytä koodi kioskille, kun tulet.", "Näytä tämä koodi kioskin kameralle, kun tulet paikalle."),
    "/me/certificates": ("Sinulla ei ole todistusta. Voit pyytää todistuksen ohjaajalta, kun jakso loppuu.",
                         "Sinulla ei ole vielä todistuksia. Kun jaksosi päättyy, voit pyytää ohjaajaltasi todistuksen osallistumisestasi."),
    "/me/skills": ("Taitoja ei ole vielä. Ohjaaja kirjoittaa taidon, kun teet sen työssä.",
                   "Taitoja ei ole vielä kirjattu. Ohjaaja kirjaa taidon, kun näytät sen työssä."),
    "/me/plans": ("Kerro, miten sinulla on mennyt. Ohjaaja lukee sen ennen tapaamista.",
                  "Ennen arviointitapaamista voit kertoa omin sanoin, miten sinulla on mennyt. Ohjaajasi näkee vastauksesi."),
}


@pytest.fixture
def world(app, request):
    with time_machine.travel(DURING_THE_DAY, tick=False):
        seed_instruments_and_templates()
        people = request.getfixturevalue("people")
        period = factories.make_period(people.client.client, people.unit,
                                       starts_on=DURING_THE_DAY.date() - timedelta(days=60))
        plan = documents.start(period, "plan", people.coach)  # signed, so an interim evaluation may start
        plan.contents = {"measures": "Lajittelu", "participation": "Valitset tehtäväsi", "intensity": "2 pv"}
        plan.signed_at, plan.signed_by_id = clock.now(), people.coach.id
        documents.start(period, "interim", people.coach)  # her own part to answer on /me/plans
        db.session.commit()
        yield people


def translated(app, language, plain, msgid):
    with app.test_request_context(), force_locale(language):
        return pgettext("selko", msgid) if plain else gettext(msgid)


def page_text(http, path):
    response = http.get(path)
    assert response.status_code == 200, f"{path} answered {response.status_code}"
    return html.unescape(text(response))


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_a_client_in_plain_mode_gets_the_plain_texts(http, app, world, language):
    anna = world.client
    anna.language, anna.plain_language = language, True
    db.session.commit()
    login(http, anna)
    for path, (plain_text, ordinary) in PAGES.items():
        page = page_text(http, path)
        assert '<body class="plain"' in page and "css/plain.css" in page, path
        assert translated(app, language, True, plain_text) in page, (path, language)
        if ordinary:
            assert translated(app, language, False, ordinary) not in page, (path, language)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_a_client_without_it_gets_the_ordinary_texts(http, app, world, language):
    anna = world.client
    anna.language = language
    db.session.commit()
    login(http, anna)
    for path, (plain_text, ordinary) in PAGES.items():
        page = page_text(http, path)
        assert 'class="plain"' not in page and "css/plain.css" not in page, path
        if ordinary:
            assert translated(app, language, False, ordinary) in page, (path, language)
        assert translated(app, language, True, plain_text) not in page, (path, language)


def test_the_plain_texts_are_not_the_ordinary_ones_in_any_language(app):
    """Otherwise the two tests above would prove nothing."""
    for language in ("fi", "sv", "en"):
        for plain_text, ordinary in PAGES.values():
            if ordinary:
                assert translated(app, language, True, plain_text) != translated(app, language, False, ordinary)
                assert translated(app, language, True, plain_text) not in translated(app, language, False, ordinary)


def test_the_diary_day_shows_the_main_questions_and_the_rest_behind_a_button(http, world):
    anna = world.client
    anna.plain_language = True
    db.session.commit()
    login(http, anna)
    page = page_text(http, "/diary")
    main, more = page.split('data-testid="plain-more-texts"')
    assert "Miten voit?" in main and "Paljonko sinulla on voimia?" in main and "Mitä teit?" in main
    assert "<summary" in more.split("went_well")[0] and "Kirjoita omin sanoin" in more
    assert 'name="went_well"' in more and 'name="to_coach"' in more and "Viesti ohjaajalle" in more
    assert 'data-testid="plain-more-texts" open' not in page  # nothing written yet: closed


def test_the_texts_open_by_themselves_once_she_has_written(http, world):
    anna = world.client
    anna.plain_language = True
    db.session.commit()
    factories.make_entry(anna, DURING_THE_DAY.date(), mood=4, went_well="Hyvä päivä.")
    login(http, anna)
    page = page_text(http, "/diary")
    assert 'data-testid="plain-more-texts" open' in page and "Hyvä päivä." in page


def test_the_home_page_keeps_the_rest_behind_a_button(http, world):
    anna = world.client
    anna.plain_language = True
    db.session.commit()
    login(http, anna)
    page = page_text(http, "/")
    shown, hidden = page.split('data-testid="plain-more"')
    assert 'data-testid="diary-card"' in shown and 'data-testid="today-card"' in shown
    assert 'data-testid="month-card"' in hidden and 'data-testid="next-days"' in hidden
    assert "Näytä lisää" in hidden.split('data-testid="month-card"')[0]
