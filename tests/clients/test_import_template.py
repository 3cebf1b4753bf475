"""GET /clients/import/template.csv: the template an office fills in Excel."""
from tests.http import login, post


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
                      "ruokavaliot;maksaja;matkakorvaus")


def test_others_may_not(http, people):
    for person in (people.coach, people.kitchen, people.client):
        login(http, person)
        assert http.get("/clients/import/template.csv").status_code == 403
        post(http, "/logout")
    assert http.get("/clients/import/template.csv").status_code == 302


def test_it_rejects_post(http, people):
    login(http, people.manager)
    assert post(http, "/clients/import/template.csv").status_code == 405
