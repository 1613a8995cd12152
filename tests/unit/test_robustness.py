"""The two checks beside the headline: the Poisson check equals pyfixest's `fepois` (the reference, a dev dependency) on
bench-sized panels, with its sample rules; the imputation check (Borusyak, Jaravel & Spiess) recovers a planted rate
ratio within its interval, leaves quarters beyond the window out; the agreement flag, and rows that say why when a
check can't be fitted."""

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from assets.evaluate.region import WINDOW, did_panel
from assets.evaluate.robustness import (
    IMPUTATION_LABEL,
    LABEL,
    _informative,
    _ppml,
    _windowed,
    imputation_did,
    poisson_did,
    robustness_rows,
)
from bench.calibration import Scenario, world

ROSE = {"percent_change": 40.0, "percent_lower": 20.0, "percent_upper": 60.0}
UNCLEAR = {"percent_change": 10.0, "percent_lower": -5.0, "percent_upper": 25.0}


def planted_panel(ratio: float = 1.5, beyond_window: float | None = None, cohorts=(6, 8, 10, 12)) -> pd.DataFrame:
    """Crossing point × quarter counts with the monthly rate multiplied by `ratio` once open (by `beyond_window`
    instead more than 8 quarters after opening), in the panel's outcome log((events + ½) / months)."""
    rng = np.random.default_rng(11)
    rows = []
    for u, g in enumerate([0] * 10 + list(cohorts) * 5):
        for t in range(1, 25):
            effect = 1.0 if not g or t < g else beyond_window if beyond_window and t - g > 8 else ratio
            events = rng.poisson(3 * 8 * (1 + u % 5) * effect * (1 + 0.02 * t))
            rows.append({"crossing_point": f"c{u}", "period": t, "cohort": g, "months": 3, "events": events,
                         "log_events": math.log((events + 0.5) / 3)})
    return pd.DataFrame(rows)


def test_imputation_recovers_a_planted_rate_ratio_within_its_interval():
    found = imputation_did(planted_panel(1.5), lags=8)
    assert found["estimator"] == IMPUTATION_LABEL
    assert found["percent_lower"] < 50 < found["percent_upper"]
    assert found["percent_change"] == pytest.approx(50, abs=5)
    assert 0 < found["percent_lower"] < found["percent_change"] < found["percent_upper"] < 70


def test_imputation_leaves_out_quarters_beyond_the_window():
    found = imputation_did(planted_panel(1.5, beyond_window=4.0), lags=8)
    assert found["percent_change"] == pytest.approx(50, abs=5)
    assert imputation_did(planted_panel(1.5, beyond_window=4.0), lags=20)["percent_change"] > 80


def test_a_crossing_point_open_from_the_first_quarter_is_left_out_not_imputed_from_nothing():
    panel = planted_panel(1.5, cohorts=(1, 8, 10, 12))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # diff-diff warns of units it has no untreated quarter to impute from
        found = imputation_did(panel, lags=8)
    without = imputation_did(panel[panel["cohort"] != 1], lags=8)
    assert found["percent_change"] == pytest.approx(without["percent_change"], rel=1e-9)
    assert found["percent_lower"] == pytest.approx(without["percent_lower"], rel=1e-9)


def test_rows_say_whether_each_check_agrees_with_the_headline():
    panel = planted_panel(1.5)
    rose, unclear = robustness_rows(ROSE, panel, 8), robustness_rows(UNCLEAR, panel, 8)
    assert [row["estimator"] for row in rose][1:] == [LABEL, IMPUTATION_LABEL]
    assert [row["agrees_with_cs"] for row in rose] == [True, True, True]
    assert [row["agrees_with_cs"] for row in unclear] == [True, False, False]
    assert all(row["reason"] is None for row in rose)


def test_a_panel_without_opened_quarters_gives_a_row_that_says_why():
    rows = robustness_rows(ROSE, planted_panel(1.5).assign(cohort=0), 8)
    assert [row["agrees_with_cs"] for row in rows] == [True, None, None]
    assert rows[2]["reason"] == "the imputation check needs quarters both before and after an opening"
    assert "percent_change" not in rows[2]


def fepois(panel: pd.DataFrame, lags: int) -> tuple[float, float]:
    """The Poisson check's coefficient and clustered standard error through pyfixest, its tolerances tightened so that
    its demeaning is exact to ~1e-12."""
    from pyfixest import fepois

    data = _windowed(panel, lags).assign(exposure=lambda d: np.log(d["months"].astype(float)))
    fit = fepois("events ~ treated | crossing_point + period", data=data, offset="exposure",
                 vcov={"CRV1": "crossing_point"}, fixef_tol=1e-13, iwls_tol=1e-12)
    return float(fit.coef()["treated"]), float(fit.se()["treated"])


def ppml(panel: pd.DataFrame, lags: int) -> tuple[float, float]:
    """The Poisson check's coefficient and clustered standard error, on the sample it keeps."""
    return _ppml(_informative(_windowed(panel, lags)))[:2]


def bench_panel(seed: int) -> pd.DataFrame:
    """A bench world's region panel: 31 crossing points, 22 of them BLO, 48 quarters."""
    return did_panel(*world(seed, Scenario("check", 1.3)))


@pytest.mark.parametrize("seed", [3, 4])
def test_the_poisson_check_is_pyfixests_fepois(seed):
    panel = bench_panel(seed)
    assert ppml(panel, WINDOW) == pytest.approx(fepois(panel, WINDOW), rel=1e-8)
    assert poisson_did(panel, WINDOW)["percent_change"] == pytest.approx(100 * math.expm1(fepois(panel, WINDOW)[0]))


def test_the_poisson_check_keeps_the_sample_fepois_keeps():
    panel = bench_panel(3)
    never = panel.loc[panel["cohort"] == 0, "crossing_point"].unique()
    quiet = panel.assign(events=panel["events"].where(panel["crossing_point"] != never[0], 0))  # no event at all
    single = pd.concat([quiet, quiet[quiet["crossing_point"] == never[1]].head(1).assign(crossing_point="alone")])
    assert ppml(single, WINDOW) == pytest.approx(fepois(single, WINDOW), rel=1e-8)
    assert ppml(single, WINDOW)[1] != pytest.approx(ppml(panel, WINDOW)[1], rel=1e-6)
    assert _ppml(_informative(_windowed(single, WINDOW)))[2] == panel["crossing_point"].nunique() - 1


def test_a_poisson_check_the_effects_absorb_gives_a_row_that_says_why():
    panel = planted_panel(1.5, cohorts=(6,)).query("cohort > 0")  # every crossing point opens in the same quarter
    rows = robustness_rows(ROSE, panel, 8)
    assert rows[1]["agrees_with_cs"] is None and "percent_change" not in rows[1]
    assert rows[1]["reason"] == ("the Poisson check could not be fitted (the opened quarters can't be told apart "
                                 "from the crossing-point and quarter effects)")
