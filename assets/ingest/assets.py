"""Ingest stage: landed agency exports become typed source records, quarantined rows and skipped rows."""


import dagster as dg
from dagster_duckdb import DuckDBResource

from assets.ingest.landing import ingest_landing
from assets.resources import HomeResource
from warehouse.ledger import accounting

ACCOUNTING = "every_row_accounted_for"


@dg.asset(
    group_name="ingest", kinds={"duckdb"},
    check_specs=[dg.AssetCheckSpec(ACCOUNTING, asset="source_records", blocking=True,
                                   description="Every input row is loaded, quarantined or skipped, and counted; "
                                               "no record is loaded twice.")],
)
def source_records(context: dg.AssetExecutionContext, duckdb: DuckDBResource, home: HomeResource
                   ) -> dg.MaterializeResult:
    """Agency export rows as typed records, each traceable to its file and row."""
    with duckdb.get_connection() as con:
        outcomes = [o for o in ingest_landing(con, home.home) if not o.unchanged]
        if outcomes:  # one event for all files: an event per file costs 3 ms each in the run's event log
            context.log.info("\n".join(outcome.summary() for outcome in outcomes))
        for outcome in (o for o in outcomes if o.trace):
            context.log.warning(f"{outcome.summary()}\n{outcome.trace}")
        rows = accounting(con)
    refused = [o.summary() for o in outcomes if o.status == "refused"]
    return dg.MaterializeResult(
        metadata={"files": rows.files, "rows_read": rows.read, "rows_loaded": rows.loaded,
                  "rows_quarantined": rows.quarantined, "rows_skipped": rows.skipped, "new_files": len(outcomes),
                  "refused_files": dg.MetadataValue.md("\n".join(f"- {u}" for u in refused) or "none")},
        check_results=[dg.AssetCheckResult(
            check_name=ACCOUNTING, passed=not rows.unbalanced and not rows.repeated,
            metadata={"unbalanced_files": dg.MetadataValue.json([list(u) for u in rows.unbalanced]),
                      "repeated_record_ids": rows.repeated})],
    )
