"""Who has read the client's diary (Act 703/2023 §11: the right to know who has used their
data): the client's access-log page, and the words for roles and check-in methods that her pages
use. Her whole data export is main/mydata.py."""
from flask import render_template
from flask_babel import lazy_gettext as _l

from webapp.accounts.access import roles_required
from webapp.accounts.models import Role
from webapp.checkin.labels import METHODS
from webapp.clients.access import own_profile
from webapp.diary import bp, entries
from webapp.lib import clock

ACCESS_LOG_SHOWN = 500  # rows on the access-log page; the JSON download has them all

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
    return {"role_word": role_word, "method_word": method_word}


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
