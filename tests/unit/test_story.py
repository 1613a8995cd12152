"""The period in brief: totals by country and substance group, their comparisons, 'no report', notable seizures."""

import datetime as dt

import duckdb
import polars as pl
import pytest

from dashboards import story

MONTHS = pl.date_range(dt.date(2023, 7, 1), dt.date(2024, 12, 1), "1mo", eager=True).to_list()
POINTS = pl.DataFrame({"crossing_point": ["Fotehobod", "Kudukli", "Oybek"], "name_ru": ["Фотехобод", "Кудукли", None],
                       "country_iso3": ["TJK", "UZB", "UZB"]})
UNREPORTED = ("Fotehobod", dt.date(2023, 11, 1))  # one month of the year-earlier quarter without an agency report


def _opioids(point: str, month: dt.date) -> int:
    """Opioid events a month: 2 everywhere, 4 at Kudukli in 2024-Q4."""
    return 4 if point == "Kudukli" and month >= dt.date(2024, 10, 1) else 2


def _series() -> pl.DataFrame:
    rows = []
    for point, country in zip(POINTS["crossing_point"], POINTS["country_iso3"], strict=True):
        for month in MONTHS:
            reported = (point, month) != UNREPORTED
            opioids, tobacco = (_opioids(point, month), 1) if reported else (0, 0)
            for group, events, kg in (("Opioids and Opiates", opioids, 1.5 * opioids), ("Tobacco", tobacco, 0.0),
                                      ("All", opioids + tobacco, 1.5 * opioids)):
                rows.append((point, country, month, group, events, kg, reported))
    return pl.DataFrame(rows, orient="row", schema=["crossing_point", "country_iso3", "month", "substance_group",
                                                    "events", "mass_kg", "reported"])


SEIZURES = [  # seizure_id, start, end, n_events, crossing point, agency, substance, group, kg, units, unit
    ("s1", dt.date(2024, 11, 21), dt.date(2024, 11, 21), 1, "Fotehobod", "Customs Service of Tajikistan", "heroin",
     "Opioids and Opiates", 71.11, None, None),
    ("s2", dt.date(2024, 10, 2), dt.date(2024, 10, 2), 1, "Oybek", "State Border Guard Committee of Uzbekistan",
     "heroin", "Opioids and Opiates", 2.0, None, None),
    ("s3", dt.date(2024, 11, 1), dt.date(2024, 11, 30), 40, "Oybek", "Drug Control Agency", "heroin",
     "Opioids and Opiates", 500.0, None, None),  # a monthly total, not a seizure
    ("s4", dt.date(2024, 12, 3), dt.date(2024, 12, 3), 1, "Kudukli", "State Customs Committee of Uzbekistan",
     "zopiclone", "Tranquillizers and Sedatives", None, 238000.0, "tablet"),
    ("s5", dt.date(2024, 12, 5), dt.date(2024, 12, 5), 1, "Dostuk", "Border Service of the Kyrgyz Republic",
     "heroin", "Opioids and Opiates", 900.0, None, None),  # not in the pack's scope
    ("s6", dt.date(2024, 9, 30), dt.date(2024, 9, 30), 1, "Oybek", "State Customs Committee of Uzbekistan",
     "hashish", "Cannabis and Synthetic Cannabinoids", 80.0, None, None),  # the quarter before
    ("s7", dt.date(2024, 10, 9), dt.date(2024, 10, 9), 1, "Oybek", "State Customs Committee of Uzbekistan",
     "hashish", "Cannabis and Synthetic Cannabinoids", 1.981, None, None),
]


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    path = tmp_path_factory.mktemp("story") / "w.duckdb"
    seizures = pl.DataFrame(SEIZURES, orient="row", schema={
        "seizure_id": pl.String, "period_start": pl.Date, "period_end": pl.Date, "n_events": pl.Int64,
        "crossing_point": pl.String, "agency": pl.String, "substance": pl.String, "substance_group": pl.String,
        "mass_kg": pl.Float64, "unit_count": pl.Float64, "count_unit": pl.String})
    # the files behind them: the Drug Control Agency's covers Oybek only to November 2024
    sources = seizures.select("period_start", "period_end", "crossing_point", "agency",
                              source_file=pl.col("agency").str.slice(0, 5) + ".csv")
    files = pl.DataFrame({"source_file": sources.get_column("source_file").unique().sort()}).with_columns(
        status=pl.lit("loaded"), covers_from=pl.lit(dt.date(2023, 1, 1)),
        covers_to=pl.when(pl.col("source_file") == "Drug .csv").then(pl.lit(dt.date(2024, 11, 30)))
        .otherwise(pl.lit(dt.date(2024, 12, 31))))
    with duckdb.connect(str(path)) as write:
        for name, frame in (("monthly_series", _series()), ("seizures", seizures), ("seizure_sources", sources),
                            ("ingested_files", files)):
            write.register("incoming", frame.to_arrow())
            write.execute(f"CREATE TABLE {name} AS SELECT * FROM incoming")
            write.unregister("incoming")
    with duckdb.connect(str(path), read_only=True) as con:
        yield con


