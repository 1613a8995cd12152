"""Quantities as agencies write them ("71 кг 110 г", "1 200 табл.", "11 900 коробок (238 000 таблеток по 7,5 мг)").

Hand-written on purpose: unit libraries (pint, quantulum) know no Russian, Uzbek, Tajik, Kazakh, Kyrgyz or Turkmen
unit words, counted units or thousands-separator conventions; the vocabulary below is the whole grammar and
tests/unit/test_quantities.py and tests/unit/test_units_and_currencies.py pin it.
Numbers: spaces, no-break spaces, apostrophes and commas are thousands separators, a comma followed by exactly three
digits included ("1,981 г" = 1981 g) unless the caller says the file uses a decimal comma (`decimal=","`); any other
comma or a single point is the decimal mark ("0,5 кг", "2.4 kg"); with both, the last one is ("1.234,5", "1,234.5").
Litres stay litres (`volume_l`); `kg_equivalent` applies UNODC's 1 L = 1 kg convention and the per-unit factors of
warehouse/reference/unit_factors.csv. Currencies are warehouse/reference/currencies.csv (`currency_in`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from functools import cache, partial

import polars as pl

from assets.shared.substances import APOSTROPHES, substance_table
from warehouse import reference

MASS_KG = {"кг": 1.0, "kg": 1.0, "kgs": 1.0, "кило": 1.0, "kilo": 1.0, "г": 1e-3, "гр": 1e-3, "g": 1e-3, "gr": 1e-3,
           "мг": 1e-6, "mg": 1e-6, "т": 1e3, "тн": 1e3, "t": 1e3, "ton": 1e3, "tons": 1e3, "tonne": 1e3,
           "tonnes": 1e3, "tonna": 1e3, "lb": 0.45359237, "lbs": 0.45359237, "oz": 0.028349523125}
MASS_STEMS = {"килограм": 1.0, "kilogram": 1.0, "миллиграм": 1e-6, "milligram": 1e-6, "грам": 1e-3, "gram": 1e-3,
              "тонн": 1e3, "pound": 0.45359237, "центнер": 100.0, "sentner": 100.0}
VOLUME_L = {"л": 1.0, "l": 1.0, "lt": 1.0, "ltr": 1.0, "мл": 1e-3, "ml": 1e-3}
VOLUME_STEMS = {"миллилит": 1e-3, "millilit": 1e-3, "литр": 1.0, "litr": 1.0, "liter": 1.0, "litre": 1.0}
COUNT_EXACT = {"ta": "piece", "pc": "piece", "ед": "piece", "sany": "piece", "таб": "tablet", "ок": "round",
               "оқ": "round", "ok": "round"}
COUNT_STEMS = {  # a word starting with the stem; checked in this order
    "tablet": ("табл", "таблет", "tab", "ҳаб", "pill"), "capsule": ("капс", "caps", "kaps"),
    "ampoule": ("амп", "amp"), "vial": ("флакон", "flakon", "vial", "пузыр"),
    "bottle": ("бутыл", "bottle", "shisha", "шиша", "бөтелке", "бөтөлкө", "çüýşe"),
    "block": ("блок", "block", "blok"),
    # Turkmen guty is a cigarette pack: "10 gutudan ybarat bir blok" (Radio Azatlyk, azathabar.com)
    "pack": ("пач", "pack", "pachk", "блистер", "blister", "guty", "gutu", "bukja", "орам"),
    "box": ("короб", "кор", "box", "quti", "қути", "қутт", "куту", "қорап", "ящ", "упак", "уп", "carton", "karton"),
    "round": ("патрон", "round", "cartridge", "пул", "pellet", "patron", "o'q", "ўқ", "bullet"),
    "roll": ("рулон", "rulon", "roll"),
    "piece": ("шт", "pcs", "piece", "unit", "единиц", "dona", "дона", "dana", "дана", "даана", "адад", "свёрт", "сверт",
              "пакет", "bag", "баста"),
}
MULTIPLIERS = {"тыс": 1e3, "тысяч": 1e3, "thousand": 1e3, "ming": 1e3, "мың": 1e3, "миң": 1e3, "ҳазор": 1e3,
               "müň": 1e3, "млн": 1e6, "миллион": 1e6, "million": 1e6, "mln": 1e6, "млрд": 1e9, "миллиард": 1e9,
               "billion": 1e9, "mlrd": 1e9}
CONNECTORS = {"по", "x", "х", "×", "of", "@", "at", "each", "dan"}
NUMBER_BODY = r"-?(?:\d{1,3}(?:[ '’]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)*(?:[eE][-+]?\d+)?)"  # "6.6e-05": machine-written
NUMBER = rf"(?<![\d.,]){NUMBER_BODY}"
WORD = r"[$€₸₽]|[^\W\d_][^\s\d(),;:]*"
CURRENCY_WORD = re.compile(r"[$€₸₽]|[^\W\d_]+(?:'[^\W\d_]+)*")
PAIR = re.compile(rf"(?P<num>{NUMBER})\s*(?P<word>{WORD})?")
RANGE = re.compile(r"\d\s*[-–—]\s*\d")


@dataclass(frozen=True)
class Quantity:
    """One seized quantity: bulk mass, or a count of units (in packages), volume, strength, value, or a problem."""

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


QUANTITY_SCHEMA = {f.name: pl.String if f.name in ("count_unit", "package_unit", "currency", "problem")
                   else pl.Float64 for f in fields(Quantity)}


@cache
def currencies() -> dict[str, str]:
    """Currency words and signs → ISO 4217 code."""
    frame = reference.table("currencies")
    return dict(zip(frame.get_column("alias"), frame.get_column("currency"), strict=True))


@cache
def _currency_first() -> re.Pattern[str]:
    codes = "|".join(re.escape(c) for c in currencies() if not c[0].isalpha() or c.isascii())
    return re.compile(rf"^({codes})\s*({NUMBER})", re.IGNORECASE)


def _folded(text: str) -> str:
    return text.casefold().translate(APOSTROPHES)


def currency_in(text: str | None) -> str | None:
    """The ISO 4217 code of the currency a header or cell names ("Стоимость, сум", "20 000 долларов США"), or None."""
    words = CURRENCY_WORD.findall(_folded(str(text))) if text is not None else []
    phrases = [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]  # "өзбек сомы", "қырғыз сомы"
    return next((currencies()[w] for w in phrases + words if w in currencies()), None)


def to_number(text: str, decimal: str | None = None) -> float | None:
    """A written number: spaces as thousands; commas as the module docstring says; None when unreadable."""
    if decimal not in (None, ",", "."):
        raise ValueError(f"decimal must be ',', '.' or None, not {decimal!r}")
    text = re.sub(r"[\s'’]", "", text).replace("−", "-")
    if decimal == "," and "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif decimal == "." or ("," in text and "." in text and text.rfind(",") < text.rfind(".")):
        text = text.replace(",", "")
    elif "," in text and "." in text:
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?[1-9]\d{0,2}(,\d{3})+", text):
        text = text.replace(",", "")
    elif text.count(",") == 1:
        text = text.replace(",", ".")
    if re.fullmatch(r"-?[1-9]\d{0,2}(\.\d{3}){2,}", text):
        text = text.replace(".", "")
    try:
        return float(text)
    except ValueError:
        return None


def _unit(word: str) -> tuple[str, float | str] | None:
    """What a unit word measures ('mass', 'volume', 'count', 'currency', 'multiplier') and its factor or name."""
    word = _folded(word).rstrip(".")
    for kind, exact, stems in (("mass", MASS_KG, MASS_STEMS), ("volume", VOLUME_L, VOLUME_STEMS),
                               ("currency", currencies(), {}), ("multiplier", MULTIPLIERS, {}),
                               ("count", COUNT_EXACT, {})):
        if word in exact:
            return kind, exact[word]
        if hit := next((v for s, v in stems.items() if word.startswith(s)), None):
            return kind, hit
    if hit := next((u for u, stems in COUNT_STEMS.items() if word.startswith(stems)), None):
        return "count", hit
    if hit := next((v for s, v in MULTIPLIERS.items() if word.startswith(s)), None):
        return "multiplier", hit
    return None


def _qualified_currency(word: str, rest: str) -> tuple[str, str] | None:
    """A currency named after a qualifier ("АҚШ доллары", "өзбек сомы", "узбекских сумов")."""
    follow = re.match(rf"\s*({WORD})", rest)
    code = currency_in(f"{word} {follow[1]}") if follow else None
    return ("currency", code) if code else None


def _read(text: str, unit: str | None, decimal: str | None, strict: bool) -> dict:
    """Mass, volume, counts, strength and value written in one stretch of text (no parentheses)."""
    found: dict = {"mass": None, "volume": None, "counts": [], "strength": None, "value": None, "currency": None}
    previous_end, previous_kind = 0, None
    for match in PAIR.finditer(text):
        number = to_number(match["num"], decimal)
        if number is None:
            if strict:
                return {"problem": f"unreadable number '{match['num']}'"}
            continue
        word, gap = match["word"], text[previous_end:match.start()].strip().casefold()
        kind = _unit(word) if word else None
        if kind and kind[0] == "multiplier":  # "18 млн сум", "1,5 тыс. табл."
            number *= kind[1]
            follow = re.match(rf"\s*({WORD})", text[match.end():])
            word = follow[1] if follow else None
            kind = _unit(word) if word else None
        if kind is None and word is None and unit:
            kind, word = _unit(unit), unit
        if kind is None and word:
            kind = _qualified_currency(word, text[match.end():])
        if kind is None:
            if strict:
                return {"problem": f"unknown unit '{word}'" if word else "no unit"}
            continue
        if kind[0] == "mass" and previous_kind == "count" and (gap in CONNECTORS or kind[1] == 1e-6):  # strength
            found["strength"] = number * round(kind[1] * 1e6, 6)
        elif kind[0] in ("mass", "volume"):
            # 12 significant digits, no float dust: 1981 g = 1.981 kg, and 6.6e-05 kg keeps its digits
            found[kind[0]] = float(f"{(found[kind[0]] or 0.0) + number * kind[1]:.12g}")
        elif kind[0] == "count":
            per_package = previous_kind == "count" and gap in CONNECTORS  # "2 упаковки по 10 таблеток" = 20
            found["counts"].append((number * found["counts"][-1][0] if per_package else number, kind[1]))
        else:
            found["value"], found["currency"] = number, kind[1]
        previous_end, previous_kind = match.end(), kind[0]
    return found


def parse_quantity(text: str | None, unit: str | None = None, decimal: str | None = None) -> Quantity:
    """One quantity cell, with the file's separate unit cell when there is one."""
    text = re.sub(r"[\s\u00a0\u202f\u2009]+", " ", str(text)).strip().replace("−", "-") if text is not None else ""
    unit = unit.strip() if unit and unit.strip() else None
    if not text:
        return Quantity(problem="no quantity")
    text = _currency_first().sub(r"\2 \1", text)  # "UZS 9,100,000", "$300" → number first
    main = re.sub(r"\([^)]*\)?", " ", text)
    if RANGE.search(main):
        return Quantity(problem="range, not one quantity")
    if not PAIR.search(main):
        return Quantity(problem="no number")
    outer = _read(main, unit, decimal, strict=True)
    if "problem" in outer:
        return Quantity(problem=outer["problem"])
    inner = _read(" ".join(re.findall(r"\(([^)]*)\)?", text)), None, decimal, strict=False)
    counts = outer["counts"] + inner["counts"]
    package = counts[0] if len(counts) > 1 else (None, None)
    quantity = Quantity(
        mass_kg=outer["mass"] if outer["mass"] is not None else inner["mass"],
        unit_count=counts[-1][0] if counts else None, count_unit=counts[-1][1] if counts else None,
        volume_l=outer["volume"] if outer["volume"] is not None else inner["volume"],
        strength_mg=outer["strength"] if outer["strength"] is not None else inner["strength"],
        package_count=package[0], package_unit=package[1],
        value=outer["value"] if outer["value"] is not None else inner["value"],
        currency=outer["currency"] or inner["currency"])
    if any(v is not None and v < 0 for v in (quantity.mass_kg, quantity.unit_count, quantity.volume_l, quantity.value)):
        return Quantity(problem="negative quantity")
    return quantity


