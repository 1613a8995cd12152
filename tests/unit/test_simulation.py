"""On 50 panels from the demo generator (planted BLO effect 1.30), the 95 % intervals cover the effect in at least
90 % of seeds and tests at placebo dates (pre-trends, fake openings) reject in at most 10 %."""

import math
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import polars as pl

from assets.evaluate.effects import estimate_blo_effects
from assets.evaluate.region import estimate_region_did
from demo.world import BLO_EFFECT, simulate_panel, synthetic_registry

SEEDS = range(50)


def one_seed(seed: int) -> dict:
    """The region-wide DiD and the per-crossing ITS on one simulated panel."""
    panel = simulate_panel(seed)
    monthly = panel.select("crossing_point", "month", "events", mass_kg=pl.col("events") * 0.5,
                           reported=pl.lit(True))
    registry = synthetic_registry(seed).select("crossing_point", "blo_established")
    did = estimate_region_did(monthly, registry)
    its = estimate_blo_effects(monthly, registry).filter(pl.col("status") == "ok")
    return {"did_covers": did.lower < math.log(BLO_EFFECT) < did.upper, "pretrend_rejects": did.pretrend_p < 0.05,
            "its_covers": ((its["lower"] < BLO_EFFECT) & (its["upper"] > BLO_EFFECT)).to_list(),
            "placebo_rejects": ((its["placebo_lower"] > 1) | (its["placebo_upper"] < 1)).drop_nulls().to_list()}


def test_intervals_cover_the_planted_effect_and_placebos_rarely_reject():
    # spawned, not forked: a fork of a process whose Polars/DuckDB thread pools hold locks can deadlock
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn")) as pool:
        results = list(pool.map(one_seed, SEEDS))
    did_coverage = np.mean([r["did_covers"] for r in results])
    pretrend_rejection = np.mean([r["pretrend_rejects"] for r in results])
    its_coverage = np.mean([c for r in results for c in r["its_covers"]])
    placebo_rejection = np.mean([p for r in results for p in r["placebo_rejects"]])
    print(f"DiD coverage {did_coverage:.2f}, pre-trend rejection {pretrend_rejection:.2f}; "
          f"ITS coverage {its_coverage:.3f}, placebo rejection {placebo_rejection:.3f}")
    assert did_coverage >= 0.90 and pretrend_rejection <= 0.10
    assert sum(len(r["its_covers"]) for r in results) >= 50 * 20
    assert its_coverage >= 0.90 and placebo_rejection <= 0.10
