"""The attendance rate rule (webapp/approvals/month.attendance_rate) and GET
/clients/<id>/days?month=YYYY-MM over real HTTP, frozen on Wednesday 18.11.2026 after closing.
The unit is open Monday–Friday 8–15."""
from datetime import date, timedelta

import pytest
import time_machine

from tests import factories
from tests.approvals.test_week import Page
from tests.checkin.test_flags import attend
from tests.http import as_kiosk, login, post, text
from tests.moments import AFTER_CLOSING
from webapp.approvals import decisions
from webapp.approvals.month import Rate, attendance_rate
from webapp.checkin.models import ActivityDay, Kind, Status
from webapp.extensions import db
from webapp.clients.models import ServicePeriod
from webapp.units.models import Closure

TODAY = date(2026, 11, 18)  # a Wednesday
NOVEMBER_4 = date(2026, 11, 4)  # a Wednesday: the period starts mid-week


# --- The rate rule, without a database ------------------------------------------------------------

def period(starts_on=NOVEMBER_4, ends_on=date(2027, 5, 4), weekdays=(0, 1, 2, 3)) -> ServicePeriod:
    p = ServicePeriod(starts_on=starts_on, ends_on=ends_on)
    p.weekdays = weekdays
    return p


def day(on, kind=Kind.ONSITE, status=Status.OPEN, reason=None) -> ActivityDay:
    return ActivityDay(day=on, kind=kind.value, status=status.value, absence_reason=reason)


def open_every_day(on):
    return False


def november(*days):
    return [date(2026, 11, d) for d in days]


# Planned Monday–Thursday from Wednesday 4.11. up to Tuesday 17.11.: 4, 5, 9, 10, 11, 12, 16, 17.
RECORDS = [day(d) for d in november(4, 5, 9, 10)] + [
    day(date(2026, 11, 11), Kind.REMOTE, Status.CONFIRMED),
    day(date(2026, 11, 12), Kind.ABSENT, Status.CONFIRMED, "own_illness"),
    day(date(2026, 11, 16), Kind.ONSITE, Status.NOT_COUNTED),
    day(date(2026, 11, 17), Kind.ONSITE, Status.CONFIRMED),
]


def test_the_rate_counts_planned_days_from_a_mid_week_start_and_leaves_out_absences_and_days_not_counted():
    rate = attendance_rate(period(), RECORDS, TODAY, open_every_day)
    assert rate == Rate(attended=6, planned=8, extra=0)
    assert rate.percent == 75


def test_today_counts_once_the_client_has_come():
    assert attendance_rate(period(), RECORDS + [day(TODAY)], TODAY, open_every_day) == Rate(7, 9)
    absent_today = day(TODAY, Kind.ABSENT, Status.CONFIRMED, "other")
    assert attendance_rate(period(), RECORDS + [absent_today], TODAY, open_every_day) == Rate(6, 8)


def test_closure_days_and_days_the_service_was_not_held_are_not_planned_days():
    closed = set(november(9, 10))
    assert attendance_rate(period(), RECORDS, TODAY, lambda on: on in closed) == Rate(4, 6, extra=2)
    not_held = [r for r in RECORDS if r.day != date(2026, 11, 12)] + [
        day(date(2026, 11, 12), Kind.ABSENT, Status.CONFIRMED, "not_held")]
    assert attendance_rate(period(), not_held, TODAY, open_every_day) == Rate(6, 7)


def test_a_day_outside_the_plan_is_extra_and_not_in_the_rate():
    friday = day(date(2026, 11, 6), Kind.ONSITE, Status.CONFIRMED)
    before_start = day(date(2026, 11, 3), Kind.ONSITE, Status.CONFIRMED)
    assert attendance_rate(period(), RECORDS + [friday, before_start], TODAY, open_every_day) == Rate(6, 8, extra=1)


def test_a_period_that_ended_counts_only_up_to_its_end():
    ended = period(ends_on=date(2026, 11, 10))
    assert attendance_rate(ended, RECORDS, TODAY, open_every_day) == Rate(4, 4)
    assert attendance_rate(ended, RECORDS, TODAY, open_every_day).percent == 100