def parse_quantities(frame: pl.DataFrame, text_col: str, unit_col: str | None = None,
                     decimal: str | None = None) -> pl.DataFrame:
    """The frame with the Quantity fields added as columns, each distinct (text, unit) pair parsed once."""
    keys = [text_col] + ([unit_col] if unit_col else [])
    lookup = quantity_table(frame.select(keys).unique(maintain_order=True), text_col, unit_col, decimal)
    return frame.join(lookup, on=keys, how="left", nulls_equal=True, maintain_order="left")


def quantity_table(distinct: pl.DataFrame, text_col: str, unit_col: str | None = None,
                   decimal: str | None = None) -> pl.DataFrame:
    """Distinct (text, unit) pairs with the Quantity fields read from them (a pair's row order is not kept).

    The common shape (a plain number, its unit in the same cell or the unit column) is read by Polars expressions
    that follow `to_number` and `_unit` exactly (tests/unit/test_quantities.py checks both paths agree); everything else
    goes through `parse_quantity`.
    """
    if not unit_col:
        distinct = distinct.with_columns(pl.lit(None, dtype=pl.String).alias("_unit_col"))
    units = unit_col or "_unit_col"
    fast = _plain_quantities(distinct, text_col, units, decimal)
    rest = distinct.join(fast.select(text_col, units), on=[text_col, units], how="anti", nulls_equal=True)
    texts = rest.get_column(text_col).cast(pl.String)
    slow = pl.DataFrame([_fields(parse_quantity(t, u, decimal)) for t, u in zip(
        texts, rest.get_column(units).cast(pl.String), strict=True)], schema=QUANTITY_SCHEMA, orient="row")
    lookup = pl.concat([fast, pl.concat([rest.select(text_col, units), slow], how="horizontal")])
    return lookup.drop("_unit_col") if not unit_col else lookup


