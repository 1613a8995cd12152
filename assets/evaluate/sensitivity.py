"""Sensitivity of the region-wide effect to parallel trends: relative-magnitudes bounds (Rambachan & Roth 2023, "A
More Credible Approach to Parallel Trends", Review of Economic Studies 90(5)) through `diff-diff`'s `HonestDiD`.

Rambachan–Roth bound the post-opening departure from parallel trends by M̄ times the largest quarter-to-quarter
departure seen before the opening, so every coefficient must be measured against one common reference period. The
headline event study (did.py) uses R `did`'s default varying base period, whose pre-opening coefficients are
quarter-on-quarter changes; so here the same Callaway & Sant'Anna event study is refitted with a universal base
period (every cohort against its last quarter before opening, e = −1, which is then 0 and omitted), as R's HonestDiD
requires of `did` results. Post-opening coefficients are the same under either base. Their covariance is the one
of the crossing points' influence functions, ψ'ψ / n², as in R's `honest_did` for `did`. The target is the
equal-weight average of the post-opening event-study effects (e = 0 … lags), not the cohort-size-weighted `att`.
`diff-diff` 3.13 builds the robust interval for relative magnitudes as the identified set widened by the t(G − 1)
critical value times the target's standard error, which is conservative next to R's conditional-hybrid interval.
The breakdown value is the smallest M̄ at which that interval includes zero.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from diff_diff import HonestDiD
from diff_diff.results import MultiPeriodDiDResults, PeriodEffect

from assets.evaluate.attgt import event_study
from assets.evaluate.did import group_times, prepare
from assets.evaluate.errors import EvaluationError

MBAR = 1.0  # the bound reported beside the breakdown: post-opening departures as large as the worst pre-opening one
MBAR_CEILING = 10.0  # a breakdown beyond this is reported as "not reached"


@dataclass(frozen=True)
class Sensitivity:
    """Relative-magnitudes robust 95 % interval at M̄ = 1 and the breakdown M̄ (None: not reached by M̄ = 10)."""

    estimate: float
    lower_at_1: float
    upper_at_1: float
    mbar_breakdown: float | None


def universal_event_study(panel: pd.DataFrame, unit: str, time: str, cohort: str, outcome: str, control: str,
                          leads: int, lags: int) -> tuple[list[int], np.ndarray, np.ndarray, int]:
    """Event times (reference −1 left out), their effects against the universal base period, the effects'
    covariance from the units' influence functions, and the number of units."""
    data, _notes = prepare(panel, unit, time, cohort, outcome)
    event = event_study(group_times(data, unit, time, outcome, control, "universal", leads, lags))
    times = [e for e in event if e != -1]
    psi = np.column_stack([event[e][1] for e in times])
    return times, np.array([event[e][0] for e in times]), psi.T @ psi / psi.shape[0] ** 2, psi.shape[0]


def relative_magnitudes(times: list[int], effects: np.ndarray, covariance: np.ndarray, units: int) -> Sensitivity:
    """Rambachan–Roth relative-magnitudes bounds for the average post-opening effect, t(units − 1) critical values."""
    pre = [e for e in times if e < 0]
    post = [e for e in times if e >= 0]
    if not pre or not post:
        raise EvaluationError("the sensitivity analysis needs event-study effects both before and after the opening")
    se = np.sqrt(np.diag(covariance))
    effects_by_time = {e: PeriodEffect(period=e, effect=b, se=s, t_stat=b / s, p_value=np.nan, conf_int=(np.nan,
                                                                                                          np.nan))
                       for e, b, s in zip(times, effects, se, strict=True)}
    event_study = MultiPeriodDiDResults(
        period_effects=effects_by_time, avg_att=np.nan, avg_se=np.nan, avg_t_stat=np.nan, avg_p_value=np.nan,
        avg_conf_int=(np.nan, np.nan), n_obs=units, n_treated=0, n_control=0, pre_periods=pre, post_periods=post,
        vcov=covariance, interaction_indices={e: i for i, e in enumerate(times)}, reference_period=-1)
    event_study.df_inference = units - 1  # the attribute diff-diff's `resolve_inference_df` reads for t critical values
    honest = HonestDiD(method="relative_magnitude", M=MBAR)
    bounds = honest.fit(event_study)
    return Sensitivity(estimate=float(bounds.original_estimate), lower_at_1=float(bounds.ci_lb),
                       upper_at_1=float(bounds.ci_ub), mbar_breakdown=honest.breakdown_value(event_study, tol=0.01))


def region_sensitivity(panel: pd.DataFrame, unit: str, time: str, cohort: str, outcome: str, control: str,
                       leads: int, lags: int) -> Sensitivity:
    """How far parallel trends may fail, relative to the pre-opening quarters, before the region-wide effect is lost."""
    return relative_magnitudes(*universal_event_study(panel, unit, time, cohort, outcome, control, leads, lags))


def sensitivity_columns(panel: pd.DataFrame, control: str, window: int) -> dict:
    """did_summary's honest_* columns and `sensitivity` sentence for a region panel (`did_panel`), or why not."""
    try:
        found = region_sensitivity(panel, "crossing_point", "period", "cohort", "log_events", control, window, window)
    except (EvaluationError, ValueError, np.linalg.LinAlgError) as exc:  # too few quarters or units to bound
        return {"sensitivity": f"No sensitivity analysis: {exc}"}
    percent = {name: 100 * (np.exp(value) - 1) for name, value in
               (("estimate", found.estimate), ("lower", found.lower_at_1), ("upper", found.upper_at_1))}
    if not (np.isfinite(found.lower_at_1) and np.isfinite(found.upper_at_1)):
        return {"honest_estimate": found.estimate, "honest_mbar_breakdown": found.mbar_breakdown,
                "sensitivity": "No sensitivity bounds: the pre-opening quarters give no finite bound at M̄ = 1."}
    breakdown = ("it includes no change even under exact parallel trends (M̄ = 0)" if found.mbar_breakdown == 0 else
                 f"it stays clear of no change for every M̄ up to {MBAR_CEILING:g}" if found.mbar_breakdown is None
                 else f"it first includes no change at M̄ = {found.mbar_breakdown:.2f}")
    text = (f"Sensitivity to parallel trends (Rambachan & Roth 2023, relative magnitudes): the average effect over "
            f"quarters 0–{window} after opening is {percent['estimate']:+.0f} %; if after the opening trends may part "
            f"by up to as much (M̄ = 1) as the largest quarter-to-quarter departure before it, the robust 95 % "
            f"interval is {percent['lower']:+.0f} % to {percent['upper']:+.0f} %, and {breakdown}.")
    return {"honest_estimate": found.estimate, "honest_lower_at_1": found.lower_at_1,
            "honest_upper_at_1": found.upper_at_1, "honest_mbar_breakdown": found.mbar_breakdown, "sensitivity": text}
