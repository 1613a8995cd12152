"""Vectorised text of events as agencies type it: names, quantities ("71 кг 110 г", "1 200 табл."), dates, remarks."""

from __future__ import annotations

import polars as pl

from demo.names import REMARKS, SUBSTANCE_NAMES, UNITS

VARIANT_SHARE = 0.10  # of records naming a substance other than the agency's house way
BROKEN_QUANTITY = {"negative quantity": "-5 кг", "unreadable quantity": "много", "unknown unit": "5 zz"}
BROKEN_DATE = {"%d.%m.%Y": "31.02.{}", "%Y-%m-%d": "{}-02-31", "%d/%m/%Y": "31/02/{}"}


def grouped(value: pl.Expr, sep: str) -> pl.Expr:
    """A whole number under a billion with thousands separated ("1 200", "238,000")."""
    whole = value.cast(pl.Int64)
    low, mid, high = (whole % 1000).cast(pl.String), (whole // 1000 % 1000).cast(pl.String), whole // 1_000_000
    return (pl.when(whole.abs() >= 1_000_000).then(pl.concat_str(high.cast(pl.String), pl.lit(sep), mid.str.zfill(3),
                                                                 pl.lit(sep), low.str.zfill(3)))
            .when(whole.abs() >= 1000).then(pl.concat_str((whole // 1000).cast(pl.String), pl.lit(sep),
                                                          low.str.zfill(3)))
            .otherwise(whole.cast(pl.String)))


def decimal(value: pl.Expr, mark: str) -> pl.Expr:
    """A number with at most three decimals and no trailing zeros, written with the given decimal mark."""
    text = value.round(3).cast(pl.String).str.strip_suffix(".0")
    return text if mark == "." else text.str.replace(".", mark, literal=True)


def substance_name(frame: pl.DataFrame, lang: str) -> pl.Series:
    """How an agency writing in `lang` names each record's substance (empty where the row is broken that way)."""
    rows = [(s, i, name, len(names)) for s, names in SUBSTANCE_NAMES[lang].items() for i, name in enumerate(names)]
    table = pl.DataFrame(rows, schema=["substance", "_i", "_name", "_n"], orient="row")
    counts = table.group_by("substance").agg(_n=pl.col("_n").first())
    picked = frame.select("substance", "variant", "broken").join(counts, on="substance", how="left",
                                                                  maintain_order="left")
    index = (pl.when((pl.col("variant") < VARIANT_SHARE) & (pl.col("_n") > 1))
             .then(1 + (pl.col("variant") / VARIANT_SHARE * (pl.col("_n") - 1)).floor().cast(pl.Int64))
             .otherwise(0))
    named = picked.with_columns(_i=index).join(table.drop("_n"), on=["substance", "_i"], how="left",
                                               maintain_order="left")
    return named.select(pl.when(pl.col("broken") == "no substance").then(pl.lit("")).otherwise("_name")
                        ).to_series().alias("substance_text")


def unit_word(lang: str) -> pl.Expr:
    """The agency's word for each record's unit."""
    return pl.col("unit").replace_strict(UNITS[lang], default=None)


def quantity_ru() -> pl.Expr:
    """A quantity written in Russian as UZ customs types it, broken values included."""
    kg = pl.col("amount").floor()
    grams = ((pl.col("amount") - kg) * 1000).round()
    mass = (pl.when((pl.col("style") == 0) & (kg >= 1) & (grams > 0)).then(pl.format("{} кг {} г", kg.cast(pl.Int64),
                                                                                     grams.cast(pl.Int64)))
            .when((pl.col("style") == 1) & (pl.col("amount") < 5)).then(
                pl.concat_str(grouped(pl.col("amount") * 1000, " "), pl.lit(" г")))
            .otherwise(pl.concat_str(decimal(pl.col("amount"), ","), pl.lit(" кг"))))
    count = pl.concat_str(grouped(pl.col("amount"), " "), pl.lit(" "), unit_word("ru"))
    boxed_tablets = pl.concat_str(grouped(pl.col("amount"), " "), pl.lit(" коробок ("),
                                  grouped(pl.col("amount") * 20, " "), pl.lit(" таблеток по 7,5 мг)"))
    text = (pl.when(pl.col("unit") == "kg").then(mass)
            .when(pl.col("unit") == "l").then(pl.concat_str(decimal(pl.col("amount"), ","), pl.lit(" л")))
            .when(pl.col("unit") == "USD").then(pl.format("{} USD", pl.col("amount").cast(pl.Int64)))
            .when((pl.col("substance") == "zopiclone") & (pl.col("style") == 2)).then(boxed_tablets)
            .when(pl.col("substance").is_in(["phenazepam", "baclofen"]) & (pl.col("style") == 2)).then(
                pl.concat_str(grouped(pl.col("amount"), " "), pl.lit(" шт")))
            .otherwise(count))
    return broken_or(BROKEN_QUANTITY, text)


def broken_or(values: dict[str, str], text: pl.Expr) -> pl.Expr:
    """The planted broken value for rows broken in one of the given ways, else the record's own text."""
    broken = pl.col("broken").replace_strict(values, default=None, return_dtype=pl.String)
    return pl.when(pl.col("broken").is_in(list(values))).then(broken).otherwise(text)


def small_in_grams() -> pl.Expr:
    """Records an agency writes in grams rather than kilograms (small masses, in some agencies' style)."""
    return (pl.col("unit") == "kg") & (pl.col("amount") < 5) & (pl.col("style") == 1)


def date_text(fmt: str) -> pl.Expr:
    """The seizure date in an agency's format; broken rows carry 31 February of the same year."""
    impossible = pl.format(BROKEN_DATE[fmt], pl.col("date").dt.year())
    return pl.when(pl.col("broken") == "impossible date").then(impossible).otherwise(pl.col("date").dt.to_string(fmt))


def remark_text(lang: str) -> pl.Expr:
    """The remark column: an ordinary remark in the agency's language, personal data as planted, or nothing."""
    plain = pl.col("remark").replace_strict(dict(enumerate(REMARKS[lang])), return_dtype=pl.String)
    return pl.coalesce("pii", pl.when(plain != "").then(plain))
