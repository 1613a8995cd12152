"""An answer written as it streams out of DuckDB — CSV, JSON or Parquet a batch at a time — or its first rows shown.

Memory stays bounded by the batch, not the answer: DuckDB hands over `BATCH_ROWS` rows at a time and each batch is
written before the next is fetched. Lists, structs and maps become JSON text in CSV and tables (DuckDB's `to_json`),
JSON answers are DuckDB's own JSON of each row, and CSV cells a spreadsheet would evaluate are neutralised.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, BinaryIO

import duckdb

from warehouse.query import QueryRefused

if TYPE_CHECKING:
    import pyarrow as pa

FORMATS = ("table", "csv", "json", "parquet")
BATCH_ROWS = 100_000
NESTED = {"list", "struct", "map", "array", "union"}
ROW = "blo_answer_row"  # the alias a JSON answer's rows are read through


def flat(answer: duckdb.DuckDBPyRelation) -> duckdb.DuckDBPyRelation:
    """The answer with every nested column (list, struct, map) as its JSON text, for CSV cells and table columns."""
    if not any(kind.id in NESTED for kind in answer.types):
        return answer
    return answer.select(", ".join(f"to_json({_quoted(name)})::VARCHAR AS {_quoted(name)}" if kind.id in NESTED
                                   else _quoted(name) for name, kind in zip(answer.columns, answer.types, strict=True)))


def first_rows(answer: duckdb.DuckDBPyRelation, limit: int) -> tuple[list[str], list[tuple], bool]:
    """Column names, up to `limit` rows (nested values as JSON text), and whether the answer has more."""
    rows = flat(answer).limit(limit + 1).fetchall()
    return answer.columns, rows[:limit], len(rows) > limit


def write(answer: duckdb.DuckDBPyRelation, fmt: str, sink: BinaryIO) -> int:
    """Stream the whole answer into `sink` as CSV, JSON (an array of row objects) or Parquet; returns the rows."""
    if fmt == "csv":
        return _csv(flat(answer).to_arrow_reader(BATCH_ROWS), sink)
    if fmt == "json":
        return _json(answer.set_alias(ROW).select(f"to_json({ROW})::VARCHAR").to_arrow_reader(BATCH_ROWS), sink)
    if fmt == "parquet":
        return _parquet(answer.to_arrow_reader(BATCH_ROWS), sink)
    raise QueryRefused(f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})")


def _csv(reader: pa.RecordBatchReader, sink: BinaryIO) -> int:
    import polars as pl

    from warehouse.spreadsheet import neutralised

    rows, header = 0, True
    for batch in reader:
        neutralised(pl.from_arrow(batch)).write_csv(sink, include_header=header)
        rows, header = rows + batch.num_rows, False
    if header:  # no rows: the header alone
        pl.from_arrow(reader.schema.empty_table()).write_csv(sink)
    return rows


def _json(reader: pa.RecordBatchReader, sink: BinaryIO) -> int:
    rows = 0
    sink.write(b"[")
    for batch in reader:
        if batch.num_rows:
            sink.write((",\n" if rows else "\n").encode() + ",\n".join(batch.column(0).to_pylist()).encode())
            rows += batch.num_rows
    sink.write(b"\n]\n" if rows else b"]\n")
    return rows


def _parquet(reader: pa.RecordBatchReader, sink: BinaryIO) -> int:
    import pyarrow.parquet as pq

    rows = 0
    with pq.ParquetWriter(sink, reader.schema) as writer:
        for batch in reader:
            writer.write_batch(batch)
            rows += batch.num_rows
    return rows


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
