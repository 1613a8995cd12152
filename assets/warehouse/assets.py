"""Warehouse stage: reference tables, the monthly series, and the published snapshot analysts query."""


import dagster as dg
from dagster_duckdb import DuckDBResource

from assets.resources import HomeResource
from assets.warehouse.reference import crossing_points_table, registry_for, substances_table
from assets.warehouse.series import build_monthly_series
from warehouse.access import publish, snapshot_name
from warehouse.store import create_views, ensure_schema, now, replace_table, set_info

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


@dg.asset(group_name="warehouse", kinds={"duckdb"},
          deps=["seizure_sources", "reference_tables", "monthly_series", "blo_effects", "region_did"])
def published_warehouse(duckdb: DuckDBResource, home: HomeResource) -> dg.MaterializeResult:
    """A new read-only snapshot of the warehouse for analysts, dashboards and packs. It is published once the steps
    before it succeed and every input row is accounted for (the one blocking check); the other checks warn."""
    demo = home.home.is_demo
    name = snapshot_name()
    with duckdb.get_connection() as con:
        create_views(con)
        set_info(con, synthetic=str(demo).lower(), built_at=now(), snapshot=name,
                 data_label=SYNTHETIC_LABEL if demo else "agency data")
        counts = con.execute("SELECT count(*), coalesce(sum(n_events), 0) FROM seizures").fetchall()[0]
        con.execute("CHECKPOINT")
    snapshot = publish(home.home, name)
    return dg.MaterializeResult(metadata={"snapshot": str(snapshot), "seizures": counts[0],
                                          "events": counts[1], "synthetic": demo})
