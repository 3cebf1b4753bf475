"""What an uploaded photo or voice note really is, judged by its bytes, never by its name or the
type the browser claimed.

- A photo is opened with Pillow (JPEG, PNG, WebP, GIF; a phone's HEIC arrives as JPEG from the
  browser), turned upright by its EXIF orientation, made at most PHOTO_SIDE pixels on its long
  side and encoded again as a fresh JPEG. Nothing of the original's metadata is carried over:
  no EXIF (GPS location, camera, time), no XMP, no ICC profile, no comments.
- A voice note is kept as uploaded, if it is what browsers record: WebM (an EBML header whose
  DocType is "webm", with an audio track and no video) or MP4/M4A (an "ftyp" box first; no video
  track). Its length is read from the file where the file says it cheaply: a WebM's Duration, or
  else the time of its last audio block (what Chrome's MediaRecorder writes, which leaves the
  Duration out); an MP4's movie header (mvhd) or fragment header (mehd).

Pure functions on bytes: no Flask, no database.
"""
import io
import struct
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

PHOTO_SIDE = 1600  # the long side of a stored photo, in pixels
PHOTO_QUALITY = 82
PHOTO_FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "GIF"}
MAX_PIXELS = 40_000_000  # a 40-megapixel picture at most (a JPEG: 120): anything bigger is a decompression bomb
MAX_JPEG_PIXELS = 120_000_000  # a JPEG is decoded already scaled down (draft), so a big camera's full size fits
VOICE_SECONDS = 120


class NotAccepted(ValueError):
    """The upload is not a photo / voice note we keep; `reason` names which check failed."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Photo:
    data: bytes
    width: int
    height: int
    content_type: str = "image/jpeg"
    extension: str = "jpg"


@dataclass(frozen=True)
class Voice:
    content_type: str  # "audio/webm" or "audio/mp4"
    extension: str
    duration_ms: int | None  # as the file says it, when it says it cheaply


# --- Photos ----------------------------------------------------------------------------------------

def clean_photo(data: bytes, side: int = PHOTO_SIDE) -> Photo:
    """The photo upright, at most `side` px on its long side, as a JPEG with no metadata."""
    try:
        with Image.open(io.BytesIO(data)) as original:
            if original.format not in PHOTO_FORMATS:
                raise NotAccepted("format")
            width, height = original.size
            jpeg = original.format in ("JPEG", "MPO")
            if width < 1 or height < 1 or width * height > (MAX_JPEG_PIXELS if jpeg else MAX_PIXELS):
                raise NotAccepted("size")
            original.seek(0)  # the first frame of a GIF or a multi-picture JPEG
            if jpeg:
                original.draft("RGB", (side, side))  # decode at 1/2, 1/4 or 1/8 while still ≥ side: less memory
            original.load()
            upright = ImageOps.exif_transpose(original)
            picture = _rgb(upright)
    except NotAccepted:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError, SyntaxError,
            EOFError, struct.error):
        raise NotAccepted("not_an_image") from None
    picture.thumbnail((side, side), Image.Resampling.LANCZOS)
    # A new image made of the pixels alone: whatever `info` the original carried stays behind.
    clean = Image.new("RGB", picture.size)
    clean.paste(picture)
    out = io.BytesIO()
    clean.save(out, "JPEG", quality=PHOTO_QUALITY, optimize=True, progressive=True)
    return Photo(data=out.getvalue(), width=clean.width, height=clean.height)


def _rgb(picture: Image.Image) -> Image.Image:
    """Colours only: transparency on white (a screenshot or a sticker), palettes and greys as RGB."""
    if picture.mode in ("RGBA", "LA", "PA") or (picture.mode == "P" and "transparency" in picture.info):
        rgba = picture.convert("RGBA")
        white = Image.new("RGB", rgba.size, (255, 255, 255))
        white.paste(rgba, mask=rgba.getchannel("A"))
        return white
    return picture.convert("RGB")


# --- Voice notes -----------------------------------------------------------------------------------

EBML_MAGIC = b"\x1a\x45\xdf\xa3"
_EBML, _DOCTYPE = 0x1A45DFA3, 0x4282
_SEGMENT, _INFO, _TRACKS, _CLUSTER = 0x18538067, 0x1549A966, 0x1654AE6B, 0x1F43B675
_TIMECODE_SCALE, _DURATION = 0x2AD7B1, 0x4489
_TRACK_ENTRY, _TRACK_TYPE = 0xAE, 0x83
_CLUSTER_TIMECODE, _SIMPLE_BLOCK, _BLOCK_GROUP, _BLOCK = 0xE7, 0xA3, 0xA0, 0xA1
_UNKNOWN = -1


def check_voice(data: bytes) -> Voice:
    """WebM or MP4 audio, judged by the bytes; else NotAccepted."""
    if data[:4] == EBML_MAGIC:
        return _webm(data)
    if len(data) >= 12 and data[4:8] == b"ftyp":
        return _mp4(data)
    raise NotAccepted("not_audio")


def _vint(data: bytes, pos: int, keep_marker: bool) -> tuple[int, int]:
    """An EBML variable-length integer at pos: (value, next position). Sizes of all ones are
    "unknown" (_UNKNOWN), as a live recording writes its Segment and Clusters."""
    if pos >= len(data):
        raise NotAccepted("truncated")
    first = data[pos]
    length = 1
    while length <= 8 and not first & (0x80 >> (length - 1)):
        length += 1
    if length > 8 or pos + length > len(data):
        raise NotAccepted("broken")
    value = first if keep_marker else first & (0xFF >> length)
    for byte in data[pos + 1:pos + length]:
        value = (value << 8) | byte
    if not keep_marker and value == (1 << (7 * length)) - 1:
        value = _UNKNOWN
    return value, pos + length


def _element(data: bytes, pos: int) -> tuple[int, int, int]:
    """(id, start of the body, end of the body or _UNKNOWN)."""
    ident, pos = _vint(data, pos, keep_marker=True)
    size, pos = _vint(data, pos, keep_marker=False)
    return ident, pos, (_UNKNOWN if size == _UNKNOWN else pos + size)


def _children(data: bytes, start: int, end: int):
    """The elements of a known-size element's body: (id, body start, body end)."""
    pos, stop = start, min(end, len(data))
    while pos < stop:
        try:
            ident, body, body_end = _element(data, pos)
        except NotAccepted:
            return  # the file ends inside an element: what came before still counts
        if body_end == _UNKNOWN:
            return
        yield ident, body, body_end
        pos = body_end


