"""Typed values from text cells: numbers with any separators, dates and reporting periods in the region's formats."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import polars as pl

from assets.shared.quantities import to_number_expr

DAY_FIRST, MONTH_FIRST = "day_first", "month_first"
EXCEL_EPOCH = dt.date(1899, 12, 30)
EARLIEST = dt.date(1990, 1, 1)
CENTURY_PIVOT = 69  # two-digit years 00–68 are 2000–2068, 69–99 are 1969–1999 (as POSIX strptime reads them)
MONTH_STEMS = (  # what each month's names inflect from: a name is a stem and at most 4 more letters ("наурыздағы")
    ("january", "yanvar", "ýanwar", "yanwar", "январ", "қаңтар", "үчтүн"),
    ("february", "fevral", "fewral", "феврал", "ақпан", "бирдин"),
    ("march", "mart", "март", "наурыз", "жалган куран"),
    ("april", "aprel", "апрел", "сәуір", "чын куран"),
    ("мамыр", "бугу"),
    ("june", "iyun", "iýun", "июн", "маусым", "кулжа"),
    ("july", "iyul", "iýul", "июл", "шілде", "теке"),
    ("august", "avgust", "awgust", "август", "тамыз", "баш оона"),
    ("september", "sentabr", "sentyabr", "sentýabr", "сентябр", "қыркүйек", "аяк оона"),
    ("october", "oktabr", "oktyabr", "oktýabr", "октябр", "қазан", "тогуздун"),
    ("november", "noyabr", "noýabr", "ноябр", "қараша", "жетинин"),
    ("december", "dekabr", "декабр", "желтоқсан", "бештин"),
)
MONTH_WORDS = {  # abbreviations and short names, taken only as written
    word: number for number, words in enumerate((
        "jan янв", "feb фев февр", "mar мар", "apr апр", "may maý май мая мае", "jun", "jul", "aug авг",
        "sep sept сен сент", "oct окт", "nov ноя нояб", "dec дек"), 1) for word in words.split()}
# words around a written date that name no part of it: year, month, ordinal endings ("2024-nji ýylyň", "моҳи")
FILLER = {
    "г", "гг", "год", "года", "году", "y", "yil", "yili", "yilning", "йил", "йили", "йилнинг", "жыл", "жылы", "жылғы",
    "жылдын", "жылдың", "ýyl", "ýyly", "ýylyň", "соли", "сол", "ой", "ойи", "oy", "oyi", "ай", "айы", "aý", "aýy",
    "моҳи", "моҳ", "of", "nji", "njy", "inchi", "нчи", "st", "nd", "rd", "th"}
_TIME = r"(?:(?:t|\s+)(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:[.,]\d+)?)?\s*(?:z|[+-]\d{2}(?::?\d{2})?)?)?"
_ISO = re.compile(rf"(\d{{4}})([-./])(\d{{1,2}})\2(\d{{1,2}}){_TIME}")
_DMY = re.compile(rf"(\d{{1,2}})([-./])(\d{{1,2}})\2(\d{{4}}|\d{{2}})(?:\s*г\.?)?{_TIME}")
_SERIAL = re.compile(r"\d{5}(?:\.\d+)?")
_STEMS = sorted(((stem, n) for n, stems in enumerate(MONTH_STEMS, 1) for stem in stems), key=lambda s: -len(s[0]))
_SPACES = r"[\s\u00a0\u202f']"


def number_expr(column: str, decimal: str | None = None) -> pl.Expr:
    """A text column as numbers, by the one number grammar (`to_number` in assets/shared/quantities.py)."""
    return to_number_expr(pl.col(column).cast(pl.String).str.strip_chars(), decimal)


def read_dates(frame: pl.DataFrame, column: str, today: dt.date | None = None, convention: str | None = None,
               country: str | None = None) -> tuple[pl.DataFrame, str | None]:
    """A date column read once per distinct cell in the order its values decide: adds `period_start` and
    `_date_problem` (why a cell gives no date), and returns the note for the file's summary (None if nothing to say)."""
    values = frame.get_column(column).unique(maintain_order=True).drop_nulls().to_list()
    order, note = date_order(values, convention, country)
    days = [parse_date(value, today, order) for value in values]
    problems = [None if day else date_problem(value, today, order) for value, day in zip(values, days, strict=True)]
    lookup = pl.DataFrame({column: values, "period_start": days, "_date_problem": problems},
                          schema={column: pl.String, "period_start": pl.Date, "_date_problem": pl.String})
    return frame.join(lookup, on=column, how="left", maintain_order="left"), note


