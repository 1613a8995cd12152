"""Normalise the warehouse a few substances at a time: memory follows the largest part, not the warehouse."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import polars as pl

from assets.normalise.replaced import release_coverage
from assets.normalise.review import QUANTITY_Z, spread
from assets.normalise.scope import OF_FILE, changed_files, changed_scope, inputs_key
from assets.normalise.seizures import normalise_records
from assets.shared.substances import match_substances, substance_table
from warehouse.store import (
    ROW_GROUP,
    ROW_HASH,
    append_rows,
    forget_input_key,
    input_key,
    replace_table,
    set_input_key,
    table_columns,
    with_row_hash,
    write_changes,
)

NAME_COLUMNS = ["substance_raw", "substance", "substance_match", "substance_confidence",
                "crossing_raw", "crossing_point", "crossing_match", "crossing_confidence"]
PART_ROWS = 300_000  # records normalised together; memory follows the largest part
OUTLIER_SCHEMA = {"substance": pl.String, "mass_kg": pl.Float64, "quantity_z": pl.Float64, "source_file": pl.String,
                  "source_row": pl.Int64}  # what the outlier check shows of each
OUTLIER_COLUMNS = list(OUTLIER_SCHEMA)
NOTE = "mass unusual for its substance (robust z {})"
NOTED = r"(; )?mass unusual for its substance \(robust z [^)]*\)$"  # NOTE at the end of flags, as `_scored` puts it
UNNOTED = f"nullif(regexp_replace(r.flags, '{NOTED}', ''), '')"
KEY = "seizure_sources"  # its inputs' fingerprint in core.estimate_inputs
COUNTS = """
SELECT count(*) AS records, count(*) FILTER (WHERE is_primary) AS seizures,
       count(*) FILTER (WHERE substance = 'unmapped') AS unmapped, count(crossing_raw) AS named,
       count(*) FILTER (WHERE crossing_raw IS NOT NULL AND crossing_point IS NULL) AS unplaced,
       count(*) FILTER (WHERE NOT is_primary) AS merged
