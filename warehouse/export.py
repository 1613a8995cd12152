"""The public views as files any engine reads: Parquet partitioned by country and year (Hive layout), and CSV
(streamed like a `blo sql` answer: formula-like cells neutralised, lists and structs as JSON text)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from warehouse.answers import write

DATE_COLUMNS = ("period_start", "month")  # the column a view's year comes from, in order of preference


def public_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Names of the warehouse's public views."""
    return [row[0] for row in con.execute(
        "SELECT view_name FROM duckdb_views() WHERE NOT internal AND schema_name = 'main' ORDER BY 1").fetchall()]


def export_views(snapshot: Path, out: Path, formats: tuple[str, ...] = ("parquet", "csv")) -> dict[str, int]:
    """Write every public view of a snapshot under `out/parquet/<view>/` and `out/csv/<view>.csv`; rows per view."""
    counts = {}
    with duckdb.connect(str(snapshot), read_only=True) as con:
        synthetic = con.execute("SELECT value FROM warehouse_info WHERE key = 'synthetic'").fetchall()
        for view in public_views(con):
            columns = [row[0] for row in con.execute(f'SELECT column_name FROM (DESCRIBE "{view}")').fetchall()]
            counts[view] = con.execute(f'SELECT count(*) FROM "{view}"').fetchall()[0][0]
            if "parquet" in formats:
                _parquet(con, view, columns, out / "parquet" / view)
            if "csv" in formats:
                (out / "csv").mkdir(parents=True, exist_ok=True)
                with (out / "csv" / f"{view}.csv").open("wb") as sink:
                    write(con.sql(f'SELECT * FROM "{view}"'), "csv", sink)
    if synthetic and synthetic[0][0] == "true":
        (out / "SYNTHETIC-DEMO-DATA.txt").write_text(
            "These files were exported from a warehouse built from synthetic demo data, not real seizures.\n",
            encoding="utf-8")
    return counts


def _parquet(con: duckdb.DuckDBPyConnection, view: str, columns: list[str], target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    date = next((c for c in DATE_COLUMNS if c in columns), None)
    if "country_iso3" in columns and date:
        target.mkdir(parents=True)
        con.execute(f"COPY (SELECT *, year({date}) AS year FROM \"{view}\") TO '{_quoted(target)}' "
                    "(FORMAT parquet, PARTITION_BY (country_iso3, year))")
    else:
        target.mkdir(parents=True)
        con.execute(f"COPY (SELECT * FROM \"{view}\") TO '{_quoted(target / 'data.parquet')}' (FORMAT parquet)")


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")
