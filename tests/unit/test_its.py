"""Interrupted time series: the published Sicily answers, planted effects recovered, placebo, clear refusals."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from assets.evaluate.errors import EvaluationError
from assets.evaluate.its import fit_its, placebo_frame
from support.series import ar1, series

SICILY = Path(__file__).parents[1] / "data" / "validation" / "sicily.csv"


@pytest.fixture(scope="module")
def sicily() -> pd.DataFrame:
    return pd.read_csv(SICILY)


def test_sicily_quasipoisson_with_two_harmonics_matches_the_tutorial(sicily):
    result = fit_its(sicily, "time", "aces", "smokban", offset="stdpop", harmonics=2, period=12)
    assert (result.rate_ratio, result.lower, result.upper) == pytest.approx((0.8851, 0.8394, 0.9332), abs=0.0005)
    assert round(result.dispersion, 2) == 2.26
    assert result.aic is None and result.slope_change is None and result.n_obs == 59


def test_sicily_poisson_step_model_matches_the_tutorial(sicily):
    result = fit_its(sicily, "time", "aces", "smokban", offset="stdpop", family="poisson")
    assert (result.rate_ratio, result.lower, result.upper) == pytest.approx((0.8944, 0.8647, 0.9251), abs=0.0005)
    assert result.level_change == result.rate_ratio and result.aic > 0


def test_offset_is_a_raw_exposure_that_gets_logged(sicily):
    per_thousand = sicily.assign(stdpop=sicily["stdpop"] / 1000)
    scaled = fit_its(per_thousand, "time", "aces", "smokban", offset="stdpop", family="poisson")
    plain = fit_its(sicily, "time", "aces", "smokban", family="poisson")
    assert scaled.rate_ratio == pytest.approx(0.8944, abs=0.0005)  # a constant factor only moves the intercept
    assert abs(plain.rate_ratio - scaled.rate_ratio) > 0.001  # …while the exposure itself matters


def test_planted_level_and_slope_changes_are_recovered():
    result = fit_its(series(1, level=1.5, slope=1.01, base=400.0), "t", "events", "post", harmonics=1, slope=True)
    assert result.lower < 1.5 < result.upper
    assert result.slope_change == pytest.approx(1.01, abs=0.004)


def test_negative_binomial_and_quasipoisson_handle_overdispersion():
    gamma = np.random.default_rng(7).gamma(5, 1 / 5, 48)
    data = series(2, level=1.4, noise=gamma)
    negbin = fit_its(data, "t", "events", "post", harmonics=1, family="negbin")
    quasi = fit_its(data, "t", "events", "post", harmonics=1)
    assert negbin.converged and negbin.aic is not None and negbin.lower < 1.4 < negbin.upper
    assert quasi.dispersion > 2 and quasi.lower < 1.4 < quasi.upper


def test_autocorrelated_rate_widens_the_interval_and_is_reported():
    data = series(4, base=80.0, noise=ar1(3, 0.8))
    plain = fit_its(data, "t", "events", "post", harmonics=1)
    robust = fit_its(data, "t", "events", "post", harmonics=1, autocorrelated=True)
    assert robust.rate_ratio == pytest.approx(plain.rate_ratio)
    assert np.log(robust.upper / robust.lower) > 1.3 * np.log(plain.upper / plain.lower)
    assert 0.4 < robust.autocorrelation < 0.95 and plain.autocorrelation is None


def test_independent_noise_gives_a_small_correlation_and_no_narrower_interval():
    data = series(5, base=80.0, noise=ar1(6, 0.0))
    plain = fit_its(data, "t", "events", "post", harmonics=1)
    robust = fit_its(data, "t", "events", "post", harmonics=1, autocorrelated=True)
    assert robust.lower <= plain.lower and robust.upper >= plain.upper
    assert robust.autocorrelation < 0.3


def test_gaps_in_time_count_as_lags():
    data = series(4, base=80.0, noise=ar1(3, 0.8))
    gappy = data[~data["t"].isin([10, 11, 30])]
    result = fit_its(gappy, "t", "events", "post", harmonics=1, autocorrelated=True, slope=True)
    assert result.n_obs == 45 and result.lower < result.rate_ratio < result.upper


def test_autocorrelation_correction_is_refused_for_negbin():
    with pytest.raises(EvaluationError, match="not negbin"):
        fit_its(series(5), "t", "events", "post", family="negbin", autocorrelated=True)


def test_placebo_at_a_fake_date_is_near_one_on_no_effect_data():
    data = series(6, months=60, start=36)
    placebo = fit_its(placebo_frame(data, "t", "post", placebo_time=18), "t", "events", "_placebo", harmonics=1)
    assert placebo.n_obs == 36
    assert placebo.lower < 1 < placebo.upper and 0.85 < placebo.rate_ratio < 1.18


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d.drop(columns="events"), "missing column(s): events"),
    (lambda d: d.assign(events=d["events"].astype(object).where(d["t"] != 3, "n/a")), "must be numeric"),
    (lambda d: d.assign(post=(d["t"] >= 4).astype(int)), "fewer than 6 pre-period periods (4)"),
    (lambda d: d.assign(events=0), "every period is zero"),
    (lambda d: d.assign(post=d["post"] * 2), "must be 0 before and 1 after"),
])
def test_unusable_input_is_refused_in_one_clear_line(change, message):
    with pytest.raises(EvaluationError) as refused:
        fit_its(change(series(8)), "t", "events", "post")
    assert message in str(refused.value) and "\n" not in str(refused.value)


def test_unknown_family_is_refused():
    with pytest.raises(EvaluationError, match="family must be one of"):
        fit_its(series(9), "t", "events", "post", family="gaussian")


def test_a_count_that_never_changes_is_refused_in_words():
    series = pd.DataFrame({"t": np.arange(48), "events": [3] * 48, "post": [0] * 24 + [1] * 24})
    with pytest.raises(EvaluationError, match="the count is 3 in every period"):
        fit_its(series, "t", "events", "post", harmonics=1, slope=True, autocorrelated=True)
