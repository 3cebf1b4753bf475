"""The "not paired" page of a revoked tablet lists what its offline queue still holds (issue 14):
the page carries the scripts that read the queue and the words they need, translated."""
import re

from tests import factories
from tests.http import as_kiosk, post, text
from webapp.extensions import db
from webapp.kiosks import device


def revoked_tablet(http, people):
    secret, kiosk = factories.make_kiosk(people.unit)
    device.revoke(kiosk, people.manager)
    db.session.commit()
    return as_kiosk(http, secret)


def test_a_revoked_tablets_page_carries_the_list_of_unsent_scans(http, people):
    revoked_tablet(http, people)
    response = http.get("/kiosk")
    assert response.status_code == 403
    html = text(response)
    assert 'data-testid="not-paired"' in html
    unsent = re.search(r'<section[^>]*data-testid="unsent"[^>]*>', html).group(0)
    assert "hidden" in unsent  # shown by its script only when the queue holds something
    assert 'data-one="Tabletilla on {n} lähettämätön kirjaus"' in unsent
    assert 'data-many="Tabletilla on {n} lähettämätöntä kirjausta"' in unsent
    assert 'data-badge="kortilla"' in unsent and 'data-pin="PIN-koodilla"' in unsent
    assert "Ohjaaja voi kirjata päivät käsin" in html
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert "/kiosk/app/queue.js" in scripts and "/kiosk/app/unsent.js" in scripts
    assert http.get("/kiosk/app/unsent.js").status_code == 200


def test_the_words_follow_the_chosen_language(http, people):
    revoked_tablet(http, people)
    post(http, "/language", {"language": "sv", "next": "/kiosk"})
    html = text(http.get("/kiosk"))
    assert 'lang="sv"' in html and "Pekplattan har {n} oskickad registrering" in html
