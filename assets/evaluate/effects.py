"""Per BLO crossing point: before/after means and an interrupted time series; region-wide: staggered DiD."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import polars as pl

from assets.evaluate.did import DidResult, fit_did, log_rate
from assets.evaluate.its import EvaluationError, fit_its

MIN_PRE_MONTHS = 6
HAC_LAGS = 3
COLUMNS = ["crossing_point", "blo_established", "window_start", "window_end", "pre_months", "post_months",
           "pre_mean_events", "post_mean_events", "descriptive_ratio", "pre_mean_kg", "post_mean_kg", "model",
           "rate_ratio", "lower", "upper", "slope_change", "dispersion", "placebo_date", "placebo_rate_ratio",
           "placebo_lower", "placebo_upper", "status", "sentence"]
MODEL = "quasi-Poisson interrupted time series with seasonality and HAC errors"


def _shift(month: dt.date, months: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def one_crossing(series: pd.DataFrame, opened: dt.date, pre_months: int, post_months: int, harmonics: int,
                 placebo_offset: int) -> dict:
    """Estimates for one crossing point's reported months around its BLO opening."""
    start, end = _shift(opened, -pre_months), _shift(opened, post_months - 1)
    month = series["month"]
    window = series[(month >= pd.Timestamp(start)) & (month <= pd.Timestamp(end)) & series["reported"]].copy()
    window["post"] = (window["month"] >= pd.Timestamp(opened)).astype(int)
    window["t"] = [(m.year - start.year) * 12 + m.month - start.month for m in window["month"]]
    pre, post = window[window["post"] == 0], window[window["post"] == 1]
    row = {"window_start": start, "window_end": end, "pre_months": len(pre), "post_months": len(post),
           "pre_mean_events": pre["events"].mean(), "post_mean_events": post["events"].mean(),
           "pre_mean_kg": pre["mass_kg"].mean(), "post_mean_kg": post["mass_kg"].mean(), "model": MODEL}
    row["descriptive_ratio"] = (row["post_mean_events"] / row["pre_mean_events"]
                                if row["pre_mean_events"] else None)
    if len(pre) < MIN_PRE_MONTHS:
        return {**row, "status": f"fewer than {MIN_PRE_MONTHS} pre-period months ({len(pre)})"}
    if len(post) < 1:
        return {**row, "status": "no months after the BLO opened yet"}
    try:
        fit = fit_its(window, "t", "events", "post", harmonics=harmonics, hac_lags=HAC_LAGS,
                      slope=len(pre) >= 12 and len(post) >= 12)
    except EvaluationError as exc:
        return {**row, "status": str(exc)}
    row.update(rate_ratio=fit.rate_ratio, lower=fit.lower, upper=fit.upper, slope_change=fit.slope_change,
               dispersion=fit.dispersion, status="ok")
    placebo_date = _shift(opened, -placebo_offset)
    before = window[window["month"] < pd.Timestamp(opened)].copy()
    before["post"] = (before["month"] >= pd.Timestamp(placebo_date)).astype(int)
    if 0 < before["post"].sum() < len(before):
        try:
            fake = fit_its(before, "t", "events", "post", harmonics=harmonics, hac_lags=HAC_LAGS)
            row.update(placebo_date=placebo_date, placebo_rate_ratio=fake.rate_ratio, placebo_lower=fake.lower,
                       placebo_upper=fake.upper)
        except EvaluationError:
            pass
    return row


def sentence(name: str, row: dict) -> str:
    """One plain-language sentence an evaluator can paste into a report."""
    opened = row["blo_established"].strftime("%B %Y")
    if row.get("status") != "ok":
        return f"At {name}, no before/after estimate is given for the BLO opened in {opened}: {row['status']}."
    direction = "rose" if row["post_mean_events"] >= row["pre_mean_events"] else "fell"
    return (f"At {name}, seizure events {direction} from {row['pre_mean_events']:.1f} to "
            f"{row['post_mean_events']:.1f} a month in the {row['post_months']} months after the BLO opened in "
            f"{opened} (rate ratio {row['rate_ratio']:.2f}, 95 % CI {row['lower']:.2f}–{row['upper']:.2f}; "
            f"{MODEL}).")


def blo_effects(monthly: pl.DataFrame, registry: pl.DataFrame, pre_months: int = 24, post_months: int = 24,
                harmonics: int = 1, placebo_offset_months: int = 12) -> pl.DataFrame:
    """One row per crossing point with a BLO and data: estimates, or a status saying why there are none."""
    opened = registry.drop_nulls("blo_established")
    frame = monthly.to_pandas()
    rows = []
    for name, date in opened.select("crossing_point", "blo_established").iter_rows():
        series = frame[frame["crossing_point"] == name]
        if series.empty:
            continue
        row = {"crossing_point": name, "blo_established": date,
               **one_crossing(series, date, pre_months, post_months, harmonics, placebo_offset_months)}
        row["sentence"] = sentence(name, row)
        rows.append({c: row.get(c) for c in COLUMNS})
    schema = {c: pl.Float64 for c in COLUMNS} | {
        "crossing_point": pl.String, "blo_established": pl.Date, "window_start": pl.Date, "window_end": pl.Date,
        "pre_months": pl.Int64, "post_months": pl.Int64, "model": pl.String, "placebo_date": pl.Date,
        "status": pl.String, "sentence": pl.String}
    return pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)


def did_panel(monthly: pl.DataFrame, registry: pl.DataFrame) -> pd.DataFrame:
    """Crossing point × quarter panel of log(events + 1), cohort = quarter index the BLO opened (0 = never)."""
    quarters = (monthly.filter(pl.col("reported"))
                .with_columns(quarter=pl.col("month").dt.year() * 4 + (pl.col("month").dt.month() - 1) // 3)
                .group_by("crossing_point", "quarter").agg(events=pl.col("events").sum()))
    first = quarters.get_column("quarter").min() or 0
    cohorts = registry.select("crossing_point", cohort=(pl.col("blo_established").dt.year() * 4
                                                         + (pl.col("blo_established").dt.month() - 1) // 3))
    panel = quarters.join(cohorts, on="crossing_point", how="left").with_columns(
        period=pl.col("quarter") - first + 1,
        cohort=pl.when(pl.col("cohort").is_not_null()).then(pl.col("cohort") - first + 1).otherwise(0))
    frame = panel.to_pandas()
    frame["log_events"] = log_rate(frame["events"])
    return frame


def region_did(monthly: pl.DataFrame, registry: pl.DataFrame, control: str = "never-treated") -> DidResult:
    """Callaway & Sant'Anna on the quarterly panel; ATT on log(events + 1) ≈ log of the BLO's rate ratio."""
    panel = did_panel(monthly, registry)
    panel = panel[panel["cohort"] != 1]  # a BLO in the panel's first quarter has no pre-period
    return fit_did(panel, "crossing_point", "period", "cohort", "log_events", control)
