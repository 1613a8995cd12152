"""Normalise stage: canonical substances and crossing points, kg-equivalents, cross-agency duplicates merged."""


import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from assets.normalise.crossings import review_queue as crossing_review
from assets.normalise.seizures import normalise_records
from assets.normalise.substances import review_queue as substance_review
from pipelines.resources import HomeResource
from warehouse.store import replace_table

MAX_UNMAPPED_SHARE = 0.01
MAX_MERGE_RATE = 0.25


@dg.asset(
    group_name="normalise", kinds={"duckdb", "polars"}, deps=["source_records"],
    check_specs=[
        dg.AssetCheckSpec("unmapped_substances_below_1pct", asset="seizure_sources",
                          description="Share of records whose substance stays unmapped."),
        dg.AssetCheckSpec("unplaced_crossings_below_1pct", asset="seizure_sources",
                          description="Share of records naming a crossing point the gazetteer can't place."),
        dg.AssetCheckSpec("merge_rate_plausible", asset="seizure_sources",
                          description="Share of records merged into another agency's report of the same seizure."),
    ],
)
def seizure_sources(context: dg.AssetExecutionContext, duckdb: DuckDBResource, home: HomeResource
                    ) -> dg.MaterializeResult:
    """Every source record with its canonical substance, crossing point, quantity and seizure."""
    with duckdb.get_connection() as con:
        records = con.sql("SELECT * FROM core.source_records ORDER BY record_id").pl()
        frame = normalise_records(records)
        replace_table(con, "seizure_sources", frame)
        queue = pl.concat([
            substance_review(frame.select("substance_raw", "substance", "substance_match", "substance_confidence")
                             .unique().rename({"substance_raw": "name_raw", "substance_match": "match_method",
                                               "substance_confidence": "confidence"}))
            .select(pl.lit("substance").alias("kind"), pl.all().cast(pl.String)),
        ], how="diagonal_relaxed")
        replace_table(con, "review_queue", queue)
    queue.write_csv(home.home.review / "substances_to_review.csv")
    n = max(frame.height, 1)
    unmapped = frame.filter(pl.col("substance") == "unmapped").height / n
    named = frame.filter(pl.col("crossing_raw").is_not_null())
    unplaced = named.filter(pl.col("crossing_point").is_null()).height / max(named.height, 1)
    merged = frame.filter(~pl.col("is_primary")).height / n
    crossing_review(frame.select("crossing_raw", "crossing_point", "crossing_match", "crossing_confidence")
                    .unique().rename({"crossing_raw": "name_raw", "crossing_match": "match_method",
                                      "crossing_confidence": "confidence"})
                    ).write_csv(home.home.review / "crossings_to_review.csv")
    context.log.info(f"{frame.height} records, {unmapped:.2%} unmapped substances, {merged:.2%} merged")
    return dg.MaterializeResult(
        metadata={"records": frame.height, "seizures": frame.filter(pl.col("is_primary")).height},
        check_results=[
            dg.AssetCheckResult(check_name="unmapped_substances_below_1pct", passed=unmapped <= MAX_UNMAPPED_SHARE,
                                severity=dg.AssetCheckSeverity.WARN,
                                metadata={"share": unmapped, "threshold": MAX_UNMAPPED_SHARE}),
            dg.AssetCheckResult(check_name="unplaced_crossings_below_1pct", passed=unplaced <= MAX_UNMAPPED_SHARE,
                                severity=dg.AssetCheckSeverity.WARN,
                                metadata={"share": unplaced, "threshold": MAX_UNMAPPED_SHARE}),
            dg.AssetCheckResult(check_name="merge_rate_plausible", passed=merged <= MAX_MERGE_RATE,
                                severity=dg.AssetCheckSeverity.WARN,
                                metadata={"merge_rate": merged, "threshold": MAX_MERGE_RATE}),
        ],
    )
