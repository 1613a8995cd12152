"""Units, packaging and currencies as the region's agencies write them, in every claimed language."""

import polars as pl
import pytest

from assets.shared.quantities import (
    Quantity,
    currency_in,
    kg_equivalent,
    parse_quantity,
    parse_values,
    to_number,
    to_number_expr,
)
from warehouse.reference import FOLDER

COUNTS = [  # (cell, language, count, canonical unit)
    ("2 500 шт", "ru", 2500, "piece"), ("920 ящиков", "ru", 920, "box"), ("3 ящика", "ru", 3, "box"),
    ("150 блоков", "ru", 150, "block"), ("2 500 пачек", "ru", 2500, "pack"), ("15 упаковок", "ru", 15, "box"),
    ("24 флакона", "ru", 24, "vial"), ("100 ампул", "ru", 100, "ampoule"), ("120 патронов", "ru", 120, "round"),
    ("3 рулона", "ru", 3, "roll"), ("12 бутылок", "ru", 12, "bottle"), ("3 600 таб.", "ru", 3600, "tablet"),
    ("600 табл.", "ru", 600, "tablet"), ("1 800 таблеток", "ru", 1800, "tablet"), ("250 капсул", "ru", 250, "capsule"),
    ("11 900 коробок", "ru", 11900, "box"), ("600 dona", "uz-Latn", 600, "piece"), ("130 quti", "uz-Latn", 130, "box"),
    ("80 blok", "uz-Latn", 80, "block"), ("500 tabletka", "uz-Latn", 500, "tablet"),
    ("8 kapsula", "uz-Latn", 8, "capsule"), ("20 ta", "uz-Latn", 20, "piece"),
    ("12 shisha", "uz-Latn", 12, "bottle"), ("240 дона", "uz-Cyrl", 240, "piece"), ("20 қути", "uz-Cyrl", 20, "box"),
    ("1 200 пачка", "uz-Cyrl", 1200, "pack"), ("1 200 ҳаб", "tg", 1200, "tablet"), ("50 адад", "tg", 50, "piece"),
    ("10 қуттӣ", "tg", 10, "box"), ("800 дана", "kk", 800, "piece"), ("5 қорап", "kk", 5, "box"),
    ("40 орам", "kk", 40, "pack"), ("30 оқ", "kk", 30, "round"), ("60 даана", "ky", 60, "piece"),
    ("250 блок", "ky", 250, "block"), ("1 500 таблетка", "ky", 1500, "tablet"), ("3 куту", "ky", 3, "box"),
    ("2 000 dana", "tk", 2000, "piece"), ("600 blok", "tk", 600, "block"), ("40 guty", "tk", 40, "pack"),
    ("5 bukja", "tk", 5, "pack"), ("12 sany", "tk", 12, "piece"), ("3 çüýşe", "tk", 3, "bottle"),
    ("120 blocks", "en", 120, "block"), ("300 packs", "en", 300, "pack"), ("2,400 tablets", "en", 2400, "tablet"),
    ("1,200 capsules", "en", 1200, "capsule"), ("40 rounds", "en", 40, "round"), ("6 vials", "en", 6, "vial"),
    ("2 bottles", "en", 2, "bottle"), ("5 rolls", "en", 5, "roll"),
]
MASSES = [
    ("71 кг 110 г", 71.11), ("2 kg 100 gr", 2.1), ("1 kg 50 gr", 1.05), ("3 кг 200 г", 3.2), ("1 981 г", 1.981),
    ("1,981 g", 1.981), ("12.5 kg", 12.5), ("0,72 кг", 0.72), ("950 гр", 0.95), ("1,5 центнера", 150.0),
]
HEADERS = [  # value-column headers as written, and the currency they name
    ("Стоимость, сум", "UZS"), ("Таможенная стоимость,\nсум", "UZS"), ("Qiymati, so‘m", "UZS"),
    ("Qiymati (soʻm)", "UZS"), ("Narxi (so'm)", "UZS"), ("Қиймати,\nсўм ", "UZS"), ("Арзиш, сомонӣ", "TJS"),
    ("Стоимость (сомони)", "TJS"), ("Наркы, сом", "KGS"), ("наркы_сом", "KGS"), ("Құны, теңге", "KZT"),
    ("Value, KZT", "KZT"), ("Bahasy (manat)", "TMT"), ("Стоимость, долл. США", "USD"), ("Value (US$)", "USD"),
    ("Стоимость, руб.", "RUB"), ("Құны, ӨЗБЕК СОМЫ", "UZS"), ("Құны, қырғыз сомы", "KGS"),
    ("Стоимость (в долларах США)", "USD"), ("Стоимость, в сумах", "UZS"),
]
NOT_CURRENCIES = ["Стоимость", "Сумма", "Summa", "Sum", "Som", "est_value", "Количество", "Вес (гр.)", "Soni (dona)",
                  "currency", "", None]
CELLS = [  # value cells as written, and the currency they name
    ("15 000 USD", "USD"), ("20 000 долларов США", "USD"), ("$12 000", "USD"), ("20 000 АҚШ доллары", "USD"),
    ("5 000 АҚШ доллари", "USD"), ("1 250 000 тенге", "KZT"), ("2 000 000 ₸", "KZT"), ("30 000 манат", "TMT"),
    ("7 500 сом", "KGS"), ("12 000 сомонӣ", "TJS"), ("1500 somoni", "TJS"), ("18 000 000 so‘m", "UZS"),
    ("9 100 000 сўм", "UZS"), ("5 000 000 өзбек сомы", "UZS"), ("10 000 узбекских сумов", "UZS"),
    ("100 €", "EUR"), ("100 евро", "EUR"), ("5 000 ₽", "RUB"),
]


