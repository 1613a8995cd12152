"""Region-wide staggered difference-in-differences (Callaway & Sant'Anna) through the `differences` package.

`differences` reproduces R's `did` on its reference panel (tests/test_did.py checks mpdta to ±0.0005). Standard
errors are its analytic influence-function errors, clustered by unit, which hold up for ~24 clusters better than
the bootstrap at this size; the pre-trend test is a Wald test that the pre-period event-study coefficients are 0,
using their analytic variances (treated as independent: a conservative-leaning simplification, documented here).
"""

from __future__ import annotations

import warnings
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
from differences import ATTgt
from scipy import stats

from assets.evaluate.its import EvaluationError

CONTROLS = {"never-treated": "never_treated", "not-yet-treated": "not_yet_treated"}


@dataclass(frozen=True)
class DidResult:
    """Overall ATT with its interval, the event study, and the pre-trend test."""

    att: float
    se: float
    lower: float
    upper: float
    event_study: list[dict]
    pretrend_p: float | None
    n_units: int
    n_cohorts: int
    control: str

    def to_dict(self) -> dict:
        return asdict(self)


def fit_did(panel: pd.DataFrame, unit: str, time: str, cohort: str, outcome: str,
            control: str = "never-treated") -> DidResult:
    """Callaway & Sant'Anna ATT(g,t) aggregated to an overall ATT and an event study."""
    if control not in CONTROLS:
        raise EvaluationError(f"control must be one of {', '.join(CONTROLS)}, not '{control}'")
    missing = [c for c in (unit, time, cohort, outcome) if c not in panel.columns]
    if missing:
        raise EvaluationError(f"missing column(s): {', '.join(missing)}")
    data = panel[[unit, time, cohort, outcome]].copy()
    data[outcome] = pd.to_numeric(data[outcome], errors="coerce")
    if data[outcome].isna().any():
        raise EvaluationError(f"outcome '{outcome}' has non-numeric or empty values")
    cohorts = pd.to_numeric(data[cohort], errors="coerce").fillna(0)
    data["cohort_"] = cohorts.where(cohorts > 0)
    sizes = data.drop_duplicates(unit).groupby("cohort_").size()
    if sizes.empty:
        raise EvaluationError("no treated units: every cohort is 0 or empty")
    if control == "never-treated" and data["cohort_"].isna().sum() == 0:
        raise EvaluationError("no never-treated units: use --control not-yet-treated")
    if (sizes < 2).all():
        raise EvaluationError("every cohort has a single unit: the estimate would rest on one crossing point each")
    frame = data.set_index([unit, time])[[outcome, "cohort_"]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = ATTgt(data=frame, cohort_column="cohort_")
        model.fit(formula=outcome, control_group=CONTROLS[control], n_jobs=1, progress_bar=False)
        simple = model.aggregate("simple")
        event = model.aggregate("event")
    overall = simple.iloc[0]
    att, se = float(overall.iloc[0]), float(overall.iloc[1])
    study = [{"event_time": int(e), "att": float(r.iloc[0]), "se": float(r.iloc[1]),
              "lower": float(r.iloc[0] - 1.959964 * r.iloc[1]), "upper": float(r.iloc[0] + 1.959964 * r.iloc[1])}
             for e, r in event.iterrows()]
    pre = [(s["att"], s["se"]) for s in study if s["event_time"] < 0 and s["se"] > 0]
    pretrend = float(stats.chi2.sf(sum((a / s) ** 2 for a, s in pre), len(pre))) if pre else None
    return DidResult(att=att, se=se, lower=att - 1.959964 * se, upper=att + 1.959964 * se, event_study=study,
                     pretrend_p=pretrend, n_units=int(data[unit].nunique()), n_cohorts=int(sizes.size),
                     control=control)


def log_rate(events: pd.Series) -> pd.Series:
    """log(events + 1): the outcome whose ATT approximates the log rate ratio a BLO brings."""
    return np.log1p(events.astype(float))
