"""What the dashboards and packs read from a published snapshot of the warehouse."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import polars as pl

SYNTHETIC = "synthetic demo data"


@dataclass(frozen=True)
class Provenance:
    """Where every chart's numbers come from: the snapshot, when it was built, and whether it is synthetic."""

    synthetic: bool
    label: str
    built: str
    snapshot: str


def provenance(con: duckdb.DuckDBPyConnection) -> Provenance:
    """The snapshot's own description of itself (warehouse_info)."""
    info = dict(con.execute("SELECT key, value FROM warehouse_info").fetchall())
    synthetic = info.get("synthetic", "false").lower() == "true"
    return Provenance(synthetic=synthetic, label=info.get("data_label") or (SYNTHETIC if synthetic else "agency data"),
                      built=(info.get("built_at") or "")[:10], snapshot=info.get("snapshot") or "")


def effects(con: duckdb.DuckDBPyConnection) -> dict[str, dict]:
    """Per-crossing before/after estimates, keyed by crossing point."""
    rows = con.sql("SELECT * FROM blo_effects ORDER BY crossing_point").pl().iter_rows(named=True)
    return {row["crossing_point"]: row for row in rows}


def crossing_points(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Crossing points that have data, with position, BLO date and estimate."""
    return con.sql("""
        SELECT c.crossing_point, c.name_ru, c.country_iso3, c.neighbour_iso3, c.mode, c.lat, c.lon,
               c.blo_established, e.rate_ratio, e.lower, e.upper, e.p_holm, e.p_bh, e.status, e.sentence,
               e.pre_mean_events, e.post_mean_events, e.pre_mean_kg, e.post_mean_kg
        FROM crossing_points c LEFT JOIN blo_effects e USING (crossing_point)
        WHERE c.crossing_point IN (SELECT DISTINCT crossing_point FROM monthly_series)
        ORDER BY c.crossing_point""").pl()


def all_series(con: duckdb.DuckDBPyConnection, until: dt.date | None = None) -> dict[str, pl.DataFrame]:
    """Monthly events and kg per substance group (and 'All'), one frame per crossing point, read in one query."""
    frame = con.sql("SELECT crossing_point, month, substance_group, events, mass_kg, reported FROM monthly_series"
                    " WHERE month <= coalesce(?::DATE, month) ORDER BY crossing_point, substance_group, month",
                    params=[until]).pl()
    return {key[0]: part.drop("crossing_point") for key, part in frame.partition_by("crossing_point",
                                                                                    as_dict=True).items()}


def observed(series: pl.DataFrame) -> pl.DataFrame:
    """Null events and kg in months no agency reported: missing, not zero."""
    return series.with_columns(pl.when(pl.col("reported")).then(pl.col(c)).otherwise(None).alias(c)
                               for c in ("events", "mass_kg"))


def mix(monthly: pl.DataFrame, effect: dict | None) -> pl.DataFrame:
    """Share of events per substance group in the evaluation windows before and after the BLO opened
    (reported months only)."""
    schema = {"period": pl.String, "substance_group": pl.String, "events": pl.Int64, "share": pl.Float64}
    if not effect:
        return pl.DataFrame(schema=schema)
    parts = monthly.filter(pl.col("substance_group") != "All", pl.col("reported"),
                           pl.col("month").is_between(effect["window_start"], effect["window_end"])).with_columns(
        period=pl.when(pl.col("month") < effect["blo_established"]).then(pl.lit("before")).otherwise(pl.lit("after")))
    totals = parts.group_by("period", "substance_group").agg(pl.col("events").sum().cast(pl.Int64))
    shares = totals.with_columns(share=100 * pl.col("events") / pl.col("events").sum().over("period"))
    return shares.fill_nan(0.0).sort("period", "substance_group", descending=[True, False]).select(list(schema))


def pre_band(series: pl.DataFrame, effect: dict) -> dict | None:
    """Pre-BLO monthly mean of events and the 95 % range of a month's count around it (normal approximation)."""
    pre = series.filter(pl.col("reported"), pl.col("month") >= effect["window_start"],
                        pl.col("month") < effect["blo_established"])
    if pre.height < 3:
        return None
    mean, sd = pre.get_column("events").mean(), pre.get_column("events").std()
    return {"mean": mean, "lower": max(mean - 1.96 * sd, 0.0), "upper": mean + 1.96 * sd, "months": pre.height}


def event_study(con: duckdb.DuckDBPyConnection, control: str = "never-treated") -> pl.DataFrame:
    """Region-wide event-study coefficients for one control group."""
    return con.sql("SELECT event_time, att, lower, upper FROM did_event_study WHERE control = ?"
                   " ORDER BY event_time", params=[control]).pl()


def did_summary(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Region-wide ATT per control group."""
    return con.sql("SELECT * FROM did_summary ORDER BY control").pl().to_dicts()
