"""What the dashboards and packs read from a published snapshot."""

from __future__ import annotations

import duckdb
import polars as pl


def data_label(con: duckdb.DuckDBPyConnection) -> tuple[str, str]:
    """('synthetic demo data' or 'agency data', build date) of this snapshot."""
    info = dict(con.execute("SELECT key, value FROM warehouse_info").fetchall())
    return info.get("data_label", "agency data"), info.get("built_at", "")[:10]


def effects(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Per-crossing before/after estimates."""
    return con.sql("SELECT * FROM blo_effects ORDER BY crossing_point").pl()


def crossing_points(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Crossing points that have data, with position, BLO date and estimate."""
    return con.sql("""
        SELECT c.crossing_point, c.country_iso3, c.neighbour_iso3, c.mode, c.lat, c.lon, c.blo_established,
               e.rate_ratio, e.lower, e.upper, e.status, e.sentence, e.pre_mean_events, e.post_mean_events
        FROM crossing_points c LEFT JOIN blo_effects e USING (crossing_point)
        WHERE c.crossing_point IN (SELECT DISTINCT crossing_point FROM monthly_series)
        ORDER BY c.crossing_point""").pl()


def series(con: duckdb.DuckDBPyConnection, crossing: str) -> pl.DataFrame:
    """Monthly events and kg per substance group (and 'All') at one crossing point."""
    return con.sql("SELECT month, substance_group, events, mass_kg, reported FROM monthly_series"
                       " WHERE crossing_point = ? ORDER BY substance_group, month", params=[crossing]).pl()


def mix(monthly: pl.DataFrame, opened) -> pl.DataFrame:
    """Share of events per substance group before and after the BLO opened."""
    if opened is None:
        return pl.DataFrame(schema={"period": pl.String, "substance_group": pl.String, "share": pl.Float64})
    parts = monthly.filter(pl.col("substance_group") != "All").with_columns(
        period=pl.when(pl.col("month") < opened).then(pl.lit("before")).otherwise(pl.lit("after")))
    totals = parts.group_by("period", "substance_group").agg(pl.col("events").sum())
    return totals.with_columns(share=100 * pl.col("events") / pl.col("events").sum().over("period")).sort(
        "period", "substance_group", descending=[True, False])


def event_study(con: duckdb.DuckDBPyConnection, control: str = "never-treated") -> pl.DataFrame:
    """Region-wide event-study coefficients."""
    return con.sql("SELECT event_time, att, lower, upper FROM did_event_study WHERE control = ?"
                       " ORDER BY event_time", params=[control]).pl()


def did_summary(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Region-wide ATT per control group."""
    return con.sql("SELECT * FROM did_summary").pl()