def parse_values(frame: pl.DataFrame, text_col: str, currency: str | None = None,
                 decimal: str | None = None) -> pl.DataFrame:
    """The frame with `value_local` and `value_currency` from a value column: a currency written in the cell wins over
    `currency` (the header's), which a bare number takes."""
    parsed = quantity_table(frame.select(text_col).unique(), text_col, decimal=decimal)
    text = pl.col(text_col).cast(pl.String)
    # a value cell's currency wins over a mass reading of the same word: "15 000 KGS" is som, not kilograms
    named = pl.Series([currency_in(t) for t in parsed.get_column(text_col).cast(pl.String)], dtype=pl.String)
    first = to_number_expr(text.str.extract(rf"({NUMBER_BODY})"), decimal)
    bare = to_number_expr(text, decimal)
    value = pl.coalesce("value", bare, pl.when(pl.col("_named").is_not_null()).then(first))
    lookup = parsed.with_columns(_named=named).select(
        text_col, value_local=value,
        value_currency=pl.when(value.is_not_null()).then(pl.coalesce("currency", "_named", pl.lit(currency))))
    return frame.join(lookup, on=text_col, how="left", nulls_equal=True, maintain_order="left")


def _fields(quantity: Quantity) -> tuple:
    return tuple(getattr(quantity, name) for name in QUANTITY_SCHEMA)


