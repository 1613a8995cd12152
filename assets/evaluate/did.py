"""Region-wide staggered difference-in-differences (Callaway & Sant'Anna 2021), without covariates (attgt.py).

The group-time effects, their aggregations and the bootstrap are `differences` 0.3.0's to 1e-10 (tests/unit/
test_attgt.py), and reproduce R's `did` on mpdta (tests/unit/test_did.py: simple ATT and event study to ±0.0005).
Inference is R `did`'s default: the multiplier bootstrap of the unit-level influence functions (Rademacher weights,
so clustered by unit; Callaway & Sant'Anna 2021, §4.1), standard errors from the bootstrap interquartile range, and a
simultaneous 95 % band for the event study from the bootstrap distribution of the largest |t| across event times.
The seed is fixed, so an estimate repeats exactly. For the ~24–31 crossing points we have, the ATT's interval uses
Student t with G − 1 degrees of freedom (G = units) instead of the normal. `pretrend_p`: Wald test that the
pre-period event-study coefficients are jointly zero, with their covariance from the same influence functions (see
`pretrend_wald`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from assets.evaluate import attgt
from assets.evaluate.errors import EvaluationError, numeric, require_columns

CONTROLS = {"never-treated": "never_treated", "not-yet-treated": "not_yet_treated"}
BOOT_ITERATIONS = 9999
BOOT_SEED = 20210  # any fixed seed: the same data give the same intervals


@dataclass(frozen=True)
class DidResult:
    """Average effect of treatment on the treated, its interval, the event study with its simultaneous band, the
    pre-trend test and the numbers of treated and never-treated units (the clusters)."""

    att: float
    se: float
    lower: float
    upper: float
    event_study: list[dict]
    pretrend_p: float | None
    n_units: int
    n_cohorts: int
    control: str
    n_treated: int = 0
    n_never_treated: int = 0
    band_critical: float | None = None
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def fit_did(panel: pd.DataFrame, unit: str, time: str, cohort: str, outcome: str, control: str = "never-treated",
            *, leads: int | None = None, lags: int | None = None) -> DidResult:
    """Callaway & Sant'Anna ATT(g,t), aggregated to one ATT and an event study over e = −leads … lags.

    `cohort` is the first treated period (0 or empty = never treated). A single treated unit is refused; cohorts of
    one unit, cohorts treated in the first period (dropped) and units with gaps (dropped, as R's `did` balances the
    panel) are reported in `warnings`.
    """
    if control not in CONTROLS:
        raise EvaluationError(f"control must be one of {', '.join(CONTROLS)}, not '{control}'")
    data, notes = prepare(panel, unit, time, cohort, outcome)
    treated = data.loc[data["g"].notna(), unit].unique()
    if len(treated) == 0:
        raise EvaluationError("no treated units: every cohort is 0 or empty")
    if len(treated) == 1:
        raise EvaluationError(f"only one treated unit ({treated[0]}): a difference-in-differences would rest on a "
                              "single unit; use its interrupted time series instead")
    if control == "never-treated" and data["g"].notna().all():
        raise EvaluationError("no never-treated units: use the not-yet-treated control")
    sizes = data.drop_duplicates(unit).groupby("g").size()
    notes += [f"cohort {g:g} has a single unit: its ATT(g,t) rest on one unit" for g in sizes[sizes == 1].index]
    cells = group_times(data, unit, time, outcome, control, "varying", leads, lags)
    att, simple_influence = attgt.simple(cells)
    event = attgt.event_study(cells)
    influence = {e: psi for e, (_, psi) in event.items()}
    clusters = data[unit].nunique()
    crit = float(stats.t.ppf(0.975, clusters - 1))
    se, band = bootstrap(np.column_stack([simple_influence, *influence.values()]))
    study = [{"event_time": e, "att": b, "se": float(s), "lower": b - crit * s, "upper": b + crit * s,
              "band_lower": b - band * s, "band_upper": b + band * s}
             for (e, (b, _)), s in zip(event.items(), se[1:], strict=True)]
    return DidResult(att=att, se=float(se[0]), lower=att - crit * se[0], upper=att + crit * se[0], event_study=study,
                     pretrend_p=pretrend_wald(study, influence, clusters), n_units=int(clusters),
                     n_cohorts=int(sizes.size), control=control, warnings=notes, n_treated=len(treated),
                     n_never_treated=int(clusters - len(treated)), band_critical=band)


def group_times(data: pd.DataFrame, unit: str, time: str, outcome: str, control: str, base_period: str,
                leads: int | None, lags: int | None) -> attgt.GroupTime:
    """The ATT(g,t) cells of a `prepare`d panel, event times limited to −leads … lags."""
    wide = data.pivot(index=unit, columns=time, values=outcome)
    g = data.groupby(unit)["g"].first().reindex(wide.index).to_numpy(dtype=float)
    return attgt.group_time_effects(wide.to_numpy(dtype=float), wide.columns.to_numpy(), g, CONTROLS[control],
                                    base_period, leads, lags)


def bootstrap(influence: np.ndarray) -> tuple[np.ndarray, float]:
    """Multiplier-bootstrap standard errors of the ATT (column 0) and the event-study coefficients (the rest), and the
    critical value of the event study's simultaneous 95 % band (R `did`'s `mboot`)."""
    draws, se = attgt.multiplier_bootstrap(influence, BOOT_ITERATIONS, BOOT_SEED)
    return se, attgt.band_critical(draws[:, 1:])


def prepare(panel: pd.DataFrame, unit: str, time: str, cohort: str, outcome: str) -> tuple[pd.DataFrame, list[str]]:
    """Checked, balanced panel with `g` = first treated period (NaN = never treated) and notes on what was dropped."""
    require_columns(panel, [unit, time, cohort, outcome])
    data = panel[[unit, time, cohort, outcome]].copy()
    data[outcome] = numeric(data, outcome)
    data[time] = numeric(data, time)
    if (data[time] != data[time].round()).any():
        raise EvaluationError(f"'{time}' must be whole period numbers (e.g. 1, 2, 3 or a year)")
    data[time] = data[time].astype(int)
    g = numeric(data.assign(**{cohort: data[cohort].fillna(0)}), cohort)
    data["g"] = g.where(g > 0)
    if data.duplicated([unit, time]).any():
        raise EvaluationError(f"several rows share one {unit} and {time}: give one row per unit and period")
    if (data.groupby(unit)["g"].nunique(dropna=False) > 1).any():
        raise EvaluationError(f"a {unit} has more than one value of '{cohort}'")
    notes = []
    first, last = data[time].min(), data[time].max()
    early = data.loc[data["g"] <= first, unit].unique()
    if len(early):
        notes.append(f"{len(early)} unit(s) treated in the first period have no pre-period and were left out")
        data = data[~data[unit].isin(early)]
    data.loc[data["g"] > last, "g"] = np.nan  # treated after the panel ends: untreated throughout, as in R's did
    periods = data.groupby(unit)[time].nunique()
    gaps = periods[periods < data[time].nunique()].index
    if len(gaps):
        notes.append(f"{len(gaps)} unit(s) with missing periods were left out to balance the panel")
        data = data[~data[unit].isin(gaps)]
    return data, notes


def pretrend_wald(study: list[dict], influence: dict, clusters: int) -> float | None:
    """p-value of the joint test that the pre-period event-study coefficients are all zero (None if untestable).

    The covariance is estimated from G unit-level influence functions, so the Wald statistic W is referred to
    Hotelling's T² distribution, W·(G − q)/(q·(G − 1)) ~ F(q, G − q); it needs fewer coefficients q than units G.
    """
    pre = [s for s in study if s["event_time"] < 0 and np.isfinite(s["se"]) and s["se"] > 0]
    if not pre or len(pre) >= clusters:
        return None
    psi = np.column_stack([np.asarray(influence[s["event_time"]], dtype=float).ravel() for s in pre])
    covariance = psi.T @ psi / psi.shape[0] ** 2
    b = np.array([s["att"] for s in pre])
    q = len(pre)
    wald = float(b @ np.linalg.pinv(covariance) @ b)
    return float(stats.f.sf(wald * (clusters - q) / (q * (clusters - 1)), q, clusters - q))
