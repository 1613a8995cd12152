"""Reference tables of the warehouse: crossing points with their BLO opening dates, and the substance taxonomy."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from assets.shared.crossings import gazetteer
from assets.shared.substances import substance_table
from warehouse import reference


def registry_for(override_dir: Path) -> pl.DataFrame:
    """The BLO registry in force, each opening date with the document that states it: the sourced registry, with a
    home's own lines (a correction, an office added, or the demo's synthetic dates) in place of its lines for the
    same crossing points."""
    registry = reference.table("blo_registry", override_dir)
    # the sourced registry names the document in its parts; a home's line may name it in one `source`
    parts = pl.concat_str([pl.col("source_publisher"), pl.format("'{}'", pl.col("source_title")),
                           pl.col("source_date"), pl.col("source_url")], separator=", ", ignore_nulls=True)
    own = pl.col("source") if "source" in registry.columns else pl.lit(None, dtype=pl.String)
    return registry.select("crossing_point", pl.col("blo_established").str.to_date(strict=False),
                           source=pl.coalesce(own, parts) if "source_url" in registry.columns else own)


def crossing_points_table(registry: pl.DataFrame) -> pl.DataFrame:
    """The gazetteer with each crossing point's BLO opening date and where that date comes from."""
    dated = registry.rename({"source": "blo_source"})
    return gazetteer().join(dated, on="crossing_point", how="left").with_columns(
        pl.col("lat").cast(pl.Float64, strict=False), pl.col("lon").cast(pl.Float64, strict=False))


def substances_table() -> pl.DataFrame:
    """The substance taxonomy as analysts see it."""
    return substance_table()
