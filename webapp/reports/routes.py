"""The reports that belong to no other area.

GET  /reports                                   the list of reports (staff).
GET  /reports/kela?period=YYYY-MM-DD&unit=&client=&page=&format=
                                                Kela's absence report (TT3) of a two-week period
                                                (its Monday; the latest ended period by default),
                                                every Kela client the person may see, one unit's
                                                (&unit=) or one (&client=). On screen 50 clients
                                                a page (&page=, from 1); format: csv, xlsx, print,
                                                pdf (print and pdf: a TT3-like page per client,
                                                with the provider's details and who prepared it)
                                                hold them all. Opening them records nothing.
POST /reports/kela/produced                     period, client=, unit=: "Merkitse tulostetuksi" on
                                                the print page records those reports as produced
                                                by the person (audited); 303 back to the print page.
GET  /reports/kela/due                          ended periods whose report is not sent, oldest first.
POST /reports/kela/<client_id>/<period>/sent    mark one report sent to Kela (audited); 303 back.
                                                No fields needed (back=report returns to the period).
GET  /reports/travel?month=YYYY-MM&format=      travel compensation per home municipality.
GET  /reports/outcomes?year=YYYY&format=        what the service achieved per orderer and unit (managers).
                                                The reports' format: csv, xlsx, print or pdf (webapp/lib/export.py).

Staff only (clients and the kitchen 403). A manager sees every client; a coach the clients she
may see (clients/access.visible_clients): another unit's coach finds an empty report, and a
client she may not see (&client=, the POST) is 404. A bad period, month, client, unit, page or format: 404.
Marking a period that has not ended: 409.
"""
from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from webapp.accounts.access import manager_required, staff_required
from webapp.audit import access
from webapp.approvals.month import month_arg
from webapp.lib.dates import shift_month
from webapp.clients import hetu
from webapp.clients.access import get_client_for
from webapp.lib import clock
from webapp.lib.urls import number_arg, page_arg
from webapp.lib.errors import render_error
from webapp.money import compensation
from webapp.goals import documents
from webapp.reference.models import organisation
from webapp.reports import bp, kela, outcomes, travel
from webapp.lib import export
from webapp.units.access import get_unit_for, visible_units

NO_STORE = {"Cache-Control": "no-store"}


def _client_arg(value: str | None):
    if value is None or value == "":
        return None
    client_id = number_arg(value)
    if client_id is None:
        abort(404)
    return get_client_for(current_user, client_id)


def period_words(start: date, end: date) -> str:
    if start == end:
        return format_date(start, "d.M.yyyy")
    return f"{format_date(start, 'd.M.')}–{format_date(end, 'd.M.yyyy')}"


def kela_days_words(report: kela.ClientReport) -> str:
    """The days of the period Kela paid, in words: "Koko jakso", or the spans ("30.11.–1.12.2026")."""
    if report.whole_period:
        return _("Koko jakso")
    return ", ".join(period_words(first, last) for first, last in report.kela_spans)


@bp.get("/reports")
@staff_required
def index():
    today = clock.today()
    return render_template("reports/index.html", latest=kela.latest_ended(today),
                           month=today.replace(day=1)), NO_STORE


# --- Kela TT3 --------------------------------------------------------------------------------

def _kela_table(reports: list[kela.ClientReport], codes: dict[int, str]):
    header = [_("Jakso alkaa"), _("Jakso päättyy"), _("Asiakas"), _("Asiakasnumero"), _("Toimipiste"),
              _("Suunniteltuja päiviä"), _("Merkitsemättä"), _("Poissaolopäivä"), _("Koodi"), _("Poissaolon syy"),
              _("Lähetetty Kelaan"), _("Kela maksajana"), _("Henkilötunnus")]
    rows = []
    for r in reports:
        sent = r.report.sent_at if r.sent else None
        units = ", ".join(u.name for u in r.units)
        common = [r.start, r.end, r.name, r.client.person_id]
        code = codes.get(r.client.person_id, "")
        paid = kela_days_words(r)
        if not r.absences:
            rows.append([*common, units, len(r.planned), len(r.missing), None, "", _("Ei poissaoloja"), sent, paid,
                         code])
        for a in r.absences:
            rows.append([*common, a.unit.name, len(r.planned), len(r.missing), a.day, a.code, a.word, sent, paid,
                         code])
    return header, rows


