"""What the warehouse records of its files and rows: totals, each file's outcome, quarantined rows by reason."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import duckdb


class Totals(NamedTuple):
    """A published snapshot at a glance."""

    seizures: int
    files: int
    quarantined: int
    label: str


class Outcome(NamedTuple):
    """What became of one file: its status and reason, and its rows read, loaded, quarantined and skipped."""

    status: str
    reason: str | None
    read: int
    loaded: int
    quarantined: int
    skipped: int


def totals(con: duckdb.DuckDBPyConnection) -> Totals:
    """Seizures, files and quarantined rows in a snapshot, and what its data are (agency or synthetic demo)."""
    row = con.execute("SELECT (SELECT count(*) FROM seizures), (SELECT count(*) FROM ingested_files), "
                      "(SELECT count(*) FROM quarantine), "
                      "(SELECT value FROM warehouse_info WHERE key = 'data_label')").fetchall()[0]
    return Totals(*row)


def loaded_fingerprints(build_db: Path) -> dict[str, str]:
    """Content fingerprint → file name of every file loaded into the working database (none before a first build)."""
    if not build_db.exists():
        return {}
    with duckdb.connect(str(build_db), read_only=True) as con:
        try:
            return dict(con.execute(
                "SELECT sha256, source_file FROM core.ingested_files WHERE status = 'loaded'").fetchall())
        except duckdb.CatalogException:
            return {}


def outcome(con: duckdb.DuckDBPyConnection, source_file: str, sha256: str, status: str | None = None
            ) -> Outcome | None:
    """What became of one file's content (with `status`, only that outcome); None if it was never processed."""
    rows = con.execute("SELECT status, reason, rows_read, rows_loaded, rows_quarantined, rows_skipped "
                       "FROM core.ingested_files WHERE source_file = ? AND sha256 = ? AND (? IS NULL OR status = ?)",
                       [source_file, sha256, status, status]).fetchall()
    return Outcome(*rows[0]) if rows else None


def quarantine_by_reason(con: duckdb.DuckDBPyConnection, source_file: str | None = None) -> list[tuple[str, str, int]]:
    """Unresolved quarantined rows per file and kind of reason (the reason without the cell it quotes)."""
    return con.execute(
        "SELECT source_file, trim(regexp_replace(reason, ':.*|\\(.*|''.*', '')) AS reason, count(*) "
        "FROM core.quarantine WHERE resolved_by IS NULL AND ($1 IS NULL OR source_file = $1) "
        "GROUP BY ALL ORDER BY 1, 3 DESC", [source_file]).fetchall()


class Accounting(NamedTuple):
    """Rows of every loaded file: read, loaded, quarantined, skipped; the files whose rows don't add up; records
    loaded twice."""

    files: int
    read: int
    loaded: int
    quarantined: int
    skipped: int
    unbalanced: list[tuple[str, int, int]]
    repeated: int


def accounting(con: duckdb.DuckDBPyConnection) -> Accounting:
    """Whether every row of every loaded file is loaded, quarantined or skipped, once."""
    totals = con.execute("""
        SELECT count(*), coalesce(sum(rows_read), 0), coalesce(sum(rows_loaded), 0),
               coalesce(sum(rows_quarantined), 0), coalesce(sum(rows_skipped), 0)
        FROM core.ingested_files WHERE status = 'loaded'""").fetchall()[0]
    unbalanced = con.execute("""
        SELECT f.source_file, f.rows_read,
               (SELECT count(*) FROM core.source_records r WHERE r.source_file = f.source_file)
             + (SELECT count(*) FROM core.quarantine q WHERE q.source_file = f.source_file)
             + (SELECT count(*) FROM core.skipped_rows s WHERE s.source_file = f.source_file) AS accounted
        FROM core.ingested_files f WHERE f.status = 'loaded' AND f.rows_read != accounted""").fetchall()
    repeated = con.execute("SELECT count(*) - count(DISTINCT record_id) FROM core.source_records").fetchall()[0][0]
    return Accounting(*totals, unbalanced, repeated)
