"""An outlier note follows its substance's spread: a new export that makes a haul usual takes its note away, and the
incremental pass leaves the same table and outlier list as normalising everything again."""

import datetime as dt

import duckdb
import polars as pl

from assets.normalise.parts import normalise_in_parts
from warehouse.store import ensure_schema, forget_file

NOTE = "mass unusual for its substance (robust z "


def _export(file: str, sha: str, masses: list[float]) -> pl.DataFrame:
    """One agency's single heroin seizures at Ayritom in 2024, a day apart."""
    days = range(1, len(masses) + 1)
    return pl.DataFrame({
        "record_id": [f"{sha}:{d:07d}" for d in days], "source_file": file, "source_row": list(days),
        "agency": f"agency of {file}", "country_iso3": "UZB",
        "period_start": [dt.date(2024, 1, 1) + dt.timedelta(days=d) for d in days],
        "period_end": [dt.date(2024, 1, 1) + dt.timedelta(days=d) for d in days], "n_events": 1,
        "crossing_raw": "Ayritom", "substance_raw": "geroin", "mass_kg": masses})


def _land(con: duckdb.DuckDBPyConnection, frame: pl.DataFrame) -> None:
    """An export's records and its row in ingested_files, as ingest stores a loaded file."""
    con.execute("INSERT INTO core.source_records BY NAME SELECT * FROM frame")
    con.execute("INSERT INTO core.ingested_files (source_file, sha256, agency, status, ingested_at) "
                "VALUES (?, ?, ?, 'loaded', ?)", [frame["source_file"][0], frame["record_id"][0][:12] * 5,
                                                  frame["agency"][0], dt.datetime(2024, 6, 1)])


def _table(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return con.sql("SELECT * FROM core.seizure_sources ORDER BY record_id").pl()


def _from_scratch(tmp_path, con: duckdb.DuckDBPyConnection) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The table and outliers of the same files normalised in a warehouse that never stored a table."""
    other = duckdb.connect(str(tmp_path / "scratch.duckdb"))
    ensure_schema(other)
    for table in ("source_records", "ingested_files"):
        other.register("rows", con.sql(f"SELECT * FROM core.{table}").pl().to_arrow())
        other.execute(f"INSERT INTO core.{table} BY NAME SELECT * FROM rows")
    outliers = normalise_in_parts(other, None, None, 3.5).outliers
    whole = _table(other)
    other.close()
    (tmp_path / "scratch.duckdb").unlink()
    return whole, outliers


def _noted(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [f for (f,) in con.execute("SELECT source_file FROM core.seizure_sources WHERE flags LIKE ?",
                                      [f"%{NOTE}%"]).fetchall()]


def test_a_new_export_that_makes_a_haul_usual_takes_its_note_away_and_a_withdrawal_brings_it_back(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    ensure_schema(con)
    # 40 seizures of 1 to 100 kg, evenly spread on a log scale, and a haul of 10 t (robust z 3.9)
    _land(con, _export("usual.csv", "aaaaaaaaaaaa", [round(10 ** (2 * i / 39), 3) for i in range(40)] + [10_000.0]))
    first = normalise_in_parts(con, None, None, 3.5)
    assert first.outliers["mass_kg"].to_list() == [10_000.0] and _noted(con) == ["usual.csv"]
    assert first.counts["weighed"] == 41
    # another agency's 60 hauls of 10 kg to 3 t: the substance's spread widens, 10 t is usual now (z 2.4)
    _land(con, _export("large.csv", "bbbbbbbbbbbb", [round(10 ** (1 + 2.5 * i / 59), 3) for i in range(60)]))
    later = normalise_in_parts(con, None, None, 3.5)
    assert later.counts["normalised"] < later.counts["records"] == 101  # an incremental pass
    assert later.outliers.height == 0 and _noted(con) == []
    whole, outliers = _from_scratch(tmp_path, con)
    assert _table(con).equals(whole) and later.outliers.equals(outliers)
    forget_file(con, "large.csv")  # the export withdrawn: the haul is unusual again
    again = normalise_in_parts(con, None, None, 3.5)
    assert again.outliers["mass_kg"].to_list() == [10_000.0] and _noted(con) == ["usual.csv"]
    whole, outliers = _from_scratch(tmp_path, con)
    assert _table(con).equals(whole) and again.outliers.equals(outliers)
