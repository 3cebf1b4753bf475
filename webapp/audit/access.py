"""The access log: every time a staff member is shown a client's record, who, whose, what, why
(the purpose), when and on which route (Act 703/2023 §11). One line in a view:

    access.log_read(current_user, client.person_id, "goals")                 # one client's record
    access.log_list(current_user, [c.person_id for c in rows], "kela_report")  # a list naming many

`what` is a stable code from WHAT (what the page shows); each has a default purpose, which a view
may override with `purpose=` (one of PURPOSES). A list writes one row per client it names, all in
one INSERT. Only staff are logged: a client reading her own data is not a disclosure. The rows are
committed at once (the page is being shown), without expiring what the view has loaded.

Diary entries keep their own log (diary.entries.log_reads, table diary_read); the pages that show
the log merge the two.
"""
from collections.abc import Iterable
from datetime import datetime

from flask import has_request_context, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, select
from sqlalchemy.orm import joinedload

from webapp.extensions import db
from webapp.lib import clock

from .models import AccessRead

STAFF_ROLES = ("admin", "coach", "kitchen")  # accounts.models.Role's values (audit lies below accounts)
ROUTE_MAX = 200
CHUNK = 500  # rows per INSERT: far below either database's limit of bound values

CLIENT_WORK = "client_work"
EVALUATION = "evaluation"
BILLING = "billing"
KELA_REPORT = "kela_report"
LUNCH = "lunch"
SUPERVISION = "supervision"

PURPOSES = {
    CLIENT_WORK: _l("asiakastyö"),
    EVALUATION: _l("arviointi ja suunnitelmat"),
    BILLING: _l("laskutus ja korvaukset"),
    KELA_REPORT: _l("Kelan ilmoitus"),
    LUNCH: _l("ruokailu"),
    SUPERVISION: _l("lokin valvonta"),
}

# what → (words for the record, default purpose). The words complete "Katsoi: …".
WHAT = {
    "client_page": (_l("asiakassivu"), CLIENT_WORK),
    "profile": (_l("perustiedot"), CLIENT_WORK),
    "period": (_l("jakson tiedot"), CLIENT_WORK),
    "days": (_l("päivät ja läsnäolo"), CLIENT_WORK),
    "day_board": (_l("päivätaulu"), CLIENT_WORK),
    "week": (_l("viikon päivät"), CLIENT_WORK),
    "badge": (_l("kulkukortti ja kirjautuminen"), CLIENT_WORK),
    "goals": (_l("tavoitteet ja arvioinnit (GAS)"), EVALUATION),
    "documents": (_l("suunnitelmat ja arvioinnit"), EVALUATION),
    "document": (_l("suunnitelma tai arviointi"), EVALUATION),
    "documents_due": (_l("erääntyvät suunnitelmat"), EVALUATION),
    "guidance": (_l("yksilöohjaus"), CLIENT_WORK),
    "guidance_behind": (_l("ohjaustuntien seuranta"), CLIENT_WORK),
    "skills": (_l("osaaminen ja kortit"), CLIENT_WORK),
    "competence": (_l("osaamistodistus"), EVALUATION),
    "competence_pdf": (_l("osaamistodistus (PDF)"), EVALUATION),
    "certificates": (_l("todistukset"), CLIENT_WORK),
    "certificate_pdf": (_l("todistus (PDF)"), CLIENT_WORK),
    "compensation": (_l("kulukorvaukset"), BILLING),
    "invoice_basis": (_l("laskutusperuste"), BILLING),
    "travel": (_l("matkakorvaukset"), BILLING),
    "kela_report": (_l("Kelan poissaoloilmoitus (TT3)"), KELA_REPORT),
    "outcomes": (_l("tulokset ja jatkopolut"), EVALUATION),
    "lunch": (_l("ruokailijat ja erityisruokavaliot"), LUNCH),
    "access_log": (_l("lokitiedot"), SUPERVISION),
    "henkilotunnus": (_l("henkilötunnus"), CLIENT_WORK),
    "data_export": (_l("tietojen vienti"), CLIENT_WORK),
}


def purpose_word(code: str) -> str:
    return str(PURPOSES.get(code, code))


def what_word(code: str) -> str:
    return str(WHAT[code][0]) if code in WHAT else code


def _is_staff(reader) -> bool:
    return bool(reader is not None and getattr(reader, "is_authenticated", False)
                and str(getattr(reader, "role", "")) in STAFF_ROLES)


def _route() -> str:
    return request.path[:ROUTE_MAX] if has_request_context() else ""


def log_read(reader, client_id: int, what: str, *, purpose: str | None = None) -> None:
    """reader was shown one client's record: one row, committed (nothing for a client or nobody)."""
    _write(reader, [client_id], what, purpose, in_list=False)


def log_list(reader, client_ids: Iterable[int], what: str, *, purpose: str | None = None) -> None:
    """reader was shown a list or report naming these clients: one row each, in one statement."""
    _write(reader, client_ids, what, purpose, in_list=True)


def _write(reader, client_ids, what: str, purpose: str | None, *, in_list: bool) -> None:
    if what not in WHAT:
        raise ValueError(f"unknown access-log code {what!r}: add it to WHAT")
    purpose = purpose or WHAT[what][1]
    if purpose not in PURPOSES:
        raise ValueError(f"unknown access-log purpose {purpose!r}")
    if not _is_staff(reader):
        return
    reader = getattr(reader, "_get_current_object", lambda: reader)()  # current_user is a proxy
    ids = list(dict.fromkeys(int(c) for c in client_ids if c is not None and int(c) != reader.id))
    if not ids:
        return
    now, route = clock.now(), _route()
    rows = [{"at": now, "reader_id": reader.id, "client_id": client_id, "what": what, "purpose": purpose,
             "route": route, "in_list": in_list} for client_id in ids]
    for start in range(0, len(rows), CHUNK):
        db.session.execute(insert(AccessRead).values(rows[start:start + CHUNK]))
    session = db.session()
    keep, session.expire_on_commit = session.expire_on_commit, False  # the page goes on with what it loaded
    try:
        session.commit()
    finally:
        session.expire_on_commit = keep


def reads_of(client_id: int, since: datetime | None = None) -> list[AccessRead]:
    """One client's access log, newest first (from `since`, if given), with the readers."""
    query = (select(AccessRead).where(AccessRead.client_id == client_id)
             .options(joinedload(AccessRead.reader))
             .order_by(AccessRead.at.desc(), AccessRead.id.desc()))
    if since is not None:
        query = query.where(AccessRead.at >= since)
    return list(db.session.scalars(query))
