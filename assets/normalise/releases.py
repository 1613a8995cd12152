"""Overlapping releases of one source: the newest release's records supersede the older releases' same keys."""

from __future__ import annotations

import polars as pl


def supersede(records: pl.DataFrame) -> pl.DataFrame:
    """Adds `superseded_by` (the newer record_id) to records whose key reappears in a newer release of the source.

    A release is newer when it reaches a later period (ties: the later file name). Records without a release key
    are never superseded; repeated keys within one file stay distinct rows.
    """
    keyed = records.filter(pl.col("release_key").is_not_null())
    if keyed.is_empty():
        return records.with_columns(superseded_by=pl.lit(None, dtype=pl.String))
    newest_period = keyed.group_by("source_file").agg(file_end=pl.col("period_end").max())
    keyed = keyed.join(newest_period, on="source_file").with_columns(
        file_rank=pl.struct("file_end", "source_file").rank("dense").over("agency", "release_key"),
        top_rank=pl.struct("file_end", "source_file").rank("dense").max().over("agency", "release_key"))
    winners = (keyed.filter(pl.col("file_rank") == pl.col("top_rank"))
               .group_by("agency", "release_key").agg(winner=pl.col("record_id").first()))
    losers = (keyed.filter(pl.col("file_rank") < pl.col("top_rank")).join(winners, on=["agency", "release_key"])
              .select("record_id", superseded_by="winner"))
    return records.join(losers, on="record_id", how="left", maintain_order="left")
