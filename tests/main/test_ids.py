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
