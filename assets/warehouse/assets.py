"""Warehouse stage: reference tables, the monthly series, and the snapshots analysts query: the data as soon as it is
normalised, then again with the estimates computed from it."""


import dagster as dg
from dagster_duckdb import DuckDBResource

from assets.resources import HomeResource
from assets.warehouse.reference import crossing_points_table, registry_for, substances_table
from assets.warehouse.series import build_monthly_series
from warehouse.access import publish, snapshot_name
from warehouse.store import (
    carry_estimates,
    create_views,
    ensure_schema,
    estimates_current,
    now,
    replace_table,
    set_info,
)

SYNTHETIC_LABEL = "synthetic demo data"


@dg.asset(group_name="warehouse", kinds={"duckdb"})
def reference_tables(duckdb: DuckDBResource, home: HomeResource) -> dg.MaterializeResult:
    """Crossing points with BLO opening dates, and the substance taxonomy, each row with its source."""
    registry = registry_for(home.home.reference_overrides)
    with duckdb.get_connection() as con:
        ensure_schema(con)
        points = replace_table(con, "crossing_points", crossing_points_table(registry))
        substances = replace_table(con, "substances", substances_table())
    return dg.MaterializeResult(metadata={"crossing_points": points, "substances": substances,
                                          "blo_dates": registry.drop_nulls("blo_established").height})


@dg.asset(
    group_name="warehouse", kinds={"duckdb"}, deps=["seizure_sources", "reference_tables"],
    check_specs=[dg.AssetCheckSpec("every_crossing_has_months", asset="monthly_series",
                                   description="Every crossing point with seizures has a full run of months.")],
)
def monthly_series(duckdb: DuckDBResource) -> dg.MaterializeResult:
    """Events, kg and kg-equivalent per crossing point, month and substance group; each month's coverage by the
    agencies reporting there (full, partial or none), and only fully reported months counted as reported."""
    with duckdb.get_connection() as con:
        ensure_schema(con)  # a home built before files stated their months gains the columns
        rows = build_monthly_series(con)
        gaps = con.execute("""
            SELECT count(*) FROM (SELECT crossing_point, count(DISTINCT month) AS n FROM core.monthly_series
                                  WHERE substance_group = 'All' GROUP BY ALL)
            WHERE n < (SELECT count(DISTINCT month) FROM core.monthly_series)""").fetchall()[0][0]
        partial, unreported = con.execute(
            "SELECT count(*) FILTER (WHERE coverage = 'partial'), count(*) FILTER (WHERE NOT reported) "
            "FROM core.monthly_series WHERE substance_group = 'All'").fetchall()[0]
    return dg.MaterializeResult(
        metadata={"rows": rows, "unreported_crossing_months": unreported, "partial_crossing_months": partial},
        check_results=[dg.AssetCheckResult(check_name="every_crossing_has_months", passed=gaps == 0,
                                           metadata={"crossings_with_gaps": gaps})])


@dg.asset(group_name="warehouse", kinds={"duckdb"}, deps=["seizure_sources", "reference_tables", "monthly_series"])
def published_data(duckdb: DuckDBResource, home: HomeResource) -> dg.MaterializeResult:
    """New records queryable without waiting for the models: a read-only snapshot of the data, published once every
    input row is accounted for (the one blocking check). It carries the estimates of the last build, saying so in
    warehouse_info, or none on a first build; `published_estimates` republishes when the models are done."""
    demo = home.home.is_demo
    name = snapshot_name()
    with duckdb.get_connection() as con:
        create_views(con)
        set_info(con, synthetic=str(demo).lower(), built_at=now(), snapshot=name, data_snapshot=name,
                 data_label=SYNTHETIC_LABEL if demo else "agency data")
        estimates = carry_estimates(con)
        counts = con.execute("SELECT count(*), coalesce(sum(n_events), 0) FROM seizures").fetchall()[0]
        con.execute("CHECKPOINT")
    snapshot = publish(home.home, name)
    return dg.MaterializeResult(metadata={"snapshot": str(snapshot), "seizures": counts[0], "events": counts[1],
                                          "estimates": estimates, "synthetic": demo})


@dg.asset(group_name="warehouse", kinds={"duckdb"}, deps=["published_data", "blo_effects", "region_did"])
def published_estimates(duckdb: DuckDBResource, home: HomeResource) -> dg.MaterializeResult:
    """The warehouse republished with estimates computed from its data: the snapshot dashboards and packs read."""
    name = snapshot_name()
    with duckdb.get_connection() as con:
        create_views(con)
        estimates_current(con, name)
        data = con.execute("SELECT any_value(value) FROM warehouse_info WHERE key = 'data_snapshot'").fetchone()[0]
        con.execute("CHECKPOINT")
    snapshot = publish(home.home, name)
    return dg.MaterializeResult(metadata={"snapshot": str(snapshot), "data_first_published_in": data})
