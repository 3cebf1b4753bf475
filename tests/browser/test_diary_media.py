"""Photos and a voice note in the diary, on a 360 px phone in plain language: Anna taps an activity
chip with its picture, adds a photo through the file chooser and records a voice note with
Chromium's fake microphone (the countdown stops it at 2:00), shares the day, her own coach sees the photo and plays the note on the tablet, and Anna's access
log names both looks. Without the network a photo waits on the phone and is sent once."""
import io
import re

import pytest
import time_machine
from PIL import Image
from playwright.sync_api import expect

from tests import factories
from tests.browser.test_pwa import wait_for_control
from tests.conftest import PHONE, assert_no_sideways_scroll, browser_login, new_context
from tests.moments import DURING_THE_DAY
from webapp.diary.models import DiaryEntry, DiaryMedia, DiaryRead
from webapp.extensions import db
from webapp.lib import storage

pytestmark = pytest.mark.browser

WAITING = "Tallennettu puhelimeen. Lähetetään, kun verkko palaa."


@pytest.fixture
def wednesday():
    with time_machine.travel(DURING_THE_DAY, tick=True):
        yield


@pytest.fixture
def mic_phone(playwright, browser_type_launch_args, live_server, wednesday):
    """A 360 px phone in a Chromium of its own with a fake microphone (a beeping tone), allowed."""
    args = browser_type_launch_args["args"] + ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]
    browser = playwright.chromium.launch(**{**browser_type_launch_args, "args": args})
    context = new_context(browser, live_server.url, **PHONE)
    context.set_default_timeout(10_000)
    yield context.new_page()
    browser.close()


@pytest.fixture
def photo_file(tmp_path):
    """A phone photo with its GPS location in EXIF."""
    picture = Image.new("RGB", (2400, 1800), (90, 160, 60))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (60.0, 10.0, 12.5), 3: "E", 4: (24.0, 56.0, 3.25)}
    path = tmp_path / "IMG_0001.jpg"
    picture.save(path, "JPEG", exif=exif.tobytes())
    return path


def media_rows():
    db.session.expire_all()
    return list(db.session.scalars(db.select(DiaryMedia).order_by(DiaryMedia.id)))


def test_a_plain_language_day_with_a_chip_a_photo_and_a_voice_note_reaches_the_own_coach_and_is_logged(
        mic_phone, tablet, people, photo_file):
    phone = mic_phone
    factories.make_unit_activity(people.unit, "Puutyöt")
    people.client.plain_language = True
    db.session.commit()
    browser_login(phone, people.client, home=False)
    phone.goto("/diary")
    expect(phone.get_by_role("group", name="Mitä teit?")).to_be_visible()  # plain words
    saw = phone.locator('.diary-chip img[data-pictogram="saw"]')
    expect(saw).to_be_visible()
    assert saw.evaluate("img => img.complete && img.naturalWidth > 0")
    phone.get_by_role("checkbox", name="Puutyöt").click()
    expect(phone.locator("#diary-saved")).to_contain_text("Tallennettu klo")
    media = phone.locator("#diary-media")
    expect(media.get_by_text("Kuvat ja ääniviestit: käytössä 0 / 200 Mt")).to_be_visible()

    phone.get_by_label("Lisää kuva").set_input_files(photo_file)
    phone.get_by_role("button", name="Lähetä kuva").click()
    expect(media.get_by_role("img", name="Kuva 1")).to_be_visible()
    expect(media.get_by_text("Kuva lisätty.")).to_be_visible()
    [photo] = media_rows()
    kept = Image.open(io.BytesIO(storage.current().get(photo.key)))
    assert kept.size == (1600, 1200) and dict(kept.getexif()) == {}
    phone.wait_for_function("() => document.querySelector('#diary-media img').naturalWidth === 1600")

    # The voice note: the countdown starts at 2:00 and stops the recording by itself at 0:00.
    phone.get_by_role("button", name="Puhu viesti").click()
    countdown = phone.locator("[data-countdown]")
    expect(countdown).to_have_text(re.compile(r"^(2:00|1:59)$"))
    expect(phone.get_by_role("button", name="Lopeta äänitys")).to_be_visible()
    phone.wait_for_timeout(1500)
    assert countdown.inner_text() in ("1:59", "1:58")
    phone.locator("#diary-media").screenshot(path="/tmp/media-recording-360.png")
    phone.clock.fast_forward("02:00")  # the rest of the two minutes
    expect(phone.get_by_text("Äänitys valmis. Kuuntele ja lähetä.")).to_be_visible()
    expect(phone.get_by_role("button", name="Lopeta äänitys")).to_be_hidden()
    expect(phone.locator("[data-preview]")).to_be_visible()
    phone.get_by_role("button", name="Lähetä ääniviesti").click()
    expect(media.locator("audio[src^='/media/diary/']")).to_have_count(1)
    voice = media_rows()[-1]
    assert voice.kind == "voice" and voice.content_type in ("audio/webm", "audio/mp4")
    assert 500 <= voice.duration_ms <= 10_000  # the file's own length, not the jumped clock's
    expect(phone.get_by_role("button", name="Puhu viesti")).to_have_count(0)  # one voice note a day

    with phone.expect_response(lambda r: r.request.method == "POST" and "/diary" in r.url and r.ok):
        phone.locator('label[for="shared"]').click()  # share the day: saved at once
    expect(phone.locator(".diary-saved-text")).to_be_visible()
    assert db.session.scalar(db.select(DiaryEntry.shared)) is True
    assert_no_sideways_scroll(phone)
    phone.screenshot(path="/tmp/media-phone-360.png", full_page=True)

    browser_login(tablet, people.coach, home=False)
    tablet.goto(f"/clients/{people.client.id}/diary")
    expect(tablet.get_by_text("Puutyöt")).to_be_visible()
    image = tablet.get_by_role("img", name="Asiakkaan kuva 1")
    expect(image).to_be_visible()
    tablet.wait_for_function("() => document.querySelector('.coach-photos img').naturalWidth === 1600")
    player = tablet.locator(".coach-voice audio")
    expect(player).to_be_visible()
    player.evaluate("audio => { audio.preload = 'auto'; audio.load(); }")  # what pressing play does first
    tablet.wait_for_function("() => document.querySelector('.coach-voice audio').readyState >= 1")
    assert tablet.locator(".coach-voice audio").evaluate("audio => audio.duration") > 0.5
    assert_no_sideways_scroll(tablet)
    tablet.screenshot(path="/tmp/media-coach-tablet.png", full_page=True)
    places = {place for (place,) in db.session.execute(
        db.select(DiaryRead.place).where(DiaryRead.reader_id == people.coach.id))}
    assert {"media_photo", "media_voice"} <= places

    phone.goto("/diary/access")
    expect(phone.get_by_text("Kaisa Ohjaaja").first).to_be_visible()
    # (a player asks twice at once now and then; both asks are logged, so there may be two lines)
    expect(phone.get_by_text("kuvaasi päivältä").first).to_be_visible()
    expect(phone.get_by_text("ääniviestiäsi päivältä").first).to_be_visible()
    assert_no_sideways_scroll(phone)


