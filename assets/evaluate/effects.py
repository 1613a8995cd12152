"""Before/after-BLO evidence per crossing point: an interrupted time series with a placebo.

Months with `reported = false` (no agency report) are missing, not zero, and are left out of every mean and model.
"""

from __future__ import annotations

import pandas as pd
import polars as pl

from assets.evaluate.errors import EvaluationError, check_not_all_zero, check_pre_periods
from assets.evaluate.its import fit_its, placebo_its
from assets.evaluate.windows import POST_MONTHS, PRE_MONTHS, shift, windows

HAC_LAGS = 3
SLOPE_MIN_MONTHS = 12  # a post-BLO trend change is fitted only with a year of data on each side
SCHEMA = {
    "crossing_point": pl.String, "blo_established": pl.Date, "window_start": pl.Date, "window_end": pl.Date,
    "pre_months": pl.Int64, "post_months": pl.Int64, "pre_mean_events": pl.Float64, "post_mean_events": pl.Float64,
    "descriptive_ratio": pl.Float64, "pre_mean_kg": pl.Float64, "post_mean_kg": pl.Float64, "model": pl.String,
    "rate_ratio": pl.Float64, "lower": pl.Float64, "upper": pl.Float64, "slope_change": pl.Float64,
    "dispersion": pl.Float64, "placebo_date": pl.Date, "placebo_rate_ratio": pl.Float64,
    "placebo_lower": pl.Float64, "placebo_upper": pl.Float64, "status": pl.String, "sentence": pl.String,
}
METHOD = "quasi-Poisson interrupted time series with seasonality"


def estimate_blo_effects(monthly: pl.DataFrame, registry: pl.DataFrame, pre_months: int = PRE_MONTHS,
                post_months: int = POST_MONTHS, harmonics: int = 1, placebo_offset_months: int = 12) -> pl.DataFrame:
    """One row per BLO crossing point: before/after means, ITS rate ratio, placebo, status and a plain sentence."""
    window = windows(monthly, registry, pre_months, post_months)
    means = window.group_by("crossing_point").agg(
        pre_months=(pl.col("post") == 0).sum().cast(pl.Int64), post_months=(pl.col("post") == 1).sum().cast(pl.Int64),
        pre_mean_events=pl.col("events").filter(pl.col("post") == 0).mean(),
        post_mean_events=pl.col("events").filter(pl.col("post") == 1).mean(),
        pre_mean_kg=pl.col("mass_kg").filter(pl.col("post") == 0).mean(),
        post_mean_kg=pl.col("mass_kg").filter(pl.col("post") == 1).mean())
    table = (registry.drop_nulls("blo_established").join(means, on="crossing_point", how="left")
             .with_columns(pl.col("pre_months", "post_months").fill_null(0),
                           descriptive_ratio=pl.when(pl.col("pre_mean_events") > 0)
                           .then(pl.col("post_mean_events") / pl.col("pre_mean_events"))))
    series = {name: frame.to_pandas() for (name,), frame in window.partition_by("crossing_point", as_dict=True).items()}
    rows = []
    for row in table.iter_rows(named=True):
        opened = row["blo_established"]
        row |= {"window_start": shift(opened, -pre_months), "window_end": shift(opened, post_months - 1)}
        row |= estimate(series.get(row["crossing_point"]), row["pre_months"], row["post_months"], harmonics,
                        pre_months - placebo_offset_months)
        if row.get("placebo_rate_ratio") is not None:
            row["placebo_date"] = shift(opened, -placebo_offset_months)
        source = str(row.get("blo_source") or row.get("source") or "")
        demo = " (synthetic demo data)" if "synthetic" in source else ""
        row["sentence"] = sentence(row) + demo
        rows.append({column: row.get(column) for column in SCHEMA})
    return pl.DataFrame(rows, schema=SCHEMA, orient="row").sort("crossing_point")


def estimate(series: pd.DataFrame | None, pre: int, post: int, harmonics: int, placebo_t: int) -> dict:
    """ITS estimate and placebo for one crossing point's window, or a status saying why there is none."""
    slope = min(pre, post) >= SLOPE_MIN_MONTHS
    change = "level and slope change" if slope else "level change"
    model = f"{METHOD}: {harmonics} Fourier pair(s), HAC({HAC_LAGS}) errors, {change}"
    try:
        if series is None:
            raise EvaluationError("no reported months in the window around the opening")
        check_pre_periods(pre, "months")
        if post == 0:
            raise EvaluationError("no reported months after the BLO opened")
        check_not_all_zero(series["events"], "month")
        fit = fit_its(series, "t", "events", "post", harmonics=harmonics, slope=slope, hac_lags=HAC_LAGS)
        if not fit.converged:
            raise EvaluationError("the model did not converge")
    except EvaluationError as exc:
        return {"model": model, "status": str(exc)}
    row = {"model": model, "rate_ratio": fit.rate_ratio, "lower": fit.lower, "upper": fit.upper,
           "slope_change": fit.slope_change, "dispersion": fit.dispersion, "status": "ok"}
    before = series[series["post"] == 0]
    fake_pre = int((before["t"] < placebo_t).sum())
    try:
        fake = placebo_its(series, "t", "events", "post", placebo_t, harmonics=harmonics, hac_lags=HAC_LAGS,
                           slope=min(fake_pre, len(before) - fake_pre) >= SLOPE_MIN_MONTHS)
    except EvaluationError:
        return row  # too few months, or no events, on one side of the placebo date
    return row | {"placebo_rate_ratio": fake.rate_ratio, "placebo_lower": fake.lower, "placebo_upper": fake.upper}


def sentence(row: dict) -> str:
    """One plain-language sentence an evaluator can paste into a report."""
    name, opened = row["crossing_point"], row["blo_established"].strftime("%B %Y")
    if row["status"] != "ok":
        return f"At {name}, the BLO opened in {opened} can't be evaluated yet: {row['status']}."
    before, after = row["pre_mean_events"], row["post_mean_events"]
    change = "rose" if after > before else "fell" if after < before else "stayed"
    return (f"At {name}, seizure events {change} from {before:.1f} to {after:.1f} a month in the "
            f"{row['post_months']} months after the BLO opened in {opened} (rate ratio {row['rate_ratio']:.2f}, "
            f"95 % CI {row['lower']:.2f}–{row['upper']:.2f}; {METHOD}).")
