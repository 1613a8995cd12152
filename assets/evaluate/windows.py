"""The months around each BLO's opening that the per-crossing estimates rest on, and a fingerprint of them."""

from __future__ import annotations

import datetime as dt
from importlib.metadata import version
from pathlib import Path

import polars as pl

from warehouse.store import fingerprint

PRE_MONTHS = 24
POST_MONTHS = 24
CODE = [Path(__file__).with_name(name) for name in ("windows.py", "effects.py", "its.py", "serial.py", "errors.py",
                                                   "words.py")]


def month_index(column: str) -> pl.Expr:
    """Months since year 0, so that differences of dates are whole months."""
    return pl.col(column).dt.year() * 12 + pl.col(column).dt.month() - 1


def shift(month: dt.date, months: int) -> dt.date:
    """The first of the month `months` away from `month`."""
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def windows(monthly: pl.DataFrame, registry: pl.DataFrame, pre_months: int, post_months: int) -> pl.DataFrame:
    """The reported months within each BLO's window, with `t` (months since the window start) and `post`."""
    opened = registry.drop_nulls("blo_established").select("crossing_point", "blo_established")
    return (monthly.filter(pl.col("reported")).join(opened, on="crossing_point")
            .with_columns(rel=month_index("month") - month_index("blo_established"))
            .filter(pl.col("rel").is_between(-pre_months, post_months - 1))
            .select("crossing_point", "month", "events", "mass_kg", t=pl.col("rel") + pre_months,
                    post=(pl.col("rel") >= 0).cast(pl.Int8)))


def effects_inputs_key(monthly: pl.DataFrame, registry: pl.DataFrame) -> str:
    """A fingerprint of all the per-crossing estimates rest on: every BLO's window of months, the registry, their
    code and the statsmodels release. Months outside every window (a new export of this year's months, mostly)
    leave it as it was."""
    window = windows(monthly, registry, PRE_MONTHS, POST_MONTHS).sort("crossing_point", "month")
    # to the gram: a month's kg is a sum of doubles, whose last bits move with the order its rows are stored in
    return fingerprint(window.with_columns(pl.col("mass_kg").round(3)), registry.sort("crossing_point"), *CODE,
                       version("statsmodels"))
