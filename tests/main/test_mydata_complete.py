"""The client's data export is complete (real HTTP, both databases): besides her profile, periods,
days and diary it holds her guidance sessions, compensation (the days as they stand and the
frozen lines of closed months), the invoice basis of her days, her scans, Kela's absence reports,
her phone's enrolment codes, every audit event about her and who has read her diary, and the
printable page shows them in words. Another client's rows never show; secrets never do."""
import json
from datetime import date, datetime, timedelta

import pytest
import time_machine

from tests import factories
from tests.http import login, text
from tests.moments import DURING_THE_DAY, HEL
from webapp import audit
from webapp.approvals import decisions
from webapp.checkin import scans
from webapp.checkin.models import ActivityDay, Method
from webapp.clients.models import PayerAssignment
from webapp.diary import entries
from webapp.enrolment.models import EnrolmentCode
from webapp.extensions import db
from webapp.goals.models import EvaluationShare
from webapp.lib import clock
from webapp.money.models import CompensationRate, InvoiceLine, KelaReport, MoneyLine
from webapp.checkin.models import MonthClose

TODAY = DURING_THE_DAY.date()
OCTOBER = date(2026, 10, 1)


@pytest.fixture
def frozen():
    with time_machine.travel(DURING_THE_DAY, tick=False):
        yield


def moment(day, hour, minute=0):
    return datetime.combine(day, datetime.min.time().replace(hour=hour, minute=minute), HEL)


@pytest.fixture
def everything(people, frozen):
    """Anna's data of every kind, and some of Pekka's that must never show."""
    anna, coach, manager = people.client, people.coach, people.manager
    client = anna.client
    db.session.add(PayerAssignment(client_id=anna.id, payer="kela", valid_from=date(2026, 1, 1)))
    db.session.add(CompensationRate(payer="kela", valid_from=date(2026, 1, 1), amount_cents=900))
    factories.make_period(client, people.unit, starts_on=date(2026, 9, 1))
    # A confirmed day (compensable) and its scan; a refused scan; a scan that reopened an absence.
    result = scans.record_scan(key="anna-in-monday", unit=people.unit, method=Method.BADGE, client=client,
                               scanned_at=moment(TODAY - timedelta(days=2), 8, 1))
    scans.record_scan(key="anna-out-monday", unit=people.unit, method=Method.BADGE, client=client, queued=True,
                      scanned_at=moment(TODAY - timedelta(days=2), 14, 2))
    decisions.confirm(db.session.get(ActivityDay, result.day.id), coach)
    db.session.commit()
    scans.record_scan(key="anna-wrong-pin", unit=people.unit, method=Method.PIN, client=client,
                      reason=scans.Reason.WRONG_PIN)
    decisions.record_absence(client, people.unit, TODAY, "own_illness", coach)
    db.session.commit()
    scans.record_scan(key="anna-came-after-all", unit=people.unit, method=Method.PHONE, client=client)
    # A day recorded by mistake and removed: its audit event outlives the row.
    removed = decisions.record_remote(client, people.unit, TODAY - timedelta(days=7), 240, coach,
                                      reason="Etäpäivä sovittu")
    db.session.commit()
    decisions.undo(removed, coach, "Väärä asiakas")
    db.session.commit()
    # Guidance, one of them removed with a reason.
    factories.make_guidance(anna, coach, TODAY - timedelta(days=3), 45, note="Tavoitteet syksylle")
    gone = factories.make_guidance(anna, coach, TODAY - timedelta(days=4), 30)
    gone.removed_at, gone.removed_by_id, gone.removed_reason = clock.now(), coach.id, "Kirjattu kahdesti"
    audit.record(gone, "remove", reason="Kirjattu kahdesti", actor=coach)
    # A closed October: a frozen money line, an adjustment and an invoice line.
    close = MonthClose(unit_id=people.unit.id, month=OCTOBER, closed_at=moment(date(2026, 11, 2), 10),
                       closed_by_id=manager.id)
    db.session.add(close)
    db.session.flush()
    db.session.add_all([
        MoneyLine(close_id=close.id, kind="day", client_id=anna.id, day=date(2026, 10, 14), payer="kela",
                  days=1, amount_cents=900),
        MoneyLine(close_id=close.id, kind="adjustment", client_id=anna.id, day=date(2026, 9, 30), payer="kela",
                  days=-1, amount_cents=-900),
        InvoiceLine(close_id=close.id, kind="day", client_id=anna.id, day=date(2026, 10, 14), price_cents=6200,
                    days=1, amount_cents=6200),
        MoneyLine(close_id=close.id, kind="day", client_id=people.other_client.id, day=date(2026, 10, 14),
                  payer="kela", days=1, amount_cents=777),
    ])
    # Kela's absence report, printed and sent.
    report = KelaReport(client_id=anna.id, period_start=date(2026, 11, 2), period_end=date(2026, 11, 15),
                        produced_at=moment(TODAY, 9), produced_by_id=manager.id, sent_at=moment(TODAY, 10),
                        sent_by_id=manager.id)
    db.session.add(report)
    audit.record(report, "kela_report_sent", actor=manager)
    # The phone's enrolment code, used.
    db.session.add(EnrolmentCode(client_id=anna.id, code_hash="h" * 64, created_by_id=coach.id,
                                 created_at=moment(date(2026, 9, 1), 9), expires_at=moment(date(2026, 9, 1), 9, 15),
                                 used_at=moment(date(2026, 9, 1), 9, 3)))
    audit.record(client, "update", changes={"diet_note": ["", "Ei sipulia"]}, reason="Asiakas pyysi", actor=manager)
    # The diary: a shared entry, answered and read by the coach, and an old read (3 years back).
    entry = factories.make_entry(anna, TODAY - timedelta(days=1), mood=4, shared=True, to_coach="Hei")
    entries.reply(entry, coach, "Hei Anna!")
    entries.log_reads(coach, [entry], "diary")
    with time_machine.travel(DURING_THE_DAY - timedelta(days=3 * 365), tick=False):
        entries.log_reads(coach, [entry], "client_page")
    # A certificate of participation, and the diary she brought to an interim evaluation.
    factories.make_certificate(client.periods[-1], coach, work_tasks="Lajittelu")
    interim = factories.make_plan(client.periods[-1], coach, kind="interim")
    db.session.add_all([EvaluationShare(document_id=interim.id, diary_entry_id=entry.id),
                        EvaluationShare(document_id=interim.id, diary_entry_id=None)])
    # Pekka's: never in Anna's export.
    factories.make_guidance(people.other_client, people.other_coach, TODAY, 50, note="Pekan ohjaus")
    scans.record_scan(key="pekka-in", unit=people.other_unit, method=Method.BADGE, client=people.other_client.client)
    db.session.commit()
    return people


