"""Quarantined rows out to an editable CSV and back: a corrected row that loads resolves its quarantine entry."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import polars as pl

SUFFIX = ".corrections.csv"
KEYS = ["_source_file", "_source_row", "_reason"]


def export_corrections(con: duckdb.DuckDBPyConnection, folder: Path, source_file: str | None = None) -> list[Path]:
    """One `<file>.corrections.csv` per export with unresolved quarantined rows: its own headers, plus the row's key."""
    rows = con.sql(
        "SELECT source_file, source_row, reason, raw_record FROM core.quarantine WHERE resolved_by IS NULL"
        + (" AND source_file = $file" if source_file else "") + " ORDER BY source_file, source_row",
        params={"file": source_file} if source_file else None).fetchall()
    by_file: dict[str, list[dict]] = {}
    for file, row, reason, raw in rows:
        cells = json.loads(raw) if raw else {}
        by_file.setdefault(file, []).append({"_source_file": file, "_source_row": row, "_reason": reason, **cells})
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for file, records in by_file.items():
        columns = list(dict.fromkeys(key for record in records for key in record))
        frame = pl.DataFrame([{c: _text(r.get(c)) for c in columns} for r in records],
                             schema={c: pl.String for c in columns})
        path = folder / f"{Path(file).stem}{SUFFIX}"
        frame.write_csv(path)
        written.append(path)
    return written


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def is_corrections(path: Path) -> bool:
    return path.name.endswith(SUFFIX)


def resolve_corrected(con: duckdb.DuckDBPyConnection, path: Path, loaded_rows: list[int]) -> int:
    """Mark the quarantined rows whose corrected copy (at these physical rows of `path`) loaded; returns how many."""
    keys = pl.read_csv(path, columns=KEYS[:2], schema_overrides={"_source_row": pl.Int64}, infer_schema=False)
    resolved = keys.with_row_index("row", offset=2).filter(pl.col("row").is_in(loaded_rows))
    for file, row in resolved.select("_source_file", "_source_row").iter_rows():
        con.execute("UPDATE core.quarantine SET resolved_by = ? WHERE source_file = ? AND source_row = ?",
                    [path.name, file, row])
    return resolved.height
