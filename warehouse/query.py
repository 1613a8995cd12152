"""Run one analyst query on a sandboxed read-only connection, with a time limit, and render the answer."""

from __future__ import annotations

import io
import json
import threading
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

FORMATS = ("table", "csv", "json", "parquet")


class QueryRefused(RuntimeError):
    """The query failed, was refused by the sandbox, or ran out of time; the message is one line."""


def run_query(con: duckdb.DuckDBPyConnection, sql: str, timeout: float, params: dict | None = None) -> pa.Table:
    """The query's answer as an Arrow table; stopped when it exceeds `timeout` seconds."""
    timer = threading.Timer(timeout, con.interrupt)
    timer.start()
    try:
        relation = con.sql(sql, params=params) if params else con.sql(sql)
        return relation.to_arrow_table() if relation is not None else pa.table({})
    except duckdb.InterruptException:
        raise QueryRefused(f"stopped after the {timeout:g} s time limit (use --timeout to allow longer)") from None
    except duckdb.Error as exc:
        raise QueryRefused(_one_line(exc)) from None
    finally:
        timer.cancel()


def render(table: pa.Table, fmt: str, output: Path | None) -> str | None:
    """CSV/JSON text (or None when written to a file); tables are printed by the caller."""
    if fmt == "parquet":
        if output is None:
            raise QueryRefused("--format parquet needs --output PATH")
        pq.write_table(table, output)
        return None
    if fmt == "csv":
        buffer = io.BytesIO()
        pacsv.write_csv(table, buffer)
        text = buffer.getvalue().decode()
    elif fmt == "json":
        text = json.dumps(table.to_pylist(), default=_json_value, ensure_ascii=False, indent=1) + "\n"
    else:
        raise QueryRefused(f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})")
    if output is not None:
        output.write_text(text, encoding="utf-8")
        return None
    return text


def _json_value(value: object) -> object:
    """Whole decimals (DuckDB's sums of integers are 128-bit) as JSON numbers; dates and the rest as text."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return str(value)


def _one_line(exc: Exception) -> str:
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return f"refused: {first}" if isinstance(exc, duckdb.PermissionException) else first
