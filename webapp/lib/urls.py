"""URL converters shared by every route."""
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1  # ids are 32-bit integers in both databases


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: a number larger than any id is not a match (404), instead
    of reaching PostgreSQL, which refuses it with an error (a 500)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)
