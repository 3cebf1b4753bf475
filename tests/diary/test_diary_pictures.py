"""Pictures and read aloud on the client's diary: a picture beside every face, battery and
activity chip (the word always next to it, so the picture is decorative), and a hidden "Listen"
button in every prompt's area and the coach's reply, which static/js/read-aloud.js shows when the
phone has a voice. The home page's main actions carry pictures too."""
import re
from datetime import UTC, datetime, timedelta

from tests import factories
from tests.http import login, text
from webapp.diary.models import DiaryReply
from webapp.extensions import db
from webapp.lib import pictograms

WEDNESDAY = datetime(2026, 11, 18).date()


def imgs(page: str) -> list[str]:
    return re.findall(r"<img [^>]*>", page)


def test_every_face_battery_and_chip_has_its_picture_beside_its_word(http, people, clock):
    factories.make_unit_activity(people.unit, "Puutyöt")
    factories.make_unit_activity(people.unit, "Sählyä salissa")
    login(http, people.client)
    page = text(http.get("/diary"))
    for value, word in ((1, "Tosi huono"), (3, "Ihan ok"), (5, "Tosi hyvä")):
        assert re.search(rf'id="mood-{value}" value="{value}" >\s*<img [^>]*data-pictogram="mood-{value}"><span>{word}</span>',
                         page)
    for value in range(1, 6):
        assert f'data-pictogram="energy-{value}"' in page
    chips = page.split('id="diary-chips"', 1)[1].split("</fieldset>", 1)[0]
    assert re.search(r'data-pictogram="saw">\s*<span>Puutyöt</span>', chips)
    assert re.search(r'data-pictogram="own">\s*<span>Sählyä salissa</span>', chips)
    for tag in imgs(page):
        if "pictogram" in tag:
            assert 'alt=""' in tag and re.search(r'width="\d+" height="\d+"', tag), tag  # decorative, no shift
            name = re.search(r'data-pictogram="([^"]+)"', tag).group(1)
            assert pictograms.known(name) and f'src="/static/pictograms/{name}.svg?v=' in tag


def test_every_prompt_and_the_share_choice_has_a_hidden_listen_button(http, people, clock):
    login(http, people.client)
    page = text(http.get("/diary"))
    buttons = re.findall(r"<button [^>]*data-read-aloud[^>]*>.*?</button>", page, re.S)
    assert len(buttons) == 7  # mood, energy, activities, three questions, sharing
    for button in buttons:
        assert 'type="button"' in button and " hidden" in button and 'aria-pressed="false"' in button
        assert "Kuuntele" in button
    names = [re.search(r'visually-hidden">: ([^<]+)<', b).group(1) for b in buttons]
    assert names == ["Mikä on mielialasi?", "Paljonko jaksat?", "Mitä tein tänään?", "Mikä meni hyvin?",
                     "Mikä oli vaikeaa?", "Mitä haluan kertoa ohjaajalle?", "Jaa tämä päivä ohjaajalle"]
    assert page.count("data-read-area") == 7
    assert '<script src="/static/js/read-aloud.js?v=' in page


def test_an_old_day_and_the_coachs_reply_can_be_listened_to(http, people, clock):
    entry = factories.make_entry(people.client, WEDNESDAY - timedelta(days=5), mood=4, energy=2, shared=True,
                                 activities=["Siivous"])
    db.session.add(DiaryReply(entry_id=entry.id, author_id=people.coach.id, text="Hienoa työtä!",
                              created_at=datetime(2026, 11, 14, 12, 5, tzinfo=UTC)))
    db.session.commit()
    login(http, people.client)
    page = text(http.get("/diary/2026-11-13"))
    assert 'data-read-target="diary-read"' in page and 'id="diary-read"' in page
    reply = page.split('class="diary-replies"', 1)[1].split("</section>", 1)[0]
    assert "data-read-area" in reply and "data-read-aloud" in reply and "Hienoa työtä!" in reply
    assert 'data-pictogram="mood-4"' in page and 'data-pictogram="energy-2"' in page
    assert re.search(r'data-pictogram="broom"> Siivous</li>', page)


def test_the_buttons_speak_swedish_on_a_swedish_page(http, people, clock):
    people.client.language = "sv"
    db.session.commit()
    login(http, people.client)
    page = text(http.get("/diary"))
    assert '<html lang="sv">' in page and "Lyssna" in page and "Kuuntele" not in page


def test_the_client_home_shows_pictures_on_its_main_actions(http, people, clock):
    login(http, people.client)
    page = text(http.get("/"))
    for name in ("scan", "write", "calendar", "days"):
        assert f'data-pictogram="{name}"' in page, name
    for name in ("folder", "eye"):  # the list of her data is words only: the page stays under 50 KB
        assert f'data-pictogram="{name}"' not in page, name
    assert re.search(r'href="/diary"><img [^>]*data-pictogram="write">Kirjoita päiväkirjaan', page)
    lazy = [tag for tag in imgs(page) if 'data-pictogram="days"' in tag]
    assert lazy and 'loading="lazy"' in lazy[0]


def test_the_accessibility_page_names_the_pictures_and_their_licence(http):
    page = text(http.get("/accessibility"))
    assert "OpenMoji" in page and "CC BY-SA 4.0" in page and "https://creativecommons.org/licenses/by-sa/4.0/" in page
    assert "Kuuntele" in page


def test_the_settings_can_be_listened_to(http, people, clock):
    login(http, people.client)
    page = text(http.get("/diary/settings"))
    area = page.split("data-read-area>", 1)[1]
    assert re.search(r"<button [^>]*data-read-aloud[^>]*hidden>", area) and "Jaa uudet päivät ohjaajalleni" in area
    assert '<script src="/static/js/read-aloud.js?v=' in page
