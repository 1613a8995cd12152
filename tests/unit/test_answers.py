"""Answers stream out in batches: every column type prints in every format, formula cells are neutralised, DuckDB's
whole explanation of a mistake is kept, and a time limit always limits."""

import csv
import io
import json
import math
import subprocess
import sys
import time

import duckdb
import pyarrow.parquet as pq
import pytest

from warehouse.answers import first_rows, write
from warehouse.export import export_views
from warehouse.query import QueryCancelled, QueryRefused, TimeLimit, checked_timeout, explained, relation

EVERY_KIND = ("SELECT 1 AS n, 'Oybek' AS name, [1, 2] AS list, {'kg': 1.5, 'tags': ['a']} AS struct, "
              "map {'heroin': 3} AS map, 12345678901234567890123::HUGEINT AS huge, 2.50::DECIMAL(10, 2) AS dec, "
              "DATE '2024-03-07' AS day")
FORMULAS = ("SELECT * FROM (VALUES ('=HYPERLINK(\"http://x\")'), ('=cmd|'' /C calc''!A0'), ('@SUM(1)'), ('+1+1'), "
            "('-2+3'), ('-5'), ('+3.2'), ('Oybek')) AS t(cell)")


def _csv(con, sql):
    sink = io.BytesIO()
    with TimeLimit(con, 10):
        write(relation(con, sql), "csv", sink)
    return list(csv.reader(io.StringIO(sink.getvalue().decode())))


def test_every_column_type_prints_in_every_format(tmp_path):
    con = duckdb.connect()
    header, row = _csv(con, EVERY_KIND)
    assert header == ["n", "name", "list", "struct", "map", "huge", "dec", "day"]
    assert json.loads(row[2]) == [1, 2] and json.loads(row[3]) == {"kg": 1.5, "tags": ["a"]}
    assert json.loads(row[4]) == {"heroin": 3} and row[5] == "12345678901234567890123" and row[7] == "2024-03-07"
    columns, rows, more = first_rows(relation(con, EVERY_KIND), 10)
    assert columns == header and json.loads(rows[0][2]) == [1, 2] and not more
    sink = io.BytesIO()
    write(relation(con, EVERY_KIND), "json", sink)
    [record] = json.loads(sink.getvalue())
    assert record["list"] == [1, 2] and record["map"] == {"heroin": 3} and record["huge"] == 12345678901234567890123
    assert record["dec"] == 2.5 and record["day"] == "2024-03-07"
    with (tmp_path / "a.parquet").open("wb") as sink:
        write(relation(con, EVERY_KIND), "parquet", sink)
    assert pq.read_table(tmp_path / "a.parquet").to_pylist()[0]["list"] == [1, 2]


def test_empty_answers_and_long_ones():
    con = duckdb.connect()
    assert _csv(con, "SELECT 1 AS a, 'x' AS b WHERE false") == [["a", "b"]]
    sink = io.BytesIO()
    assert write(relation(con, "SELECT 1 AS a WHERE false"), "json", sink) == 0 and json.loads(sink.getvalue()) == []
    columns, rows, more = first_rows(relation(con, "SELECT range AS i FROM range(1000)"), 50)
    assert len(rows) == 50 and more
    assert len(_csv(con, "SELECT range AS i FROM range(250000)")) == 250_001  # three batches, one header


def test_csv_answers_neutralise_formula_cells_but_not_numbers():
    cells = [row[0] for row in _csv(duckdb.connect(), FORMULAS)[1:]]
    assert cells == ["'=HYPERLINK(\"http://x\")", "'=cmd|' /C calc'!A0", "'@SUM(1)", "'+1+1", "'-2+3", "-5", "+3.2",
                     "Oybek"]