@bp.get("/reports/kela")
@staff_required
def kela_period():
    today = clock.today()
    start = kela.period_arg(request.args.get("period"), today)
    client = _client_arg(request.args.get("client"))
    unit = get_unit_for(current_user, request.args["unit"]) if request.args.get("unit") else None
    if client is not None:
        unit = None  # one client's report is the same whatever unit was chosen: screen and files alike
    fmt = export.format_arg(request.args.get("format"))
    start, end = kela.period_of(start)
    unit_id = unit.id if unit else None
    args = {"client": client.person_id if client else None, "unit": unit_id}
    if fmt is None:  # the screen: one page of clients
        pages = None if client else kela.clients_page(current_user, start, unit_id, page_arg(request.args.get("page")))
        reports = kela.period_report(current_user, start, client.person_id if client else None, today,
                                     client_ids=pages.items if pages else None)
        access.log_list(current_user, [r.client.person_id for r in reports], "kela_report")
        previous = kela.previous_period(start)
        following = kela.next_period(start)
        return render_template(
            "reports/kela.html", reports=reports, pages=pages, start=start, end=end, client=client, unit=unit,
            units=visible_units(current_user), args=args, today=today,
            period_text=period_words(start, end), codes=kela.KELA_CODES, period_words=period_words,
            kela_days_words=kela_days_words, previous=previous if previous >= kela.FIRST_PERIOD else None,
            following=following if following <= kela.period_of(today)[0] else None,
            ended=end < today,
        ), NO_STORE
    reports = kela.period_report(current_user, start, client.person_id if client else None, today, unit_id=unit_id)
    access.log_list(current_user, [r.client.person_id for r in reports], "kela_report")
    # Kela identifies the client by her henkilötunnus: the files and the paper show it (each logged).
    hetus = hetu.reveal_many(current_user, [r.client.person_id for r in reports], purpose=access.KELA_REPORT)
    header, rows = _kela_table(reports, hetus)
    stem = (f"kela-tt3-{start.isoformat()}" + (f"-{client.person_id}" if client else "")
            + (f"-{unit.name}" if unit else ""))
    if fmt in export.DOWNLOADS:
        return export.download(fmt, stem, _("Poissaolot"), header, rows)
    return export.printed(
        fmt, stem, _("Ilmoitus poissaolosta (TT3)"), header, rows,
        subtitle=_("Jakso %(period)s", period=period_words(start, end)) + (f", {unit.name}" if unit else ""),
        template="reports/kela_print.html", wide=False, reports=reports, codes=kela.KELA_CODES,
        period_words=period_words, kela_days_words=kela_days_words,
        back_url=url_for("reports.kela_period", period=start.isoformat(), **args),
        start=start, client_id=args["client"], unit_id=unit_id, organisation=organisation(), hetus=hetus,
        notes=[_("Palvelua ei järjestetty -päivät eivät ole asiakkaan poissaoloja, eivätkä ne ole "
                 "suunniteltuja päiviä."),
               _("Ilmoitus koskee vain päiviä, joina Kela on asiakkaan kulukorvauksen maksaja.")])


@bp.post("/reports/kela/produced")
@staff_required
def kela_produced():
    """The person who printed (or saved) the reports says so; opening the print page does not."""
    today = clock.today()
    if not request.form.get("period"):
        return render_error(400, _("Kerro, minkä jakson ilmoitukset merkitään tulostetuiksi."))
    start = kela.period_arg(request.form.get("period"), today)
    client = _client_arg(request.form.get("client"))
    unit = get_unit_for(current_user, request.form["unit"]) if request.form.get("unit") and client is None else None
    reports = kela.period_report(current_user, start, client.person_id if client else None, today,
                                 unit_id=unit.id if unit else None)
    kela.mark_produced(reports, current_user)
    flash(ngettext("%(num)d ilmoitus merkitty tulostetuksi.", "%(num)d ilmoitusta merkitty tulostetuksi.",
                   len(reports)), "success")
    args = {"client": client.person_id if client else None, "unit": unit.id if unit else None}
    return redirect(url_for("reports.kela_period", period=start.isoformat(), format="print", **args), 303)


