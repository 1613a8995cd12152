"""Region-wide evidence: a staggered difference-in-differences over every crossing point, BLO or not, with the effect
as a percentage change of the monthly event rate and in words.

Months with `reported = false` (no agency report) are missing, not zero, and stay out of the panel.
"""

from __future__ import annotations

import math
import statistics
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from assets.evaluate.errors import EvaluationError
from assets.evaluate.words import region_sentence
from warehouse.store import fingerprint

if TYPE_CHECKING:  # pandas and SciPy (a second to import) only when an estimate is made, not to find one reusable
    import pandas as pd

    from assets.evaluate.did import DidResult

DID_SUMMARY = {"control": pl.String, "status": pl.String, "reason": pl.String, "att": pl.Float64, "se": pl.Float64,
               "lower": pl.Float64, "upper": pl.Float64, "percent_change": pl.Float64, "percent_lower": pl.Float64,
               "percent_upper": pl.Float64, "pretrend_p": pl.Float64, "pretrend_detectable_percent": pl.Float64,
               "n_units": pl.Int64, "n_treated": pl.Int64, "n_never_treated": pl.Int64, "n_cohorts": pl.Int64,
               "band_critical": pl.Float64, "warnings": pl.List(pl.String), "sentence": pl.String,
               "sentence_ru": pl.String, "honest_estimate": pl.Float64, "honest_lower_at_1": pl.Float64,
               "honest_upper_at_1": pl.Float64, "honest_mbar_breakdown": pl.Float64, "sensitivity": pl.String}
DID_EVENT_STUDY = {"control": pl.String, "event_time": pl.Int64, "att": pl.Float64, "se": pl.Float64,
                   "lower": pl.Float64, "upper": pl.Float64, "band_lower": pl.Float64, "band_upper": pl.Float64}
DID_ROBUSTNESS = {"estimator": pl.String, "percent_change": pl.Float64, "percent_lower": pl.Float64,
                  "percent_upper": pl.Float64, "agrees_with_cs": pl.Boolean, "reason": pl.String}
WINDOW = 8  # quarters before and after the opening quarter in the event study
PANEL_COVERAGE = 0.8  # a quarter belongs to the DiD panel when at least this share of units reports it
DID_CODE = (Path(__file__).with_name("did.py"), Path(__file__).with_name("attgt.py"))
CHECK_CODE = (Path(__file__).with_name("sensitivity.py"), Path(__file__).with_name("robustness.py"))
WORDS_CODE = Path(__file__).with_name("words.py")
POWER = 0.80  # the chance a pre-trend must have of being caught for the sentence to call it detectable


def did_panel(monthly: pl.DataFrame, registry: pl.DataFrame) -> pd.DataFrame:
    """Crossing point × quarter panel for `fit_did`; cohort = quarter number the BLO opened in (0 = never)."""
    return _panel(monthly, registry).to_pandas()


def _panel(monthly: pl.DataFrame, registry: pl.DataFrame) -> pl.DataFrame:
    """`did_panel` in Polars.

    Quarters, not months: each cell pools three months' events. The outcome is log((events + ½) / reported months):
    the log monthly rate, with the ½ that makes E[log(count + ½)] ≈ log(mean) for Poisson counts, so the ATT
    estimates the log rate ratio. In the opening
    quarter only the months from the opening on are kept, so that quarter is wholly after the BLO.
    """
    quarter = pl.col("month").dt.year() * 4 + (pl.col("month").dt.month() - 1) // 3
    opened = pl.col("blo_established").dt.year() * 4 + (pl.col("blo_established").dt.month() - 1) // 3
    rows = (monthly.filter(pl.col("reported"))
            .join(registry.select("crossing_point", "blo_established"), on="crossing_point", how="left")
            .filter(~((quarter == opened) & (pl.col("month") < pl.col("blo_established"))).fill_null(False))
            .group_by("crossing_point", quarter.alias("q"))
            .agg(quarter=pl.col("month").min().dt.truncate("1q"), events=pl.col("events").sum(),
                 months=pl.len(), opened=opened.first()))
    if rows.is_empty():
        return pl.DataFrame(schema={"crossing_point": pl.String, "quarter": pl.Date, "period": pl.Int32,
                                    "cohort": pl.Int32, "events": pl.Int64, "months": pl.UInt32,
                                    "log_events": pl.Float64})
    units = rows.get_column("crossing_point").n_unique()
    covered = rows.group_by("q").agg(n=pl.len()).filter(pl.col("n") >= PANEL_COVERAGE * units).get_column("q")
    if covered.len():
        rows = rows.filter(pl.col("q").is_between(covered.min(), covered.max()))
    first, last = rows.get_column("q").min(), rows.get_column("q").max()
    panel = rows.select(
        "crossing_point", "quarter", period=pl.col("q") - first + 1,
        # opened before the data starts: cohort 1, which fit_did leaves out as having no pre-period
        cohort=pl.when(pl.col("opened") <= last).then((pl.col("opened") - first + 1).clip(1)).otherwise(0),
        events="events", months="months",
        log_events=((pl.col("events") + 0.5) / pl.col("months")).log())
    return panel.sort("crossing_point", "period")


