"""Writes to the pipeline's working database: schema, per-file replacement, whole-table replacement, info keys."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import duckdb
import polars as pl

from warehouse.snapshots import ESTIMATE_TABLES, ESTIMATES_CARRIED, ESTIMATES_CURRENT, NO_ESTIMATES

SQL = Path(__file__).parent / "sql"
ROW_HASH = "row_hash"
ROW_GROUP = 122_880  # DuckDB's rows per row group
INSERT_ROWS = 2 * ROW_GROUP  # rows per insert (see `append_rows`)
# columns added after homes were first built, added to those homes when they are opened
ADDED_COLUMNS = {"ingested_files": {"covers_from": "DATE", "covers_to": "DATE", "covered_by": "VARCHAR"}}


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the internal tables if they are missing."""
    if "message" in table_columns(con, "ingested_files"):
        _list_every_file(con)
    con.execute((SQL / "schema.sql").read_text())
    for table, added in ADDED_COLUMNS.items():
        for column, kind in added.items():
            con.execute(f"ALTER TABLE core.{table} ADD COLUMN IF NOT EXISTS {column} {kind}")


def _list_every_file(con: duckdb.DuckDBPyConnection) -> None:
    """Migrate a home whose ingested_files listed loaded files only (one row per name, a `message`), and refused ones
    apart in rejected_files: both now share ingested_files, one row per name and content, with a `reason`."""
    con.execute("BEGIN TRANSACTION")
    con.execute("ALTER TABLE core.ingested_files RENAME TO ingested_files_old")
    con.execute((SQL / "schema.sql").read_text())
    con.execute("INSERT INTO core.ingested_files BY NAME "
                "SELECT * EXCLUDE (message), message AS reason FROM core.ingested_files_old")
    con.execute("DROP VIEW IF EXISTS main.rejected_files")
    if table_columns(con, "rejected_files"):
        con.execute("INSERT OR IGNORE INTO core.ingested_files (source_file, sha256, status, reason, ingested_at) "
                    "SELECT source_file, sha256, 'refused', message, seen_at FROM core.rejected_files")
        con.execute("DROP TABLE core.rejected_files")
    con.execute("DROP TABLE core.ingested_files_old")
    con.execute("COMMIT")


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the public views over the internal tables, the estimates' once there are estimates."""
    con.execute((SQL / "views.sql").read_text())
    if has_estimates(con):
        con.execute((SQL / "estimate_views.sql").read_text())