def test_windows_are_the_period_the_one_before_and_a_year_earlier():
    quarter = story.windows("2024-Q1")
    assert [(w.label, w.start, w.end) for w in quarter.values()] == [
        ("2024-Q1", dt.date(2024, 1, 1), dt.date(2024, 3, 31)),
        ("2023-Q4", dt.date(2023, 10, 1), dt.date(2023, 12, 31)),
        ("2023-Q1", dt.date(2023, 1, 1), dt.date(2023, 3, 31))]
    assert [w.label for w in story.windows("2024-01").values()] == ["2024-01", "2023-12", "2023-01"]
    assert [w.label for w in story.windows("2024").values()] == ["2024", "2023", "2023"]


def test_totals_and_changes_by_country_and_group(con):
    figures = {(r["dimension"], r["key"]): r for r in story.period_figures(con, POINTS, "2024-Q4").to_dicts()}
    uzb = figures[("country", "UZB")]
    assert (uzb["events_current"], uzb["events_previous"], uzb["events_year_before"]) == (24, 18, 18)
    assert uzb["events_change_previous"] == pytest.approx(100 / 3) and uzb["kg_current"] == pytest.approx(27.0)
    assert uzb["kg_change_year_before"] == pytest.approx(50.0)
    tobacco = figures[("group", "Tobacco")]
    assert tobacco["events_current"] == 9 and tobacco["events_change_previous"] == pytest.approx(0.0)
    assert figures[("total", "All")]["events_current"] == 9 + 24  # Fotehobod's three a month, then Uzbekistan's


def test_a_period_an_agency_did_not_cover_is_no_report(con):
    figures = {(r["dimension"], r["key"]): r for r in story.period_figures(con, POINTS, "2024-Q4").to_dicts()}
    tjk, uzb = figures[("country", "TJK")], figures[("country", "UZB")]
    opioids = figures[("group", "Opioids and Opiates")]
    assert not tjk["complete_year_before"] and tjk["events_change_year_before"] is None
    assert tjk["complete_previous"] and tjk["events_change_previous"] == pytest.approx(0.0)
    assert uzb["complete_year_before"] and not opioids["complete_year_before"]  # the group row spans Fotehobod too
    assert story.gaps(con, POINTS, "2024-Q4") == [("Fotehobod", "2023-Q4")]
    brief = story.overview(con, POINTS, "2024-Q4", "ru")
    by_country = {row[0]: row for row in brief.tables[0].rows}
    assert by_country["Таджикистан"][3] == "нет отчёта" and by_country["Узбекистан"][3] == "+33 % (18)"
    assert "Нет отчёта: Fotehobod (2023-Q4)." in brief.notes
    assert ("Ведомства, не отчитавшиеся за каждый месяц периода 2024-Q4: Drug Control Agency." in brief.notes)


def test_change_from_nothing_is_not_a_percentage():
    assert story.change(5, 0) is None and story.change(0, 0) == 0.0 and story.change(3, 4) == pytest.approx(-25.0)


def test_notable_seizures_are_single_events_in_scope_and_period(con):
    notable = story.notable(con, POINTS, "2024-Q4")
    assert notable.select("kind", "seizure_id").rows() == [("kg", "s1"), ("kg", "s7"), ("units", "s4")]
    lines = {row["seizure_id"]: row for row in notable.to_dicts()}
    assert story.describe(lines["s1"], "Fotehobod", "en") == "71 kg 110 g of heroin at Fotehobod (Customs, 21 Nov 2024)"
    assert story.describe(lines["s1"], "Фотехобод", "ru") == "героин — 71 кг 110 г, Фотехобод (таможня, 21 ноя 2024)"
    assert story.describe(lines["s4"], "Kudukli", "en") == ("238,000 tablets of zopiclone at Kudukli "
                                                             "(Customs, 3 Dec 2024)")
    assert story.describe(lines["s7"], "Oybek", "en") == "1 kg 981 g of hashish at Oybek (Customs, 9 Oct 2024)"


def test_agencies_are_named_as_the_news_items_name_them():
    assert story.agency_kind("State Border Guard Committee of Uzbekistan", "en") == "Border guards"
    assert story.agency_kind("Drug Control Agency under the President of Tajikistan", "ru") == "наркоконтроль"
    assert story.agency_kind("Ministry of Internal Affairs of Kyrgyzstan", "en") == "Police"
    assert story.agency_kind("Financial Police", "en") == "Police" and story.agency_kind("Agency X", "en") == "Agency X"


def test_a_period_without_single_events_says_so(con):
    brief = story.overview(con, POINTS, "2024-Q2", "en")
    assert brief.notable == (("", ("No single seizure events were reported in this period (monthly totals only).",)),)
    assert brief.lines[1] == "On 2024-Q1: events ±0 %, kg ±0 %."
    assert brief.lines[2] == "On 2023-Q2: events no report, kg no report."
