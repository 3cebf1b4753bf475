"""CSV import of clients: read, check every row, import all or nothing.

The file is what a Finnish office exports from Excel: UTF-8 with or without a byte order
mark, `;` between columns (`,` works too), a header row with Finnish column names.

- **The separator** is read from the header line alone (column names hold no `;` or `,`), never
  sniffed from the whole file: a cell Excel quoted because it holds commas
  (`"=HYPERLINK(""http://e/"",""K"")"`) must not decide it.
- **The payer's start** (`maksaja alkaen`, optional): when the payer is in force from. Empty or
  no such column: the first day of the previous month (`default_payer_start`), so days already
  recorded in a month that may still be open do not fall outside every payer.
- **Diets** are matched by their code or their Finnish or Swedish name, in any case
  (`diet_words`); the import page lists them.
- **The template** (`template_csv`) has an example row made of this installation's own unit,
  coach, municipality and diet, so it imports as it is.
"""
import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from webapp.accounts.models import Person, Role
from webapp.clients.models import ClientProfile, PayerAssignment
from webapp.reference.models import Diet, Municipality
from webapp.clients.service import record_changes
from webapp.extensions import db
from webapp.units.models import Unit, unit_coach

# (column, what it holds, example), in the order of the template file. The template's example row
# takes the installation's own unit, coach, municipality and diet instead (example_row).
COLUMNS = [
    ("etunimi", _l("Etunimi. Pakollinen."), "Aino"),
    ("sukunimi", _l("Sukunimi. Pakollinen."), "Mäkinen"),
    ("kutsumanimi", _l("Nimi, jolla asiakas haluaa itseään kutsuttavan. Voi jättää tyhjäksi."), "Ainoliina"),
    ("sähköposti", _l("Sähköposti. Voi jättää tyhjäksi. Ei saa olla jo käytössä."), "aino.makinen@example.fi"),
    ("kieli", _l("Asiointikieli: fi, sv tai en. Tyhjä tarkoittaa suomea."), "fi"),
    ("toimipiste", _l("Toimipisteen nimi täsmälleen kuten Läsnässä. Pakollinen."), "Kierrätyspaja"),
    ("omaohjaaja", _l("Omaohjaajan sähköposti. Ohjaajan pitää olla toimipisteen ohjaaja. Pakollinen."),
     "ohjaaja@example.fi"),
    ("kotikunta", _l("Kotikunnan nimi. Voi jättää tyhjäksi."), "Helsinki"),
    ("ruokavaliot", _l("Erityisruokavaliot suomeksi tai ruotsiksi tai koodeina (katso taulukko alla), "
                       "pilkulla tai pystyviivalla (|) erotettuina. Voi jättää tyhjäksi."), ""),
    ("maksaja", _l("Kulukorvauksen maksaja: kela, kunta tai ei. Pakollinen."), "kela"),
    ("maksaja alkaen", _l("Päivä, josta alkaen maksaja on voimassa, esimerkiksi 1.9.2026 tai 2026-09-01. "
                          "Tyhjä tarkoittaa edellisen kuukauden ensimmäistä päivää, jotta jo kirjatut "
                          "päivät saavat maksajan."), ""),
    ("matkakorvaus", _l("Saako asiakas matkakorvausta: kyllä tai ei. Tyhjä tarkoittaa ei."), "ei"),
]
COLUMN_NAMES = [name for name, _text, _example in COLUMNS]
REQUIRED = ("etunimi", "sukunimi", "toimipiste", "omaohjaaja", "maksaja")
ALIASES = {"sahkoposti": "sähköposti", "email": "sähköposti", "ruokavalio": "ruokavaliot",
           "maksaja_alkaen": "maksaja alkaen", "maksajan alkupäivä": "maksaja alkaen",
           "maksaja alkaa": "maksaja alkaen"}
PAYER_CODES = {"kela": "kela", "kunta": "municipality", "ei": "none"}
YES = {"kyllä", "kylla", "k", "kyl", "x", "1"}
NO = {"ei", "e", "0", ""}
MAX_ROWS = 2000
FIRST_DATE, LAST_DATE = date(2000, 1, 1), date(2099, 12, 31)
_FINNISH_DATE = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


