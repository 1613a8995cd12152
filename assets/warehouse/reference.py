"""Reference tables of the warehouse: crossing points with their BLO opening dates, and the substance taxonomy."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from assets.normalise.crossings import blo_registry, gazetteer
from assets.normalise.substances import substance_table

REGISTRY_OVERRIDE = "blo_registry.csv"


def registry_for(override_dir: Path) -> pl.DataFrame:
    """The BLO registry in force, each opening date with the document that states it: the sourced registry, with a
    home's own lines (a correction, an office added, or the demo's synthetic dates) in place of its lines for the
    same crossing points."""
    registry = _with_source(blo_registry())
    override = override_dir / REGISTRY_OVERRIDE
    if override.exists():
        own = _with_source(pl.read_csv(override, try_parse_dates=True, infer_schema=False).with_columns(
            pl.col("blo_established").str.to_date(strict=False)))
        registry = pl.concat([own, registry.join(own, on="crossing_point", how="anti")])
    return registry


def _with_source(registry: pl.DataFrame) -> pl.DataFrame:
    """Crossing point, opening date and one line naming its source; the sourced registry's form gives the
    document in its parts (publisher, title, date, address)."""
    if "source" not in registry.columns:
        registry = registry.with_columns(source=pl.concat_str(
            [pl.col("source_publisher"), pl.format("'{}'", pl.col("source_title")),
             pl.col("source_date").cast(pl.String), pl.col("source_url")], separator=", ", ignore_nulls=True))
    return registry.select("crossing_point", pl.col("blo_established").cast(pl.Date), "source")


def crossing_points_table(registry: pl.DataFrame) -> pl.DataFrame:
    """The gazetteer with each crossing point's BLO opening date and where that date comes from."""
    dated = registry.rename({"source": "blo_source"})
    return gazetteer().join(dated, on="crossing_point", how="left").with_columns(
        pl.col("lat").cast(pl.Float64, strict=False), pl.col("lon").cast(pl.Float64, strict=False))


def substances_table() -> pl.DataFrame:
    """The substance taxonomy as analysts see it."""
    return substance_table()
