"""Before/after-BLO evidence per crossing point: an interrupted time series with a placebo, p-values adjusted for
testing every crossing point together, and sentences whose words follow the intervals (assets/evaluate/words.py).

Months with `reported = false` (no agency report) are missing, not zero, and are left out of every mean and model.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from scipy.stats import false_discovery_control

from assets.evaluate.errors import EvaluationError, check_not_all_zero, check_pre_periods
from assets.evaluate.its import ItsModel, fit_counts
from assets.evaluate.serial import Latent, latent_ar1
from assets.evaluate.windows import POST_MONTHS, PRE_MONTHS, shift, windows
from assets.evaluate.words import sentence

SLOPE_MIN_MONTHS = 12  # a post-BLO trend change is fitted only with a year of data on each side
SCHEMA = {
    "crossing_point": pl.String, "blo_established": pl.Date, "window_start": pl.Date, "window_end": pl.Date,
    "pre_months": pl.Int64, "post_months": pl.Int64, "pre_mean_events": pl.Float64, "post_mean_events": pl.Float64,
    "descriptive_ratio": pl.Float64, "pre_mean_kg": pl.Float64, "post_mean_kg": pl.Float64, "model": pl.String,
    "rate_ratio": pl.Float64, "lower": pl.Float64, "upper": pl.Float64, "p_value": pl.Float64, "p_holm": pl.Float64,
    "p_bh": pl.Float64, "n_tested": pl.Int64, "slope_change": pl.Float64, "slope_lower": pl.Float64,
    "slope_upper": pl.Float64, "cumulative_ratio": pl.Float64, "cumulative_lower": pl.Float64,
    "cumulative_upper": pl.Float64, "dispersion": pl.Float64, "autocorrelation": pl.Float64, "placebo_date": pl.Date,
    "placebo_rate_ratio": pl.Float64, "placebo_lower": pl.Float64, "placebo_upper": pl.Float64, "status": pl.String,
    "sentence": pl.String, "sentence_ru": pl.String,
}
METHOD = "quasi-Poisson interrupted time series with seasonality"


def estimate_blo_effects(monthly: pl.DataFrame, registry: pl.DataFrame, pre_months: int = PRE_MONTHS,
                post_months: int = POST_MONTHS, harmonics: int = 1, placebo_offset_months: int = 12) -> pl.DataFrame:
    """One row per BLO crossing point: before/after means, ITS rate ratio, slope change and cumulative effect,
    multiplicity-adjusted p-values, placebo, status and a plain sentence in English and Russian."""
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
    series = {name: frame.sort("t") for (name,), frame in window.partition_by("crossing_point", as_dict=True).items()}
    rows = table.to_dicts()
    for row, estimated in zip(rows, estimate(series, rows, harmonics, pre_months - placebo_offset_months),
                              strict=True):
        opened = row["blo_established"]
        row |= {"window_start": shift(opened, -pre_months), "window_end": shift(opened, post_months - 1)} | estimated
        if row.get("placebo_rate_ratio") is not None:
            row["placebo_date"] = shift(opened, -placebo_offset_months)
    adjust(rows)
    for row in rows:
        synthetic = "synthetic" in str(row.get("blo_source") or row.get("source") or "")
        row |= {"sentence": sentence(row, "en", synthetic=synthetic),
                "sentence_ru": sentence(row, "ru", synthetic=synthetic)}
    return pl.DataFrame([{column: row.get(column) for column in SCHEMA} for row in rows], schema=SCHEMA,
                        orient="row").sort("crossing_point")


def adjust(rows: list[dict]) -> None:
    """Holm and Benjamini–Hochberg p-values of the change at opening, across every crossing point estimated: with
    some twenty tested, one or more comes out 'significant' at 5 % in most worlds where no BLO changed anything."""
    tested = [row for row in rows if row.get("p_value") is not None]
    if not tested:
        return
    p = np.array([row["p_value"] for row in tested])
    for row, holm_p, bh in zip(tested, holm(p), false_discovery_control(p, method="bh"), strict=True):
        row |= {"p_holm": float(holm_p), "p_bh": float(bh), "n_tested": len(tested)}


def holm(p: np.ndarray) -> np.ndarray:
    """Holm's step-down adjusted p-values: the k-th smallest times the number not yet passed, never below an earlier
    one, at most 1. (statsmodels' `multipletests` computes the same, then runs a full garbage collection: 0.12–0.2 s
    in a Dagster process.)"""
    order = np.argsort(p)
    adjusted = np.empty_like(p)
    adjusted[order] = np.minimum(np.maximum.accumulate(p[order] * np.arange(len(p), 0, -1)), 1.0)
    return adjusted


def estimate(series: dict[str, pl.DataFrame], table: list[dict], harmonics: int, placebo_t: int) -> list[dict]:
    """ITS estimate and placebo for each crossing point's window, or a status saying why there is none; the latent
    rate noise is fitted to every window together, and to every placebo window together."""
    fitted = [_models(series.get(row["crossing_point"]), row["pre_months"], row["post_months"], harmonics, placebo_t)
              for row in table]
    models = [model for model, _, _ in fitted if isinstance(model, ItsModel)]
    placebos = [placebo for _, placebo, _ in fitted if placebo is not None]
    latent = latent_ar1([model.moments() for model in models]) if models else None
    placebo_latent = latent_ar1([placebo.moments() for placebo in placebos]) if placebos else None
    return [_summary(model, placebo, label, latent, placebo_latent) for model, placebo, label in fitted]


def _models(series: pl.DataFrame | None, pre: int, post: int, harmonics: int,
            placebo_t: int) -> tuple[ItsModel | str, ItsModel | None, str]:
    """One window's fitted model (or why there is none), its placebo model (None when the placebo can't be fitted),
    and the model's label. `series` is the window's reported months in time order."""
    slope = min(pre, post) >= SLOPE_MIN_MONTHS
    change = "level and slope change" if slope else "level change"
    label = f"{METHOD}: {harmonics} Fourier pair(s), latent AR(1) errors, {change}"
    try:
        if series is None:
            raise EvaluationError("no reported months in the window around the opening")
        check_pre_periods(pre, "months")
        if post == 0:
            raise EvaluationError("no reported months after the BLO opened")
        y, t, step = (series.get_column(column).to_numpy().astype(float) for column in ("events", "t", "post"))
        check_not_all_zero(y, "month")
        model = fit_counts(y, t, step, harmonics=harmonics, slope=slope)
    except EvaluationError as exc:
        return str(exc), None, label
    before = step == 0
    fake = (t[before] >= placebo_t).astype(float)
    fake_pre = int((fake == 0).sum())
    try:
        placebo = fit_counts(y[before], t[before], fake, names=("events", "_placebo", None), harmonics=harmonics,
                             slope=min(fake_pre, len(fake) - fake_pre) >= SLOPE_MIN_MONTHS)
    except EvaluationError:
        placebo = None  # too few months, or no events, on one side of the placebo date
    return model, placebo, label


def _summary(model: ItsModel | str, placebo: ItsModel | None, label: str, latent: Latent | None,
             placebo_latent: Latent | None) -> dict:
    """The estimate's columns of one crossing point's row."""
    if isinstance(model, str):
        return {"model": label, "status": model}
    fit = model.summary(latent)
    if not fit.converged:
        return {"model": label, "status": "the model did not converge"}
    row = {"model": label, "rate_ratio": fit.rate_ratio, "lower": fit.lower, "upper": fit.upper,
           "p_value": fit.p_value, "slope_change": fit.slope_change, "slope_lower": fit.slope_lower,
           "slope_upper": fit.slope_upper, "cumulative_ratio": fit.cumulative,
           "cumulative_lower": fit.cumulative_lower, "cumulative_upper": fit.cumulative_upper,
           "dispersion": fit.dispersion, "autocorrelation": fit.autocorrelation, "status": "ok"}
    if placebo is None:
        return row
    fake = placebo.summary(placebo_latent)
    return row | {"placebo_rate_ratio": fake.rate_ratio, "placebo_lower": fake.lower, "placebo_upper": fake.upper}
