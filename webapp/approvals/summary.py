"""What the client page shows the coach about a client's days: the current period, this month's
planned and attended days with the attendance rate, and the latest entries the client has
shared with their own coach (each one shown is logged in the client's access log)."""
from dataclasses import dataclass, field
from datetime import date

from webapp.accounts.models import Person
from webapp.approvals.month import Month, Rate, build_month, period_rate
from webapp.clients import parts as client_page
from webapp.clients.models import ClientProfile, ServicePeriod
from webapp.diary import entries as diary
from webapp.diary.models import DiaryEntry

LATEST_ENTRIES = 3
READ_PLACE = "client_page"


@dataclass
class ClientSummary:
    period: ServicePeriod | None
    rate: Rate | None
    month: Month
    today: date
    may_read: bool = False  # the viewer is the client's own coach
    entries: list[DiaryEntry] = field(default_factory=list)

    @property
    def period_state(self) -> str | None:
        """running, upcoming or ended."""
        if self.period is None:
            return None
        if self.period.starts_on > self.today:
            return "upcoming"
        return "ended" if self.period.ends_on < self.today else "running"


def for_client_page(viewer: Person, client: ClientProfile, today: date) -> ClientSummary:
    """The summary for viewer. Reading the shared entries writes the access log and commits."""
    period, rate = period_rate(client, today)
    summary = ClientSummary(period=period, rate=rate, month=build_month(client, today.replace(day=1), today),
                            today=today, may_read=diary.may_read(viewer, client))
    if summary.may_read:
        summary.entries = diary.shared_entries(client, limit=LATEST_ENTRIES)
        if summary.entries:
            diary.log_reads(viewer, summary.entries, READ_PLACE)
    return summary


# The month's days and the latest shared entries on the client's page (clients/parts.py).
client_page.add("approvals/_client_summary.html", for_client_page)
