"""One table, four answers: CSV for Finnish Excel, XLSX, a printable page and the same page as a PDF.

A report view builds its table once — `header` (column titles), `rows` (lists of cell values)
and optionally `footer` (total rows) — and answers the ?format= the reader asked for:

    fmt = format_arg(request.args.get("format"))   # None (screen), "csv", "xlsx", "print", "pdf"; else 404
    if fmt in DOWNLOADS: return download(fmt, "lounas-2026-11", _("Lounas"), header, rows, footer=totals)
    if fmt in PRINTED: return printed(fmt, "lounas-2026-11", _("Lounaat 11/2026"), header, rows,
                                      footer=totals, subtitle=unit.name, notes=[...])

Cell values may be str, int, Decimal, float, date, datetime (aware), bool or None.

- **CSV** (`text/csv`): UTF-8 with a BOM, `;` between fields, CRLF line ends — what Excel in
  Finnish opens by double-click. Dates `1.11.2026`; moments in Helsinki `1.11.2026 9.05`;
  decimals with a comma (`12,5`; Decimal keeps its places, `9.00` → `9,00`); booleans as the
  translated yes/no; None empty. Text that a spreadsheet would run as a formula (starting with
  = + - @, a tab or a carriage return) gets a leading apostrophe.
- **XLSX**: one sheet; numbers and dates as real cells (dates shown `d.m.yyyy`, moments in
  Helsinki time), the header bold and frozen, the footer bold, columns roughly fitted, and text
  never read as a formula. The workbook's author is the person who produced it.
- **print**: `templates/reports/print.html` — the title, a subtitle, the table, notes, and
  "Tuottanut <name>, <time in Helsinki>" at the top; the app's header and footer disappear on
  paper. A report with more to show extends that template and fills `{% block report %}`.
- **pdf**: the same page, laid out on A4 by WeasyPrint (webapp/lib/pdf.py) and downloaded: a
  table of more than WIDE columns goes landscape, and every page's foot says "sivu 1/3".

Downloads are attachments named `<filename>.<csv|xlsx|pdf>` (non-ASCII names are sent both ways,
as RFC 6266 asks) and are never cached (`Cache-Control: no-store`): they hold personal data.
"""
import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from flask import abort, render_template
from flask_babel import format_date, format_datetime, format_decimal
from flask_babel import gettext as _
from flask_login import current_user
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from webapp.lib import clock, pdf
from webapp.lib.download import NO_STORE, download_response

FORMATS = ("csv", "xlsx", "print", "pdf")
CSV_MIME = "text/csv"  # Flask adds "; charset=utf-8"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | Decimal | date | datetime | bool | None
Row = Sequence[Cell]


def format_arg(value: str | None, allowed: Iterable[str] = FORMATS) -> str | None:
    """The ?format= of a report: None for the page on screen, one of `allowed`, else 404."""
    if value is None or value == "":
        return None
    if value not in tuple(allowed):
        abort(404)
    return value


# --- CSV ---------------------------------------------------------------------------------------

def _decimal_comma(value: float | Decimal) -> str:
    text = format(value, "f") if isinstance(value, Decimal) else repr(float(value))
    if text.endswith(".0") and not isinstance(value, Decimal):
        text = text[:-2]
    return text.replace(".", ",")


