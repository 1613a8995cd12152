"""The synthetic demo in a data home: its exports in the landing area, its registry, and the marker that labels it."""

from __future__ import annotations

import polars as pl

from demo.exports import generate
from demo.truth import DemoTruth
from demo.world import SOURCE
from demo.world import synthetic_registry as world_registry
from warehouse import reference
from warehouse.home import Home


def write_demo(place: Home, seed: int, scale: float) -> DemoTruth:
    """Write the demo exports and synthetic BLO registry into a home and mark the home as synthetic."""
    truth = generate(place.landing, seed=seed, scale=scale)
    home_registry(world_registry(seed), SOURCE).write_csv(place.reference_overrides / "blo_registry.csv")
    place.demo_marker.write_text(truth.to_json())
    return truth


def home_registry(registry: pl.DataFrame, source: str) -> pl.DataFrame:
    """A synthetic world's BLO dates for every crossing point of the gazetteer, so that no real date mixes into its
    home (the home's lines replace the sourced registry's for the same crossing points)."""
    registry = registry.select("crossing_point", "blo_established")
    others = reference.table("crossing_points").join(registry, on="crossing_point", how="anti").select(
        "crossing_point")
    return pl.concat([registry, others], how="diagonal").with_columns(pl.lit(source).alias("source"))
