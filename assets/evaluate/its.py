"""Interrupted time series on counts: segmented log-linear GLMs with Fourier seasonality.

Follows Lopez Bernal, Cummins & Gasparrini (IJE 2017): log E[y] = log(exposure) + b0 + b1·t + b2·step
[+ b3·(t − t0)·step] + Σ_k (s_k sin 2πkt/P + c_k cos 2πkt/P). `offset` names a raw exposure column (population,
traffic) and is logged here, as the tutorial's `offset(log(stdpop))`. Quasi-Poisson scales the Poisson errors by
the Pearson χ²/df dispersion; negative binomial (NB2) takes its α by maximum likelihood. With `autocorrelated`,
each standard error is the larger of the model-based one and the latent-AR(1) sandwich of assets/evaluate/serial.py
(gaps in `time` count as lags; the latent noise fitted to the series alone, or pooled over series fitted together
through `fit_model` and `ItsModel.summary`), and intervals and p-values use its Student t quantiles; otherwise
intervals are Wald intervals on the log scale with normal quantiles. With a slope change, the cumulative effect
is the events the model expects over the post-intervention periods with the change over those it expects without it
(trend and season as fitted), its interval by the delta method.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.discrete.discrete_model import NegativeBinomial
from statsmodels.genmod import families
from statsmodels.genmod.generalized_linear_model import GLM

from assets.evaluate.errors import EvaluationError, check_not_all_zero, check_pre_periods, numeric, require_columns
from assets.evaluate.serial import Latent, Moments, ar1_covariance, latent_ar1, moments

FAMILIES = ("poisson", "quasipoisson", "negbin")
Z95 = float(stats.norm.ppf(0.975))


@dataclass(frozen=True)
class ItsResult:
    """Rate ratio of the level change at the intervention, its 95 % interval and p-value, the slope change and the
    cumulative effect over the post-intervention periods with theirs (when a slope change is fitted), and the model's
    diagnostics (with `autocorrelated`, the estimated month-to-month correlation of the rate)."""

    rate_ratio: float
    lower: float
    upper: float
    p_value: float
    dispersion: float
    level_change: float
    slope_change: float | None
    slope_lower: float | None
    slope_upper: float | None
    cumulative: float | None
    cumulative_lower: float | None
    cumulative_upper: float | None
    n_obs: int
    family: str
    converged: bool
    aic: float | None
    autocorrelation: float | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def design(time: np.ndarray, step: np.ndarray, harmonics: int, period: float,
           slope: bool) -> tuple[np.ndarray, tuple[str, ...]]:
    """Intercept, underlying trend, step (and post-intervention trend), and sin/cos pairs for seasonality, with the
    columns' names."""
    columns, names = [np.ones_like(time), time, step], ["const", "time", "step"]
    if slope:
        columns.append(np.where(step > 0, time - time[step > 0].min(), 0.0))
        names.append("post_time")
    for k in range(1, harmonics + 1):
        columns += [np.sin(2 * np.pi * k * time / period), np.cos(2 * np.pi * k * time / period)]
        names += [f"sin{k}", f"cos{k}"]
    return np.column_stack(columns), tuple(names)


@dataclass(frozen=True)
class ItsModel:
    """A fitted segmented regression before its intervals, which may rest on latent noise pooled with other series."""

    result: object
    x: np.ndarray
    columns: tuple[str, ...]
    y: np.ndarray
    time: np.ndarray
    exposure: np.ndarray | None
    family: str
    slope: bool
    aic: float | None

    def moments(self) -> Moments:
        """This series' residual moments, for the latent AR(1) noise fitted to it alone or pooled."""
        return moments(self.x, self.y, self.result.mu, self.time)

    def summary(self, latent: Latent | None = None) -> ItsResult:
        """The level change, slope change and cumulative effect with their intervals; with `latent`, each standard
        error is the larger of the model's own and the latent-AR(1) one, and quantiles are its Student t."""
        covariances, df = [self.result.cov_params()], None
        if latent is not None:
            if self.family == "negbin":
                raise EvaluationError("the autocorrelation correction is for poisson and quasipoisson fits, not negbin")
            covariances.append(ar1_covariance(self.x, self.result.mu, self.time, latent))
            df = latent.df
        beta = self.result.params
        level = _ratio(beta, covariances, self._pick("step"), df)
        trend = _ratio(beta, covariances, self._pick("post_time"), df) if self.slope else (None, None, None, None)
        total = (_cumulative(beta, covariances, self.x, self.columns, self.exposure, df) if self.slope
                 else (None, None, None))
        return ItsResult(
            rate_ratio=level[0], lower=level[1], upper=level[2], p_value=level[3],
            dispersion=float(self.result.pearson_chi2 / self.result.df_resid), level_change=level[0],
            slope_change=trend[0], slope_lower=trend[1], slope_upper=trend[2], cumulative=total[0],
            cumulative_lower=total[1], cumulative_upper=total[2], n_obs=int(self.result.nobs), family=self.family,
            converged=bool(self.result.converged) and all(math.isfinite(v) for v in level[:3]), aic=self.aic,
            autocorrelation=None if latent is None else latent.rho)

    def _pick(self, column: str) -> np.ndarray:
        """The linear combination that picks one coefficient."""
        return np.array([name == column for name in self.columns], dtype=float)