def download(http) -> dict:
    response = http.get("/me/data.json")
    assert response.status_code == 200
    return json.loads(response.get_data().decode("utf-8"))


def test_the_download_holds_every_kind_of_data_about_her(http, everything):
    people = everything
    login(http, people.client)
    data = download(http)
    assert [(g["day"], g["minutes"], g["note"], g["coach"], g["removed_reason"]) for g in data["guidance_sessions"]] == [
        ("2026-11-15", 45, "Tavoitteet syksylle", "Kaisa Ohjaaja", None),
        ("2026-11-14", 30, "", "Kaisa Ohjaaja", "Kirjattu kahdesti")]
    assert [(s["key"], s["method"], s["outcome"], s["reason"]) for s in data["scans"]] == [
        ("anna-came-after-all", "phone", "checked_in", None), ("anna-wrong-pin", "pin", "rejected", "wrong_pin"),
        ("anna-out-monday", "badge", "checked_out", None), ("anna-in-monday", "badge", "checked_in", None)]
    assert data["scans"][0]["scanned_at"] == "2026-11-18T09:00:00+00:00" and data["scans"][0]["unit"] == "Kierrätyspaja"
    assert data["compensation_days"] == [{"day": "2026-11-16", "payer": "kela", "rate_cents": 900}]
    assert sorted((m["month"], m["kind"], m["day"], m["days"], m["amount_cents"]) for m in data["compensation_lines"]) == [
        ("2026-10", "adjustment", "2026-09-30", -1, -900), ("2026-10", "day", "2026-10-14", 1, 900)]
    assert [(i["month"], i["day"], i["price_cents"], i["amount_cents"]) for i in data["invoice_lines"]] == [
        ("2026-10", "2026-10-14", 6200, 6200)]
    assert data["kela_reports"] == [{"period_start": "2026-11-02", "period_end": "2026-11-15",
                                     "produced_at": "2026-11-18T07:00:00+00:00", "produced_by": "Marja Johtaja",
                                     "sent_at": "2026-11-18T08:00:00+00:00", "sent_by": "Marja Johtaja"}]
    assert data["enrolment_codes"] == [{"created_at": "2026-09-01T06:00:00+00:00", "created_by": "Kaisa Ohjaaja",
                                        "expires_at": "2026-09-01T06:15:00+00:00", "used_at": "2026-09-01T06:03:00+00:00"}]
    actions = {(e["entity"], e["action"]) for e in data["audit_events"]}
    assert {("activity_day", "day_confirmed"), ("activity_day", "absence_recorded"), ("activity_day", "moved_by_scan"),
            ("activity_day", "remote_day_recorded"), ("activity_day", "day_removed"),
            ("guidance_session", "remove"), ("kela_report", "kela_report_sent"), ("client_profile", "update")} <= actions
    update = next(e for e in data["audit_events"] if e["action"] == "update" and e["entity"] == "client_profile")
    assert (update["actor"], update["actor_role"], update["reason"], update["changes"]) == (
        "Marja Johtaja", "admin", "Asiakas pyysi", {"diet_note": ["", "Ei sipulia"]})
    assert [r["place"] for r in data["diary_access_log"]] == ["diary", "client_page"]  # older than 2 years too
    assert data["diary_entries"][0]["replies"][0]["read_at"] is None
    assert len(data["diary_saves"]) == 1
    [certificate] = data["certificates"]
    assert (certificate["kind"], certificate["work_tasks"], certificate["issued_by"]) == (
        "participation", "Lajittelu", "Kaisa Ohjaaja")
    assert sorted((s["diary_day"] or "", s["mood_and_energy_trend"]) for s in data["brought_to_evaluations"]) == [
        ("", True), ("2026-11-17", False)]


