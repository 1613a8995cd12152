"""Corrected resends as the warehouse holds them: what every file reports, for a normalisation pass, and what one
file replaced, for its ingest summary (see assets/normalise/releases.py for the rule)."""

from __future__ import annotations

import duckdb
import polars as pl

from assets.normalise.releases import FILES, coverage
from assets.normalise.seizures import with_canonical_names
from warehouse.store import table_columns

LOADED = ("SELECT source_file, left(sha256, 12) AS version, profile, ingested_at AS received FROM core.ingested_files "
          "WHERE status = 'loaded'")
# a file's records by agency, country, crossing point and months: all its coverage rests on, in a few rows (with no
# substance for `place` to name)
GROUPS = """
SELECT source_file, agency, country_iso3, crossing_raw, NULL::VARCHAR AS substance_raw, NULL::VARCHAR AS release_key,
       min(period_start) AS period_start, max(period_end) AS period_end
FROM core.source_records WHERE release_key IS NULL
GROUP BY source_file, agency, country_iso3, crossing_raw, date_trunc('month', period_start),
         date_trunc('month', period_end)"""
REPLACED = """
SELECT s.source_file, count(*) FROM core.seizure_sources s
JOIN core.ingested_files f ON split_part(s.superseded_by, ':', 1) = left(f.sha256, 12)
WHERE f.source_file = $file AND f.status = 'loaded' AND s.source_file <> f.source_file
GROUP BY ALL ORDER BY 1"""


def loaded_files(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every loaded file with the profile that read it and when it was received."""
    return con.sql(LOADED).pl().cast(FILES)


def release_coverage(con: duckdb.DuckDBPyConnection, crossing_aliases: pl.DataFrame | None = None) -> pl.DataFrame:
    """What every file of the warehouse reports (`releases.coverage`), for each part of a normalisation pass to see
    the files' other substances too."""
    return coverage(with_canonical_names(con.sql(GROUPS).pl(), crossing_aliases=crossing_aliases), loaded_files(con))


def replaced_records(con: duckdb.DuckDBPyConnection, source_file: str) -> list[tuple[str, int]]:
    """(older file, records of it this file replaced), for the file's ingest summary."""
    if "superseded_by" not in table_columns(con, "seizure_sources"):
        return []
    return con.execute(REPLACED, {"file": source_file}).fetchall()
