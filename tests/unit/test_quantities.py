"""Quantity strings as agencies write them, with the expected reading worked out by hand."""

import random

import polars as pl
import pytest

import assets.shared.quantities as quantities
from assets.shared.quantities import (
    QUANTITY_SCHEMA,
    Quantity,
    kg_equivalent,
    parse_quantities,
    parse_quantity,
    to_number,
)

MASS = [
    ("71 кг 110 г", 71.11), ("1,981 г", 1.981), ("1981 g", 1.981), ("0,5 кг", 0.5), ("2.4 kg", 2.4),
    ("15 кг", 15.0), ("775 кг", 775.0), ("1 200 г", 1.2), ("300 гр", 0.3), ("2 т", 2000.0), ("250 mg", 0.00025),
    ("0.5kg", 0.5), ("3кг", 3.0), ("12,345 kg", 12345.0), ("1\u00a0500 г", 1.5), ("1\u202f981 g", 1.981),
    ("2 kg 500 g", 2.5), ("10 lbs", 4.5359237), ("5 килограммов", 5.0), ("71 kilogramm 110 gramm", 71.11),
    ("500 грамм", 0.5), ("1 кило", 1.0), ("0,500 кг", 0.5), ("1.234,5 кг", 1234.5), ("1,234.5 kg", 1234.5),
    ("2,40 кг", 2.4), ("3 тонны", 3000.0), ("850 граммов", 0.85), ("12.5 grams", 0.0125), ("1 кг. 200 гр.", 1.2),
]
COUNTS = [
    ("1 200 табл.", 1200, "tablet"), ("2 500 шт", 2500, "piece"), ("130 коробок", 130, "box"),
    ("920 коробок", 920, "box"), ("15 ампул", 15, "ampoule"), ("300 патронов", 300, "round"),
    ("40 блоков", 40, "block"), ("12 пачек", 12, "pack"), ("250 капсул", 250, "capsule"),
    ("200 rounds", 200, "round"), ("20 dona", 20, "piece"), ("1,200 tablets", 1200, "tablet"),
    ("50 boxes", 50, "box"), ("10 ampoules", 10, "ampoule"), ("35 capsules", 35, "capsule"), ("7 pcs", 7, "piece"),
    ("100 таблеток", 100, "tablet"), ("3 упаковки", 3, "box"), ("60 tab", 60, "tablet"), ("8 kapsula", 8, "capsule"),
    ("20 ta", 20, "piece"), ("5 quti", 5, "box"), ("12 blok", 12, "block"), ("1,5 тыс. табл.", 1500, "tablet"),
    ("30 tabletka", 30, "tablet"), ("4 флакона", 4, "vial"), ("500 пуль", 500, "round"), ("6 packs", 6, "pack"),
]
MONEY = [
    ("5000 USD", 5000, "USD"), ("UZS 9,100,000", 9_100_000, "UZS"), ("9 100 000 сум", 9_100_000, "UZS"),
    ("18 000 000 so'm", 18_000_000, "UZS"), ("18 млн сум", 18_000_000, "UZS"), ("1 500 сомони", 1500, "TJS"),
    ("20 000 тенге", 20_000, "KZT"), ("7 500 сом", 7500, "KGS"), ("40 000 манат", 40_000, "TMT"),
    ("300 $", 300, "USD"), ("$300", 300, "USD"), ("450 EUR", 450, "EUR"), ("100 евро", 100, "EUR"),
    ("5 000 руб.", 5000, "RUB"), ("€ 50", 50, "EUR"), ("2 000 000 ₸", 2_000_000, "KZT"),
]
VOLUMES = [("0,5 л", 0.5), ("2 литра", 2.0), ("500 мл", 0.5), ("1.5 l", 1.5), ("3 litr", 3.0)]
PROBLEMS = [
    ("-5 кг", "negative quantity"), ("много", "no number"), ("5 zz", "unknown unit 'zz'"), ("12", "no unit"),
    ("", "no quantity"), (None, "no quantity"), ("   ", "no quantity"), ("кг", "no number"),
    ("5-6 кг", "range, not one quantity"), ("12,34,567 г", "unreadable number '12,34,567'"),
    ("−3 kg", "negative quantity"),
]


