"""GET /clients/import/template.csv: the template an office fills in Excel; its example row imports."""
import io
import re
from datetime import date, datetime
from html import unescape

import time_machine
from sqlalchemy import select

from tests.http import csrf_token, login, post, text
from tests.moments import HEL
from webapp.accounts.models import Person
from webapp.clients import csv_import
from webapp.reference.models import Diet
from webapp.extensions import db


def test_a_manager_downloads_a_template_that_excel_reads_as_utf8(http, people):
    login(http, people.manager)
    response = http.get("/clients/import/template.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    data = response.get_data()
    assert data.startswith("\ufeff".encode())
    header = data.decode("utf-8-sig").splitlines()[0]
    assert header == ("etunimi;sukunimi;kutsumanimi;sähköposti;kieli;toimipiste;omaohjaaja;kotikunta;"
                      "ruokavaliot;maksaja;maksaja alkaen;matkakorvaus")


def test_others_may_not(http, people):
    for person in (people.coach, people.kitchen, people.client):
        login(http, person)
        assert http.get("/clients/import/template.csv").status_code == 403
        post(http, "/logout")
    assert http.get("/clients/import/template.csv").status_code == 302


def test_it_rejects_post(http, people):
    login(http, people.manager)
    assert post(http, "/clients/import/template.csv").status_code == 405


def test_the_templates_example_row_itself_imports(http, people):
    """Download the template, upload it as it is, confirm: its example client is created, from the
    unit, coach, home municipality and diet the installation has."""
    db.session.add(Diet(code="gluten_free", name_fi="Gluteeniton", name_sv="Glutenfri", name_en="Gluten-free"))
    db.session.commit()
    with time_machine.travel(datetime(2026, 11, 18, 10, tzinfo=HEL), tick=False):
        login(http, people.manager)
        template = http.get("/clients/import/template.csv").get_data()
        preview = http.post("/clients/import", data={"csrf_token": csrf_token(http),
                                                     "file": (io.BytesIO(template), "asiakkaat-malli.csv")},
                            content_type="multipart/form-data")
        assert preview.status_code == 200, unescape(text(preview))
        page = text(preview)
        assert "Tuo 1 asiakas" in page
        content = unescape(re.search(r'name="content" type="hidden" value="([^"]*)"', page).group(1))
        assert post(http, "/clients/import", {"content": content}).status_code == 302
    made = db.session.scalar(select(Person).where(Person.first_name == "Aino", Person.last_name == "Mäkinen"))
    assert made is not None and made.role == "client"
    profile = made.client
    assert profile.home_unit_id == people.unit.id and profile.own_coach_id == people.coach.id
    assert [d.code for d in profile.diets] == ["gluten_free"]
    assert [(a.payer, a.valid_from) for a in profile.payers] == [("kela", date(2026, 10, 1))]


def test_the_template_names_every_column_the_import_knows(http, people):
    login(http, people.manager)
    header = http.get("/clients/import/template.csv").get_data().decode("utf-8-sig").splitlines()[0]
    assert header.split(";") == csv_import.COLUMN_NAMES
    assert "maksaja alkaen" in header.split(";")
