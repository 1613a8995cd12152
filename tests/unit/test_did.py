"""Staggered DiD: R's published mpdta answers (points, bootstrap errors, simultaneous band), the pre-trend test, the
cluster counts and clear refusals."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from assets.evaluate.did import fit_did
from assets.evaluate.errors import EvaluationError

MPDTA = Path(__file__).parents[1] / "data" / "validation" / "mpdta.csv"
R_EVENT_STUDY = Path(__file__).parents[1] / "data" / "validation" / "mpdta_r_did_event_study.csv"
PUBLISHED_EVENT_STUDY = [0.0305, -0.0006, -0.0245, -0.0199, -0.0510, -0.1373, -0.1008]  # e = -3 … 3


@pytest.fixture(scope="module")
def mpdta() -> pd.DataFrame:
    return pd.read_csv(MPDTA)


def test_mpdta_simple_att_and_event_study_match_r_did(mpdta):
    result = fit_did(mpdta, "countyreal", "year", "first_treat", "lemp")
    assert result.att == pytest.approx(-0.0400, abs=0.0005)
    assert result.se == pytest.approx(0.012, abs=0.0005)
    assert [e["event_time"] for e in result.event_study] == list(range(-3, 4))
    assert [e["att"] for e in result.event_study] == pytest.approx(PUBLISHED_EVENT_STUDY, abs=0.0005)
    assert result.lower < result.att < result.upper < 0
    assert (result.n_units, result.n_cohorts, result.warnings) == (500, 3, [])
    assert (result.n_treated, result.n_never_treated) == (191, 309)


def test_mpdta_bootstrap_errors_and_simultaneous_band_match_r_did(mpdta):
    published = pd.read_csv(R_EVENT_STUDY)
    result = fit_did(mpdta, "countyreal", "year", "first_treat", "lemp")
    ours = pd.DataFrame(result.event_study)
    assert ours["event_time"].tolist() == published["event_time"].tolist()
    assert (ours["se"] / published["std_error"]).between(0.9, 1.1).all()
    r_critical = ((published["band_upper"] - published["estimate"]) / published["std_error"]).median()
    assert result.band_critical == pytest.approx(r_critical, rel=0.05) and result.band_critical > 2.2
    assert ours["band_lower"].to_numpy() == pytest.approx(published["band_lower"].to_numpy(), abs=0.008)
    assert ours["band_upper"].to_numpy() == pytest.approx(published["band_upper"].to_numpy(), abs=0.008)
    assert (ours["band_lower"] < ours["lower"]).all() and (ours["upper"] < ours["band_upper"]).all()


def test_bootstrap_is_repeatable(mpdta):
    first = fit_did(mpdta, "countyreal", "year", "first_treat", "lemp", leads=1, lags=1)
    again = fit_did(mpdta, "countyreal", "year", "first_treat", "lemp", leads=1, lags=1)
    assert first.se == again.se and first.event_study == again.event_study


def test_pretrend_wald_uses_the_joint_covariance(mpdta):
    # W = 7.3279 for e = -3…-1 from csdid's own event-study influence functions (an independent implementation);
    # with 500 units the covariance is known almost exactly, so p is Hotelling's F transform of W
    wald, units, q = 7.3279, 500, 3
    expected = stats.f.sf(wald * (units - q) / (q * (units - 1)), q, units - q)
    result = fit_did(mpdta, "countyreal", "year", "first_treat", "lemp")
    assert result.pretrend_p == pytest.approx(expected, abs=0.0005)


def test_event_window_keeps_the_published_coefficients_inside_it(mpdta):
    result = fit_did(mpdta, "countyreal", "year", "first_treat", "lemp", leads=1, lags=1)
    assert [e["event_time"] for e in result.event_study] == [-1, 0, 1]
    assert [e["att"] for e in result.event_study] == pytest.approx(PUBLISHED_EVENT_STUDY[2:5], abs=0.0005)


def test_not_yet_treated_control_runs_and_is_labelled(mpdta):
    result = fit_did(mpdta, "countyreal", "year", "first_treat", "lemp", control="not-yet-treated")
    assert result.control == "not-yet-treated"
    assert result.att == pytest.approx(-0.0400, abs=0.005) and result.att != pytest.approx(-0.039951, abs=1e-6)


def test_a_cohort_of_one_unit_is_estimated_with_a_warning(mpdta):
    lone = mpdta["countyreal"][mpdta["first_treat"] == 2004].iloc[0]
    panel = mpdta.assign(first_treat=mpdta["first_treat"].mask(mpdta["countyreal"] == lone, 2005))
    result = fit_did(panel, "countyreal", "year", "first_treat", "lemp")
    assert result.n_cohorts == 4
    assert result.warnings == ["cohort 2005 has a single unit: its ATT(g,t) rest on one unit"]


def test_units_treated_in_the_first_period_or_with_gaps_are_left_out_with_a_note(mpdta):
    first = mpdta["countyreal"].iloc[0]
    panel = mpdta.assign(first_treat=mpdta["first_treat"].mask(mpdta["countyreal"] == first, 2003))
    panel = panel.drop(panel.index[(panel["countyreal"] == panel["countyreal"].iloc[-1]) & (panel["year"] == 2005)])
    result = fit_did(panel, "countyreal", "year", "first_treat", "lemp")
    assert result.n_units == 498
    assert any("treated in the first period" in w for w in result.warnings)
    assert any("missing periods" in w for w in result.warnings)


def small_panel(treated_units: int) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    units = np.repeat(np.arange(6), 4)
    cohort = np.where(units < treated_units, 3, 0)
    return pd.DataFrame({"unit": units, "t": np.tile(np.arange(1, 5), 6), "g": cohort, "y": rng.normal(size=24)})


@pytest.mark.parametrize(("panel", "control", "message"), [
    (small_panel(1), "never-treated", "only one treated unit (0)"),
    (small_panel(0), "never-treated", "no treated units"),
    (small_panel(6), "never-treated", "no never-treated units"),
    (small_panel(2).drop(columns="g"), "never-treated", "missing column(s): g"),
    (small_panel(2).assign(y="high"), "never-treated", "column 'y' must be numeric"),
    (pd.concat([small_panel(2)] * 2), "never-treated", "several rows share one unit and t"),
    (small_panel(2), "everyone", "control must be one of"),
])
def test_unusable_panels_are_refused_in_one_clear_line(panel, control, message):
    with pytest.raises(EvaluationError) as refused:
        fit_did(panel, "unit", "t", "g", "y", control)
    assert message in str(refused.value) and "\n" not in str(refused.value)


def test_poisson_check_recovers_a_planted_rate_ratio_and_says_whether_it_agrees():
    from assets.evaluate.robustness import poisson_did, robustness_rows

    rng = np.random.default_rng(3)
    rows = [{"crossing_point": f"c{u}", "period": t, "cohort": g, "months": 3,
             "events": rng.poisson(3 * (2 + u % 5) * (1.5 if g and t >= g else 1.0) * (1 + 0.02 * t))}
            for u, g in enumerate([0] * 10 + [6, 8, 10, 12] * 5) for t in range(1, 21)]
    panel = pd.DataFrame(rows)
    found = poisson_did(panel, lags=8)
    assert found["percent_change"] == pytest.approx(50, abs=8)
    assert 0 < found["percent_lower"] < found["percent_change"] < found["percent_upper"]
    rose = robustness_rows({"percent_change": 40.0, "percent_lower": 20.0, "percent_upper": 60.0}, panel, 8)
    unclear = robustness_rows({"percent_change": 10.0, "percent_lower": -5.0, "percent_upper": 25.0}, panel, 8)
    assert [row["agrees_with_cs"] for row in rose][:2] == [True, True]
    assert [row["agrees_with_cs"] for row in unclear][:2] == [True, False]
