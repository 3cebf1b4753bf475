"""Demo data: two units, their staff and a dozen clients, so every screen has something true
to show. `flask demo` loads it once; running it again changes nothing.

History starts on the first day of the month two months back (`history_start`): those two full
months are decided to the last day and closed, with one later correction waiting as an
adjustment; the current month is open, its last days left for the coaches' day board."""
import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import click
from flask.cli import with_appcontext

from webapp import audit
from webapp.accounts.models import Person, Role
from webapp.accounts.passwords import hash_secret
from webapp.approvals import decisions
from webapp.lib.dates import shift_month
from webapp.checkin.flags import iso_week, recompute_week
from webapp.checkin.models import ActivityDay, Flag, Kind, Method, Outcome, Scan, Status
from webapp.certificates import rules as certificates
from webapp.clients import hetu
from webapp.clients.models import ClientProfile, PayerAssignment
from webapp.lib.fi_ids import hetu_for, parse_hetu
from webapp.reference.models import Diet, Municipality, Organisation
from webapp.diary.models import DiaryActivity, DiaryEntry, DiaryRead, DiaryReply, DiarySubmission, UnitActivity
from webapp.extensions import db
from webapp.goals import documents, prefill
from webapp.goals import rules as goal_rules
from webapp.goals.models import Evaluation, Goal, GoalScore, GoalVersion
from webapp.guidance.models import GuidanceSession
from webapp.kiosks import device
from webapp.lib import clock
from webapp.lunch.models import LunchServed
from webapp.money import close, compensation
from webapp.money.models import DayPrice, KelaReport
from webapp.reference.models import ServiceType
from webapp.clients.models import ServicePeriod
from webapp.lib.dates import add_months
from webapp.reports import kela
from webapp.units.models import Closure, OpeningHours, Unit
from webapp.skills import rules as skill_rules
from webapp.skills.models import QualificationUnit, Skill, Training, TrainingKind
from webapp.wellbeing import rules as wellbeing
from webapp.wellbeing.models import SelfAssessment

MANAGER_EMAIL = "johtaja@example.fi"
KITCHEN_EMAIL = "keittio@example.fi"

# (role, first name, last name, email, password, language, units)
STAFF = [
    (Role.ADMIN, "Marja", "Lindholm", MANAGER_EMAIL, "demo-johtaja-2026", "fi", []),
    (Role.COACH, "Kaisa", "Virtanen", "kaisa.virtanen@example.fi", "demo-ohjaaja-2026", "fi", ["Kierrätyspaja Kiertokulku"]),
    (Role.COACH, "Juha", "Heikkinen", "juha.heikkinen@example.fi", "demo-ohjaaja-2026", "fi", ["Kierrätyspaja Kiertokulku"]),
    (Role.COACH, "Annika", "Sjöberg", "annika.sjoberg@example.fi", "demo-ohjaaja-2026", "sv", ["Puutyöpaja Lastu"]),
    (Role.KITCHEN, "Sari", "Mäkelä", KITCHEN_EMAIL, "demo-keittio-2026", "fi", []),
]

CLIENT_EMAIL = "aino.korhonen@example.fi"
CLIENT_PASSWORD = "demo-asiakas-2026"
CLIENT_PIN = "4071"  # every demo client's PIN at the kiosk
CLOSED_MONTHS = 2  # the full months before the current one: decided and closed


def history_start(today):
    """The first day of the demo's history: the first day of the month CLOSED_MONTHS back."""
    return shift_month(today, -CLOSED_MONTHS)

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
    ("Ville", "Mattila", "", "fi", 0, "kaisa.virtanen@example.fi", "Helsinki", "municipality", [], (0, 1, 2), "6", 6, False),
    ("Kirsi", "Heinonen", "", "fi", 1, "annika.sjoberg@example.fi", "Espoo", "municipality", ["vegetarian"], (1, 2, 3), "5", 6, True),
]

# Two clients whose period has ended: each moved on early, to what the final evaluation records.
# first name: (next step code, why the period ended before its planned end, her own words about it)
FINISHED = {
    "Ville": ("work_trial", "Siirtyi työkokeiluun kaupan alalle.", "Pääsen kokeilemaan työtä kaupassa."),
    "Kirsi": ("education", "Aloitti ammatillisen koulutuksen.", "Aloitan opiskelun puuseppälinjalla."),
}
FINISHED_AGO = 10  # days from the last day of a finished period to today, at least

# The provider that runs the demo (on Kela's reports, the invoice basis and the certificates).
ORGANISATION = dict(name="Polku-työpajat ry", business_id="1234567-1", street_address="Pajakatu 3",
                    postal_code="00510", city="Helsinki", phone="09 123 4567", email="toimisto@polku.example.fi")

UNITS = [
    ("Kierrätyspaja Kiertokulku", "Teollisuuskatu 21", "00510", "Helsinki", time(11, 15)),
    ("Puutyöpaja Lastu", "Kauppamiehentie 6", "02150", "Espoo", time(11, 45)),
]


