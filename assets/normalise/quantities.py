"""Quantities as agencies write them ("71 кг 110 г", "1 200 табл.", "11 900 коробок (238 000 таблеток по 7,5 мг)").

Parsing is hand-written: no maintained library reads Russian/Uzbek/Tajik unit words; the vocabulary below is the
whole of it and tests/test_quantities.py pins its behaviour.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields
from functools import cache
from pathlib import Path

import polars as pl

FACTORS = Path(__file__).parents[2] / "warehouse" / "reference" / "unit_factors.csv"
MASS = {"кг": 1.0, "kg": 1.0, "килограмм": 1.0, "kilogram": 1.0, "г": 0.001, "гр": 0.001, "g": 0.001,
        "gr": 0.001, "грамм": 0.001, "gram": 0.001, "мг": 1e-6, "mg": 1e-6, "т": 1000.0, "t": 1000.0, "тонн": 1000.0,
        "lbs": 0.45359237, "lb": 0.45359237}
VOLUME = {"л": 1.0, "l": 1.0, "литр": 1.0, "litre": 1.0, "liter": 1.0, "мл": 0.001, "ml": 0.001}
COUNT = {
    "tablet": ["табл", "таблет", "tablet", "tab", "tabletka"], "capsule": ["капс", "capsule", "kapsula"],
    "ampoule": ["ампул", "ampoule", "ampula", "amp"], "box": ["короб", "упаков", "уп", "box", "quti", "pack"],
    "block": ["блок", "block", "blok"], "pack": ["пач", "pachka"], "round": ["патрон", "round", "cartridge"],
    "piece": ["шт", "штук", "dona", "pcs", "piece", "unit", "ед", "адад"],
}
CURRENCY = {"сум": "UZS", "so'm": "UZS", "sum": "UZS", "uzs": "UZS", "сомони": "TJS", "tjs": "TJS", "сом": "KGS",
            "kgs": "KGS", "тенге": "KZT", "₸": "KZT", "kzt": "KZT", "манат": "TMT", "tmt": "TMT", "usd": "USD",
            "$": "USD", "долл": "USD", "eur": "EUR", "€": "EUR", "руб": "RUB", "rub": "RUB"}
NUMBER = r"[-+]?\d[\d\s\u00a0\u202f]*(?:[.,]\d+)*"


@dataclass(frozen=True)
class Quantity:
    """A parsed quantity: mass in kg, or a count with its unit, volume, strength, value, and any problem."""

    mass_kg: float | None = None
    unit_count: float | None = None
    count_unit: str | None = None
    volume_l: float | None = None
    strength_mg: float | None = None
    package_count: float | None = None
    package_unit: str | None = None
    value: float | None = None
    currency: str | None = None
    problem: str | None = None


def to_number(text: str, decimal: str | None = None) -> float | None:
    """A number written with spaces or commas as thousands and a decimal comma or point."""
    text = re.sub(r"[\s\u00a0\u202f]", "", text)
    if decimal == ",":
        text = text.replace(".", "").replace(",", ".") if "," in text else text
    elif re.fullmatch(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?", text):
        text = text.replace(",", "")
    else:
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


def _unit_kind(word: str) -> tuple[str, object] | None:
    word = word.casefold().strip(".")
    if word in MASS:
        return "mass", MASS[word]
    if word in VOLUME:
        return "volume", VOLUME[word]
    if word in CURRENCY:
        return "currency", CURRENCY[word]
    for unit, stems in COUNT.items():
        if any(word.startswith(s) for s in stems):
            return "count", unit
    return None


def parse_quantity(text: str | None, unit: str | None = None, decimal: str | None = None) -> Quantity:
    """One quantity cell (with an optional separate unit cell)."""
    if text is None or not str(text).strip():
        return Quantity(problem="no quantity")
    text = str(text).strip()
    detail = re.search(r"\((.*)\)", text)
    main = re.sub(r"\(.*\)", "", text).strip()
    if m := re.fullmatch(r"(usd|uzs|eur|kzt|kgs|tjs|rub)\s*(" + NUMBER + ")", main, re.I):
        main = f"{m[2]} {m[1]}"
    parts = re.findall(r"(" + NUMBER + r")\s*([^\d\s(),;]*)", main)
    if not parts:
        return Quantity(problem="no number")
    mass = volume = count = None
    count_unit = currency = None
    for number_text, word in parts:
        number = to_number(number_text, decimal)
        if number is None:
            return Quantity(problem="no number")
        kind = _unit_kind(word) if word else _unit_kind(unit or "") if unit else None
        if kind is None:
            return Quantity(problem=f"unknown unit '{word}'" if word else "no unit")
        if kind[0] == "mass":
            mass = (mass or 0.0) + number * kind[1]
        elif kind[0] == "volume":
            volume = (volume or 0.0) + number * kind[1]
        elif kind[0] == "currency":
            return Quantity(value=number, currency=kind[1])
        else:
            count, count_unit = number, kind[1]
    quantity = Quantity(mass_kg=mass, volume_l=volume, unit_count=count, count_unit=count_unit, currency=currency)
    if detail:
        inner = parse_quantity(re.sub(r"\s+по\s+|\s+of\s+|\s+x\s+", " ; ", detail[1]).split(";")[0], None, decimal)
        strength = re.search(r"(" + NUMBER + r")\s*(мг|mg)", detail[1])
        if inner.unit_count is not None:
            quantity = Quantity(mass_kg=mass, volume_l=volume, unit_count=inner.unit_count,
                                count_unit=inner.count_unit, package_count=count, package_unit=count_unit,
                                strength_mg=to_number(strength[1], ",") if strength else None)
    if any(v is not None and v < 0 for v in (quantity.mass_kg, quantity.unit_count, quantity.volume_l)):
        return Quantity(problem="negative quantity")
    return quantity


def parse_quantities(frame: pl.DataFrame, text_col: str, unit_col: str | None = None,
                     decimal: str | None = None) -> pl.DataFrame:
    """The frame with the Quantity fields added, parsing each distinct (text, unit) pair once."""
    keys = [text_col] + ([unit_col] if unit_col else [])
    distinct = frame.select(keys).unique()
    parsed = [asdict(parse_quantity(row[0], row[1] if unit_col else None, decimal)) for row in distinct.iter_rows()]
    schema = {f.name: (pl.String if f.name in ("count_unit", "package_unit", "currency", "problem") else pl.Float64)
              for f in fields(Quantity)}
    lookup = pl.concat([distinct, pl.DataFrame(parsed, schema=schema)], how="horizontal")
    return frame.join(lookup, on=keys, how="left", nulls_equal=True, maintain_order="left")


@cache
def unit_factors() -> pl.DataFrame:
    """kg-equivalent factors with their sources."""
    return pl.read_csv(FACTORS)


def kg_equivalent(frame: pl.DataFrame) -> pl.Series:
    """Bulk mass as is; litres as 1 kg; counted units by their per-unit factor; none for non-drug contraband."""
    factors = unit_factors()
    specific = factors.filter(pl.col("substance") != "*").select("substance", pl.col("unit").alias("count_unit"),
                                                                  pl.col("kg_per_unit").alias("_f1"))
    generic = factors.filter(pl.col("substance") == "*").select(pl.col("unit").alias("count_unit"),
                                                                 pl.col("kg_per_unit").alias("_f2"))
    joined = (frame.select("substance", "substance_group", "mass_kg", "unit_count", "count_unit", "volume_l")
              .join(specific, on=["substance", "count_unit"], how="left", maintain_order="left")
              .join(generic, on="count_unit", how="left", maintain_order="left"))
    drug = ~pl.col("substance_group").is_in(["Tobacco", "Ammunition and weapons", "Currency", "Other goods",
                                             "unmapped"])
    value = pl.coalesce(pl.col("mass_kg"), pl.col("volume_l"),
                        pl.col("unit_count") * pl.coalesce(pl.col("_f1"), pl.col("_f2")))
    return joined.select(pl.when(drug).then(value).alias("kg_equivalent")).to_series()
