"""One seizure reported by several agencies becomes one seizure.

Rule (thresholds in `DedupRule`): two records are the same seizure when
- both are single events (n_events = 1, period_start = period_end) with a known crossing point and substance
  (not "unmapped") — aggregates never merge;
- they come from different (known) agencies — two rows of one agency are two seizures;
- they name the same crossing point and substance and their dates are at most `window_days` (3) apart;
- their quantities agree after unit conversion: when both masses are known, |a − b| ≤ max(`abs_tolerance_kg`
  (5 g), `rel_tolerance` (5 %) · max(a, b)) decides; otherwise two counts within `rel_tolerance` in compatible units
  (the same unit, or "piece" — шт, dona — against any counted unit; a record's package count, "301 коробок (6 020
  таблеток)", counts too); otherwise, with no comparable count, the values in one currency within `rel_tolerance`
  (seized cash). A record without a positive quantity never merges.
A seizure holds at most one record per agency and every pair in it must satisfy the rule (no chaining of a day-0 and
a day-6 report through a day-3 one). Candidate pairs are accepted greedily, closest date first, then closest
quantity, then record_id, so the result does not depend on input order. The seizure's id is its smallest record_id,
which is also the one record of the seizure marked primary (the one `seizures` keeps).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

UNKNOWN_SUBSTANCE = "unmapped"
GENERIC_UNIT = "piece"
OPTIONAL = {"package_count": pl.Float64, "package_unit": pl.String, "value_local": pl.Float64, "currency": pl.String}
OUTPUT_SCHEMA = {"record_id": pl.String, "seizure_id": pl.String, "is_primary": pl.Boolean,
                 "merge_reason": pl.String}


@dataclass(frozen=True)
class DedupRule:
    """How close two agencies' reports must be to count as one seizure."""

    window_days: int = 3
    rel_tolerance: float = 0.05
    abs_tolerance_kg: float = 0.005


