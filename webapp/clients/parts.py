"""Parts of the client's page that areas built on clients add to it. Each part is a template and a
function (viewer, client, today) -> what that template shows, which it reads as `summary`.
The month's days and the latest shared diary entries come from approvals this way
(approvals/summary.py), so clients never imports the areas above it."""
from collections.abc import Callable
from datetime import date

_PARTS: list[tuple[str, Callable]] = []


def add(template: str, build: Callable) -> None:
    """An area's part of the client's page, shown after the ones added before it."""
    _PARTS.append((template, build))


def build_all(viewer, client, today: date) -> list[tuple[str, object]]:
    """[(template, what it shows)] for one viewer of one client's page."""
    return [(template, build(viewer, client, today)) for template, build in _PARTS]