def _attendance(clients: list[ClientProfile], today) -> int:
    """Months of ordinary history (from `history_start`): most planned days attended, a few
    short or unplanned ones, lunch mostly yes; today, the early birds are already in.
    Deterministic."""
    rng = random.Random(2026)
    now = clock.now()
    methods = [Method.BADGE, Method.PHONE, Method.PIN]
    weeks = set()
    count = 0
    for client in clients:
        period = client.periods[0]
        unit = client.home_unit
        first = max(period.starts_on, history_start(today))
        for offset in range((today - first).days + 1):
            day = first + timedelta(days=offset)
            planned = period.is_planned_on(day) and not unit.is_closed_on(day)
            extra = not planned and period.is_active_on(day) and not unit.is_closed_on(day) and rng.random() < 0.03
            if not (planned and rng.random() < 0.88) and not extra:
                continue
            arrive = datetime.combine(day, time(8), clock.HELSINKI) + timedelta(minutes=rng.randint(0, 55))
            hours = float(period.hours_per_day) + rng.uniform(0.05, 0.75)
            if rng.random() < 0.05:
                hours = rng.uniform(2.5, 3.8)  # left early: the coach will look at it
            leave = arrive + timedelta(hours=hours)
            if arrive > now:
                continue
            method = methods[(client.person_id + offset) % 3]
            record = ActivityDay(client=client, unit=unit, day=day, check_in_at=arrive, check_in_method=method,
                                 lunch=rng.random() < 0.85, mood=rng.choice([None, 3, 4, 4, 5, 2]))
            scans = [Scan(key=f"demo:{client.person_id}:{day}:in", unit_id=unit.id, client=client, method=method,
                          scanned_at=arrive, received_at=arrive, outcome=Outcome.CHECKED_IN.value, day=record)]
            if leave <= now:
                record.check_out_at, record.check_out_method = leave, method
                scans.append(Scan(key=f"demo:{client.person_id}:{day}:out", unit_id=unit.id, client=client,
                                  method=method, scanned_at=leave, received_at=leave,
                                  outcome=Outcome.CHECKED_OUT.value, day=record))
            db.session.add_all([record, *scans])
            weeks.add((client.person_id, iso_week(day)[0]))
            count += 1
    db.session.flush()
    for client_id, monday in weeks:
        recompute_week(client_id, monday)
    return count


UNIT_ACTIVITIES = [
    ["Lajittelu", "Korjaus", "Myymälä", "Kahvila", "Ulkoilu", "Ryhmä"],
    ["Puutyöt", "Maalaus", "Siivous", "Ruoanlaitto", "Ulkoilu", "Ryhmä"],
]

# A few things people write, by language: (went well, was hard, to the coach). Short and ordinary.
DIARY_TEXTS = {
    "fi": [("Sain hyllyn valmiiksi.", "", ""), ("Kahvitauko porukan kanssa.", "Aamulla oli vaikea lähteä.", ""),
           ("", "Nukuin huonosti.", "Voisinko tulla huomenna vasta kymmeneksi?"),
           ("Lounas oli hyvää.", "", ""), ("Opin käyttämään hiomakonetta.", "Melu väsytti.", ""),
           ("", "", "Kiitos eilisestä juttutuokiosta.")],
    "sv": [("Jag blev klar med hyllan.", "", ""), ("Fikat med gänget.", "Det var svårt att komma i väg.", ""),
           ("", "Jag sov dåligt.", "Kan vi prata om mina timmar?")],
    "en": [("Finished the shelf.", "", ""), ("Coffee break with the group.", "Hard to get going this morning.", ""),
           ("", "Slept badly.", "Can we talk about my hours?")],
}
COACH_REPLIES = ["Hienoa, että sait sen valmiiksi!", "Kiitos kun kerroit. Jutellaan huomenna.",
                 "Hyvä kuulla. Muista pitää taukoja."]


