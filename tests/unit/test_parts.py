"""Parts of the normalisation pass: a few substances each, a group with a reported total kept whole."""

import datetime as dt

import duckdb
import polars as pl

from assets.normalise.parts import normalise_in_parts, substance_parts
from warehouse.store import ensure_schema


def test_parts_pack_substances_up_to_the_cap_and_keep_a_group_with_a_reported_total_whole():
    names = pl.DataFrame({"substance_raw": ["heroin", "opium", "гашиш", "Total cannabis-type", "марихуана", None,
                                            "zzz", "nasvay"],
                          "n": [300, 250, 100, 1, 50, 5, 7, 400]})
    part = dict(substance_parts(names, part_rows=500).iter_rows())
    assert part["гашиш"] == part["Total cannabis-type"] == part["марихуана"]  # the cannabis group with its total
    assert part[None] == part["zzz"]  # both unmapped
    assert len({part["heroin"], part["opium"], part["nasvay"]}) == 3  # 300 + 250 + 400 rows: no two fit in 500
    sizes = names.with_columns(part=pl.Series([part[n] for n in names["substance_raw"]])).group_by("part").agg(
        pl.col("n").sum())
    assert sizes["n"].max() <= 500


def test_a_substance_larger_than_the_cap_is_one_part():
    names = pl.DataFrame({"substance_raw": ["heroin", "opium"], "n": [900, 100]})
    parts = substance_parts(names, part_rows=500)
    assert parts["part"].to_list() == [0, 1]


def _release(file: str, sha: str, months: range) -> pl.DataFrame:
    """A monthly release of one source: a row per month, keyed by its month, as CBP's profile keys them."""
    return pl.DataFrame({
        "record_id": [f"{sha}:{m:07d}" for m in months], "source_file": file, "source_row": list(months),
        "agency": "CBP", "country_iso3": "USA", "period_start": [dt.date(2024, m, 1) for m in months],
        "period_end": [dt.date(2024, m, 28) for m in months], "n_events": 3, "substance_raw": "Cocaine",
        "mass_kg": [10.0 * m for m in months], "release_key": [f"2024|{m}" for m in months]})


def _normalised(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return con.sql("SELECT * EXCLUDE (row_hash) FROM core.seizure_sources ORDER BY record_id").pl()


def test_which_release_is_newer_rests_on_whole_files_when_only_some_records_change(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    ensure_schema(con)

    def add(frame: pl.DataFrame) -> None:  # as ingest stores a loaded file: its records and its ingested_files row
        con.execute("INSERT INTO core.source_records BY NAME SELECT * FROM frame")
        con.execute("INSERT INTO core.ingested_files (source_file, sha256, agency, status, ingested_at) VALUES "
                    "(?, ?, 'CBP', 'loaded', ?)", [frame["source_file"][0], frame["record_id"][0][:12] * 5,
                                                   dt.datetime(2024, 12, 1)])
    add(_release("a.csv", "aaaaaaaaaaaa", range(1, 7)))
    add(_release("b.csv", "bbbbbbbbbbbb", range(3, 9)))  # newer: reaches August
    normalise_in_parts(con, None, None, 3.5)
    # a later-named file reporting March only: an older release than b.csv, though it shares only March with it
    add(_release("c.csv", "cccccccccccc", range(3, 4)))
    counts = normalise_in_parts(con, None, None, 3.5).counts
    bounded = _normalised(con)
    con.execute("DELETE FROM core.estimate_inputs")  # the next pass normalises every record
    assert normalise_in_parts(con, None, None, 3.5).counts["normalised"] == counts["records"] == 13
    assert bounded.equals(_normalised(con))
    winners = bounded.filter(pl.col("superseded_by").is_null()).get_column("source_file").to_list()
    assert winners == ["a.csv", "a.csv"] + ["b.csv"] * 6