def date_order(values: list[str], convention: str | None = None,
               country: str | None = None) -> tuple[str | None, str | None]:
    """How a column writes dd/mm: a first part over 12 (31/03) means day first, a second (03/14) month first, both
    mean a mixed column (None: those dates are unreadable); else the profile's or the country's convention, noted."""
    parts = [(int(m[1]), int(m[3]), value) for value in values if (m := _DMY.fullmatch(value.strip().casefold()))]
    day_first = next((value for first, second, value in parts if first > 12 >= second), None)
    month_first = next((value for first, second, value in parts if second > 12 >= first), None)
    if day_first and month_first:
        return None, f"dates unreadable: day first ({day_first}) and month first ({month_first}) in one column"
    if day_first or month_first:
        return (DAY_FIRST if day_first else MONTH_FIRST), None
    order, basis = _convention(convention, country)
    for first, second, value in parts:
        if first != second and (day := _any_date(value, order)):
            words = order.replace("_", " ")
            return order, f"dates read {words} ({value} = {day.day} {day:%B}): no value decides the order ({basis})"
    return order, None


def _convention(convention: str | None, country: str | None) -> tuple[str, str]:
    """The order for a column whose values don't decide it: the profile's, else the country's, with its source."""
    if convention:
        return convention, "the profile's convention"
    if country == "USA":
        return MONTH_FIRST, "the US convention"
    return DAY_FIRST, "the region's convention"


def parse_date(text: str | None, today: dt.date | None = None, order: str | None = DAY_FIRST) -> dt.date | None:
    """One date cell (ISO, timestamps at their local date, dd.mm.yy(yy), Excel serials, month names) in a plausible
    range; `order` says how dd/mm is written (None: the column mixes both, so such cells are unreadable)."""
    day = _any_date(text, order)
    return day if day and EARLIEST <= day <= _latest(today) else None


def date_problem(text: str | None, today: dt.date | None = None, order: str | None = DAY_FIRST) -> str:
    """Why a date cell gives no usable date (for the quarantine, one line)."""
    if not text:
        return "no date"
    day, shown = _any_date(text, order), _shown(text)
    if day is None:
        mixed = order is None and _DMY.fullmatch(text.strip().casefold())
        return f"unreadable date '{shown}'" + (" (its column mixes day-first and month-first dates)" if mixed else "")
    if day < EARLIEST:
        return f"date '{shown}' is before {EARLIEST.year}"
    return f"date '{shown}' is in the future"


def _any_date(text: str | None, order: str | None) -> dt.date | None:
    if text is None:
        return None
    text = text.strip().casefold()
    if _SERIAL.fullmatch(text):
        return EXCEL_EPOCH + dt.timedelta(days=int(float(text)))
    if m := _ISO.fullmatch(text):
        return _date(int(m[1]), int(m[3]), int(m[4]))
    if m := _DMY.fullmatch(text):
        first, second = int(m[1]), int(m[3])
        day, month = (first, second) if order == DAY_FIRST else (second, first)
        return _date(_full_year(m[4]), month, day) if order else None
    return _written_date(text)


def _written_date(text: str) -> dt.date | None:
    """A date with its month named: '14 марта 2024 г.', '14-mart 2024', '2024 yil 14 mart', 'Mar 14, 2024'."""
    numbers, month = _written(text)
    years, days = [n for n in numbers if len(n) == 4], [n for n in numbers if len(n) <= 2]
    return _date(int(years[0]), month, int(days[0])) if month and len(years) == len(days) == 1 else None


def _written(text: str) -> tuple[list[str], int | None]:
    """The numbers of a date or period written in words, and the month it names: 0 when a word is no month."""
    tokens = [t for t in re.findall(r"\d+|[^\W\d_]+", text.casefold()) if t not in FILLER]
    words = " ".join(t for t in tokens if not t.isdigit())
    return [t for t in tokens if t.isdigit()], (month_number(words) or 0) if words else None


def parse_period(text: str | None, today: dt.date | None = None) -> tuple[dt.date, dt.date] | None:
    """First and last day of a reporting period: a month ('2019-03', 'март 2019 г.', '2024 yil mart') or a year."""
    period = _any_period(text)
    return period if period and EARLIEST <= period[0] <= _latest(today) else None