def _diary(clients: list[ClientProfile], units: list[Unit], today) -> int:
    """Unit chips, and diary entries on most attended days: some shared, a few answered by the
    own coach, and the coach's reads in the access log. Deterministic."""
    rng = random.Random(703)
    for unit, labels in zip(units, UNIT_ACTIVITIES):
        db.session.add_all([UnitActivity(unit=unit, label=label, position=i) for i, label in enumerate(labels)])
    count = 0
    for client in clients:
        keen = client.person.email == CLIENT_EMAIL
        texts = DIARY_TEXTS.get(client.person.language, DIARY_TEXTS["fi"])
        labels = UNIT_ACTIVITIES[units.index(client.home_unit)]
        days = db.session.scalars(db.select(ActivityDay).where(ActivityDay.client_id == client.person_id)
                                  .order_by(ActivityDay.day))
        for record in days:
            if record.day == today or rng.random() > (0.9 if keen else 0.5):
                continue
            went_well, was_hard, to_coach = rng.choice(texts) if rng.random() < 0.6 else ("", "", "")
            shared = rng.random() < (0.45 if keen else 0.3)
            written = record.check_in_at + timedelta(hours=rng.uniform(2, 7))
            entry = DiaryEntry(client=client, day=record.day, mood=record.mood or rng.choice([2, 3, 4, 4, 5]),
                               energy=rng.choice([None, 2, 3, 3, 4, 5]), went_well=went_well, was_hard=was_hard,
                               to_coach=to_coach, shared=shared, created_at=written, updated_at=written,
                               activities=[DiaryActivity(label=label, position=i)
                                           for i, label in enumerate(rng.sample(labels, rng.randint(0, 2)))])
            db.session.add(entry)
            db.session.flush()
            db.session.add(DiarySubmission(key=f"demo:{entry.id}", client_id=client.person_id, entry_id=entry.id,
                                           received_at=written))
            if shared and client.own_coach is not None:
                read_at = written + timedelta(hours=rng.uniform(1, 20))
                db.session.add(DiaryRead(client_id=client.person_id, entry=entry, reader=client.own_coach,
                                         read_at=read_at, place="diary_list"))
                if (to_coach or went_well) and rng.random() < 0.5:
                    db.session.add(DiaryReply(entry_id=entry.id, author=client.own_coach, text=rng.choice(COACH_REPLIES),
                                              created_at=read_at + timedelta(minutes=3)))
            count += 1
    return count


GUIDANCE_NOTES = ["Tavoitteiden läpikäynti.", "Juttelimme jaksamisesta ja päivärytmistä.",
                  "Työllistymissuunnitelman tarkistus.", ""]


def _guidance(clients: list[ClientProfile], today) -> int:
    """Individual guidance in the last months: most clients on track, a few behind. Deterministic."""
    rng = random.Random(6)
    count = 0
    for i, client in enumerate(clients):
        for n in range(i % 5):  # 0–4 sessions: the ones with few are behind
            day = today - timedelta(days=5 + 17 * n + rng.randint(0, 6))
            if not client.periods[0].is_active_on(day):
                continue
            db.session.add(GuidanceSession(
                client_id=client.person_id, unit_id=client.home_unit.id, coach_id=client.own_coach.id,
                day=day, minutes=rng.choice([45, 60, 60, 90, 120]), kind="social" if n == 3 else "individual",
                note=rng.choice(GUIDANCE_NOTES), created_by_id=client.own_coach.id))
            count += 1
    return count


# Goals as clients say them: (goal, the expected result, somewhat better, somewhat weaker).
GOALS = [
    ("Jaksan tulla paikalle sovittuina päivinä.", "Tulen kaikkina sovittuina päivinä kuukauden ajan.",
     "Tulen myös yhtenä lisäpäivänä viikossa.", "Jään pois kerran viikossa."),
    ("Opin käyttämään kassakonetta.", "Hoidan kassaa tunnin ohjaajan kanssa.", "Hoidan kassaa tunnin yksin.",
     "Katson, kun toinen hoitaa kassaa."),
    ("Syön lounaan muiden kanssa.", "Syön ruokalassa kahtena päivänä viikossa.", "Syön ruokalassa joka päivä.",
     "Syön ruokalassa kerran viikossa."),
    ("Herään aamulla ajoissa ilman apua.", "Olen paikalla klo 8.30 neljänä aamuna viidestä.",
     "Olen paikalla ajoissa joka aamu.", "Olen paikalla ajoissa kahtena aamuna."),
    ("Selvitän, mikä ala minua kiinnostaa.", "Käyn tutustumassa kahteen työpaikkaan.",
     "Haen työkokeilupaikkaa.", "Luen kahden alan esittelyt."),
]


DEMO_PLAN = ("Työtehtävät pajalla: lajittelu, hinnoittelu ja kassa ohjaajan tuella.",
             "Asiakas valitsee tehtävänsä viikkopalaverissa; tavoitteet on kirjoitettu hänen sanoin.",
             "Sovitut päivät ja tunnit; niitä lisätään, kun asiakas jaksaa.",
             "Omatyöntekijä kunnan sosiaalityöstä; väliarviointi yhdessä.")


