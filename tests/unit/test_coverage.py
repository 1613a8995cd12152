"""The months a file covers, and a crossing-month reported only when every agency reporting there covered it."""

import datetime as dt

import duckdb
import pytest

from assets.ingest.coverage import Coverage, covering, name_period
from assets.ingest.titles import title_facts, title_period
from assets.warehouse.series import build_monthly_series
from warehouse.store import ensure_schema, table_columns

D = dt.date


@pytest.mark.parametrize(("title", "first", "last"), [
    ("Сведения о задержаниях за январь–март 2024 года", D(2024, 1, 1), D(2024, 3, 31)),
    ("Hisobot: 2024 yil 1-chorak", D(2024, 1, 1), D(2024, 3, 31)),
    ("Отчёт за IV квартал 2023 года", D(2023, 10, 1), D(2023, 12, 31)),
    ("Seizures, Q3 2023", D(2023, 7, 1), D(2023, 9, 30)),
    ("за 9 месяцев 2024 года", D(2024, 1, 1), D(2024, 9, 30)),
    ("за 1-е полугодие 2024 года", D(2024, 1, 1), D(2024, 6, 30)),
    ("с января по май 2024 г.", D(2024, 1, 1), D(2024, 5, 31)),
    ("yanvar-mart 2024 yil", D(2024, 1, 1), D(2024, 3, 31)),
    ("за март 2024 года", D(2024, 3, 1), D(2024, 3, 31)),
    ("2023 yil", D(2023, 1, 1), D(2023, 12, 31)),
    ("Сведения о задержаниях наркотических средств, 2019–2023 гг.", D(2019, 1, 1), D(2023, 12, 31)),
])
def test_the_period_a_title_states(title, first, last):
    assert title_period(title) == (first, last)


def test_a_date_in_a_title_is_not_its_period():
    assert title_period("по состоянию на 05.03.2024") is None


def test_a_quarter_title_gives_the_rows_a_quarter_not_its_first_month():
    facts = title_facts(["Таможенный пост «Ойбек»", "Сведения за январь–март 2024 года"])
    assert (facts.period_start, facts.period_end, facts.grain) == (D(2024, 1, 1), D(2024, 3, 31), "period")


@pytest.mark.parametrize(("name", "period"), [
    ("customs_oybek_2024-03.xlsx", (D(2024, 3, 1), D(2024, 3, 31))),
    ("03.2024.csv", (D(2024, 3, 1), D(2024, 3, 31))),
    ("report_2024_Q1.csv", (D(2024, 1, 1), D(2024, 3, 31))),
    ("Q2-2023.csv", (D(2023, 4, 1), D(2023, 6, 30))),
    ("tj_customs_2024_H2.xlsx", (D(2024, 7, 1), D(2024, 12, 31))),
    ("tamozhnya_mart_2024.xlsx", (D(2024, 3, 1), D(2024, 3, 31))),
    ("tj_drug_control_monthly_2015.csv", (D(2015, 1, 1), D(2015, 12, 31))),
    ("uz_customs_2019_2023.csv", (D(2019, 1, 1), D(2023, 12, 31))),
    ("export_2024-11-05.csv", None),  # a full date: the day it was exported
    ("seizures_20240305.csv", None),
    ("cbp_drug_seizures_fy19_22.csv", None),
])
def test_the_period_a_name_states(name, period):
    assert name_period(name) == period


TODAY = D(2024, 12, 1)


def test_a_stated_period_widens_to_the_files_own_records():
    stated = ("name", (D(2024, 3, 1), D(2024, 3, 31)))
    assert covering(stated, (D(2024, 2, 27), D(2024, 2, 27)), TODAY) == Coverage(D(2024, 2, 1), D(2024, 3, 31), "name")


def test_a_stated_period_never_reaches_past_the_month_before_ingest():
    stated = ("title", (D(2024, 1, 1), D(2024, 12, 31)))
    assert covering(stated, (D(2024, 1, 5), D(2024, 11, 20)), TODAY) == Coverage(D(2024, 1, 1), D(2024, 11, 30),
                                                                                 "title")
    assert covering(("title", (D(2024, 12, 1), D(2024, 12, 31))), None, TODAY) is None


def test_without_a_stated_period_the_records_months():
    assert covering(None, (D(2024, 1, 5), D(2024, 3, 2)), TODAY) == Coverage(D(2024, 1, 1), D(2024, 3, 31), "records")
    assert covering(None, None, TODAY) is None