def _uint(raw: bytes) -> int:
    return int.from_bytes(raw, "big") if raw else 0


def _block_time(data: bytes, block: int) -> int | None:
    """A (Simple)Block's time relative to its cluster: after the track number, a signed 16-bit int."""
    try:
        _track, offset = _vint(data, block, keep_marker=False)
        return struct.unpack(">h", data[offset:offset + 2])[0]
    except (NotAccepted, struct.error):
        return None


def _webm(data: bytes) -> Voice:
    ident, body, end = _element(data, 0)
    if ident != _EBML or end == _UNKNOWN:
        raise NotAccepted("broken")
    doctype = b"".join(data[b:e] for i, b, e in _children(data, body, end) if i == _DOCTYPE).rstrip(b"\x00")
    if doctype != b"webm":
        raise NotAccepted("not_webm")
    ident, pos, seg_end = _element(data, end)
    if ident != _SEGMENT:
        raise NotAccepted("broken")
    stop = len(data) if seg_end == _UNKNOWN else min(seg_end, len(data))
    scale, duration, types, cluster_time, last = 1_000_000, None, [], 0, None
    # One walk through the segment. A cluster is stepped into rather than over (a live recording
    # writes clusters of unknown size): its timecode and blocks come next in the same walk.
    while pos < stop:
        try:
            ident, body, body_end = _element(data, pos)
        except NotAccepted:
            break
        if ident == _CLUSTER:
            cluster_time, pos = 0, body
            continue
        if body_end == _UNKNOWN:
            break
        if ident == _INFO:
            for child, cbody, cend in _children(data, body, body_end):
                if child == _TIMECODE_SCALE:
                    scale = _uint(data[cbody:cend]) or scale
                elif child == _DURATION and cend - cbody in (4, 8):
                    duration = struct.unpack(">f" if cend - cbody == 4 else ">d", data[cbody:cend])[0]
        elif ident == _TRACKS:
            for child, cbody, cend in _children(data, body, body_end):
                if child == _TRACK_ENTRY:
                    types += [_uint(data[b:e]) for i, b, e in _children(data, cbody, cend) if i == _TRACK_TYPE]
        elif ident == _CLUSTER_TIMECODE:
            cluster_time = _uint(data[body:body_end])
        elif ident in (_SIMPLE_BLOCK, _BLOCK_GROUP):
            block = body if ident == _SIMPLE_BLOCK else next(
                (b for i, b, _e in _children(data, body, body_end) if i == _BLOCK), None)
            relative = None if block is None else _block_time(data, block)
            if relative is not None:
                last = max(last or 0, cluster_time + relative)
        pos = body_end
    if 1 in types or 2 not in types:  # a video track, or no audio track
        raise NotAccepted("not_audio")
    if duration is not None and duration > 0:
        return Voice("audio/webm", "webm", round(duration * scale / 1_000_000))
    return Voice("audio/webm", "webm", None if last is None else round(last * scale / 1_000_000))


