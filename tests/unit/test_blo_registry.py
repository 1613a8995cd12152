"""The bundled BLO registry and its alternatives: every office on the gazetteer, every date from a dated source."""

import datetime as dt

import polars as pl
import pytest

from assets.shared.crossings import gazetteer
from assets.warehouse.reference import registry_for
from demo.home import home_registry
from demo.world import SOURCE, synthetic_registry
from warehouse.reference import FOLDER

COLUMNS = ["crossing_point", "country_iso3", "paired_with", "blo_established", "precision", "status",
           "source_title", "source_publisher", "source_date", "source_url", "source_note"]
STATUSES = {"opened", "operational since", "planned"}
FILES = ["blo_registry.csv", "blo_registry_alternatives.csv"]


def _read(name: str) -> pl.DataFrame:
    return pl.read_csv(FOLDER / name, schema_overrides={"blo_established": pl.Date})


@pytest.fixture(scope="module")
def registry() -> pl.DataFrame:
    return _read("blo_registry.csv")


@pytest.mark.parametrize("name", FILES)
def test_columns_are_the_agreed_ones_in_order(name):
    assert _read(name).columns == COLUMNS


@pytest.mark.parametrize("name", FILES)
def test_every_row_cites_a_dated_document_with_an_address(name):
    rows = _read(name)
    for column in ("source_title", "source_publisher", "source_url", "source_note", "source_date"):
        assert rows[column].null_count() == 0, column
    assert rows["source_url"].str.contains(r"^https?://[\w.-]+\.[a-z]{2,}/").all()
    dates = rows["source_date"].str.to_date("%Y-%m-%d", strict=True)
    assert dates.is_between(dt.date(2010, 1, 1), dt.date.today()).all()
    assert rows["source_note"].str.len_chars().min() >= 40


@pytest.mark.parametrize("name", FILES)
def test_dates_and_precisions_agree(name):
    rows = _read(name)
    assert set(rows["status"]) <= STATUSES
    assert set(rows["precision"].drop_nulls()) <= {"day", "month", "year"}
    assert (rows["blo_established"].is_null() == rows["precision"].is_null()).all()
    dated = rows.drop_nulls("blo_established")
    day, month = dated["blo_established"].dt.day(), dated["blo_established"].dt.month()
    precision = dated["precision"]
    assert ((precision != "month") | (day == 1)).all()
    assert ((precision != "year") | ((day == 1) & (month == 1))).all()
    # a document can only report what had happened by its own date, and a plan has no opening date yet
    assert (dated["blo_established"] <= dated["source_date"].str.to_date("%Y-%m-%d")).all()
    assert dated.filter(pl.col("status") == "planned").is_empty()


@pytest.mark.parametrize("name", FILES)
def test_points_and_their_pairs_are_on_the_gazetteer(name):
    rows = _read(name)
    points = gazetteer()
    names = set(points["crossing_point"])
    assert set(rows["crossing_point"]) <= names
    assert set(rows["paired_with"].drop_nulls()) <= names
    known = rows.join(points.select("crossing_point", "country_iso3", g_pair="paired_with"), on="crossing_point",
                      suffix="_gazetteer")
    assert (known["country_iso3"] == known["country_iso3_gazetteer"]).all()
    assert (known["paired_with"].fill_null("") == known["g_pair"].fill_null("")).all()


def test_one_row_per_office_and_alternatives_only_for_registered_offices(registry):
    assert registry["crossing_point"].is_unique().all()
    alternatives = _read("blo_registry_alternatives.csv")
    assert set(alternatives["crossing_point"]) <= set(registry["crossing_point"])


def test_each_alternative_differs_from_the_registry_row_it_shadows(registry):
    alternatives = _read("blo_registry_alternatives.csv")
    pairs = alternatives.join(registry, on="crossing_point", suffix="_kept")
    differs = ((pairs["source_url"] != pairs["source_url_kept"])
               | (pairs["blo_established"].fill_null(dt.date(1, 1, 1))
                  != pairs["blo_established_kept"].fill_null(dt.date(1, 1, 1))))
    assert differs.all()


@pytest.mark.parametrize("name", FILES)
def test_no_design_note_or_synthetic_date_is_a_source(name):
    text = (FOLDER / name).read_text(encoding="utf-8")
    assert "synthetic" not in text.casefold() and "design.md" not in text.casefold()
    assert "domain facts" not in text.casefold()


@pytest.mark.parametrize("seed", [0, 1, 7, 42, 2024])
def test_registry_is_not_the_demo_registry(registry, seed):
    demo = synthetic_registry(seed).drop_nulls("blo_established")
    ours = {r: d for r, d in registry.select("crossing_point", "blo_established").drop_nulls().iter_rows()}
    same = [p for p, d in demo.select("crossing_point", "blo_established").iter_rows() if ours.get(p) == d]
    # a synthetic month may coincide with a real one by chance, but never for more than a couple of offices
    assert len(same) <= 2, same
    assert "source" not in registry.columns or not registry["source"].str.contains("synthetic").any()


def test_the_record_dates_the_offices_it_announces(registry):
    dated = dict(registry.select("crossing_point", "blo_established").drop_nulls().iter_rows())
    assert dated["Olot"] == dt.date(2023, 5, 11)  # UNODC ROCA, 11 May 2023: first BLO on the Uzbek-Turkmen border
    assert dated["Kudukli"] == dated["Pakhtaobod"] == dt.date(2021, 5, 1)  # first railway BLOs, May 2021
    assert dated["B. Konysbaev"] == dt.date(2021, 3, 30)
    assert dated["Oybek"] == dt.date(2014, 5, 1)


def test_a_home_line_corrects_or_adds_an_office_and_keeps_the_rest(tmp_path, registry):
    (tmp_path / "blo_registry.csv").write_text(
        "crossing_point,blo_established,source\n"
        "Kyzyl-Art,2019-06-01,\"Example Agency, 'Office opened at Kyzyl-Art', 2019-06-03, https://example.org/k\"\n"
        "Oybek,2014-06-01,\"Example Agency, 'Oybek office', 2014-06-02, https://example.org/o\"\n")
    merged = registry_for(tmp_path)
    dates = dict(merged.select("crossing_point", "blo_established").iter_rows())
    assert dates["Kyzyl-Art"] == dt.date(2019, 6, 1) and dates["Oybek"] == dt.date(2014, 6, 1)
    assert merged.height == registry.height and merged["crossing_point"].is_unique().all()
    assert dates["Olot"] == dt.date(2023, 5, 11)
    assert "https://www.unodc.org/" in merged.filter(pl.col("crossing_point") == "Olot")["source"].item()


def test_a_demo_home_holds_no_real_opening_date(tmp_path):
    home_registry(synthetic_registry(7), SOURCE).write_csv(tmp_path / "blo_registry.csv")
    merged = registry_for(tmp_path)
    assert set(merged["crossing_point"]) >= set(gazetteer()["crossing_point"])
    assert merged["source"].str.contains("synthetic").all()
