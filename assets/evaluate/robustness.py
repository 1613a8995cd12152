"""Robustness of the region-wide effect: two other estimators beside the Callaway & Sant'Anna headline.

A Poisson (PPML) difference-in-differences on the event counts themselves, with crossing-point and quarter fixed
effects and reported months as exposure (Wooldridge 2023, "Simple approaches to nonlinear difference-in-differences
with panel data", Econometrics Journal 26(3)): one treatment coefficient (opened, and within the event study's window
of quarters after opening), so exp(β) − 1 is the percentage change of the monthly event rate. It is a statsmodels
Poisson GLM with the fixed effects as dummies, on the sample and with the small-sample correction of fixest's `fepois`;
tests/unit/test_robustness.py checks it against pyfixest's to 1e-8 on bench-sized panels. pyfixest took 0.8–1.3 s to
import (matplotlib, seaborn and IPython come with its reporting) for this one row; statsmodels is loaded for the
per-crossing estimates anyway.

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

import math

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.genmod import families
from statsmodels.genmod.generalized_linear_model import GLM

from assets.evaluate.errors import EvaluationError

LABEL = "Poisson (PPML), crossing-point and quarter fixed effects"
IMPUTATION_LABEL = "Imputation (Borusyak, Jaravel & Spiess), log rate"


def verdict(lower: float, upper: float) -> str:
    """What a 95 % interval of a percentage change says."""
    return "rose" if lower > 0 else "fell" if upper < 0 else "no change detected"


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
    data = _windowed(panel, lags)
    if data["treated"].nunique() < 2:
        raise EvaluationError("the Poisson check needs quarters both before and after an opening")
    beta, se, clusters = _ppml(_informative(data))
    return _percent(LABEL, beta, se, clusters)


def _ppml(data: pd.DataFrame) -> tuple[float, float, int]:
    """The treatment coefficient of the Poisson fit with crossing-point and quarter effects, its standard error
    clustered by crossing point, and the number of clusters."""
    units, unit_count = _codes(data["crossing_point"])
    quarters, quarter_count = _codes(data["period"])
    # every crossing point's effect and the quarters' less the first, so no intercept
    x = np.column_stack([data["treated"].to_numpy(float), np.eye(unit_count)[units],
                         np.eye(quarter_count)[quarters][:, 1:]])
    glm = None
    if unit_count > 1 and len(data) > x.shape[1]:
        glm = GLM(data["events"].to_numpy(float), x, family=families.Poisson(),
                  offset=np.log(data["months"].to_numpy(float)), hasconst=True)  # the unit dummies add up to one
    if glm is None or glm.df_model + 1 < x.shape[1]:
        raise EvaluationError("the Poisson check could not be fitted (the opened quarters can't be told apart from "
                              "the crossing-point and quarter effects)")
    try:
        fit = glm.fit(cov_type="cluster", cov_kwds={"groups": units, "use_correction": False})
    except (ValueError, np.linalg.LinAlgError) as exc:  # a panel the fit can't solve
        raise EvaluationError(f"the Poisson check could not be fitted ({str(exc).splitlines()[0][:120]})") from None
    # fixest's CRV1 correction: G/(G − 1)·(N − 1)/(N − K), K counting the treatment and every quarter effect but not
    # the crossing-point effects, which are nested in the clusters
    correction = unit_count / (unit_count - 1) * (len(data) - 1) / (len(data) - 1 - quarter_count)
    beta, se = float(fit.params[0]), math.sqrt(max(float(fit.cov_params()[0, 0]), 0.0) * correction)
    if not (fit.converged and math.isfinite(beta)):
        raise EvaluationError("the Poisson check could not be fitted (the model did not converge)")
    if not (math.isfinite(se) and se > 0):
        raise EvaluationError("the Poisson check could not be fitted (too few crossing points for a clustered error)")
    return beta, se, unit_count


def _informative(data: pd.DataFrame) -> pd.DataFrame:
    """The quarters fixest's `fepois` keeps: less crossing points or quarters with a single one (their effect fits it
    exactly), until none is left, then less those without any event (their effect would be −∞)."""
    while len(data):
        single = (data.groupby("crossing_point")["period"].transform("size").eq(1)
                  | data.groupby("period")["crossing_point"].transform("size").eq(1))
        if not single.any():
            break
        data = data[~single]
    empty = (data.groupby("crossing_point")["events"].transform("sum").eq(0)
             | data.groupby("period")["events"].transform("sum").eq(0))
    return data[~empty]


def _codes(column: pd.Series) -> tuple[np.ndarray, int]:
    """Integer codes of a fixed effect's levels, in sorted order, and how many levels there are."""
    codes, levels = pd.factorize(column, sort=True)
    return codes, len(levels)


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
