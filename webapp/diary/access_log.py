"""Who has read the client's data (Act 703/2023 §11: the right to know who has used it).

Two logs make one: every staff read of a client's record (audit.access, table access_read) and
every diary entry shown to staff (diary_read). Here they are merged, newest first, for
- the client: her diary's readers at /diary/access (as before), and everything at /me/access-log;
- a manager: one client's log at /clients/<id>/access-log, on screen and as CSV or XLSX.
Also the words for roles and check-in methods that her pages use. Her whole data export is
main/mydata.py. The unusual-reading report is reports/unusual.py.
"""
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import render_template, request
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from webapp.accounts.access import roles_required
from webapp.accounts.models import Person, Role
from webapp.audit import access as staff_reads  # `access` is the diary page's view below
from webapp.checkin.labels import METHODS
from webapp.clients.access import get_client_for, own_profile
from webapp.clients.models import ClientProfile
from webapp.diary import bp, entries
from webapp.lib import clock, export
from webapp.lib.text import plain_code

ACCESS_LOG_SHOWN = 500  # rows on the access-log page; the JSON download has them all
KEPT_DAYS = 730  # the law gives the access log two years back

# Where a diary entry was shown (diary_read.place), in words; anything else is "the diary".
DIARY_PLACES = {
    "diary_list": _l("päiväkirja (jaetut merkinnät)"),
    "client_page": _l("asiakassivu"),
    "evaluation": _l("arviointi"),
}

ROLE_WORDS = {
    Role.ADMIN.value: _l("esihenkilö"),
    Role.COACH.value: _l("ohjaaja"),
    Role.KITCHEN.value: _l("keittiö"),
    Role.CLIENT.value: _l("asiakas"),
}


def role_word(role: str) -> str:
    return str(ROLE_WORDS.get(role, role))


def method_word(method: str | None) -> str:
    return str(METHODS.get(method, method or ""))


@bp.app_context_processor
def _access_log_helpers():
    return {"role_word": role_word, "method_word": method_word, "access_what": staff_reads.what_word,
            "access_purpose": staff_reads.purpose_word}


@bp.get("/diary/access")
@roles_required(Role.CLIENT)
def access():
    client = own_profile()
    reads = entries.reads_of(client)
    shown = reads[:ACCESS_LOG_SHOWN]
    groups = []  # [(local date, [reads])], newest first
    for read in shown:
        day = clock.to_local(read.read_at).date()
        if not groups or groups[-1][0] != day:
            groups.append((day, []))
        groups[-1][1].append(read)
    return render_template("diary/access.html", groups=groups, total=len(reads), shown=len(shown),
                           cap=ACCESS_LOG_SHOWN)


# --- The two logs as one --------------------------------------------------------------------------

@dataclass
class Line:
    """One read of the client's data, in words."""
    at: datetime
    reader: Person
    what: str  # what was shown, in words
    purpose: str  # why, in words
    route: str  # the page (a diary read: which screen showed it)
    in_list: bool = False  # one of many clients on a list or report
    diary_day: date | None = None  # a diary read: the entry's day

    @property
    def role(self) -> str:
        return role_word(self.reader.role)


def _diary_line(read) -> Line:
    place = DIARY_PLACES.get(read.place)
    words = _("päiväkirjamerkintä %(day)s", day=format_date(read.entry.day, "d.M.yyyy"))
    return Line(at=read.read_at, reader=read.reader, what=words,
                purpose=staff_reads.purpose_word(staff_reads.CLIENT_WORK),
                route=str(place) if place else read.place, diary_day=read.entry.day)


def lines_of(client: ClientProfile, since: date | None = None) -> list[Line]:
    """Every read of the client's data since a day (two years back by default), newest first."""
    since = since or clock.today() - timedelta(days=KEPT_DAYS)
    reads = [Line(at=r.at, reader=r.reader, what=staff_reads.what_word(r.what),
                  purpose=staff_reads.purpose_word(r.purpose), route=r.route, in_list=r.in_list)
             for r in staff_reads.reads_of(client.person_id, since=clock.start_of_day(since))]
    reads += [_diary_line(r) for r in entries.reads_of(client, since=since)]
    return sorted(reads, key=lambda line: line.at, reverse=True)


def _grouped(lines: list[Line]) -> list[tuple[date, list[Line]]]:
    """[(local date, [lines])], newest first."""
    groups = []
    for line in lines:
        day = clock.to_local(line.at).date()
        if not groups or groups[-1][0] != day:
            groups.append((day, []))
        groups[-1][1].append(line)
    return groups


# --- The manager: one client's log ------------------------------------------------------------------

def _table(lines: list[Line]):
    header = [_("Aika"), _("Lukija"), _("Rooli"), _("Mitä"), _("Tarkoitus"), _("Sivu")]
    rows = [[line.at, line.reader.full_name, line.role,
             line.what + (" (" + _("luettelo") + ")" if line.in_list else ""), line.purpose, line.route]
            for line in lines]
    return header, rows


@bp.get("/clients/<int:client_id>/access-log")
@roles_required(Role.ADMIN)
def client_access_log(client_id: int):
    """Who has read this client's data: a manager's page, and the same as CSV or XLSX (all rows)."""
    client = get_client_for(current_user, client_id)
    fmt = export.format_arg(request.args.get("format"), export.DOWNLOADS)
    staff_reads.log_read(current_user, client.person_id, "access_log")
    lines = lines_of(client)
    if fmt is not None:
        header, rows = _table(lines)
        name = plain_code(client.person.last_name, sep="-", limit=60, fallback="asiakas")
        return export.download(fmt, f"lokitiedot-{name}-{clock.today().isoformat()}", _("Lokitiedot"), header, rows)
    shown = lines[:ACCESS_LOG_SHOWN]
    return render_template("diary/client_access_log.html", client=client, lines=shown, total=len(lines),
                           shown=len(shown), days=KEPT_DAYS), {"Cache-Control": "no-store"}


# --- The client: everything, for herself ------------------------------------------------------------

@bp.get("/me/access-log")
@roles_required(Role.CLIENT)
def my_access_log():
    client = own_profile()
    lines = lines_of(client)
    shown = lines[:ACCESS_LOG_SHOWN]
    return render_template("diary/my_access_log.html", groups=_grouped(shown), total=len(lines), shown=len(shown),
                           cap=ACCESS_LOG_SHOWN), {"Cache-Control": "no-store"}