def _single_events(records: pl.DataFrame, rule: DedupRule) -> pl.DataFrame:
    """Records that may merge, with integer keys for the join: row i in record_id order, place, day, date bucket."""
    records = records.with_columns(pl.lit(None, dtype=t).alias(c) for c, t in OPTIONAL.items()
                                   if c not in records.columns)
    has_mass = pl.col("mass_kg") > 0
    has_count = (pl.col("unit_count") > 0) & pl.col("count_unit").is_not_null()
    has_package = (pl.col("package_count") > 0) & pl.col("package_unit").is_not_null()
    has_value = (pl.col("value_local") > 0) & pl.col("currency").is_not_null()
    return records.filter(
        (pl.col("n_events") == 1) & (pl.col("period_start") == pl.col("period_end"))
        & pl.col("crossing_point").is_not_null() & pl.col("substance").is_not_null()
        & (pl.col("substance") != UNKNOWN_SUBSTANCE)
        & pl.any_horizontal(e.fill_null(False) for e in (has_mass, has_count, has_package, has_value))
    ).sort("record_id").with_row_index("i").select(
        "i", "record_id", "agency", "crossing_point", "substance",
        agency_code=pl.col("agency").rank("dense"),
        place=pl.struct("crossing_point", "substance").hash(),
        mass=pl.when(has_mass).then(pl.col("mass_kg")),
        count=pl.when(has_count).then(pl.col("unit_count")), unit=pl.when(has_count).then(pl.col("count_unit")),
        package=pl.when(has_package).then(pl.col("package_count")),
        package_unit=pl.when(has_package).then(pl.col("package_unit")),
        value=pl.when(has_value).then(pl.col("value_local")), currency=pl.when(has_value).then(pl.col("currency")),
        day=pl.col("period_start").cast(pl.Date).cast(pl.Int64),
    ).with_columns(bucket=pl.col("day") // (rule.window_days + 1))


def _relative_gap(a: str, b: str) -> pl.Expr:
    return (pl.col(a) - pl.col(b)).abs() / pl.max_horizontal(a, b)


def _count_gap() -> pl.Expr:
    """The smallest relative gap between two counts in compatible units (null when no two are comparable)."""
    gaps = []
    for count, unit in (("count", "unit"), ("package", "package_unit")):
        for count_b, unit_b in (("count_b", "unit_b"), ("package_b", "package_unit_b")):
            compatible = ((pl.col(unit) == pl.col(unit_b)) | (pl.col(unit) == GENERIC_UNIT)
                          | (pl.col(unit_b) == GENERIC_UNIT))
            gaps.append(pl.when(compatible).then(_relative_gap(count, count_b)))
    return pl.min_horizontal(gaps)


def candidate_pairs(records: pl.DataFrame, rule: DedupRule = DedupRule()) -> pl.DataFrame:
    """Every pair of records the rule allows to merge, best first: (a, b, agency_a, agency_b, days, gap)."""
    events = _single_events(records, rule)
    # Band join as an equi-join on integer keys: with buckets window+1 days wide, partners sit in the same or the
    # next bucket, so each record looks in its own and the next one, and every pair is met once (twice within a
    # bucket, where i < i_b keeps one). A join on the strings plus a date range is a quadratic hash join.
    keys = events.lazy().select("i", "place", "bucket", "day", "agency_code", "mass", "count", "unit", "package",
                                "package_unit", "value", "currency")
    probes = keys.with_columns(home=pl.col("bucket"), bucket=pl.int_ranges(pl.col("bucket"), pl.col("bucket") + 2)
                               ).explode("bucket")
    pairs = probes.join(keys, on=["place", "bucket"], suffix="_b").filter(
        ((pl.col("home") != pl.col("bucket")) | (pl.col("i") < pl.col("i_b")))
        & (pl.col("agency_code") != pl.col("agency_code_b"))
        & ((pl.col("day") - pl.col("day_b")).abs() <= rule.window_days))
    both_mass = pl.col("mass").is_not_null() & pl.col("mass_b").is_not_null()
    mass_gap = (pl.col("mass") - pl.col("mass_b")).abs()
    mass_ok = mass_gap <= pl.max_horizontal(
        pl.lit(rule.abs_tolerance_kg), rule.rel_tolerance * pl.max_horizontal("mass", "mass_b"))
    value_gap = pl.when(pl.col("currency") == pl.col("currency_b")).then(_relative_gap("value", "value_b"))
    gap = (pl.when(both_mass).then(mass_gap / pl.max_horizontal("mass", "mass_b"))
           .otherwise(pl.coalesce(_count_gap(), value_gap)))
    found = pairs.with_columns(gap=gap).filter(
        pl.when(both_mass).then(mass_ok).otherwise(pl.col("gap") <= rule.rel_tolerance).fill_null(False)
    ).select(pl.min_horizontal("i", "i_b").alias("i"), pl.max_horizontal("i", "i_b").alias("i_b"), "gap",
             days=(pl.col("day") - pl.col("day_b")).abs()).collect(engine="streaming")
    # the place key is a hash: confirm crossing point and substance on the (few) pairs found
    a, b = events[found["i"]], events[found["i_b"]]
    same_place = (a["crossing_point"] == b["crossing_point"]) & (a["substance"] == b["substance"])
    return pl.DataFrame({"a": a["record_id"], "b": b["record_id"], "agency_a": a["agency"],
                         "agency_b": b["agency"], "days": found["days"], "gap": found["gap"]}
                        ).filter(same_place).sort("days", "gap", "a", "b")


def _greedy(pairs: pl.DataFrame) -> dict[str, str]:
    """record_id → seizure_id for records in several candidate pairs, accepting pairs in order.

    Hand-rolled: greedy one-record-per-agency matching depends on the order pairs are accepted, which no join
    expresses; it only sees records that compete for a partner, a small share of all candidate pairs.
    """
    columns = [pairs[name].to_list() for name in ("a", "b", "agency_a", "agency_b")]
    allowed = set(zip(columns[0], columns[1], strict=True))
    root: dict[str, str] = {}
    members: dict[str, list[str]] = {}
    agencies: dict[str, set[str]] = {}
    for a, b, agency_a, agency_b in zip(*columns, strict=True):
        ra, rb = root.get(a, a), root.get(b, b)
        in_a, in_b = members.get(ra, [a]), members.get(rb, [b])
        seen_a, seen_b = agencies.get(ra, {agency_a}), agencies.get(rb, {agency_b})
        if ra == rb or seen_a & seen_b:
            continue
        if not all((min(x, y), max(x, y)) in allowed for x in in_a for y in in_b):
            continue
        keep, drop = min(ra, rb), max(ra, rb)
        members[keep], agencies[keep] = in_a + in_b, seen_a | seen_b
        members.pop(drop, None)
        agencies.pop(drop, None)
        for record in members[keep]:
            root[record] = keep
    return root


def _clusters(pairs: pl.DataFrame) -> pl.DataFrame:
    """(record_id, seizure_id) of every merged record."""
    ends = pl.concat([pairs["a"], pairs["b"]])
    busy = ends.filter(ends.is_duplicated()).unique().implode()
    lone = pairs.filter(~pl.col("a").is_in(busy) & ~pl.col("b").is_in(busy))  # a pair nothing else competes for
    contested = _greedy(pairs.filter(pl.col("a").is_in(busy) | pl.col("b").is_in(busy)))
    return pl.concat([
        lone.select(record_id="a", seizure_id="a"), lone.select(record_id="b", seizure_id="a"),
        pl.DataFrame({"record_id": list(contested), "seizure_id": list(contested.values())},
                     schema={"record_id": pl.String, "seizure_id": pl.String}),
    ])


def assign_seizures(records: pl.DataFrame, rule: DedupRule = DedupRule()) -> pl.DataFrame:
    """record_id → the seizure it reports, whether it is that seizure's primary record, and why it merged."""
    clusters = _clusters(candidate_pairs(records, rule))
    reasons = clusters.join(records.select("record_id", "agency", "period_start"), on="record_id").group_by(
        "seizure_id").agg(
        merge_reason=pl.format(
            "one seizure reported by {} agencies ({}), {} day(s) apart; rule: ±{} days, quantity within {}% or {} g",
            pl.len(), pl.col("agency").unique().sort().str.join(", "),
            (pl.col("period_start").max() - pl.col("period_start").min()).dt.total_days(),
            pl.lit(rule.window_days), pl.lit(round(rule.rel_tolerance * 100, 2)),
            pl.lit(round(rule.abs_tolerance_kg * 1000, 3))))
    return (records.select("record_id")
            .join(clusters, on="record_id", how="left", maintain_order="left")
            .with_columns(seizure_id=pl.coalesce("seizure_id", "record_id"))
            .join(reasons, on="seizure_id", how="left", maintain_order="left")
            .select("record_id", "seizure_id", is_primary=pl.col("seizure_id") == pl.col("record_id"),
                    merge_reason="merge_reason")
            .cast(OUTPUT_SCHEMA))
