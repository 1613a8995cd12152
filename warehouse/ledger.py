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


# Each loaded file's rows as last counted, by its name and content: a file's rows change only when a new version of
# it is loaded, so a check counts again only the files loaded since, and the rows of the three tables in all.
FILE_ACCOUNTING = """
CREATE TABLE IF NOT EXISTS core.file_accounting (
    source_file VARCHAR NOT NULL, sha256 VARCHAR NOT NULL, records BIGINT NOT NULL, quarantined BIGINT NOT NULL,
    skipped BIGINT NOT NULL, first_id VARCHAR, last_id VARCHAR, repeated BIGINT NOT NULL,
    PRIMARY KEY (source_file, sha256))"""
LOADED = "SELECT source_file, sha256, rows_read FROM core.ingested_files WHERE status = 'loaded'"
COUNT = """
INSERT INTO core.file_accounting
WITH files AS (SELECT source_file, sha256 FROM ({loaded}) ANTI JOIN core.file_accounting USING (source_file, sha256))
SELECT source_file, sha256, coalesce(r.n, 0), coalesce(q.n, 0), coalesce(s.n, 0), r.first_id, r.last_id,
       coalesce(r.repeated, 0)
FROM files
LEFT JOIN (SELECT source_file, count(*) AS n, min(record_id) AS first_id, max(record_id) AS last_id,
                  count(*) - count(DISTINCT record_id) AS repeated
           FROM core.source_records SEMI JOIN files USING (source_file) GROUP BY ALL) r USING (source_file)
LEFT JOIN (SELECT source_file, count(*) AS n FROM core.quarantine SEMI JOIN files USING (source_file) GROUP BY ALL) q
    USING (source_file)
LEFT JOIN (SELECT source_file, count(*) AS n FROM core.skipped_rows SEMI JOIN files USING (source_file)
           GROUP BY ALL) s USING (source_file)"""
# rows the counts of the loaded files leave out: rows written since, or of no loaded file
UNCOUNTED = """
SELECT (SELECT count(*) FROM core.source_records) + (SELECT count(*) FROM core.quarantine)
     + (SELECT count(*) FROM core.skipped_rows)
     - (SELECT coalesce(sum(records + quarantined + skipped), 0) FROM core.file_accounting)"""
# record_id is the file's SHA-256 prefix and row: files whose record_id ranges overlap (two versions sharing a prefix)
# are counted together, every other file's repeats are its own
OVERLAPS = """
WITH ordered AS (
    SELECT *, max(last_id) OVER (ORDER BY first_id, last_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
    FROM core.file_accounting WHERE records > 0
), grouped AS (
    SELECT *, count(*) FILTER (WHERE reach IS NULL OR first_id > reach) OVER (ORDER BY first_id, last_id) AS overlap
    FROM ordered
)
SELECT list(source_file), sum(repeated)::BIGINT FROM grouped GROUP BY overlap"""
REPEATED = ("SELECT count(*) - count(DISTINCT record_id) FROM core.source_records "
            "WHERE list_contains($files, source_file)")


def accounting(con: duckdb.DuckDBPyConnection) -> Accounting:
    """Whether every row of every loaded file is loaded, quarantined or skipped, once.

    Only the files loaded since the last check are counted, unless the tables hold rows those counts don't explain
    (written some other way): then every file is counted again, and rows of no loaded file are checked for repeats.
    """
    totals = con.execute("""
        SELECT count(*), coalesce(sum(rows_read), 0), coalesce(sum(rows_loaded), 0),
               coalesce(sum(rows_quarantined), 0), coalesce(sum(rows_skipped), 0)
        FROM core.ingested_files WHERE status = 'loaded'""").fetchall()[0]
    con.execute(FILE_ACCOUNTING)
    con.execute(f"DELETE FROM core.file_accounting a WHERE NOT EXISTS (SELECT 1 FROM ({LOADED}) f "
                "WHERE f.source_file = a.source_file AND f.sha256 = a.sha256)")
    con.execute(COUNT.format(loaded=LOADED))
    uncounted = con.execute(UNCOUNTED).fetchall()[0][0]
    if uncounted:
        con.execute("DELETE FROM core.file_accounting")
        con.execute(COUNT.format(loaded=LOADED))
        uncounted = con.execute(UNCOUNTED).fetchall()[0][0]
    unbalanced = con.execute(f"""
        SELECT source_file, f.rows_read, a.records + a.quarantined + a.skipped AS accounted
        FROM ({LOADED}) f JOIN core.file_accounting a USING (source_file, sha256)
        WHERE f.rows_read != accounted ORDER BY source_file""").fetchall()
    if uncounted:  # rows of no loaded file: only the whole table can tell
        repeated = con.execute("SELECT count(*) - count(DISTINCT record_id) FROM core.source_records").fetchall()[0][0]
    else:
        repeated = sum(own if len(files) == 1 else con.execute(REPEATED, {"files": files}).fetchall()[0][0]
                       for files, own in con.execute(OVERLAPS).fetchall())
    return Accounting(*totals, unbalanced, repeated)
