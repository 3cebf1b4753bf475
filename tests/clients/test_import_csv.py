"""GET/POST /clients/import: preview every row's problems, import all or nothing."""
import io
import re
from html import unescape

from sqlalchemy import func, select

from tests import factories
from tests.clients.helpers import events, make_diet
from tests.http import csrf_token, login, post, text
from webapp.accounts.models import Person
from webapp.clients.models import ClientProfile
from webapp.extensions import db

HEADER = "etunimi;sukunimi;kutsumanimi;sähköposti;kieli;toimipiste;omaohjaaja;kotikunta;ruokavaliot;maksaja;matkakorvaus"


def _rows(people):
    return [
        f"Aino;Mäkinen;;aino@example.fi;fi;Kierrätyspaja;{people.coach.email};Helsinki;gluteeniton|vegaani;kela;kyllä",
        f"Björn;Åberg;Nalle;;sv;kierrätyspaja;{people.coach.email.upper()};;;kunta;ei",
        f"Eero;Östman;;;;Kierrätyspaja;{people.coach.email};;;ei;",
    ]


def _csv(lines, sep=";", bom=False, encoding="utf-8") -> bytes:
    content = "\r\n".join(line.replace(";", sep) for line in lines) + "\r\n"
    return (("\ufeff" if bom else "") + content).encode(encoding)


def _upload(http, data: bytes, filename="asiakkaat.csv"):
    return http.post("/clients/import", data={"csrf_token": csrf_token(http), "file": (io.BytesIO(data), filename)},
                     content_type="multipart/form-data")


def _clients():
    return db.session.scalar(select(func.count()).select_from(ClientProfile))


def _setup(people):
    make_diet("gluteeniton")
    make_diet("vegaani")
    factories.make_municipality("Helsinki")


def _hidden_content(page: str) -> str:
    match = re.search(r'name="content" type="hidden" value="([^"]*)"|type="hidden" name="content" value="([^"]*)"', page)
    assert match, "no confirm form"
    return unescape(match.group(1) or match.group(2))


def test_the_page_documents_the_columns_and_offers_a_template(http, people):
    login(http, people.manager)
    response = http.get("/clients/import")
    assert response.status_code == 200
    page = text(response)
    for column in HEADER.split(";"):
        assert f"<code>{column}</code>" in page
    assert "/clients/import/template.csv" in page


def test_a_valid_file_is_previewed_then_imported_in_one_go(http, people):
    _setup(people)
    login(http, people.manager)
    preview = _upload(http, _csv([HEADER, *_rows(people)]))
    assert preview.status_code == 200
    page = text(preview)
    assert "Tuo 3 asiakasta" in page and "Rivi 2" in page and "Rivi 4" in page
    assert _clients() == 2  # nothing imported by the preview

    response = post(http, "/clients/import", {"content": _hidden_content(page)})
    assert response.status_code == 302
    assert _clients() == 5
    aino = db.session.scalar(select(Person).where(Person.email == "aino@example.fi"))
    assert aino.role == "client" and aino.client.home_unit_id == people.unit.id
    assert aino.client.own_coach_id == people.coach.id
    assert sorted(d.code for d in aino.client.diets) == ["gluteeniton", "vegaani"]
    assert aino.client.travel_compensation is True and aino.client.home_municipality.name == "Helsinki"
    assert aino.client.payers[0].payer == "kela"
    bjorn = db.session.scalar(select(Person).where(Person.last_name == "Åberg"))
    assert bjorn.language == "sv" and bjorn.client.preferred_name == "Nalle" and bjorn.email is None
    assert bjorn.client.payers[0].payer == "municipality"
    eero = db.session.scalar(select(Person).where(Person.last_name == "Östman"))
    assert eero.client.payers[0].payer == "none" and eero.language == "fi"
    created = events("person", "create")
    assert len(created) == 3 and all(e.reason == "CSV-tuonti" and e.actor_id == people.manager.id for e in created)
    assert "3 asiakasta on tuotu." in text(http.get("/clients"))


def test_a_bom_and_semicolon_file_from_excel_works(http, people):
    _setup(people)
    login(http, people.manager)
    preview = _upload(http, _csv([HEADER, *_rows(people)], bom=True))
    assert preview.status_code == 200 and "Tuo 3 asiakasta" in text(preview)


def test_a_comma_separated_file_works(http, people):
    _setup(people)
    login(http, people.manager)
    lines = [HEADER, *_rows(people)]
    lines[1] = lines[1].replace("gluteeniton|vegaani", '"gluteeniton,vegaani"')
    preview = _upload(http, _csv(lines, sep=","))
    assert preview.status_code == 200, text(preview)
    post(http, "/clients/import", {"content": _hidden_content(text(preview))})
    aino = db.session.scalar(select(Person).where(Person.email == "aino@example.fi"))
    assert sorted(d.code for d in aino.client.diets) == ["gluteeniton", "vegaani"]


