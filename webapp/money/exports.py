"""The month's compensation (/money/compensation) as CSV, XLSX and a printable page: one table
built from `compensation.totals`, the same rows the screen shows.

Columns: payer, client, client number, days, the day's rate in euros (a number; a text range
"9,00–10,00" when the rate changed during the month), amount in euros, days without a rate.
The footer has a total row per payer and one for everything.
"""
from datetime import date
from decimal import Decimal

from flask import url_for
from flask_babel import format_date
from flask_babel import gettext as _

from webapp.clients import labels as client_labels
from webapp.money.compensation import Total
from webapp.money.models import PAYING
from webapp.reports import export
from webapp.reports.export import format_arg  # noqa: F401  (the view asks it for ?format=)


def euros(cents: int | None) -> Decimal | None:
    return None if cents is None else (Decimal(cents) / 100).quantize(Decimal("0.01"))


def _rate(total: Total) -> Decimal | str | None:
    if total.min_rate_cents is None or total.min_rate_cents == total.max_rate_cents:
        return euros(total.min_rate_cents)
    return f"{export.csv_cell(euros(total.min_rate_cents))}–{export.csv_cell(euros(total.max_rate_cents))}"


def payer_word(payer: str) -> str:
    return str(client_labels.label(client_labels.PAYERS, payer))


def compensation_table(totals: list[Total], names: dict[int, str]):
    """(header, rows, footer) of a month's totals; rows by payer, then client name."""
    header = [_("Maksaja"), _("Asiakas"), _("Asiakasnumero"), _("Päiviä"), _("Päivän summa (€)"),
              _("Yhteensä (€)"), _("Päiviä ilman summaa")]
    rows, footer = [], []
    for payer in PAYING:
        mine = sorted((t for t in totals if t.payer == payer),
                      key=lambda t: (names.get(t.client_id, "").casefold(), t.client_id))
        for t in mine:
            rows.append([payer_word(payer), names.get(t.client_id, ""), t.client_id, t.days, _rate(t),
                         euros(t.amount_cents), t.unrated])
        if mine:
            footer.append([_("Yhteensä: %(payer)s", payer=payer_word(payer)), None, None,
                           sum(t.days for t in mine), None, euros(sum(t.amount_cents for t in mine)),
                           sum(t.unrated for t in mine)])
    footer.append([_("Kaikki yhteensä"), None, None, sum(t.days for t in totals), None,
                   euros(sum(t.amount_cents for t in totals)), sum(t.unrated for t in totals)])
    return header, rows, footer


def compensation_response(fmt: str, month: date, unit, totals: list[Total], names: dict[int, str]):
    """The answer to /money/compensation?format=csv|xlsx|print."""
    header, rows, footer = compensation_table(totals, names)
    stem = f"kulukorvaukset-{month:%Y-%m}" + (f"-{unit.name}" if unit else "")
    if fmt == "csv":
        return export.csv_response(stem, header, rows, footer)
    if fmt == "xlsx":
        return export.xlsx_response(stem, _("Kulukorvaukset"), header, rows, footer)
    title = _("Kulukorvaukset %(month)s", month=format_date(month, "LLLL yyyy"))
    notes = [_("Vahvistetut päivät paikan päällä tai etänä. Maksaja ja päivän summa ovat ne, jotka olivat "
               "voimassa kyseisenä päivänä.")]
    if any(t.unrated for t in totals):
        notes.append(_("Joillekin päiville ei ole summaa: lisää maksajan päiväkohtainen summa."))
    return export.print_response(title, header, rows, footer,
                                 subtitle=unit.name if unit else _("Kaikki toimipisteet"), notes=notes,
                                 back_url=url_for("money.compensation_month", month=f"{month:%Y-%m}",
                                                  unit=unit.id if unit else None))
