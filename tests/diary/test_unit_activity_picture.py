"""GET/POST /units/<id>/activities/<activity>/picture, and the picture in the add form: a unit's
own activity takes a picture from the vendored set. Only the unit's coaches and the manager
choose; a name outside the set is a clear 400 and nothing changes."""
import re

import pytest

from tests import factories
from tests.http import login, post, text
from webapp.audit.models import AuditEvent
from webapp.diary.models import UnitActivity
from webapp.extensions import db
from webapp.lib import pictograms


def url(people, activity) -> str:
    return f"/units/{people.unit.id}/activities/{activity.id}/picture"


def picture_of(activity) -> str | None:
    db.session.expire_all()
    return db.session.get(UnitActivity, activity.id).pictogram


def checked(page: str) -> list[str]:
    return re.findall(r'<input type="radio" name="pictogram" id="[^"]+" value="([^"]*)" checked>', page)


@pytest.mark.parametrize("who", ["coach", "manager"])
def test_the_units_staff_choose_a_picture_and_it_is_audited(http, people, who):
    chip = factories.make_unit_activity(people.unit, "Verstas")
    login(http, getattr(people, who))
    page = text(http.get(url(people, chip)))
    assert checked(page) == [""]  # none chosen: the picture its words suggest
    for name in pictograms.CHOICES:
        assert f'value="{name}"' in page and f'src="/static/pictograms/{name}.svg?v=' in page
    assert 'type="radio"' in page and "<script" not in page.split("</header>", 1)[1].split("<footer", 1)[0]

    response = post(http, url(people, chip), {"pictogram": "hammer"})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/units/{people.unit.id}/activities")
    assert picture_of(chip) == "hammer"
    event = db.session.scalars(db.select(AuditEvent).where(AuditEvent.entity == "unit_activity")
                               .order_by(AuditEvent.id.desc())).first()
    assert event.action == "update" and event.actor_id == getattr(people, who).id
    assert event.changes["pictogram"] == [None, "hammer"]
    assert checked(text(http.get(url(people, chip)))) == ["hammer"]
    listing = text(http.get(f"/units/{people.unit.id}/activities"))
    assert 'data-pictogram="hammer"' in listing


def test_an_empty_choice_goes_back_to_the_words_picture(http, people):
    chip = factories.make_unit_activity(people.unit, "Siivous")
    chip.pictogram = "star"
    db.session.commit()
    login(http, people.coach)
    assert post(http, url(people, chip), {"pictogram": ""}).status_code == 303
    assert picture_of(chip) is None
    assert 'data-pictogram="broom"' in text(http.get(f"/units/{people.unit.id}/activities"))


@pytest.mark.parametrize("bad", ["no-such-picture", "mood-3", "../../etc/passwd", "x" * 500])
def test_a_name_outside_the_set_is_a_clear_400(http, people, bad):
    chip = factories.make_unit_activity(people.unit, "Verstas")
    chip.pictogram = "saw"
    db.session.commit()
    login(http, people.coach)
    response = post(http, url(people, chip), {"pictogram": bad})
    assert response.status_code == 400
    assert "Valitse kuva luettelosta." in text(response)
    assert picture_of(chip) == "saw"


def test_the_message_is_translated(http, people):
    chip = factories.make_unit_activity(people.unit, "Verstas")
    people.coach.language = "sv"
    db.session.commit()
    login(http, people.coach)
    response = post(http, url(people, chip), {"pictogram": "nope"})
    assert response.status_code == 400 and "Valitse kuva luettelosta." not in text(response)
    assert 'lang="sv"' in text(response)


def test_a_coach_of_another_unit_may_not(http, people):
    chip = factories.make_unit_activity(people.unit, "Verstas")
    login(http, people.other_coach)
    assert http.get(url(people, chip)).status_code == 404
    assert post(http, url(people, chip), {"pictogram": "saw"}).status_code == 404
    assert picture_of(chip) is None


@pytest.mark.parametrize("who", ["client", "kitchen"])
def test_clients_and_the_kitchen_may_not(http, people, who):
    chip = factories.make_unit_activity(people.unit, "Verstas")
    login(http, getattr(people, who))
    assert http.get(url(people, chip)).status_code == 403
    assert post(http, url(people, chip), {"pictogram": "saw"}).status_code == 403
    assert picture_of(chip) is None


def test_anonymous_visitors_sign_in_first(http, people):
    chip = factories.make_unit_activity(people.unit, "Verstas")
    response = http.get(url(people, chip))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_another_units_activity_is_not_found_through_this_unit(http, people):
    theirs = factories.make_unit_activity(people.other_unit, "Toisen pajan asia")
    login(http, people.coach)
    assert http.get(f"/units/{people.unit.id}/activities/{theirs.id}/picture").status_code == 404
    assert post(http, f"/units/{people.unit.id}/activities/{theirs.id}/picture",
                {"pictogram": "saw"}).status_code == 404
    assert picture_of(theirs) is None


def test_a_new_activity_can_take_a_picture_and_a_bad_one_is_refused(http, people):
    login(http, people.coach)
    base = f"/units/{people.unit.id}/activities"
    assert 'name="pictogram"' in text(http.get(base))
    assert post(http, base, {"label": "Verstas", "pictogram": "toolbox"}).status_code == 303
    response = post(http, base, {"label": "Vaja", "pictogram": "nope"})
    assert response.status_code == 400 and "Valitse kuva luettelosta." in text(response)
    assert "Kirjoita toiminnan nimi." not in text(response)
    labels = dict(db.session.execute(db.select(UnitActivity.label, UnitActivity.pictogram)
                                     .where(UnitActivity.unit_id == people.unit.id)).all())
    assert labels == {"Verstas": "toolbox"}


def test_the_client_sees_the_units_picture_beside_its_activity(http, people, clock):
    chosen = factories.make_unit_activity(people.unit, "Verstas")
    chosen.pictogram = "toolbox"
    factories.make_unit_activity(people.unit, "Siivous")  # none chosen: its words' picture
    db.session.commit()
    login(http, people.client)
    page = text(http.get("/diary"))
    chips = page.split('id="diary-chips"', 1)[1].split("</fieldset>", 1)[0]
    assert re.search(r'data-pictogram="toolbox">\s*<span>Verstas</span>', chips)
    assert re.search(r'data-pictogram="broom">\s*<span>Siivous</span>', chips)