def test_the_download_holds_nothing_of_another_client_and_no_secret(http, everything):
    people = everything
    login(http, people.client)
    body = http.get("/me/data.json").get_data(as_text=True)
    assert "Pekan ohjaus" not in body and "pekka-in" not in body and "777" not in body
    for secret in ("h" * 64, "code_hash", "pin_hash", "badge_token", "login_token", "password_hash"):
        assert secret not in body
    removed = [e for e in json.loads(body)["audit_events"] if e["action"] == "day_removed"]
    assert len(removed) == 1 and removed[0]["reason"] == "Väärä asiakas"


def test_the_page_shows_it_all_in_words(http, everything):
    people = everything
    login(http, people.client)
    page = text(http.get("/me/data"))
    for words in ("Ohjaukset", "Tavoitteet syksylle", "45 min", "Poistettu: Kirjattu kahdesti",
                  "Kirjautumiset", "kortilla", "Väärä PIN-koodi",
                  "Kulukorvaukset", "Lokakuu 2026", "Kela (kulukorvaus)", "9,00",
                  "Laskutus", "62,00",
                  "Kelan poissaoloilmoitukset", "2.11.2026–15.11.2026", "Lähetetty",
                  "Puhelimen yhdistämiskoodit", "Käytetty",
                  "Muutokset tietoihisi", "Poissaolo kirjattu", "Merkintä poistettu", "Väärä asiakas",
                  "Ruokavalion lisätiedot", "Ei sipulia", "Asiakas pyysi",
                  "Kirjautuminen puhelimella klo 11.00: asiakas tuli paikalle, vaikka päivälle oli kirjattu poissaolo.",
                  "Kuka on lukenut päiväkirjaasi", "Todistus osallistumisesta", "Arviointeihin tuomasi päiväkirja",
                  "päiväkirjamerkintä 17.11.2026", "mielialan ja jaksamisen kehitys"):
        assert words in page, words
    assert "anna-came-after-all" not in page  # a scan's key is no reading for a person
    assert "Pekan ohjaus" not in page
