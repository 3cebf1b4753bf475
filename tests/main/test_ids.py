"""An id in a URL larger than any id the database can hold is simply not found."""
import pytest

from tests.http import login, post

HUGE = "99999999999"


@pytest.mark.parametrize("url", [f"/clients/{HUGE}", f"/units/{HUGE}", f"/kiosks/{HUGE}",
                                 f"/periods/{HUGE}/edit", f"/staff/{HUGE}/edit"])
def test_a_huge_id_is_404_not_a_database_error(http, people, url):
    login(http, people.manager)
    assert http.get(url).status_code == 404


def test_a_huge_id_in_a_post_is_404_too(http, people):
    login(http, people.coach)
    assert post(http, f"/clients/{HUGE}/pin/unlock").status_code == 404


def test_the_largest_real_id_still_matches(app):
    adapter = app.url_map.bind("localhost")
    assert adapter.match("/clients/2147483647")[1] == {"client_id": 2147483647}


# "²".isdigit() is true but int("²") raises: each of these answered 500 before lib.urls.number_arg.
@pytest.mark.parametrize("url", ["/reports/kela?page=²", "/reports/kela?unit=²", "/reports/kela?client=²",
                                 "/money/compensation?unit=²", "/kitchen?unit=²",
                                 "/invoicing/clients?month=2026-11&orderer=²&type=1",
                                 "/invoicing/clients?month=2026-11&orderer=none&type=²"])
def test_a_number_in_another_script_is_404_not_a_crash(http, people, url):
    login(http, people.manager)
    assert http.get(url).status_code == 404


def test_the_board_takes_a_wait_in_another_script_as_no_wait(http, people):
    login(http, people.coach)
    assert http.get(f"/units/{people.unit.id}/board/poll?v=x&wait=²").status_code == 200


def test_number_arg_takes_ascii_digits_within_reach_only():
    from webapp.lib.urls import MAX_ID, number_arg
    assert [number_arg(v) for v in ("1", "42", str(MAX_ID))] == [1, 42, MAX_ID]
    assert [number_arg(v) for v in (None, "", "0", "-1", "+1", " 1", "1.0", "²", "١", str(MAX_ID + 1))] == [None] * 10
    assert number_arg("5", maximum=4) is None and number_arg("4", maximum=4) == 4