def test_export_csv_neutralises_formula_cells_too(tmp_path):
    snapshot = tmp_path / "w.duckdb"
    with duckdb.connect(str(snapshot)) as con:
        con.execute("CREATE TABLE warehouse_info AS SELECT 'synthetic' AS key, 'false' AS value")
        con.execute(f"CREATE VIEW remarks AS {FORMULAS}")
    export_views(snapshot, tmp_path / "out", ("csv",))
    rows = list(csv.reader((tmp_path / "out" / "csv" / "remarks.csv").open(encoding="utf-8")))
    assert rows[1] == ["'=HYPERLINK(\"http://x\")"] and ["-5"] in rows


def test_a_thirty_million_row_answer_streams_in_bounded_memory(tmp_path):
    # VmHWM, not ru_maxrss: a child's ru_maxrss starts at its parent's peak (Linux keeps it across fork and exec)
    script = ("import re, duckdb; from warehouse.answers import write; from warehouse.query import relation\n"
              "con = duckdb.connect(config={'threads': 1, 'memory_limit': '1GB'})\n"
              "con.execute('SET enable_progress_bar = false')  # as every reader's connection\n"
              f"sink = open({str(tmp_path / 'big.csv')!r}, 'wb')\n"
              "print(write(relation(con, 'SELECT range, range * 2 AS twice FROM range(30000000)'), 'csv', sink),"
              " int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1]) // 1024)")
    rows, peak_mb = map(int, subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                                            check=True, timeout=300).stdout.split())
    assert rows == 30_000_000 and (tmp_path / "big.csv").stat().st_size > 400_000_000
    assert peak_mb < 500, f"peak {peak_mb} MB"  # the whole answer held at once takes over 1 GB


def test_a_cancel_before_the_query_starts_still_stops_it():
    con = duckdb.connect()
    started = time.monotonic()
    with pytest.raises(QueryCancelled), TimeLimit(con, 60) as limit:
        limit.cancel()  # Ctrl-C right after Enter, before DuckDB runs anything
        relation(con, "SELECT count(*) FROM range(100000000) a, range(100000000) b WHERE a.range + b.range < 0"
                 ).fetchall()
    assert time.monotonic() - started < 30


def test_duckdb_explains_a_mistake_in_every_line():
    con = duckdb.connect()
    con.execute("CREATE TABLE seizures AS SELECT 'Oybek' AS crossing_point")
    for sql, line in (("SELECT crosing_point FROM seizures", 'Candidate bindings: "crossing_point"'),
                      ("SELECT * FROM seizure", 'Did you mean "seizures"?')):
        with pytest.raises(QueryRefused) as refusal, TimeLimit(con, 10):
            relation(con, sql).fetchall()
        assert line in str(refusal.value).splitlines()
    with pytest.raises(QueryRefused) as refusal, TimeLimit(con, 10):
        relation(con, "selec 1")
    assert "LINE 1: selec 1" in str(refusal.value) and "\n\n" not in str(refusal.value)
    assert explained(duckdb.PermissionException("no files")).startswith("refused: ")
    missing = duckdb.connect()
    with pytest.raises(duckdb.CatalogException) as first_build:
        missing.sql("SELECT * FROM blo_effects")
    assert "published after the data" in explained(first_build.value)
    with pytest.raises(duckdb.CatalogException) as typo:
        missing.sql("SELECT * FROM seizurez")
    assert "published after the data" not in explained(typo.value)


@pytest.mark.parametrize("seconds", [0, -1, math.nan, math.inf])
def test_a_time_limit_must_limit(seconds):
    with pytest.raises(QueryRefused, match="--timeout must be a positive number"):
        checked_timeout(seconds)


def test_a_streaming_answer_stops_at_its_time_limit(tmp_path):
    con = duckdb.connect(config={"threads": 1})
    with (tmp_path / "endless.csv").open("wb") as sink, pytest.raises(QueryRefused, match="1 s time limit"), \
            TimeLimit(con, 1):
        write(relation(con, "SELECT range, md5(range::VARCHAR) FROM range(10000000000)"), "csv", sink)
    assert con.execute("SELECT 42").fetchall() == [(42,)]  # the connection answers the next query
