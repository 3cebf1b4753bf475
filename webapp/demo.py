"""Demo data: two units, their staff and a dozen clients, so every screen has something true
to show. `flask demo` loads it once; running it again changes nothing."""
from datetime import time, timedelta
from decimal import Decimal

import click
from flask.cli import with_appcontext

from webapp.accounts.models import Person, Role
from webapp.accounts.passwords import hash_secret
from webapp.clients.models import ClientProfile, Diet, Municipality, PayerAssignment
from webapp.extensions import db
from webapp.lib import clock
from webapp.periods.models import ServicePeriod, ServiceType
from webapp.units.models import Closure, OpeningHours, Unit

MANAGER_EMAIL = "johtaja@example.fi"

# (role, first name, last name, email, password, language, units)
STAFF = [
    (Role.ADMIN, "Marja", "Lindholm", MANAGER_EMAIL, "demo-johtaja-2026", "fi", []),
    (Role.COACH, "Kaisa", "Virtanen", "kaisa.virtanen@example.fi", "demo-ohjaaja-2026", "fi", ["Kierrätyspaja Kiertokulku"]),
    (Role.COACH, "Juha", "Heikkinen", "juha.heikkinen@example.fi", "demo-ohjaaja-2026", "fi", ["Kierrätyspaja Kiertokulku"]),
    (Role.COACH, "Annika", "Sjöberg", "annika.sjoberg@example.fi", "demo-ohjaaja-2026", "sv", ["Puutyöpaja Lastu"]),
    (Role.KITCHEN, "Sari", "Mäkelä", "keittio@example.fi", "demo-keittio-2026", "fi", []),
]

CLIENT_EMAIL = "aino.korhonen@example.fi"
CLIENT_PASSWORD = "demo-asiakas-2026"

# (first, last, preferred, language, unit, coach email, municipality, payer, diets, weekdays, hours, months, travel)
CLIENTS = [
    ("Aino", "Korhonen", "", "fi", 0, "kaisa.virtanen@example.fi", "Helsinki", "kela", ["lactose_free"], (0, 1, 2, 3), "6", 6, True),
    ("Mikko", "Nieminen", "Mikke", "fi", 0, "kaisa.virtanen@example.fi", "Helsinki", "municipality", [], (0, 2, 3), "5", 6, False),
    ("Johanna", "Laine", "Jonna", "fi", 0, "kaisa.virtanen@example.fi", "Vantaa", "kela", ["vegetarian"], (1, 2, 3), "6", 3, True),
    ("Petri", "Hämäläinen", "", "fi", 0, "juha.heikkinen@example.fi", "Helsinki", "kela", [], (0, 1), "4", 6, False),
    ("Sanna", "Koskinen", "", "fi", 0, "juha.heikkinen@example.fi", "Helsinki", "municipality", ["gluten_free"], (0, 1, 2, 3), "7", 12, True),
    ("Ahmed", "Hassan", "", "en", 0, "juha.heikkinen@example.fi", "Helsinki", "kela", ["no_pork"], (1, 3), "6", 6, True),
    ("Tiina", "Järvinen", "", "fi", 0, "kaisa.virtanen@example.fi", "Helsinki", "none", [], (0, 3), "4", 6, False),
    ("Erik", "Lindqvist", "", "sv", 1, "annika.sjoberg@example.fi", "Espoo", "kela", [], (0, 1, 2, 3), "6", 6, True),
    ("Heikki", "Lehtonen", "Hessu", "fi", 1, "annika.sjoberg@example.fi", "Espoo", "municipality", ["milk_free"], (0, 2), "5", 3, False),
    ("Maria", "Saarinen", "", "fi", 1, "annika.sjoberg@example.fi", "Espoo", "kela", ["vegan"], (1, 2, 3), "6", 6, True),
    ("Oskari", "Salo", "Osku", "fi", 1, "annika.sjoberg@example.fi", "Kauniainen", "kela", [], (0, 1, 3), "6", 12, False),
    ("Leila", "Rantanen", "", "fi", 1, "annika.sjoberg@example.fi", "Espoo", "none", ["fish_allergy"], (2,), "4", 6, False),
]