def fit_model(df: pd.DataFrame, time: str, outcome: str, intervention: str, offset: str | None = None,
              harmonics: int = 0, period: float = 12, family: str = "quasipoisson", slope: bool = False) -> ItsModel:
    """The segmented regression of the counts on trend, step (and slope change) and season, once the series is
    checked to support one."""
    require_columns(df, [time, outcome, intervention, offset])
    data = df.sort_values(time)
    y, t, step = (numeric(data, column).to_numpy() for column in (outcome, time, intervention))
    exposure = None if offset is None else numeric(data, offset).to_numpy()
    return fit_counts(y, t, step, exposure, names=(outcome, intervention, offset), harmonics=harmonics,
                      period=period, family=family, slope=slope)


def fit_counts(y: np.ndarray, t: np.ndarray, step: np.ndarray, exposure: np.ndarray | None = None, *,
               names: tuple[str, str, str | None] = ("events", "post", None), harmonics: int = 0, period: float = 12,
               family: str = "quasipoisson", slope: bool = False) -> ItsModel:
    """`fit_model` on one series' counts, times and intervention flags, float arrays in time order (and its raw
    exposure); `names` are the outcome's, the intervention's and the exposure's, for the refusals."""
    _check_options(family, harmonics, period)
    outcome, intervention, offset = names
    if np.isnan(y).any():
        raise EvaluationError(f"'{outcome}' has empty periods: leave unreported periods out")
    if (y < 0).any():
        raise EvaluationError(f"'{outcome}' holds negative counts")
    if not np.isin(step, (0.0, 1.0)).all():
        raise EvaluationError(f"'{intervention}' must be 0 before and 1 after the intervention")
    check_pre_periods(int((step == 0).sum()))
    if not (step == 1).any():
        raise EvaluationError(f"'{intervention}' marks no period after the intervention")
    check_not_all_zero(y)
    if y[step == 1].sum() == 0:
        raise EvaluationError("no events after the intervention: the rate ratio is 0 and has no interval")
    if y[step == 0].sum() == 0:
        raise EvaluationError("no events before the intervention: there is no baseline rate")
    if (y == y[0]).all():
        raise EvaluationError(f"the count is {y[0]:g} in every period: there is no change to estimate")
    x, columns = design(t, step, harmonics, period, slope)
    if len(y) <= x.shape[1]:
        raise EvaluationError(f"{len(y)} periods can't support a model with {x.shape[1]} coefficients")
    if exposure is not None and (exposure <= 0).any():
        raise EvaluationError(f"offset '{offset}' must be a positive exposure (it is logged)")
    log_exposure = None if exposure is None else np.log(exposure)
    result, aic = _fit(y, x, log_exposure, family)
    return ItsModel(result=result, x=x, columns=columns, y=y, time=t, exposure=log_exposure, family=family,
                    slope=slope, aic=aic)


def fit_its(df: pd.DataFrame, time: str, outcome: str, intervention: str, offset: str | None = None,
            harmonics: int = 0, period: float = 12, family: str = "quasipoisson", slope: bool = False,
            autocorrelated: bool = False) -> ItsResult:
    """How much the rate of events changed when the intervention started, net of trend and season; with
    `autocorrelated`, allowing for latent AR(1) rate noise fitted to this series alone."""
    model = fit_model(df, time, outcome, intervention, offset, harmonics, period, family, slope)
    return model.summary(latent_ar1([model.moments()]) if autocorrelated else None)