def test_one_bad_row_imports_nothing_and_the_preview_names_the_row_and_problem(http, people):
    _setup(people)
    login(http, people.manager)
    rows = _rows(people)
    rows[1] = f"Björn;Åberg;;;sv;Olematon paja;{people.coach.email};;;kunta;ei"
    response = _upload(http, _csv([HEADER, *rows]))
    assert response.status_code == 400
    page = text(response)
    assert "Rivi 3" in page and "Tuntematon toimipiste ”Olematon paja”." in page
    assert "Tuo 3 asiakasta" not in page and 'name="content"' not in page
    assert "Mitään ei ole tuotu." in page
    assert _clients() == 2 and events() == []


def test_every_problem_of_every_row_is_shown(http, people):
    _setup(people)
    login(http, people.manager)
    rows = [
        f";;;anna@example.fi;de;Kierrätyspaja;{people.other_coach.email};Tampere;pähkinä;pankki;ehkä",
        "Aino;Mäkinen;;sama@example.fi;fi;Kierrätyspaja;tuntematon@example.fi;;;kela;",
        f"Aila;Mäkinen;;SAMA@example.fi;fi;Kierrätyspaja;{people.coach.email};;;;",
        "Kalle;Kehno;;ei-osoite;fi;;;;;kela;",
    ]
    response = _upload(http, _csv([HEADER, *rows]))
    assert response.status_code == 400
    page = unescape(text(response))
    for message in [
        "Etunimi puuttuu.", "Sukunimi puuttuu.", "Sähköposti ”anna@example.fi” on jo käytössä Läsnässä.",
        "Tuntematon kieli ”de”", "ei ole toimipisteen ”Kierrätyspaja” ohjaaja.", "Tuntematon kotikunta ”Tampere”.",
        "Tuntematon ruokavalio ”pähkinä”.", "Tuntematon maksaja ”pankki”", "Matkakorvaus ”ehkä”",
        "Tuntematon omaohjaaja ”tuntematon@example.fi”", "on tiedostossa monta kertaa (rivit 3, 4)",
        "Maksaja puuttuu", "Sähköposti ”ei-osoite” ei ole kelvollinen.", "Toimipiste puuttuu.", "Omaohjaaja puuttuu.",
    ]:
        assert message in page, message
    assert _clients() == 2


def test_the_confirm_step_checks_everything_again(http, people):
    _setup(people)
    login(http, people.manager)
    page = text(_upload(http, _csv([HEADER, *_rows(people)])))
    content = _hidden_content(page)
    factories.make_client(people.unit, email="aino@example.fi", period=False)  # taken meanwhile
    response = post(http, "/clients/import", {"content": content})
    assert response.status_code == 400
    assert "on jo käytössä" in unescape(text(response))
    assert _clients() == 3  # only the one made meanwhile


def test_a_tampered_confirm_is_checked_too(http, people):
    login(http, people.manager)
    response = post(http, "/clients/import", {"content": "etunimi;sukunimi\r\nA;B\r\n"})
    assert response.status_code == 400
    assert "Tiedostosta puuttuu sarakkeita" in text(response)
    assert _clients() == 2


def test_bad_files_get_a_clear_finnish_message_and_400(http, people):
    login(http, people.manager)
    cases = [
        (b"", "Tiedosto on tyhjä."),
        (HEADER.encode("utf-8") + b"\r\n", "vain otsikkorivi"),
        (_csv([HEADER, "Äke;Öljy;;;;Paja;x@example.fi;;;kela;"], encoding="latin-1"), "ei ole UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "ei ole CSV-tiedosto"),
        ("nimi;osoite\r\nA;B\r\n".encode(), "Tiedostosta puuttuu sarakkeita: etunimi, sukunimi"),
        ((HEADER + ";lempiväri\r\nA;B\r\n").encode(), "tuntemattomia sarakkeita: lempiväri"),
    ]
    for data, message in cases:
        response = _upload(http, data)
        assert response.status_code == 400, message
        assert message in unescape(text(response)), message
    assert _clients() == 2 and events() == []


def test_no_file_is_a_form_error(http, people):
    login(http, people.manager)
    response = post(http, "/clients/import", {})
    assert response.status_code == 400
    assert "Valitse tiedosto." in text(response)


def test_a_too_large_file_gets_the_413_page(http, people):
    login(http, people.manager)
    big = _csv([HEADER] + ["Aino;Mäkinen;;;fi;Kierrätyspaja;x@example.fi;;;kela;"] * 6000)
    assert len(big) > 256 * 1024
    response = _upload(http, big)
    assert response.status_code == 413
    assert "Tiedosto on liian suuri" in text(response)
    assert _clients() == 2


def test_it_needs_csrf(http, people):
    _setup(people)
    login(http, people.manager)
    response = http.post("/clients/import", data={"content": "\r\n".join([HEADER, *_rows(people)])})
    assert response.status_code == 400
    assert _clients() == 2


def test_coaches_kitchen_and_clients_may_not(http, people):
    _setup(people)
    for person in (people.coach, people.kitchen, people.client):
        login(http, person)
        assert http.get("/clients/import").status_code == 403
        assert post(http, "/clients/import", {"content": "\r\n".join([HEADER, *_rows(people)])}).status_code == 403
        post(http, "/logout")
    assert _clients() == 2


def test_anonymous_is_sent_to_login(http, people):
    response = http.get("/clients/import")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_it_rejects_put(http, people):
    login(http, people.manager)
    assert http.put("/clients/import").status_code == 405