class FileProblem(Exception):
    """The file as a whole cannot be read: nothing in it is looked at row by row."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Row:
    number: int  # the line in the file, as Excel numbers it (the header is 1)
    values: dict
    problems: list = field(default_factory=list)
    unit: Unit | None = None
    coach: Person | None = None
    municipality: Municipality | None = None
    diets: list = field(default_factory=list)
    payer: str | None = None
    payer_from: date | None = None
    language: str = "fi"
    travel: bool = False
    email: str | None = None

    @property
    def name(self) -> str:
        return f"{self.values.get('etunimi', '')} {self.values.get('sukunimi', '')}".strip()


def decode(raw: bytes) -> str:
    """The file's text, or FileProblem in plain Finnish."""
    if not raw or not raw.strip():
        raise FileProblem(_("Tiedosto on tyhjä."))
    if b"\x00" in raw[:4096]:
        raise FileProblem(_("Tiedosto ei ole CSV-tiedosto. Tallenna taulukko Excelissä muodossa "
                            "”CSV UTF-8 (pilkuin eroteltu)” ja yritä uudelleen."))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem(_("Tiedoston merkistö ei ole UTF-8, joten ääkköset eivät näkyisi oikein. "
                            "Tallenna taulukko Excelissä muodossa ”CSV UTF-8 (pilkuin eroteltu)” "
                            "ja yritä uudelleen.")) from None


def _delimiter(text: str) -> str:
    """The separator, from the header line only: `;` unless the header has commas and no `;`."""
    header = text.split("\n", 1)[0]
    return "," if "," in header and ";" not in header else ";"


def default_payer_start(today: date) -> date:
    """The payer's start when the file gives none: the first day of the previous month."""
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


def parse_day(text: str) -> date | None:
    """1.9.2026, 01.09.2026 or 2026-09-01 (2000–2099); None for anything else."""
    text = text.strip()
    match = _FINNISH_DATE.fullmatch(text)
    parts = (match[3], match[2], match[1]) if match else None
    if parts is None and (match := _ISO_DATE.fullmatch(text)):
        parts = (match[1], match[2], match[3])
    if parts is None:
        return None
    try:
        day = date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None
    return day if FIRST_DATE <= day <= LAST_DATE else None


def diet_words(diets) -> dict[str, Diet]:
    """Every word a diet is known by in a file, lower case: its code, its Finnish and its Swedish
    name (a code wins over a name, a Finnish name over a Swedish one)."""
    words: dict[str, Diet] = {}
    for attribute in ("name_sv", "name_fi", "code"):
        for diet in diets:
            word = (getattr(diet, attribute) or "").strip().lower()
            if word:
                words[word] = diet
    return words


def accepted_diets() -> list[Diet]:
    """The diets the import knows, for the import page's table."""
    return list(db.session.scalars(select(Diet).order_by(Diet.name_fi, Diet.code)))


def _column(name: str) -> str:
    name = name.strip().strip("\ufeff").lower()
    return ALIASES.get(name, name)


