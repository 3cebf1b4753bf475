"""The report exports on their own (webapp/lib/export.py): CSV cells as Finnish Excel reads
them, XLSX cells typed, text never a formula, ?format= parsing."""
import csv
import io
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from werkzeug.exceptions import NotFound

from webapp.lib import export


@pytest.fixture
def request_context(app):
    with app.test_request_context():
        yield


@pytest.mark.parametrize("value, shown", [
    (None, ""), (0, "0"), (-3, "-3"), (Decimal("9.00"), "9,00"), (Decimal("1234.5"), "1234,5"),
    (12.5, "12,5"), (3.0, "3"), (date(2026, 11, 1), "1.11.2026"),
    (datetime(2026, 11, 1, 7, 5, tzinfo=timezone.utc), "1.11.2026 9.05"),  # Helsinki
    (datetime(2026, 7, 1, 7, 5, tzinfo=timezone.utc), "1.7.2026 10.05"),  # summer time
    ("Kierrätyspaja", "Kierrätyspaja"), ("=SUM(A1:A9)", "'=SUM(A1:A9)"), ("+358401234567", "'+358401234567"),
    ("-1", "'-1"), ("@cmd", "'@cmd"), (True, "kyllä"), (False, "ei"),
])
def test_a_csv_cell_is_written_the_finnish_way(request_context, value, shown):
    assert export.csv_cell(value) == shown


def test_the_csv_has_a_bom_semicolons_and_quotes_where_needed(request_context):
    data = export.csv_bytes(["Nimi", "Summa"], [["Aho; Anna", Decimal("18.00")], ['Sanoi "hei"', 9]],
                            footer=[["Yhteensä", Decimal("27.00")]])
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows == [["Nimi", "Summa"], ["Aho; Anna", "18,00"], ['Sanoi "hei"', "9"], ["Yhteensä", "27,00"]]


def test_the_xlsx_keeps_types_and_never_runs_text_as_a_formula(request_context):
    data = export.xlsx_bytes("Raha: marras/2026 [luonnos] ja vielä pitkä nimi", ["Päivä", "Summa", "Teksti"],
                             [[date(2026, 11, 3), Decimal("9.00"), "=1+1"],
                              [datetime(2026, 11, 3, 7, 0, tzinfo=timezone.utc), 2.5, "ok\x00"]],
                             footer=[["Yhteensä", Decimal("18.00"), None]])
    book = load_workbook(io.BytesIO(data))
    sheet = book.active
    assert len(sheet.title) <= 31 and not set(sheet.title) & set("[]:*?/\\")
    assert sheet["A2"].value == datetime(2026, 11, 3) and sheet["A2"].number_format == "d.m.yyyy"
    assert sheet["A3"].value == datetime(2026, 11, 3, 9, 0)  # Helsinki wall-clock time
    assert sheet["B2"].value == 9 and sheet["B3"].value == 2.5
    assert sheet["C2"].value == "=1+1" and sheet["C2"].data_type == "s"
    assert sheet["C3"].value == "ok"
    assert sheet["A4"].font.bold and sheet["B4"].value == 18


@pytest.mark.parametrize("value, parsed", [(None, None), ("", None), ("csv", "csv"), ("xlsx", "xlsx"),
                                            ("print", "print"), ("pdf", "pdf")])
def test_the_format_argument(value, parsed):
    assert export.format_arg(value) == parsed


@pytest.mark.parametrize("value", ["odt", "PDF", "CSV", "csv ", "../x"])
def test_an_unknown_format_is_404(value):
    with pytest.raises(NotFound):
        export.format_arg(value)


def test_a_report_may_allow_fewer_formats():
    with pytest.raises(NotFound):
        export.format_arg("xlsx", allowed=("csv",))
