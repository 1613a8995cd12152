"""Normalise the warehouse a few substances at a time: memory follows the largest part, not the warehouse."""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import polars as pl

from assets.normalise.review import quantity_outliers
from assets.normalise.seizures import normalise_records
from assets.normalise.substances import match_substances, substance_table
from warehouse.store import append_rows, replace_table, table_columns, with_row_hash, write_changes

NAME_COLUMNS = ["substance_raw", "substance", "substance_match", "substance_confidence",
                "crossing_raw", "crossing_point", "crossing_match", "crossing_confidence"]
PART_ROWS = 300_000  # records normalised together; memory follows the largest part
OUTLIER_COLUMNS = ["substance", "mass_kg", "quantity_z", "source_file", "source_row"]


@dataclass
class Normalised:
    """What the checks and review queues need from a pass: counts, the names met, the outlying masses."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("records", "seizures", "unmapped", "named", "unplaced", "merged", "weighed", "written"), 0))
    names: list[pl.DataFrame] = field(default_factory=list)
    outliers: list[pl.DataFrame] = field(default_factory=list)


def substance_parts(names: pl.DataFrame, extra_aliases: pl.DataFrame | None = None,
                    part_rows: int = PART_ROWS) -> pl.DataFrame:
    """Each raw substance name (`names`: substance_raw, n) with its part, parts of about `part_rows` records.

    Nothing in normalisation reaches across substances except reported totals: duplicates share a substance,
    outlier scores are per substance, and a release key names the substance its record counts (CBP's includes
    "Drug Type"). A reported total covers its whole group, so a group holding one stays in one part.
    """
    lookup = match_substances(names.get_column("substance_raw").to_list(), extra_aliases=extra_aliases).join(
        substance_table().select("substance", "is_reported_total"), on="substance", how="left")
    whole = lookup.filter(pl.col("is_reported_total")).get_column("substance_group").unique().implode()
    units = lookup.join(names, left_on="name_raw", right_on="substance_raw", how="left", nulls_equal=True).select(
        "name_raw", "n", unit=pl.when(pl.col("substance_group").is_in(whole)).then("substance_group")
        .otherwise("substance"))
    sizes = units.group_by("unit").agg(pl.col("n").sum()).sort("n", "unit", descending=[True, False])
    # first-fit decreasing: a few lines, where a bin-packing library would be a dependency for one loop
    cap, filled, part_of = max(part_rows, sizes.get_column("n").max() or 0), [], {}
    for unit, n in sizes.iter_rows():
        part = next((i for i, rows in enumerate(filled) if rows + n <= cap), len(filled))
        if part == len(filled):
            filled.append(0)
        filled[part] += n
        part_of[unit] = part
    return units.select(substance_raw="name_raw", part=pl.col("unit").replace_strict(part_of, return_dtype=pl.Int64))


def normalise_in_parts(con: duckdb.DuckDBPyConnection, substance_aliases: pl.DataFrame | None,
                       crossing_aliases: pl.DataFrame | None, outlier_z: float,
                       part_rows: int = PART_ROWS) -> Normalised:
    """Rebuild core.seizure_sources from core.source_records, a few substances at a time.

    Where an earlier pass stored the table, each part rewrites only the rows that changed: a new monthly export
    changes its own records, their duplicates and a few outlier flags, not the million rows around them.
    """
    names = con.sql("SELECT substance_raw, count(*) AS n FROM core.source_records GROUP BY ALL").pl()
    parts = substance_parts(names, substance_aliases, part_rows)
    result = Normalised()
    con.register("parts", parts.to_arrow())
    # No transaction around the parts: DuckDB would hold every part in memory until the commit. A pass that fails
    # half-way leaves a half-built working table, which is never published and which the next run puts right.
    stored, update = table_columns(con, "seizure_sources"), None
    try:
        for part in range((parts.get_column("part").max() or 0) + 1):
            records = con.sql("""
                SELECT r.* FROM core.source_records r
                JOIN parts p ON r.substance_raw IS NOT DISTINCT FROM p.substance_raw AND p.part = $part""",
                              params={"part": part}).pl().sort("record_id")  # sorts in half DuckDB's time
            frame = normalise_records(records, substance_aliases=substance_aliases, crossing_aliases=crossing_aliases)
            frame = with_outliers(frame, outlier_z)
            _tally(frame, result, outlier_z)
            # quantity_z moves with every new mass of its substance, so is not stored: outliers are flagged
            frame = with_row_hash(frame.drop("quantity_z"))
            if update is None:  # a table stored with other columns (an older release) is rewritten whole
                update = sorted(stored) == sorted(frame.columns)
            if update:
                result.counts["written"] += write_changes(con, "seizure_sources", frame, "record_id")
            else:
                (replace_table if part == 0 else append_rows)(con, "seizure_sources", frame)
                result.counts["written"] += frame.height
            del records, frame  # before the next part is read, not after
    finally:
        con.unregister("parts")
    if update:  # records of files replaced or gone
        con.execute("DELETE FROM core.seizure_sources "
                    "WHERE record_id NOT IN (SELECT record_id FROM core.source_records)")
    return result


def with_outliers(frame: pl.DataFrame, outlier_z: float) -> pl.DataFrame:
    """The records with their mass's robust z-score within their substance; outliers beyond `outlier_z` flagged."""
    z = quantity_outliers(frame)
    return frame.with_columns(quantity_z=z, flags=pl.when(z.abs() > outlier_z).then(pl.concat_str(
        [pl.col("flags"), pl.format("mass unusual for its substance (robust z {})", z.round(1))],
        separator="; ", ignore_nulls=True)).otherwise("flags"))


def _tally(frame: pl.DataFrame, result: Normalised, outlier_z: float) -> None:
    named, primary = pl.col("crossing_raw").is_not_null(), pl.col("is_primary")
    counts = frame.select(
        records=pl.len(), seizures=primary.sum(), unmapped=(pl.col("substance") == "unmapped").sum(),
        named=named.sum(), unplaced=(named & pl.col("crossing_point").is_null()).sum(), merged=(~primary).sum(),
        weighed=pl.col("quantity_z").is_not_null().sum()).row(0, named=True)
    for name, count in counts.items():
        result.counts[name] += count
    result.names.append(_own_copy(frame.select(NAME_COLUMNS).unique()))
    result.outliers.append(_own_copy(frame.filter(pl.col("quantity_z").abs() > outlier_z).select(OUTLIER_COLUMNS)))


def _own_copy(small: pl.DataFrame) -> pl.DataFrame:
    """A small frame that owns its strings: a filtered one still points into its whole source's string buffers."""
    return pl.DataFrame(small.to_dict(as_series=False), schema=small.schema)