def _warehouse(files: list[tuple[str, D | None, D | None]], records: list[tuple[str, str, str, str]]
               ) -> duckdb.DuckDBPyConnection:
    """A working database with `files` (name, covers from, covers to) and `records` (file, agency, crossing point,
    day) of hashish seizures."""
    con = duckdb.connect()
    con.execute("CREATE SCHEMA core")
    ensure_schema(con)
    for name, first, last in files:
        con.execute("INSERT INTO core.ingested_files (source_file, sha256, status, covers_from, covers_to) "
                    "VALUES (?, ?, 'loaded', ?, ?)", [name, name, first, last])
    con.execute("CREATE TABLE core.crossing_points (crossing_point VARCHAR, blo_established DATE)")
    con.execute("CREATE TABLE core.seizure_sources (source_file VARCHAR, agency VARCHAR, crossing_point VARCHAR, "
                "country_iso3 VARCHAR, period_start DATE, period_end DATE, substance_group VARCHAR, n_events BIGINT, "
                "mass_kg DOUBLE, kg_equivalent DOUBLE, is_primary BOOLEAN)")
    con.executemany("INSERT INTO core.seizure_sources VALUES (?, ?, ?, 'UZB', ?, ?, 'cannabis', 1, 1.0, 1.0, true)",
                    [(f, a, p, d, d) for f, a, p, d in records])
    build_monthly_series(con)
    return con


def _coverage(con: duckdb.DuckDBPyConnection, point: str) -> list[tuple]:
    return con.execute("SELECT strftime(month, '%Y-%m'), events, reported, coverage, agencies_reporting, "
                       "agencies_expected FROM core.monthly_series WHERE crossing_point = ? "
                       "AND substance_group = 'All' ORDER BY month", [point]).fetchall()


def test_one_of_two_agencies_falling_silent_leaves_partial_months():
    con = _warehouse([("customs.csv", None, None), ("border.csv", None, None)],
                     [("customs.csv", "customs", "Oybek", f"2024-0{m}-05") for m in range(1, 5)]
                     + [("border.csv", "border", "Oybek", f"2024-0{m}-09") for m in range(1, 3)])
    assert _coverage(con, "Oybek") == [("2024-01", 2, True, "full", 2, 2), ("2024-02", 2, True, "full", 2, 2),
                                       ("2024-03", 1, False, "partial", 1, 2), ("2024-04", 1, False, "partial", 1, 2)]


def test_a_covered_month_without_records_is_a_reported_zero():
    con = _warehouse([("q1.xlsx", D(2024, 1, 1), D(2024, 3, 31))],
                     [("q1.xlsx", "customs", "Oybek", "2024-01-10"), ("q1.xlsx", "customs", "Oybek", "2024-02-10")])
    assert _coverage(con, "Oybek")[-1] == ("2024-03", 0, True, "full", 1, 1)


def test_an_agencys_file_covers_its_months_at_every_crossing_point_it_reports():
    con = _warehouse([("jan.csv", None, None), ("feb.csv", None, None)],
                     [("jan.csv", "customs", "Oybek", "2024-01-10"), ("jan.csv", "customs", "Dustlik", "2024-01-12"),
                      ("feb.csv", "customs", "Oybek", "2024-02-10")])
    assert _coverage(con, "Dustlik") == [("2024-01", 1, True, "full", 1, 1), ("2024-02", 0, True, "full", 1, 1)]


def test_a_month_no_agency_covered_is_missing():
    con = _warehouse([("jan.csv", None, None), ("mar.csv", None, None)],
                     [("jan.csv", "customs", "Oybek", "2024-01-10"), ("mar.csv", "customs", "Oybek", "2024-03-10")])
    assert _coverage(con, "Oybek")[1] == ("2024-02", 0, False, "none", 0, 1)


def test_a_home_built_before_gains_the_coverage_columns_empty():
    con = duckdb.connect()
    con.execute("CREATE SCHEMA core")
    con.execute("CREATE TABLE core.ingested_files (source_file VARCHAR NOT NULL, sha256 VARCHAR NOT NULL, agency "
                "VARCHAR, profile VARCHAR, grain VARCHAR, status VARCHAR NOT NULL, reason VARCHAR, rows_read BIGINT, "
                "rows_loaded BIGINT, rows_quarantined BIGINT, rows_skipped BIGINT, ingested_at TIMESTAMP, "
                "PRIMARY KEY (source_file, sha256))")
    con.execute("INSERT INTO core.ingested_files (source_file, sha256, status) VALUES ('old.csv', 'abc', 'loaded')")
    ensure_schema(con)
    assert table_columns(con, "ingested_files")[-3:] == ["covers_from", "covers_to", "covered_by"]
    assert con.execute("SELECT covers_from, covers_to, covered_by FROM core.ingested_files").fetchall() == [
        (None, None, None)]
