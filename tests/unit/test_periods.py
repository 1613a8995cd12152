"""The last complete period of a pack: every agency still reporting has covered it, and it has ended."""

import datetime as dt

import duckdb
import pytest

from dashboards.periods import last_complete_period, reported_through

TODAY = dt.date(2026, 12, 1)


def _warehouse(rows: list[tuple[str, str | None, str]]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("CREATE TABLE seizure_sources (agency VARCHAR, crossing_point VARCHAR, period_end DATE)")
    con.executemany("INSERT INTO seizure_sources VALUES (?, ?, ?)", rows)
    return con


def _months(agency: str, first: str, last: str, point: str | None = "Oybek") -> list[tuple[str, str | None, str]]:
    start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    months = []
    while start <= end:
        following = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
        months.append((agency, point, str(following - dt.timedelta(days=1))))
        start = following
    return months


def test_one_agency_a_year_ahead_does_not_move_the_period():
    con = _warehouse(_months("customs", "2022-01-01", "2024-12-01") + _months("border", "2022-01-01", "2025-12-01"))
    month = reported_through(con, TODAY)
    assert month == dt.date(2024, 12, 1) and last_complete_period("quarterly", month) == "2024-Q4"


def test_records_dated_today_or_later_do_not_close_the_current_period():
    con = _warehouse(_months("customs", "2025-01-01", "2026-08-01")
                     + [("customs", "Oybek", "2026-12-01"), ("customs", "Oybek", "2027-03-04")])
    month = reported_through(con, TODAY)
    assert month == dt.date(2026, 11, 1) and last_complete_period("quarterly", month) == "2026-Q3"


def test_an_agency_silent_for_years_no_longer_holds_the_period_back():
    con = _warehouse(_months("customs", "2019-01-01", "2020-06-01") + _months("border", "2019-01-01", "2024-12-01"))
    assert reported_through(con, TODAY) == dt.date(2024, 12, 1)


def test_national_level_records_alone_give_no_period():
    con = _warehouse(_months("unodc", "2019-01-01", "2024-12-01", point=None))
    assert reported_through(con, TODAY) is None


@pytest.mark.parametrize(("cadence", "month", "period"), [
    ("quarterly", dt.date(2024, 12, 1), "2024-Q4"), ("quarterly", dt.date(2025, 2, 1), "2024-Q4"),
    ("monthly", dt.date(2025, 2, 1), "2025-02"), ("yearly", dt.date(2025, 11, 1), "2024"),
])
def test_period_labels(cadence, month, period):
    assert last_complete_period(cadence, month) == period