@pytest.mark.parametrize(("text", "kg"), MASS)
def test_bulk_masses_in_kg(text, kg):
    parsed = parse_quantity(text)
    assert parsed.mass_kg == pytest.approx(kg)
    assert (parsed.unit_count, parsed.volume_l, parsed.problem) == (None, None, None)


@pytest.mark.parametrize(("text", "count", "unit"), COUNTS)
def test_counted_units(text, count, unit):
    parsed = parse_quantity(text)
    assert (parsed.unit_count, parsed.count_unit, parsed.mass_kg, parsed.problem) == (count, unit, None, None)


@pytest.mark.parametrize(("text", "value", "currency"), MONEY)
def test_values_with_iso_currency(text, value, currency):
    parsed = parse_quantity(text)
    assert (parsed.value, parsed.currency, parsed.mass_kg, parsed.problem) == (value, currency, None, None)


@pytest.mark.parametrize(("text", "litres"), VOLUMES)
def test_volumes_stay_litres(text, litres):
    parsed = parse_quantity(text)
    assert (parsed.volume_l, parsed.mass_kg) == (pytest.approx(litres), None)


@pytest.mark.parametrize(("text", "problem"), PROBLEMS)
def test_problems_are_named(text, problem):
    assert parse_quantity(text) == Quantity(problem=problem)


def test_boxes_of_tablets_with_strength():
    parsed = parse_quantity("11 900 коробок (238 000 таблеток по 7,5 мг)")
    assert parsed == Quantity(unit_count=238_000, count_unit="tablet", strength_mg=7.5, package_count=11_900,
                              package_unit="box")


def test_per_package_counts_multiply_and_strength_follows_the_count():
    assert parse_quantity("2 упаковки по 10 таблеток") == Quantity(unit_count=20, count_unit="tablet",
                                                                   package_count=2, package_unit="box")
    assert parse_quantity("250 капсул по 300 мг") == Quantity(unit_count=250, count_unit="capsule", strength_mg=300)
    assert parse_quantity("100 таблеток по 0,5 г").strength_mg == pytest.approx(500)


def test_descriptive_parentheses_do_not_spoil_the_quantity():
    assert parse_quantity("130 коробок (Oztay Diabolo 4.5 mm)") == Quantity(unit_count=130, count_unit="box")


@pytest.mark.parametrize(("text", "unit", "decimal", "expected"), [
    ("1981", "g", None, Quantity(mass_kg=1.981)), ("2", "kg", None, Quantity(mass_kg=2.0)),
    ("1,981", "кг", ",", Quantity(mass_kg=1.981)), ("1,981", "кг", None, Quantity(mass_kg=1981.0)),
    ("1 200", "табл", None, Quantity(unit_count=1200, count_unit="tablet")),
    ("2500", "шт", None, Quantity(unit_count=2500, count_unit="piece")), ("0.5", "л", None, Quantity(volume_l=0.5)),
    ("5000", "USD", None, Quantity(value=5000, currency="USD")),
    ("3", "zz", None, Quantity(problem="unknown unit 'zz'")),
    ("5 кг", "г", None, Quantity(mass_kg=5.0)), ("1981.0", "g", None, Quantity(mass_kg=1.981)),
    ("1.200.000", "г", ",", Quantity(mass_kg=1200.0)),
])
def test_separate_unit_column_and_decimal_comma_files(text, unit, decimal, expected):
    assert parse_quantity(text, unit, decimal) == expected


@pytest.mark.parametrize(("text", "decimal", "number"), [
    ("1,981", None, 1981.0), ("1,981", ",", 1.981), ("1,5", None, 1.5), ("0,981", None, 0.981),
    ("9,100,000", None, 9_100_000.0), ("1 234,5", None, 1234.5), ("1,5", ".", 15.0), ("abc", None, None),
])
def test_number_conventions(text, decimal, number):
    assert to_number(text, decimal) == number


def test_unknown_decimal_convention_is_refused():
    with pytest.raises(ValueError, match="decimal"):
        to_number("1,5", ";")


