"""`blo bench --calibration`: how often the product's intervals cover a planted BLO effect, measured by simulation.

Each replication is a synthetic world of the demo's 31 crossing points (22 with a BLO, openings staggered over
2015–2022, 144 months), or of the first of them, its monthly counts drawn afresh, and the product's estimators run on
it exactly as the pipeline runs them: `estimate_blo_effects` (the per-crossing interrupted time series, one estimate a
BLO crossing point), `estimate_region_did` (the region-wide Callaway–Sant'Anna DiD, one estimate a world,
never-treated control) and `sensitivity_columns` (its Rambachan–Roth bounds at M̄ = 1 and breakdown value).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
import polars as pl

from assets.evaluate.effects import estimate_blo_effects
from assets.evaluate.region import WINDOW, did_panel, estimate_region_did
from assets.evaluate.sensitivity import sensitivity_columns
from demo.world import BLO_EFFECT, FIRST_MONTH, MONTHS, crossings, month_start, synthetic_registry

NOISE_SD = 0.224  # month-to-month spread of the log rate, as the demo's gamma(20) noise
DEFAULT_REPLICATIONS = 200


@dataclass(frozen=True)
class Scenario:
    """A world to simulate: the BLO effect on the monthly rate, the month-to-month correlation of the rate's noise, and
    a monthly drift of BLO crossing points' rates that never-BLO ones don't share (a parallel-trends violation)."""

    name: str
    effect: float
    rho: float = 0.0
    drift: float = 0.0
    crossing_points: int = 31


SCENARIOS = (
    Scenario("effect 1.3", BLO_EFFECT),
    Scenario("no effect", 1.0),
    Scenario("no effect, AR(1) noise rho 0.7", 1.0, rho=0.7),
    Scenario("effect 1.3, BLO crossings trending +0.4 %/month", BLO_EFFECT, drift=0.004),
    Scenario("effect 1.3, 24 crossing points", BLO_EFFECT, crossing_points=24),
)


def world(seed: int, scenario: Scenario) -> tuple[pl.DataFrame, pl.DataFrame]:
    """One synthetic world's monthly series (every month reported) and its BLO registry: all its never-BLO crossing
    points, and as many BLO ones, first in the gazetteer's order, as make up the scenario's number."""
    rng = np.random.default_rng([seed, 2])
    registry = synthetic_registry(seed).with_columns(base_rate=crossings().get_column("base_rate"))
    opened = pl.col("blo_established").is_not_null()
    registry = registry.filter(~opened | (opened.cum_sum() <= scenario.crossing_points - (~opened).sum()))
    base = registry.get_column("base_rate").to_numpy()
    registry = registry.drop("base_rate")
    t = np.arange(MONTHS)
    season = 1 + 0.25 * np.sin(2 * np.pi * (t - 4) / 12)
    opened = registry.get_column("blo_established")
    start = ((opened.dt.year() - FIRST_MONTH.year) * 12 + opened.dt.month() - 1).fill_null(MONTHS).to_numpy()
    post = t[None, :] >= start[:, None]
    drift = np.where(opened.is_not_null().to_numpy()[:, None], (1 + scenario.drift) ** t, 1.0)
    rate = base[:, None] * season * (1 + 0.002 * t) * drift * np.where(post, scenario.effect, 1.0)
    events = rng.poisson(rate * _noise(rng, len(base), scenario.rho))
    months = pl.date_range(FIRST_MONTH, month_start(MONTHS - 1), "1mo", eager=True)
    monthly = pl.DataFrame({"crossing_point": np.repeat(registry.get_column("crossing_point").to_numpy(), MONTHS),
                            "month": pl.concat([months] * len(base)), "events": events.ravel()})
    return monthly.with_columns(mass_kg=pl.col("events") * 1.0, reported=pl.lit(True)), registry


def _noise(rng: np.random.Generator, units: int, rho: float) -> np.ndarray:
    """Multiplicative rate noise with mean 1: the demo's independent gamma draws, or a log-normal AR(1) process."""
    if rho == 0:
        return rng.gamma(shape=20, scale=1 / 20, size=(units, MONTHS))
    log = np.empty((units, MONTHS))
    log[:, 0] = rng.normal(0, NOISE_SD, units)
    shocks = rng.normal(0, NOISE_SD * math.sqrt(1 - rho ** 2), (units, MONTHS))
    for month in range(1, MONTHS):
        log[:, month] = rho * log[:, month - 1] + shocks[:, month]
    return np.exp(log - NOISE_SD ** 2 / 2)


