"""Quarantined rows out to an editable CSV and back: a corrected row that loads resolves its quarantine entry."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from assets.ingest.sheets import Sheet
from warehouse.spreadsheet import neutralised, restored

if TYPE_CHECKING:  # an ingest worker process reads files only: it needs no database (nor the 40 ms of importing one)
    import duckdb

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
        # the header goes out as the first row, so its cells are made safe for a spreadsheet like every other
        cells = [columns, *([_text(r.get(c)) for c in columns] for r in records)]
        frame = pl.DataFrame(cells, schema={f"c{i}": pl.String for i in range(len(columns))}, orient="row")
        path = folder / f"{Path(file).stem}{SUFFIX}"
        neutralised(frame).write_csv(path, include_header=False)
        written.append(path)
    return written


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def is_corrections(path: Path) -> bool:
    return path.name.endswith(SUFFIX)


def as_exported(sheet: Sheet) -> Sheet:
    """A corrections file's cells as they stood before the export quoted them for a spreadsheet."""
    return replace(sheet, rows=sheet.rows.with_columns(restored(pl.col(c)).alias(c) for c in sheet.rows.columns))


def resolve_corrected(con: duckdb.DuckDBPyConnection, path: Path, loaded_rows: list[int]) -> int:
    """Mark the quarantined rows whose corrected copy (at these physical rows of `path`) loaded; returns how many."""
    keys = pl.read_csv(path, columns=KEYS[:2], schema_overrides={"_source_row": pl.Int64}, infer_schema=False
                       ).with_columns(restored(pl.col("_source_file")).alias("_source_file"))
    resolved = keys.with_row_index("row", offset=2).filter(pl.col("row").is_in(loaded_rows))
    for file, row in resolved.select("_source_file", "_source_row").iter_rows():
        con.execute("UPDATE core.quarantine SET resolved_by = ? WHERE source_file = ? AND source_row = ?",
                    [path.name, file, row])
    return resolved.height