def test_a_photo_taken_offline_is_sent_once_when_the_network_returns(phone, people, photo_file, wednesday):
    page = phone
    browser_login(page, people.client, home=False)
    page.goto("/diary")
    wait_for_control(page)
    page.reload()

    page.context.set_offline(True)
    page.get_by_label("Lisää kuva").set_input_files(photo_file)
    page.get_by_role("button", name="Lähetä kuva").click()
    status = page.locator("[data-media-queue-status]")
    expect(status).to_have_text(WAITING)
    waiting = page.evaluate("() => window.lasnaMediaQueue.waiting().then(items => items.map(i => [i.kind, i.day, i.blob.size]))")
    assert waiting == [["photo", DURING_THE_DAY.date().isoformat(), photo_file.stat().st_size]]
    assert media_rows() == []

    page.reload()  # the kept page; the photo still waits in IndexedDB
    expect(page.get_by_test_id("offline-banner")).to_be_visible()
    expect(page.locator("[data-media-queue-status]")).to_have_text(WAITING)
    assert media_rows() == []

    page.context.set_offline(False)
    expect(page.locator("#diary-media").get_by_role("img", name="Kuva 1")).to_be_visible()
    assert page.evaluate("() => window.lasnaMediaQueue.waiting().then(items => items.length)") == 0
    page.evaluate("() => window.lasnaMediaQueue.flush()")
    page.reload()
    expect(page.locator("#diary-media img")).to_have_count(1)
    assert len(media_rows()) == 1


def test_a_voice_note_recorded_offline_is_sent_once_when_the_network_returns(mic_phone, people):
    page = mic_phone
    browser_login(page, people.client, home=False)
    page.goto("/diary")
    page.context.set_offline(True)
    page.get_by_role("button", name="Äänitä viesti").click()
    page.wait_for_timeout(1200)
    page.get_by_role("button", name="Lopeta äänitys").click()
    page.get_by_role("button", name="Lähetä ääniviesti").click()
    expect(page.locator("[data-media-queue-status]")).to_have_text(WAITING)
    waiting = page.evaluate("() => window.lasnaMediaQueue.waiting().then(items => items.map(i => [i.kind, i.seconds > 0.5]))")
    assert waiting == [["voice", True]] and media_rows() == []

    page.context.set_offline(False)
    expect(page.locator("#diary-media audio[src^='/media/diary/']")).to_have_count(1)
    page.evaluate("() => window.lasnaMediaQueue.flush()")
    page.reload()
    expect(page.locator("#diary-media audio")).to_have_count(1)
    [voice] = media_rows()
    assert voice.kind == "voice" and 500 <= voice.duration_ms <= 10_000
