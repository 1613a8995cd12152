"""The imputation check (Borusyak, Jaravel & Spiess) beside the headline: a planted rate ratio recovered within its
interval, quarters beyond the window left out, the agreement flag, and a row that says why when it can't be fitted."""

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from assets.evaluate.robustness import IMPUTATION_LABEL, LABEL, imputation_did, robustness_rows

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
