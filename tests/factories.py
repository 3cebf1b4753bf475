"""Plain factory functions with sensible defaults. Each commits, so the app sees the rows."""
import itertools
from datetime import date, time, timedelta
from decimal import Decimal

from webapp.accounts.models import Person, Role
from webapp.accounts.passwords import hash_secret
from webapp.clients.models import ClientProfile, PayerAssignment
from webapp.reference.models import Diet, Municipality
from webapp.extensions import db
from webapp.goals.models import DocumentTemplate, Evaluation, Goal, GoalScore, GoalVersion, PeriodDocument
from webapp.wellbeing.models import Instrument, InstrumentWording
from webapp.lib import clock
from webapp.reference.models import ServiceType
from webapp.clients.models import ServicePeriod
from webapp.units.models import OpeningHours, Unit
from webapp.certificates import rules as certificate_rules
from webapp.skills import rules as skill_rules
from webapp.skills.models import QualificationUnit, Skill, Training, TrainingKind

PASSWORD = "correct horse battery"
_seq = itertools.count(1)


def _n() -> int:
    return next(_seq)


def make_unit(name=None, *, coaches=(), weekdays=(0, 1, 2, 3, 4), opens=time(8), closes=time(15)) -> Unit:
    unit = Unit(name=name or f"Paja {_n()}", street_address="Työpajankatu 1", postal_code="00100",
                city="Helsinki", lunch_time=time(11, 30))
    unit.opening_hours = [OpeningHours(weekday=d, opens=opens, closes=closes) for d in weekdays]
    unit.coaches = list(coaches)
    db.session.add(unit)
    db.session.commit()
    return unit


def make_person(role: Role, *, first_name="Maija", last_name=None, email=None, password=PASSWORD,
                language="fi", units=()) -> Person:
    n = _n()
    person = Person(
        first_name=first_name,
        last_name=last_name or f"Meikäläinen{n}",
        email=email if email is not None else f"{role.value}{n}@example.fi",
        password_hash=hash_secret(password) if password else None,
        role=role.value,
        language=language,
    )
    person.units = list(units)
    db.session.add(person)
    db.session.commit()
    return person


def make_manager(**kw) -> Person:
    return make_person(Role.ADMIN, first_name=kw.pop("first_name", "Marja"), **kw)


def make_coach(unit=None, **kw) -> Person:
    units = [unit] if unit is not None else []
    return make_person(Role.COACH, first_name=kw.pop("first_name", "Kalle"), units=units, **kw)


def make_kitchen(**kw) -> Person:
    return make_person(Role.KITCHEN, first_name=kw.pop("first_name", "Kaija"), **kw)


def make_municipality(name=None) -> Municipality:
    found = db.session.scalar(db.select(Municipality).where(Municipality.name == (name or "Helsinki")))
    if found:
        return found
    municipality = Municipality(name=name or "Helsinki")
    db.session.add(municipality)
    db.session.commit()
    return municipality


def service_type(code="work") -> ServiceType:
    found = db.session.scalar(db.select(ServiceType).where(ServiceType.code == code))
    if found:
        return found
    kind = ServiceType(code=code, name_fi=f"Työtoiminta ({code})", name_sv=f"Arbetsverksamhet ({code})",
                       name_en=f"Work activity ({code})")
    db.session.add(kind)
    db.session.commit()
    return kind


def make_client(unit, *, coach=None, first_name="Anna", last_name=None, email=None, password=None,
                payer="kela", diets=(), language="fi", period=True, preferred_name="") -> Person:
    """A client of unit with an own coach and, unless period=False, a 6-month period around today."""
    person = make_person(Role.CLIENT, first_name=first_name, last_name=last_name, email=email or "",
                         password=password, language=language)
    if not person.email:
        person.email = None
    profile = ClientProfile(person=person, home_unit=unit, own_coach=coach, preferred_name=preferred_name,
                            home_municipality=make_municipality())
    profile.payers = [PayerAssignment(payer=payer, valid_from=date(2020, 1, 1))]
    with db.session.no_autoflush:  # the profile is not ready to be saved yet
        for code in diets:
            diet = db.session.scalar(db.select(Diet).where(Diet.code == code))
            if diet is None:
                diet = Diet(code=code, name_fi=code, name_sv=code, name_en=code)
            profile.diets.append(diet)
    db.session.add(profile)
    db.session.commit()
    if period:
        make_period(profile, unit)
    return person


