"""Reporting periods for donor packs: the last complete month, quarter or year of the data."""

from __future__ import annotations

import datetime as dt

import duckdb

CADENCES = ("monthly", "quarterly", "yearly")
# each agency's last month at a crossing point; an agency two years or more behind the newest has stopped
# reporting and no longer counts (one that sends a file a year may well be a year behind)
REPORTED_THROUGH = """
WITH last AS (SELECT agency, date_trunc('month', max(period_end))::DATE AS month FROM seizure_sources
              WHERE crossing_point IS NOT NULL GROUP BY agency)
SELECT min(month) FILTER (WHERE month > (SELECT max(month) FROM last) - INTERVAL 2 YEAR) FROM last
"""


def reported_through(con: duckdb.DuckDBPyConnection, today: dt.date | None = None) -> dt.date | None:
    """The last month every agency still reporting has reported at its crossing points, and never the current month
    or a later one (records dated in the future are typing errors, not a closed period); None without data."""
    month = con.execute(REPORTED_THROUGH).fetchall()[0][0]
    if month is None:
        return None
    today = today or dt.date.today()
    current = dt.date(today.year, today.month, 1)
    return min(month, current - dt.timedelta(days=1)).replace(day=1)


def last_complete_period(cadence: str, last_month: dt.date) -> str:
    """Label of the last period of this cadence that ends on or before `last_month` (e.g. '2024-Q4')."""
    if cadence not in CADENCES:
        raise ValueError(f"cadence must be one of {CADENCES}, not '{cadence}'")
    year, month = last_month.year, last_month.month
    if cadence == "monthly":
        return f"{year}-{month:02d}"
    if cadence == "quarterly":
        quarter = month // 3  # the last quarter whose final month is at or before `last_month`
        return f"{year - 1}-Q4" if quarter == 0 else f"{year}-Q{quarter}"
    return str(year if month == 12 else year - 1)


def period_bounds(period: str) -> tuple[dt.date, dt.date]:
    """First and last day of a period label ('2024', '2024-Q4' or '2024-11')."""
    try:
        if "-Q" in period:
            year, quarter = int(period[:4]), int(period[-1])
            if not 1 <= quarter <= 4:
                raise ValueError
            start = dt.date(year, 3 * quarter - 2, 1)
            end_month = 3 * quarter
        elif "-" in period:
            year, month = (int(x) for x in period.split("-"))
            start, end_month = dt.date(year, month, 1), month
        else:
            year = int(period)
            start, end_month = dt.date(year, 1, 1), 12
    except ValueError:
        raise ValueError(f"period '{period}' is not YYYY, YYYY-Qn or YYYY-MM") from None
    following = dt.date(year + (end_month == 12), end_month % 12 + 1, 1)
    return start, following - dt.timedelta(days=1)
