"""The problems real exports have, planted at known rates: spellings, personal data, broken rows, second reports."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from demo.names import CROSSING_VARIANTS, PII, UNKNOWN_CROSSINGS
from demo.world import FIRST_MONTH, MONTHS, month_start

MISSPELT_SHARE = 0.05
UNKNOWN_SHARE = 0.001
PII_SHARE = 0.05
BROKEN_SHARE = 0.01
BROKEN_KINDS = ["impossible date", "no substance", "negative quantity", "unreadable quantity", "unknown unit"]
DUPLICATE_SHARE = 0.10  # of UZ customs' clean records the border guards report again
NEAR_MISS_SHARE = 0.0125  # of UZ customs' clean records with a similar but distinct border-guard seizure
FIRST_DAY, LAST_DAY = FIRST_MONTH, month_start(MONTHS) - dt.timedelta(days=1)
DRUG_CONTROL_SHARE = 0.25  # of Tajik clean mass seizures made by the Drug Control Agency (reported monthly)


def decorate(events: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """Each event's written crossing name, naming/quantity style, remark, personal data and broken-ness."""
    n = events.height
    roll = rng.random(n)
    broken = np.where(roll < BROKEN_SHARE, rng.integers(0, len(BROKEN_KINDS), n), -1)
    unknown = (roll >= BROKEN_SHARE) & (roll < BROKEN_SHARE + UNKNOWN_SHARE)  # disjoint from broken rows
    misspelt = rng.random(n) < MISSPELT_SHARE
    variants = pl.DataFrame([(c, i, v) for c, vs in CROSSING_VARIANTS.items() for i, v in enumerate(vs)],
                            schema=["crossing_point", "_i", "_variant"], orient="row")
    counts = variants.group_by("crossing_point").agg(_n=pl.len())
    unknown_name = pl.Series(UNKNOWN_CROSSINGS).gather(rng.integers(0, len(UNKNOWN_CROSSINGS), n))
    has_pii = rng.random(n) < PII_SHARE
    first, second = (pl.Series([f"{a}{b}" for a, b in PII]).gather(rng.integers(0, len(PII), n)) for _ in "12")
    frame = events.with_columns(
        _pick=pl.Series(rng.random(n)), variant=pl.Series(rng.random(n)), style=pl.Series(rng.integers(0, 3, n)),
        date_style=pl.Series(rng.integers(0, 20, n)), remark=pl.Series(rng.integers(0, 8, n)),
        pii=pl.when(pl.Series(has_pii)).then(pl.concat_str(first, pl.lit(", "), second)),
        broken=pl.Series([None, *BROKEN_KINDS], dtype=pl.String).gather(broken + 1),
        crossing_kind=pl.when(pl.Series(unknown)).then(pl.lit("unknown"))
        .when(pl.Series(misspelt)).then(pl.lit("variant")).otherwise(pl.lit("canonical")),
        _unknown=unknown_name,
    ).join(counts, on="crossing_point", how="left", maintain_order="left")
    frame = frame.with_columns(_i=(pl.col("_pick") * pl.col("_n")).floor().cast(pl.Int64)).join(
        variants, on=["crossing_point", "_i"], how="left", maintain_order="left")
    spelt = (pl.when(pl.col("crossing_kind") == "unknown").then("_unknown")
             .when(pl.col("crossing_kind") == "variant").then("_variant").otherwise("crossing_point"))
    return frame.with_columns(spelt=spelt).drop("_pick", "_n", "_i", "_variant", "_unknown")


def is_clean() -> pl.Expr:
    """Records with nothing wrong in them but perhaps a variant spelling."""
    return pl.col("broken").is_null() & (pl.col("crossing_kind") != "unknown")


def second_reports(uz: pl.DataFrame, rng: np.random.Generator) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Border-guard records: duplicates of customs seizures (±0–2 days) and near-misses that are other seizures."""
    candidates = uz.filter(is_clean())
    pick = rng.random(candidates.height)
    duplicate = pick < DUPLICATE_SHARE
    near = (pick >= DUPLICATE_SHARE) & (pick < DUPLICATE_SHARE + NEAR_MISS_SHARE)
    dupes = candidates.filter(pl.Series(duplicate)).with_columns(
        date=_shifted(pl.Series(rng.choice([-2, -1, 0, 0, 0, 1, 2], int(duplicate.sum())))))
    m = int(near.sum())
    apart = pl.Series(rng.integers(6, 15, m) * rng.choice([-1, 1], m))
    factor = pl.Series(rng.choice([1.3, 1.5, 2.0, 3.0], m))
    by_date = pl.Series(rng.random(m) < 0.5)
    nears = candidates.filter(pl.Series(near)).with_columns(
        date=pl.when(by_date).then(_shifted(apart)).otherwise("date"),
        amount=pl.when(by_date).then("amount").otherwise(_rescaled(factor)),
    )
    return dupes, nears


def _shifted(days: pl.Series) -> pl.Expr:
    """The date moved by `days`, or the other way where that would leave the demo's twelve years."""
    forward, backward = pl.col("date") + pl.duration(days=days), pl.col("date") - pl.duration(days=days)
    return pl.when(forward.is_between(FIRST_DAY, LAST_DAY)).then(forward).otherwise(backward)


def _rescaled(factor: pl.Series) -> pl.Expr:
    """An amount at least 30 % larger than the original, rounded up to the unit's precision."""
    step = pl.col("unit").replace_strict({"kg": 0.001, "l": 0.1, "USD": 100.0}, default=1.0, return_dtype=pl.Float64)
    return ((pl.col("amount") * factor / step).ceil() * step).round(3)


def drug_control_share(tj: pl.DataFrame, rng: np.random.Generator) -> pl.Series:
    """Which Tajik seizures were the Drug Control Agency's own (clean mass seizures, a quarter of them)."""
    return pl.Series(rng.random(tj.height) < DRUG_CONTROL_SHARE) & tj.select(
        is_clean() & (pl.col("unit") == "kg") & (pl.col("crossing_kind") == "canonical")).to_series()