def measure(scenario: Scenario, replications: int, seed: int = 0) -> dict:
    """Coverage and rejection rates of both estimators over `replications` worlds of one scenario."""
    started = time.perf_counter()
    its, did, honest = [], [], []
    for replication in range(replications):
        monthly, registry = world(seed + replication, scenario)
        effects = estimate_blo_effects(monthly, registry).filter(pl.col("status") == "ok")
        its += effects.select("lower", "upper").rows()
        fit = estimate_region_did(monthly, registry)
        did.append((fit.lower, fit.upper, fit.pretrend_p, fit.n_treated, fit.n_never_treated))
        bounds = sensitivity_columns(did_panel(monthly, registry), "never-treated", WINDOW)
        honest.append((bounds.get("honest_lower_at_1", math.nan), bounds.get("honest_upper_at_1", math.nan),
                       bounds.get("honest_mbar_breakdown", math.nan)))
    truth = math.log(scenario.effect)
    bounded = [(lo, hi) for lo, hi, _ in honest if math.isfinite(lo) and math.isfinite(hi)]
    breakdowns = [m for _, _, m in honest if m is not None and math.isfinite(m)]
    return {
        "scenario": scenario.name, "replications": replications, "true_rate_ratio": scenario.effect,
        "its": rates([(math.log(lo), math.log(hi)) for lo, hi in its], truth),
        "did": rates([(lo, hi) for lo, hi, *_ in did], truth) | {
            "pretrend_rejected": _share(p is not None and p < 0.05 for _, _, p, _, _ in did),
            "treated_clusters": did[0][3], "never_treated_clusters": did[0][4]},
        "sensitivity": rates(bounded, truth) | {
            "breakdown_median": round(float(np.median(breakdowns)), 2) if breakdowns else None,
            "never_breaks_down": _share(m is None for *_, m in honest)},
        "seconds": round(time.perf_counter() - started, 1)}


def rates(intervals: list[tuple[float, float]], truth: float) -> dict:
    """Share of 95 % intervals (log scale) covering the truth, and share excluding no change: false positives when
    there is no effect, power when there is one."""
    excluding = _share(lo > 0 or hi < 0 for lo, hi in intervals)
    return {"estimates": len(intervals), "coverage": _share(lo <= truth <= hi for lo, hi in intervals),
            "false_positives" if truth == 0 else "power": excluding}


def _share(flags) -> float:
    flags = list(flags)
    return round(sum(flags) / len(flags), 4) if flags else float("nan")


def run_calibration(replications: int = DEFAULT_REPLICATIONS, seed: int = 0) -> list[dict]:
    """Every scenario's measured coverage, false positives and power."""
    return [measure(scenario, replications, seed) for scenario in SCENARIOS]


def report_lines(results: list[dict]) -> list[str]:
    """The calibration as plain lines for the terminal."""
    lines = []
    for result in results:
        its, did = result["its"], result["did"]
        rejection = "false positives" if "false_positives" in its else "power"
        lines += [f"{result['scenario']} ({result['replications']} worlds, {result['seconds']} s)",
                  f"  per-crossing ITS ({its['estimates']} estimates): coverage {its['coverage']:.1%}, "
                  f"{rejection} {its.get('false_positives', its.get('power')):.1%}",
                  f"  region-wide DiD ({did['treated_clusters']} BLO and {did['never_treated_clusters']} never-BLO "
                  f"crossing points): coverage {did['coverage']:.1%}, "
                  f"{rejection} {did.get('false_positives', did.get('power')):.1%}, "
                  f"pre-trend test rejects {did['pretrend_rejected']:.1%}"]
        honest = result["sensitivity"]
        if honest["estimates"]:
            breakdown = ("" if honest["breakdown_median"] is None else
                         f", median breakdown M̄ {honest['breakdown_median']:.2f}")
            lines.append(f"  sensitivity, M̄ = 1 ({honest['estimates']} bounded): coverage {honest['coverage']:.1%}, "
                         f"{rejection} {honest.get('false_positives', honest.get('power')):.1%}{breakdown}")
    return lines
