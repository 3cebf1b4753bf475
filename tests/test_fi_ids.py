"""Finnish identifiers: the henkilötunnus (with the century signs of 2023) and the Y-tunnus."""
from datetime import date

import pytest

from webapp.lib.fi_ids import business_id_ok, hetu_for, parse_hetu


@pytest.mark.parametrize("code, born", [
    ("131052-308T", date(1952, 10, 13)),   # the agency's own example
    ("131052Y308T", date(1952, 10, 13)),   # the same with a 2023 sign for the 1900s
    ("010594Y9021", date(1994, 5, 1)),
    ("020502E902X", date(2002, 5, 2)),     # a 2023 sign for the 2000s
    ("020516C903K", date(2016, 5, 2)),
    ("010181+900C", date(1881, 1, 1)),     # the 1800s
    (" 131052-308t ", date(1952, 10, 13)),  # spaces and a lower-case check letter are forgiven
])
def test_a_valid_code_is_read_with_its_birth_date(code, born):
    hetu = parse_hetu(code)
    assert hetu is not None and hetu.born == born
    assert hetu.code == code.strip().upper()
    assert hetu.masked == hetu.code[:6] + "-••••"


@pytest.mark.parametrize("code", [
    "131052-308U",   # wrong check character
    "131052G308T",   # G is no century sign
    "310252-308T",   # 31 February
    "131052-000D",   # individual numbers 000 and 001 are not given
    "131052-001E",
    "13105-2308T", "131052-308", "131052-308TT", "", "abcdefghijk", "131052−308T",  # (a minus sign)
])
def test_an_invalid_code_is_refused(code):
    assert parse_hetu(code) is None


def test_a_code_born_in_the_future_is_refused_when_today_is_given():
    assert parse_hetu("131052A308T") is not None  # 2052: valid on its own
    assert parse_hetu("131052A308T", today=date(2026, 12, 6)) is None


@pytest.mark.parametrize("value, ok", [
    ("0112038-9", True), ("2617416-4", True), ("1572860-0", True),
    ("0112038-8", False), ("112038-9", False), ("01120389", False), ("0112038-", False), ("", False),
    ("1234567-1", True), ("0000030-0", False), ("0000030-1", False),  # 0000030: remainder 1, never given
])
def test_a_business_id_is_checked_by_its_check_digit(value, ok):
    assert business_id_ok(value) is ok


def test_a_temporary_code_is_made_for_a_birth_date():
    assert hetu_for(date(1952, 10, 13), 308) == "131052-308T"
    assert hetu_for(date(2002, 5, 2), 902) == "020502A902X"
    code = hetu_for(date(1990, 1, 31), 917)
    assert parse_hetu(code).born == date(1990, 1, 31)
