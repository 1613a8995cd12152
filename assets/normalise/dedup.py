"""One seizure reported by several agencies becomes one seizure.

Rule: two single-event records (n_events = 1, one day) merge when they come from different agencies, name the
same crossing point and substance, lie within `window_days` of each other, and carry the same quantity within
tolerance after unit conversion — masses |a − b| ≤ max(abs_tolerance_kg, rel_tolerance · max(a, b)), or counts in
the same unit within rel_tolerance. Records without a quantity, aggregates and records of one agency never merge.
A seizure takes at most one record per agency: candidate pairs are accepted closest date first, then closest
quantity. The seizure's id is its smallest record_id, which is also the record kept in `seizures`.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import polars as pl

CANDIDATES = """
SELECT a.record_id AS a, b.record_id AS b, a.agency AS agency_a, b.agency AS agency_b,
       abs(date_diff('day', a.period_start, b.period_start)) AS days,
       coalesce(abs(a.mass_kg - b.mass_kg) / greatest(a.mass_kg, b.mass_kg),
                abs(a.unit_count - b.unit_count) / greatest(a.unit_count, b.unit_count)) AS gap
FROM events a JOIN events b
  ON a.crossing_point = b.crossing_point AND a.substance = b.substance AND a.agency <> b.agency
 AND a.record_id < b.record_id
 AND b.period_start BETWEEN a.period_start - $window AND a.period_start + $window
WHERE (a.mass_kg IS NOT NULL AND b.mass_kg IS NOT NULL
       AND abs(a.mass_kg - b.mass_kg) <= greatest($abs_kg, $rel * greatest(a.mass_kg, b.mass_kg)))
   OR (a.mass_kg IS NULL AND b.mass_kg IS NULL AND a.count_unit = b.count_unit
       AND abs(a.unit_count - b.unit_count) <= $rel * greatest(a.unit_count, b.unit_count))
ORDER BY days, gap, a, b
"""


@dataclass(frozen=True)
class DedupRule:
    """Thresholds of the cross-agency merge."""

    window_days: int = 3
    rel_tolerance: float = 0.05
    abs_tolerance_kg: float = 0.005


def assign_seizures(records: pl.DataFrame, rule: DedupRule | None = None) -> pl.DataFrame:
    """record_id → seizure_id, is_primary and why it merged (null for records that stand alone)."""
    rule = rule or DedupRule()
    events = records.filter(
        (pl.col("n_events") == 1) & (pl.col("period_start") == pl.col("period_end"))
        & pl.col("crossing_point").is_not_null() & pl.col("substance").is_not_null()
        & (pl.col("substance") != "unmapped") & (pl.col("mass_kg").is_not_null() | pl.col("unit_count").is_not_null()))
    with duckdb.connect() as con:
        con.register("events", events.to_arrow())
        pairs = con.execute(CANDIDATES, {"window": rule.window_days, "abs_kg": rule.abs_tolerance_kg,
                                         "rel": rule.rel_tolerance}).fetchall()
    parent: dict[str, str] = {}
    agencies: dict[str, set[str]] = {}

    def root(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for a, b, agency_a, agency_b, _days, _gap in pairs:  # few candidate pairs: greedy acceptance in Python
        ra, rb = root(a), root(b)
        in_a, in_b = agencies.get(ra, {agency_a}), agencies.get(rb, {agency_b})
        if ra == rb or in_a & in_b:
            continue
        keep, drop = min(ra, rb), max(ra, rb)
        parent[drop] = keep
        agencies[keep] = in_a | in_b
    mapping = pl.DataFrame({"record_id": list(parent), "seizure_id": [root(x) for x in parent]},
                           schema={"record_id": pl.String, "seizure_id": pl.String})
    return records.select("record_id").join(mapping, on="record_id", how="left", maintain_order="left").with_columns(
        seizure_id=pl.coalesce("seizure_id", "record_id"),
        is_primary=pl.col("seizure_id").is_null(),
        merge_reason=pl.when(pl.col("seizure_id").is_not_null()).then(
            pl.lit(f"same seizure reported by another agency (±{rule.window_days} days, quantity within tolerance)")),
    )
