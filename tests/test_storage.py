"""The file store behind diary photos and voice notes: bytes in, the same bytes out, and keys
that can never reach outside the store's folder."""
import pytest

from webapp.lib import storage


@pytest.fixture
def disk(tmp_path):
    return storage.DiskStore(tmp_path / "media")


def test_a_file_comes_back_as_it_went_in_and_goes_away(disk):
    disk.put("diary/7/a1b2.jpg", b"\xff\xd8 picture", "image/jpeg")
    disk.put("diary/8/c3d4.webm", b"voice", "audio/webm")
    assert disk.get("diary/7/a1b2.jpg") == b"\xff\xd8 picture"
    assert list(disk.keys()) == ["diary/7/a1b2.jpg", "diary/8/c3d4.webm"]
    assert list(disk.keys("diary/8/")) == ["diary/8/c3d4.webm"]
    disk.delete("diary/7/a1b2.jpg")
    disk.delete("diary/7/a1b2.jpg")  # twice is fine
    with pytest.raises(storage.Missing):
        disk.get("diary/7/a1b2.jpg")


def test_writing_again_replaces_the_whole_file_and_leaves_no_temporary_file(disk):
    disk.put("diary/7/a.jpg", b"first version, longer", "image/jpeg")
    disk.put("diary/7/a.jpg", b"second", "image/jpeg")
    assert disk.get("diary/7/a.jpg") == b"second"
    assert [p.name for p in (disk.root / "diary" / "7").iterdir()] == ["a.jpg"]


@pytest.mark.parametrize("key", ["../secret_key", "diary/../../etc/passwd", "/etc/passwd", "diary", "",
                                 "diary/7/../../x", "Diary/7/a.jpg", "diary//a.jpg"])
def test_a_key_that_could_leave_the_folder_is_refused(disk, key):
    with pytest.raises(ValueError):
        disk.put(key, b"x", "text/plain")
    with pytest.raises(ValueError):
        disk.get(key)


def test_the_app_keeps_test_uploads_out_of_the_checkout(app):
    store = app.extensions["lasna_store"]
    assert isinstance(store, storage.DiskStore)
    assert "lasna-media-" in str(store.root)