def _goals(clients: list[ClientProfile], today) -> int:
    """Two or three goals for each client, written when the period started; an interim evaluation
    six weeks in for those who have been there that long. Deterministic."""
    rng = random.Random(15)
    count = 0
    for i, client in enumerate(clients):
        period, coach = client.periods[0], client.own_coach
        written = datetime.combine(period.starts_on, time(10), tzinfo=clock.HELSINKI)
        goals = []
        for n in range(2 + i % 2):
            text, expected, better, weaker = GOALS[(i + n) % len(GOALS)]
            goal = Goal(period=period, created_by_id=coach.id, created_at=written)
            goal.versions = [GoalVersion(number=1, text=text, level_0=expected, level_plus_1=better,
                                         level_minus_1=weaker, starting_level=-1, weight=2 if n == 0 and i % 4 == 0 else 1,
                                         created_by_id=coach.id, created_at=written)]
            db.session.add(goal)
            goals.append(goal)
        plan = documents.start(period, "plan", coach)
        plan.contents = {"measures": DEMO_PLAN[0], "participation": DEMO_PLAN[1], "intensity": DEMO_PLAN[2],
                         "team": "", "partners": DEMO_PLAN[3]}
        plan.created_at = plan.signed_at = written
        plan.signed_by_id = coach.id
        plan.next_evaluation_on = period.starts_on + timedelta(weeks=6)
        held_on = min(period.starts_on + timedelta(weeks=6), period.ends_on - timedelta(days=7))
        if held_on < today:
            evaluation = Evaluation(period=period, held_on=held_on, created_by_id=coach.id,
                                    created_at=datetime.combine(held_on, time(14), tzinfo=clock.HELSINKI))
            evaluation.scores = [GoalScore(version=goal.versions[0], level=rng.choice([-1, 0, 0, 0, 1]))
                                 for goal in goals]
            db.session.add(evaluation)
            interim = documents.start(period, "interim", coach)
            interim.contents = {"provider_view": "Tavoitteet etenevät; päivät ovat vakiintuneet.",
                                "client_view": "Työ tuntuu mielekkäältä.", "continuation": "Jatketaan sovitusti."}
            interim.created_at = interim.signed_at = evaluation.created_at
            interim.signed_by_id = coach.id
            interim.evaluation = evaluation
            interim.next_evaluation_on = min(period.ends_on, held_on + timedelta(weeks=12))
        count += len(goals)
    return count


def _finished(clients: list[ClientProfile], today) -> int:
    """The two finished periods end well: a final evaluation on the last day that scores every goal,
    the signed final evaluation document with the next step, and the client's WHO-5 at the end."""
    who5 = wellbeing.instrument(wellbeing.WHO5)
    steps = {step.code: step for step in documents.next_steps()}
    count = 0
    for client in clients:
        if client.person.first_name not in FINISHED:
            continue
        step_code, why, own_words = FINISHED[client.person.first_name]
        period, coach = client.periods[0], client.own_coach
        held_on = period.ends_on
        at = datetime.combine(held_on, time(13), tzinfo=clock.HELSINKI)
        goals = goal_rules.active(goal_rules.goals_of(period))
        evaluation = Evaluation(period=period, kind="final", held_on=held_on, created_by_id=coach.id, created_at=at)
        evaluation.scores = [GoalScore(version=goal.current, level=1 if n == 0 else 0) for n, goal in enumerate(goals)]
        db.session.add(evaluation)
        final = documents.start(period, "final", coach)
        final.contents = {"situation": f"{why} Päivät sujuivat ja jaksaminen parani jakson aikana.",
                          "realisation": "Tavoitteet saavutettiin odotetusti, ensimmäinen odotettua paremmin.",
                          "client_view": own_words}
        final.next_step_id = steps[step_code].id if step_code in steps else None
        final.created_at = final.signed_at = at + timedelta(minutes=30)
        final.signed_by_id = coach.id
        final.evaluation = evaluation
        if who5 is not None:
            wording = wellbeing.wording(who5, client.person.language)
            values = [4, 3, 4, 3, 4]
            raw, score = who5.score_of(values)
            db.session.add(SelfAssessment(client_id=client.person_id, period_id=period.id, instrument_id=who5.id,
                                          wording_id=wording.id, occasion="end", answers=values, raw=raw, score=score,
                                          answered_at=at - timedelta(hours=3)))
        count += 1
    return count


# Skills shown in work tasks: (skill in plain words, the work task, the qualification unit's name or None)
SKILLS = [
    ("Annostelee pesuaineen ohjeen mukaan", "Myymälän ja taukotilan siivous", "Ylläpitosiivous"),
    ("Lajittelee lahjoitukset myyntiin, kierrätykseen ja jätteeseen", "Lajittelu", None),
    ("Palvelee asiakkaita kassalla ja laskee kassan", "Myymälän kassa", None),
    ("Käyttää lattianhoitokonetta turvallisesti", "Myymälän lattioiden hoito", "Perussiivouspalvelut"),
    ("Hioo ja öljyää huonekalun ohjeen mukaan", "Huonekalujen kunnostus", None),
]
# Card trainings: (training kind code, how long ago it was completed, in days)
TRAININGS = [("hygiene_passport", 40), ("first_aid_ea1", 3 * 365 - 30), ("occupational_safety_card", 5 * 365 + 60)]


