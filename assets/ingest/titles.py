"""What the title rows above a table say of all its rows: the reporting period, the country, the crossing point."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

import polars as pl

from assets.ingest.headers import fold
from warehouse import reference

QUOTED = re.compile(r"[«\"“„']([^»\"”']{3,40})[»\"”']")
YEAR = re.compile(r"(?<!\d)(19[9]\d|20\d\d)(?!\d)")
RANGE = r"\s*(?:[-–—]|\.\.|по|до|to|through|gacha|дейін|гача)\s*"  # "январь–март", "с января по март", "yanvar-mart"
ORDINALS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "first": 1, "second": 2, "third": 3, "fourth": 4, "первый": 1,
            "второй": 2, "третий": 3, "четвертый": 4, "четвёртый": 4, "первое": 1, "второе": 2}
_NUMBER = r"(?<![\w])([1-4]|iv|i{1,3}|first|second|third|fourth|первый|второй|третий|четв[её]ртый|первое|второе)"
_ENDING = r"(?:-?(?:й|ый|ой|ое|е|chi|inchi|nchi|st|nd|rd|th))?[\s-]*"
# "1-chorak", "I квартал", "2-й квартал", "first quarter", "1-чейрек", "Q1" (Tajik "семоҳаи 1" is not read yet)
QUARTER = re.compile(rf"{_NUMBER}{_ENDING}(?:квартал|kvartal|chorak|чорак|чейрек|тоқсан|quarter)"
                     r"|(?<![\w])q([1-4])(?!\d)")
HALF = re.compile(rf"{_NUMBER}{_ENDING}(?:полугоди|yarim\s*yil|half)")
MONTHS_SINCE_JANUARY = re.compile(r"(?<!\d)(\d{1,2})[\s-]*(?:ти|и|х)?\s*(?:месяц|oy\b|oylik|months)")


@dataclass(frozen=True)
class TitleFacts:
    """Facts a title states for the whole table; None where it says nothing."""

    period_start: dt.date | None = None
    period_end: dt.date | None = None
    grain: str | None = None
    country_iso3: str | None = None
    crossing_raw: str | None = None
    agency: str | None = None  # the first title line, where agencies put their name


@cache
def _countries() -> list[tuple[str, str]]:
    frame = reference.table("countries")
    return [(fold(alias), iso3) for alias, iso3 in frame.select("alias", "country_iso3").iter_rows()]


def title_facts(lines: list[str]) -> TitleFacts:
    """The period ("за март 2024 года", "2023 yil", "marti soli 2024"), country and crossing point a title names."""
    text = " ".join(lines)
    start, end, grain = _period(text)
    agency = next((line.strip() for line in lines if line.strip()), None)
    return TitleFacts(start, end, grain, country_named(text), _crossing(lines), agency[:120] if agency else None)


def _period(text: str) -> tuple[dt.date | None, dt.date | None, str | None]:
    period = title_period(text)
    if period is None:
        return None, None, None
    start, end = period
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    return start, end, "month" if months == 1 else "year" if months % 12 == 0 and start.month == 1 else "period"


def title_period(text: str) -> tuple[dt.date, dt.date] | None:
    """First and last day of the period a title or file name states: a month ("за март 2024 года"), a run of months
    ("за январь–март 2024 года", "9 месяцев 2024"), a quarter ("2024 yil 1-chorak", "I квартал 2024", "Q1 2024"),
    a half-year ("1-е полугодие 2024"), a year ("2023 yil") or a run of years ("2019–2023 гг."); None without a year."""
    from assets.ingest.values import month_number

    years = [m for m in YEAR.finditer(text) if not _inside_date(text, m)]
    if not years:
        return None
    year, folded = int(years[0][1]), text.casefold()
    if until := re.match(rf"{RANGE}(19[9]\d|20\d\d)(?!\d)", text[years[0].end():]):
        return dt.date(year, 1, 1), dt.date(max(year, int(until[1])), 12, 31)
    for pattern, length in ((QUARTER, 3), (HALF, 6)):
        if found := pattern.search(folded):
            number = next(g for g in found.groups() if g)
            first = length * (ORDINALS.get(number) or int(number)) - length + 1
            return dt.date(year, first, 1), _month_end(year, first + length - 1)
    if (found := MONTHS_SINCE_JANUARY.search(folded)) and 2 <= int(found[1]) <= 11:
        return dt.date(year, 1, 1), _month_end(year, int(found[1]))
    around = text[max(0, years[0].start() - 25):years[0].end() + 25]
    named = [(n, m) for m in re.finditer(r"[^\W\d_]+", around) if len(m[0]) >= 3 and (n := month_number(m[0]))]
    if not named:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    (first, a), *rest = named
    last = next((n for n, b in rest[:1] if n > first and re.fullmatch(RANGE, around[a.end():b.start()])), first)
    return dt.date(year, first, 1), _month_end(year, last)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)


def _inside_date(text: str, match: re.Match) -> bool:
    """A year that belongs to a full date ("по состоянию на 05.03.2024"), not the period of the report."""
    return bool(re.search(r"\d{1,2}[./-]\d{1,2}[./-]$", text[max(0, match.start() - 6):match.start()]))


def country_named(text: str | None) -> str | None:
    """The ISO 3166 code of a country a text names ("Кыргызской Республики", "Tajikistan"), or an ISO code itself."""
    if not text:
        return None
    if re.fullmatch(r"[A-Z]{3}", text.strip()):
        return text.strip()
    words = fold(text).split()
    for alias, iso3 in _countries():
        if any(word.startswith(alias) for word in words):
            return iso3
    return None


def _crossing(lines: list[str]) -> str | None:
    """A crossing point the title names, quoted («Ойбек») or as a word the gazetteer knows."""
    from assets.shared.crossings import match_crossings

    candidates = [m[1] for line in lines for m in QUOTED.finditer(line)]
    candidates += [w for line in lines for w in re.findall(r"[^\W\d_][^\s,.;:()«»\"]{3,}", line)]
    if not candidates:
        return None
    found = match_crossings(candidates).filter(pl.col("match_method").is_in(["exact", "normalised"]))
    return found.get_column("name_raw").first() if found.height else None
