"""Diary photos and voice notes: uploads (what is kept, what is refused), who may open a file,
the access log, removing, the quota and the client's data export."""
import io
import json
import struct
import uuid
import zipfile
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from tests import factories
from tests.http import csrf_token, login, post, text
from webapp.diary.models import DiaryEntry, DiaryMedia, DiaryRead
from webapp.extensions import db
from webapp.lib import storage

TODAY = date(2026, 11, 18)  # the diary tests' frozen Wednesday
OLD = date(2026, 11, 2)
FILES = Path(__file__).parent / "media"
WEBM = (FILES / "voice-3s.webm").read_bytes()  # 3 s recorded by Chromium's MediaRecorder (fake microphone)
M4A = (FILES / "voice-3s.m4a").read_bytes()  # the same as fragmented MP4
FILM = (FILES / "film-part.webm").read_bytes()  # a WebM with a video track (the start of one)


# --- Test files --------------------------------------------------------------------------------

def jpeg_with_gps(size=(3000, 2000)) -> bytes:
    """A camera photo as a phone sends it: sideways (orientation 6), with GPS location, camera,
    an XMP packet, an ICC profile and a comment."""
    picture = Image.new("RGB", size, (200, 60, 40))
    picture.paste((20, 40, 220), (0, 0, size[0] // 4, size[1]))  # a blue band on the left
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to show
    exif[0x010F] = "PhoneMaker"
    exif[0x0110] = "Phone 12"
    exif[0x0132] = "2026:11:18 10:55:00"
    exif[0x8825] = {1: "N", 2: (60.0, 10.0, 12.5), 3: "E", 4: (24.0, 56.0, 3.25), 5: 0, 6: 12.0}
    out = io.BytesIO()
    picture.save(out, "JPEG", exif=exif.tobytes(), icc_profile=b"ICC-PROFILE-OF-THE-PHONE" * 4,
                 comment=b"Kotiosoite: Esimerkkikatu 5", xmp=b'<x:xmpmeta><GPSLatitude>60,10.2N</GPSLatitude></x:xmpmeta>')
    return out.getvalue()


def noisy_jpeg(side=900) -> bytes:
    """A photo bigger than the app's ordinary request limit (256 KB in tests)."""
    picture = Image.frombytes("RGB", (side, side), bytes((i * 7919) % 251 for i in range(side * side * 3)))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=97)
    return out.getvalue()


def ebml(ident: int, body: bytes, unknown_size: bool = False) -> bytes:
    id_bytes = ident.to_bytes((ident.bit_length() + 7) // 8, "big")
    if unknown_size:
        return id_bytes + b"\x01\xff\xff\xff\xff\xff\xff\xff" + body
    return id_bytes + (0x10000000 | len(body)).to_bytes(4, "big") + body


def webm(block_times_ms, duration_ms=None, track_type=2, doctype=b"webm") -> bytes:
    """A small WebM as MediaRecorder writes one (segment and clusters of unknown size), with
    one audio block at each given time (a cluster per block)."""
    header = ebml(0x1A45DFA3, ebml(0x4286, b"\x01") + ebml(0x4282, doctype))
    info = ebml(0x2AD7B1, (1_000_000).to_bytes(3, "big"))
    if duration_ms is not None:
        info += ebml(0x4489, struct.pack(">d", float(duration_ms)))
    tracks = ebml(0x1654AE6B, ebml(0xAE, ebml(0xD7, b"\x01") + ebml(0x83, bytes([track_type]))))
    clusters = b"".join(ebml(0x1F43B675, ebml(0xE7, t.to_bytes(4, "big")) + ebml(0xA3, b"\x81\x00\x00\x80" + b"\x00" * 40),
                             unknown_size=True) for t in block_times_ms)
    return header + ebml(0x18538067, ebml(0x1549A966, info) + tracks + clusters, unknown_size=True)


# --- Helpers -----------------------------------------------------------------------------------

def upload_photo(http, data, day=TODAY, key=None, name="kuva.jpg", mimetype="image/jpeg", **kwargs):
    return http.post(f"/diary/{day.isoformat()}/photos", data={
        "csrf_token": csrf_token(http), "upload_key": key or uuid.uuid4().hex, "photo": (io.BytesIO(data), name, mimetype),
    }, content_type="multipart/form-data", **kwargs)


def upload_voice(http, data, seconds="3.1", day=TODAY, key=None, name="aani.webm", mimetype="audio/webm", **kwargs):
    return http.post(f"/diary/{day.isoformat()}/voice", data={
        "csrf_token": csrf_token(http), "upload_key": key or uuid.uuid4().hex, "seconds": seconds,
        "voice": (io.BytesIO(data), name, mimetype),
    }, content_type="multipart/form-data", **kwargs)


def media_rows(person=None):
    db.session.expire_all()
    query = db.select(DiaryMedia).order_by(DiaryMedia.id)
    if person is not None:
        query = query.where(DiaryMedia.client_id == person.id)
    return list(db.session.scalars(query))


def stored(person) -> list[str]:
    """The person's files that this test wrote (the store's folder lives for the whole run, and
    the access matrix's files with it)."""
    return [key for key in storage.current().keys(f"diary/{person.id}/") if key not in _BEFORE]


_BEFORE: set[str] = set()


@pytest.fixture
def setting(app):
    """Change an app setting for one test."""
    changed = {}

    def change(name, value):
        changed.setdefault(name, app.config.get(name))
        app.config[name] = value
    yield change
    for name, value in changed.items():
        app.config[name] = value


@pytest.fixture(autouse=True)
def _empty_store(app):
    """The files a test wrote go away with it (others' files, the access matrix's, stay)."""
    with app.app_context():
        _BEFORE.clear()
        _BEFORE.update(storage.current().keys("diary/"))
    yield
    with app.app_context():
        store = storage.current()
        for key in set(store.keys("diary/")) - _BEFORE:
            store.delete(key)


# --- Photos ------------------------------------------------------------------------------------

def test_a_photo_is_kept_upright_smaller_and_without_any_metadata(http, people, clock):
    login(http, people.client)
    response = upload_photo(http, jpeg_with_gps())
    assert response.status_code == 303 and response.headers["Location"].endswith("/diary/2026-11-18#diary-media")
    [media] = media_rows(people.client)
    assert (media.kind, media.content_type, media.width, media.height) == ("photo", "image/jpeg", 1067, 1600)
    data = storage.current().get(media.key)
    assert media.bytes == len(data) and media.key.startswith(f"diary/{people.client.id}/")
    kept = Image.open(io.BytesIO(data))
    assert kept.format == "JPEG" and kept.size == (1067, 1600)
    assert dict(kept.getexif()) == {}
    assert not {"exif", "xmp", "icc_profile", "comment", "XML:com.adobe.xmp"} & set(kept.info)
    for trace in (b"Exif", b"GPS", b"PhoneMaker", b"ICC-PROFILE", b"Esimerkkikatu", b"xmpmeta", b"60,10"):
        assert trace not in data
    # Upright: the blue band that was on the left of the sideways picture is now at the top.
    red, green, blue = kept.convert("RGB").getpixel((500, 20))
    assert blue > 150 and red < 100
    entry = db.session.scalar(db.select(DiaryEntry).where(DiaryEntry.client_id == people.client.id))
    assert entry.day == TODAY and entry.shared is False  # a photo alone makes the day's entry


def test_a_photo_bigger_than_the_apps_usual_request_limit_is_taken(http, people, clock):
    photo = noisy_jpeg()
    assert len(photo) > 256 * 1024
    login(http, people.client)
    assert upload_photo(http, photo).status_code == 303
    assert len(media_rows(people.client)) == 1


def test_a_photo_over_the_setting_gets_a_clear_413(http, people, clock, setting):
    setting("MEDIA_PHOTO_MAX_BYTES", 300 * 1024)
    login(http, people.client)
    response = upload_photo(http, noisy_jpeg(1400))
    assert response.status_code == 413 and "Kuva on liian suuri: enintään 0,3 Mt." in text(response)
    assert media_rows() == [] and stored(people.client) == []


@pytest.mark.parametrize("data, name, mimetype", [
    (b"just some text, not a picture", "kuva.jpg", "image/jpeg"),
    (b"\xff\xd8\xff\xe0 a broken jpeg start" + b"\x00" * 100, "kuva.jpg", "image/jpeg"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "kuva.svg", "image/svg+xml"),
    (WEBM, "kuva.jpg", "image/jpeg"),
])
def test_what_is_not_a_photo_is_refused_and_nothing_is_kept(http, people, clock, data, name, mimetype):
    login(http, people.client)
    response = upload_photo(http, data, name=name, mimetype=mimetype)
    assert response.status_code == 415 and "Tiedosto ei ole kuva." in text(response)
    assert media_rows() == [] and stored(people.client) == []
    assert db.session.scalar(db.select(db.func.count()).select_from(DiaryEntry)) == 0


def test_an_upload_without_a_file_says_so(http, people, clock):
    login(http, people.client)
    response = post(http, "/diary/2026-11-18/photos", {"upload_key": uuid.uuid4().hex})
    assert response.status_code == 400 and "Valitse ensin kuva." in text(response)


def test_the_same_upload_sent_twice_is_kept_once(http, people, clock):
    login(http, people.client)
    key = uuid.uuid4().hex
    photo = jpeg_with_gps((800, 600))
    assert upload_photo(http, photo, key=key).status_code == 303
    assert upload_photo(http, photo, key=key, headers={"HX-Request": "true"}).status_code == 200
    assert len(media_rows(people.client)) == 1 and len(stored(people.client)) == 1


def test_another_clients_key_is_refused(app, http, people, clock):
    other = factories.make_client(people.unit, first_name="Toinen", email="toinen@example.fi",
                                  password=factories.PASSWORD)
    theirs = app.test_client()
    login(theirs, other)
    key = uuid.uuid4().hex
    assert upload_photo(theirs, jpeg_with_gps((400, 300)), key=key).status_code == 303
    login(http, people.client)
    assert upload_photo(http, jpeg_with_gps((400, 300)), key=key).status_code == 409
    assert media_rows(people.client) == []


def test_a_closed_day_takes_no_photo_and_a_future_day_does_not_exist(http, people, clock):
    login(http, people.client)
    response = upload_photo(http, jpeg_with_gps((400, 300)), day=OLD)
    assert response.status_code == 422 and "Tätä päivää ei voi enää muuttaa." in text(response)
    assert upload_photo(http, jpeg_with_gps((400, 300)), day=date(2026, 11, 19)).status_code == 404
    assert upload_photo(http, jpeg_with_gps((400, 300)), day=date(2026, 11, 17)).status_code == 303  # yesterday
    assert media_rows() != [] and all(m.entry.day == date(2026, 11, 17) for m in media_rows())


def test_the_script_gets_the_days_media_part_back(http, people, clock):
    login(http, people.client)
    response = upload_photo(http, jpeg_with_gps((400, 300)), headers={"HX-Request": "true"})
    [media] = media_rows(people.client)
    body = text(response)
    assert response.status_code == 200 and body.lstrip().startswith('<section id="diary-media"')
    assert f'src="/media/diary/{media.id}"' in body and "Kuva lisätty." in body
    refused = upload_photo(http, b"not a photo", headers={"HX-Request": "true"})
    assert refused.status_code == 415 and 'data-media-problem' in text(refused)


def test_a_day_holds_at_most_ten_photos(http, people, clock):
    entry = factories.make_entry(people.client, TODAY)
    for _ in range(10):
        factories.make_media(entry)
    login(http, people.client)
    response = upload_photo(http, jpeg_with_gps((400, 300)))
    assert response.status_code == 409 and "Päivään mahtuu 10 kuvaa." in text(response)


# --- Voice notes -------------------------------------------------------------------------------

@pytest.mark.parametrize("data, content_type, length_ms", [(WEBM, "audio/webm", 2940), (M4A, "audio/mp4", 2961)])
def test_a_recorded_voice_note_is_kept_as_it_came(http, people, clock, data, content_type, length_ms):
    login(http, people.client)
    response = upload_voice(http, data, mimetype="application/octet-stream")  # the claimed type does not matter
    assert response.status_code == 303
    [media] = media_rows(people.client)
    assert (media.kind, media.content_type, media.duration_ms) == ("voice", content_type, length_ms)
    assert storage.current().get(media.key) == data


@pytest.mark.parametrize("data", [
    FILM,  # a film, not a voice note
    webm([0, 1000], doctype=b"matroska"),
    webm([0, 1000], track_type=1),
    b"\x1a\x45\xdf\xa3" + b"\xff" * 50,
    b"RIFF\x24\x00\x00\x00WAVEfmt ",
    b"\x00\x00\x00\x18ftypM4A \x00\x00\x00\x00M4A isom",  # an MP4 header and no sound track
    jpeg_with_gps((40, 30)),
])
def test_what_is_not_a_recorded_voice_note_is_refused(http, people, clock, data):
    login(http, people.client)
    response = upload_voice(http, data)
    assert response.status_code == 415 and "Tiedosto ei ole ääniviesti." in text(response)
    assert media_rows() == [] and stored(people.client) == []


def test_a_voice_note_over_two_minutes_is_refused_by_what_the_file_or_the_phone_says(http, people, clock):
    login(http, people.client)
    long_by_blocks = webm([0, 60_000, 125_000])
    long_by_duration = webm([0, 1000], duration_ms=150_000)
    for data, seconds in ((long_by_blocks, "10"), (long_by_duration, "10"), (webm([0, 1000]), "130")):
        response = upload_voice(http, data, seconds=seconds)
        assert response.status_code == 422 and "Ääniviesti on liian pitkä: enintään 2 minuuttia." in text(response)
    assert media_rows() == []
    assert upload_voice(http, webm([0, 60_000, 119_900]), seconds="119.9").status_code == 303
    assert media_rows(people.client)[0].duration_ms == 119_900


@pytest.mark.parametrize("seconds", ["", "-1", "nan", "inf", "kaksi"])
def test_a_voice_note_needs_the_phones_length(http, people, clock, seconds):
    login(http, people.client)
    response = upload_voice(http, WEBM, seconds=seconds)
    assert response.status_code in (400, 422) and media_rows() == []


def test_a_voice_note_over_the_size_setting_gets_a_clear_413(http, people, clock, setting):
    setting("MEDIA_VOICE_MAX_BYTES", 64 * 1024)
    login(http, people.client)
    big = webm([0, 1000]) + b"\x00" * (300 * 1024)
    response = upload_voice(http, big)
    assert response.status_code == 413 and "Ääniviesti on liian suuri" in text(response)
    assert media_rows() == []


def test_a_day_has_one_voice_note(http, people, clock):
    login(http, people.client)
    assert upload_voice(http, WEBM).status_code == 303
    response = upload_voice(http, M4A)
    assert response.status_code == 409 and "Päivällä on jo ääniviesti." in text(response)
    assert len(media_rows(people.client)) == 1


# --- Quota -------------------------------------------------------------------------------------

def test_the_quota_is_shown_and_an_upload_past_it_is_refused(http, people, clock, setting):
    setting("MEDIA_QUOTA_BYTES", 3 * 1024 * 1024)
    entry = factories.make_entry(people.client, date(2026, 11, 17))
    factories.make_media(entry, data=b"\xff" * (3 * 1024 * 1024 - 2000))
    login(http, people.client)
    assert "Kuvat ja ääniviestit: käytössä 3 / 3 Mt" in text(http.get("/diary"))
    response = upload_voice(http, WEBM)
    assert response.status_code == 413 and "Kuvien ja ääniviestien tila on täynnä." in text(response)
    assert len(media_rows(people.client)) == 1


# --- Opening a file ----------------------------------------------------------------------------

def test_the_client_opens_her_own_photo_with_private_headers(http, people, clock):
    entry = factories.make_entry(people.client, TODAY)
    media = factories.make_media(entry)
    login(http, people.client)
    response = http.get(f"/media/diary/{media.id}")
    assert response.status_code == 200 and response.data == storage.current().get(media.key)
    assert response.headers["Content-Type"] == "image/jpeg"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Disposition"].startswith("inline")
    assert db.session.scalar(db.select(db.func.count()).select_from(DiaryRead)) == 0  # her own look is not logged


def test_a_player_gets_the_part_it_asks_for(http, people, clock):
    entry = factories.make_entry(people.client, TODAY)
    media = factories.make_media(entry, "voice", WEBM, duration_ms=2940)
    login(http, people.client)
    response = http.get(f"/media/diary/{media.id}", headers={"Range": "bytes=0-99"})
    assert response.status_code == 206 and response.data == WEBM[:100]
    assert response.headers["Content-Range"] == f"bytes 0-99/{len(WEBM)}"
    assert response.headers["Content-Type"] == "audio/webm"


def test_the_own_coach_sees_media_only_while_the_day_is_shared_and_each_look_is_logged(app, http, people, clock):
    entry = factories.make_entry(people.client, TODAY, mood=3)
    photo = factories.make_media(entry)
    voice = factories.make_media(entry, "voice", WEBM, duration_ms=2940)
    login(http, people.coach)
    assert http.get(f"/media/diary/{photo.id}").status_code == 404
    entry.shared = True
    db.session.commit()
    response = http.get(f"/media/diary/{photo.id}")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "private, no-store"
    assert http.get(f"/media/diary/{photo.id}").status_code == 200  # the same look (within a minute)
    assert http.get(f"/media/diary/{voice.id}", headers={"Range": "bytes=0-"}).status_code == 206
    reads = list(db.session.scalars(db.select(DiaryRead).order_by(DiaryRead.id)))
    assert [(r.reader_id, r.entry_id, r.place) for r in reads] == [
        (people.coach.id, entry.id, "media_photo"), (people.coach.id, entry.id, "media_voice")]
    clock.shift(120)
    assert http.get(f"/media/diary/{photo.id}").status_code == 200
    assert db.session.scalar(db.select(db.func.count()).select_from(DiaryRead)) == 3
    hers = app.test_client()
    login(hers, people.client)
    page = text(hers.get("/diary/access"))
    assert "Kaisa Ohjaaja" in page and "kuvaasi päivältä" in page and "ääniviestiäsi päivältä" in page


@pytest.mark.parametrize("who", ["other_coach", "manager", "kitchen", "other_client"])
def test_nobody_else_opens_a_shared_photo(http, people, clock, who):
    entry = factories.make_entry(people.client, TODAY, shared=True)
    media = factories.make_media(entry)
    person = getattr(people, who)
    if who == "other_client":
        person.email, person.password_hash = "pekka@example.fi", factories.hash_secret(factories.PASSWORD)
        db.session.commit()
    login(http, person)
    assert http.get(f"/media/diary/{media.id}").status_code == 404
    assert http.get("/media/diary/999999").status_code == 404
    assert db.session.scalar(db.select(db.func.count()).select_from(DiaryRead)) == 0


def test_a_signed_out_visitor_is_sent_to_sign_in(http, people, clock):
    entry = factories.make_entry(people.client, TODAY, shared=True)
    media = factories.make_media(entry)
    assert http.get(f"/media/diary/{media.id}").status_code == 302


def test_the_coachs_view_shows_the_photos_and_a_player(http, people, clock):
    entry = factories.make_entry(people.client, TODAY, shared=True, went_well="Tein hyllyn")
    photo = factories.make_media(entry)
    voice = factories.make_media(entry, "voice", WEBM, duration_ms=65_000)
    hidden = factories.make_media(factories.make_entry(people.client, OLD))  # not shared
    login(http, people.coach)
    page = text(http.get(f"/clients/{people.client.id}/diary"))
    assert f'<img src="/media/diary/{photo.id}"' in page and f'src="/media/diary/{voice.id}"' in page
    assert "<audio controls" in page and "Ääniviesti (1:05)" in page
    assert f"/media/diary/{hidden.id}" not in page


# --- Removing ----------------------------------------------------------------------------------

def test_the_client_removes_a_photo_of_an_editable_day(http, people, clock):
    entry = factories.make_entry(people.client, TODAY)
    media = factories.make_media(entry)
    key = media.key
    login(http, people.client)
    assert "Poista kuva 1" in text(http.get("/diary"))
    response = post(http, f"/diary/2026-11-18/media/{media.id}/remove")
    assert response.status_code == 303 and media_rows() == []
    with pytest.raises(storage.Missing):
        storage.current().get(key)


def test_a_closed_days_media_stay(http, people, clock):
    entry = factories.make_entry(people.client, OLD)
    media = factories.make_media(entry)
    login(http, people.client)
    page = text(http.get("/diary/2026-11-02"))
    assert f'src="/media/diary/{media.id}"' in page and "Poista kuva" not in page and "Lähetä kuva" not in page
    response = post(http, f"/diary/2026-11-02/media/{media.id}/remove")
    assert response.status_code == 422 and len(media_rows()) == 1


def test_nobody_removes_another_clients_media(app, http, people, clock):
    entry = factories.make_entry(people.other_client, TODAY)
    media = factories.make_media(entry)
    login(http, people.client)
    assert post(http, f"/diary/2026-11-18/media/{media.id}/remove").status_code == 404
    assert post(http, "/diary/2026-11-17/media/999/remove").status_code == 404
    coach = app.test_client()
    login(coach, people.coach)
    assert post(coach, f"/diary/2026-11-18/media/{media.id}/remove").status_code == 403
    assert len(media_rows()) == 1


# --- The client's data export ------------------------------------------------------------------

def test_the_data_export_holds_the_files(http, people, clock):
    entry = factories.make_entry(people.client, TODAY)
    photo = factories.make_media(entry)
    voice = factories.make_media(entry, "voice", WEBM, duration_ms=2940)
    factories.make_media(factories.make_entry(people.other_client, TODAY))
    login(http, people.client)
    listed = json.loads(text(http.get("/me/data.json")))["diary_media"]
    assert [(m["kind"], m["entry_day"], m["bytes"]) for m in listed] == [
        ("photo", "2026-11-18", photo.bytes), ("voice", "2026-11-18", len(WEBM))]
    assert listed[1]["duration_seconds"] == 2.9
    page = text(http.get("/me/data"))
    assert "Lataa kuvat ja ääniviestit (ZIP)" in page and "<dd>kuva, ääniviesti</dd>" in page
    response = http.get("/me/data/media.zip")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"].startswith("attachment")
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert sorted(archive.namelist()) == sorted(m["file"] for m in listed)
    assert archive.read(listed[1]["file"]) == WEBM
    assert archive.read(listed[0]["file"]) == storage.current().get(photo.key)


def test_a_too_large_upload_from_the_script_gets_the_days_media_part_with_the_reason(http, people, clock, setting):
    setting("MEDIA_PHOTO_MAX_BYTES", 300 * 1024)
    login(http, people.client)
    response = upload_photo(http, noisy_jpeg(1400), headers={"HX-Request": "true"})
    assert response.status_code == 413
    assert 'id="diary-media"' in text(response) and "Kuva on liian suuri: enintään 0,3 Mt." in text(response)


def test_a_too_large_upload_of_someone_signed_out_is_a_plain_413(http, people, clock, setting):
    setting("MEDIA_PHOTO_MAX_BYTES", 300 * 1024)
    response = http.post("/diary/2026-11-18/photos", data={"photo": (io.BytesIO(noisy_jpeg(1400)), "a.jpg")},
                         content_type="multipart/form-data")
    assert response.status_code == 413 and "Kuva on liian suuri" in text(response)


def test_a_huge_camera_jpeg_is_made_small(http, people, clock):
    out = io.BytesIO()
    Image.new("RGB", (8000, 6000), (10, 20, 30)).save(out, "JPEG", quality=50)
    login(http, people.client)
    assert upload_photo(http, out.getvalue()).status_code == 303
    assert (media_rows(people.client)[0].width, media_rows(people.client)[0].height) == (1600, 1200)


def test_a_photo_alone_is_an_entry_on_the_home_page(http, people, clock):
    entry = factories.make_entry(people.client, TODAY)
    assert entry.is_empty
    factories.make_media(entry)
    db.session.refresh(entry)
    assert not entry.is_empty


def test_only_the_media_uploads_take_big_requests(http, people, clock):
    login(http, people.client)
    big = "x" * (300 * 1024)
    response = post(http, "/diary/2026-11-18", {"key": uuid.uuid4().hex, "went_well": big})
    assert response.status_code == 413 and "Kuva on liian suuri" not in text(response)
    assert upload_photo(http, noisy_jpeg()).status_code == 303  # over 256 KB too