def _skills(clients: list[ClientProfile], today) -> int:
    """Skills for the two finished clients and three others, most mapped to a qualification unit;
    one skill corrected and one removed, each with its reason; card trainings, one of them soon to
    expire and one expired. The coaches recorded them (audited, as the skills pages do)."""
    units = {unit.name: unit for unit in db.session.scalars(db.select(QualificationUnit))}
    kinds = {kind.code: kind for kind in db.session.scalars(db.select(TrainingKind))}
    chosen = [c for c in clients if c.person.first_name in FINISHED] + \
        [c for c in clients if c.person.first_name in ("Aino", "Sanna", "Erik")]
    count = 0
    for i, client in enumerate(chosen):
        period, coach = client.periods[0], client.own_coach
        last = min(period.ends_on, today - timedelta(days=1))
        for n in range(3 + i % 3):
            text, task, unit_name = SKILLS[(i + n) % len(SKILLS)]
            shown_on = max(period.starts_on, last - timedelta(days=9 * (n + 1)))
            skill = Skill(client_id=client.person_id, text=text, task=task, shown_on=shown_on,
                          qualification_unit_id=units[unit_name].id if unit_name in units else None,
                          created_by_id=coach.id, created_at=datetime.combine(shown_on, time(14), tzinfo=clock.HELSINKI))
            db.session.add(skill)
            audit.record(skill, "create", actor=coach)
            count += 1
        if i == 2:  # the demo client: one corrected, one removed
            before = skill.task
            skill.task = f"{before} ja hinnoittelu"
            audit.record(skill, "correct", reason="Työtehtävä tarkennettu asiakkaan kanssa.", actor=coach,
                         changes={"task": [before, skill.task]})
            wrong = Skill(client_id=client.person_id, text="Ajaa trukkia", task="Varasto", shown_on=last,
                          created_by_id=coach.id, removed_at=clock.now() - timedelta(days=1), removed_by_id=coach.id,
                          removed_reason="Kirjattu väärälle asiakkaalle.")
            db.session.add(wrong)
            audit.record(wrong, "remove", reason=wrong.removed_reason, actor=coach)
        for code, ago in TRAININGS[: 1 + i % 3]:
            kind = kinds.get(code)
            if kind is None:
                continue
            completed_on = today - timedelta(days=ago)
            training = Training(client_id=client.person_id, kind_id=kind.id, completed_on=completed_on,
                                expires_on=skill_rules.expiry_for(kind, completed_on), note="", created_by_id=coach.id)
            db.session.add(training)
            audit.record(training, "create", actor=coach)
    return count


def _freeze_signed_documents(periods: list[ServicePeriod]) -> None:
    """Each signed document keeps the figures of its own day, as signing does (after the days are
    decided, so the figures are the ones the coach saw then)."""
    db.session.flush()
    for period in periods:
        for document in documents.documents_of(period):
            if document.signed_at is not None:
                prefill.freeze(document, clock.to_local(document.signed_at).date())


# What a client did in each unit, as a coach writes it on a certificate with her
WORK_TASKS = {
    "Kierrätyspaja Kiertokulku": "Lahjoitusten lajittelu ja hinnoittelu\nMyymälän kassa ja asiakaspalvelu\n"
                                 "Pienten kodinkoneiden korjaus ohjaajan kanssa",
    "Puutyöpaja Lastu": "Huonekalujen kunnostus: hionta, maalaus ja öljyäminen\nTyötilan siivous ja koneiden huolto\n"
                        "Lounaan valmistus vuorollaan",
}


def _certificates(clients: list[ClientProfile], today) -> int:
    """The two finished clients asked for their certificate of participation, with their skills and
    trainings on it; their coach issued it a few days after the last day."""
    count = 0
    for client in clients:
        if client.person.first_name not in FINISHED:
            continue
        period, coach = client.periods[0], client.own_coach
        language = client.person.language
        certificate = certificates.issue(period, coach, today, work_tasks=WORK_TASKS[client.home_unit.name],
                                         language=language, include_skills=True,
                                         skills=certificates.skills_to_print(period, language))
        certificate.issued_at = min(clock.now(), datetime.combine(period.ends_on + timedelta(days=3), time(10),
                                                                  tzinfo=clock.HELSINKI))
        audit.record(certificate, "create", actor=coach)
        count += 1
    return count


def _wellbeing(clients: list[ClientProfile], today) -> int:
    """WHO-5 answers: one in each period's first week, and another six weeks in for those who have
    been there that long; a few lately under 50, so a coach sees the prompt to talk. The newest
    clients have not answered yet (their home page asks them). Deterministic."""
    who5 = wellbeing.instrument(wellbeing.WHO5)
    if who5 is None:
        return 0
    rng = random.Random(5)
    count = 0
    for i, client in enumerate(clients):
        period = client.periods[0]
        wording = wellbeing.wording(who5, client.person.language)
        low = i % 5 == 2
        if today - period.starts_on < timedelta(weeks=4):
            continue  # she has not answered yet: her home page asks her to
        for weeks in (0, 6):
            day = period.starts_on + timedelta(weeks=weeks, days=2)
            if day >= today - timedelta(days=1):
                continue
            values = [rng.randint(1, 2) if low and weeks else rng.randint(2, 4) for _ in range(who5.items)]
            raw, score = who5.score_of(values)
            db.session.add(SelfAssessment(client_id=client.person_id, period_id=period.id, instrument_id=who5.id,
                                          wording_id=wording.id, occasion="start" if weeks == 0 else "other",
                                          answers=values, raw=raw, score=score,
                                          answered_at=datetime.combine(day, time(9, 30), tzinfo=clock.HELSINKI)))
            count += 1
    return count


