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
    from assets.ingest.values import month_number

    years = [m for m in re.finditer(r"(?<!\d)(19[9]\d|20\d\d)(?!\d)", text) if not _inside_date(text, m)]
    if not years:
        return None, None, None
    year = int(years[0][1])
    around = text[max(0, years[0].start() - 25):years[0].end() + 25]
    words = re.findall(r"[^\W\d_]+", around)
    month = next((n for w in words if len(w) >= 3 and (n := month_number(w))), None)
    if month:
        start = dt.date(year, month, 1)
        following = dt.date(year + (month == 12), month % 12 + 1, 1)
        return start, following - dt.timedelta(days=1), "month"
    return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"


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
