"""Retention and diary media: an anonymised client's photos and voice notes go, rows and files;
a current client's stay."""
from datetime import date

from tests import factories
from tests.retention.test_retention import now, old_client, run  # noqa: F401 (fixtures)
from webapp.diary.models import DiaryEntry, DiaryMedia
from webapp.extensions import db
from webapp.lib import storage


def test_an_anonymised_clients_photos_and_voice_notes_go_with_their_files(app, people, old_client, now):  # noqa: F811
    old_entry = db.session.scalar(db.select(DiaryEntry).where(DiaryEntry.client_id == old_client.id))
    old_photo = factories.make_media(old_entry)
    old_voice = factories.make_media(old_entry, "voice", b"\x1a\x45\xdf\xa3 voice", duration_ms=1000)
    anna_photo = factories.make_media(factories.make_entry(people.client, date(2026, 12, 7)))
    old_keys, anna = [old_photo.key, old_voice.key], (anna_photo.id, anna_photo.key)
    store = storage.current()

    assert "diary_media: 2 rows" in run(app, "--dry-run", "--list")
    assert store.get(old_keys[0])  # a dry run changes nothing

    run(app)
    db.session.expire_all()
    assert [m.id for m in db.session.scalars(db.select(DiaryMedia))] == [anna[0]]
    assert not set(old_keys) & set(store.keys("diary/"))
    assert store.get(anna[1])
    store.delete(anna[1])