def make_period(client: ClientProfile, unit, *, starts_on=None, ends_on=None, weekdays=(0, 1, 2, 3),
                hours=Decimal("6"), mode="on_site") -> ServicePeriod:
    """By default 1.9.2026–2.3.2027, around the named moments of tests/moments.py. On a day outside
    it (LASNA_TEST_TODAY), the default period reaches from those moments to today and two months
    on, so that it holds both: a test that makes its client first and then travels to a named
    moment finds her period there too. (A test that relies on the exact dates freezes the clock
    before making its client.)"""
    if starts_on is None:
        today = clock.today()
        starts_on, ends_on_default = date(2026, 9, 1), date(2027, 3, 2)
        if not starts_on <= today <= date(2027, 1, 31):
            starts_on = min(starts_on, today - timedelta(days=91))
            ends_on_default = max(ends_on_default, today + timedelta(days=60))
        ends_on = ends_on or ends_on_default
    ends_on = ends_on or starts_on + timedelta(days=182)
    period = ServicePeriod(
        client=client, unit=unit, starts_on=starts_on, ends_on=ends_on,
        hours_per_day=hours, service_type=service_type(), mode=mode, orderer=make_municipality(),
        referral_plan_type="activation", referral_plan_date=starts_on - timedelta(days=14),
    )
    period.weekdays = weekdays
    db.session.add(period)
    db.session.commit()
    return period


def make_kiosk(unit, *, name="Ovitabletti", by=None):
    """A kiosk paired with unit. Returns (device secret for the lasna_kiosk cookie, kiosk)."""
    from webapp.kiosks import device
    code, kiosk = device.create_kiosk(unit, name, by or make_manager())
    db.session.commit()
    secret, kiosk = device.claim_pairing(code)
    db.session.commit()
    return secret, kiosk


def enrol_pin(client_person, pin="4071") -> str:
    """Give a client a PIN, as phone enrolment would. Returns the PIN."""
    client_person.client.pin_hash = hash_secret(pin)
    db.session.commit()
    return pin


def make_entry(client: Person, day, *, mood=None, energy=None, shared=False, activities=(), went_well="",
               was_hard="", to_coach="", written_at=None):
    """A diary entry of client (a Person) for day, written directly (no edit window applies)."""
    import uuid

    from webapp.diary.models import DiaryActivity, DiaryEntry, DiarySubmission
    entry = DiaryEntry(client_id=client.id, day=day, mood=mood, energy=energy, shared=shared,
                       went_well=went_well, was_hard=was_hard, to_coach=to_coach,
                       activities=[DiaryActivity(label=a, position=i) for i, a in enumerate(activities)])
    if written_at is not None:
        entry.created_at = entry.updated_at = written_at
    db.session.add(entry)
    db.session.flush()
    db.session.add(DiarySubmission(key=uuid.uuid4().hex, client_id=client.id, entry_id=entry.id))
    db.session.commit()
    return entry


def make_unit_activity(unit, label, *, active=True, position=0):
    from webapp.diary.models import UnitActivity
    activity = UnitActivity(unit_id=unit.id, label=label, active=active, position=position)
    db.session.add(activity)
    db.session.commit()
    return activity


def make_guidance(client_person, coach, day, minutes, kind="individual", *, note=""):
    """A guidance session coach gave client_person on day (at the client's home unit)."""
    from webapp.guidance.models import GuidanceSession
    session = GuidanceSession(client_id=client_person.id, unit_id=client_person.client.home_unit_id,
                              coach_id=coach.id, created_by_id=coach.id, day=day, minutes=minutes, kind=kind,
                              note=note)
    db.session.add(session)
    db.session.commit()
    return session


def make_goal(period, by, text="Jaksan tulla joka tiistai", *, weight=1, starting_level=-1, expected="Tulen 4 viikkoa putkeen"):
    """A goal of period, written by the staff member by (its first version)."""
    goal = Goal(period_id=period.id, created_by_id=by.id)
    db.session.add(goal)
    db.session.flush()
    db.session.add(GoalVersion(goal_id=goal.id, number=1, text=text, weight=weight, starting_level=starting_level,
                               level_0=expected, level_minus_1="Tulen joka toinen viikko", created_by_id=by.id))
    db.session.commit()
    return goal


def make_evaluation(period, by, levels: dict, *, held_on, kind="interim"):
    """An evaluation of period on held_on that scored each goal of levels ({goal: level})."""
    evaluation = Evaluation(period_id=period.id, kind=kind, held_on=held_on, created_by_id=by.id)
    for goal, level in levels.items():
        evaluation.scores.append(GoalScore(version=goal.current, level=level))
    db.session.add(evaluation)
    db.session.commit()
    return evaluation


