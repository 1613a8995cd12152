"""The months an export covers: the period its title or its name states, else its first to its last record month.

A month a file covers is a month its agency reported: a covered month without records is a month without seizures,
not a missing one. What a file states never shrinks what its own records show, and never reaches past the month
before it was ingested (a year's report sent in December is a report of January to November).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import polars as pl

from assets.ingest.titles import title_period

_SEPARATORS = re.compile(r"[_.\s]+")
_YEARS = re.compile(r"(?<!\d)((?:19|20)\d\d) ((?:19|20)\d\d)(?!\d)")  # "uz_customs_2019_2023": 2019 to 2023
# "…_2024-03", "03.2024", "2024_Q1", "Q1-2024", "2024_H2"
_MONTH = re.compile(r"(?<!\d)(?<!\d[-_.])(?:(19\d\d|20\d\d)[-_.](0[1-9]|1[0-2])|(0[1-9]|1[0-2])[-_.](19\d\d|20\d\d))"
                    r"(?![-_.]?\d)")
_DATE = re.compile(r"(?<!\d)(?:(?:19|20)\d\d[-_.]?(?:0[1-9]|1[0-2])[-_.]?(?:0[1-9]|[12]\d|3[01])"
                   r"|\d{1,2}[-_.]\d{1,2}[-_.](?:19|20)\d\d)(?!\d)")
_QUARTER = re.compile(r"(?<![a-z\d])(?:(19\d\d|20\d\d)[-_ ]?([qh])([1-4])|([qh])([1-4])[-_ ]?(19\d\d|20\d\d))"
                      r"(?![a-z\d])", re.IGNORECASE)


@dataclass(frozen=True)
class Coverage:
    """The months a file covers, first day of the first to last day of the last, and how that was found."""

    covers_from: dt.date
    covers_to: dt.date
    covered_by: str  # 'title', 'name' or 'records'

    def row(self) -> dict:
        """The columns of the file's `ingested_files` row."""
        return {"covers_from": self.covers_from, "covers_to": self.covers_to, "covered_by": self.covered_by}


def file_coverage(name: str, titles: list[str], records: pl.DataFrame, today: dt.date | None = None
                  ) -> Coverage | None:
    """What a loaded file covers: its title's period, else its name's, else its records' months; None when it
    states no period and holds no dated record."""
    stated = [("title", title_period(" ".join(titles)) if titles else None), ("name", name_period(name))]
    spans = records.select(pl.col("period_start").min(), pl.col("period_end").max()).row(0) if records.height else None
    return covering(next(((how, p) for how, p in stated if p), None), spans, today or dt.date.today())


def covering(stated: tuple[str, tuple[dt.date, dt.date]] | None, records: tuple[dt.date, dt.date] | None,
             today: dt.date) -> Coverage | None:
    """The stated period widened to the file's own records, cut at the end of the month before `today`."""
    first, last = records if records and all(records) else (None, None)
    if stated is None:
        return Coverage(_first_day(first), _last_day(last), "records") if first else None
    how, (start, end) = stated
    end = min(end, today.replace(day=1) - dt.timedelta(days=1))
    end = max(end, last) if last else end
    if end < start:  # a period that has not begun when the file arrives: only its records say anything
        return Coverage(_first_day(first), _last_day(last), "records") if first else None
    return Coverage(_first_day(min(start, first or start)), _last_day(end), how)


def name_period(name: str) -> tuple[dt.date, dt.date] | None:
    """The month, quarter, half-year or year a file's name states ("customs_2024-03.xlsx", "report_2024_Q1.csv",
    "tj_customs_2015.csv"); none from a name holding a full date, the day it was exported."""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    if found := _MONTH.search(stem):
        year, month = (int(found[1]), int(found[2])) if found[1] else (int(found[4]), int(found[3]))
        start = dt.date(year, month, 1)
        return start, _last_day(start)
    if found := _QUARTER.search(stem):
        year, kind, number = (found[1], found[2], found[3]) if found[1] else (found[6], found[4], found[5])
        length = 3 if kind.lower() == "q" else 6
        if length == 6 and int(number) > 2:
            return None
        start = dt.date(int(year), length * int(number) - length + 1, 1)
        return start, _last_day(dt.date(start.year, start.month + length - 1, 1))
    if _DATE.search(stem):
        return None
    # months or years named in words ("tamozhnya_mart_2024", "hisobot_2024_1-chorak", "tj_customs_2015")
    return title_period(_YEARS.sub(r"\1–\2", _SEPARATORS.sub(" ", stem)))


def _first_day(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _last_day(day: dt.date) -> dt.date:
    return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1) - dt.timedelta(days=1)
