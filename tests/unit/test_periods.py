"""The last complete period of a pack: it has ended, and every agency reporting into the donor's crossing points
has covered it or its grace period has passed; the agencies that have not are named."""

import datetime as dt

import duckdb
import pytest

from dashboards.periods import is_complete, last_complete_period, latest_complete, silent_agencies

TODAY = dt.date(2026, 12, 1)


@pytest.mark.parametrize(("cadence", "month", "period"), [
    ("quarterly", dt.date(2024, 12, 1), "2024-Q4"), ("quarterly", dt.date(2025, 2, 1), "2024-Q4"),
    ("monthly", dt.date(2025, 2, 1), "2025-02"), ("yearly", dt.date(2025, 11, 1), "2024"),
])
def test_period_labels(cadence, month, period):
    assert last_complete_period(cadence, month) == period


def _files(files: list[tuple[str, str, str, str | None, str | None, list[str]]]) -> duckdb.DuckDBPyConnection:
    """A snapshot's views: each file (name, agency, crossing point, covers from, covers to, its record days)."""
    con = duckdb.connect()
    con.execute("CREATE TABLE ingested_files (source_file VARCHAR, status VARCHAR, covers_from DATE, covers_to DATE)")
    con.execute("CREATE TABLE seizure_sources (source_file VARCHAR, agency VARCHAR, crossing_point VARCHAR, "
                "period_start DATE, period_end DATE)")
    for name, agency, point, first, last, days in files:
        con.execute("INSERT INTO ingested_files VALUES (?, 'loaded', ?, ?)", [name, first, last])
        con.executemany("INSERT INTO seizure_sources VALUES (?, ?, ?, ?, ?)",
                        [(name, agency, point, day, day) for day in days])
    return con


def _quarterly(agency: str, point: str, last_month: int, stated: bool = True) -> list[tuple]:
    """An agency's 2024 in quarterly files, stating their quarter (or not), the last one ending in `last_month`."""
    files = []
    for quarter in range(1, 5):
        first, end = 3 * quarter - 2, min(3 * quarter, last_month)
        if first <= end:
            files.append((f"{agency}_2024_Q{quarter}.xlsx", agency, point,
                          f"2024-{first:02d}-01" if stated else None,
                          str(dt.date(2024 + end // 12, end % 12 + 1, 1) - dt.timedelta(days=1)) if stated else None,
                          [f"2024-{first:02d}-10"]))
    return files


def test_the_agency_that_has_not_covered_the_period_is_named():
    con = _files(_quarterly("customs", "Oybek", 12) + _quarterly("border", "Oybek", 11)
                 + _quarterly("drug control", "Dustlik", 9))
    q4 = (dt.date(2024, 10, 1), dt.date(2024, 12, 31))
    assert silent_agencies(con, *q4, ["Oybek"]) == ["border"]
    assert silent_agencies(con, *q4, ["Oybek", "Dustlik"]) == ["border", "drug control"]
    assert silent_agencies(con, dt.date(2024, 7, 1), dt.date(2024, 9, 30), ["Oybek", "Dustlik"]) == []


def test_a_month_a_file_states_counts_without_records_in_it():
    stated = _files(_quarterly("customs", "Oybek", 12))  # each quarter's only record is in its first month
    assert silent_agencies(stated, dt.date(2024, 12, 1), dt.date(2024, 12, 31), ["Oybek"]) == []
    unstated = _files(_quarterly("customs", "Oybek", 12, stated=False))
    assert silent_agencies(unstated, dt.date(2024, 12, 1), dt.date(2024, 12, 31), ["Oybek"]) == ["customs"]


def test_an_agency_silent_for_two_years_or_not_yet_started_is_not_named():
    con = _files([("old.csv", "old", "Oybek", "2021-01-01", "2022-09-30", ["2021-01-05"]),
                  ("new.csv", "new", "Oybek", "2025-01-01", "2025-03-31", ["2025-01-05"])]
                 + _quarterly("customs", "Oybek", 12))
    assert silent_agencies(con, dt.date(2024, 10, 1), dt.date(2024, 12, 31), ["Oybek"]) == []


def test_a_period_is_complete_once_every_agency_covered_it_or_its_grace_has_passed():
    con = _files(_quarterly("customs", "Oybek", 12) + _quarterly("border", "Oybek", 11))
    assert not is_complete(con, "2024-Q4", ["Oybek"], dt.date(2024, 12, 31))  # it has not ended
    assert not is_complete(con, "2024-Q4", ["Oybek"], dt.date(2025, 2, 14))  # the border guards are 45 days late
    assert is_complete(con, "2024-Q4", ["Oybek"], dt.date(2025, 2, 15))
    assert is_complete(con, "2024-Q4", ["Oybek"], dt.date(2025, 1, 11), grace_days=10)
    assert not is_complete(con, "2026-Q4", ["Oybek"], TODAY)  # never a period that has not ended
    assert not is_complete(con, "2025-Q3", ["Oybek"], TODAY)  # nor one no agency reported in, however long ago
    assert not is_complete(con, "2024-Q4", ["Dustlik"], dt.date(2025, 3, 1))  # nor where no agency reports


def test_the_latest_complete_period_waits_for_the_silent_agency_then_goes_on_without_it():
    con = _files(_quarterly("customs", "Oybek", 12) + _quarterly("border", "Oybek", 11))
    assert latest_complete(con, "quarterly", ["Oybek"], dt.date(2025, 1, 20)) == "2024-Q3"
    assert latest_complete(con, "quarterly", ["Oybek"], dt.date(2025, 2, 20)) == "2024-Q4"
    assert latest_complete(con, "monthly", ["Oybek"], dt.date(2025, 1, 20)) == "2024-11"
    assert latest_complete(con, "yearly", ["Oybek"], dt.date(2025, 1, 20)) is None  # 2024 waits; before it, no data
    assert latest_complete(con, "yearly", ["Oybek"], dt.date(2025, 2, 20)) == "2024"
    everyone = _files(_quarterly("customs", "Oybek", 12))
    assert latest_complete(everyone, "quarterly", ["Oybek"], dt.date(2025, 1, 2)) == "2024-Q4"


def test_a_warehouse_whose_agencies_all_fell_silent_keeps_its_last_reported_period():
    con = _files(_quarterly("customs", "Oybek", 12) + _quarterly("border", "Oybek", 11))
    assert latest_complete(con, "quarterly", ["Oybek"], TODAY) == "2024-Q4"  # not 2026-Q3, which no one reported
    assert latest_complete(con, "yearly", ["Oybek"], TODAY) == "2024"
    assert latest_complete(con, "quarterly", ["Dustlik"], TODAY) is None  # no agency reports there


def test_records_dated_today_or_later_do_not_close_the_current_period():
    con = _files([("a.csv", "customs", "Oybek", "2025-01-01", "2026-09-30", ["2025-01-05", "2026-09-20"]),
                  ("b.csv", "customs", "Oybek", None, None, ["2026-12-01", "2027-03-04"])])
    assert latest_complete(con, "quarterly", ["Oybek"], TODAY) == "2026-Q3"
    assert not is_complete(con, "2026-Q4", ["Oybek"], TODAY)


def test_national_level_records_alone_give_no_period():
    con = _files([("unodc.csv", "unodc", None, "2019-01-01", "2024-12-31", ["2019-06-30", "2024-06-30"])])
    assert latest_complete(con, "quarterly", ["Oybek"], TODAY) is None
