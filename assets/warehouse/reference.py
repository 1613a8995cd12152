"""Reference tables of the warehouse: crossing points with their BLO opening dates, and the substance taxonomy."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from assets.normalise.crossings import blo_registry, gazetteer
from assets.normalise.substances import substance_table

REGISTRY_OVERRIDE = "blo_registry.csv"


def registry_for(override_dir: Path) -> pl.DataFrame:
    """The BLO registry in force: a home's own registry file (e.g. the demo's synthetic one), else the sourced one."""
    override = override_dir / REGISTRY_OVERRIDE
    if override.exists():
        frame = pl.read_csv(override, try_parse_dates=True)
        return frame.select("crossing_point", pl.col("blo_established").cast(pl.Date), "source")
    return blo_registry().select("crossing_point", pl.col("blo_established").cast(pl.Date), "source")


def crossing_points_table(registry: pl.DataFrame) -> pl.DataFrame:
    """The gazetteer with each crossing point's BLO opening date and where that date comes from."""
    dated = registry.rename({"source": "blo_source"})
    return gazetteer().join(dated, on="crossing_point", how="left").with_columns(
        pl.col("lat").cast(pl.Float64, strict=False), pl.col("lon").cast(pl.Float64, strict=False))


def substances_table() -> pl.DataFrame:
    """The substance taxonomy as analysts see it."""
    return substance_table()
