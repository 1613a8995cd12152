"""Saved queries answer on the published snapshot; exports are readable by other engines and lose no rows."""

import duckdb
import polars as pl
import pyarrow.dataset as ds
import pytest

from warehouse.access import current_snapshot, read_only
from warehouse.export import export_views
from warehouse.query import run_query
from warehouse.saved import SavedQueryError, find, parse_params, saved_queries


def test_every_saved_query_runs_with_its_defaults(built):
    home, _, _ = built
    queries = saved_queries()
    assert {"seizures_by_crossing_year", "substance_mix_before_after", "blo_share_of_national"} <= set(queries)
    with read_only(home) as con:
        for query in queries.values():
            assert run_query(con, query.sql, 10, query.bind({}) or None).num_rows > 0, query.name


def test_saved_query_answers_agree_with_the_seizures_view(built):
    home, _, _ = built
    by_year = find("seizures_by_crossing_year")
    with read_only(home) as con:
        table = pl.from_arrow(run_query(con, by_year.sql, 10, by_year.bind({"country": "TJK"})))
        expected = con.execute("SELECT sum(n_events) FROM seizures WHERE country_iso3 = 'TJK' "
                               "AND crossing_point IS NOT NULL").fetchall()[0][0]
        mix = find("substance_mix_before_after")
        shares = pl.from_arrow(run_query(con, mix.sql, 10, mix.bind({"months": "12"})))
    assert set(table["country_iso3"]) == {"TJK"} and table["events"].sum() == expected
    sums = shares.group_by("crossing_point", "side").agg(pl.col("share_pct").sum())
    assert sums["share_pct"].is_between(99.5, 100.5).all()


def test_saved_query_mistakes_are_one_line():
    with pytest.raises(SavedQueryError, match="no saved query 'nope' .there are: "):
        find("nope")
    with pytest.raises(SavedQueryError, match="unknown parameter.*it takes: country"):
        find("seizures_by_crossing_year").bind({"year": "2020"})
    with pytest.raises(SavedQueryError, match="name=value"):
        parse_params(["country"])


def test_export_writes_partitioned_parquet_and_csv_that_read_back(built, tmp_path):
    home, _, _ = built
    counts = export_views(current_snapshot(home), tmp_path)
    assert (tmp_path / "SYNTHETIC-DEMO-DATA.txt").exists()
    seizures = ds.dataset(tmp_path / "parquet" / "seizures", format="parquet", partitioning="hive")
    assert seizures.count_rows() == counts["seizures"] > 0
    assert {"country_iso3", "year"} <= set(seizures.schema.names)
    parts = {p.name for p in (tmp_path / "parquet" / "seizures").iterdir()}
    assert "country_iso3=UZB" in parts
    years = {p.name for p in (tmp_path / "parquet" / "seizures" / "country_iso3=UZB").iterdir()}
    assert len(years) > 5 and all(y.startswith("year=") for y in years)
    # another engine (a fresh DuckDB, polars) reads the same files
    hive = duckdb.sql(f"SELECT count(*) FROM read_parquet('{tmp_path}/parquet/seizures/**/*.parquet', "
                      "hive_partitioning = true) WHERE country_iso3 = 'UZB'").fetchall()[0][0]
    with read_only(home) as con:
        assert hive == con.execute("SELECT count(*) FROM seizures WHERE country_iso3 = 'UZB'").fetchall()[0][0]
    for view, rows in counts.items():
        assert pl.read_csv(tmp_path / "csv" / f"{view}.csv", infer_schema=False).height == rows, view