def has_estimates(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether a build has stored the estimates (per-crossing ITS and region-wide DiD) yet."""
    return all(table_columns(con, table) for table in ESTIMATE_TABLES)


def known_fingerprint(con: duckdb.DuckDBPyConnection, sha256: str) -> str | None:
    """The file name under which this exact content was already ingested, if any."""
    rows = con.execute(
        "SELECT source_file FROM core.ingested_files WHERE sha256 = ? AND status = 'loaded'", [sha256]).fetchall()
    return rows[0][0] if rows else None


def refusal(con: duckdb.DuckDBPyConnection, sha256: str, read_with: str) -> str | None:
    """Why this exact content was refused before, under any name, with these profiles: it is not read again until
    either changes."""
    rows = con.execute("SELECT reason FROM core.ingested_files WHERE sha256 = ? AND status = 'refused' AND "
                       "read_with = ? LIMIT 1", [sha256, read_with]).fetchall()
    return rows[0][0] if rows else None


def listed(con: duckdb.DuckDBPyConnection, source_file: str, sha256: str) -> bool:
    """Whether this name with this content is already in ingested_files."""
    return bool(con.execute("SELECT 1 FROM core.ingested_files WHERE source_file = ? AND sha256 = ?",
                            [source_file, sha256]).fetchall())


def forget_file(con: duckdb.DuckDBPyConnection, source_file: str) -> None:
    """Delete everything an earlier version of one file contributed, before its new version is inserted."""
    for table in ("source_records", "quarantine", "skipped_rows", "ingested_files"):
        con.execute(f"DELETE FROM core.{table} WHERE source_file = ?", [source_file])


def insert_files(con: duckdb.DuckDBPyConnection, file_rows: list[dict], records: list[pl.DataFrame],
                 quarantine: list[pl.DataFrame], skipped: list[pl.DataFrame]) -> None:
    """Add a batch of files' rows together: 100 inserts of 10,000 rows cost three times one of 1M."""
    for table, frames in (("source_records", records), ("quarantine", quarantine), ("skipped_rows", skipped)):
        if any(frame.height for frame in frames):
            append_rows(con, table, pl.concat(frames, rechunk=False))
    for row in file_rows:
        columns, marks = ", ".join(row), ", ".join("?" for _ in row)
        con.execute(f"INSERT INTO core.ingested_files ({columns}) VALUES ({marks})", list(row.values()))


def known_files(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Names of every file the warehouse has ingested."""
    return {name for (name,) in con.execute("SELECT source_file FROM core.ingested_files").fetchall()}


def note_file(con: duckdb.DuckDBPyConnection, source_file: str, sha256: str, status: str, reason: str,
              read_with: str | None = None) -> None:
    """List a file that adds no rows (refused, or a duplicate); whatever an earlier good version of it loaded stays."""
    con.execute("INSERT OR REPLACE INTO core.ingested_files (source_file, sha256, status, reason, ingested_at, "
                "read_with) VALUES (?, ?, ?, ?, now()::TIMESTAMP, ?)", [source_file, sha256, status, reason, read_with])


def append_rows(con: duckdb.DuckDBPyConnection, name: str, frame: pl.DataFrame) -> None:
    """Add a frame's rows to an internal table, matching columns by name, `INSERT_ROWS` at a time.

    DuckDB compresses an insert's row groups in parallel but leaves a partial one at the end of each insert and of
    each Arrow chunk in it, for the next checkpoint to merge: 1M rows in four parts of several chunks took 2.3 s to
    store, in slices of two whole row groups copied into one chunk each 1.1 s (and a copy of all 1M rows at once
    would hold gigabytes at 10M).
    """
    for start in range(0, frame.height, INSERT_ROWS):
        piece = frame.slice(start, INSERT_ROWS).rechunk()
        con.register("incoming", piece.to_arrow(compat_level=pl.CompatLevel.newest()))  # string views: no copy
        con.execute(f"INSERT INTO core.{name} BY NAME SELECT * FROM incoming")
        con.unregister("incoming")


def with_row_hash(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with a 64-bit hash of each row, by which a later `write_changes` tells the rows that changed.

    A changed row whose hash matched its old one (odds about 1 in 10^19) would keep its old values; a Polars release
    that hashes differently makes the next update rewrite every row once.
    """
    return frame.with_columns(frame.hash_rows().alias(ROW_HASH))


def write_changes(con: duckdb.DuckDBPyConnection, name: str, frame: pl.DataFrame, key: str) -> int:
    """Make an internal table's rows for the frame's keys equal the frame's (which has `with_row_hash`).

    Only rows whose hash differs from the stored one are written; returns how many. An update that changes a few
    thousand rows of a million writes those: rewriting the table costs about as much as computing it.
    """
    con.register("incoming", frame.select(key, ROW_HASH).to_arrow())
    try:
        # the stored rows of the incoming keys first: at 10M stored rows and 9,904 incoming, 0.008 s, not 0.15-0.24 s
        changed = con.sql(f"SELECT i.{key} FROM incoming i ANTI JOIN (SELECT {key}, {ROW_HASH} FROM core.{name} "
                          f"SEMI JOIN incoming USING ({key})) t ON t.{key} = i.{key} AND t.{ROW_HASH} = i.{ROW_HASH}"
                          ).pl()
    finally:
        con.unregister("incoming")
    con.register("changed", changed.to_arrow())
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(f"DELETE FROM core.{name} WHERE {key} IN (SELECT {key} FROM changed)")
        append_rows(con, name, frame.join(changed, on=key, how="semi"))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.unregister("changed")
    return changed.height


def table_columns(con: duckdb.DuckDBPyConnection, name: str) -> list[str]:
    """An internal table's columns (none when it doesn't exist)."""
    return [c for (c,) in con.execute("SELECT column_name FROM duckdb_columns() WHERE schema_name = 'core' AND "
                                      "table_name = ? ORDER BY column_index", [name]).fetchall()]


def replace_table(con: duckdb.DuckDBPyConnection, name: str, frame: pl.DataFrame) -> int:
    """Replace an internal table with a frame's contents; returns the row count."""
    con.register("incoming", frame.head(0).to_arrow(compat_level=pl.CompatLevel.newest()))
    con.execute(f"CREATE OR REPLACE TABLE core.{name} AS SELECT * FROM incoming")
    con.unregister("incoming")
    append_rows(con, name, frame)
    return frame.height


def set_info(con: duckdb.DuckDBPyConnection, **values: str) -> None:
    """Record facts about this build (synthetic or not, when built, …) for every output to show."""
    for key, value in values.items():
        con.execute("INSERT OR REPLACE INTO core.warehouse_info VALUES (?, ?)", [key, value])


def fingerprint(*parts: str | Path | pl.DataFrame) -> str:
    """SHA-256 over what a stored result is computed from: texts, files (name and bytes) and frames (as CSV)."""
    digest = hashlib.sha256()
    for part in parts:
        if isinstance(part, Path):
            digest.update(part.name.encode() + part.read_bytes())
        else:
            digest.update((part.write_csv() if isinstance(part, pl.DataFrame) else part).encode())
        digest.update(b"\0")
    return digest.hexdigest()


def input_key(con: duckdb.DuckDBPyConnection, estimate: str) -> str | None:
    """The fingerprint of the inputs a stored result (an estimate, the normalised table) was computed from."""
    rows = con.execute("SELECT input_key FROM core.estimate_inputs WHERE estimate = ?", [estimate]).fetchall()
    return rows[0][0] if rows else None


def set_input_key(con: duckdb.DuckDBPyConnection, estimate: str, key: str) -> None:
    """Remember what the estimate just stored was computed from."""
    con.execute("INSERT OR REPLACE INTO core.estimate_inputs VALUES (?, ?)", [estimate, key])


def forget_input_key(con: duckdb.DuckDBPyConnection, estimate: str) -> None:
    """Say nothing is known of what a stored result was computed from, while it is being rewritten."""
    con.execute("DELETE FROM core.estimate_inputs WHERE estimate = ?", [estimate])


def carry_estimates(con: duckdb.DuckDBPyConnection) -> str:
    """Say in warehouse_info that the stored estimates were computed before the data now being published (or that
    there are none yet); returns which."""
    if has_estimates(con):
        set_info(con, estimates=ESTIMATES_CARRIED)
        return ESTIMATES_CARRIED
    set_info(con, estimates=NO_ESTIMATES, estimates_snapshot="", estimates_built_at="")
    return NO_ESTIMATES


def estimates_current(con: duckdb.DuckDBPyConnection, snapshot: str) -> None:
    """Say in warehouse_info that the estimates were computed from the data, and first published in `snapshot`."""
    set_info(con, snapshot=snapshot, estimates=ESTIMATES_CURRENT, estimates_snapshot=snapshot, estimates_built_at=now())


def now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
