"""The kiosk after a client has chosen her name (or scanned): in her plain-language mode. The name
list marks her name, the PIN pad and the answer to her scan speak plain language; nobody else's."""
import time_machine

from tests import factories
from tests.http import text
from tests.kiosks.helpers import pair, post_scan
from tests.moments import MORNING
from webapp.extensions import db

PLAIN_HELP = "Kirjoita PIN-koodi. Siinä on 4 numeroa."
HELP = "Näppäile PIN-koodisi, 4 numeroa."


def plain_anna(people):
    people.client.plain_language = True
    db.session.commit()
    return people.client


@time_machine.travel(MORNING, tick=False)
def test_the_name_list_marks_a_name_in_plain_mode(http, people):
    pair(http, people.unit)
    olga = factories.make_client(people.unit, first_name="Olga", last_name="Ojala")
    anna = plain_anna(people)
    html = text(http.get("/kiosk/names"))
    assert f'data-pin-client="{anna.id}"' in html and f'data-pin-client="{olga.id}"' in html
    anna_button = html.split(f'data-pin-client="{anna.id}"')[1].split(">")[0]
    olga_button = html.split(f'data-pin-client="{olga.id}"')[1].split(">")[0]
    assert 'data-plain="1"' in anna_button and "data-plain" not in olga_button


@time_machine.travel(MORNING, tick=False)
def test_her_pin_pad_is_plain_and_another_ones_is_not(http, people):
    pair(http, people.unit)
    olga = factories.make_client(people.unit, first_name="Olga", last_name="Ojala")
    anna = plain_anna(people)
    pad = text(http.get(f"/kiosk/names/{anna.id}"))
    assert 'class="pinpad plain"' in pad and PLAIN_HELP in pad
    pad = text(http.get(f"/kiosk/names/{olga.id}"))
    assert 'class="pinpad"' in pad and 'class="pinpad plain"' not in pad


@time_machine.travel(MORNING, tick=False)
def test_the_screens_own_pad_carries_both_texts_for_the_script(http, people):
    pair(http, people.unit)
    plain_anna(people)
    screen = text(http.get("/kiosk"))
    pad = screen.split('id="tpl-pinpad"')[1].split("</template>")[0]
    assert PLAIN_HELP in pad and HELP in pad and 'class="pinpad"' in pad


@time_machine.travel(MORNING, tick=False)
def test_the_answer_to_her_pin_is_plain(http, people):
    pair(http, people.unit)
    anna = plain_anna(people)
    factories.enrol_pin(anna)
    wrong = text(post_scan(http, kind="pin", client=anna.id, pin="9999"))
    assert 'class="result result-rejected plain"' in wrong and 'data-plain="1"' in wrong
    olga = factories.make_client(people.unit, first_name="Olga", last_name="Ojala")
    factories.enrol_pin(olga)
    wrong = text(post_scan(http, kind="pin", client=olga.id, pin="9999"))
    assert "plain" not in wrong.split('data-testid="result"')[0] and "data-plain" not in wrong
