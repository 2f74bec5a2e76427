"""Dates read the same on every page, PDF and Word file, whatever the server's locale."""

from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st

from reflect.dates import MONTHS, day


def test_a_date_reads_day_month_year():
    assert day(date(2026, 11, 2)) == "2 Nov 2026"
    assert day(None) == ""


@given(st.datetimes(min_value=datetime(2000, 1, 2), max_value=datetime(2099, 12, 30), timezones=st.just(UTC)))
def test_a_moment_reads_as_its_day_in_three_parts(moment):
    shown = day(moment)
    number, month, year = shown.split(" ")
    assert month in MONTHS
    assert 1 <= int(number) <= 31 and 2000 <= int(year) <= 2100
