"""The month's compensation (/money/compensation) as CSV, XLSX, a printable page and a PDF: one table
built from `month.month_view` (frozen lines of closed units, `compensation.totals` of the
others), the same rows the screen shows.

Columns: payer, client, client number, days, the day's rate in euros (a number; a text range
"9,00–10,00" when the rate changed during the month), amount in euros, days without a rate,
and a note. After each payer's clients come the adjustments its closes carry (days -1/+1, the
amount, the original day in the note). A client row's note tells of corrections made after the
close. Days without a payer come last, one row per client ("Maksaja puuttuu"), outside every sum.
The footer has a total row per payer (days and adjustments) and one for everything.
"""
from decimal import Decimal

from flask import url_for
from flask_babel import format_date, ngettext
from flask_babel import gettext as _

from webapp.lib.i18n import money

from webapp.clients import labels as client_labels
from webapp.money.compensation import Total
from webapp.money.month import Adjustment, Month
from webapp.money.models import PAYING
from webapp.lib import export
from webapp.lib.export import format_arg  # noqa: F401  (the view asks it for ?format=)


def euros(cents: int | None) -> Decimal | None:
    return None if cents is None else (Decimal(cents) / 100).quantize(Decimal("0.01"))


def _rate(total: Total) -> Decimal | str | None:
    if total.min_rate_cents is None or total.min_rate_cents == total.max_rate_cents:
        return euros(total.min_rate_cents)
    return f"{export.csv_cell(euros(total.min_rate_cents))}–{export.csv_cell(euros(total.max_rate_cents))}"


def payer_word(payer: str) -> str:
    return str(client_labels.label(client_labels.PAYERS, payer))


def signed(cents: int) -> str:
    """An amount with its sign, as a correction reads: +9,00 € / −9,00 €."""
    return ("+" if cents > 0 else "−" if cents < 0 else "") + money(abs(cents) / 100)


def later_note(adjustment: Adjustment) -> str:
    """A correction of the month's day made after the close, in words."""
    change = {"day": format_date(adjustment.day, "d.M.yyyy"), "amount": signed(adjustment.amount_cents)}
    if adjustment.month is None:
        return _("Korjattu myöhemmin: %(day)s %(amount)s, odottaa seuraavaa sulkemista", **change)
    return _("Korjattu myöhemmin: %(day)s %(amount)s, oikaisu: %(month)s",
             month=format_date(adjustment.month, "LLLL yyyy"), **change)


def days_span(days) -> str:
    """2.11.2026–12.11.2026 (or one day): the first and last of some days."""
    first, last = format_date(days[0], "d.M.yyyy"), format_date(days[-1], "d.M.yyyy")
    return first if first == last else f"{first}–{last}"


def without_payer_rows(view: Month, names: dict[int, str]):
    """The clients with days without a payer, by name."""
    return sorted(view.without_payer, key=lambda w: (names.get(w.client_id, "").casefold(), w.client_id))


def later_notes(view: Month) -> dict[tuple[int, str], str]:
    return {key: "; ".join(later_note(a) for a in found) for key, found in view.later.items()}


