"""The scope of a new or withdrawn export: its records and the stored ones the dedup rule pairs them with, not their
whole (crossing point, substance) cell, and a result equal to normalising every record again."""

import datetime as dt

import duckdb
import polars as pl

from assets.normalise.parts import normalise_in_parts
from warehouse.store import ensure_schema, forget_file

CUSTOMS, GUARD, DRUG_CONTROL = ("State Customs Committee of Uzbekistan", "State Border Guard Committee of Uzbekistan",
                                "Drug Control Agency of Uzbekistan")
DAYS = range(1, 31)


def _export(file: str, sha: str, agency: str, days: range) -> pl.DataFrame:
    """One agency's heroin seizures at Ayritom, a day apart, each 10 % heavier than the day before."""
    return pl.DataFrame({
        "record_id": [f"{sha}:{d:07d}" for d in days], "source_file": file, "source_row": list(days),
        "agency": agency, "country_iso3": "UZB", "period_start": [dt.date(2024, 1, d) for d in days],
        "period_end": [dt.date(2024, 1, d) for d in days], "n_events": 1, "crossing_raw": "Ayritom",
        "substance_raw": "geroin", "mass_kg": [round(1.1 ** d, 3) for d in days]})


def _land(con: duckdb.DuckDBPyConnection, frame: pl.DataFrame) -> None:
    """An export's records and its row in ingested_files, as ingest stores a loaded file."""
    name, digest = frame["source_file"][0], frame["record_id"][0].split(":")[0]
    con.execute("INSERT INTO core.source_records BY NAME SELECT * FROM frame")
    con.execute("INSERT INTO core.ingested_files (source_file, sha256, agency, status, ingested_at) "
                "VALUES (?, ?, ?, 'loaded', ?)", [name, digest * 5, frame["agency"][0], dt.datetime(2024, 2, 1)])


def _normalised(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return con.sql("SELECT * FROM core.seizure_sources ORDER BY record_id").pl()


def _from_scratch(tmp_path, con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The same source records normalised in a warehouse that never stored a table."""
    other = duckdb.connect(str(tmp_path / "scratch.duckdb"))
    ensure_schema(other)
    for table in ("source_records", "ingested_files"):
        other.register("rows", con.sql(f"SELECT * FROM core.{table}").pl().to_arrow())
        other.execute(f"INSERT INTO core.{table} BY NAME SELECT * FROM rows")
    normalise_in_parts(other, None, None, 3.5)
    whole = _normalised(other)
    other.close()
    (tmp_path / "scratch.duckdb").unlink()
    return whole


def test_a_new_export_renormalises_its_records_and_their_candidate_partners_only(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    ensure_schema(con)
    _land(con, _export("customs.csv", "aaaaaaaaaaaa", CUSTOMS, DAYS))
    _land(con, _export("guard.csv", "bbbbbbbbbbbb", GUARD, DAYS))
    assert normalise_in_parts(con, None, None, 3.5).counts["merged"] == 30  # each day one seizure of two reports
    # a third agency's report of the 15 January seizure: one cell of 61 records, three of them one seizure
    _land(con, _export("late.csv", "cccccccccccc", DRUG_CONTROL, range(15, 16)))
    counts = normalise_in_parts(con, None, None, 3.5).counts
    assert counts["normalised"] == 3
    assert counts["merged"] == 31
    assert _normalised(con).equals(_from_scratch(tmp_path, con))
    forget_file(con, "late.csv")  # the export withdrawn
    counts = normalise_in_parts(con, None, None, 3.5).counts
    assert counts["normalised"] == 2 and counts["merged"] == 30
    assert _normalised(con).equals(_from_scratch(tmp_path, con))
