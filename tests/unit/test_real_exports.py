"""The real public exports in tests/data/real, read through their bundled profiles."""

import datetime as dt
from pathlib import Path

import duckdb
import polars as pl
import pytest

from assets.ingest.landing import ingest_landing
from assets.normalise.releases import supersede
from assets.normalise.seizures import normalise_records, with_canonical_names
from warehouse.home import Home

REAL = Path(__file__).parents[1] / "data" / "real"
LBS_PER_KG = 1 / 0.45359237


@pytest.fixture(scope="module")
def cbp(tmp_path_factory):
    home = Home(tmp_path_factory.mktemp("home")).ensure()
    landing = home.landing
    releases = sorted((REAL / "cbp").glob("*.csv"))
    assert len(releases) == 4, f"the four CBP releases are expected in {REAL / 'cbp'}"
    for path in releases:
        (landing / path.name).write_bytes(path.read_bytes())
    con = duckdb.connect(str(tmp_path_factory.mktemp("db") / "w.duckdb"))
    first = ingest_landing(con, home)
    second = ingest_landing(con, home)
    records = con.sql("SELECT * FROM core.source_records").pl()
    return first, second, supersede(with_canonical_names(records)).filter(pl.col("superseded_by").is_null())


def test_cbp_releases_are_read_by_their_profile(cbp):
    first, second, _ = cbp
    assert [o.status for o in first] == ["loaded"] * 4 and {o.profile for o in first} == {"cbp_monthly"}
    assert [o.status for o in second] == ["duplicate"] * 4
    assert all(o.counts["rows_quarantined"] == 0 for o in first)


def test_cbp_overlapping_releases_supersede(cbp):
    _, _, current = cbp
    assert current.height == 16_617


def test_cbp_fiscal_year_2021(cbp):
    _, _, current = cbp
    fy2021 = current.filter(pl.col("period_start").is_between(pl.date(2020, 10, 1), pl.date(2021, 9, 30)))
    assert round(fy2021.get_column("mass_kg").sum(), 1) == 414_277.6
    assert round(fy2021.get_column("mass_kg").sum() * LBS_PER_KG, 1) == 913_325.7
    assert fy2021.get_column("n_events").sum() == 82_946


def test_cbp_fiscal_year_months_and_running_year(cbp):
    _, _, current = cbp
    fy2025 = current.filter(pl.col("period_start") >= pl.date(2024, 10, 1))
    assert fy2025.get_column("n_events").sum() == 36_537
    first_month = current.filter(pl.col("release_key").str.starts_with("2021|OCT|")).get_column("period_start")
    assert first_month.unique().to_list() == [dt.date(2020, 10, 1)]


@pytest.fixture(scope="module")
def unodc(tmp_path_factory):
    home = Home(tmp_path_factory.mktemp("home")).ensure()
    landing = home.landing
    source = REAL / "unodc" / "Drug_seizures_2018_2022.json"
    (landing / source.name).write_bytes(source.read_bytes())
    con = duckdb.connect(str(tmp_path_factory.mktemp("db") / "w.duckdb"))
    outcomes = ingest_landing(con, home)
    records = con.sql("SELECT * FROM core.source_records").pl()
    files = con.sql("SELECT * FROM core.ingested_files").pl()
    return outcomes, files, normalise_records(records)


def _national(frame, country, year, **where):
    rows = frame.filter(pl.col("country_iso3") == country, pl.col("period_start") == dt.date(year, 1, 1),
                        pl.col("period_end") == dt.date(year, 12, 31))
    for column, value in where.items():
        rows = rows.filter(pl.col(column) == value)
    return rows


def test_unodc_every_row_loaded_at_national_level(unodc):
    _, files, frame = unodc
    assert files.select("rows_read", "rows_loaded", "rows_quarantined").rows() == [(10_941, 10_941, 0)]
    assert frame.height == 10_941 and frame["crossing_point"].null_count() == frame.height
    assert frame.filter(pl.col("substance") == "unmapped").is_empty()


def test_unodc_published_values(unodc):
    _, _, frame = unodc
    heroin = _national(frame, "TJK", 2022, substance="heroin")
    assert heroin["mass_kg"].round(3).to_list() == [243.588]
    precursors = _national(frame, "KGZ", 2022, substance_raw="Other precursors")
    assert sorted(precursors["mass_kg"].round(3).to_list()) == [118.22, 142.0, 5675.361]
    assert precursors["seizure_id"].n_unique() == 3  # repeated keys are distinct rows, never merged


def test_unodc_reported_total_counts_once(unodc):
    _, _, frame = unodc
    ecstasy = _national(frame, "TJK", 2021, substance_group="MDMA and Ecstasy-like Drugs")
    assert round(ecstasy["mass_kg"].sum(), 3) == 2.007
    total = ecstasy.filter(pl.col("substance") == "total ecstasy-type substances")
    assert round(total["mass_kg"].item(), 4) == round(2.007 - 1.5264, 4)
    assert "residual beyond its components" in total["flags"].item()
