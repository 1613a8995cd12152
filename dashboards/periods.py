"""Reporting periods for donor packs: the last complete month, quarter or year of the data.

A period is complete once it has ended and either every agency reporting into the donor's crossing points has files
covering each of its months, or a grace period after its end has passed and some of them reported in it (the pack
then names the agencies that had not; a period no agency reported is never complete: there is nothing to report).
An agency reports into a crossing point when it has records there; it counts for a period when it covered some month
in the two years up to the period's end (one silent longer has stopped; one not yet started does not count).
"""

from __future__ import annotations

import datetime as dt

import duckdb

from assets.warehouse.series import agency_months

CADENCES = ("monthly", "quarterly", "yearly")
GRACE_DAYS = 45  # how long after a period's end a pack waits for agencies that have not yet reported
COVERING = f"""
WITH {agency_months(schema="")},
counting AS (      -- agencies reporting at these crossing points that covered a month in the two years up to the end
    SELECT DISTINCT e.agency FROM expected e JOIN covered c USING (agency)
    WHERE list_contains($points, e.crossing_point) AND c.month <= $end AND c.month > $end - INTERVAL 2 YEAR
)
SELECT agency, (SELECT count(*) FROM covered c WHERE c.agency = counting.agency AND c.month BETWEEN $start AND $end)
FROM counting ORDER BY agency
"""
SPAN = f"""
WITH {agency_months(schema="")}
SELECT min(c.month), max(c.month) FROM expected e JOIN covered c USING (agency)
WHERE list_contains($points, e.crossing_point)
"""
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


def month_count(start: dt.date, end: dt.date) -> int:
    """How many calendar months a span from `start` to `end` touches."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


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


def _months_covered(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date, crossing_points: list[str]
                    ) -> dict[str, int]:
    """Each agency reporting into these crossing points, with how many months from `start` to `end` it covered."""
    return dict(con.execute(COVERING, {"points": list(crossing_points), "start": start.replace(day=1),
                                       "end": end.replace(day=1)}).fetchall())


def silent_agencies(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date, crossing_points: list[str]
                    ) -> list[str]:
    """The agencies reporting into these crossing points that have not covered every month from `start` to `end`."""
    months = month_count(start, end)
    return [agency for agency, n in _months_covered(con, start, end, crossing_points).items() if n < months]


def is_complete(con: duckdb.DuckDBPyConnection, period: str, crossing_points: list[str], today: dt.date | None = None,
                grace_days: int = GRACE_DAYS) -> bool:
    """Whether a period has ended and every agency reporting into these crossing points has covered it, or its
    grace period has passed and some of them reported in it."""
    today = today or dt.date.today()
    start, end = period_bounds(period)
    if end >= today:
        return False
    covered = _months_covered(con, start, end, crossing_points)
    months = month_count(start, end)
    if today > end + dt.timedelta(days=grace_days):
        return any(covered.values())
    return bool(covered) and min(covered.values()) == months


def latest_complete(con: duckdb.DuckDBPyConnection, cadence: str, crossing_points: list[str],
                    today: dt.date | None = None, grace_days: int = GRACE_DAYS) -> str | None:
    """The most recent complete period of this cadence (e.g. '2024-Q4') for a donor's crossing points; None when no
    agency has reported into them."""
    today = today or dt.date.today()
    first, last = con.execute(SPAN, {"points": list(crossing_points)}).fetchall()[0]
    if first is None:
        return None
    period = last_complete_period(cadence, today.replace(day=1) - dt.timedelta(days=1))
    # a period that begins after the last month anyone covered has no report in it
    while period_bounds(period)[0] > last or not is_complete(con, period, crossing_points, today, grace_days):
        period = last_complete_period(cadence, period_bounds(period)[0] - dt.timedelta(days=1))
        if period_bounds(period)[1] < first:
            return None
    return period
