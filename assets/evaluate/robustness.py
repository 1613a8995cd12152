"""Robustness of the region-wide effect: a Poisson (PPML) difference-in-differences on the event counts themselves,
with crossing-point and quarter fixed effects and reported months as exposure (Wooldridge 2023, "Simple approaches to
nonlinear difference-in-differences with panel data", Econometrics Journal 26(3)), through `pyfixest`'s `fepois`.

One treatment coefficient (opened, and within the event study's window of quarters after opening), so exp(β) − 1
is the percentage change of the monthly event rate; treated quarters beyond the window are left out, as in the
Callaway & Sant'Anna estimate it stands beside. Standard errors are clustered by crossing point, with t(G − 1)
intervals. Two estimators agree when their 95 % intervals reach the same verdict: rose, fell or no change detected.
"""

from __future__ import annotations

import logging
import math

import pandas as pd
from scipy import stats

from assets.evaluate.errors import EvaluationError

LABEL = "Poisson (PPML), crossing-point and quarter fixed effects"


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


def poisson_did(panel: pd.DataFrame, lags: int) -> dict:
    """Percentage change of the monthly event rate after opening, with its 95 % interval, from a Poisson DiD."""
    data = panel.assign(treated=((panel["cohort"] > 0) & (panel["period"] >= panel["cohort"])).astype(float),
                        exposure=panel["months"].astype(float).map(math.log))
    data = data[~((data["cohort"] > 0) & (data["period"] - data["cohort"] > lags))]
    if data["treated"].nunique() < 2:
        raise EvaluationError("the Poisson check needs quarters both before and after an opening")
    try:
        fit = _fepois()("events ~ treated | crossing_point + period", data=data, offset="exposure",
                     vcov={"CRV1": "crossing_point"})
        beta, se = float(fit.coef()["treated"]), float(fit.se()["treated"])
    except (ValueError, RuntimeError, KeyError, ArithmeticError) as exc:  # a panel the fit can't separate or solve
        raise EvaluationError(f"the Poisson check could not be fitted ({str(exc).splitlines()[0][:120]})") from None
    crit = float(stats.t.ppf(0.975, data["crossing_point"].nunique() - 1))
    return {"estimator": LABEL, "percent_change": 100 * (math.exp(beta) - 1),
            "percent_lower": 100 * (math.exp(beta - crit * se) - 1),
            "percent_upper": 100 * (math.exp(beta + crit * se) - 1)}


def robustness_rows(headline: dict, panel: pd.DataFrame, lags: int) -> list[dict]:
    """The Callaway & Sant'Anna headline and the Poisson check, each saying whether it agrees with the headline."""
    main = {"estimator": "Callaway & Sant'Anna, log rate (headline)", "reason": None,
            **{key: headline[key] for key in ("percent_change", "percent_lower", "percent_upper")}}
    said = verdict(main["percent_lower"], main["percent_upper"])
    try:
        check = poisson_did(panel, lags) | {"reason": None}
    except EvaluationError as exc:
        return [main | {"agrees_with_cs": True}, {"estimator": LABEL, "reason": str(exc), "agrees_with_cs": None}]
    return [main | {"agrees_with_cs": True},
            check | {"agrees_with_cs": verdict(check["percent_lower"], check["percent_upper"]) == said}]