@bp.get("/reports/kela/due")
@staff_required
def kela_due():
    today = clock.today()
    found, total = kela.due(current_user, today)
    access.log_list(current_user, [d.client.person_id for d in found], "kela_report")
    return render_template("reports/kela_due.html", due=found, total=total, today=today,
                           period_words=period_words, reach=kela.DUE_REACH_DAYS), NO_STORE


@bp.post("/reports/kela/<int:client_id>/<period>/sent")
@staff_required
def kela_sent(client_id: int, period: str):
    today = clock.today()
    client = get_client_for(current_user, client_id)
    start = kela.period_arg(period, today)
    start, end = kela.period_of(start)
    if not kela.is_kela_client_in(client, start):
        abort(404)
    if end >= today:
        return render_error(409, _("Ilmoituksen voi merkitä lähetetyksi vasta, kun jakso on päättynyt."))
    name = client.display_name
    if kela.mark_sent(client, start, current_user):
        flash(_("Merkitty lähetetyksi Kelaan: %(name)s, %(period)s.", name=name, period=period_words(start, end)),
              "success")
    else:
        flash(_("Ilmoitus oli jo merkitty lähetetyksi: %(name)s, %(period)s.", name=name,
                period=period_words(start, end)), "info")
    if request.form.get("back") == "report":  # the report as it was shown (the GET checks what came)
        shown = {key: number_arg(request.form.get(key)) for key in ("unit", "client", "page")}
        return redirect(url_for("reports.kela_period", period=start.isoformat(), **shown), 303)
    return redirect(url_for("reports.kela_due"), 303)


# --- Travel compensation ---------------------------------------------------------------------

def _day_list(days: list[date]) -> str:
    return ", ".join(f"{d.day}.{d.month}." for d in days)


def _travel_table(groups: list[travel.Group]):
    """Travel days (on site) and, apart, the remote days that are no travel: never in the travel total."""
    header = [_("Kotikunta"), _("Asiakas"), _("Asiakasnumero"), _("Matkapäiviä"), _("Matkapäivät"),
              _("Etäpäiviä (ei matkaa)"), _("Etäpäivät")]
    rows, footer = [], []
    for group in groups:
        place = group.municipality or _("Kotikunta puuttuu")
        for c in group.clients:
            rows.append([place, c.name, c.client_id, len(c.days), _day_list(c.days), len(c.remote),
                         _day_list(c.remote)])
    footer.append([_("Yhteensä"), _("%(count)d asiakasta", count=sum(len(g.clients) for g in groups)), None,
                   sum(g.days for g in groups), None, sum(g.remote for g in groups), None])
    return header, rows, footer


def travel_note() -> str:
    return _("Etäpäivinä ei matkusteta: ne näkyvät erikseen eivätkä ole matkapäivien määrässä.")


@bp.get("/reports/travel")
@staff_required
def travel_month():
    today = clock.today()
    first = month_arg(request.args.get("month"), today)
    fmt = export.format_arg(request.args.get("format"))
    first, last = compensation.month_bounds(first)
    groups = travel.month_list(current_user, first, last)
    access.log_list(current_user, [c.client_id for g in groups for c in g.clients], "travel")
    header, rows, footer = _travel_table(groups)
    stem = f"matkakorvaukset-{first:%Y-%m}"
    title = _("Matkakorvaukset %(month)s", month=format_date(first, "LLLL yyyy"))
    if fmt in export.DOWNLOADS:
        return export.download(fmt, stem, _("Matkakorvaukset"), header, rows, footer)
    if fmt in export.PRINTED:
        return export.printed(
            fmt, stem, title, header, rows, footer, subtitle=_("Kotikunnittain"),
            notes=[_("Asiakkaat, joilla on oikeus matkakorvaukseen, ja heidän vahvistetut päivänsä "
                     "(paikan päällä tai etänä)."), travel_note()],
            back_url=url_for("reports.travel_month", month=f"{first:%Y-%m}"))
    previous, following = shift_month(first, -1), shift_month(first, 1)
    return render_template("reports/travel.html", groups=groups, first=first, title=title, footer=footer,
                           travel_note=travel_note(),
                           previous=previous if previous.year >= 2000 else None,
                           following=following if following <= today.replace(day=1) else None), NO_STORE


