"""GET/POST /clients/import: preview every row's problems, import all or nothing."""
import io
import re
from datetime import date, datetime
from html import unescape

import time_machine
from sqlalchemy import func, select

from tests import factories
from tests.clients.helpers import events, make_diet
from tests.http import csrf_token, login, post, text
from tests.moments import HEL
from webapp.accounts.models import Person
from webapp.clients.models import ClientProfile
from webapp.reference.models import Diet
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


# --- The separator comes from the header line -----------------------------------------------------

def test_a_semicolon_file_with_an_excel_quoted_cell_full_of_commas_imports(http, people):
    """Excel quotes a cell that holds commas or quotes; a sniff of the whole file took the commas
    around such a cell for the separator and refused the file. (The columns may come in any order:
    here the preferred name comes first.)"""
    _setup(people)
    login(http, people.manager)
    names = HEADER.split(";")
    header = ";".join(["kutsumanimi"] + [n for n in names if n != "kutsumanimi"])
    rows = _rows(people)
    lines = [header,
             '"=HYPERLINK(""http://e/"",""K"")";' + rows[0].replace("Aino;Mäkinen;;", "Aino;Mäkinen;"),
             '"Eki, ""Eetu"", E.";' + rows[2].replace("Eero;Östman;;", "Eero;Östman;")]
    preview = _upload(http, _csv(lines, bom=True))
    assert preview.status_code == 200, unescape(text(preview))
    post(http, "/clients/import", {"content": _hidden_content(text(preview))})
    aino = db.session.scalar(select(Person).where(Person.email == "aino@example.fi"))
    assert aino.client.preferred_name == '=HYPERLINK("http://e/","K")'
    eero = db.session.scalar(select(Person).where(Person.last_name == "Östman"))
    assert eero.client.preferred_name == 'Eki, "Eetu", E.'


def test_a_comma_file_is_read_with_commas_whatever_its_cells_hold(http, people):
    _setup(people)
    login(http, people.manager)
    lines = [HEADER.replace(";", ","),
             f'Aino,Mäkinen,"A;B;C;D",aino@example.fi,fi,Kierrätyspaja,{people.coach.email},Helsinki,'
             '"gluteeniton,vegaani",kela,kyllä']
    preview = _upload(http, ("\r\n".join(lines) + "\r\n").encode())
    assert preview.status_code == 200, unescape(text(preview))
    post(http, "/clients/import", {"content": _hidden_content(text(preview))})
    aino = db.session.scalar(select(Person).where(Person.email == "aino@example.fi"))
    assert aino.client.preferred_name == "A;B;C;D"


# --- The payer's start date ---------------------------------------------------------------------------

def test_the_payer_start_column_sets_when_the_payer_starts(http, people):
    _setup(people)
    rows = _rows(people)
    lines = [HEADER + ";maksaja alkaen", rows[0] + ";1.9.2026", rows[1] + ";2026-10-15", rows[2] + ";"]
    with time_machine.travel(datetime(2026, 11, 18, 10, tzinfo=HEL), tick=False):
        login(http, people.manager)
        preview = _upload(http, _csv(lines))
        assert preview.status_code == 200, unescape(text(preview))
        post(http, "/clients/import", {"content": _hidden_content(text(preview))})
    found = {p.last_name: [(a.payer, a.valid_from) for a in p.client.payers]
             for p in db.session.scalars(select(Person).where(Person.last_name.in_(["Mäkinen", "Åberg", "Östman"])))}
    assert found == {"Mäkinen": [("kela", date(2026, 9, 1))], "Åberg": [("municipality", date(2026, 10, 15))],
                     "Östman": [("none", date(2026, 10, 1))]}  # empty: the first day of the previous month


def test_without_the_column_the_payer_starts_on_the_first_day_of_the_previous_month(http, people):
    """Confirmed days before the import must not lose their payer: the default reaches back over the
    month that may still be open."""
    _setup(people)
    with time_machine.travel(datetime(2027, 1, 5, 10, tzinfo=HEL), tick=False):
        login(http, people.manager)
        preview = _upload(http, _csv([HEADER, *_rows(people)]))
        post(http, "/clients/import", {"content": _hidden_content(text(preview))})
    aino = db.session.scalar(select(Person).where(Person.email == "aino@example.fi"))
    assert [(a.payer, a.valid_from) for a in aino.client.payers] == [("kela", date(2026, 12, 1))]


def test_a_bad_payer_start_is_a_problem_of_its_row(http, people):
    _setup(people)
    login(http, people.manager)
    rows = _rows(people)
    lines = [HEADER + ";maksaja_alkaen", rows[0] + ";31.2.2026", rows[1] + ";1.1.1999", rows[2] + ";huomenna"]
    response = _upload(http, _csv(lines))
    assert response.status_code == 400
    page = unescape(text(response))
    assert page.count("Tarkista maksajan alkupäivä") == 3
    assert "”31.2.2026”" in page and "”1.1.1999”" in page and "”huomenna”" in page
    assert _clients() == 2


# --- Diets in words -------------------------------------------------------------------------------------

def test_diets_are_accepted_as_finnish_or_swedish_words_or_codes(http, people):
    _setup(people)
    db.session.add_all([Diet(code="gluten_free", name_fi="Gluteeniton", name_sv="Glutenfri", name_en="Gluten-free"),
                        Diet(code="no_pork", name_fi="Ei sianlihaa", name_sv="Inget fläskkött", name_en="No pork"),
                        Diet(code="vegan_x", name_fi="Vegaaninen", name_sv="Vegansk", name_en="Vegan")])
    db.session.commit()
    login(http, people.manager)
    rows = _rows(people)
    rows[0] = rows[0].replace("gluteeniton|vegaani", "glutenfri, EI SIANLIHAA | vegan_x")
    rows[1] = rows[1].replace(";;;kunta;", ";;Inget fläskkött;kunta;")
    preview = _upload(http, _csv([HEADER, *rows]))
    assert preview.status_code == 200, unescape(text(preview))
    post(http, "/clients/import", {"content": _hidden_content(text(preview))})
    aino = db.session.scalar(select(Person).where(Person.email == "aino@example.fi"))
    assert sorted(d.code for d in aino.client.diets) == ["gluten_free", "no_pork", "vegan_x"]
    bjorn = db.session.scalar(select(Person).where(Person.last_name == "Åberg"))
    assert [d.code for d in bjorn.client.diets] == ["no_pork"]


def test_the_page_lists_the_accepted_diets_in_both_languages(http, people):
    db.session.add(Diet(code="gluten_free", name_fi="Gluteeniton", name_sv="Glutenfri", name_en="Gluten-free"))
    db.session.commit()
    login(http, people.manager)
    page = text(http.get("/clients/import"))
    section = page[page.index('data-testid="diet-values"'):]
    section = section[:section.index("</table>")]
    assert "Gluteeniton" in section and "Glutenfri" in section and "gluten_free" in section
    assert "<code>maksaja alkaen</code>" in page
