import datetime as dt

import polars as pl
import pytest

from assets.ingest.values import month_number, number_expr, parse_date, parse_month
from assets.shared.quantities import parse_quantity, to_number


@pytest.mark.parametrize(("text", "decimal", "expected"), [
    ("1 200", None, 1200.0), ("1\u00a0200,5", ",", 1200.5), ("1,981", None, 1981.0), ("1,981", ",", 1.981),
    ("0,5", None, 0.5), ("2.4", None, 2.4), ("1.234,5", ",", 1234.5), ("12,345,678.9", None, 12345678.9),
    ("-5", None, -5.0), ("много", None, None), ("", None, None),
])
def test_numbers_with_any_separators(text, decimal, expected):
    value = pl.DataFrame({"x": [text]}).select(number_expr("x", decimal)).item()
    assert value == pytest.approx(expected) if expected is not None else value is None


@pytest.mark.parametrize("text", ["1.234,5", "1,234.5", "1 234,5", "1\u00a0234,5", "12,5", "1,234", "1.234.567",
                                  "1'234", "1’234,5", "0.5", "6.61386786e-05", "12 345 678,9"])
@pytest.mark.parametrize("decimal", [None, ",", "."])
def test_a_mass_cell_reads_the_same_in_ingest_as_in_the_quantity_grammar(text, decimal):
    column = pl.DataFrame({"x": [text]}).select(number_expr("x", decimal)).item()
    assert column == to_number(text, decimal) == parse_quantity(f"{text} kg", decimal=decimal).mass_kg
    assert column is not None


@pytest.mark.parametrize(("text", "expected"), [
    ("2019-03-07", dt.date(2019, 3, 7)), ("07.03.2019", dt.date(2019, 3, 7)), ("07/03/2019", dt.date(2019, 3, 7)),
    ("43531", dt.date(2019, 3, 7)), ("2019-03-07 00:00:00", dt.date(2019, 3, 7)),
    ("21 November 2023", dt.date(2023, 11, 21)),
    ("31.02.2019", None), ("2019-13-01", None), ("01.01.1901", None), ("вчера", None), ("01.01.2031", None),
])
def test_dates_in_regional_formats_and_impossible_ones(text, expected):
    assert parse_date(text, today=dt.date(2026, 1, 1)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("2019-03", dt.date(2019, 3, 1)), ("03.2019", dt.date(2019, 3, 1)), ("март 2019", dt.date(2019, 3, 1)),
    ("мая 2019 г.", dt.date(2019, 5, 1)), ("Mar 2019", dt.date(2019, 3, 1)), ("Dekabr 2020", dt.date(2020, 12, 1)),
    ("2019-03-15", dt.date(2019, 3, 1)), ("2019-14", None), ("весна 2019", None),
])
def test_reporting_months(text, expected):
    assert parse_month(text) == expected


def test_month_names_of_three_languages():
    assert [month_number(m) for m in ("OCT", "октябрь", "Oktabr", "sep")] == [10, 10, 10, 9]
