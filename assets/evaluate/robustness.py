"""Robustness of the region-wide effect: two other estimators beside the Callaway & Sant'Anna headline.

A Poisson (PPML) difference-in-differences on the event counts themselves, with crossing-point and quarter fixed
effects and reported months as exposure (Wooldridge 2023, "Simple approaches to nonlinear difference-in-differences
with panel data", Econometrics Journal 26(3)), through `pyfixest`'s `fepois`: one treatment coefficient (opened, and
within the event study's window of quarters after opening), so exp(β) − 1 is the percentage change of the monthly
event rate.

The imputation estimator (Borusyak, Jaravel & Spiess 2024, "Revisiting Event-Study Designs: Robust and Efficient
Estimation", Review of Economic Studies 91(6)), through `diff-diff`'s `ImputationDiD`, on the headline's outcome, the
log monthly rate: crossing-point and quarter fixed effects fitted on the untreated quarters (never-treated crossing
points and those not yet opened) impute each opened quarter's rate without the BLO, and the ATT is the mean gap over
the opened quarters, with the conservative variance of the paper's Theorem 3. Crossing points open from the panel's
first quarter have nothing to impute from and are left out, as in the headline.

In both, treated quarters beyond the window are left out, as in the headline; standard errors are clustered by
crossing point, with t(G − 1) intervals. Two estimators agree when their 95 % intervals reach the same verdict:
rose, fell or no change detected.
"""

from __future__ import annotations

import logging
import math

import pandas as pd
from scipy import stats

from assets.evaluate.errors import EvaluationError

LABEL = "Poisson (PPML), crossing-point and quarter fixed effects"
IMPUTATION_LABEL = "Imputation (Borusyak, Jaravel & Spiess), log rate"


def verdict(lower: float, upper: float) -> str:
    """What a 95 % interval of a percentage change says."""
    return "rose" if lower > 0 else "fell" if upper < 0 else "no change detected"


def _fepois():
    """pyfixest's `fepois`. pyfixest 0.60 calls logging.basicConfig(level=INFO) when imported, which would print every
    library's INFO lines on the user's terminal: the logging set-up is put back as it was."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    from pyfixest import fepois

    root.handlers[:] = handlers
    root.setLevel(level)
    return fepois


def _windowed(panel: pd.DataFrame, lags: int) -> pd.DataFrame:
    """The panel with an `opened` flag, less the treated quarters beyond the event study's window."""
    data = panel.assign(treated=((panel["cohort"] > 0) & (panel["period"] >= panel["cohort"])).astype(float))
    return data[~((data["cohort"] > 0) & (data["period"] - data["cohort"] > lags))]


def _percent(label: str, beta: float, se: float, clusters: int) -> dict:
    """A log rate ratio and its standard error as a row: percentage change and its t(G − 1) 95 % interval."""
    crit = float(stats.t.ppf(0.975, clusters - 1))
    return {"estimator": label, "percent_change": 100 * (math.exp(beta) - 1),
            "percent_lower": 100 * (math.exp(beta - crit * se) - 1),
            "percent_upper": 100 * (math.exp(beta + crit * se) - 1)}


def poisson_did(panel: pd.DataFrame, lags: int) -> dict:
    """Percentage change of the monthly event rate after opening, with its 95 % interval, from a Poisson DiD."""
    data = _windowed(panel, lags).assign(exposure=lambda d: d["months"].astype(float).map(math.log))
    if data["treated"].nunique() < 2:
        raise EvaluationError("the Poisson check needs quarters both before and after an opening")
    try:
        fit = _fepois()("events ~ treated | crossing_point + period", data=data, offset="exposure",
                     vcov={"CRV1": "crossing_point"})
        beta, se = float(fit.coef()["treated"]), float(fit.se()["treated"])
    except (ValueError, RuntimeError, KeyError, ArithmeticError) as exc:  # a panel the fit can't separate or solve
        raise EvaluationError(f"the Poisson check could not be fitted ({str(exc).splitlines()[0][:120]})") from None
    return _percent(LABEL, beta, se, data["crossing_point"].nunique())


def imputation_did(panel: pd.DataFrame, lags: int) -> dict:
    """Percentage change of the monthly event rate after opening, with its 95 % interval, from the imputation DiD."""
    from diff_diff import ImputationDiD  # a second to import: only when a region-wide estimate is made

    data = _windowed(panel, lags)
    data = data[~data["crossing_point"].isin(data.loc[data["cohort"].between(1, data["period"].min()),
                                                          "crossing_point"])]
    if data["treated"].nunique() < 2:
        raise EvaluationError("the imputation check needs quarters both before and after an opening")
    try:
        fit = ImputationDiD(cluster="crossing_point").fit(data, outcome="log_events", unit="crossing_point",
                                                         time="period", first_treat="cohort")
    except (ValueError, RuntimeError, KeyError, ArithmeticError) as exc:  # a panel it can't impute from
        raise EvaluationError(f"the imputation check could not be fitted ({str(exc).splitlines()[0][:120]})") from None
    if not (math.isfinite(fit.overall_att) and math.isfinite(fit.overall_se) and fit.overall_se > 0):
        raise EvaluationError("the imputation check could not be fitted (no opened quarter has an untreated "
                              "crossing point in the same quarter to impute from)")
    return _percent(IMPUTATION_LABEL, float(fit.overall_att), float(fit.overall_se), data["crossing_point"].nunique())


def robustness_rows(headline: dict, panel: pd.DataFrame, lags: int) -> list[dict]:
    """The Callaway & Sant'Anna headline, the Poisson check and the imputation check, each saying whether it agrees
    with the headline."""
    main = {"estimator": "Callaway & Sant'Anna, log rate (headline)", "reason": None,
            **{key: headline[key] for key in ("percent_change", "percent_lower", "percent_upper")}}
    said = verdict(main["percent_lower"], main["percent_upper"])
    rows = [main | {"agrees_with_cs": True}]
    for label, check in ((LABEL, poisson_did), (IMPUTATION_LABEL, imputation_did)):
        try:
            row = check(panel, lags)
        except EvaluationError as exc:
            rows.append({"estimator": label, "reason": str(exc), "agrees_with_cs": None})
            continue
        rows.append(row | {"reason": None,
                           "agrees_with_cs": verdict(row["percent_lower"], row["percent_upper"]) == said})
    return rows