def _plain_quantities(distinct: pl.DataFrame, text_col: str, unit_col: str, decimal: str | None) -> pl.DataFrame:
    """Pairs whose text is one plain number with a simple unit after it or in the unit column, or two masses or two
    volumes ("71 кг 110 г"), read vectorised."""
    text = pl.col(text_col).cast(pl.String).str.replace_all(r"[\s\u00a0\u202f\u2009]+", " ").str.strip_chars()
    word = r"[^\W\d_][^\s\d(),;:]*"
    parts = text.str.extract_groups(rf"^({NUMBER_BODY})(?: ?({word}))?(?: ({NUMBER_BODY}) ?({word}))?$")
    frame = distinct.with_columns(_parts=parts.struct.rename_fields(["_num", "_word", "_num2", "_word2"])
                                  ).unnest("_parts")
    units = pl.col(unit_col).cast(pl.String).str.strip_chars()
    words = pl.concat([frame.get_column("_word"), frame.get_column("_word2"), frame.select(units).to_series()]
                      ).drop_nulls().unique()
    kinds = {w: kind for w in words if (kind := _unit(w)) and kind[0] != "multiplier"}
    # a handful of unit words, looked up by `replace_strict` rather than joined: a tenth off this function's time
    kind_of, factor_of = ({w: k[0] for w, k in kinds.items()}, {w: str(k[1]) for w, k in kinds.items()})
    word_one, word_two = pl.coalesce(pl.col("_word"), units), pl.col("_word2")
    frame = frame.with_columns(
        _kind=word_one.replace_strict(kind_of, default=None, return_dtype=pl.String),
        _factor=word_one.replace_strict(factor_of, default=None, return_dtype=pl.String),
        _kind2=word_two.replace_strict(kind_of, default=None, return_dtype=pl.String),
        _factor2=word_two.replace_strict(factor_of, default=None, return_dtype=pl.String),
    ).filter(pl.col("_kind").is_not_null(), pl.col("_num").is_not_null())
    second, kind = pl.col("_num2").is_not_null(), pl.col("_kind")
    frame = frame.with_columns(_value=to_number_expr(pl.col("_num"), decimal),
                               _value2=to_number_expr(pl.col("_num2"), decimal)).filter(
        pl.col("_value").is_not_null() & kind.is_in(["mass", "volume", "count", "currency"]),
        ~second | (pl.col("_word").is_not_null() & (pl.col("_kind2") == kind) & kind.is_in(["mass", "volume"])
                   & pl.col("_value2").is_not_null()))
    value = pl.col("_value")
    amount = (value * pl.col("_factor").cast(pl.Float64, strict=False)).round_sig_figs(12)
    # as `_read` adds them: the first amount rounded, then the second added and the sum rounded
    second_amount = pl.col("_value2") * pl.col("_factor2").cast(pl.Float64, strict=False)
    amount = pl.when(second).then((amount + second_amount).round_sig_figs(12)).otherwise(amount)
    negative = pl.when(second).then(amount).otherwise(value) < 0
    out = frame.select(
        text_col, unit_col,
        mass_kg=pl.when(kind == "mass").then(amount),
        unit_count=pl.when(kind == "count").then(value),
        count_unit=pl.when(kind == "count").then(pl.col("_factor")),
        volume_l=pl.when(kind == "volume").then(amount),
        strength_mg=pl.lit(None, dtype=pl.Float64), package_count=pl.lit(None, dtype=pl.Float64),
        package_unit=pl.lit(None, dtype=pl.String),
        value=pl.when(kind == "currency").then(value), currency=pl.when(kind == "currency").then(pl.col("_factor")),
        problem=pl.when(negative).then(pl.lit("negative quantity")),
    )
    cleared = [c for c in QUANTITY_SCHEMA if c != "problem"]
    return out.with_columns(pl.when(pl.col("problem").is_null()).then(pl.col(c)).alias(c) for c in cleared
                            ).cast(QUANTITY_SCHEMA)


