"""The real public exports in ../shared/data/real, read through their bundled profiles."""

import datetime as dt
from pathlib import Path

import duckdb
import polars as pl
import pytest

from assets.ingest.landing import ingest_landing
from assets.normalise.releases import supersede

REAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "real"
LBS_PER_KG = 1 / 0.45359237


@pytest.fixture(scope="module")
def cbp(tmp_path_factory):
    landing = tmp_path_factory.mktemp("landing")
    releases = sorted((REAL / "cbp").glob("*.csv"))
    assert len(releases) == 4, f"the four CBP releases are expected in {REAL / 'cbp'}"
    for path in releases:
        (landing / path.name).write_bytes(path.read_bytes())
    con = duckdb.connect(str(tmp_path_factory.mktemp("db") / "w.duckdb"))
    first = ingest_landing(con, landing)
    second = ingest_landing(con, landing)
    records = con.sql("SELECT * FROM core.source_records").pl()
    return first, second, supersede(records).filter(pl.col("superseded_by").is_null())


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