ABSENCE_WEIGHTS = [("own_illness", 50), ("child_illness", 8), ("job_interview", 15), ("office_of_trust", 4),
                   ("other", 23)]
ABSENCE_NOTES = ["Soitti aamulla.", "Ilmoitti tekstiviestillä.", "", "", "Kertoi edellisenä päivänä."]


def _decisions(clients: list[ClientProfile], today) -> None:
    """What the coaches have done with the past days: most missed planned days are absences
    with a reason, a few were remote days; every day before yesterday is decided (the flagged
    ones with a reason, or not counted). Yesterday and today are left for the demo's day board,
    unless yesterday belongs to a month to close; only the current two-week period has planned
    days nobody has recorded yet. Deterministic; every decision leaves its audit event."""
    rng = random.Random(189)
    reasons, weights = zip(*ABSENCE_WEIGHTS)
    open_from = max(today - timedelta(days=1), today.replace(day=1))
    gaps_from = max(today.replace(day=1), kela.period_of(today)[0])
    for client in clients:
        period, unit, coach = client.periods[0], client.home_unit, client.own_coach
        recorded = {d.day: d for d in db.session.scalars(
            db.select(ActivityDay).where(ActivityDay.client_id == client.person_id))}
        first = max(period.starts_on, history_start(today))
        for offset in range((today - first).days):
            day = first + timedelta(days=offset)
            if day in recorded or not period.is_planned_on(day) or unit.is_closed_on(day):
                continue
            if rng.random() < 0.15:
                decisions.record_remote(client, unit, day, rng.choice([240, 270, 300, 360]), coach,
                                        note="Etätehtävä: työnhakuharjoitus.", reason="Sovittu etäpäivä.")
            elif rng.random() < 0.85 or day < gaps_from:
                decisions.record_absence(client, unit, day, rng.choices(reasons, weights)[0], coach,
                                         note=rng.choice(ABSENCE_NOTES))
        for day, record in sorted(recorded.items()):
            if day >= open_from:
                continue
            if decisions.can_confirm(record):
                decisions.confirm(record, coach)
            elif record.flags & Flag.SHORT_DAY and rng.random() < 0.5:
                decisions.confirm_anyway(record, coach, "Lyhyempi päivä sovittu tilaajan kanssa.")
            elif record.flags & Flag.SHORT_DAY:
                decisions.mark_not_counted(record, coach, "Lähti kesken aamupäivän, ei osallistunut toimintaan.")
            else:
                decisions.confirm_anyway(record, coach, "Korvaava päivä, sovittu asiakkaan kanssa.")
    db.session.flush()


# Euros a day per service type that every orderer pays; Helsinki raised its work-oriented price
# from 62 € to 65 € at the start of last month (a price change is a new row from its date).
DAY_PRICES = {"work": 6200, "participation": 5800, "social_rehabilitation": 5400}
PRICE_RAISE = ("Helsinki", "work", 6500)


def _day_prices(periods: list[ServicePeriod], today, manager: Person) -> int:
    """A day price for every orderer and service type the demo's periods use, from well before
    the history; one raise at the start of last month. The manager added them (audited, as the
    price screen does, so it shows who)."""
    since = date(history_start(today).year - 1, 1, 1)
    pairs = sorted({(p.orderer, p.service_type) for p in periods}, key=lambda pair: (pair[0].name, pair[1].code))
    prices = [DayPrice(orderer=orderer, service_type=kind, valid_from=since, price_cents=DAY_PRICES[kind.code])
              for orderer, kind in pairs]
    town, code, raised = PRICE_RAISE
    prices += [DayPrice(orderer=orderer, service_type=kind, valid_from=shift_month(today, -1), price_cents=raised)
               for orderer, kind in pairs if (orderer.name, kind.code) == (town, code)]
    db.session.add_all(prices)
    for price in prices:
        audit.record(price, "create", actor=manager)
    return len(prices)