def estimate_region_did(monthly: pl.DataFrame, registry: pl.DataFrame, control: str = "never-treated",
                        leads: int = WINDOW, lags: int = WINDOW) -> DidResult:
    """Region-wide BLO effect over the 8 quarters after opening; exp(att) is the rate ratio of seizure events."""
    from assets.evaluate.did import fit_did  # only when the panel changed

    panel = did_panel(monthly, registry)
    if panel.empty:
        raise EvaluationError("no crossing point has reported months in the data (national-level records only, or "
                              "none loaded)")
    if not (panel["cohort"] > 1).any():
        raise EvaluationError("no BLO crossing point in the data has reported quarters both before and after its "
                              "BLO opened (the registry's dates and the data's months do not overlap)")
    return fit_did(panel, "crossing_point", "period", "cohort", "log_events", control, leads=leads, lags=lags)


def region_inputs_key(monthly: pl.DataFrame, registry: pl.DataFrame) -> str:
    """A fingerprint of all the region-wide DiD rests on: its panel, this code and the estimating packages' releases."""
    return fingerprint(_panel(monthly, registry), *DID_CODE, Path(__file__), WORDS_CODE, *CHECK_CODE,
                       *(version(package) for package in ("numpy", "diff-diff", "statsmodels")))


def region_tables(monthly: pl.DataFrame, registry: pl.DataFrame, controls: tuple[str, ...]) -> dict[str, pl.DataFrame]:
    """did_summary (a row per control group: the estimate, or why there is none, and its sensitivity to parallel
    trends), did_event_study, and did_robustness (the headline, first control's estimate beside a Poisson and an
    imputation DiD)."""
    from assets.evaluate.robustness import robustness_rows
    from assets.evaluate.sensitivity import sensitivity_columns

    summaries, studies, robustness = [], [], []
    for control in controls:
        try:
            result = estimate_region_did(monthly, registry, control).to_dict()
        except EvaluationError as exc:  # the data can't support it: a row that says why, not a failed run
            summaries.append(worded({"control": control, "status": "not estimated", "reason": str(exc)}, []))
            continue
        study = result.pop("event_study")
        studies += [{"control": control, **row} for row in study]
        panel = did_panel(monthly, registry)
        summary = worded({"control": control, "status": "ok", "reason": None, **result}, study)
        summaries.append(summary | sensitivity_columns(panel, control, WINDOW))
        if control == controls[0]:
            robustness = robustness_rows(summary, panel, WINDOW)
    return {"did_summary": pl.DataFrame(summaries, schema=DID_SUMMARY),
            "did_event_study": pl.DataFrame(studies, schema=DID_EVENT_STUDY),
            "did_robustness": pl.DataFrame(robustness, schema=DID_ROBUSTNESS)}


def worded(summary: dict, study: list[dict]) -> dict:
    """A did_summary row with its effect as a percentage change of the monthly event rate, and in words."""
    lags = max((row["event_time"] for row in study), default=0)
    detectable = pretrend_detectable(study, summary.get("n_units"))
    if summary["status"] == "ok":
        summary |= {f"percent_{name}": 100 * (math.exp(summary[key]) - 1)
                    for name, key in (("change", "att"), ("lower", "lower"), ("upper", "upper"))}
    return summary | {
        "pretrend_detectable_percent": None if detectable is None else 100 * (math.exp(detectable) - 1),
        "sentence": region_sentence(summary, "en", lags, detectable),
        "sentence_ru": region_sentence(summary, "ru", lags, detectable)}


def pretrend_detectable(study: list[dict], units: int | None) -> float | None:
    """How far (log points) one pre-opening quarter must be off to be caught with 80 % power by a 5 % test: a
    single coefficient's minimum detectable effect at the median pre-period standard error (t with units − 1 df)."""
    errors = [row["se"] for row in study if row["event_time"] < 0 and math.isfinite(row["se"]) and row["se"] > 0]
    if not errors or not units or units < 3:
        return None
    df = units - 1
    from scipy import stats

    return float((stats.t.ppf(0.975, df) + stats.t.ppf(POWER, df)) * statistics.median(errors))