def read_rows(text: str) -> list[Row]:
    """Rows with their raw values; FileProblem when the columns are wrong."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise FileProblem(_("Tiedosto on tyhjä."))
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
        header = [_column(h) for h in next(reader)]
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise FileProblem(_("Tiedostosta puuttuu sarakkeita: %(columns)s. Ensimmäisellä rivillä "
                                "pitää olla sarakkeiden nimet, katso ohje ja mallitiedosto.",
                                columns=", ".join(missing)))
        unknown = [c for c in header if c and c not in COLUMN_NAMES]
        if unknown:
            raise FileProblem(_("Tiedostossa on tuntemattomia sarakkeita: %(columns)s.",
                                columns=", ".join(unknown)))
        doubled = sorted({c for c in header if c and header.count(c) > 1})
        if doubled:
            raise FileProblem(_("Sarake on tiedostossa kahdesti: %(columns)s.", columns=", ".join(doubled)))
        rows = []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise FileProblem(_("Tiedostossa on yli %(count)d riviä. Jaa se pienempiin osiin.",
                                    count=MAX_ROWS))
            values = {c: "" for c in COLUMN_NAMES}
            for name, cell in zip(header, cells):
                if name:
                    values[name] = cell.strip()
            row = Row(number=reader.line_num, values=values)
            if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
                row.problems.append(_("Rivillä on enemmän arvoja kuin sarakkeita."))
            rows.append(row)
    except csv.Error as error:
        raise FileProblem(_("Tiedostoa ei voi lukea CSV-tiedostona (%(error)s).", error=str(error))) from None
    if not rows:
        raise FileProblem(_("Tiedostossa ei ole yhtään asiakasta: vain otsikkorivi."))
    return rows


def check_rows(rows: list[Row], today: date) -> list[Row]:
    """Find every problem of every row, looking up the reference data once for the whole file.
    today: for the payer's default start."""
    units = {u.name.strip().lower(): u for u in db.session.scalars(select(Unit))}
    coaches = {c.email.lower(): c for c in db.session.scalars(
        select(Person).where(Person.role == Role.COACH.value, Person.active, Person.email.is_not(None))
        .options(selectinload(Person.units)))}
    municipalities = {m.name.lower(): m for m in db.session.scalars(select(Municipality))}
    diets = diet_words(db.session.scalars(select(Diet)).all())
    file_emails = {}
    for row in rows:
        email = row.values["sähköposti"].lower()
        if email:
            file_emails.setdefault(email, []).append(row.number)
    taken = set(db.session.scalars(select(func.lower(Person.email)).where(
        func.lower(Person.email).in_(list(file_emails))))) if file_emails else set()

    for row in rows:
        v = row.values
        problems = row.problems
        for column, missing in (("etunimi", _("Etunimi puuttuu.")), ("sukunimi", _("Sukunimi puuttuu."))):
            if not v[column]:
                problems.append(missing)
            elif len(v[column]) > 100:
                problems.append(_("Nimi on liian pitkä (enintään 100 merkkiä)."))
        if len(v["kutsumanimi"]) > 100:
            problems.append(_("Kutsumanimi on liian pitkä (enintään 100 merkkiä)."))

        email = v["sähköposti"].lower()
        if email:
            try:
                row.email = validate_email(email, check_deliverability=False).normalized.lower()
            except EmailNotValidError:
                problems.append(_("Sähköposti ”%(email)s” ei ole kelvollinen.", email=v["sähköposti"]))
            if email in taken:
                problems.append(_("Sähköposti ”%(email)s” on jo käytössä Läsnässä.", email=email))
            if len(file_emails.get(email, ())) > 1:
                problems.append(_("Sähköposti ”%(email)s” on tiedostossa monta kertaa (rivit %(rows)s).",
                                  email=email, rows=", ".join(map(str, file_emails[email]))))

        language = v["kieli"].lower() or "fi"
        if language in ("fi", "sv", "en"):
            row.language = language
        else:
            problems.append(_("Tuntematon kieli ”%(value)s”: käytä fi, sv tai en.", value=v["kieli"]))

        if not v["toimipiste"]:
            problems.append(_("Toimipiste puuttuu."))
        else:
            row.unit = units.get(v["toimipiste"].lower())
            if row.unit is None:
                problems.append(_("Tuntematon toimipiste ”%(value)s”.", value=v["toimipiste"]))

        if not v["omaohjaaja"]:
            problems.append(_("Omaohjaaja puuttuu."))
        else:
            row.coach = coaches.get(v["omaohjaaja"].lower())
            if row.coach is None:
                problems.append(_("Tuntematon omaohjaaja ”%(value)s”: anna ohjaajan sähköposti.",
                                  value=v["omaohjaaja"]))
            elif row.unit is not None and row.unit not in row.coach.units:
                problems.append(_("Omaohjaaja ”%(coach)s” ei ole toimipisteen ”%(unit)s” ohjaaja.",
                                  coach=v["omaohjaaja"], unit=row.unit.name))

        if v["kotikunta"]:
            row.municipality = municipalities.get(v["kotikunta"].lower())
            if row.municipality is None:
                problems.append(_("Tuntematon kotikunta ”%(value)s”.", value=v["kotikunta"]))

        for code in v["ruokavaliot"].replace("|", ",").split(","):
            code = code.strip()
            if not code:
                continue
            diet = diets.get(code.lower())
            if diet is None:
                problems.append(_("Tuntematon ruokavalio ”%(value)s”.", value=code))
            elif diet not in row.diets:
                row.diets.append(diet)

        row.payer = PAYER_CODES.get(v["maksaja"].lower())
        if not v["maksaja"]:
            problems.append(_("Maksaja puuttuu: käytä kela, kunta tai ei."))
        elif row.payer is None:
            problems.append(_("Tuntematon maksaja ”%(value)s”: käytä kela, kunta tai ei.", value=v["maksaja"]))

        if v["maksaja alkaen"]:
            row.payer_from = parse_day(v["maksaja alkaen"])
            if row.payer_from is None:
                problems.append(_("Tarkista maksajan alkupäivä ”%(value)s”: kirjoita päivä muodossa 1.9.2026 "
                                  "tai 2026-09-01 (vuodet 2000–2099).", value=v["maksaja alkaen"]))
        else:
            row.payer_from = default_payer_start(today)

        travel = v["matkakorvaus"].lower()
        if travel in YES:
            row.travel = True
        elif travel not in NO:
            problems.append(_("Matkakorvaus ”%(value)s”: käytä kyllä tai ei.", value=v["matkakorvaus"]))
    return rows