def _close_months(units: list[Unit], manager: Person, today) -> None:
    """The office closes the demo's full months in order, then corrects one day of the latest:
    the difference waits as an adjustment for the current month's close."""
    for unit in units:
        for n in range(CLOSED_MONTHS, 0, -1):
            month = shift_month(today, -n)
            try:
                close.close_month(unit, month, manager)
            except close.CloseError as error:
                left = ", ".join(f"{m.kind} {m.client_id or ''} {m.day or ''}".strip()
                                 for m in close.missing(unit, month)[:5])
                raise click.ClickException(f"demo: cannot close {unit.name} {month:%Y-%m}: {error.message} ({left})")
    db.session.flush()
    first, last = compensation.month_bounds(shift_month(today, -1))
    paid = {line.day_id for line in compensation.lines(first, last)}
    days = db.session.scalars(db.select(ActivityDay).where(ActivityDay.day.between(first, last),
                                                           ActivityDay.kind != Kind.ABSENT.value)
                              .order_by(ActivityDay.day.desc(), ActivityDay.id)).all()
    opened_first = min(units, key=lambda u: u.name).id  # the unit /money/close opens with
    # A short day left uncounted was agreed with the orderer after all; failing that, a remote
    # day whose task never came back does not count (or any paid day, in a very thin month).
    choices = [
        (lambda d: d.status == Status.NOT_COUNTED and d.client.payers[0].payer != "none", True,
         "Tilaaja vahvisti jälkikäteen, että lyhyempi päivä oli sovittu."),
        (lambda d: d.id in paid and d.kind == Kind.REMOTE.value, False,
         "Etätehtävää ei palautettu: päivää ei lasketa."),
        (lambda d: d.id in paid, False, "Tilaaja ei hyväksynyt päivää: ei lasketa."),
    ]
    for place in ([d for d in days if d.unit_id == opened_first], days):
        for fits, counted, reason in choices:
            day = next((d for d in place if fits(d)), None)
            if day is not None:
                decisions.correct_closed_day(day, manager, counted, reason)
                return


def _kela_reports(clients: list[ClientProfile], manager: Person, today) -> int:
    """The office has sent Kela every ended two-week period's absence report of its Kela
    clients but the latest; two of those are printed, waiting to be sent."""
    latest = kela.latest_ended(today)
    count = 0
    printed = 0
    for client in clients:
        if client.payers[0].payer != "kela":
            continue
        for start, end in kela.periods_between(client.periods[0].starts_on, kela.period_of(latest)[1]):
            produced = min(datetime.combine(end + timedelta(days=1), time(10, 5), clock.HELSINKI), clock.now())
            if start == latest and printed >= 2:
                continue
            row = KelaReport(client_id=client.person_id, period_start=start, period_end=end,
                             produced_at=produced, produced_by_id=manager.id)
            if start == latest:
                printed += 1
            else:
                row.sent_at, row.sent_by_id = produced + timedelta(minutes=25), manager.id
            db.session.add(row)
            audit.record(row, "kela_report_sent" if row.sent_at else "kela_report_produced", actor=manager)
            count += 1
    return count


def _lunch_served(units: list[Unit], kitchen: Person, today) -> int:
    """The kitchen's served counts from the start of last month to the day before yesterday:
    mostly the confirmed lunches, now and then one less, or one more (a warning to look at)."""
    rng = random.Random(1130)
    first, last = shift_month(today, -1), today - timedelta(days=2)
    count = 0
    for unit in units:
        finals = dict(db.session.execute(
            db.select(ActivityDay.day, db.func.count())
            .where(ActivityDay.unit_id == unit.id, ActivityDay.day.between(first, last),
                   ActivityDay.kind == Kind.ONSITE.value, ActivityDay.lunch.is_(True),
                   ActivityDay.status == Status.CONFIRMED.value)
            .group_by(ActivityDay.day)).all())
        for day, lunches in sorted(finals.items()):
            served = lunches + rng.choices([0, -1, 1], [86, 8, 6])[0]
            row = LunchServed(unit_id=unit.id, day=day, served=max(served, 0), recorded_by_id=kitchen.id,
                              recorded_at=datetime.combine(day, time(13, 20), clock.HELSINKI))
            db.session.add(row)
            audit.record(row, "create", actor=kitchen)
            count += 1
    return count


def _kiosks(units: list[Unit], manager: Person) -> list[tuple[str, str]]:
    """A door tablet for each unit, waiting to be paired: (unit name, pairing code)."""
    codes = []
    for unit in units:
        code, _kiosk = device.create_kiosk(unit, "Ovitabletti", manager)
        codes.append((unit.name, code))
    return codes


def _hasher():
    """hash_secret once per demo secret: the demo's passwords and PIN are printed in the README
    anyway, and Argon2 at 0.3 s a hash was most of the demo's loading time."""
    done: dict[str, str] = {}

    def hashed(secret: str) -> str:
        if secret not in done:
            done[secret] = hash_secret(secret)
        return done[secret]
    return hashed


