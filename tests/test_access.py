"""Every route, every persona, the expected status (the matrix is in tests/matrix.py). A new route
fails here until it is added. POSTs carry a valid CSRF token and no data: whoever may use the
route gets a 4xx for the missing input (or a confirmation page), never a 500.
"""
import pytest

from tests.matrix import PERSONAS, ROUTES, status_of, world


@pytest.mark.parametrize("method, url, expected", ROUTES, ids=[f"{m} {u}" for m, u, _ in ROUTES])
def test_access(app, people, method, url, expected):
    """Each persona in turn on one set of records (one setup per route keeps the matrix quick;
    the POSTs carry no input, so what one persona may change leaves the next one's answer as it is).
    The records and the sign-ins are made once and put back for each route (matrix.world)."""
    ids, signed_in = world(app, people)
    target = url.format(**ids)
    got = {persona: status_of(app, signed_in, persona, method, target) for persona in PERSONAS}
    assert got == expected, f"{method} {target}"


def test_every_route_is_in_the_matrix(app):
    adapter = app.url_map.bind("localhost")
    sample = dict(client=1, period=1, unit=1, closure=1, enrolment_code=1, coach=1, diet=1, service_type=1,
                  municipality=1, kiosk=1, scan=1, code="1.2.x", day="2026-11-18", entry=1, unit_activity=1,
                  guidance=1, activity_day=1, lock=1, refused_scan=1, goal=1, evaluation=1, wording=1, document=1, signed_document=1, evaluation_draft=1,
                  certificate=1, skill=1, training=1, qualification_unit=1, training_kind=1, next_step=1, template=1,
                      media=1, removable_media=1)
    covered = {(method, adapter.match(url.format(**sample).split("?")[0], method=method)[0])
               for method, url, _ in ROUTES}
    missing = [
        f"{method} {rule.rule}"
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static" and not rule.rule.startswith("/_test/")
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
        if (method, rule.endpoint) not in covered
    ]
    assert not missing, f"routes missing from the access matrix: {missing}"
