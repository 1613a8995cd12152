"""Latent AR(1) rate noise pooled over the series of one region: short, sparse windows can't estimate it alone."""

import numpy as np
import pytest

from assets.evaluate.its import fit_model
from assets.evaluate.serial import GRID, LAGS, latent_ar1, moments
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


def test_moments_are_the_masked_sums_of_the_residual_expectation():
    """Each lag's sum of residual products, less Poisson's share, and what a unit σ² adds under each ρ: summed
    straight from M V M' (M = I − AX(X'AX)⁻¹X'), on a window with gaps."""
    data = series(4, base=8.0, noise=ar1(3, 0.6))
    model = fit_model(data[~data["t"].isin([10, 11, 30])], "t", "events", "post", harmonics=1, slope=True)
    x, y, mu, time = model.x, model.y, model.result.mu, model.time
    m = np.eye(len(y)) - (mu[:, None] * x) @ np.linalg.inv(x.T @ (mu[:, None] * x)) @ x.T
    lags, u = np.abs(time[:, None] - time[None, :]), y - mu
    masks = [np.triu(lags == lag) for lag in range(LAGS + 1)]
    found = moments(x, y, mu, time)
    poisson = m @ np.diag(mu) @ m.T
    assert found.excess == pytest.approx([np.outer(u, u)[mask].sum() - poisson[mask].sum() for mask in masks],
                                         rel=1e-10, abs=1e-10)
    for rho, row in zip(GRID[::19], found.per_sigma2[::19], strict=True):
        latent = m @ (np.outer(mu, mu) * rho ** lags) @ m.T
        assert row == pytest.approx([latent[mask].sum() for mask in masks], rel=1e-10, abs=1e-10)