def load_demo() -> list[tuple[str, str]] | None:
    """Load the demo once: the kiosks' pairing codes, or None when it is already there."""
    if db.session.scalar(db.select(Person).where(Person.email == MANAGER_EMAIL)):
        return None
    today = clock.today()
    hashed = _hasher()

    units = []
    for name, street, postal, city, lunch in UNITS:
        unit = Unit(name=name, street_address=street, postal_code=postal, city=city, lunch_time=lunch)
        unit.opening_hours = [OpeningHours(weekday=d, opens=time(8), closes=time(15, 30)) for d in range(5)]
        christmas = today.replace(month=12, day=23) if today.month < 12 or today.day <= 23 else \
            today.replace(year=today.year + 1, month=12, day=23)
        last_christmas = christmas.replace(year=christmas.year - 1)  # inside the history in January
        unit.closures = [Closure(starts_on=day, ends_on=day + timedelta(days=14), reason="Joulutauko")
                         for day in (last_christmas, christmas)]
        db.session.add(unit)
        units.append(unit)
    by_name = {u.name: u for u in units}

    staff = {}
    for role, first, last, email, password, language, unit_names in STAFF:
        person = Person(first_name=first, last_name=last, email=email, password_hash=hashed(password),
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

    profiles, periods = [], []
    for i, (first, last, preferred, language, unit_index, coach_email, municipality, payer, diet_codes,
            weekdays, hours, months, travel) in enumerate(CLIENTS):
        is_demo_client = first == "Aino"
        person = Person(first_name=first, last_name=last, role=Role.CLIENT.value, language=language,
                        email=CLIENT_EMAIL if is_demo_client else None,
                        password_hash=hashed(CLIENT_PASSWORD) if is_demo_client else None)
        unit = units[unit_index]
        profile = ClientProfile(person=person, preferred_name=preferred, home_unit=unit,
                                own_coach=staff[coach_email], home_municipality=municipalities[municipality],
                                travel_compensation=travel, diets=[diets[c] for c in diet_codes if c in diets],
                                pin_hash=hashed(CLIENT_PIN))
        profile.payers = [PayerAssignment(payer=payer, valid_from=today - timedelta(days=400))]
        # started 3 to 17 weeks ago, but not before the history: no planned day goes unrecorded.
        # The demo client has the whole history, so her diary has weeks in it on any day of the
        # year (three weeks before a January day are mostly the Christmas break).
        weeks = 17 if is_demo_client else 3 + 2 * (i % 8)
        starts_on = max(today - timedelta(days=7 * weeks), history_start(today))
        kind = kinds.get("social_rehabilitation" if payer == "none" else ("work" if i % 3 else "participation"))
        period = ServicePeriod(
            client=profile, unit=unit, starts_on=starts_on,
            ends_on=add_months(starts_on, months) - timedelta(days=1),
            hours_per_day=Decimal(hours), service_type=kind, mode="hybrid" if i == 3 else "on_site",
            referral_plan_type="multi_professional" if i % 4 == 0 else "activation",
            referral_plan_date=starts_on - timedelta(days=21),
            orderer=municipalities[municipality],
        )
        period.weekdays = weekdays
        if first in FINISHED:  # from the start of the history to a planned day FINISHED_AGO days back
            period.starts_on = history_start(today)
            period.ends_on = next(day for day in (today - timedelta(days=FINISHED_AGO + n) for n in range(7))
                                  if day.weekday() in weekdays)
            period.end_reason = FINISHED[first][1]
            if period.ends_on < add_months(period.starts_on, 3) - timedelta(days=1):
                period.short_period_code, period.short_period_reason = "next_step", FINISHED[first][1]
        db.session.add_all([person, profile, period])
        profiles.append(profile)
        periods.append(period)
    for i, profile in enumerate(profiles):  # temporary codes (900–999): never a real person's
        born = date(1968 + (i * 7) % 36, i % 12 + 1, (i * 5) % 28 + 1)
        hetu.seal(profile, parse_hetu(hetu_for(born, 900 + i)))
    db.session.add(Organisation(**ORGANISATION))
    db.session.flush()
    _attendance(profiles, today)
    _diary(profiles, units, today)
    _guidance(profiles, today)
    _goals(profiles, today)
    _wellbeing(profiles, today)
    _finished(profiles, today)
    _skills(profiles, today)
    _decisions(profiles, today)
    manager = staff[MANAGER_EMAIL]
    _day_prices(periods, today, manager)
    _close_months(units, manager, today)
    _kela_reports(profiles, manager, today)
    _lunch_served(units, staff[KITCHEN_EMAIL], today)
    _certificates(profiles, today)
    _freeze_signed_documents(periods)
    codes = _kiosks(units, manager)
    db.session.commit()
    return codes


@click.command("demo")
@with_appcontext
def demo_command():
    """Load demo data once (idempotent)."""
    codes = load_demo()
    if codes is not None:
        days = db.session.scalar(db.select(db.func.count()).select_from(ActivityDay)
                                 .where(ActivityDay.kind != "absent"))
        entries = db.session.scalar(db.select(db.func.count()).select_from(DiaryEntry))
        click.echo(f"demo: loaded {len(UNITS)} units, {len(STAFF)} staff, {len(CLIENTS)} clients, "
                   f"{days} days of attendance and {entries} diary entries")
        today = clock.today()
        months = ", ".join(f"{shift_month(today, -n):%m/%Y}" for n in range(CLOSED_MONTHS, 0, -1))
        click.echo(f"demo: months closed: {months}; one later correction waits as an adjustment "
                   f"for {today:%m/%Y} (/money/close)")
        for unit_name, code in codes:
            click.echo(f"demo: pair the door tablet of {unit_name} at /kiosk/pair with code "
                       f"{code[:4]} {code[4:]} (valid {device.PAIRING_MINUTES} min)")
    else:
        click.echo("demo: already loaded, nothing changed")
