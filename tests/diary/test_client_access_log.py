"""GET /clients/<id>/access-log: a manager sees, and downloads, who has read one client's data —
the staff reads of her record (audit.access) and of her diary (diary_read), newest first."""
import csv
import io
from datetime import UTC, datetime, timedelta

import pytest

from tests import factories
from tests.http import login, text
from webapp.audit import access
from webapp.audit.models import AccessRead
from webapp.diary import access_log, entries
from webapp.extensions import db


def url(people, **query) -> str:
    extra = "".join(f"&{k}={v}" for k, v in query.items()).replace("&", "?", 1)
    return f"/clients/{people.client.id}/access-log{extra}"


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"), newline=""), delimiter=";"))


def a_morning_of_reads(people, clock):
    """Kaisa opens Anna's goals at 9.00, her shared diary at 9.30 and a Kela list at 10.00."""
    clock.move_to(datetime(2026, 11, 18, 7, 0, tzinfo=UTC))
    access.log_read(people.coach, people.client.id, "goals")
    clock.move_to(datetime(2026, 11, 18, 7, 30, tzinfo=UTC))
    entry = factories.make_entry(people.client, datetime(2026, 11, 17).date(), mood=3, shared=True)
    entries.log_reads(people.coach, [entry], "diary_list")
    clock.move_to(datetime(2026, 11, 18, 8, 0, tzinfo=UTC))
    access.log_list(people.coach, [people.client.id, people.other_client.id], "kela_report")
    clock.move_to(datetime(2026, 11, 18, 9, 0, tzinfo=UTC))


def test_the_manager_sees_every_read_newest_first_with_reader_role_what_and_why(http, people, clock):
    a_morning_of_reads(people, clock)
    login(http, people.manager)
    response = http.get(url(people))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    page = text(response)
    kela = page.index("Kelan poissaoloilmoitus (TT3)")
    diary = page.index("päiväkirjamerkintä 17.11.2026")
    goals = page.index("tavoitteet ja arvioinnit (GAS)")
    assert page.index("lokitiedot") < kela < diary < goals  # the manager's own look is the newest
    assert "Kaisa Ohjaaja" in page and ">ohjaaja<" in page
    assert "Kelan ilmoitus" in page and "arviointi ja suunnitelmat" in page and "asiakastyö" in page
    assert "18.11.2026 11.00" in page  # Helsinki time of the first read (9.00 UTC → 11.00 EET)
    assert "(luettelo)" in page
    assert "Pekka" not in page  # the other client on the same list is not Anna's log


def test_opening_the_log_is_itself_logged(http, people, clock):
    login(http, people.manager)
    http.get(url(people))
    [row] = db.session.scalars(db.select(AccessRead)).all()
    assert (row.reader_id, row.client_id, row.what, row.purpose) == (
        people.manager.id, people.client.id, "access_log", "supervision")


def test_the_csv_has_every_read_for_finnish_excel(http, people, clock):
    a_morning_of_reads(people, clock)
    login(http, people.manager)
    response = http.get(url(people, format="csv"))
    assert response.status_code == 200
    assert response.mimetype == "text/csv" and response.headers["Cache-Control"] == "no-store"
    assert "attachment" in response.headers["Content-Disposition"]
    assert "lokitiedot-asiakas-2026-11-18.csv" in response.headers["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0] == ["Aika", "Lukija", "Rooli", "Mitä", "Tarkoitus", "Sivu"]
    assert rows[1][1:5] == ["Marja Johtaja", "esihenkilö", "lokitiedot", "lokin valvonta"]
    assert rows[2] == ["18.11.2026 10.00", "Kaisa Ohjaaja", "ohjaaja", "Kelan poissaoloilmoitus (TT3) (luettelo)",
                       "Kelan ilmoitus", ""]
    assert rows[3][3:] == ["päiväkirjamerkintä 17.11.2026", "asiakastyö", "päiväkirja (jaetut merkinnät)"]
    assert rows[4][0] == "18.11.2026 9.00" and rows[4][3] == "tavoitteet ja arvioinnit (GAS)"
    assert len(rows) == 5


def test_the_xlsx_opens(http, people, clock):
    login(http, people.manager)
    response = http.get(url(people, format="xlsx"))
    assert response.status_code == 200 and response.data[:2] == b"PK"


def test_reads_older_than_two_years_are_not_shown(http, people, clock):
    db.session.add(AccessRead(at=datetime(2024, 11, 1, tzinfo=UTC), reader_id=people.coach.id,
                              client_id=people.client.id, what="goals", purpose="evaluation", route="/x"))
    db.session.commit()
    login(http, people.manager)
    assert "tavoitteet ja arvioinnit" not in text(http.get(url(people)))


def test_a_long_log_is_capped_on_screen_but_whole_in_the_file(http, people, clock, monkeypatch):
    monkeypatch.setattr(access_log, "ACCESS_LOG_SHOWN", 3)
    for n in range(5):
        clock.shift(timedelta(minutes=1))
        access.log_read(people.coach, people.client.id, "skills")
    login(http, people.manager)
    page = text(http.get(url(people)))
    assert "Tässä näkyy 3 uusinta kertaa (kaikkiaan 6)." in page
    assert page.count('data-testid="access-line"') == 3
    assert len(csv_rows(http.get(url(people, format="csv")))) == 1 + 7  # the two looks are logged too


@pytest.mark.parametrize("who", ["coach", "other_coach", "kitchen", "client"])
def test_only_a_manager_may_see_it(http, people, who):
    login(http, getattr(people, who))
    assert http.get(url(people)).status_code == 403
    assert http.get(url(people, format="csv")).status_code == 403


def test_an_unknown_client_or_format_is_404(http, people):
    login(http, people.manager)
    assert http.get("/clients/999999/access-log").status_code == 404
    assert http.get(url(people, format="pdf")).status_code == 404
    assert http.get(url(people, format="<x>")).status_code == 404


def test_the_client_page_links_to_it_for_a_manager_only(http, people, clock):
    login(http, people.manager)
    assert f'href="/clients/{people.client.id}/access-log"' in text(http.get(f"/clients/{people.client.id}"))
    coach = http.application.test_client()
    login(coach, people.coach)
    assert "access-log" not in text(coach.get(f"/clients/{people.client.id}"))


def test_a_post_is_not_allowed(http, people):
    login(http, people.manager)
    assert http.post(url(people)).status_code in (400, 405)
