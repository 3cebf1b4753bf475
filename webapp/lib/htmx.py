"""Page includes fragment; the fragment answers htmx."""
from flask import render_template, request


def render_page_or_fragment(page: str, fragment: str, **context):
    """Render the whole page, or only its fragment for an htmx request.

    The two answers differ by the HX-Request header, so caches are told with Vary.
    """
    template = fragment if request.htmx and not request.htmx.boosted else page
    response = render_template(template, **context)
    return response, {"Vary": "HX-Request"}