def to_number_expr(text: pl.Expr, decimal: str | None = None) -> pl.Expr:
    """`to_number` as a Polars expression, rule for rule: the one number grammar for text cells."""
    if decimal not in (None, ",", "."):
        raise ValueError(f"decimal must be ',', '.' or None, not {decimal!r}")
    # a function of the whole column, not one expression: the rules test the cleaned text many times over, and an
    # expression tree would clean it again for every test (5 ms against 0.4 ms for 2,600 plain cells)
    return text.map_batches(partial(_numbers, decimal=decimal), return_dtype=pl.Float64, is_elementwise=True)


def _numbers(texts: pl.Series, decimal: str | None) -> pl.Series:
    """A column of written numbers read by `to_number`'s rules; the cells Polars reads as floats as they stand
    ("12.5", "-3", "1e3") read the same by every rule, so only the others are cleaned and put through them (cleaning
    every cell first took two thirds of the time for a column of plain numbers)."""
    texts = texts.cast(pl.String)
    numbers = texts.cast(pl.Float64, strict=False)
    todo = (texts.is_not_null() & numbers.is_null()).arg_true()
    if todo.len() == 0:
        return numbers
    cleaned = texts.gather(todo).str.replace_all(r"[\s'’]", "").str.replace_all("−", "-", literal=True)
    text = pl.col("t")
    if decimal == ",":
        rule = pl.when(text.str.contains(",", literal=True)).then(
            text.str.replace_all(".", "", literal=True).str.replace_all(",", ".", literal=True)).otherwise(text)
    else:
        both = text.str.contains(",", literal=True) & text.str.contains(".", literal=True)
        rule = (pl.when(pl.lit(decimal == ".") | (both & (text.str.find(r",[^,]*$") < text.str.find(r"\.[^.]*$"))))
                .then(text.str.replace_all(",", "", literal=True))
                .when(both).then(text.str.replace_all(".", "", literal=True).str.replace_all(",", ".", literal=True))
                .when(text.str.contains(r"^-?[1-9]\d{0,2}(,\d{3})+$")).then(text.str.replace_all(",", "", literal=True))
                .when(text.str.count_matches(",", literal=True) == 1).then(text.str.replace(",", ".", literal=True))
                .otherwise(text))
    rest = pl.DataFrame({"t": cleaned}).select(t=rule).select(
        pl.when(text.str.contains(r"^-?[1-9]\d{0,2}(\.\d{3}){2,}$")).then(text.str.replace_all(".", "", literal=True))
        .otherwise(text).cast(pl.Float64, strict=False)).to_series()
    return numbers.scatter(todo, cleaned.cast(pl.Float64, strict=False).fill_null(rest))


