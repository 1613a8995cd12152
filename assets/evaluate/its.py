"""Interrupted time series on monthly counts: segmented Poisson-family GLMs with Fourier seasonality."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm

FAMILIES = ("poisson", "quasipoisson", "negbin")


class EvaluationError(ValueError):
    """The data can't support the estimate; the message says why in one line."""


@dataclass(frozen=True)
class ItsResult:
    """Rate ratio of the level change at the intervention, with its 95 % interval and the model's diagnostics."""

    rate_ratio: float
    lower: float
    upper: float
    dispersion: float
    level_change: float
    slope_change: float | None
    n_obs: int
    family: str
    converged: bool

    def to_dict(self) -> dict:
        return asdict(self)


def design(df: pd.DataFrame, time: str, intervention: str, harmonics: int, period: float, slope: bool
           ) -> pd.DataFrame:
    """Intercept, time trend, step (and post-intervention trend), and sin/cos pairs for seasonality."""
    t = df[time].astype(float).to_numpy()
    step = df[intervention].astype(float).to_numpy()
    x = pd.DataFrame({"const": 1.0, "time": t, "step": step}, index=df.index)
    if slope:
        start = t[step > 0].min() if (step > 0).any() else t.max()
        x["post_time"] = np.where(step > 0, t - start, 0.0)
    for k in range(1, harmonics + 1):
        x[f"sin{k}"] = np.sin(2 * np.pi * k * t / period)
        x[f"cos{k}"] = np.cos(2 * np.pi * k * t / period)
    return x


def fit_its(df: pd.DataFrame, time: str, outcome: str, intervention: str, offset: str | None = None,
            harmonics: int = 0, period: float = 12, family: str = "quasipoisson", slope: bool = False,
            hac_lags: int | None = None) -> ItsResult:
    """Segmented regression of counts; `offset` is an exposure column (e.g. population), logged here."""
    if family not in FAMILIES:
        raise EvaluationError(f"family must be one of {', '.join(FAMILIES)}, not '{family}'")
    missing = [c for c in (time, outcome, intervention, offset) if c and c not in df.columns]
    if missing:
        raise EvaluationError(f"missing column(s): {', '.join(missing)} (have: {', '.join(map(str, df.columns))})")
    y = pd.to_numeric(df[outcome], errors="coerce")
    if y.isna().any():
        raise EvaluationError(f"outcome '{outcome}' has non-numeric or empty values")
    if (y == 0).all():
        raise EvaluationError("every month is zero: there is nothing to model")
    step = df[intervention].astype(float)
    if step.sum() == 0 or step.sum() == len(step):
        raise EvaluationError(f"'{intervention}' must mark both pre- and post-intervention periods")
    x = design(df, time, intervention, harmonics, period, slope)
    exposure = np.log(pd.to_numeric(df[offset]).to_numpy()) if offset else None
    glm_family = (sm.families.NegativeBinomial(alpha=_nb_alpha(y, x, exposure)) if family == "negbin"
                  else sm.families.Poisson())
    model = sm.GLM(y, x, family=glm_family, offset=exposure)
    cov = {"cov_type": "HAC", "cov_kwds": {"maxlags": hac_lags}} if hac_lags else {}
    result = model.fit(scale="X2" if family == "quasipoisson" else 1.0, **cov)
    beta, se = result.params["step"], result.bse["step"]
    dispersion = float(result.pearson_chi2 / result.df_resid)
    return ItsResult(
        rate_ratio=math.exp(beta), lower=math.exp(beta - 1.959964 * se), upper=math.exp(beta + 1.959964 * se),
        dispersion=dispersion, level_change=math.exp(beta),
        slope_change=math.exp(result.params["post_time"]) if slope else None, n_obs=int(result.nobs),
        family=family, converged=bool(result.converged) and math.isfinite(beta))


def _nb_alpha(y: pd.Series, x: pd.DataFrame, exposure: np.ndarray | None) -> float:
    """Negative-binomial dispersion estimated by maximum likelihood (statsmodels' discrete NB2)."""
    fit = sm.NegativeBinomial(y, x, offset=exposure).fit(disp=False, maxiter=200)
    return float(max(fit.params.get("alpha", 1e-8), 1e-8))
