"""Rambachan–Roth relative-magnitudes sensitivity: a planted pre-trend makes the effect fragile, parallel trends keep it
robust, and the bounds at M̄ = 0 are the ordinary t interval of the average post-opening effect."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from assets.evaluate import sensitivity
from assets.evaluate.sensitivity import region_sensitivity, relative_magnitudes, universal_event_study

MPDTA = "tests/data/validation/mpdta.csv"


def staggered_panel(pretrend: float, seed: int = 7) -> pd.DataFrame:
    """24 units over 16 quarters, 16 opening in quarters 7–10, a +0.3 log effect and treated units drifting by
    `pretrend` a quarter before opening."""
    rng = np.random.default_rng(seed)
    cohorts = [0] * 8 + [7, 8, 9, 10] * 4
    rows = [{"unit": f"u{u}", "period": t, "cohort": g,
             "y": (0.3 if g and t >= g else 0) + (pretrend * min(t - g, 0) if g else 0) + rng.normal(0, 0.05)}
            for u, g in enumerate(cohorts) for t in range(1, 17)]
    return pd.DataFrame(rows)


def test_a_planted_pretrend_breaks_down_early_and_parallel_trends_hold_up():
    clean = region_sensitivity(staggered_panel(0.0), "unit", "period", "cohort", "y", "never-treated", 4, 4)
    trended = region_sensitivity(staggered_panel(0.15), "unit", "period", "cohort", "y", "never-treated", 4, 4)
    assert clean.estimate == pytest.approx(0.3, abs=0.05) and trended.estimate > 0.3  # the drift biases it up
    assert clean.lower_at_1 > 0  # still an effect when the post-opening drift may be as large as the pre-opening one
    assert trended.lower_at_1 < 0 < trended.upper_at_1
    assert trended.mbar_breakdown is not None and trended.mbar_breakdown < 1
    assert clean.mbar_breakdown is None or clean.mbar_breakdown > 2


def test_universal_base_keeps_post_effects_and_drops_the_reference():
    mpdta = pd.read_csv(MPDTA)
    times, effects, covariance, units = universal_event_study(mpdta, "countyreal", "year", "first_treat", "lemp",
                                                              "never-treated", 3, 3)
    assert times == [-3, -2, 0, 1, 2, 3] and units == 500
    # post-opening effects are R did's published event study; pre-opening ones are now against e = −1
    assert effects[2:] == pytest.approx([-0.0199, -0.0510, -0.1373, -0.1008], abs=0.0005)
    assert effects[:2] == pytest.approx([0.0250, 0.0245], abs=0.0005)
    assert np.all(np.linalg.eigvalsh(covariance) > 0)


def test_no_slack_is_the_t_interval_of_the_average_post_effect(monkeypatch):
    mpdta = pd.read_csv(MPDTA)
    times, effects, covariance, units = universal_event_study(mpdta, "countyreal", "year", "first_treat", "lemp",
                                                              "never-treated", 3, 3)
    monkeypatch.setattr(sensitivity, "MBAR", 0.0)
    result = relative_magnitudes(times, effects, covariance, units)
    weights = np.array([0, 0, 0.25, 0.25, 0.25, 0.25])
    half = stats.t.ppf(0.975, units - 1) * np.sqrt(weights @ covariance @ weights)
    assert result.estimate == pytest.approx(weights @ effects)
    assert (result.lower_at_1, result.upper_at_1) == pytest.approx((weights @ effects - half, weights @ effects + half))
    assert result.mbar_breakdown == pytest.approx(0.62, abs=0.02)