def unit_factors() -> pl.DataFrame:
    """kg-equivalent per counted unit, per substance or for every drug ('*'), with version and source."""
    return reference.table("unit_factors").with_columns(pl.col("kg_per_unit").cast(pl.Float64))


def kg_equivalent(frame: pl.DataFrame) -> pl.Series:
    """Drug mass in kg: bulk mass as is, litres at 1 kg/L, counted units by unit_factors.csv; null for contraband."""
    factors = unit_factors().rename({"unit": "count_unit"})
    specific = factors.filter(pl.col("substance") != "*").select(
        "substance", "count_unit", _specific="kg_per_unit", _has_specific=pl.lit(True))
    generic = factors.filter(pl.col("substance") == "*").select("count_unit", _generic="kg_per_unit")
    categories = substance_table().select("substance", "category")
    joined = (frame.select(pl.col("substance", "count_unit").cast(pl.String),
                           pl.col("mass_kg", "unit_count", "volume_l").cast(pl.Float64))
              .join(categories, on="substance", how="left", maintain_order="left")
              .join(specific, on=["substance", "count_unit"], how="left", maintain_order="left")
              .join(generic, on="count_unit", how="left", maintain_order="left"))
    per_unit = pl.when(pl.col("_has_specific")).then(pl.col("_specific")).otherwise(pl.col("_generic"))
    value = pl.coalesce(pl.col("mass_kg"), pl.col("volume_l"), pl.col("unit_count") * per_unit)
    return joined.select(pl.when(pl.col("category").is_in(["drug", "precursor"])).then(value)
                         .alias("kg_equivalent")).to_series()