def make_who5(official=False) -> Instrument:
    """A WHO-5-shaped instrument with test words in Finnish (tests that need the shipped words
    use tests.conftest.seed_instruments_and_templates)."""
    instrument = Instrument(code="who5", name="WHO-5", items=5, answer_max=5, multiplier=4, score_max=100,
                            talk_below=50, licence="Vapaa käyttää.")
    instrument.wordings = [InstrumentWording(language="fi", official=official, intro="Kahden viikon aikana",
                                             statements=[f"Väittämä {n}" for n in range(1, 6)],
                                             answers=[f"Vastaus {n}" for n in range(6)])]
    db.session.add(instrument)
    db.session.commit()
    return instrument


def make_plan(period, by, *, signed=False, kind="plan", series=1) -> PeriodDocument:
    """An implementation plan (or another kind) of period on a small test template (the shipped
    templates come from tests.conftest.seed_instruments_and_templates)."""
    template = DocumentTemplate(kind=kind, asks_next_evaluation=True, sections=[
        {"key": "measures", "title": {"fi": "Toimenpiteet", "sv": "Åtgärder", "en": "Measures"}, "required": True}])
    plan = PeriodDocument(period_id=period.id, kind=kind, series=series, template=template,
                          contents={"measures": "Lajittelu"}, created_by_id=by.id)
    if signed:
        plan.next_evaluation_on, plan.signed_at, plan.signed_by_id = period.starts_on, clock.now(), by.id
    db.session.add(plan)
    db.session.commit()
    return plan


def make_certificate(period, by, *, work_tasks="Lajittelu\nKassatyö", language="fi", include_skills=False):
    """A certificate of participation of period, issued today by `by` (webapp/certificates/rules.py)."""
    certificate = certificate_rules.issue(period, by, clock.today(), work_tasks=work_tasks, language=language,
                                     include_skills=include_skills, skills=None)
    db.session.commit()
    return certificate


def make_qualification_unit(name="Ylläpitosiivous", *, qualification="Puhtaus- ja kiinteistöpalvelualan perustutkinto",
                            code="", active=True):
    """A unit of a vocational qualification (tutkinnon osa) a skill can be mapped to."""
    unit = QualificationUnit(qualification=qualification, name=name, code=code, active=active)
    db.session.add(unit)
    db.session.commit()
    return unit


def make_training_kind(code="first_aid_ea1", name_fi="Ensiapukoulutus EA1", *, valid_months=36,
                       name_sv="Första hjälpen EA1", name_en="First aid course EA1", active=True):
    """A kind of card training (the shipped three come from the skills migration)."""
    kind = TrainingKind(code=code, name_fi=name_fi, name_sv=name_sv, name_en=name_en, valid_months=valid_months,
                        active=active)
    db.session.add(kind)
    db.session.commit()
    return kind


def make_skill(client, by, text="Annostelee pesuaineen ohjeen mukaan", *, task="Porraskäytävien siivous",
               shown_on=None, unit=None):
    """A skill client (a ClientProfile) showed on shown_on (default today), recorded by by."""
    skill = Skill(client_id=client.person_id, text=text, task=task, shown_on=shown_on or clock.today(),
                  qualification_unit_id=unit.id if unit else None, created_by_id=by.id)
    db.session.add(skill)
    db.session.commit()
    return skill


def make_training(client, by, kind, *, completed_on=None, expires_on="computed", note=""):
    """A card training of client (a ClientProfile); its expiry comes from the kind unless given."""
    completed_on = completed_on or clock.today()
    training = Training(client_id=client.person_id, kind_id=kind.id, completed_on=completed_on,
                        expires_on=skill_rules.expiry_for(kind, completed_on) if expires_on == "computed" else expires_on,
                        note=note, created_by_id=by.id)
    db.session.add(training)
    db.session.commit()
    return training


def make_media(entry, kind="photo", data=None, *, width=4, height=3, duration_ms=None):
    """A photo (by default a tiny clean JPEG) or voice note on entry, its bytes in the app's file
    store (the client's uploads go through webapp/diary/media.py; this writes directly)."""
    import io
    import uuid

    from PIL import Image

    from webapp.diary.models import DiaryMedia
    from webapp.lib import storage
    if data is None:
        out = io.BytesIO()
        Image.new("RGB", (width, height), (30, 120, 200)).save(out, "JPEG")
        data = out.getvalue()
    content_type = "image/jpeg" if kind == "photo" else "audio/webm"
    key = f"diary/{entry.client_id}/{uuid.uuid4().hex}.{'jpg' if kind == 'photo' else 'webm'}"
    storage.current().put(key, data, content_type)
    media = DiaryMedia(entry_id=entry.id, client_id=entry.client_id, kind=kind, key=key, upload_key=uuid.uuid4().hex,
                       content_type=content_type, bytes=len(data), width=width if kind == "photo" else None,
                       height=height if kind == "photo" else None, duration_ms=duration_ms)
    db.session.add(media)
    db.session.commit()
    return media