def test_no_period_or_no_planned_day_yet_has_no_rate():
    assert attendance_rate(None, RECORDS, TODAY, open_every_day) is None
    assert attendance_rate(period(starts_on=date(2026, 12, 1)), [], TODAY, open_every_day) is None
    assert attendance_rate(period(starts_on=TODAY), [], TODAY, open_every_day) is None  # not come yet today
    assert attendance_rate(period(), [], TODAY, open_every_day) == Rate(0, 8)
    assert Rate(1, 3).percent == 33 and Rate(2, 3).percent == 67


# --- The page ------------------------------------------------------------------------------------

@pytest.fixture
def evening():
    with time_machine.travel(AFTER_CLOSING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def anna(people, evening):
    """Anna's period starts on Monday 2.11.: she came on 2.11. (confirmed), not on 3.11., took part
    remotely on 4.11., was away with a sick child on 5.11.; the unit was closed 9.–10.11."""
    client = people.client.client
    client.periods[0].starts_on = date(2026, 11, 2)
    db.session.add(Closure(unit_id=people.unit.id, starts_on=date(2026, 11, 9), ends_on=date(2026, 11, 10),
                           reason="Syysloma"))
    db.session.commit()
    attend(people, date(2026, 11, 2), end=(14, 0))
    first = db.session.scalar(db.select(ActivityDay).where(ActivityDay.day == date(2026, 11, 2)))
    decisions.confirm(first, people.coach)
    decisions.record_remote(client, people.unit, date(2026, 11, 4), 240, people.coach)
    decisions.record_absence(client, people.unit, date(2026, 11, 5), "child_illness", people.coach)
    db.session.commit()
    return people.client


def days(html) -> dict[str, str]:
    return {cell.attrs["data-day"]: cell.text for cell in Page(html).find("month-day")}


def one(html, testid) -> str:
    [node] = Page(html).find(testid)
    return node.text


def get(http, people, query="", who="coach"):
    login(http, getattr(people, who))
    return http.get(f"/clients/{people.client.id}/days{query}")


def test_the_calendar_shows_planned_days_closures_and_what_happened(http, people, anna):
    response = get(http, people)
    assert response.status_code == 200
    page = text(response)
    assert "Marraskuu 2026" in page
    cells = days(page)
    assert len(cells) == 30
    assert cells["2026-11-02"] == "ma 2.11. Suunniteltu Paikalla 6 h ✓ Vahvistettu"
    assert cells["2026-11-03"] == "ti 3.11. Suunniteltu Ei tullut"
    assert cells["2026-11-04"] == "ke 4.11. Suunniteltu Etänä 4 h ✓ Vahvistettu"
    assert cells["2026-11-05"] == "to 5.11. Suunniteltu Poissa: Lapsen sairaus ✓ Vahvistettu"
    assert cells["2026-11-06"] == "pe 6.11."
    assert cells["2026-11-09"] == "ma 9.11. Suljettu: Syysloma"
    assert cells["2026-11-18"] == "ke 18.11. Suunniteltu Ei vielä tullut"
    assert cells["2026-11-19"] == "to 19.11. Suunniteltu"
    assert 'aria-current="date" data-day="2026-11-18"' in page
    # Mondays–Thursdays of November from the 2nd, less the two closure days; so far: before today
    assert one(page, "month-planned") == "15 (tähän mennessä 8)"
    assert one(page, "month-attended") == "2 päivää"
    # from 2.11. to 17.11.: 2, 3, 4, 5, 11, 12, 16, 17 planned; 2 and 4 attended
    assert one(page, "period-rate") == "25 % (2 / 8 suunniteltua päivää)"


def test_the_hours_table_has_each_iso_week_with_days_and_hours(http, people, anna):
    page = text(get(http, people))
    rows = [row.text for row in Page(page).find("week-hours-row")]
    assert rows[0] == "Viikko 44 26.10.–1.11. 0 0 min –"
    assert rows[1] == "Viikko 45 2.11.–8.11. 2 10 h –"
    assert len(rows) == 6  # 26.10.–6.12.


def test_a_fifth_day_and_over_32_hours_are_flagged_in_words_in_the_hours_table(http, people, evening):
    client = people.client.client
    factories.make_period(client, people.unit, starts_on=date(2026, 11, 2), weekdays=(4,))  # Fridays too
    for offset in range(5):  # Monday 9.11. to Friday 13.11., 7 h each
        attend(people, date(2026, 11, 9) + timedelta(days=offset), start=(8, 0), end=(15, 0))
    rows = [row.text for row in Page(text(get(http, people))).find("week-hours-row")]
    assert rows[2] == "Viikko 46 9.11.–15.11. 5 35 h ! Viikon 5. päivä ! Yli 32 tuntia viikossa"
    assert rows[3] == "Viikko 47 16.11.–22.11. 0 0 min –"


def test_another_month_and_its_links(http, people, anna):
    page = text(get(http, people, "?month=2026-10"))
    assert "Lokakuu 2026" in page
    assert f'/clients/{people.client.id}/days?month=2026-09"' in page
    assert f'/clients/{people.client.id}/days?month=2026-11"' in page
    assert "Tämä kuukausi" in page
    assert one(page, "month-planned") == "0"  # the period starts in November
    assert one(page, "period-rate") == "25 % (2 / 8 suunniteltua päivää)"  # the rate is the period's, today


def test_a_client_without_a_period_has_no_rate(http, people, evening):
    db.session.delete(people.client.client.periods[0])
    db.session.commit()
    page = text(get(http, people))
    assert one(page, "period-rate") == "Ei jaksoa."
    assert one(page, "month-planned") == "0"


def test_a_period_that_starts_later_says_when(http, people, evening):
    people.client.client.periods[0].starts_on = date(2026, 12, 7)
    db.session.commit()
    assert one(text(get(http, people)), "period-rate") == "Jakso alkaa 7.12.2026."


@pytest.mark.parametrize("who, status", [("anonymous", 302), ("kiosk", 302), ("client", 403), ("kitchen", 403),
                                         ("other_coach", 404), ("coach", 200), ("manager", 200)])
def test_it_shows_the_month_only_to_staff_who_may_see_the_client(http, people, anna, who, status):
    if who == "kiosk":
        secret, _kiosk = factories.make_kiosk(people.unit)
        as_kiosk(http, secret)
    elif who != "anonymous":
        login(http, getattr(people, who))
    response = http.get(f"/clients/{people.client.id}/days")
    assert response.status_code == status
    if status == 302:
        assert "/login" in response.headers["Location"]
    assert ("Paikalla 6 h" in text(response)) == (status == 200)


def test_a_coach_of_another_unit_sees_a_client_with_a_period_there(http, people, anna):
    factories.make_period(people.client.client, people.other_unit, starts_on=date(2026, 11, 1), weekdays=(4,))
    response = get(http, people, who="other_coach")
    assert response.status_code == 200
    assert "Toimipiste: Kierrätyspaja" in text(response)  # two units: each day names its unit


@pytest.mark.parametrize("month", ["2026-13", "2026-00", "0000-01", "2026-1", "abc", "1999-12", "2027-12",
                                   "2026-11-01", "2026/11", "２０２６-11", " 2026-11"])
def test_a_bad_or_far_month_is_404(http, people, evening, month):
    assert get(http, people, "?month=" + month).status_code == 404


def test_months_from_2000_to_a_year_ahead_are_shown(http, people, evening):
    assert get(http, people, "?month=2000-01").status_code == 200
    page = text(http.get(f"/clients/{people.client.id}/days?month=2027-11"))
    assert "Seuraava kuukausi" not in page and "Edellinen kuukausi" in page
    assert "Edellinen kuukausi" not in text(http.get(f"/clients/{people.client.id}/days?month=2000-01"))


@pytest.mark.parametrize("client_id", ["0", "2147483648", "999999"])
def test_a_client_that_does_not_exist_is_404(http, people, evening, client_id):
    login(http, people.manager)
    assert http.get(f"/clients/{client_id}/days").status_code == 404


def test_it_refuses_a_post(http, people, evening):
    login(http, people.coach)
    assert post(http, f"/clients/{people.client.id}/days", {}).status_code == 405
