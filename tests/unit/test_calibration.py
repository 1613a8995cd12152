"""The calibration bench at a small fixed seed: its worlds hold what they claim, and the intervals still cover."""

import math

import numpy as np
import polars as pl

from bench.calibration import SCENARIOS, Scenario, measure, report_lines, world


def test_worlds_plant_the_effect_the_correlation_and_the_trend():
    monthly, registry = world(3, Scenario("check", 1.3, rho=0.7, drift=0.004))
    assert monthly.height == 31 * 144 and registry.drop_nulls("blo_established").height == 22
    blo = set(registry.drop_nulls("blo_established").get_column("crossing_point"))
    early = monthly.filter(pl.col("month").dt.year() == 2013).group_by("crossing_point").agg(pl.col("events").sum())
    late = monthly.filter(pl.col("month").dt.year() == 2024).group_by("crossing_point").agg(pl.col("events").sum())
    growth = early.join(late, on="crossing_point").with_columns(ratio=pl.col("events_right") / pl.col("events"))
    treated = growth.filter(pl.col("crossing_point").is_in(blo)).get_column("ratio").median()
    untreated = growth.filter(~pl.col("crossing_point").is_in(blo)).get_column("ratio").median()
    assert treated > 1.5 * untreated  # effect 1.3 and +0.4 %/month over 11 years (×1.7) against neither
    busiest = monthly.filter(pl.col("crossing_point") == "Oybek").get_column("events").to_numpy().astype(float)
    residual = np.log(busiest + 0.5) - np.convolve(np.log(busiest + 0.5), np.ones(13) / 13, mode="same")
    assert np.corrcoef(residual[7:-7][:-1], residual[7:-7][1:])[0, 1] > 0.2


def test_a_smaller_world_keeps_every_never_blo_crossing_point():
    scenario = next(s for s in SCENARIOS if s.crossing_points == 24)
    monthly, registry = world(3, scenario)
    assert registry.height == 24 and registry.drop_nulls("blo_established").height == 15
    assert monthly.get_column("crossing_point").n_unique() == 24 and monthly.height == 24 * 144
    full, _ = world(3, Scenario("all", 1.3))
    assert monthly.join(full, on=["crossing_point", "month"]).height == monthly.height


def test_autocorrelated_worlds_without_an_effect_are_covered_at_a_fixed_seed():
    scenario = next(s for s in SCENARIOS if s.rho == 0.7)
    result = measure(scenario, replications=3, seed=11)
    its, did = result["its"], result["did"]
    assert its["estimates"] == 66 and did["estimates"] == 3
    # a tripwire, not the measurement (that is `blo bench --calibration`): at this seed the pooled latent-AR(1)
    # intervals cover 63 of 66, the same model's intervals without the correction 62 (93.9 %)
    assert its["coverage"] >= 0.95 and its["false_positives"] == round(1 - its["coverage"], 4)
    assert did["coverage"] == 1 and (did["treated_clusters"], did["never_treated_clusters"]) == (22, 9)
    assert result["sensitivity"]["estimates"] == 3 and result["sensitivity"]["coverage"] == 1
    lines = report_lines([result])
    assert lines[0].startswith("no effect, AR(1) noise rho 0.7 (3 worlds") and "false positives" in lines[1]
    assert math.isclose(float(lines[1].split("coverage ")[1].split("%")[0]) / 100, its["coverage"], abs_tol=0.001)
