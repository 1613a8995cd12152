"""Latent AR(1) rate noise pooled over the series of one region: short, sparse windows can't estimate it alone."""

import numpy as np
import pytest

from assets.evaluate.its import fit_model
from assets.evaluate.serial import latent_ar1
from support.series import ar1, series


@pytest.fixture(scope="module")
def sparse_windows():
    """Twenty 48-month windows of about five events a month, their log rate an AR(1) process with ρ 0.7, no effect."""
    return [fit_model(series(seed, base=5.0, noise=ar1(100 + seed, 0.7)), "t", "events", "post", harmonics=1,
                      slope=True) for seed in range(20)]


def test_pooled_windows_find_the_correlation_one_window_alone_misses(sparse_windows):
    alone = [latent_ar1([model.moments()]).rho for model in sparse_windows]
    pooled = latent_ar1([model.moments() for model in sparse_windows])
    assert sum(rho in (0.0, 0.95) for rho in alone) >= 6  # alone, ρ lands on an edge of the grid
    assert 0.5 <= pooled.rho <= 0.85 and 0.03 < pooled.sigma2 < 0.2  # true: 0.7, and e^(0.3²) − 1 = 0.094


def test_pooled_degrees_of_freedom_count_every_window(sparse_windows):
    pooled = latent_ar1([model.moments() for model in sparse_windows])
    independent_months = 20 * 48 * (1 - pooled.rho) / (1 + pooled.rho)
    assert pooled.df == pytest.approx(independent_months - 20 * 6)
    one = latent_ar1([sparse_windows[0].moments()])
    assert one.df == max(48 * (1 - one.rho) / (1 + one.rho) - 6, 2.0)


def test_pooled_noise_widens_a_window_that_alone_looked_independent(sparse_windows):
    pooled = latent_ar1([model.moments() for model in sparse_windows])
    quiet = next(model for model in sparse_windows if latent_ar1([model.moments()]).rho == 0.0)
    alone, together = quiet.summary(latent_ar1([quiet.moments()])), quiet.summary(pooled)
    assert np.log(together.upper / together.lower) > 1.15 * np.log(alone.upper / alone.lower)
    assert together.rate_ratio == pytest.approx(alone.rate_ratio) and together.autocorrelation == pooled.rho
