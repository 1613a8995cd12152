"""Quantity strings as agencies write them, worked out by hand."""

import polars as pl
import pytest

from assets.normalise.quantities import kg_equivalent, parse_quantities, parse_quantity

MASS = [
    ("71 кг 110 г", 71.11), ("1,981 г", 1.981), ("1981 g", 1.981), ("1981 г", 1.981), ("0,5 кг", 0.5),
    ("2.4 kg", 2.4), ("15 кг", 15.0), ("775 кг", 775.0), ("1 200 г", 1.2), ("300 гр", 0.3), ("2 т", 2000.0),
    ("1.5 kg", 1.5), ("250 mg", 0.00025), ("0.5kg", 0.5), ("3кг", 3.0), ("12,345 kg", 12345.0),
    ("1\u00a0500 г", 1.5), ("2 kg 500 g", 2.5), ("10 lbs", 4.5359237), ("5 килограмм", 5.0),
]
COUNTS = [
    ("1 200 табл.", 1200, "tablet"), ("2 500 шт", 2500, "piece"), ("130 коробок", 130, "box"),
    ("920 коробок", 920, "box"), ("15 ампул", 15, "ampoule"), ("300 патронов", 300, "round"),
    ("40 блоков", 40, "block"), ("12 пачек", 12, "pack"), ("250 капсул", 250, "capsule"),
    ("200 rounds", 200, "round"), ("20 dona", 20, "piece"), ("1,200 tablets", 1200, "tablet"),
    ("50 boxes", 50, "box"), ("10 ampoules", 10, "ampoule"), ("35 capsules", 35, "capsule"), ("7 pcs", 7, "piece"),
    ("100 таблеток", 100, "tablet"), ("3 упаковки", 3, "box"), ("60 tab", 60, "tablet"), ("8 kapsula", 8, "capsule"),
]
MONEY = [("5000 USD", 5000, "USD"), ("UZS 9,100,000", 9_100_000, "UZS"), ("9 100 000 сум", 9_100_000, "UZS"),
         ("18 000 000 so'm", 18_000_000, "UZS"), ("1 500 сомони", 1500, "TJS"), ("20 000 тенге", 20_000, "KZT"),
         ("300 $", 300, "USD"), ("450 EUR", 450, "EUR")]
PROBLEMS = [("-5 кг", "negative quantity"), ("много", "no number"), ("5 zz", "unknown unit 'zz'"),
            ("12", "no unit"), ("", "no quantity"), (None, "no quantity"), ("кг", "no number")]


@pytest.mark.parametrize(("text", "kg"), MASS)
def test_masses(text, kg):
    assert parse_quantity(text).mass_kg == pytest.approx(kg)


@pytest.mark.parametrize(("text", "count", "unit"), COUNTS)
def test_counts(text, count, unit):
    parsed = parse_quantity(text)
    assert (parsed.unit_count, parsed.count_unit, parsed.mass_kg) == (count, unit, None)


@pytest.mark.parametrize(("text", "value", "currency"), MONEY)
def test_values_with_iso_currency(text, value, currency):
    parsed = parse_quantity(text)
    assert (parsed.value, parsed.currency) == (value, currency)


@pytest.mark.parametrize(("text", "problem"), PROBLEMS)
def test_problems_are_named(text, problem):
    assert parse_quantity(text).problem == problem


def test_boxes_of_tablets_with_strength():
    parsed = parse_quantity("11 900 коробок (238 000 таблеток по 7,5 мг)")
    assert (parsed.unit_count, parsed.count_unit, parsed.package_count, parsed.package_unit, parsed.strength_mg) == (
        238_000, "tablet", 11_900, "box", 7.5)


def test_litres_and_separate_unit_and_decimal_comma_files():
    assert parse_quantity("0,5 л").volume_l == 0.5
    assert parse_quantity("2", "kg").mass_kg == 2.0
    assert parse_quantity("1,981", "кг", decimal=",").mass_kg == pytest.approx(1.981)
    assert parse_quantity("1 981", "г").mass_kg == pytest.approx(1.981)


def test_frame_parsing_and_kg_equivalent():
    frame = pl.DataFrame({"q": ["71 кг 110 г", "1 200 табл.", "920 коробок", "0,5 л"], "u": [None] * 4,
                          "substance": ["Heroin", "Tramadol", "Cigarettes", "Acetic anhydride"],
                          "substance_group": ["Opioids and Opiates", "Opioids and Opiates", "Tobacco",
                                              "Miscellaneous"]})
    parsed = parse_quantities(frame, "q", "u")
    assert parsed.height == 4
    equivalent = kg_equivalent(parsed).to_list()
    assert equivalent[0] == pytest.approx(71.11)
    assert equivalent[1] == pytest.approx(1200 * 0.0002)
    assert equivalent[2] is None
    assert equivalent[3] == pytest.approx(0.5)
