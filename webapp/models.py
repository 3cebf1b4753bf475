"""Every table, imported in one place so Alembic and the app see the same metadata."""
from webapp.accounts.models import FailedSignIn, Person, Role, SignIn, SignInThrottle  # noqa: F401
from webapp.audit.models import AuditEvent  # noqa: F401
from webapp.checkin.models import ActivityDay, Kiosk, MonthClose, Scan  # noqa: F401
from webapp.clients.models import ClientProfile, Payer, PayerAssignment, ServicePeriod  # noqa: F401
from webapp.diary.models import (  # noqa: F401
    DiaryActivity, DiaryEntry, DiaryNote, DiaryRead, DiaryReply, DiarySubmission, UnitActivity)
from webapp.enrolment.models import EnrolmentCode  # noqa: F401
from webapp.goals.models import (  # noqa: F401
    ClientAnswer, DocumentReceipt, DocumentTemplate, Evaluation, Goal, GoalScore, GoalVersion, NextStep,
    EvaluationShare, PeriodDocument)
from webapp.guidance.models import GuidanceSession  # noqa: F401
from webapp.lunch.models import LunchServed  # noqa: F401
from webapp.money.models import CompensationRate, DayPrice, KelaReport, MoneyLine  # noqa: F401
from webapp.reference.models import Diet, Municipality, ServiceType  # noqa: F401
from webapp.units.models import Closure, OpeningHours, Unit  # noqa: F401
from webapp.wellbeing.models import Instrument, InstrumentWording, SelfAssessment  # noqa: F401
from webapp.certificates.models import Certificate  # noqa: F401
from webapp.skills.models import QualificationUnit, Skill, Training, TrainingKind  # noqa: F401
from webapp.diary.push_models import DiaryReminder, PushNotice, PushSubscription  # noqa: F401