def placebo_frame(df: pd.DataFrame, time: str, intervention: str, placebo_time: float) -> pd.DataFrame:
    """The pre-intervention periods only, with a fake intervention `_placebo` at `placebo_time`."""
    require_columns(df, [time, intervention])
    before = df[numeric(df, intervention) == 0]
    return before.assign(_placebo=(numeric(before, time) >= placebo_time).astype(int))


def _check_options(family: str, harmonics: int, period: float) -> None:
    """Refuse a family or a number of harmonics the model does not offer."""
    if family not in FAMILIES:
        raise EvaluationError(f"family must be one of {', '.join(FAMILIES)}, not '{family}'")
    if harmonics < 0 or 2 * harmonics >= period:
        raise EvaluationError(f"harmonics must be between 0 and {math.ceil(period / 2) - 1} for period {period:g}")


def _se(gradient: np.ndarray, covariances: list[np.ndarray]) -> float:
    """Standard error of a linear combination of the coefficients: the largest under the covariances given."""
    return max(math.sqrt(max(float(gradient @ cov @ gradient), 0.0)) for cov in covariances)


def _quantile(df: float | None) -> float:
    """The 97.5 % quantile for a 95 % interval: normal, or Student t with `df` degrees of freedom."""
    return Z95 if df is None else float(stats.t.ppf(0.975, df))


def _ratio(beta: np.ndarray, covariances: list[np.ndarray], gradient: np.ndarray,
           df: float | None) -> tuple[float, float, float, float]:
    """exp of a linear combination of the coefficients, its 95 % interval and two-sided p-value (vs ratio 1)."""
    estimate, se, crit = float(gradient @ beta), _se(gradient, covariances), _quantile(df)
    z = abs(estimate) / se if se > 0 else float("nan")
    p = float(2 * (stats.norm.sf(z) if df is None else stats.t.sf(z, df))) if se > 0 else float("nan")
    return math.exp(estimate), math.exp(estimate - crit * se), math.exp(estimate + crit * se), p


def _cumulative(beta: np.ndarray, covariances: list[np.ndarray], x: np.ndarray, columns: tuple[str, ...],
                exposure: np.ndarray | None, df: float | None) -> tuple[float, float, float]:
    """Events expected over the post-intervention periods with the level and slope change over those expected
    without them, and its 95 % interval (delta method on the log of the ratio)."""
    post = x[:, columns.index("step")] > 0
    treated = x[post]
    untreated = treated.copy()
    untreated[:, [columns.index("step"), columns.index("post_time")]] = 0.0
    shift = 0.0 if exposure is None else exposure[post]
    with_change, without = np.exp(treated @ beta + shift), np.exp(untreated @ beta + shift)
    log_ratio = math.log(with_change.sum()) - math.log(without.sum())
    gradient = treated.T @ (with_change / with_change.sum()) - untreated.T @ (without / without.sum())
    se, crit = _se(gradient, covariances), _quantile(df)
    return math.exp(log_ratio), math.exp(log_ratio - crit * se), math.exp(log_ratio + crit * se)


def _fit(y: np.ndarray, x: np.ndarray, exposure: np.ndarray | None, family: str):
    """The fitted GLM and its AIC (None for quasi-Poisson: it has no likelihood)."""
    if family == "negbin":
        # α by ML from the discrete NB2 model; the GLM at that α has the same coefficients and its diagnostics
        nb2 = NegativeBinomial(y, x, offset=exposure).fit(disp=False, maxiter=200)
        alpha = max(float(nb2.params[-1]), 1e-8)  # α comes last
        glm = GLM(y, x, family=families.NegativeBinomial(alpha=alpha), offset=exposure)
    else:
        glm = GLM(y, x, family=families.Poisson(), offset=exposure)
    try:
        result = glm.fit(scale="X2" if family == "quasipoisson" else 1.0)
    except (ValueError, np.linalg.LinAlgError) as exc:  # a degenerate series the data can't be blamed on beforehand
        raise EvaluationError(f"the model could not be fitted ({str(exc).splitlines()[0][:120]})") from None
    aic = None if family == "quasipoisson" else float(nb2.aic if family == "negbin" else result.aic)
    return result, aic
