"""Standard errors of a Poisson regression on counts whose rate wanders with a latent AR(1) process.

Zeger (1988, "A regression model for time series of counts", Biometrika 75(4):621–629): y_t | ε_t ~ Poisson(μ_t ε_t)
with E[ε] = 1, Var ε = σ², corr(ε_t, ε_s) = ρ^|t−s|, so Var y_t = μ_t + σ²μ_t² and Cov(y_t, y_s) = σ²μ_tμ_sρ^|t−s|.
The Poisson coefficients stay consistent; their covariance is the sandwich (X'AX)⁻¹ X'VX (X'AX)⁻¹ with A = diag(μ).
σ² and ρ are method-of-moments estimates as in Zeger, except that the sums of squared and lag-1 residual products are
matched to their expectation under the fitted model, M V M' with M = I − AX(X'AX)⁻¹X', rather than to V itself:
in a 48-month window with a trend, a step, a slope change and seasonality the raw residuals absorb much of a slow
wander (in 1 500 simulated demo-like windows with ρ = 0.7, Zeger's plain estimates covered the true step 87 % of the
time; `blo bench --calibration` measures these).
Intervals then take Student t quantiles with n(1 − ρ)/(1 + ρ) − k degrees of freedom: the equivalent number of
independent months (Zwiers & von Storch 1995, J. Climate 8:336–351) less the k coefficients, as n − k is for
independent months, since ρ itself is estimated from the window.

Chosen over a data-driven Newey–West bandwidth (Andrews 1991; Newey & West 1994), whose kernel estimate of the
long-run variance is biased down by the same residual absorption and under-covers with persistent errors in short
samples (den Haan & Levin 1997), and over a moving-block bootstrap, whose blocks must be long against the
correlation yet few enough to resample a 48-month window. Counts only: the sandwich is the Poisson score's.
"""

from __future__ import annotations

import numpy as np

GRID = np.linspace(0.0, 0.95, 96)  # candidate ρ; beyond 0.95 a 48-month window holds barely two independent months


def ar1_covariance(x: np.ndarray, y: np.ndarray, mu: np.ndarray, time: np.ndarray) -> tuple[np.ndarray, float, float]:
    """Coefficient covariance under latent AR(1) rate noise, the estimated ρ and the degrees of freedom for t."""
    n, k = x.shape
    lags = np.abs(time[:, None] - time[None, :])
    bread = np.linalg.inv(x.T @ (mu[:, None] * x))
    m = np.eye(n) - (mu[:, None] * x) @ bread @ x.T
    u = y - mu
    neighbours = np.triu(lags == 1)
    products = np.outer(u, u)
    p0, p1 = float(u @ u), float(products[neighbours].sum())
    poisson = m @ np.diag(mu) @ m.T
    a0, a1 = np.trace(poisson), float(poisson[neighbours].sum())
    scale = np.outer(mu, mu)
    extra = m @ (scale * GRID[:, None, None] ** lags) @ m.T  # E[uu'] per unit of σ², for every candidate ρ
    sigma2 = np.maximum((p0 - a0) / np.trace(extra, axis1=1, axis2=2), 0.0)
    best = int(np.argmin(np.abs(p1 - a1 - sigma2 * extra[:, neighbours].sum(axis=1))))
    rho, sigma2 = float(GRID[best]), float(sigma2[best])
    if sigma2 == 0.0:
        rho = 0.0  # no extra-Poisson variation: nothing for a correlation to act on
    v = sigma2 * scale * rho ** lags
    v[np.diag_indices(n)] += mu
    covariance = bread @ x.T @ v @ x @ bread
    df = max(n * (1 - rho) / (1 + rho) - k, 2.0)
    return covariance, rho, float(df)