def import_rows(rows: list[Row]) -> list[ClientProfile]:
    """Create a client of every (valid, checked) row, with audit events. The caller commits."""
    assert all(not row.problems for row in rows), "import only a file without problems"
    created = []
    with db.session.no_autoflush:
        for row in rows:
            v = row.values
            person = Person(role=Role.CLIENT.value, first_name=v["etunimi"], last_name=v["sukunimi"],
                            email=row.email, language=row.language)
            profile = ClientProfile(
                person=person, preferred_name=v["kutsumanimi"], home_unit_id=row.unit.id,
                own_coach_id=row.coach.id,
                home_municipality_id=row.municipality.id if row.municipality else None,
                travel_compensation=row.travel, diet_note="")
            profile.diets = list(row.diets)
            payer = PayerAssignment(payer=row.payer, valid_from=row.payer_from)
            profile.payers.append(payer)
            db.session.add(profile)
            record_changes(person, profile, payer, [], True, reason=_("CSV-tuonti"))
            created.append(profile)
    return created


def example_row(today: date) -> list[str]:
    """The template's example row, made to import here: the first active unit (by name) that has
    an active coach with an email, that coach, the first municipality and diet, and the default
    payer start written out. Without them, the example words of COLUMNS."""
    values = {name: example for name, _text, example in COLUMNS}
    pair = db.session.execute(
        select(Unit.name, Person.email).join(unit_coach, unit_coach.c.unit_id == Unit.id)
        .join(Person, Person.id == unit_coach.c.person_id)
        .where(Unit.active, Person.active, Person.role == Role.COACH.value, Person.email.is_not(None))
        .order_by(Unit.name, Person.last_name, Person.first_name, Person.id).limit(1)).first()
    if pair is not None:
        values["toimipiste"], values["omaohjaaja"] = pair
    values["kotikunta"] = db.session.scalar(select(Municipality.name).order_by(Municipality.name).limit(1)) or ""
    diet = db.session.scalar(select(Diet.name_fi).order_by(Diet.name_fi, Diet.code).limit(1))
    values["ruokavaliot"] = diet or ""
    start = default_payer_start(today)
    values["maksaja alkaen"] = f"{start.day}.{start.month}.{start.year}"
    return [values[name] for name in COLUMN_NAMES]


def template_csv(today: date) -> bytes:
    """The template an office fills in Excel: BOM, `;`, the header and one example row that imports."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMN_NAMES)
    writer.writerow(example_row(today))
    return ("\ufeff" + out.getvalue()).encode("utf-8")
