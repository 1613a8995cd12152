"""The synthetic demo in a data home: its exports in the landing area, its registry, and the marker that labels it."""

from __future__ import annotations

import polars as pl

import demo
from assets.normalise.crossings import gazetteer
from pipelines.home import Home


def write_demo(place: Home, seed: int, scale: float) -> demo.DemoTruth:
    """Write the demo exports and synthetic BLO registry into a home and mark the home as synthetic."""
    truth = demo.generate(place.landing, seed=seed, scale=scale)
    synthetic_registry(seed).write_csv(place.reference_overrides / "blo_registry.csv")
    place.demo_marker.write_text(truth.to_json())
    return truth


def synthetic_registry(seed: int) -> pl.DataFrame:
    """The demo's BLO dates for every crossing point of the gazetteer, so that no real date mixes into a demo home
    (the home's lines replace the sourced registry's for the same crossing points)."""
    registry = demo.synthetic_registry(seed)
    others = gazetteer().join(registry, on="crossing_point", how="anti").select("crossing_point")
    return pl.concat([registry, others], how="diagonal").with_columns(pl.lit(demo.SOURCE).alias("source"))
