"""Ingest stage: landed agency exports become typed source records, quarantined rows and skipped rows."""


import dagster as dg
from dagster_duckdb import DuckDBResource

from assets.ingest.landing import ingest_landing
from pipelines.resources import HomeResource

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
        outcomes = [o for o in ingest_landing(con, home.home.landing) if not o.unchanged]
        if outcomes:  # one event for all files: an event per file costs 3 ms each in the run's event log
            context.log.info("\n".join(outcome.summary() for outcome in outcomes))
        for outcome in (o for o in outcomes if o.trace):
            context.log.warning(f"{outcome.summary()}\n{outcome.trace}")
        totals = con.execute("""
            SELECT count(*) AS files, coalesce(sum(rows_read), 0), coalesce(sum(rows_loaded), 0),
                   coalesce(sum(rows_quarantined), 0), coalesce(sum(rows_skipped), 0)
            FROM core.ingested_files WHERE status = 'loaded'""").fetchall()[0]
        unbalanced = con.execute("""
            SELECT f.source_file, f.rows_read,
                   (SELECT count(*) FROM core.source_records r WHERE r.source_file = f.source_file)
                 + (SELECT count(*) FROM core.quarantine q WHERE q.source_file = f.source_file)
                 + (SELECT count(*) FROM core.skipped_rows s WHERE s.source_file = f.source_file) AS accounted
            FROM core.ingested_files f WHERE f.status = 'loaded' AND f.rows_read != accounted""").fetchall()
        repeated = con.execute("SELECT count(*) - count(DISTINCT record_id) FROM core.source_records").fetchall()[0][0]
    refused = [o.summary() for o in outcomes if o.status == "refused"]
    return dg.MaterializeResult(
        metadata={"files": totals[0], "rows_read": totals[1], "rows_loaded": totals[2],
                  "rows_quarantined": totals[3], "rows_skipped": totals[4], "new_files": len(outcomes),
                  "refused_files": dg.MetadataValue.md("\n".join(f"- {u}" for u in refused) or "none")},
        check_results=[dg.AssetCheckResult(
            check_name=ACCOUNTING, passed=not unbalanced and not repeated,
            metadata={"unbalanced_files": dg.MetadataValue.json([list(u) for u in unbalanced]),
                      "repeated_record_ids": repeated})],
    )
