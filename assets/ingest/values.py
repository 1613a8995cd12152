"""Typed values from text cells: numbers with any separators, dates and reporting periods in the region's formats."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import polars as pl

DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d-%m-%Y", "%Y/%m/%d", "%d.%m.%y", "%Y-%m-%d %H:%M:%S",
                "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y")
EXCEL_EPOCH = dt.date(1899, 12, 30)
EARLIEST = dt.date(1990, 1, 1)
MONTHS = {
    **{m: i for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)},
    **{m: i for i, m in enumerate(["yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avgust", "sentabr",
                                   "oktabr", "noyabr", "dekabr"], 1)},
    **{m: i for i, m in enumerate(["январ", "феврал", "март", "апрел", "май", "июн", "июл", "август", "сентябр",
                                   "октябр", "ноябр", "декабр"], 1)},
}
_SPACES = r"[\s\u00a0\u202f']"


def number_expr(column: str, decimal: str | None = None) -> pl.Expr:
    """A text column as numbers: spaces, no-break spaces and commas as thousands; decimal comma or point."""
    text = pl.col(column).str.strip_chars().str.replace_all(_SPACES, "")
    if decimal == ",":
        text = (
            pl.when(text.str.contains(",", literal=True))
            .then(text.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True))
            .otherwise(text)
        )
    else:
        text = (
            pl.when(text.str.contains(r"^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$"))
            .then(text.str.replace_all(",", "", literal=True))
            .otherwise(text.str.replace(",", ".", literal=True))
        )
    return text.cast(pl.Float64, strict=False)


def parse_date(text: str | None, today: dt.date | None = None) -> dt.date | None:
    """One date cell: ISO, dd.mm.yyyy, dd/mm/yyyy (day first, as the region writes), Excel serials."""
    day = _any_date(text)
    return day if day and EARLIEST <= day <= (today or dt.date.today()) + dt.timedelta(days=1) else None


def date_problem(text: str | None, today: dt.date | None = None) -> str:
    """Why a date cell gives no usable date (for the quarantine)."""
    day = _any_date(text)
    if day is None:
        return f"unreadable date '{text}'" if text else "no date"
    if day < EARLIEST:
        return f"date '{text}' is before {EARLIEST.year}"
    return f"date '{text}' is in the future"


def _any_date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    text = text.strip()
    if re.fullmatch(r"\d{5}(\.0+)?", text):
        return EXCEL_EPOCH + dt.timedelta(days=int(float(text)))
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_month(text: str | None) -> dt.date | None:
    """First day of a reporting month written '2019-03', '03.2019', 'март 2019', 'Mar 2019' or as a date."""
    if text is None:
        return None
    text = text.strip().casefold()
    if m := re.fullmatch(r"(\d{4})[-./](\d{1,2})", text):
        return _month(int(m[1]), int(m[2]))
    if m := re.fullmatch(r"(\d{1,2})[-./](\d{4})", text):
        return _month(int(m[2]), int(m[1]))
    if m := re.fullmatch(r"([^\d\s.]+)\.?\s*(\d{4})(\s*г\.?)?", text):
        number = month_number(m[1])
        return _month(int(m[2]), number) if number else None
    day = parse_date(text)
    return day.replace(day=1) if day else None


def month_number(name: str) -> int | None:
    """Month number from an English, Russian or Uzbek month name or abbreviation."""
    name = name.casefold().strip(". ")
    for stem, number in sorted(MONTHS.items(), key=lambda kv: -len(kv[0])):
        if name.startswith(stem) or (stem == "май" and name == "мая"):
            return number
    return None


def _month(year: int, month: int) -> dt.date | None:
    return dt.date(year, month, 1) if 1 <= month <= 12 and 1990 <= year <= 2100 else None


def map_distinct(frame: pl.DataFrame, column: str, func: Callable, dtype: pl.DataType, name: str) -> pl.DataFrame:
    """Apply a Python parser once per distinct value of a column, then join the result back (fast at scale)."""
    values = frame.get_column(column).unique().drop_nulls()
    lookup = pl.DataFrame({column: values, name: [func(v) for v in values]}, schema={column: pl.String, name: dtype})
    return frame.join(lookup, on=column, how="left", maintain_order="left")