@pytest.mark.parametrize(("text", "language", "count", "unit"), COUNTS)
def test_count_and_packaging_units_in_every_language(text, language, count, unit):
    assert parse_quantity(text) == Quantity(unit_count=count, count_unit=unit), language


@pytest.mark.parametrize(("text", "unit_cell", "count", "unit"), [
    ("150", "блок", 150, "block"), ("300", "дона", 300, "piece"), ("800", "дана", 800, "piece"),
    ("60", "даана", 60, "piece"), ("2 000", "dana", 2000, "piece"), ("130", "quti", 130, "box"),
    ("400", "табл.", 400, "tablet"), ("3000", "tablets", 3000, "tablet"), ("40", "blocks", 40, "block"),
])
def test_units_in_a_separate_unit_column(text, unit_cell, count, unit):
    assert parse_quantity(text, unit_cell) == Quantity(unit_count=count, count_unit=unit)


@pytest.mark.parametrize(("text", "kg"), MASSES)
def test_units_inside_the_cell_and_compound_masses(text, kg):
    assert parse_quantity(text).mass_kg == pytest.approx(kg)


@pytest.mark.parametrize(("text", "packages", "package_unit", "count", "unit"), [
    ("20 қути (400 дона)", 20, "box", 400, "piece"),
    ("11 900 коробок (238 000 таблеток)", 11900, "box", 238000, "tablet"),
    ("15 упаковок (150 таблеток)", 15, "box", 150, "tablet"), ("50 blok (500 guty)", 50, "block", 500, "pack"),
])
def test_packages_with_their_inner_count(text, packages, package_unit, count, unit):
    assert parse_quantity(text) == Quantity(unit_count=count, count_unit=unit, package_count=packages,
                                            package_unit=package_unit)


def test_vials_and_bottles_get_no_assumed_mass_but_ampoules_do():
    frame = pl.DataFrame({"substance": ["tropicamide", "codeine", "tramadol"], "mass_kg": [None, None, None],
                          "unit_count": [24, 3, 100], "count_unit": ["vial", "bottle", "ampoule"],
                          "volume_l": [None, None, None]})
    assert kg_equivalent(frame).to_list() == [None, None, pytest.approx(0.1)]


@pytest.mark.parametrize(("header", "currency"), HEADERS)
def test_currency_named_in_a_header(header, currency):
    assert currency_in(header) == currency


@pytest.mark.parametrize("header", NOT_CURRENCIES)
def test_words_that_only_look_like_a_currency_name_none(header):
    assert currency_in(header) is None


@pytest.mark.parametrize(("cell", "currency"), CELLS)
def test_currency_written_in_a_value_cell(cell, currency):
    assert currency_in(cell) == currency
    assert parse_quantity(cell).currency == currency


def test_a_currency_in_the_cell_beats_the_header_and_a_bare_number_takes_the_header():
    cells = ["15 000 USD", "1 800 000", "540,000", "7 500 сом", "15 000 KGS", None, "много", "5 кг"]
    parsed = parse_values(pl.DataFrame({"v": cells}), "v", currency_in("Құны, теңге"))
    assert parsed.rows() == [("15 000 USD", 15000.0, "USD"), ("1 800 000", 1_800_000.0, "KZT"),
                             ("540,000", 540_000.0, "KZT"), ("7 500 сом", 7500.0, "KGS"),
                             ("15 000 KGS", 15000.0, "KGS"), (None, None, None), ("много", None, None),
                             ("5 кг", None, None)]


def test_numeric_value_cells_take_the_header_currency():
    parsed = parse_values(pl.DataFrame({"v": [96000, 7500]}), "v", currency_in("наркы_сом"))
    assert parsed.select("value_local", "value_currency").rows() == [(96000.0, "KGS"), (7500.0, "KGS")]


def test_every_currency_code_is_sourced_to_the_dated_iso_4217_list():
    frame = pl.read_csv(FOLDER / "currencies.csv", infer_schema=False)
    assert frame["alias"].is_duplicated().sum() == 0
    for code in frame["currency"].unique():
        source = frame.filter(pl.col("alias") == code.lower())["source"].item()
        assert "ISO 4217" in source and "2024-06-25" in source and code in source


@pytest.mark.parametrize(("text", "decimal", "number"), [
    ("1.234,5", None, 1234.5), ("1,234.5", None, 1234.5), ("1 234,5", None, 1234.5), ("1'234", None, 1234.0),
    ("1.234.567", None, 1_234_567.0), ("1\u00a0200,5", ",", 1200.5), ("+5", None, 5.0), ("−3", None, -3.0),
    ("1,981", None, 1981.0), ("1,981", ",", 1.981), ("12,345,678.9", None, 12_345_678.9), ("много", None, None),
])
def test_one_number_grammar_for_cells_and_columns(text, decimal, number):
    column = pl.DataFrame({"x": [text]}).select(to_number_expr(pl.col("x"), decimal)).item()
    assert to_number(text, decimal) == column == (pytest.approx(number) if number is not None else None)