# --- Outcomes per orderer and unit --------------------------------------------------------------

def _year_arg(value: str | None, today: date) -> int:
    if value in (None, ""):
        return today.year
    year = number_arg(value)
    if year is None or not 2000 <= year <= today.year:
        abort(404)
    return year


def _percent(share: float | None) -> str | None:
    return None if share is None else f"{round(100 * share)} %"


def _outcomes_table(groups: list[outcomes.Group], steps: dict[str, str]):
    header = [_("Tilaaja"), _("Toimipiste"), _("Asiakkaita"), _("Aloittaneita"), _("Päättyneitä"),
              _("Läsnäolo suunnitelmasta"), _("Tavoitteet saavutettu (T ≥ 50)"), _("WHO-5:n muutos"), _("Jatkopolut")]
    few = _("alle 5")
    rows = []
    for g in groups:
        first = [g.orderer or _("Ei tiedossa"), g.unit]
        if g.small:
            rows.append(first + [few] * 7)
            continue
        count = lambda n: few if outcomes.shown(n) is None else n  # noqa: E731
        # A share shows how many reached and how many did not: both must be 0 or at least 5.
        hidden = any(outcomes.shown(n) is None for n in (g.evaluated, g.reached, g.evaluated - g.reached))
        reached = (few if hidden else f"{_percent(g.reached_share)} ({g.reached}/{g.evaluated})" if g.evaluated
                   else "–")
        change = (few if outcomes.shown(len(g.who5_changes)) is None else
                  f"{g.who5_change:+.1f} (n={len(g.who5_changes)})".replace(".", ",") if g.who5_changes else "–")
        paths = "; ".join(f"{steps.get(code, code)} {count(n)}" for code, n in g.next_steps.most_common()) or "–"
        rows.append(first + [len(g.clients), count(g.started), count(g.ended), _percent(g.rate) or "–", reached,
                             change, paths])
    return header, rows


@bp.get("/reports/outcomes")
@manager_required
def outcomes_year():
    today = clock.today()
    year = _year_arg(request.args.get("year"), today)
    fmt = export.format_arg(request.args.get("format"))
    first, last = date(year, 1, 1), date(year, 12, 31)
    groups = outcomes.outcomes(current_user, first, last, today)
    language = current_user.language
    steps = {s.code: s.name(language) for s in documents.next_steps()}
    header, rows = _outcomes_table(groups, steps)
    title = _("Palvelun tulokset %(year)d", year=year)
    notes = [_("Jaksot, jotka olivat käynnissä vuonna %(year)d, tilaajittain ja toimipisteittäin.", year=year),
             _("Ryhmästä, jossa on alle 5 asiakasta, ei näytetä lukuja; eikä mitään 1–4 hengen lukua."),
             _("Tavoitteet saavutettu: jaksot, joiden viimeisimmän arvioinnin GAS T-luku on vähintään 50. "
               "WHO-5:n muutos: jakson viimeinen vastaus miinus ensimmäinen, keskiarvo.")]
    if fmt in export.DOWNLOADS:
        return export.download(fmt, f"tulokset-{year}", _("Tulokset"), header, rows)
    if fmt in export.PRINTED:
        return export.printed(fmt, f"tulokset-{year}", title, header, rows, notes=notes,
                              back_url=url_for("reports.outcomes_year", year=year))
    return render_template("reports/outcomes.html", title=title, header=header, rows=rows, notes=notes, year=year,
                           years=range(today.year, max(2000, today.year - 5) - 1, -1)), NO_STORE