FROM core.seizure_sources"""


@dataclass
class Normalised:
    """What the checks and review queues need from a pass: counts, the names met, the outlying masses."""

    counts: dict[str, int]
    names: pl.DataFrame
    outliers: pl.DataFrame


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
    """Bring core.seizure_sources up to date with core.source_records, a few substances at a time.

    When the stored table was normalised with today's review answers, reference data and code, only the records a
    change can reach are normalised again (see assets/normalise/scope.py); otherwise all are, and where an earlier
    pass stored the table each part still writes only the rows that changed.
    """
    key, stored = inputs_key(substance_aliases, crossing_aliases, outlier_z), table_columns(con, "seizure_sources")
    scope, releases = None, release_coverage(con, crossing_aliases)  # every file's, for each part to see them all
    if stored:
        added, removed = changed_files(con)
        if input_key(con, KEY) == key:
            scope = changed_scope(con, added, removed, substance_aliases, crossing_aliases, releases)
        forget_input_key(con, KEY)  # a pass that stops half-way leaves no key, so the next one is whole
        if removed.height:
            con.register("removed", removed.to_arrow())
            con.execute(f"DELETE FROM core.seizure_sources t USING removed v WHERE {OF_FILE.format('t')}")
            con.unregister("removed")
    # No transaction around the parts: DuckDB would hold every part in memory until the commit. A pass that fails
    # half-way leaves a half-built working table, which is never published and which the next run puts right.
    normalised, written, rewritten = _normalise(con, stored, scope, substance_aliases, crossing_aliases, releases,
                                                part_rows)
    refreshed, weighed, outliers = _refresh_notes(con, outlier_z)
    # a table stored anew was written whole; the notes refreshed in it are no more rows written
    counts = con.sql(COUNTS).pl().row(0, named=True) | {"weighed": weighed, "normalised": normalised,
                                                         "written": written + (0 if rewritten else refreshed)}
    set_input_key(con, KEY, key)
    return Normalised(counts=counts, outliers=outliers,
                      names=con.sql(f"SELECT DISTINCT {', '.join(NAME_COLUMNS)} FROM core.seizure_sources").pl())


def _normalise(con: duckdb.DuckDBPyConnection, stored: list[str], scope: pl.DataFrame | None,
               substance_aliases: pl.DataFrame | None, crossing_aliases: pl.DataFrame | None, releases: pl.DataFrame,
               part_rows: int) -> tuple[int, int, bool]:
    """Normalise the records in scope (every record when None) part by part; how many, the rows written, and whether
    the table was stored anew."""
    source = "core.source_records"
    if scope is not None:  # its records copied once: a part's query would scan every record again
        con.register("scope", scope.to_arrow())
        con.execute("CREATE OR REPLACE TEMP TABLE scope_records AS "
                    "SELECT r.* FROM core.source_records r SEMI JOIN scope USING (record_id)")
        source = "scope_records"
        con.unregister("scope")
    update, normalised, written, pending = None, 0, 0, []
    try:
        names = con.sql(f"SELECT substance_raw, count(*) AS n FROM {source} GROUP BY ALL").pl()
        parts = (substance_parts(names, substance_aliases, part_rows) if names.height
                 else pl.DataFrame(schema={"substance_raw": pl.String, "part": pl.Int64}))
        con.register("parts", parts.to_arrow())
        # a first pass over no records still stores the (empty) table, so what reads it next finds one
        for part in parts.get_column("part").unique().sort().to_list() or ([] if stored else [-1]):
            records = con.sql(f"""
                SELECT r.* FROM {source} r
                JOIN parts p ON r.substance_raw IS NOT DISTINCT FROM p.substance_raw AND p.part = $part""",
                              params={"part": part}).pl().sort("record_id")  # sorts in half DuckDB's time
            frame = normalise_records(records, substance_aliases=substance_aliases, crossing_aliases=crossing_aliases,
                                      releases=releases)
            normalised += frame.height
            frame = with_row_hash(frame)
            if update is None:  # a table stored with other columns (an older release) is rewritten whole
                update = sorted(stored) == sorted(frame.columns)
            if update:
                written += write_changes(con, "seizure_sources", frame, "record_id")
            else:
                stored_rows, pending = _store(con, [*pending, frame], replace=not written)
                written += stored_rows
            del records, frame  # before the next part is read, not after
        if pending:
            written += _store(con, pending, replace=not written, last=True)[0]
    finally:
        con.unregister("parts")
        con.execute("DROP TABLE IF EXISTS scope_records")
    return normalised, written, update is False


def _store(con: duckdb.DuckDBPyConnection, frames: list[pl.DataFrame], replace: bool, last: bool = False
           ) -> tuple[int, list[pl.DataFrame]]:
    """Store the whole row groups of normalised parts (everything when `last`, the first store replacing an older
    table); rows stored, and the rest, which waits for the next part rather than end an insert in a partial row group
    (see `append_rows`)."""
    frame = pl.concat(frames, rechunk=False)
    cut = frame.height if last else frame.height // ROW_GROUP * ROW_GROUP
    if cut or (last and replace):
        (replace_table if replace else append_rows)(con, "seizure_sources", frame.head(cut))
    # copied through Arrow's plain strings: a Polars slice or rechunk of string views keeps the whole part's string
    # buffers alive (1.4 GB more at 10M rows)
    rest = pl.from_arrow(frame.slice(cut).to_arrow(compat_level=pl.CompatLevel.oldest()))
    return cut, [rest] if rest.height or not cut else []  # an empty rest, when nothing was cut, keeps the schema


def with_outliers(frame: pl.DataFrame, outlier_z: float) -> pl.DataFrame:
    """The records with their mass's robust z-score within their substance (all of whose records are in the frame);
    outliers beyond `outlier_z` flagged."""
    with duckdb.connect() as con:
        con.register("records", frame.select("substance", "n_events", "mass_kg", "flags").with_row_index("row")
                     .to_arrow())
        scored = con.sql(_scored("records", "r.row", f"({spread('records')})") +
                         " ORDER BY r.row", params={"z": outlier_z}).pl()
    return frame.with_columns(quantity_z=scored.get_column("quantity_z"), flags=scored.get_column("noted"))


def _refresh_notes(con: duckdb.DuckDBPyConnection, outlier_z: float) -> tuple[int, int, pl.DataFrame]:
    """Score every stored record and rewrite the flags of those whose outlier note moved (a new outlier, one no
    longer, a score that changed); returns how many, how many records have a score, and the outliers (quantity_z
    moves with every new mass of its substance, so is not stored). All in DuckDB: no record but these leaves it."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE spread AS {spread('core.seizure_sources')}")
    # rowid, not record_id: rows stay put until the update at the end, and it costs no strings to read
    con.execute("CREATE OR REPLACE TEMP TABLE marked AS SELECT row, quantity_z, abs(quantity_z) > $z AS outlier, "
                "noted AS flags, noted IS DISTINCT FROM flags AS moved FROM (" +
                _scored("core.seizure_sources", "r.rowid", "spread", "r.flags IS NOT NULL OR abs(quantity_z) > $z") +
                ")", {"z": outlier_z})
    try:
        ((weighed,),) = con.execute("SELECT coalesce(sum(n), 0)::BIGINT FROM spread").fetchall()
        outliers = con.sql(f"SELECT {', '.join(OUTLIER_COLUMNS)} FROM core.seizure_sources t JOIN marked m "
                           "ON t.rowid = m.row WHERE m.outlier ORDER BY source_file, source_row").pl().cast(
            OUTLIER_SCHEMA)
        moved = con.sql(f"SELECT m.row, t.* EXCLUDE (flags, {ROW_HASH}), m.flags FROM core.seizure_sources t "
                        "JOIN marked m ON t.rowid = m.row WHERE m.moved").pl()
        if moved.height:
            columns = [c for c in table_columns(con, "seizure_sources") if c != ROW_HASH]
            hashed = with_row_hash(moved.select(columns)).select("flags", ROW_HASH, row=moved.get_column("row"))
            con.register("moved", hashed.to_arrow())
            con.execute(f"UPDATE core.seizure_sources t SET flags = m.flags, {ROW_HASH} = m.{ROW_HASH} FROM moved m "
                        "WHERE t.rowid = m.row")
            con.unregister("moved")
    finally:
        con.execute("DROP TABLE IF EXISTS marked")
        con.execute("DROP TABLE IF EXISTS spread")
    return moved.height, weighed, outliers


def _scored(records: str, row: str, spread_of: str, where: str = "TRUE") -> str:
    """A query of each record r of `records` (its key `row`) with its outlier score, by its substance's spread s
    (`spread_of`), and its flags noted anew: a note for an outlier ($z the threshold), none for any other; only the
    records `where` holds (of r, s and quantity_z), noted after that filter."""
    note = f"format('{NOTE}', round(quantity_z, 1)::DECIMAL(18, 1))"
    return f"""
    SELECT row, flags, quantity_z,
           CASE WHEN abs(quantity_z) > $z THEN concat_ws('; ', {UNNOTED}, {note}) ELSE {UNNOTED} END AS noted
    FROM (SELECT {row} AS row, r.flags, {QUANTITY_Z} AS quantity_z FROM {records} r
          LEFT JOIN {spread_of} s ON r.substance IS NOT DISTINCT FROM s.substance WHERE {where}) r"""
