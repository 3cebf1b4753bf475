"""The kiosk screen outside opening hours (issue 14): it polls slowly (45 s), so a phone
check-in's greeting is kept until the screen has had it, and after any activity (a scan at the
unit, a touch on the tablet) the screen polls fast for a few minutes."""
import html as htmllib
import json
import re
from datetime import timedelta
from urllib.parse import urlencode

import time_machine

from tests.http import text
from tests.kiosks.helpers import pair
from tests.kiosks.test_screen import check_in
from tests.moments import AFTER_CLOSING
from webapp.checkin.models import Method

GREETING = re.compile(r'data-testid="greeting"[^>]*>\s*<p[^>]*>Tervetuloa, Anna!</p>')


def next_poll(html: str) -> str:
    """The address the screen polls next, as htmx makes it from the live part (hx-get, hx-vals)."""
    live = re.search(r'<div id="live"[^>]*>', html).group(0)
    url = htmllib.unescape(re.search(r'hx-get="([^"]+)"', live).group(1))
    values = json.loads(htmllib.unescape(re.search(r"hx-vals='([^']+)'", live).group(1)))
    return url + "&" + urlencode(values)


def interval(html: str) -> str:
    return re.search(r'hx-trigger="every ([0-9a-z]+)', html).group(1)


def test_a_phone_check_in_between_two_slow_polls_is_greeted_on_the_next(http, people):
    kiosk = pair(http, people.unit)
    with time_machine.travel(AFTER_CLOSING, tick=False) as traveller:
        screen = text(http.get("/kiosk/live"))
        assert interval(screen) == "45s"
        traveller.shift(timedelta(seconds=10))
        check_in(people.client, people.unit, kiosk, method=Method.PHONE)
        traveller.shift(timedelta(seconds=35))  # the next slow poll
        greeted = http.get(next_poll(screen))
        assert greeted.status_code == 200 and GREETING.search(text(greeted))
        # The screen has had it (and shows it for its 8 seconds itself): the next poll moves on.
        traveller.shift(timedelta(seconds=2))
        later = http.get(next_poll(text(greeted)))
        assert later.status_code == 200 and "Tervetuloa" not in text(later)


def test_a_greeting_is_not_kept_for_ever(http, people):
    """The screen says since when it has not heard; that reaches back two minutes at most."""
    kiosk = pair(http, people.unit)
    with time_machine.travel(AFTER_CLOSING, tick=False) as traveller:
        check_in(people.client, people.unit, kiosk, method=Method.PHONE)
        since = int((AFTER_CLOSING - timedelta(hours=1)).timestamp())
        traveller.shift(timedelta(minutes=3))
        assert "Tervetuloa" not in text(http.get(f"/kiosk/live?since={since}"))
        for bad in ("x", "-1", "9" * 40, "1e9", ""):
            assert http.get(f"/kiosk/live?since={bad}").status_code == 200


def test_it_polls_fast_for_a_few_minutes_after_a_scan_at_the_unit(http, people):
    kiosk = pair(http, people.unit)
    with time_machine.travel(AFTER_CLOSING, tick=False) as traveller:
        assert interval(text(http.get("/kiosk/live"))) == "45s"
        check_in(people.client, people.unit, kiosk, method=Method.BADGE)
        assert interval(text(http.get("/kiosk/live"))) == "1500ms"
        traveller.shift(timedelta(minutes=4))
        assert interval(text(http.get("/kiosk/live"))) == "1500ms"
        traveller.shift(timedelta(minutes=2))
        assert interval(text(http.get("/kiosk/live"))) == "45s"


def test_another_units_scan_does_not_wake_it(http, people):
    pair(http, people.unit)
    with time_machine.travel(AFTER_CLOSING, tick=False):
        check_in(people.other_client, people.other_unit, method=Method.PHONE)
        assert interval(text(http.get("/kiosk/live"))) == "45s"


def test_it_polls_fast_while_someone_uses_the_tablet(http, people):
    pair(http, people.unit)
    with time_machine.travel(AFTER_CLOSING, tick=False):
        assert interval(text(http.get("/kiosk/live?active=1"))) == "1500ms"
        assert interval(text(http.get("/kiosk/live?active=0"))) == "45s"