def test_frame_parsing_parses_each_distinct_pair_once(monkeypatch):
    calls = []
    real = quantities.parse_quantity
    monkeypatch.setattr(quantities, "parse_quantity", lambda *args: calls.append(args) or real(*args))
    frame = pl.DataFrame({"q": ["71 кг 110 г", "2", "5 упаковок по 10 таблеток", None, "2"] * 1000,
                          "u": [None, "kg", None, None, "g"] * 1000})
    parsed = parse_quantities(frame, "q", "u")
    # plain numbers with their unit, and two masses, are read vectorised; the rest once per distinct pair
    assert len(calls) == 2 and set(calls) == {(None, None, None), ("5 упаковок по 10 таблеток", None, None)}
    assert parsed.height == 5000 and parsed["q"].to_list() == frame["q"].to_list()
    assert parsed["mass_kg"].head(5).to_list() == pytest.approx([71.11, 2.0, None, None, 0.002], nan_ok=True)
    assert parsed["unit_count"][2] == 50 and parsed["problem"][3] == "no quantity"


def test_frame_parsing_accepts_numeric_cells_and_no_unit_column():
    parsed = parse_quantities(pl.DataFrame({"q": [1981.0, 2.5], "u": ["g", "kg"]}), "q", "u")
    assert parsed["mass_kg"].to_list() == [1.981, 2.5]
    assert parse_quantities(pl.DataFrame({"q": ["0,5 л"]}), "q")["volume_l"].to_list() == [0.5]


def test_kg_equivalent_per_unit_conventions():
    frame = pl.DataFrame({
        "substance": ["heroin", "tramadol", "cigarettes", "acetic anhydride", "unmapped", "cannabis plants",
                      "tramadol", "phenazepam", "heroin", "lsd"],
        "mass_kg": [71.11, None, None, None, 3.0, None, None, None, 2.0, None],
        "unit_count": [None, 1200, 920, None, None, 10, 15, 130, 500, 40],
        "count_unit": [None, "tablet", "box", None, None, "piece", "ampoule", "box", "tablet", "piece"],
        "volume_l": [None, None, None, 0.5, None, None, None, None, None, None],
    })
    # 200 mg per tablet and a 1 mL ampoule at 1 kg/L are the assumed factors of unit_factors.csv.
    expected = [71.11, 0.24, None, 0.5, None, None, 0.015, None, 2.0, None]
    assert kg_equivalent(frame).to_list() == pytest.approx(expected, nan_ok=True)


def test_unit_factors_have_one_factor_per_substance_and_unit():
    factors = quantities.unit_factors()
    assert factors.select("substance", "unit").is_duplicated().sum() == 0
    assert set(factors["unit"]) <= set(quantities.COUNT_STEMS)  # factors name canonical count units only


def _agreement_cases():
    rng = random.Random(5)
    texts = [t for t, *_ in MASS + COUNTS + VOLUMES] + ["-5 кг", "5", "", "  7,25  kg ", "1.234.567 г", "0,981 кг",
                                                           "1,981", "12,5", "1.5", "2,500.75", "2.500,75", "3 тн",
                                                           "-5 кг 300 г", "5 кг -300 г", "3,5 л 200 мл", "1 т 5 кг"]
    for _ in range(400):
        number = rng.choice([f"{rng.randint(1, 999)}", f"{rng.randint(1, 99)},{rng.randint(0, 999):03d}",
                             f"{rng.randint(0, 99)}.{rng.randint(0, 99)}",
                             f"{rng.randint(1, 9)} {rng.randint(0, 999):03d}",
                             f"{rng.randint(1, 9)},{rng.randint(0, 99)}"])
        texts.append(f"{number} {rng.choice(['кг', 'г', 'kg', 'g', 'шт', 'табл.', 'капсул', 'л', 'USD', 'сум'])}")
        texts.append(number)
        texts.append(f"{number} {rng.choice(['кг', 'kg', 'л', 'табл.'])} {rng.randint(-5, 999)} "
                     f"{rng.choice(['г', 'g', 'мг', 'мл', 'шт', 'тыс'])}")
    units = [None, "кг", "g", "tablets", "boxes", "USD", "бушелей", "л"]
    return [(t, rng.choice(units)) for t in texts]


@pytest.mark.parametrize("decimal", [None, ","])
def test_vectorised_path_agrees_with_the_parser(decimal):
    cases = _agreement_cases()
    frame = pl.DataFrame({"q": [t for t, _ in cases], "u": [u for _, u in cases]}, schema={"q": pl.String,
                                                                                           "u": pl.String})
    together = parse_quantities(frame, "q", "u", decimal).drop("q", "u").rows()
    one_by_one = [tuple(getattr(parse_quantity(t, u, decimal), f) for f in QUANTITY_SCHEMA) for t, u in cases]
    assert together == one_by_one
