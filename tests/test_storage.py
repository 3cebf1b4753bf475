"""The file store behind diary photos and voice notes: bytes in, the same bytes out, and keys
that can never reach outside the store. The same questions to the folder and to an S3 bucket
(moto's server, over real HTTP)."""
import pytest

from tests.s3server import s3_server
from webapp.lib import storage


@pytest.fixture(scope="module")
def s3_settings():
    with s3_server("lasna-test-store") as settings:
        yield settings


@pytest.fixture(params=["disk", "s3"])
def store(request, tmp_path, s3_settings):
    if request.param == "disk":
        yield storage.DiskStore(tmp_path / "media")
        return
    store = storage.S3Store(s3_settings["MEDIA_S3_BUCKET"], endpoint_url=s3_settings["MEDIA_S3_ENDPOINT"],
                            region=s3_settings["MEDIA_S3_REGION"], key_id=s3_settings["MEDIA_S3_KEY_ID"],
                            secret=s3_settings["MEDIA_S3_SECRET"])
    yield store
    for key in list(store.keys()):
        store.delete(key)


def test_a_file_comes_back_as_it_went_in_and_goes_away(store):
    store.put("diary/7/a1b2.jpg", b"\xff\xd8 picture", "image/jpeg")
    store.put("diary/8/c3d4.webm", b"voice", "audio/webm")
    assert store.get("diary/7/a1b2.jpg") == b"\xff\xd8 picture"
    assert sorted(store.keys()) == ["diary/7/a1b2.jpg", "diary/8/c3d4.webm"]
    assert list(store.keys("diary/8/")) == ["diary/8/c3d4.webm"]
    store.delete("diary/7/a1b2.jpg")
    store.delete("diary/7/a1b2.jpg")  # twice is fine
    with pytest.raises(storage.Missing):
        store.get("diary/7/a1b2.jpg")


def test_writing_again_replaces_the_whole_file(store):
    store.put("diary/7/a.jpg", b"first version, longer", "image/jpeg")
    store.put("diary/7/a.jpg", b"second", "image/jpeg")
    assert store.get("diary/7/a.jpg") == b"second"
    assert list(store.keys("diary/7/")) == ["diary/7/a.jpg"]


def test_many_files_are_all_listed(store):
    for n in range(30):
        store.put(f"diary/9/{n:03}.jpg", b"x", "image/jpeg")
    assert len(list(store.keys("diary/9/"))) == 30


def test_the_folder_leaves_no_temporary_file(tmp_path):
    disk = storage.DiskStore(tmp_path)
    disk.put("diary/7/a.jpg", b"one", "image/jpeg")
    disk.put("diary/7/a.jpg", b"two", "image/jpeg")
    assert [p.name for p in (tmp_path / "diary" / "7").iterdir()] == ["a.jpg"]


@pytest.mark.parametrize("key", ["../secret_key", "diary/../../etc/passwd", "/etc/passwd", "diary", "",
                                 "diary/7/../../x", "Diary/7/a.jpg", "diary//a.jpg"])
def test_a_key_that_could_leave_the_store_is_refused(store, key):
    with pytest.raises(ValueError):
        store.put(key, b"x", "text/plain")
    with pytest.raises(ValueError):
        store.get(key)


def test_the_run_keeps_uploads_out_of_the_checkout(app):
    """SQLite: a temporary folder; PostgreSQL: the local S3 server, as several app machines would."""
    store = storage.current()
    if isinstance(store, storage.DiskStore):
        assert "lasna-media-" in str(store.root)
    else:
        assert isinstance(store, storage.S3Store) and store.bucket == "lasna-test-media"
    store.put("diary/1/check.txt", b"here", "text/plain")
    assert store.get("diary/1/check.txt") == b"here"
    store.delete("diary/1/check.txt")
