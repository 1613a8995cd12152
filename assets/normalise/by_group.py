"""Normalise the warehouse one substance group at a time: memory follows the largest group, not the warehouse."""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import polars as pl

from assets.normalise.review import quantity_outliers
from assets.normalise.seizures import normalise_records
from assets.normalise.substances import match_substances
from warehouse.store import replace_table

NAME_COLUMNS = ["substance_raw", "substance", "substance_match", "substance_confidence",
                "crossing_raw", "crossing_point", "crossing_match", "crossing_confidence"]
OUTLIER_COLUMNS = ["substance", "mass_kg", "quantity_z", "source_file", "source_row"]


@dataclass
class Normalised:
    """What the checks and review queues need from a pass: counts, the names met, the outlying masses."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("records", "seizures", "unmapped", "named", "unplaced", "merged", "weighed"), 0))
    names: list[pl.DataFrame] = field(default_factory=list)
    outliers: list[pl.DataFrame] = field(default_factory=list)


def substance_parts(names: list[str | None], extra_aliases: pl.DataFrame | None = None) -> pl.DataFrame:
    """Each raw substance name with its part: one part per substance group.

    Nothing in normalisation reaches across groups: duplicates share a substance, a reported total covers its own
    group, outlier scores are per substance, and a release key names the substance its record counts (CBP's
    includes "Drug Type").
    """
    lookup = match_substances(names, extra_aliases=extra_aliases)
    return lookup.select(substance_raw="name_raw", part=pl.col("substance_group").rank("dense").cast(pl.Int64) - 1)


def normalise_by_group(con: duckdb.DuckDBPyConnection, substance_aliases: pl.DataFrame | None,
                       crossing_aliases: pl.DataFrame | None, outlier_z: float) -> Normalised:
    """Rebuild core.seizure_sources from core.source_records in one transaction, a substance group at a time."""
    names = con.sql("SELECT DISTINCT substance_raw FROM core.source_records").pl().get_column("substance_raw")
    parts = substance_parts(names.to_list(), substance_aliases)
    result = Normalised()
    con.register("parts", parts.to_arrow())
    con.execute("BEGIN TRANSACTION")
    try:
        for part in range((parts.get_column("part").max() or 0) + 1):
            records = con.sql("""
                SELECT r.* FROM core.source_records r
                JOIN parts p ON r.substance_raw IS NOT DISTINCT FROM p.substance_raw AND p.part = $part
                ORDER BY r.record_id""", params={"part": part}).pl()
            frame = normalise_records(records, substance_aliases=substance_aliases, crossing_aliases=crossing_aliases)
            frame = with_outliers(frame, outlier_z)
            if part == 0:
                replace_table(con, "seizure_sources", frame)
            else:
                con.register("incoming", frame.to_arrow())
                con.execute("INSERT INTO core.seizure_sources BY NAME SELECT * FROM incoming")
                con.unregister("incoming")
            _tally(frame, result, outlier_z)
            del records, frame  # before the next group is read, not after
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.unregister("parts")
    return result


def with_outliers(frame: pl.DataFrame, outlier_z: float) -> pl.DataFrame:
    """The records with their mass's robust z-score within their substance; outliers beyond `outlier_z` flagged."""
    z = quantity_outliers(frame)
    return frame.with_columns(quantity_z=z, flags=pl.when(z.abs() > outlier_z).then(pl.concat_str(
        [pl.col("flags"), pl.format("mass unusual for its substance (robust z {})", z.round(1))],
        separator="; ", ignore_nulls=True)).otherwise("flags"))


def _tally(frame: pl.DataFrame, result: Normalised, outlier_z: float) -> None:
    named = frame.filter(pl.col("crossing_raw").is_not_null())
    counts = result.counts
    counts["records"] += frame.height
    counts["seizures"] += frame.filter(pl.col("is_primary")).height
    counts["unmapped"] += frame.filter(pl.col("substance") == "unmapped").height
    counts["named"] += named.height
    counts["unplaced"] += named.filter(pl.col("crossing_point").is_null()).height
    counts["merged"] += frame.filter(~pl.col("is_primary")).height
    counts["weighed"] += frame.filter(pl.col("quantity_z").is_not_null()).height
    result.names.append(_own_copy(frame.select(NAME_COLUMNS).unique()))
    result.outliers.append(_own_copy(frame.filter(pl.col("quantity_z").abs() > outlier_z).select(OUTLIER_COLUMNS)))


def _own_copy(small: pl.DataFrame) -> pl.DataFrame:
    """A small frame that owns its strings: a filtered one still points into its whole source's string buffers."""
    return pl.DataFrame(small.to_dict(as_series=False), schema=small.schema)

