"""What an uploaded file really is (webapp/diary/uploads.py): a broken or hostile file is always
refused with NotAccepted, never an error of the parser."""
import io
import random
from pathlib import Path

import pytest
from PIL import Image

from webapp.diary import uploads

FILES = Path(__file__).parent / "media"
RECORDINGS = [(FILES / name).read_bytes() for name in ("voice-3s.webm", "voice-3s.m4a", "film-part.webm")]


def spoilt(data: bytes, rng: random.Random) -> bytes:
    """The file cut short, with bytes changed, or with a stretch repeated."""
    data = bytearray(data)
    how = rng.randrange(3)
    if how == 0:
        return bytes(data[:rng.randrange(len(data))])
    if how == 1:
        for _ in range(rng.randrange(1, 20)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(data)
    start = rng.randrange(len(data))
    return bytes(data[:start] + data[start:start + 300] * 3 + data[start:])


@pytest.mark.parametrize("seed", range(300))
def test_a_spoilt_recording_is_judged_never_crashes(seed):
    rng = random.Random(seed)
    data = spoilt(rng.choice(RECORDINGS), rng)
    try:
        voice = uploads.check_voice(data)
    except uploads.NotAccepted:
        return
    assert voice.content_type in ("audio/webm", "audio/mp4")
    assert voice.duration_ms is None or voice.duration_ms >= 0


@pytest.mark.parametrize("seed", range(60))
def test_a_spoilt_photo_is_refused_or_cleaned_never_crashes(seed):
    rng = random.Random(seed)
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (rng.randrange(256), 10, 10)).save(out, rng.choice(["JPEG", "PNG", "WEBP", "GIF"]))
    data = spoilt(out.getvalue(), rng)
    try:
        photo = uploads.clean_photo(data)
    except uploads.NotAccepted:
        return
    assert Image.open(io.BytesIO(photo.data)).format == "JPEG"


def test_a_picture_too_big_to_open_safely_is_refused():
    out = io.BytesIO()
    Image.new("1", (10_000, 5_000)).save(out, "PNG")  # 50 megapixels in a few kilobytes
    with pytest.raises(uploads.NotAccepted):
        uploads.clean_photo(out.getvalue())


def test_a_transparent_picture_gets_a_white_background():
    out = io.BytesIO()
    Image.new("RGBA", (20, 20), (0, 0, 0, 0)).save(out, "PNG")
    photo = uploads.clean_photo(out.getvalue())
    assert Image.open(io.BytesIO(photo.data)).convert("RGB").getpixel((10, 10)) > (245, 245, 245)