def compensation_table(view: Month, names: dict[int, str]):
    """(header, rows, footer) of a month; rows by payer, then client name, then adjustments."""
    header = [_("Maksaja"), _("Asiakas"), _("Asiakasnumero"), _("Päiviä"), _("Päivän summa (€)"),
              _("Yhteensä (€)"), _("Päiviä ilman summaa"), _("Huomautus")]
    notes = later_notes(view)
    rows, footer = [], []
    for payer in PAYING:
        mine = sorted(view.rows(payer), key=lambda t: (names.get(t.client_id, "").casefold(), t.client_id))
        for t in mine:
            rows.append([payer_word(payer), names.get(t.client_id, ""), t.client_id, t.days, _rate(t),
                         euros(t.amount_cents), t.unrated, notes.get((t.client_id, payer))])
        for a in view.adjustments_of(payer):
            rows.append([payer_word(payer), names.get(a.client_id, ""), a.client_id, a.days, None,
                         euros(a.amount_cents), 0,
                         _("Oikaisu: alkuperäinen päivä %(day)s", day=format_date(a.day, "d.M.yyyy"))])
        days, cents = view.sums(payer)
        if mine or view.adjustments_of(payer):
            footer.append([_("Yhteensä: %(payer)s", payer=payer_word(payer)), None, None, days, None, euros(cents),
                           sum(t.unrated for t in mine), None])
    for a in view.later_elsewhere:  # not in the sums: they belong to the month that carries them
        rows.append([payer_word(a.payer), names.get(a.client_id, ""), a.client_id, None, None, None, None,
                     later_note(a)])
    for w in without_payer_rows(view, names):  # not in the sums: nobody pays them until the payer is fixed
        rows.append([_("Maksaja puuttuu"), names.get(w.client_id, ""), w.client_id, len(w.days), None, None, None,
                     _("Maksaja puuttuu päiviltä %(days)s: korjaa asiakkaan maksaja. Ei summissa.",
                       days=days_span(w.days))])
    days, cents = view.sums()
    footer.append([_("Kaikki yhteensä"), None, None, days, None, euros(cents),
                   sum(t.unrated for t in view.totals), None])
    return header, rows, footer


def compensation_response(fmt: str, view: Month, unit, names: dict[int, str]):
    """The answer to /money/compensation?format=csv|xlsx|print|pdf."""
    header, rows, footer = compensation_table(view, names)
    month = view.month
    stem = f"kulukorvaukset-{month:%Y-%m}" + (f"-{unit.name}" if unit else "")
    if fmt in export.DOWNLOADS:
        return export.download(fmt, stem, _("Kulukorvaukset"), header, rows, footer)
    title = _("Kulukorvaukset %(month)s", month=format_date(month, "LLLL yyyy"))
    notes = [_("Vahvistetut päivät paikan päällä tai etänä. Maksaja ja päivän summa ovat ne, jotka olivat "
               "voimassa kyseisenä päivänä.")]
    if view.closes:
        notes.append(closed_word(view.closes, view.units))
    if any(t.unrated for t in view.totals):
        notes.append(_("Joillekin päiville ei ole summaa: lisää maksajan päiväkohtainen summa."))
    if view.without_payer:
        notes.append(ngettext("%(num)d päivä, jolta maksaja puuttuu: se ei ole summissa ennen kuin asiakkaan "
                              "maksaja korjataan.",
                              "%(num)d päivää, joilta maksaja puuttuu: ne eivät ole summissa ennen kuin asiakkaan "
                              "maksaja korjataan.", sum(len(w.days) for w in view.without_payer)))
    return export.printed(fmt, stem, title, header, rows, footer,
                          subtitle=unit.name if unit else _("Kaikki toimipisteet"), notes=notes,
                          back_url=url_for("money.compensation_month", month=f"{month:%Y-%m}",
                                           unit=unit.id if unit else None))


def closed_word(closes: list, units: int) -> str:
    """Whose figures are frozen: the screen's and the printed page's line about the month's
    closes out of its units (close.month_closes), for the compensation and the invoice basis."""
    if not closes:
        return _("Kuukautta ei ole suljettu: luvut ovat ajantasaiset ja voivat vielä muuttua.")
    if len(closes) == 1 and units == 1:
        close = closes[0]
        return _("Kuukausi on suljettu %(when)s (%(who)s): luvut ovat sulkemisessa jäädytetyt.",
                 when=format_date(close.closed_at, "d.M.yyyy"), who=close.closed_by.full_name)
    return _("Suljettu %(closed)d/%(units)d toimipisteessä: suljettujen luvut ovat sulkemisessa jäädytetyt, "
             "muiden ajantasaiset.", closed=len(closes), units=units)