def _boxes(data: bytes, start: int, end: int):
    """MP4 boxes between start and end: (type, body start, body end)."""
    pos = start
    while pos + 8 <= end:
        size, kind = struct.unpack(">I4s", data[pos:pos + 8])
        header = 8
        if size == 1:
            if pos + 16 > end:
                return
            size = struct.unpack(">Q", data[pos + 8:pos + 16])[0]
            header = 16
        elif size == 0:
            size = end - pos
        if size < header:
            raise NotAccepted("broken")
        yield kind, pos + header, min(pos + size, end)
        pos += size


def _mp4(data: bytes) -> Voice:
    top = list(_boxes(data, 0, len(data)))
    if not top or top[0][0] != b"ftyp":
        raise NotAccepted("not_audio")
    duration_ms, handlers, track_scale, default_duration, fragments_end = None, [], None, 0, 0
    for kind, body, end in top:
        if kind == b"moov":
            for child, cbody, cend in _boxes(data, body, end):
                if child == b"mvhd":
                    timescale, length = _movie_header(data[cbody:cend])
                    if timescale and length:
                        duration_ms = round(length * 1000 / timescale)
                elif child == b"mvex":
                    for inner, ibody, iend in _boxes(data, cbody, cend):
                        if inner == b"trex" and iend - ibody >= 16:
                            default_duration = _uint(data[ibody + 12:ibody + 16])
                elif child == b"trak":
                    found, scale = _track(data, cbody, cend)
                    handlers += found
                    track_scale = track_scale or scale
        elif kind == b"moof":  # a fragment, as a live recording (Safari, Chrome) writes them
            for child, cbody, cend in _boxes(data, body, end):
                if child == b"traf":
                    fragments_end = max(fragments_end, _fragment_end(data, cbody, cend, default_duration))
    if b"vide" in handlers or b"soun" not in handlers:  # a film, or no sound track at all
        raise NotAccepted("not_audio")
    if duration_ms is None and fragments_end and track_scale:
        duration_ms = round(fragments_end * 1000 / track_scale)
    return Voice("audio/mp4", "m4a", duration_ms)


def _fragment_end(data: bytes, start: int, end: int, default_duration: int) -> int:
    """Where a track fragment ends on its track's clock: its start (tfdt) plus its samples' durations
    (each in trun, or the default of tfhd or trex)."""
    begin, total = 0, 0
    for kind, body, stop in _boxes(data, start, end):
        raw = data[body:stop]
        if len(raw) < 8:
            continue
        flags = _uint(raw[1:4])
        if kind == b"tfhd" and flags & 0x08:
            at = 8 + (8 if flags & 0x01 else 0) + (4 if flags & 0x02 else 0)
            default_duration = _uint(raw[at:at + 4])
        elif kind == b"tfdt":
            begin = _uint(raw[4:12] if raw[0] == 1 else raw[4:8])
        elif kind == b"trun":
            count = _uint(raw[4:8])
            at = 8 + (4 if flags & 0x01 else 0) + (4 if flags & 0x04 else 0)
            step = 4 * sum(1 for bit in (0x100, 0x200, 0x400, 0x800) if flags & bit)
            if not flags & 0x100:
                total += count * default_duration
            elif step and at + count * step <= len(raw):
                total += sum(_uint(raw[at + i * step:at + i * step + 4]) for i in range(count))
    return begin + total


def _track(data: bytes, start: int, end: int) -> tuple[list[bytes], int | None]:
    """A track's handler types (soun, vide …) and its media timescale (mdhd)."""
    found, scale = [], None
    for kind, body, stop in _boxes(data, start, end):
        if kind == b"mdia":
            for inner, ibody, iend in _boxes(data, body, stop):
                if inner == b"hdlr" and iend - ibody >= 12:
                    found.append(data[ibody + 8:ibody + 12])
                elif inner == b"mdhd" and iend - ibody >= 24:
                    at = 20 if data[ibody] == 1 else 12
                    scale = _uint(data[ibody + at:ibody + at + 4]) or None
    return found, scale


def _movie_header(body: bytes) -> tuple[int | None, int | None]:
    if len(body) < 20:
        return None, None
    if body[0] == 1:
        if len(body) < 32:
            return None, None
        timescale, length = struct.unpack(">IQ", body[20:32])
    else:
        timescale, length = struct.unpack(">II", body[12:20])
    return timescale, length
