"""`blo sql` runs on a hardened read-only snapshot: hostile queries are refused and the data stay unchanged."""

import time

import duckdb
import pytest

from warehouse.access import publish, read_only
from warehouse.home import Home
from warehouse.query import QueryRefused, run_query


@pytest.fixture
def home(tmp_path):
    place = Home(tmp_path / "home").ensure()
    with duckdb.connect(str(place.build_db)) as con:
        con.execute("CREATE TABLE seizures AS SELECT range AS seizure_id, range * 1.5 AS mass_kg FROM range(1000)")
    publish(place)
    return place


@pytest.mark.parametrize("query", [
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM read_text('/etc/passwd')",
    "COPY seizures TO '/tmp/blo_leak.csv'",
    "ATTACH '/tmp/blo_other.duckdb' AS other",
    "INSTALL httpfs",
    "LOAD httpfs",
    "DELETE FROM seizures",
    "DROP TABLE seizures",
    "CREATE TABLE evil AS SELECT 1",
    "SET enable_external_access = true",
    "SET lock_configuration = false",
    "SET memory_limit = '20GB'",
    "SET threads = 8",
    "SET temp_directory = '/tmp'",
    "SET max_temp_directory_size = '1TB'",
])
def test_hostile_queries_are_refused_and_data_unchanged(home, query):
    with read_only(home) as con, pytest.raises(QueryRefused) as refusal:
        run_query(con, query, timeout=10)
    assert "\n" not in str(refusal.value)
    with read_only(home) as con:
        assert run_query(con, "SELECT count(*) AS n, sum(mass_kg) AS kg FROM seizures", 10).to_pylist() == [
            {"n": 1000, "kg": pytest.approx(749250.0)}]


def test_runaway_query_is_stopped_by_the_timeout(home):
    started = time.monotonic()
    with read_only(home) as con, pytest.raises(QueryRefused, match="time limit"):
        run_query(con, "SELECT count(*) FROM range(100000000) a, range(100000000) b WHERE a.range + b.range < 0", 1)
    assert time.monotonic() - started < 10


def test_a_reader_is_bounded_and_spills_inside_the_home(home):
    with read_only(home) as con:
        settings = dict(con.execute("SELECT name, value FROM duckdb_settings() WHERE name IN ('threads', "
                                    "'memory_limit', 'max_temp_directory_size', 'temp_directory', "
                                    "'enable_progress_bar')").fetchall())
    assert settings["threads"] == "1" and settings["memory_limit"].startswith(("953", "1.0"))
    assert settings["enable_progress_bar"] == "false"  # it would be drawn inside an answer written to stdout
    assert settings["temp_directory"].startswith(str(home.root / "tmp" / "sql-"))
    assert settings["max_temp_directory_size"].startswith(("3.7", "4.0"))