def _safe_text(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_cell(value: Cell) -> str:
    """A cell as Finnish Excel reads it (see the module doc)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("kyllä") if value else _("ei")
    if isinstance(value, datetime):
        local = clock.to_local(value)
        return f"{local.day}.{local.month}.{local.year} {local.hour}.{local.minute:02d}"
    if isinstance(value, date):
        return f"{value.day}.{value.month}.{value.year}"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (float, Decimal)):
        return _decimal_comma(value)
    return _safe_text(str(value))


def csv_bytes(header: Row, rows: Iterable[Row], footer: Iterable[Row] = ()) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for row in [header, *rows, *footer]:
        writer.writerow([csv_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def csv_response(filename: str, header: Row, rows: Iterable[Row], footer: Iterable[Row] = ()):
    """The table as a CSV download for Finnish Excel."""
    return download_response(csv_bytes(header, rows, footer), filename, "csv", CSV_MIME)


# --- XLSX --------------------------------------------------------------------------------------

def xlsx_bytes(sheet_title: str, header: Row, rows: Iterable[Row], footer: Iterable[Row] = ()) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = re.sub(r"[\[\]:*?/\\]", "-", str(sheet_title))[:31] or "Sheet1"
    book.properties.creator = current_user.full_name if current_user and current_user.is_authenticated else "Läsnä"
    book.properties.created = clock.now().replace(tzinfo=None)
    bold = Font(bold=True)
    widths: dict[int, int] = {}
    written = 0  # rows so far (sheet.max_row walks every cell: asking it per row made 5,000 rows take 15 s)

    def put(row: Row, strong: bool) -> None:
        nonlocal written
        cells = []
        for column, value in enumerate(row, start=1):
            shown = value
            if isinstance(value, datetime):
                shown = clock.to_local(value).replace(tzinfo=None)
            elif isinstance(value, bool):
                shown = _("kyllä") if value else _("ei")
            elif isinstance(value, str):
                shown = ILLEGAL_CHARACTERS_RE.sub("", value)
            cells.append(shown)
        sheet.append(cells)
        written += 1
        for column, (value, shown) in enumerate(zip(row, cells, strict=True), start=1):
            cell = sheet.cell(row=written, column=column)
            if isinstance(shown, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
            elif isinstance(value, datetime):
                cell.number_format = "d.m.yyyy h:mm"
            elif isinstance(value, date):
                cell.number_format = "d.m.yyyy"
            if strong:
                cell.font = bold
            widths[column] = max(widths.get(column, 0), len(csv_cell(value)))

    put(header, True)
    for row in rows:
        put(row, False)
    for row in footer:
        put(row, True)
    sheet.freeze_panes = "A2"
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, 8), 60)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


DOWNLOADS = ("csv", "xlsx")


def download(fmt: str, filename: str, sheet_title: str, header: Row, rows: Iterable[Row],
             footer: Iterable[Row] = ()):
    """The table as the file ?format= asked for (one of DOWNLOADS)."""
    if fmt == "csv":
        return csv_response(filename, header, rows, footer)
    return xlsx_response(filename, sheet_title, header, rows, footer)


def xlsx_response(filename: str, sheet_title: str, header: Row, rows: Iterable[Row], footer: Iterable[Row] = ()):
    """The table as an Excel workbook of one sheet."""
    return download_response(xlsx_bytes(sheet_title, header, rows, footer), filename, "xlsx", XLSX_MIME)


# --- Printable page ----------------------------------------------------------------------------

def print_cell(value: Cell) -> str:
    """A cell on the printed page, in the reader's language."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("kyllä") if value else _("ei")
    if isinstance(value, datetime):
        return format_datetime(value, "short")
    if isinstance(value, date):
        return format_date(value, "d.M.yyyy")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        places = max(0, -value.as_tuple().exponent) if isinstance(value.as_tuple().exponent, int) else 0
        return format_decimal(value, format="#,##0." + "0" * places if places else "#,##0")
    if isinstance(value, float):
        return format_decimal(value)
    return str(value)


def numeric(value: Cell) -> bool:
    """Right-aligned on the printed page."""
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


PRINTED = ("print", "pdf")
WIDE = 6  # a table of more columns is printed on landscape A4


def print_page(title: str, header: Row, rows: Iterable[Row], footer: Iterable[Row] = (), *,
               subtitle: str | None = None, notes: Iterable[str] = (), template: str = "reports/print.html",
               back_url: str | None = None, for_pdf: bool = False, wide: bool | None = None, **context) -> str:
    """The report on paper as HTML: who produced it (the signed-in person) and when. `wide` (landscape
    pages) is, unless given, whether the table has more than WIDE columns."""
    header = list(header)
    wide = len(header) > WIDE if wide is None else wide
    return render_template(template, title=title, subtitle=subtitle, header=header,
                           rows=[list(r) for r in rows], footer=[list(r) for r in footer], notes=list(notes),
                           produced_by=current_user.full_name, produced_at=clock.now(), back_url=back_url,
                           print_cell=print_cell, numeric=numeric, wide=wide, for_pdf=for_pdf,
                           **context)


def print_response(title: str, header: Row, rows: Iterable[Row], footer: Iterable[Row] = (), **kwargs):
    """The printable page of a report (see print_page for the arguments)."""
    return print_page(title, header, rows, footer, **kwargs), 200, NO_STORE


def pdf_download(filename: str, title: str, header: Row, rows: Iterable[Row], footer: Iterable[Row] = (),
                 **kwargs):
    """The printable page as the PDF file `<filename>.pdf` (see print_page for the arguments)."""
    html = print_page(title, header, rows, footer, for_pdf=True, **kwargs)
    return pdf.pdf_response(pdf.pdf_bytes(html), filename)


def printed(fmt: str, filename: str, title: str, header: Row, rows: Iterable[Row], footer: Iterable[Row] = (),
            **kwargs):
    """The report on paper as ?format= asked (one of PRINTED): the printable page or its PDF."""
    if fmt == "pdf":
        return pdf_download(filename, title, header, rows, footer, **kwargs)
    return print_response(title, header, rows, footer, **kwargs)