UNITS = [
    ("Kierrätyspaja Kiertokulku", "Teollisuuskatu 21", "00510", "Helsinki", time(11, 15)),
    ("Puutyöpaja Lastu", "Kauppamiehentie 6", "02150", "Espoo", time(11, 45)),
]


def _months_later(day, months: int):
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    for day_of_month in range(day.day, 27, -1):
        try:
            return day.replace(year=year, month=month, day=day_of_month)
        except ValueError:
            continue
    return day.replace(year=year, month=month, day=min(day.day, 28))


def load_demo() -> bool:
    """Load the demo once. Returns False when it is already there."""
    if db.session.scalar(db.select(Person).where(Person.email == MANAGER_EMAIL)):
        return False
    today = clock.today()

    units = []
    for name, street, postal, city, lunch in UNITS:
        unit = Unit(name=name, street_address=street, postal_code=postal, city=city, lunch_time=lunch)
        unit.opening_hours = [OpeningHours(weekday=d, opens=time(8), closes=time(15, 30)) for d in range(5)]
        christmas = today.replace(month=12, day=23) if today.month < 12 or today.day <= 23 else \
            today.replace(year=today.year + 1, month=12, day=23)
        unit.closures = [Closure(starts_on=christmas, ends_on=christmas + timedelta(days=14),
                                 reason="Joulutauko")]
        db.session.add(unit)
        units.append(unit)
    by_name = {u.name: u for u in units}

    staff = {}
    for role, first, last, email, password, language, unit_names in STAFF:
        person = Person(first_name=first, last_name=last, email=email, password_hash=hash_secret(password),
                        role=role.value, language=language)
        person.units = [by_name[n] for n in unit_names]
        db.session.add(person)
        staff[email] = person

    municipalities = {}
    for *_, municipality, _payer, _diets, _days, _hours, _months, _travel in CLIENTS:
        if municipality not in municipalities:
            municipalities[municipality] = db.session.scalar(
                db.select(Municipality).where(Municipality.name == municipality)
            ) or Municipality(name=municipality)
    diets = {d.code: d for d in db.session.scalars(db.select(Diet))}
    kinds = {k.code: k for k in db.session.scalars(db.select(ServiceType))}
    if not kinds:
        raise click.ClickException("no service types: run `flask db upgrade` first")

    for i, (first, last, preferred, language, unit_index, coach_email, municipality, payer, diet_codes,
            weekdays, hours, months, travel) in enumerate(CLIENTS):
        is_demo_client = first == "Aino"
        person = Person(first_name=first, last_name=last, role=Role.CLIENT.value, language=language,
                        email=CLIENT_EMAIL if is_demo_client else None,
                        password_hash=hash_secret(CLIENT_PASSWORD) if is_demo_client else None)
        unit = units[unit_index]
        profile = ClientProfile(person=person, preferred_name=preferred, home_unit=unit,
                                own_coach=staff[coach_email], home_municipality=municipalities[municipality],
                                travel_compensation=travel, diets=[diets[c] for c in diet_codes if c in diets])
        profile.payers = [PayerAssignment(payer=payer, valid_from=today - timedelta(days=400))]
        starts_on = today - timedelta(days=7 * (3 + i % 8))
        kind = kinds.get("social_rehabilitation" if payer == "none" else ("work" if i % 3 else "participation"))
        period = ServicePeriod(
            client=profile, unit=unit, starts_on=starts_on,
            ends_on=_months_later(starts_on, months) - timedelta(days=1),
            hours_per_day=Decimal(hours), service_type=kind, mode="hybrid" if i == 3 else "on_site",
            referral_plan_type="multi_professional" if i % 4 == 0 else "activation",
            referral_plan_date=starts_on - timedelta(days=21),
            orderer=municipalities[municipality],
        )
        period.weekdays = weekdays
        db.session.add_all([person, profile, period])
    db.session.commit()
    return True


@click.command("demo")
@with_appcontext
def demo_command():
    """Load demo data once (idempotent)."""
    if load_demo():
        click.echo(f"demo: loaded {len(UNITS)} units, {len(STAFF)} staff and {len(CLIENTS)} clients")
    else:
        click.echo("demo: already loaded, nothing changed")
