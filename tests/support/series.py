"""Synthetic monthly count series with a planted change, for the interrupted-time-series tests."""

import numpy as np
import pandas as pd


def series(seed: int, months: int = 48, start: int = 24, level: float = 1.0, slope: float = 1.0,
           base: float = 40.0, noise: np.ndarray | None = None) -> pd.DataFrame:
    """Monthly Poisson counts with seasonality and a planted level (and trend) change from month `start`."""
    rng = np.random.default_rng(seed)
    t = np.arange(months)
    post = (t >= start).astype(int)
    rate = base * (1 + 0.2 * np.sin(2 * np.pi * t / 12)) * level ** post * slope ** (post * (t - start))
    rate = rate * (noise if noise is not None else 1.0)
    return pd.DataFrame({"t": t, "post": post, "events": rng.poisson(rate)})


def ar1(seed: int, rho: float, months: int = 48, sd: float = 0.3) -> np.ndarray:
    """Multiplicative rate noise whose log is a stationary AR(1) process."""
    rng = np.random.default_rng(seed)
    log = np.zeros(months)
    log[0] = rng.normal(0, sd)
    for i in range(1, months):
        log[i] = rho * log[i - 1] + rng.normal(0, sd * np.sqrt(1 - rho ** 2))
    return np.exp(log)