def period_problem(text: str | None, today: dt.date | None = None) -> str:
    """Why a period cell gives no usable period (for the quarantine, one line)."""
    if not text:
        return "no period"
    period, shown = _any_period(text), _shown(text)
    if period is None:
        return f"unreadable period '{shown}'"
    if period[0] < EARLIEST:
        return f"period '{shown}' is before {EARLIEST.year}"
    return f"period '{shown}' is in the future"


def read_periods(frame: pl.DataFrame, column: str, today: dt.date | None = None) -> tuple[pl.DataFrame, str]:
    """A period column read once per distinct cell: adds `period_start`, `period_end` and `_date_problem`, and
    returns the grain ('year' when every readable period is a whole year, else 'month')."""
    values = frame.get_column(column).unique().drop_nulls().to_list()
    periods = [parse_period(value, today) for value in values]
    lookup = pl.DataFrame(
        {column: values, "period_start": [p and p[0] for p in periods], "period_end": [p and p[1] for p in periods],
         "_date_problem": [None if p else period_problem(v, today) for v, p in zip(values, periods, strict=True)]},
        schema={column: pl.String, "period_start": pl.Date, "period_end": pl.Date, "_date_problem": pl.String})
    whole_years = [p[0].month != p[1].month for p in periods if p]
    grain = "year" if whole_years and all(whole_years) else "month"
    return frame.join(lookup, on=column, how="left", maintain_order="left"), grain


def _any_period(text: str | None) -> tuple[dt.date, dt.date] | None:
    if text is None:
        return None
    numbers, month = _written(text)
    if month is None and len(numbers) == 1 and len(numbers[0]) == 4:
        return dt.date(int(numbers[0]), 1, 1), dt.date(int(numbers[0]), 12, 31)
    start = parse_month(text)
    return (start, _month_end(start)) if start else None


def parse_month(text: str | None) -> dt.date | None:
    """First day of a reporting month written '2019-03', '03.2019', 'март 2019', 'Mar 2019' or as a date."""
    if text is None:
        return None
    text = text.strip().casefold()
    if m := re.fullmatch(r"(\d{4})[-./](\d{1,2})", text):
        return _date(int(m[1]), int(m[2]), 1)
    if m := re.fullmatch(r"(\d{1,2})[-./](\d{4})", text):
        return _date(int(m[2]), int(m[1]), 1)
    numbers, month = _written(text)
    if month and len(numbers) == 1 and len(numbers[0]) == 4:
        return _date(int(numbers[0]), month, 1)
    day = _any_date(text, DAY_FIRST)
    return day.replace(day=1) if day else None


def month_number(name: str) -> int | None:
    """Month number from a month's name or abbreviation in any of the region's languages ('марта', 'Oct', 'наурыз')."""
    name = name.casefold().strip(". ")
    if name in MONTH_WORDS:
        return MONTH_WORDS[name]
    return next((n for stem, n in _STEMS if name.startswith(stem) and _ending(name[len(stem):])), None)


def _ending(suffix: str) -> bool:
    """An inflection ending a month name may take: none, or up to four letters ("марта", "martda", "қаңтардағы")."""
    return not suffix or (suffix.isalpha() and len(suffix) <= 4)


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _full_year(digits: str) -> int:
    year = int(digits)
    return year if len(digits) == 4 else year + (2000 if year < CENTURY_PIVOT else 1900)


def _month_end(start: dt.date) -> dt.date:
    return dt.date(start.year + start.month // 12, start.month % 12 + 1, 1) - dt.timedelta(days=1)


def _latest(today: dt.date | None) -> dt.date:
    """The latest plausible date: tomorrow, since an export stamped further east may already be a day ahead."""
    return (today or dt.date.today()) + dt.timedelta(days=1)


def _shown(text: str) -> str:
    """A cell as a quarantine reason quotes it: on one line, at most 60 characters."""
    return " ".join(text.split())[:60]


def map_distinct(frame: pl.DataFrame, column: str, func: Callable, dtype: pl.DataType, name: str) -> pl.DataFrame:
    """Apply a Python parser once per distinct value of a column, then join the result back (fast at scale)."""
    values = frame.get_column(column).unique().drop_nulls()
    lookup = pl.DataFrame({column: values, name: [func(v) for v in values]}, schema={column: pl.String, name: dtype})
    return frame.join(lookup, on=column, how="left", maintain_order="left")
